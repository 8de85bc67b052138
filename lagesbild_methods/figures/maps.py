"""Maps people recognise, without the internet: outline, town names, scale bar, no metre axes.

No web tiles. The municipality outline comes from :func:`lagesbild_methods.sources.geo.municipality_area`
(or any rings), towns from :func:`lagesbild_methods.sources.geo.towns` (centralort in bold, other
towns and districts in normal type); optional area labels from the incident register
(``labels=[(name, e, n), ...]``, e.g. :func:`lagesbild_methods.patterns.grid.place_positions`).
A scale bar and a north arrow replace the SWEREF 99 TM metre axes.

Shareable maps (``delbar=True``) never show small counts: incident dots are refused (each dot is a
single incident), grid cells with fewer than ``min_count`` incidents are not drawn, and on a hot
spot map only places with at least ``min_count`` incidents are drawn and numbered. Figures draw
only; every number comes from :mod:`lagesbild_methods.patterns`.
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

from .. import fmt
from ..errors import ParameterError
from ..verdicts import HotSpot
from .style import HEATMAP_CMAP, PALETTE, new_figure, set_alt_text, sv_formatter

MIN_COUNT = 5


def _rings(area=None, boundary=None, kommunkod=None):
    if area is not None:
        return [np.asarray(r, float) for r in getattr(area, "rings", area)]
    if boundary is not None:
        return [np.asarray(r, float) for r in getattr(boundary, "rings", boundary)]
    if kommunkod is not None:
        from ..sources import geo

        try:
            return list(geo.municipality_area(kommunkod).rings)
        except ParameterError:
            return []
    return []


def _towns(kommunkod=None, towns=None) -> list[tuple[str, float, float, str]]:
    """Towns as (name, e, n, kind); ``towns`` may hold tuples (name, e, n[, kind]) or geo.Town objects."""
    if towns is None and kommunkod is not None:
        from ..sources import geo

        towns = geo.towns(kommunkod)
    out = []
    for t in towns or []:
        if hasattr(t, "namn"):
            out.append((t.namn, float(t.e), float(t.n), t.typ))
        else:
            t = tuple(t)
            out.append((str(t[0]), float(t[1]), float(t[2]), t[3] if len(t) > 3 else "tätort"))
    return out


def nice_length(width_m: float) -> float:
    """A round scale-bar length (1, 2 or 5 x 10^k m) close to a fifth of the map width."""
    target = max(width_m / 5, 1.0)
    k = 10 ** math.floor(math.log10(target))
    return max((m * k for m in (1, 2, 5, 10) if m * k <= target), default=k)


def _length_text(m: float) -> str:
    return f"{fmt.num(m / 1000, 0 if m >= 1000 and (m / 1000).is_integer() else 1)} km" if m >= 1000 \
        else f"{fmt.integer(m)} m"


def _decorate(ax, rings, towns, title, labels=None, extent=None):
    """Outline, towns, area labels, scale bar, north arrow; metre axes hidden."""
    for ring in rings:
        ax.plot(ring[:, 0], ring[:, 1], color="#333333", lw=1.1, zorder=4)
    width = (extent[2] - extent[0]) if extent is not None else 10_000
    for name, e, n, kind in towns:
        if kind == "stadsdel" and width > 25_000:  # districts only on town-scale maps
            continue
        main = kind == "centralort"
        ax.plot(e, n, marker="s" if main else "o", ms=5 if main else 3.5, color="black", zorder=6)
        ax.annotate(name, (e, n), xytext=(4, 4), textcoords="offset points", fontsize=10 if main else 8,
                    fontweight="bold" if main else "normal", zorder=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
    for name, e, n in labels or []:  # register areas, unless a town label already says it
        if any(name == t[0] or math.hypot(e - t[1], n - t[2]) < 0.05 * width for t in towns):
            continue
        ax.annotate(str(name), (e, n), fontsize=7, style="italic", color="#444444", ha="center", zorder=5)
    if extent is not None:
        x0, y0, x1, y1 = extent
        mx, my = (x1 - x0) * 0.04 + 100, (y1 - y0) * 0.04 + 100
        ax.set_xlim(x0 - mx, x1 + mx)
        ax.set_ylim(y0 - my, y1 + my)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_visible(True)
        sp.set_color("#bbbbbb")
    xl = ax.get_xlim()
    length = nice_length(xl[1] - xl[0])
    ax.add_artist(AnchoredSizeBar(ax.transData, length, _length_text(length), loc="lower left", pad=0.5,
                                  frameon=True, size_vertical=(ax.get_ylim()[1] - ax.get_ylim()[0]) / 150,
                                  fontproperties={"size": 8}))
    ax.annotate("N", xy=(0.96, 0.96), xytext=(0.96, 0.88), xycoords="axes fraction", ha="center", va="center",
                fontsize=10, fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "black"})
    ax.set_title(title)
    return length


def _figure(extent, colorbar: bool = False):
    """A figure whose shape follows the map (tall municipalities get tall figures)."""
    w = 7.0
    if extent is None:
        return new_figure(figsize=(w, w))
    ratio = (extent[3] - extent[1]) / max(extent[2] - extent[0], 1.0)
    return new_figure(figsize=(w + (1.2 if colorbar else 0), min(max(w * ratio, 4.0), 9.5) + 0.6))


def _extent(rings, x=None, y=None):
    if rings:
        allp = np.vstack(rings)
        return allp[:, 0].min(), allp[:, 1].min(), allp[:, 0].max(), allp[:, 1].max()
    if x is not None and len(x):
        return np.nanmin(x), np.nanmin(y), np.nanmax(x), np.nanmax(y)
    return None


def _alt_tail(rings, towns, length) -> str:
    return ((" Kommungränsen är ritad." if rings else "")
            + (f" Orter: {', '.join(t[0] for t in towns)}." if towns else "")
            + f" Skalstock {_length_text(length)}.")


def incident_map(incidents, *, area=None, boundary=None, kommunkod=None, towns=None, labels=None,
                 title: str = "Händelser", delbar: bool = False):
    """Dots of incidents (``x``, ``y``) with outline, towns and a scale bar. Not for shareable reports.

    ``towns``: list of ``(name, e, n[, kind])`` or :class:`geo.Town`; default the towns of ``kommunkod``.
    With ``delbar=True`` a :class:`ParameterError` is raised: every dot is one incident, so a dot
    map cannot be shared (use :func:`grid_map` with ``delbar=True``).
    """
    if delbar:
        raise ParameterError("En punktkarta visar enskilda händelser och kan inte ingå i en delbar rapport. "
                             "Använd rutkartan, där rutor med få händelser döljs.")
    x = incidents["x"].to_numpy(float)
    y = incidents["y"].to_numpy(float)
    ok = np.isfinite(x) & np.isfinite(y)
    rings = _rings(area, boundary, kommunkod)
    ext = _extent(rings, x[ok], y[ok])
    fig, ax = _figure(ext)
    ax.scatter(x[ok], y[ok], s=8, alpha=0.5, color=PALETTE["kommun"], linewidths=0, zorder=3)
    tw = _towns(kommunkod, towns)
    length = _decorate(ax, rings, tw, title, labels, ext)
    set_alt_text(fig, f"Karta med {fmt.integer(int(ok.sum()))} händelser som punkter." + _alt_tail(rings, tw, length))
    return fig


def grid_map(grid, *, column: str = "antal", area=None, boundary=None, kommunkod=None, towns=None, labels=None,
             title: str | None = None, label: str | None = None, delbar: bool = False, min_count: int = MIN_COUNT):
    """Cells of a grid (``grid_counts``, ``kde_grid``, ``hotspot_gistar``) coloured by ``column``.

    Empty cells (0) are left transparent so the outline and towns stay visible. With
    ``column="klass"`` hot spots are red and cold spots are not drawn. With ``delbar=True`` cells
    holding fewer than ``min_count`` incidents are not drawn at all (counts, density and hot cells).
    """
    a = grid.attrs
    cell, ncol, nrow, x0, y0 = a["cell_size"], a["ncol"], a["nrow"], a["x0"], a["y0"]
    rings = _rings(area, boundary, kommunkod) or _rings(a.get("omrade"))
    ext = _extent(rings) or (x0, y0, x0 + ncol * cell, y0 + nrow * cell)
    fig, ax = _figure(ext, colorbar=column != "klass")
    img = np.full((nrow, ncol), np.nan)
    r, c = grid["rad"].to_numpy(), grid["kol"].to_numpy()
    hidden = np.zeros(len(grid), bool)
    if delbar and "antal" in grid.columns:
        n = grid["antal"].to_numpy(float)
        hidden = (n > 0) & (n < min_count)
    extent = (x0, x0 + ncol * cell, y0, y0 + nrow * cell)
    if column == "klass":
        code = np.where(grid["klass"].to_numpy() == HotSpot.HOT, 1.0, np.nan)
        code[hidden] = np.nan
        img[r, c] = code
        ax.imshow(img, origin="lower", extent=extent, cmap=ListedColormap([PALETTE["hog"]]), vmin=0, vmax=1,
                  interpolation="nearest", zorder=2)
        desc = f"{int(np.nansum(code))} heta rutor markerade"
        title = title or "Heta punkter (Gi*)"
    else:
        v = grid[column].to_numpy(float)
        shown = np.where((v > 0) & ~hidden, v, np.nan)
        img[r, c] = shown
        im = ax.imshow(img, origin="lower", extent=extent, cmap=HEATMAP_CMAP, interpolation="nearest", zorder=2)
        fig.colorbar(im, ax=ax, shrink=0.7, format=sv_formatter(0 if column == "antal" else 1)).set_label(
            label or {"antal": "Antal händelser", "kde": "Händelser per km²", "summa": "Skadevärde"}.get(column, column))
        top = np.nanmax(shown) if np.isfinite(shown).any() else 0
        desc = f"högst {fmt.num(top, 0 if column == 'antal' else 1)} i en ruta"
        title = title or "Händelser per ruta"
    tw = _towns(kommunkod, towns)
    length = _decorate(ax, rings, tw, title, labels, ext)
    note = ""
    if delbar and hidden.any():
        note = f" Rutor med färre än {min_count} händelser visas inte."
        ax.text(0.0, -0.02, note.strip(), fontsize=7, ha="left", va="top", transform=ax.transAxes)
    set_alt_text(fig, f"Rutkarta med rutor om {fmt.integer(cell)} m; {desc}." + note + _alt_tail(rings, tw, length))
    return fig


def hot_places_map(result, places, *, area=None, kommunkod=None, towns=None, labels=None,
                   title: str = "Platser som sticker ut", delbar: bool = False, min_count: int = MIN_COUNT):
    """Hot cells of the listed places (``hotplaces.hot_places``), numbered as in the table.

    ``result`` is the grid from ``hotspot_gistar`` / ``hotspot_relative``; ``places`` carries the
    cells of each place in ``attrs["celler"]``. In a shareable map places with fewer than
    ``min_count`` incidents are left out.
    """
    a = result.attrs
    cell, ncol, nrow, x0, y0 = a["cell_size"], a["ncol"], a["nrow"], a["x0"], a["y0"]
    rings = _rings(area, None, kommunkod) or _rings(a.get("omrade"))
    ext = _extent(rings) or (x0, y0, x0 + ncol * cell, y0 + nrow * cell)
    fig, ax = _figure(ext)
    img = np.full((nrow, ncol), np.nan)
    cells = places.attrs.get("celler", [])
    drawn = []
    for i, (row, cl) in enumerate(zip(places.itertuples(index=False), cells), start=1):
        if delbar and row.antal < min_count:
            continue
        cl = np.asarray(cl, int).reshape(-1, 2)
        img[cl[:, 1], cl[:, 0]] = 1.0
        drawn.append(i)
        ax.annotate(str(i), (row.x, row.y), fontsize=9, fontweight="bold", color="white", ha="center", va="center",
                    zorder=8, bbox={"boxstyle": "circle,pad=0.2", "fc": PALETTE["hog"], "ec": "black", "lw": 0.6})
    ax.imshow(img, origin="lower", extent=(x0, x0 + ncol * cell, y0, y0 + nrow * cell),
              cmap=ListedColormap([PALETTE["hog"]]), vmin=0, vmax=1, alpha=0.55, interpolation="nearest", zorder=2)
    tw = _towns(kommunkod, towns)
    length = _decorate(ax, rings, tw, title, labels, ext)
    ax.legend(handles=[Patch(color=PALETTE["hog"], alpha=0.55, label=f"Het plats (rutor om {fmt.integer(cell)} m)")],
              loc="lower right", fontsize=8)
    set_alt_text(fig, f"Karta med {len(drawn)} numrerade platser som sticker ut, samma nummer som i tabellen."
                 + _alt_tail(rings, tw, length))
    return fig
