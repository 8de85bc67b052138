"""Figures for rates, comparisons and funnels in the house style (Swedish labels, Okabe-Ito
palette, alt text on every figure). They draw results from ``lagesbild_methods.stats``; they
never compute statistics.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from .. import fmt, registry
from ..errors import ParameterError
from ..stats import compare as _cmp
from ..text import comparison_label
from ..verdicts import Comparison
from .style import PALETTE, SEQUENCE, new_figure, set_alt_text, sv_formatter

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
    fig, ax = new_figure()
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
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(sv_formatter(0))
    years = own[C.AR].astype(int).tolist()
    ax.set_xticks(years)
    ax.set_ylim(bottom=0)
    ax.set_title(title or f"{kname}: {ylabel[0].lower() + ylabel[1:]}")
    ax.legend(loc="best")
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
    The method text (incl. the overdispersion choice) is written under the figure."""
    g, pts = result.granser, result.punkter
    pct = result.typ == "proportion" and result.multiplier == 1
    fig, ax = new_figure(figsize=(8, 5))
    ax.plot(g[C.NAMNARE], g["malvarde"], color="black", linewidth=1, label="Gruppens värde")
    ax.plot(g[C.NAMNARE], g[f"{C.NEDRE}_95"], color=PALETTE["kommungrupp"], linestyle="--", label="95 % kontrollgräns")
    ax.plot(g[C.NAMNARE], g[f"{C.OVRE}_95"], color=PALETTE["kommungrupp"], linestyle="--")
    ax.plot(g[C.NAMNARE], g[f"{C.NEDRE}_99_8"], color=PALETTE["accent"], linestyle=":", label="99,8 % kontrollgräns")
    ax.plot(g[C.NAMNARE], g[f"{C.OVRE}_99_8"], color=PALETTE["accent"], linestyle=":")
    col = result.label if result.label in pts.columns else None
    levels = pts[_cmp.NIVA] if _cmp.NIVA in pts.columns else pd.Series(np.nan, index=pts.index)
    legend = [comparison_label(v, lv) for v, lv in zip(pts[_cmp.SKILLNAD], levels)]
    for (lab, text), sub in pts.groupby([pts[_cmp.SKILLNAD].astype(str), pd.Series(legend, index=pts.index)],
                                        sort=False):
        ax.scatter(sub[C.NAMNARE], sub[C.VARDE], s=45, zorder=3, color=_LABEL_COLOURS.get(lab, PALETTE["neutral"]),
                   marker=_LABEL_MARKERS.get(lab, "o"), edgecolor="black", linewidth=0.5, label=text)
    if col:
        for _, r in pts.iterrows():
            if not np.isnan(r[C.VARDE]):
                ax.annotate(_name(r[col], names), (r[C.NAMNARE], r[C.VARDE]), textcoords="offset points",
                            xytext=(4, 4), fontsize=8)
    ax.set_xlabel(xlabel or ("Befolkning (nämnare)" if result.typ == "rate" else "Antal svarande (nämnare)"))
    ax.set_ylabel(ylabel or ("Per 100 000 invånare" if result.typ == "rate" else "Andel"))
    ax.xaxis.set_major_formatter(sv_formatter(0))
    if pct:
        from .style import sv_percent_formatter

        ax.yaxis.set_major_formatter(sv_percent_formatter(0))
    else:
        ax.yaxis.set_major_formatter(sv_formatter(0))
    # Show the part of the funnel where the areas are: limits explode at tiny denominators.
    pts = result.punkter
    dmin, dmax = float(pts[C.NAMNARE].min()), float(pts[C.NAMNARE].max())
    if dmin > 0 and dmax / dmin > 20:
        ax.set_xscale("log")
        ax.xaxis.set_major_formatter(sv_formatter(0))
    ax.set_xlim(dmin / 1.6 if ax.get_xscale() == "log" else 0, dmax * 1.15)
    inside = g[(g[C.NAMNARE] >= dmin / 1.6) & (g[C.NAMNARE] <= dmax * 1.15)]
    top = max(float(pts[C.VARDE].max()), float(inside[f"{C.OVRE}_99_8"].max()) if len(inside) else 0.0)
    ax.set_ylim(bottom=0, top=top * 1.1 if top > 0 else None)
    ax.set_title(title or "Trattdiagram: jämförelse med gruppens värde")
    ax.legend(loc="upper right", fontsize=8)
    fig.text(0.01, -0.02, result.metod, fontsize=7, wrap=True, ha="left", va="top")
    above = int((pts[_cmp.SKILLNAD] == Comparison.HIGHER).sum())
    below = int((pts[_cmp.SKILLNAD] == Comparison.LOWER).sum())
    centre = fmt.pct(result.malvarde, 1) if pct else fmt.num(result.malvarde, 0)
    set_alt_text(fig, (
        f"Trattdiagram med {len(pts)} områden: värdet på lodräta axeln mot nämnaren på vågräta axeln. Gruppens "
        f"värde är {centre}; kontrollgränserna på 95 % och 99,8 % smalnar av när nämnaren växer. "
        f"{above} områden ligger säkerställt över och {below} säkerställt under gruppens värde. "
        f"Justering för överspridning: {result.overdispersion}."))
    return fig


def ranked_dot_plot(estimates: pd.DataFrame, *, label: str = C.KOMMUNKOD, names: dict | None = None,
                    benchmark: float | None = None, benchmark_name: str = "Jämförelsevärde",
                    title: str | None = None, xlabel: str = "Per 100 000 invånare", percent: bool = False):
    """Dots with 95 % interval bars, sorted by value: the honest alternative to a bar ranking.
    Overlapping intervals show that the order is uncertain."""
    lo_col, hi_col = _ci_cols(estimates)
    d = estimates.dropna(subset=[C.VARDE]).sort_values(C.VARDE)
    if d.empty:
        raise ParameterError("Inga värden att rita.")
    fig, ax = new_figure(figsize=(8, max(3, 0.45 * len(d) + 1.2)))
    y = np.arange(len(d))
    colours = [_LABEL_COLOURS.get(s, PALETTE["kommun"]) for s in d.get(_cmp.SKILLNAD, [None] * len(d))]
    ax.errorbar(d[C.VARDE], y, xerr=[d[C.VARDE] - d[lo_col], d[hi_col] - d[C.VARDE]], fmt="none",
                ecolor=PALETTE["neutral"], elinewidth=2, capsize=3, zorder=2)
    ax.scatter(d[C.VARDE], y, color=colours, s=50, zorder=3, edgecolor="black", linewidth=0.5)
    ax.set_yticks(y)
    ax.set_yticklabels([_name(v, names) for v in d[label]])
    if benchmark is not None:
        ax.axvline(benchmark, color=PALETTE["lan"], linestyle="--", label=benchmark_name)
        ax.legend(loc="lower right")
    if percent:
        from .style import sv_percent_formatter

        ax.xaxis.set_major_formatter(sv_percent_formatter(0))
    else:
        ax.xaxis.set_major_formatter(sv_formatter(0))
    ax.set_xlabel(xlabel)
    ax.set_xlim(left=0)
    ax.set_title(title or "Värden med 95 % konfidensintervall")
    show = (lambda v: fmt.pct(v, 0)) if percent else (lambda v: fmt.num(v, 0))
    lowest, highest = d.iloc[0], d.iloc[-1]
    bench_txt = f" En streckad linje visar {benchmark_name} ({show(benchmark)})." if benchmark is not None else ""
    set_alt_text(fig, (
        f"Punktdiagram med {len(d)} områden sorterade efter värde, varje punkt med ett 95 % konfidensintervall. "
        f"Lägst: {_name(lowest[label], names)} ({show(lowest[C.VARDE])}), högst: {_name(highest[label], names)} "
        f"({show(highest[C.VARDE])}). Där intervallen överlappar är ordningen osäker." + bench_txt))
    return fig
