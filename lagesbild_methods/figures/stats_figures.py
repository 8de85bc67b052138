"""Figures for rates, comparisons and funnels in the house style (Swedish labels, Okabe-Ito
palette, alt text on every figure). They draw results from ``lagesbild_methods.stats``; they
never compute statistics.
"""
from __future__ import annotations

import numpy as np
from matplotlib.text import Text
import pandas as pd

from .. import columns as C
from .. import fmt, registry
from ..errors import ParameterError
from ..stats import compare as _cmp
from ..text import comparison_label
from ..verdicts import Comparison
from .style import PALETTE, SEQUENCE, freeze_layout, legend_below, legible, new_figure, set_alt_text, sv_formatter, sv_percent_formatter

_LABEL_COLOURS = {
    Comparison.HIGHER: PALETTE["hog"], Comparison.LOWER: PALETTE["lag"],
    Comparison.NO_DIFFERENCE: PALETTE["neutral"], Comparison.NOT_ASSESSED: PALETTE["neutral"],
}
_LABEL_MARKERS = {Comparison.HIGHER: "^", Comparison.LOWER: "v"}
_REGION_COLOURS = {C.UPPSALA_LAN: PALETTE["lan"], C.RIKET: PALETTE["riket"]}


def _name(code, names: dict | None) -> str:
    if names and code in names:
        return names[code]
    return registry.name_or_code(code)


def _ci_cols(df: pd.DataFrame) -> tuple[str, str]:
    for lo, hi in ((C.NEDRE, C.OVRE), (f"{C.NEDRE}_95", f"{C.OVRE}_95")):
        if lo in df.columns and hi in df.columns:
            return lo, hi
    raise ParameterError("Tabellen saknar konfidensgränser (nedre/ovre eller nedre_95/ovre_95).")


def rate_over_time(estimates: pd.DataFrame, kommunkod: str, *, comparisons=(C.UPPSALA_LAN, C.RIKET),
                   title: str | None = None, ylabel: str = "Anmälda brott per 100 000 invånare",
                   names: dict | None = None):
    """Line chart of one kommun's rate with its 95 % interval band over the years, against
    the county and the country (or other comparison codes) as lines.

    ``estimates`` is the output of :func:`~lagesbild_methods.stats.rates` for one crime type
    (columns ``kommunkod, ar, varde`` and the limits).
    """
    lo_col, hi_col = _ci_cols(estimates)
    own = estimates[estimates[C.KOMMUNKOD] == kommunkod].sort_values(C.AR)
    if own.empty:
        raise ParameterError(f"Kommunkoden '{kommunkod}' finns inte i tabellen.")
    fig, ax = new_figure(figsize=(6.0, 4.6))
    kname = _name(kommunkod, names)
    ax.fill_between(own[C.AR], own[lo_col], own[hi_col], color=PALETTE["kommun"], alpha=0.2, linewidth=0,
                    label=f"{kname}, 95 % konfidensintervall")
    ax.plot(own[C.AR], own[C.VARDE], marker="o", color=PALETTE["kommun"], linewidth=2, label=kname)
    shown = []
    for i, code in enumerate(comparisons):
        comp = estimates[estimates[C.KOMMUNKOD] == code].sort_values(C.AR)
        if comp.empty:
            continue
        colour = _REGION_COLOURS.get(code, PALETTE["lan"] if len(str(code)) == 2 else SEQUENCE[(i + 2) % len(SEQUENCE)])
        ax.plot(comp[C.AR], comp[C.VARDE], linestyle="--", marker="s", markersize=4, color=colour,
                label=_name(code, names))
        shown.append(_name(code, names))
    ax.set_xlabel("År")
    # the title names the measure; the axis keeps the short unit
    ax.set_ylabel("Per 100 000 invånare" if "per 100 000 invånare" in ylabel.lower() else ylabel)
    ax.yaxis.set_major_formatter(sv_formatter(0))
    years = own[C.AR].astype(int).tolist()
    # every year, or every other one ending with the last (the ticks are set once: each costs a tick object)
    ax.set_xticks(years if len(years) <= 8 else years[::2] if years[-1] in years[::2] else years[1::2])
    tops = [float(own[hi_col].max()), float(own[C.VARDE].max())]
    tops += [float(estimates.loc[estimates[C.KOMMUNKOD] == c, C.VARDE].max()) for c in comparisons
             if (estimates[C.KOMMUNKOD] == c).any()]
    finite = [t for t in tops if np.isfinite(t)]
    ax.set_ylim(0, (max(finite) * 1.08 if finite else 0) or 1)  # the whole band stays inside
    ax.set_title(title or f"{kname}: {ylabel[0].lower() + ylabel[1:]}")
    legend_below(ax)
    first, last = own.iloc[0], own.iloc[-1]
    comp_txt = f" Jämförelse med {', '.join(shown)} som streckade linjer." if shown else ""
    set_alt_text(fig, (
        f"Linjediagram över {ylabel.lower()} i {kname} {years[0]}–{years[-1]}. Värdet var "
        f"{fmt.num(first[C.VARDE], 0)} år {years[0]} och {fmt.num(last[C.VARDE], 0)} år {years[-1]} "
        f"(95 % konfidensintervall {fmt.interval(last[lo_col], last[hi_col], 0)}), visat som ett skuggat band."
        + comp_txt))
    return fig


def funnel_plot(result, *, names: dict | None = None, title: str | None = None,
                xlabel: str | None = None, ylabel: str | None = None):
    """Funnel plot of a :class:`~lagesbild_methods.stats.FunnelResult`: the group value, the
    95 % and 99.8 % control limits and one labelled point per area, coloured by its label.

    Point labels are placed so that they do not overlap each other (see :func:`place_labels`);
    the legend sits under the axes. The method text (``result.metod``) belongs in the report's
    method appendix, not inside the figure."""
    g, pts = result.granser, result.punkter
    pct = result.typ == "proportion" and result.multiplier == 1
    fig, ax = new_figure(figsize=(6.0, 5.8))  # tall: the legend below takes ~1,5 in
    ax.plot(g[C.NAMNARE], g["malvarde"], color="black", linewidth=1, label="Gruppens värde")
    ax.plot(g[C.NAMNARE], g[f"{C.NEDRE}_95"], color=PALETTE["kommungrupp"], linestyle="--",
            label="Slumpgräns 95 %")
    ax.plot(g[C.NAMNARE], g[f"{C.OVRE}_95"], color=PALETTE["kommungrupp"], linestyle="--")
    ax.plot(g[C.NAMNARE], g[f"{C.NEDRE}_99_8"], color=PALETTE["accent"], linestyle=":",
            label="Slumpgräns 99,8 %")
    ax.plot(g[C.NAMNARE], g[f"{C.OVRE}_99_8"], color=PALETTE["accent"], linestyle=":")
    col = result.label if result.label in pts.columns else None
    levels = pts[_cmp.NIVA] if _cmp.NIVA in pts.columns else pd.Series(np.nan, index=pts.index)
    legend = [comparison_label(v, lv) for v, lv in zip(pts[_cmp.SKILLNAD], levels)]
    for (lab, text), sub in pts.groupby([pts[_cmp.SKILLNAD].astype(str), pd.Series(legend, index=pts.index)],
                                        sort=False):
        ax.scatter(sub[C.NAMNARE], sub[C.VARDE], s=45, zorder=3, color=_LABEL_COLOURS.get(lab, PALETTE["neutral"]),
                   marker=_LABEL_MARKERS.get(lab, "o"), edgecolor="black", linewidth=0.5, label=text)
    rate = result.typ == "rate"
    log = False
    dmin, dmax = float(pts[C.NAMNARE].min()), float(pts[C.NAMNARE].max())
    if dmin > 0 and dmax / dmin > 20:  # show where the areas are: limits explode at tiny denominators
        ax.set_xscale("log")
        log = True
    ax.set_xlim(dmin / 1.6 if log else 0, dmax * 1.15)
    ax.xaxis.set_major_formatter(sv_formatter(0))
    if log:
        from matplotlib.ticker import LogLocator, NullFormatter

        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_minor_formatter(NullFormatter())
    base_x = xlabel or ("Folkmängd" if rate else "Antal svarande")
    ax.set_xlabel(base_x + (" (logaritmisk skala)" if log else ""))
    ax.set_ylabel(ylabel or ("Per 100 000 invånare" if rate else "Andel"))
    ax.yaxis.set_major_formatter(sv_percent_formatter(0) if pct else sv_formatter(0))
    inside = g[(g[C.NAMNARE] >= dmin / 1.6) & (g[C.NAMNARE] <= dmax * 1.15)]
    top = max(float(pts[C.VARDE].max()), float(inside[f"{C.OVRE}_99_8"].max()) if len(inside) else 0.0)
    low = min(float(pts[C.VARDE].min()), float(inside[f"{C.NEDRE}_99_8"].min()) if len(inside) else 0.0)
    pad = (top - low) * 0.12 if top > low else abs(top) * 0.1 or 1.0
    ax.set_ylim(max(0.0, low - pad), top + pad)  # the funnel's own range: the limits stay inside
    ax.set_title(title or "Trattdiagram: jämförelse med gruppens värde")
    legend_below(ax)
    if col:
        ok = pts[~pts[C.VARDE].isna()]
        place_labels(ax, ok[C.NAMNARE].to_numpy(float), ok[C.VARDE].to_numpy(float),
                     [_name(v, names) for v in ok[col]])
    above = int((pts[_cmp.SKILLNAD] == Comparison.HIGHER).sum())
    below = int((pts[_cmp.SKILLNAD] == Comparison.LOWER).sum())
    centre = fmt.pct(result.malvarde, 1) if pct else fmt.num(result.malvarde, 0)
    n = len(pts)
    set_alt_text(fig, (
        f"Trattdiagram med {_count(n, 'område', 'områden')}: värdet på lodräta axeln mot "
        f"{base_x.lower()} på vågräta axeln. Gruppens värde är {centre}; gränserna för vad slumpen kan "
        f"förklara smalnar av när {base_x.lower()} växer. {_count(above, 'område', 'områden')} ligger "
        f"säkerställt över och {_count(below, 'område', 'områden')} säkerställt under gruppens värde."))
    return fig


def _count(n: int, one: str, many: str) -> str:
    """'1 område', '3 områden' (Swedish singular/plural)."""
    return f"{fmt.integer(n)} {one if n == 1 else many}"


_OFFSETS = ((6, 4), (6, -16), (-6, 4), (-6, -16), (0, 10), (0, -22), (8, 18), (-8, 18), (8, -30), (-8, -30),
            (0, 28), (0, -40))


def place_labels(ax, xs, ys, labels, offsets_pt=_OFFSETS):
    """Write one label next to each point without overlapping another label or the axes' edge.

    Greedy: points are taken from left to right; each label tries the offsets in turn and keeps
    the first whose box clears every label already placed (else the least overlapping one).
    Returns the annotation objects.
    """
    fig = legible(ax.figure)  # final sizes and wrapped titles first
    renderer = freeze_layout(fig)  # text extents final; labels must not move the axes afterwards
    axbox = ax.get_window_extent(renderer)
    placed, out = [], []
    for i in np.argsort(xs):
        best, best_overlap = None, None
        for dx, dy in offsets_pt:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            far = abs(dx) > 6 or abs(dy) > 16
            ann = ax.annotate(labels[i], (xs[i], ys[i]), textcoords="offset points", xytext=(dx, dy), ha=ha,
                              va="bottom", fontsize=plt_rc("legend.fontsize"),
                              arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.8,
                                          "shrinkA": 0, "shrinkB": 4} if far else None)
            ann.update_positions(renderer)
            box = Text.get_window_extent(ann, renderer).expanded(1.08, 1.15)  # a little air around each label
            overlap = sum(_overlap(box, p) for p in placed) + _outside(box, axbox)
            if best_overlap is None or overlap < best_overlap:
                if best is not None:
                    best.remove()
                best, best_overlap, best_box = ann, overlap, box
            else:
                ann.remove()
            if overlap == 0:
                break
        placed.append(best_box)
        out.append(best)
    return out


def plt_rc(key: str):
    import matplotlib

    return matplotlib.rcParams[key]


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _outside(box, axbox) -> float:
    """Area of ``box`` outside the axes (labels must stay inside the plotting area)."""
    inside = _overlap(box, axbox)
    return box.width * box.height - inside


def ranked_dot_plot(estimates: pd.DataFrame, *, label: str = C.KOMMUNKOD, names: dict | None = None,
                    benchmark: float | None = None, benchmark_name: str = "Jämförelsevärde",
                    title: str | None = None, xlabel: str = "Per 100 000 invånare", percent: bool = False):
    """Dots with 95 % interval bars, sorted by value: the honest alternative to a bar ranking.
    Overlapping intervals show that the order is uncertain."""
    lo_col, hi_col = _ci_cols(estimates)
    d = estimates.dropna(subset=[C.VARDE]).sort_values(C.VARDE)
    if d.empty:
        raise ParameterError("Inga värden att rita.")
    fig, ax = new_figure(figsize=(6.0, max(3.0, 0.42 * len(d) + 1.6)))
    y = np.arange(len(d))
    colours = [_LABEL_COLOURS.get(s, PALETTE["kommun"]) for s in d.get(_cmp.SKILLNAD, [None] * len(d))]
    ax.errorbar(d[C.VARDE], y, xerr=[d[C.VARDE] - d[lo_col], d[hi_col] - d[C.VARDE]], fmt="none",
                ecolor=PALETTE["neutral"], elinewidth=2, capsize=3, zorder=2)
    ax.scatter(d[C.VARDE], y, color=colours, s=50, zorder=3, edgecolor="black", linewidth=0.5)
    ax.set_yticks(y)
    ax.set_yticklabels([_name(v, names) for v in d[label]])
    if benchmark is not None:
        ax.axvline(benchmark, color=PALETTE["lan"], linestyle="--", label=benchmark_name)
        legend_below(ax, ncol=1)
    if percent:
        ax.xaxis.set_major_formatter(sv_percent_formatter(0))
    else:
        ax.xaxis.set_major_formatter(sv_formatter(0))
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, float(d[hi_col].max()) * 1.05)  # every interval bar stays inside
    ax.set_title(title or "Värden med 95 % konfidensintervall")
    show = (lambda v: fmt.pct(v, 0)) if percent else (lambda v: fmt.num(v, 0))
    lowest, highest = d.iloc[0], d.iloc[-1]
    bench_txt = f" En streckad linje visar {benchmark_name} ({show(benchmark)})." if benchmark is not None else ""
    set_alt_text(fig, (
        f"Punktdiagram med {len(d)} områden sorterade efter värde, varje punkt med ett 95 % konfidensintervall. "
        f"Lägst: {_name(lowest[label], names)} ({show(lowest[C.VARDE])}), högst: {_name(highest[label], names)} "
        f"({show(highest[C.VARDE])}). Där intervallen överlappar är ordningen osäker." + bench_txt))
    return fig
