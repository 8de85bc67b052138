"""Figures for "När händer det?" and concentration: draw only, never compute statistics.

Every function takes the frame returned by an analysis function in
:mod:`lagesbild_methods.patterns`, returns a matplotlib Figure and sets Swedish alt text.
"""
from __future__ import annotations

import numpy as np

from .. import fmt
from ..text.verdicts import control_flag_label
from ..verdicts import ControlFlag
from .style import HEATMAP_CMAP, PALETTE, count_axis, legend_below, new_figure, set_alt_text, sv_formatter, sv_percent_formatter

_WD_SHORT = fmt.WEEKDAYS_SHORT_SV
_MONTH_SHORT = fmt.MONTHS_SHORT_SV


def hour_weekday_heatmap(table, *, title: str = "Händelser per veckodag och timme"):
    """Heatmap of a 7 x 24 table from ``hour_weekday_counts`` / ``aoristic_hour_weekday``."""
    fig, ax = new_figure(figsize=(9, 3.6))
    vals = table.to_numpy(dtype=float)
    im = ax.imshow(vals, aspect="auto", cmap=HEATMAP_CMAP, interpolation="nearest")
    ax.grid(False)
    ax.set_yticks(range(7), _WD_SHORT)
    ax.set_xticks(range(0, 24, 2), [f"{h:02d}" for h in range(0, 24, 2)])
    ax.set_xlabel("Timme (svensk tid)")
    ax.set_title(title)
    cb = fig.colorbar(im, ax=ax, format=sv_formatter(0 if np.allclose(vals, vals.round()) else 1))
    if np.allclose(vals, vals.round()):
        count_axis(cb.ax.yaxis)  # whole events only (no "2,5 händelser")
    cb.set_label("Antal händelser")
    r, c = np.unravel_index(np.nanargmax(vals), vals.shape) if vals.size and np.nansum(vals) > 0 else (0, 0)
    set_alt_text(fig, f"Värmekarta med veckodagar på rader och dygnets timmar på kolumner. Flest händelser, "
                      f"{fmt.num(vals[r, c], 1 if not float(vals[r, c]).is_integer() else 0)}, på "
                      f"{table.index[r]} mellan klockan {c:02d} och {'midnatt' if c == 23 else f'{c + 1:02d}'}. Totalt {fmt.num(np.nansum(vals), 0)} händelser.")
    return fig


def period_bar_chart(periods, *, title: str = "Händelser per period", flags=None):
    """Bars of counts per period (``period_counts``); optional control-flag frame marks flagged bars."""
    fig, ax = new_figure()
    n = len(periods)
    colors = [PALETTE["neutral"] if inc else PALETTE["kommun"] for inc in periods.get("ofullstandig", [False] * n)]
    if flags is not None and "flagga" in flags.columns:
        colors = [PALETTE["hog"] if f == ControlFlag.HIGH else PALETTE["lag"] if f == ControlFlag.LOW else c
                  for f, c in zip(flags["flagga"], colors)]
    ax.bar(np.arange(n), periods["antal"].to_numpy(float), color=colors)
    step = max(1, n // 12)
    ax.set_xticks(np.arange(0, n, step), periods["period"].iloc[::step], rotation=45, ha="right")
    count_axis(ax.yaxis)
    ax.set_ylabel("Antal händelser")
    ax.set_title(title)
    hi = int(np.argmax(periods["antal"].to_numpy())) if n else 0
    set_alt_text(fig, f"Stapeldiagram med antal händelser för {n} {'period' if n == 1 else 'perioder'} från {periods['period'].iloc[0]} till "
                      f"{periods['period'].iloc[-1]}. Flest i {periods['period'].iloc[hi]} "
                      f"({fmt.integer(periods['antal'].iloc[hi])}). Grå staplar är ofullständiga perioder."
                 if n else "Tomt stapeldiagram: inga perioder.")
    return fig


def control_chart(flags, *, title: str = "Avvikande perioder"):
    """Counts with expected value and limits from ``control_flags`` (or ``ewma_flags``)."""
    fig, ax = new_figure()
    n = len(flags)
    xs = np.arange(n)
    y = flags["ewma"] if "ewma" in flags.columns else flags["antal"]
    ax.plot(xs, flags["antal"], marker="o", ms=3, lw=1, color=PALETTE["kommun"], label="Antal")
    if "ewma" in flags.columns:
        ax.plot(xs, y, lw=1.5, color=PALETTE["accent"], label="EWMA")
    ax.plot(xs, flags["forvantat"], lw=1, color=PALETTE["riket"], label="Väntat")
    ax.fill_between(xs, flags["nedre"], flags["ovre"], color=PALETTE["neutral"], alpha=0.25, label="Normalt intervall")
    for f, col in ((ControlFlag.HIGH, PALETTE["hog"]), (ControlFlag.LOW, PALETTE["lag"])):
        m = (flags["flagga"] == f).to_numpy()
        ax.scatter(xs[m], np.asarray(y)[m], s=50, color=col, zorder=3, label=control_flag_label(f).capitalize())
    step = max(1, n // 12)
    ax.set_xticks(xs[::step], flags["period"].iloc[::step], rotation=45, ha="right")
    count_axis(ax.yaxis)
    ax.set_title(title)
    legend_below(ax)  # outside the data
    nh, nl = int((flags["flagga"] == ControlFlag.HIGH).sum()), int((flags["flagga"] == ControlFlag.LOW).sum())
    set_alt_text(fig, f"Linjediagram med antal händelser per period och ett skuggat normalt intervall. "
                      f"{nh} {'period' if nh == 1 else 'perioder'} ligger över och {nl} under det normala.")
    return fig


def annual_wheel_figure(wheel, *, title: str = "Årshjul: händelser per månad"):
    """Polar bar chart (årshjul) of ``annual_wheel``: index per month, recurring peaks highlighted."""
    fig, ax = new_figure(figsize=(5.5, 5.5), subplot_kw={"projection": "polar"})
    theta = np.arange(12) * 2 * np.pi / 12
    vals = wheel["index"].to_numpy(float)
    colors = [PALETTE["hog"] if r else PALETTE["kommun"] for r in wheel["aterkommande_topp"]]
    ax.bar(theta, np.nan_to_num(vals), width=2 * np.pi / 12 * 0.9, color=colors, alpha=0.85)
    ax.plot(np.linspace(0, 2 * np.pi, 100), np.ones(100), color=PALETTE["riket"], lw=1, ls="--")
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.set_xticks(theta, _MONTH_SHORT)
    ax.yaxis.set_major_formatter(sv_formatter(1))
    ax.set_title(title, pad=28)  # above the month label at the top ("jan"), which it used to cover
    peaks = wheel.loc[wheel["aterkommande_topp"], "namn"].tolist()
    set_alt_text(fig, "Årshjul med en stapel per månad; längden visar händelser per dag jämfört med årets "
                      "genomsnitt (streckad cirkel = genomsnitt). " +
                 (f"Återkommande toppar: {', '.join(peaks)}." if peaks else "Ingen månad är återkommande hög."))
    return fig


def lorenz_figure(curve, *, unit: str = "platser", title: str = "Koncentration (Lorenzkurva)"):
    """Lorenz curve from ``lorenz_curve`` with the line of maximal equality given the events."""
    fig, ax = new_figure(figsize=(5.5, 5))
    ax.plot(curve["andel_enheter"], curve["andel_handelser"], color=PALETTE["kommun"], lw=2, label="Händelser")
    ax.plot(curve["andel_enheter"], curve["maximal_jamlikhet"], color=PALETTE["riket"], ls="--",
            label="Jämnast möjliga fördelning")
    ax.xaxis.set_major_formatter(sv_percent_formatter())
    ax.yaxis.set_major_formatter(sv_percent_formatter())
    ax.set_xlabel(f"Andel {unit} (flest händelser först)")
    ax.set_ylabel("Andel av händelserna")
    ax.set_title(title)
    ax.legend(loc="lower right")
    k = int(np.searchsorted(curve["andel_enheter"].to_numpy(), 0.1 - 1e-9))
    the = {"platser": "platserna", "rutor": "rutorna", "områden": "områdena"}.get(unit, unit)
    set_alt_text(fig, f"Lorenzkurva. De {fmt.pct(0.10)} av {the} med flest händelser har "
                      f"{fmt.pct(curve['andel_handelser'].iloc[min(k, len(curve) - 1)])} av händelserna.")
    return fig


def knox_heatmap(knox, *, title: str = "Nära upprepning (Knox-kvot)"):
    """Heatmap of Knox ratios from ``knox_test``; cells with p < 0,05 are marked with an asterisk."""
    sb = list(dict.fromkeys(knox["avstand_band"]))
    tb = list(dict.fromkeys(knox["tid_band"]))
    ratio = knox["knox_kvot"].to_numpy(float).reshape(len(sb), len(tb))
    pv = knox["pvarde"].to_numpy(float).reshape(len(sb), len(tb))
    fig, ax = new_figure(figsize=(7, 4))
    im = ax.imshow(ratio, cmap=HEATMAP_CMAP, aspect="auto")
    ax.grid(False)
    ax.set_yticks(range(len(sb)), sb)
    ax.set_xticks(range(len(tb)), tb)
    ax.set_xlabel("Tid mellan händelserna")
    ax.set_ylabel("Avstånd")
    for i in range(len(sb)):
        for j in range(len(tb)):
            if np.isfinite(ratio[i, j]):
                ax.text(j, i, fmt.num(ratio[i, j], 2) + ("*" if pv[i, j] < 0.05 else ""), ha="center",
                        va="center", color="white" if ratio[i, j] < np.nanmean(ratio) else "black", fontsize=8)
    fig.colorbar(im, ax=ax, format=sv_formatter(1)).set_label("Knox-kvot (1 = som slumpen)")
    ax.set_title(title)
    set_alt_text(fig, "Tabell i färg med avståndsband på rader och tidsband på kolumner; talen är Knox-kvoter, "
                      "stjärna betyder p < 0,05.")
    return fig


def harm_ranking_figure(ranking, *, title: str = "Antal och skadeviktat värde"):
    """Paired horizontal bars: share of counts and share of harm per category (``harm_ranking``)."""
    col = ranking.columns[0]
    fig, ax = new_figure(figsize=(8, max(3, 0.4 * len(ranking) + 1)))
    yy = np.arange(len(ranking))
    ax.barh(yy - 0.2, ranking["andel_antal"], height=0.4, color=PALETTE["neutral"], label="Andel av antal")
    ax.barh(yy + 0.2, ranking["andel_skadevarde"], height=0.4, color=PALETTE["hog"], label="Andel av skadevärde")
    ax.set_yticks(yy, ranking[col].astype(str))
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(sv_percent_formatter())
    ax.legend(loc="lower right")
    ax.set_title(title)
    set_alt_text(fig, f"Liggande staplar per {col}: andel av antalet och andel av skadevärdet. Störst skadevärde: "
                      f"{ranking[col].iloc[0]}." if len(ranking) else "Tomt diagram.")
    return fig
