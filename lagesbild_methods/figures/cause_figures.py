"""Figures for the cause analysis (step 2): the problem triangle, the fishbone and the event chain, drawn
from the workbook's *Orsaker* sheet. House style (Swedish labels, Okabe-Ito colours, alt text on every
figure). They draw what the steps hand them -- a frame of causes with ``id``, ``orsak`` (short text),
``perspektiv``, ``fiskben``, ``handelsekedja``, ``underlag`` -- and compute nothing.

Each cause is written as "O3 Mörk gångtunnel …" and coloured by what it rests on (data, research, local
knowledge, assumption), so a reader sees at a glance which causes are guesses.
"""
from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from ..workbook.schema import LISTS
from .style import PALETTE, new_figure, set_alt_text

#: Colour and font style per basis of a cause; assumptions are grey and italic.
UNDERLAG_STYLE = {
    "Data": (PALETTE["kommun"], "normal"),
    "Forskning": (PALETTE["kommungrupp"], "normal"),
    "Lokal kunskap": (PALETTE["lan"], "normal"),
    "Antagande": ("#6b6b6b", "italic"),
}
_UNKNOWN = ("#000000", "normal")
PERSPEKTIV = LISTS["perspektiv"]  # Plats/situation, Brottsutsatt, Gärningsperson
FISKBEN = LISTS["fiskben"]
KEDJA = LISTS["handelsekedja"]


def _label(r, width: int = 34, max_chars: int = 70) -> str:
    text = str(r["orsak"]) if pd.notna(r.get("orsak")) else ""
    if len(text) > max_chars:
        text = text[: max_chars - 1].rstrip() + "…"
    return textwrap.fill(f"{r['id']} {text}", width=width)


def _style(r):
    return UNDERLAG_STYLE.get(r.get("underlag"), _UNKNOWN)


def _legend(ax, causes: pd.DataFrame, loc: str = "lower center", anchor=(0.5, -0.16)) -> None:
    from matplotlib.lines import Line2D

    present = [k for k in UNDERLAG_STYLE if (causes["underlag"] == k).any()] if len(causes) else []
    if causes["underlag"].isna().any() if len(causes) else False:
        present.append(None)
    handles = [Line2D([0], [0], marker="s", linestyle="", markersize=9,
                      color=UNDERLAG_STYLE.get(k, _UNKNOWN)[0],
                      label=("Vilar på: " if i == 0 else "") + (k.lower() if k else "inget angivet"))
               for i, k in enumerate(present)]
    if handles:
        ax.legend(handles=handles, loc=loc, bbox_to_anchor=anchor, ncol=len(handles), fontsize=8, frameon=False)


def _basis_summary(causes: pd.DataFrame) -> str:
    if causes.empty:
        return "Inga orsaker är ifyllda."
    vc = causes["underlag"].fillna("inget angivet").value_counts()
    return "Orsakerna vilar på: " + ", ".join(f"{k.lower()} {n}" for k, n in vc.items()) + "."


def _text(ax, x, y, r, **kw) -> None:
    color, style = _style(r)
    ax.text(x, y, _label(r, kw.pop("width", 34)), color=color, fontstyle=style, fontsize=kw.pop("fontsize", 8), **kw)


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=10, transform=ax.transAxes)


def problem_triangle_figure(causes: pd.DataFrame, problem: str, *, title: str | None = None):
    """Brå's crime triangle with the problem in the middle and each perspective's causes at its corner."""
    fig, ax = new_figure(figsize=(10, 7.5))
    ax.set_axis_off()
    ax.grid(False)
    corners = {"Plats/situation": (0.5, 0.86), "Brottsutsatt": (0.2, 0.34), "Gärningsperson": (0.8, 0.34)}
    tri = np.array([corners[p] for p in PERSPEKTIV] + [corners[PERSPEKTIV[0]]])
    ax.plot(tri[:, 0], tri[:, 1], color=PALETTE["neutral"], linewidth=2, zorder=1)
    ax.text(0.5, 0.52, textwrap.fill(problem, 22), ha="center", va="center", fontsize=11, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "#f2f2f2", "edgecolor": PALETTE["neutral"]})
    head = {"Plats/situation": "Platsen och situationen", "Brottsutsatt": "Den brottsutsatta",
            "Gärningsperson": "Gärningspersonen"}
    # where each corner's heading and list go: (x, y of heading, ha, x/y of the first cause)
    spots = {"Plats/situation": (0.68, 0.9, "left", 0.68, 0.86), "Brottsutsatt": (0.2, 0.28, "center", 0.2, 0.24),
             "Gärningsperson": (0.8, 0.28, "center", 0.8, 0.24)}
    counts = {}
    for p in PERSPEKTIV:
        cx, cy = corners[p]
        hx, hy, ha, lx, ly = spots[p]
        ax.plot([cx], [cy], "o", color=PALETTE["kommun"], markersize=11, zorder=2)
        ax.text(hx, hy, head[p], ha=ha, va="bottom" if p == "Plats/situation" else "center", fontsize=10,
                fontweight="bold")
        mine = causes[causes["perspektiv"] == p] if len(causes) else causes
        counts[p] = len(mine)
        for i, (_, r) in enumerate(mine.iterrows()):
            _text(ax, lx, ly - i * 0.075, r, ha=ha, va="top", width=40 if p == "Plats/situation" else 34)
        if mine.empty:
            ax.text(lx, ly, "(ingen orsak ifylld)", ha=ha, va="top", fontsize=8, color=PALETTE["hog"])
    other = causes[~causes["perspektiv"].isin(PERSPEKTIV)] if len(causes) else causes
    if len(other):
        ax.text(0.5, 0.16, "Utan perspektiv: " + ", ".join(other["id"].astype(str)), ha="center", fontsize=8)
    deepest = max([counts[p] for p in PERSPEKTIV[1:]] + [1])
    ax.set_xlim(-0.05, 1.1)
    ax.set_ylim(min(-0.05, 0.14 - deepest * 0.075), 1.0)
    ax.set_title(title or "Problemtriangeln: plats, brottsutsatt och gärningsperson", pad=12)
    _legend(ax, causes, anchor=(0.5, -0.02))
    set_alt_text(fig, (
        f"Brottstriangeln för problemet {problem}: en triangel med platsen och situationen överst, den "
        f"brottsutsatta nere till vänster och gärningspersonen nere till höger. Orsaker per hörn: "
        + ", ".join(f"{head[p].lower()} {counts[p]}" for p in PERSPEKTIV) + ". " + _basis_summary(causes)))
    return fig


def fishbone_figure(causes: pd.DataFrame, problem: str, *, title: str | None = None):
    """A fishbone (Ishikawa) diagram: the problem as the head, one bone per category that has causes."""
    cats = [c for c in FISKBEN if len(causes) and (causes["fiskben"] == c).any()]
    if len(causes) and causes["fiskben"].isna().any():
        cats.append(None)
    n = max(len(cats), 1)
    per_side = int(np.ceil(n / 2))
    fig, ax = new_figure(figsize=(max(10, 3.2 * per_side + 3), 7.5))
    ax.set_axis_off()
    ax.grid(False)
    spine_end = 3.2 * per_side + 0.4
    ax.annotate("", xy=(spine_end, 0), xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": PALETTE["riket"], "linewidth": 2.5})
    ax.text(spine_end + 0.15, 0, textwrap.fill(problem, 20), ha="left", va="center", fontsize=11, fontweight="bold",
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "#f2f2f2", "edgecolor": PALETTE["neutral"]})
    if not cats:
        _empty(ax, "Inga orsaker är ifyllda på bladet Orsaker.")
    for i, cat in enumerate(cats):
        side = 1 if i % 2 == 0 else -1
        x0 = 0.6 + 3.2 * (i // 2)
        top = (x0 + 1.4, 0.0)
        tail = (x0, 3.0 * side)
        ax.plot([tail[0], top[0]], [tail[1], top[1]], color=PALETTE["kommun"], linewidth=1.8)
        ax.text(tail[0], tail[1] + 0.25 * side, cat or "Utan kategori", ha="center",
                va="bottom" if side > 0 else "top", fontsize=10, fontweight="bold")
        mine = causes[causes["fiskben"] == cat] if cat else causes[causes["fiskben"].isna()]
        for k, (_, r) in enumerate(mine.iterrows()):
            frac = (k + 0.6) / (len(mine) + 0.4)
            y = tail[1] * (1 - frac)
            x = tail[0] + (top[0] - tail[0]) * frac
            ax.plot([x - 0.35, x], [y, y], color=PALETTE["neutral"], linewidth=1)
            _text(ax, x - 0.4, y, r, ha="right", va="center", width=26, fontsize=7.5)
    ax.set_xlim(-2.6, spine_end + 2.6)
    ax.set_ylim(-3.9, 3.9)
    ax.set_title(title or "Fiskbensdiagram: orsaker till problemet")
    _legend(ax, causes, anchor=(0.5, -0.06))
    set_alt_text(fig, (
        f"Fiskbensdiagram för problemet {problem}. Huvudbenen är kategorierna "
        + (", ".join(f"{c or 'utan kategori'} ({_n_causes(causes, c)})" for c in cats) if cats else
           "– inga orsaker ifyllda")
        + ". " + _basis_summary(causes)))
    return fig


def event_chain_figure(causes: pd.DataFrame, problem: str, measures: dict | None = None, *, title: str | None = None):
    """The event chain in five stages (from background and needs to afterwards), each stage's causes below
    it and the measures acting there (``measures``: stage -> list of measure ids)."""
    measures = measures or {}
    per_stage = [int((causes["handelsekedja"] == st).sum()) if len(causes) else 0 for st in KEDJA]
    deepest = max(per_stage + [1])
    fig, ax = new_figure(figsize=(12, 2.8 + 0.75 * deepest))
    ax.set_axis_off()
    ax.grid(False)
    width, gap = 1.0, 0.25
    counts = {}
    for i, stage in enumerate(KEDJA):
        x = i * (width + gap)
        has = bool(measures.get(stage))
        ax.add_patch(_box(x, 0.72, width, 0.2, PALETTE["kommungrupp"] if has else PALETTE["neutral"]))
        ax.text(x + width / 2, 0.82, textwrap.fill(stage[2:], 14), ha="center", va="center", fontsize=9,
                fontweight="bold", color="white")
        ax.text(x + width / 2, 0.95, f"Steg {stage[0]}", ha="center", va="bottom", fontsize=8)
        if i < len(KEDJA) - 1:
            ax.annotate("", xy=(x + width + gap - 0.02, 0.82), xytext=(x + width + 0.02, 0.82),
                        arrowprops={"arrowstyle": "-|>", "color": PALETTE["riket"]})
        if has:
            ax.text(x + width / 2, 0.68, "Åtgärd: " + ", ".join(measures[stage]), ha="center", va="top",
                    fontsize=8, fontweight="bold", color=PALETTE["kommungrupp"])
        mine = causes[causes["handelsekedja"] == stage] if len(causes) else causes
        counts[stage] = len(mine)
        for k, (_, r) in enumerate(mine.iterrows()):
            _text(ax, x, 0.6 - k * 0.14, r, ha="left", va="top", width=20, fontsize=7.5)
    ax.set_xlim(-0.05, len(KEDJA) * (width + gap))
    ax.set_ylim(0.5 - deepest * 0.14, 1.02)
    ax.set_title(title or f"Händelsekedjan: {problem}")
    _legend(ax, causes, anchor=(0.5, -0.04))
    acted = [s[2:].lower() for s in KEDJA if measures.get(s)]
    set_alt_text(fig, (
        f"Händelsekedjan för problemet {problem} i fem steg från bakgrund och behov till efteråt. Orsaker per steg: "
        + ", ".join(f"{s[2:].lower()} {counts[s]}" for s in KEDJA) + ". "
        + (f"Åtgärder verkar i stegen {', '.join(acted)}. " if acted else "Ingen åtgärd är kopplad till stegen. ")
        + _basis_summary(causes)))
    return fig


def _n_causes(causes: pd.DataFrame, cat) -> str:
    n = int(((causes["fiskben"] == cat) if cat else causes["fiskben"].isna()).sum())
    return f"{n} {'orsak' if n == 1 else 'orsaker'}"


def _box(x, y, w, h, color):
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.01", facecolor=color, edgecolor="none")
