"""Figures of the county reports (draw only; values and verdicts come from the steps/stats layers):
a kommun x indicator overview, the status matrix of the kommuner's process, theme counts and a map of
points raised in dialogues over the county's municipal boundaries."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import ListedColormap

from .. import fmt
from .style import PALETTE, SEQUENCE, new_figure, set_alt_text, sv_formatter

#: verdict code (higher/lower/no_difference/hidden) -> colour
_VERDICT_COLOURS = {"higher": PALETTE["hog"], "lower": PALETTE["lag"], "no_difference": "#E8E8E8",
                    "hidden": "#FFFFFF", "not_assessed": "#F4F4F4"}


def indicator_overview(values: pd.DataFrame, verdicts: pd.DataFrame, *, title: str, legend: dict[str, str]):
    """Kommuner (rows) x indicators (columns): each cell shows the value as text, coloured by its verdict.

    ``values``: display strings (".." where hidden); ``verdicts``: codes "higher", "lower",
    "no_difference", "not_assessed" or "hidden", same shape. ``legend``: code -> Swedish label.
    """
    n_r, n_c = values.shape
    fig, ax = new_figure(figsize=(max(7, 1.0 * n_c + 3), max(3, 0.42 * n_r + 1.6)))
    codes = list(_VERDICT_COLOURS)
    grid = np.vectorize(lambda v: codes.index(v) if v in codes else codes.index("not_assessed"))(verdicts.to_numpy())
    ax.imshow(grid, cmap=ListedColormap([_VERDICT_COLOURS[c] for c in codes]), vmin=0, vmax=len(codes) - 1,
              aspect="auto")
    for i in range(n_r):
        for j in range(n_c):
            ax.text(j, i, values.iat[i, j], ha="center", va="center", fontsize=7.5)
    ax.set_xticks(range(n_c))
    ax.set_xticklabels(values.columns, rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(n_r))
    ax.set_yticklabels(values.index, fontsize=9)
    ax.grid(False)
    ax.set_title(title)
    from matplotlib.patches import Patch

    used = [c for c in ("higher", "lower", "no_difference", "hidden") if (verdicts.to_numpy() == c).any()]
    ax.legend(handles=[Patch(facecolor=_VERDICT_COLOURS[c], edgecolor="#999999", label=legend[c]) for c in used],
              loc="upper center", bbox_to_anchor=(0.5, -0.22 - 0.02 * max(0, 12 - n_r)), ncol=len(used), fontsize=8)
    hi = int((verdicts.to_numpy() == "higher").sum())
    lo = int((verdicts.to_numpy() == "lower").sum())
    set_alt_text(fig, f"Rutnät med {n_r} kommuner i rader och {n_c} indikatorer i kolumner. Varje ruta visar "
                      f"värdet per 100 000 invånare; {hi} rutor är färgade för säkerställt högre och {lo} för "
                      "säkerställt lägre än länets värde.")
    return fig


_STATUS_COLOURS = ["#F4F4F4", "#F0E442", "#56B4E9", "#009E73", "#D55E00"]


def status_matrix(labels: pd.DataFrame, levels: pd.DataFrame, *, title: str, level_names: list[str]):
    """Kommuner (rows) x steps (columns): the short status word in each cell, coloured by its level
    (0 = not started ... 3 = done, 4 = problem)."""
    n_r, n_c = labels.shape
    fig, ax = new_figure(figsize=(max(7, 1.6 * n_c + 2.5), max(3, 0.45 * n_r + 1.8)))
    ax.imshow(levels.to_numpy(dtype=float), cmap=ListedColormap(_STATUS_COLOURS), vmin=0, vmax=4, aspect="auto")
    for i in range(n_r):
        for j in range(n_c):
            ax.text(j, i, labels.iat[i, j], ha="center", va="center", fontsize=8)
    ax.set_xticks(range(n_c))
    ax.set_xticklabels(labels.columns, fontsize=9, rotation=15, ha="right")
    ax.set_yticks(range(n_r))
    ax.set_yticklabels(labels.index, fontsize=9)
    ax.grid(False)
    ax.set_title(title)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(facecolor=c, edgecolor="#999999", label=n) for c, n in zip(_STATUS_COLOURS, level_names)],
              loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(level_names), fontsize=8)
    done = int((levels.to_numpy() == 3).sum())
    none = int((levels.to_numpy() == 0).sum())
    set_alt_text(fig, f"Statusmatris med {n_r} kommuner i rader och {n_c} steg i kolumner. {done} av "
                      f"{n_r * n_c} rutor visar klart och {none} ej påbörjat.")
    return fig


def theme_bars(counts: pd.Series, *, title: str, xlabel: str = "Antal"):
    """Horizontal bars of counts per theme (largest on top)."""
    c = counts.sort_values()
    fig, ax = new_figure(figsize=(8, max(2.5, 0.4 * len(c) + 1.2)))
    ax.barh(range(len(c)), c.to_numpy(), color=PALETTE["kommun"])
    ax.set_yticks(range(len(c)))
    ax.set_yticklabels(c.index)
    ax.xaxis.set_major_formatter(sv_formatter(0))
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    for i, v in enumerate(c.to_numpy()):
        ax.text(v, i, " " + fmt.integer(v), va="center", fontsize=8)
    top = c.index[-1] if len(c) else "–"
    set_alt_text(fig, f"Liggande stapeldiagram med {len(c)} teman. Vanligast: {top} ({fmt.integer(c.iloc[-1])})."
                 if len(c) else "Tomt stapeldiagram.")
    return fig


def points_by_theme(points: pd.DataFrame, *, rings: list, towns: list, title: str, column: str = "tema"):
    """Points (``x``, ``y`` in SWEREF 99 TM) coloured by ``column`` over municipal outlines (``rings``)
    with town labels (``(name, e, n)``)."""
    fig, ax = new_figure(figsize=(7.5, 7.5))
    for ring in rings:
        r = np.asarray(ring)
        ax.plot(r[:, 0], r[:, 1], color="#555555", lw=0.8)
    values = list(dict.fromkeys(points[column]))
    for i, v in enumerate(values):
        sub = points[points[column] == v]
        ax.scatter(sub["x"], sub["y"], s=22, color=SEQUENCE[i % len(SEQUENCE)], edgecolor="black", linewidth=0.3,
                   label=f"{v} ({fmt.integer(len(sub))})", zorder=3,
                   marker="osD^v<>p"[i // len(SEQUENCE) % 8])
    for name, e, n in towns:
        ax.annotate(name, (e, n), xytext=(3, 3), textcoords="offset points", fontsize=7,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.6})
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    set_alt_text(fig, f"Karta över länets kommuner med {fmt.integer(len(points))} punkter från medborgardialoger "
                      f"och trygghetsvandringar, färgade efter tema ({len(values)} teman). Kommungränserna är "
                      "förenklade.")
    return fig
