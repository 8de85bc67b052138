"""Maps without the internet: incidents and grids drawn from SWEREF 99 TM coordinates.

No web tiles. The municipality outline is drawn from rings made by
:func:`lagesbild_methods.patterns.boundary.boundary_rings`; towns are labelled from the registry
(``Region.centralort``). Figures draw only; statistics come from :mod:`lagesbild_methods.patterns`.
"""
from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap

from .. import fmt
from ..verdicts import HotSpot
from .style import HEATMAP_CMAP, PALETTE, new_figure, set_alt_text, sv_formatter


def _towns(kommunkod=None, towns=None):
    if towns is not None:
        return list(towns)
    if kommunkod is None:
        return []
    from .. import registry

    reg = registry.get(kommunkod)
    return [(reg.centralort.name, reg.centralort.e, reg.centralort.n)] if reg.centralort else []


def _decorate(ax, rings, towns, title):
    for ring in rings or []:
        ring = np.asarray(ring)
        ax.plot(ring[:, 0], ring[:, 1], color="#333333", lw=1)
    for name, e, n in towns:
        ax.plot(e, n, marker="s", ms=4, color="black")
        ax.annotate(name, (e, n), xytext=(4, 4), textcoords="offset points", fontsize=9,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.7})
    ax.set_aspect("equal")
    ax.grid(False)
    ax.xaxis.set_major_formatter(sv_formatter(0))
    ax.yaxis.set_major_formatter(sv_formatter(0))
    ax.tick_params(labelsize=7)
    ax.set_xlabel("Öst (m, SWEREF 99 TM)")
    ax.set_ylabel("Nord (m, SWEREF 99 TM)")
    ax.set_title(title)


def incident_map(incidents, *, boundary=None, kommunkod=None, towns=None, title: str = "Händelser"):
    """Dots of incidents (``x``, ``y``) with optional outline rings and town labels.

    ``towns``: list of ``(name, e, n)``; default the centralort of ``kommunkod`` from the registry.
    """
    fig, ax = new_figure(figsize=(7, 7))
    x = incidents["x"].to_numpy(float)
    y = incidents["y"].to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    ax.scatter(x[ok], y[ok], s=8, alpha=0.5, color=PALETTE["kommun"], linewidths=0)
    tw = _towns(kommunkod, towns)
    _decorate(ax, boundary, tw, title)
    set_alt_text(fig, f"Karta med {fmt.integer(int(ok.sum()))} händelser som punkter"
                      + (" och kommungränsen" if boundary else "")
                      + (f"; orter: {', '.join(t[0] for t in tw)}." if tw else "."))
    return fig


def grid_map(grid, *, column: str = "antal", boundary=None, kommunkod=None, towns=None, title: str | None = None,
             label: str | None = None):
    """Cells of a grid (``grid_counts``, ``kde_grid``, ``hotspot_gistar``) coloured by ``column``.

    Empty cells (0) are left transparent so the outline and towns stay visible. With
    ``column="klass"`` hot spots are red, cold spots light blue.
    """
    a = grid.attrs
    cell, ncol, nrow, x0, y0 = a["cell_size"], a["ncol"], a["nrow"], a["x0"], a["y0"]
    fig, ax = new_figure(figsize=(7, 7))
    img = np.full((nrow, ncol), np.nan)
    r, c = grid["rad"].to_numpy(), grid["kol"].to_numpy()
    extent = (x0, x0 + ncol * cell, y0, y0 + nrow * cell)
    if column == "klass":
        code = grid["klass"].map({HotSpot.HOT: 2.0, HotSpot.COLD: 1.0}).to_numpy(float)
        img[r, c] = code
        ax.imshow(img, origin="lower", extent=extent, cmap=ListedColormap([PALETTE["lag"], PALETTE["hog"]]),
                  vmin=1, vmax=2, interpolation="nearest")
        desc = (f"{int((code == 2).sum())} heta och {int((code == 1).sum())} kalla rutor markerade")
        title = title or "Heta punkter (Gi*)"
    else:
        v = grid[column].to_numpy(float)
        img[r, c] = np.where(v > 0, v, np.nan)
        im = ax.imshow(img, origin="lower", extent=extent, cmap=HEATMAP_CMAP, interpolation="nearest")
        fig.colorbar(im, ax=ax, shrink=0.7, format=sv_formatter(0 if column == "antal" else 1)).set_label(
            label or {"antal": "Antal händelser", "kde": "Händelser per km²", "summa": "Skadevärde"}.get(column, column))
        desc = f"högst {fmt.num(np.nanmax(v) if v.size else 0, 0 if column == 'antal' else 1)} i en ruta"
        title = title or "Händelser per ruta"
    tw = _towns(kommunkod, towns)
    _decorate(ax, boundary, tw, title)
    set_alt_text(fig, f"Rutkarta med rutor om {fmt.integer(cell)} m; {desc}"
                      + ("; kommungränsen ritad" if boundary else "")
                      + (f"; orter: {', '.join(t[0] for t in tw)}." if tw else "."))
    return fig
