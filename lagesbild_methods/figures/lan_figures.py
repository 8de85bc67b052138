"""Figures of the county reports (draw only; values and verdicts come from the steps/stats layers):
a kommun x indicator overview, the status matrix of the kommuner's process, theme counts and a map of
the places raised in dialogues over the county's municipal boundaries.

Phone-legible like the rest of the house style (:mod:`.style`): the grids carry colour only -- the
numbers and words are in the table beside them -- so their text stays large on a narrow screen, and
legends sit under the figure (:func:`.style.legend_below`)."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from .. import fmt
from .style import PALETTE, SEQUENCE, legend_below, new_figure, set_alt_text, sv_formatter

#: verdict code (higher/lower/no_difference/hidden) -> colour
_VERDICT_COLOURS = {"higher": PALETTE["hog"], "lower": PALETTE["lag"], "no_difference": "#E8E8E8",
                    "hidden": "#FFFFFF", "not_assessed": "#F4F4F4"}


def _grid(ax, codes: np.ndarray, colours: list[str], rows, cols, hatch_mask=None):
    ax.imshow(codes, cmap=ListedColormap(colours), vmin=0, vmax=len(colours) - 1, aspect="auto",
              interpolation="nearest")
    n_r, n_c = codes.shape
    if hatch_mask is not None:
        for i, j in zip(*np.nonzero(hatch_mask)):
            ax.add_patch(_hatch(i, j))
    ax.set_xticks(range(n_c))
    ax.set_xticklabels(cols, rotation=60, ha="right")
    ax.set_yticks(range(n_r))
    ax.set_yticklabels(rows)
    ax.set_xticks(np.arange(-.5, n_c, 1), minor=True)
    ax.set_yticks(np.arange(-.5, n_r, 1), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="minor", length=0)


def _title(ax, title: str, rows) -> None:
    """The title, broken over lines so it fits right of the row labels (the house style puts titles at
    the axes' left edge, and a grid's long row labels push that edge far into the figure)."""
    import textwrap

    from .style import MAX_WIDTH_IN, MIN_FONT_PT

    labels_pt = max((len(str(r)) for r in rows), default=0) * 0.62 * MIN_FONT_PT + 12
    room_pt = MAX_WIDTH_IN * 72 * 0.97 - labels_pt
    chars = max(16, int(room_pt // (14 * 0.72)))
    ax.set_title("\n".join(textwrap.wrap(title, chars)))


def _legend(fig, handles):
    """A legend of coloured boxes under the figure (constrained layout keeps it inside the figure)."""
    fig.legend(handles=handles, loc="outside lower left", ncol=1, frameon=False)


def _hatch(i, j):
    from matplotlib.patches import Rectangle

    return Rectangle((j - .5, i - .5), 1, 1, fill=False, hatch="///", edgecolor="#777777", linewidth=0)


def indicator_overview(verdicts: pd.DataFrame, *, title: str, legend: dict[str, str]):
    """Crime types (rows) x kommuner (columns), each cell coloured by its verdict against the county:
    "higher", "lower", "no_difference" or "hidden" (hatched). ``legend``: code -> Swedish label."""
    codes_order = list(_VERDICT_COLOURS)
    v = verdicts.to_numpy()
    codes = np.vectorize(lambda c: codes_order.index(c) if c in codes_order else codes_order.index("not_assessed"))(v)
    n_r, n_c = v.shape
    fig, ax = new_figure(figsize=(6, max(4.5, 0.42 * n_r + 3.2)))
    _grid(ax, codes, [_VERDICT_COLOURS[c] for c in codes_order], verdicts.index, verdicts.columns,
          hatch_mask=(v == "hidden"))
    _title(ax, title, verdicts.index)
    used = [c for c in ("higher", "lower", "no_difference", "hidden") if (v == c).any()]
    _legend(fig, [Patch(facecolor=_VERDICT_COLOURS[c], edgecolor="#999999", hatch="///" if c == "hidden" else None,
                        label=legend[c]) for c in used])
    hi, lo = int((v == "higher").sum()), int((v == "lower").sum())
    set_alt_text(fig, f"Rutnät med {n_r} brottstyper i rader och {n_c} kommuner i kolumner. {hi} rutor är färgade "
                      f"för statistiskt säkerställt högre och {lo} för säkerställt lägre än länets värde; övriga "
                      "skiljer sig inte säkerställt. Värdena står i tabellen ovanför.")
    return fig


_STATUS_COLOURS = ["#F4F4F4", "#F0E442", "#56B4E9", "#009E73", "#D55E00"]


def status_matrix(levels: pd.DataFrame, *, title: str, level_names: list[str]):
    """Kommuner (rows) x steps (columns) coloured by level (0 = not started ... 3 = done, 4 = the workbook
    cannot be read); the words and dates are in the table beside it."""
    n_r, n_c = levels.shape
    fig, ax = new_figure(figsize=(6, max(4.5, 0.42 * n_r + 3.4)))
    _grid(ax, levels.to_numpy(dtype=float), _STATUS_COLOURS, levels.index, levels.columns)
    _title(ax, title, levels.index)
    present = sorted({int(x) for x in levels.to_numpy().ravel()})
    _legend(fig, [Patch(facecolor=_STATUS_COLOURS[k], edgecolor="#999999", label=level_names[k]) for k in present])
    done = int((levels.to_numpy() == 3).sum())
    none = int((levels.to_numpy() == 0).sum())
    set_alt_text(fig, f"Statusmatris med {n_r} kommuner i rader och {n_c} steg i kolumner. {done} av "
                      f"{n_r * n_c} rutor visar klart och {none} ej påbörjat; orden och datumen står i tabellen.")
    return fig


def theme_bars(counts: pd.Series, *, title: str, xlabel: str = "Antal"):
    """Horizontal bars of counts per theme (largest on top)."""
    c = counts.sort_values()
    fig, ax = new_figure(figsize=(6, max(3, 0.45 * len(c) + 1.6)))
    ax.barh(range(len(c)), c.to_numpy(), color=PALETTE["kommun"])
    ax.set_yticks(range(len(c)))
    ax.set_yticklabels(c.index)
    ax.xaxis.set_major_formatter(sv_formatter(0))
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    for i, v in enumerate(c.to_numpy()):
        ax.text(v, i, " " + fmt.integer(v), va="center")
    ax.set_xlim(0, max(c.max() * 1.2, 1) if len(c) else 1)
    top = c.index[-1] if len(c) else "–"
    set_alt_text(fig, f"Liggande stapeldiagram med {len(c)} teman. Vanligast: {top} ({fmt.integer(c.iloc[-1])})."
                 if len(c) else "Tomt stapeldiagram.")
    return fig


def places_by_theme(places: pd.DataFrame, *, rings: list, towns: list, title: str):
    """Places where dialogue notes were raised (``x``, ``y`` mean position, ``antal`` notes, ``tema`` the
    most common theme): a marker per place, sized by the number of notes and coloured by theme, over the
    municipal outlines with towns, scale bar and north arrow (:mod:`.maps`). One marker is a place, never
    a single note: the steps layer passes only places raised often enough to be shown."""
    from .maps import _decorate, _extent, _figure, _towns

    rings = [np.asarray(r, float) for r in rings]
    ext = _extent(rings, places["x"].to_numpy(float), places["y"].to_numpy(float))
    fig, ax = _figure(ext)
    values = list(dict.fromkeys(places["tema"]))
    for i, v in enumerate(values):
        sub = places[places["tema"] == v]
        ax.scatter(sub["x"], sub["y"], s=30 + 20 * sub["antal"].to_numpy(float), color=SEQUENCE[i % len(SEQUENCE)],
                   edgecolor="black", linewidth=0.4, alpha=0.85, zorder=5, label=v,
                   marker="osD^v<>p"[i // len(SEQUENCE) % 8])
    tw = _towns(towns=towns)
    length = _decorate(ax, rings, tw, title, None, ext)
    legend_below(ax, ncol=1)
    set_alt_text(fig, f"Karta över länets kommuner med {fmt.integer(len(places))} platser där synpunkter togs upp "
                      f"i medborgardialoger och trygghetsvandringar; punktens storlek visar antalet synpunkter och "
                      f"färgen det vanligaste temat ({len(values)} teman). Skalstock "
                      f"{fmt.num(length / 1000, 0)} km.")
    return fig
