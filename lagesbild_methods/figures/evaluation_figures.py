"""Figures for step 3 and 5: interrupted time series, before/after with a comparison area, an
indicator against its baseline and target, and power curves. House style (Swedish labels,
Okabe-Ito colours, Swedish numbers, alt text on every figure); they draw results from
``stats.its``, ``stats.evaluation``, ``stats.followup`` and ``stats.power`` and compute nothing.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import fmt
from ..errors import ParameterError
from ..text.common import signed_pct
from .style import PALETTE, legend_below, new_figure, set_alt_text, sv_formatter, sv_percent_formatter


def _pct_change(ratio) -> str:
    """'−12 %' for a ratio 0.88 (typographic minus, Swedish percent)."""
    return signed_pct((float(ratio) - 1) * 100)


def _ci_pct(lo, hi) -> str:
    return f"{_pct_change(lo)} till {_pct_change(hi)}"


def its_figure(result, *, title: str | None = None, ylabel: str = "Antal per period", time_label: str = "Tid"):
    """Observed counts, the fitted model, and the counterfactual (no intervention) with its
    interval after the start; a vertical line marks the start. ``result`` is an ``ITSResult``."""
    s = result.serie
    tcol = s.columns[0]
    x = s[tcol]
    if isinstance(x.dtype, pd.PeriodDtype):
        x = x.dt.to_timestamp()
    post = s["efter"].to_numpy(dtype=bool)
    if not post.any():
        raise ParameterError("Tidsserien har inga perioder efter insatsen.")
    fig, ax = new_figure(figsize=(9, 4.8))
    ax.scatter(x, s["antal"], s=14, color=PALETTE["neutral"], zorder=3, label="Observerat")
    ax.plot(x[~post], s["anpassat"][~post], color=PALETTE["kommun"], linewidth=2, label="Modell före insatsen")
    ax.plot(x[post], s["anpassat"][post], color=PALETTE["hog"], linewidth=2, label="Modell efter insatsen")
    ax.plot(x[post], s["kontrafaktiskt"][post], color=PALETTE["kommun"], linewidth=1.5, linestyle="--",
            label="Förväntat utan insatsen")
    ax.fill_between(x[post], s["kf_nedre"][post], s["kf_ovre"][post], color=PALETTE["kommun"], alpha=0.15,
                    linewidth=0, label="Konfidensintervall (förväntat utan insatsen)")
    first_post = x[post].iloc[0]
    ax.axvline(first_post, color="black", linewidth=1, linestyle=":")
    ax.annotate("Insatsen börjar", (first_post, 1.0), xycoords=("data", "axes fraction"), xytext=(4, -12),
                textcoords="offset points", fontsize=8)
    ax.set_ylim(bottom=0)
    if pd.api.types.is_datetime64_any_dtype(x):  # month labels "2023-01, 2023-02, …" ran into each other
        import matplotlib.dates as mdates

        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel(time_label)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(sv_formatter(0))
    step = result.effect("niva")
    end = result.effect("vid_slut")
    ax.set_title(title or "Avbruten tidsserie: före och efter insatsen")
    legend_below(ax)
    fig.text(0.01, -0.02, result.metod, fontsize=7, wrap=True, ha="left", va="top")
    conf = fmt.pct(result.konfidens, 0)
    set_alt_text(fig, (
        f"Tidsseriediagram med {result.periods_before} perioder före och {result.periods_after} perioder efter "
        f"insatsen. Punkterna är observerade antal, heldragna linjer modellen och en streckad linje med ett "
        f"skuggat band visar vad modellen förväntar sig utan insatsen. Nivån ändrades med "
        f"{_pct_change(step['varde'])} vid starten ({conf} konfidensintervall {_ci_pct(step['nedre'], step['ovre'])})."
        + (f" Vid seriens slut är skillnaden mot det förväntade {_pct_change(end['varde'])} "
           f"({_ci_pct(end['nedre'], end['ovre'])})." if "lutning" in set(result.effekter["effekt"]) else "")))
    return fig


def before_after_figure(result, *, title: str | None = None, ylabel: str = "Händelser per period",
                        names: dict | None = None):
    """Level before and after in the treated area and the comparison area, with intervals, and
    (dotted) the treated area's level had it changed as the comparison area did."""
    c = result.celler
    names = names or {}
    fig, ax = new_figure(figsize=(7, 4.5))
    xs = {"fore": 0, "efter": 1}
    colours = {"insats": PALETTE["kommun"], "jamforelse": PALETTE["lan"]}
    for role, sub in c.groupby("roll", sort=False):
        sub = sub.set_index("period").loc[["fore", "efter"]]
        label = str(names.get(sub["omrade"].iloc[0], sub["omrade"].iloc[0]))
        label += " (insatsområde)" if role == "insats" else " (jämförelseområde)"
        xv = np.array([xs[p] for p in sub.index]) + (-0.03 if role == "insats" else 0.03)
        ax.errorbar(xv, sub["per_period"], yerr=[sub["per_period"] - sub["nedre"], sub["ovre"] - sub["per_period"]],
                    color=colours[role], marker="o", capsize=4, linewidth=2, label=label)
        if role == "insats" and sub["utan_insats"].notna().any():
            ax.plot([xv[0], xv[1]], [sub["per_period"].iloc[0], sub["utan_insats"].iloc[1]], color=colours[role],
                    linestyle=":", linewidth=1.5, label="Insatsområdet om det följt jämförelseområdet")
    ax.set_xticks([0, 1])
    ax.set_xticklabels(["Före", "Efter"])
    ax.set_xlim(-0.4, 1.4)
    ax.set_ylim(bottom=0)
    ax.set_ylabel(ylabel)
    ax.yaxis.set_major_formatter(sv_formatter(1 if c["per_period"].max() < 10 else 0))
    ax.set_title(title or "Före och efter insatsen")
    legend_below(ax)
    fig.text(0.01, -0.02, result.metod, fontsize=7, wrap=True, ha="left", va="top")
    e = result.effect("modell")
    what = ("jämfört med jämförelseområdet " if result.with_comparison else "")
    set_alt_text(fig, (
        f"Diagram med nivån före och efter insatsen, med {fmt.pct(result.konfidens, 0)} konfidensintervall, för "
        f"{'insatsområdet och jämförelseområdet' if result.with_comparison else 'insatsområdet'}. "
        f"Förändringen i insatsområdet {what}är {_pct_change(e['kvot'])} "
        f"(konfidensintervall {_ci_pct(e['nedre'], e['ovre'])})."))
    return fig


def indicator_figure(row, *, title: str | None = None, unit: str = "", percent: bool | None = None):
    """One indicator from ``stats.followup.indicator_status``: baseline and now with intervals and
    the target as a dashed line."""
    r = pd.Series(row)
    if percent is None:
        percent = str(r.get("typ", "")) == "andel"
    fig, ax = new_figure(figsize=(6, 4))
    xv = [0, 1]
    vals = [r["baslinje_varde"], r["varde"]]
    lo = [r["baslinje_nedre"], r["nedre"]]
    hi = [r["baslinje_ovre"], r["ovre"]]
    ax.errorbar(xv, vals, yerr=[np.subtract(vals, lo), np.subtract(hi, vals)], fmt="o", color=PALETTE["kommun"],
                capsize=5, markersize=8, linewidth=2, label="Värde med 95 % konfidensintervall")
    target = r.get("mal", np.nan)
    has_target = target is not None and pd.notna(target)
    if has_target:
        ax.axhline(float(target), color=PALETTE["hog"], linestyle="--", linewidth=1.5, label="Mål")
    ax.set_xticks(xv)
    ax.set_xticklabels(["Baslinje", "Nu"])
    ax.set_xlim(-0.6, 1.6)
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_formatter(sv_percent_formatter(0) if percent else sv_formatter(0 if max(vals) >= 10 else 1))
    if unit:
        ax.set_ylabel(unit)
    name = str(r.get("indikator", "Indikator"))
    ax.set_title(title or name)
    legend_below(ax)
    show = (lambda v: fmt.pct(v, 0)) if percent else (lambda v: fmt.num(v, 0 if abs(v) >= 10 else 1))
    where = ""
    if has_target:
        t = float(target)
        pos = ("helt under" if r["ovre"] < t else "helt över" if r["nedre"] > t else "runt")
        where = f" Målet {show(t)} är en streckad linje; intervallet för nuvärdet ligger {pos} målet."
    set_alt_text(fig, (
        f"Diagram för indikatorn {name}: baslinjen {show(r['baslinje_varde'])} "
        f"(konfidensintervall {show(r['baslinje_nedre'])}–{show(r['baslinje_ovre'])}) och nuvärdet "
        f"{show(r['varde'])} ({show(r['nedre'])}–{show(r['ovre'])})." + where))
    return fig


def power_curve_figure(curves, *, mde: dict | None = None, power_target: float = 0.8, title: str | None = None):
    """Power against the true reduction, one line per design or follow-up length.

    ``curves``: a frame from ``stats.power.power_curve`` or a dict ``{label: frame}``; ``mde``:
    optional ``{label: mde}`` marked with a dot on the target line."""
    if isinstance(curves, pd.DataFrame):
        curves = {"": curves}
    fig, ax = new_figure(figsize=(7.5, 4.5))
    order = [PALETTE["kommun"], PALETTE["lan"], PALETTE["kommungrupp"], PALETTE["accent"], PALETTE["riket"]]
    styles = ["-", "--", "-.", ":", (0, (5, 1))]
    parts = []
    for i, (label, cur) in enumerate(curves.items()):
        ax.plot(cur["minskning"], cur["styrka"], color=order[i % len(order)], linestyle=styles[i % len(styles)],
                linewidth=2, label=label or "Styrka")
        m = (mde or {}).get(label)
        if m is not None and np.isfinite(m):
            ax.plot([m], [power_target], "o", color=order[i % len(order)], markersize=7)
            parts.append(f"{label + ': ' if label else ''}{fmt.pct(m, 0)}")
    ax.axhline(power_target, color="black", linewidth=1, linestyle=":")
    ax.set_xlabel("Sann minskning")
    ax.set_ylabel("Sannolikhet att upptäcka minskningen")
    ax.xaxis.set_major_formatter(sv_percent_formatter(0))
    ax.yaxis.set_major_formatter(sv_percent_formatter(0))
    ax.set_ylim(0, 1)
    ax.set_xlim(left=0)
    ax.set_title(title or "Hur stor minskning kan uppföljningen visa?")
    if any(curves):
        ax.legend(loc="lower right", fontsize=8)
    mde_txt = (f" Minsta upptäckbara minskning med {fmt.pct(power_target, 0)} sannolikhet: " + "; ".join(parts) + "."
               if parts else "")
    set_alt_text(fig, (
        f"Linjediagram över sannolikheten att uppföljningen visar en säkerställd minskning (lodrät axel) mot den "
        f"sanna minskningen (vågrät axel), för {len(curves)} upplägg. En prickad linje markerar "
        f"{fmt.pct(power_target, 0)}." + mde_txt))
    return fig
