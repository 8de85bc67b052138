"""Figures for step 4 (genomförande) and the process part of step 5: a timeline per measure (the planned
period against the activities, by status), hours and costs per measure. House style, Swedish labels, alt text
on every figure; the process table comes from ``steps.step4.process`` and nothing is computed here.

The status of a measure is written out in words next to its name (not shown by colour alone).
"""
from __future__ import annotations

import matplotlib.dates as mdates
import numpy as np
import pandas as pd

from .. import fmt
from ..text.followup import PROCESS_STATUS_SV, hours, kronor
from .style import PALETTE, new_figure, set_alt_text, sv_formatter

#: Activity status -> (marker, colour, filled, legend label).
ACTIVITY_STYLE = {
    "Genomförd": ("o", PALETTE["kommun"], True, "Genomförd aktivitet"),
    "Delvis genomförd": ("D", PALETTE["lan"], True, "Delvis genomförd"),
    "Inställd": ("x", PALETTE["hog"], True, "Inställd"),
    "Planerad": ("o", PALETTE["neutral"], False, "Planerad"),
}


def _label(r) -> str:
    return f"{r['id']} ({PROCESS_STATUS_SV.get(r['status'], '')})"


def timeline_figure(proc: pd.DataFrame, acts: pd.DataFrame, ref, *, title: str | None = None):
    """One row per measure: a bar for the planned period (open to the follow-up date for ordinary work without
    an end), a marker per activity by status, and a dotted line at the follow-up date."""
    ref = pd.Timestamp(ref)
    n = max(len(proc), 1)
    fig, ax = new_figure(figsize=(9, 1.2 + 0.5 * n))
    ys = {mid: n - 1 - i for i, mid in enumerate(proc["id"])}
    dates = [d for d in list(proc["start"]) + list(proc["slut"]) + list(acts.get("datum", [])) if d is not None
             and not pd.isna(d)] + [ref]
    lo, hi = min(dates) - pd.Timedelta(days=20), max(dates) + pd.Timedelta(days=20)
    for _, r in proc.iterrows():
        y = ys[r["id"]]
        if r["start"] is not None and not pd.isna(r["start"]):
            end = r["slut"] if r["slut"] is not None and not pd.isna(r["slut"]) else max(ref, r["start"])
            ax.barh(y, (end - r["start"]).days, left=r["start"], height=0.5, color=PALETTE["kommun"], alpha=0.18,
                    edgecolor=PALETTE["kommun"], linewidth=0.8)
            if r["slut"] is None or pd.isna(r["slut"]):
                ax.annotate("", xy=(end + pd.Timedelta(days=15), y), xytext=(end, y),
                            arrowprops={"arrowstyle": "->", "color": PALETTE["kommun"], "lw": 1})
    seen = set()
    for status, (marker, colour, filled, label) in ACTIVITY_STYLE.items():
        sub = acts[acts["status"] == status] if len(acts) else acts
        sub = sub[sub["atgard"].astype(str).isin(ys)] if len(sub) else sub
        if sub.empty:
            continue
        yv = [ys[str(a)] for a in sub["atgard"]]
        kw = {"facecolors": colour if filled else "white", "edgecolors": colour} if marker != "x" else {"c": colour}
        ax.scatter(sub["datum"], yv, marker=marker, s=30, linewidths=1.2, zorder=3, label=label, **kw)
        seen.add(status)
    ax.axvline(ref, color="black", linestyle=":", linewidth=1)
    ax.annotate("Uppföljningsdatum", (ref, 1.0), xycoords=("data", "axes fraction"), xytext=(3, -10),
                textcoords="offset points", fontsize=8)
    ax.set_yticks([ys[m] for m in proc["id"]])
    ax.set_yticklabels([_label(r) for _, r in proc.iterrows()])
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=(1, 5, 9)))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    ax.grid(axis="y", visible=False)
    ax.set_title(title or "Plan och genomförande per åtgärd")
    if seen:  # no activities yet: no legend (an empty one would warn in the notebook)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=8)
    parts = []
    for _, r in proc.iterrows():
        parts.append(f"{r['id']}: {PROCESS_STATUS_SV.get(r['status'], '')}, {fmt.integer(r['genomforda'])} "
                     f"genomförda, {fmt.integer(r['installda'])} inställda och {fmt.integer(r['planerade'])} "
                     "planerade aktiviteter")
    set_alt_text(fig, ("Tidslinje med en rad per åtgärd: ett ljust band visar den planerade perioden och markörer "
                       "visar aktiviteterna efter status (genomförd, delvis genomförd, inställd, planerad). En prickad "
                       f"linje markerar uppföljningsdatumet {fmt.date_sv(ref)}. " + "; ".join(parts) + "."))
    return fig


def resources_figure(proc: pd.DataFrame, *, title: str | None = None):
    """Hours and costs per measure (genomförda and delvis genomförda aktiviteter), side by side."""
    n = max(len(proc), 1)
    fig, (a1, a2) = new_figure(1, 2, figsize=(9, 1.2 + 0.45 * n), sharey=True)
    y = np.arange(len(proc))[::-1]
    a1.barh(y, proc["timmar"], color=PALETTE["kommun"])
    a2.barh(y, proc["kostnad"], color=PALETTE["lan"])
    a1.set_yticks(y)
    a1.set_yticklabels(proc["id"])
    a1.set_xlabel("Timmar")
    a2.set_xlabel("Kostnad utöver arbetstid (kr)")
    a1.xaxis.set_major_formatter(sv_formatter(0))
    a2.xaxis.set_major_formatter(sv_formatter(0))
    for ax in (a1, a2):
        ax.grid(axis="y", visible=False)
    fig.suptitle(title or "Arbetstid och kostnader per åtgärd", fontweight="bold")
    parts = [f"{r['id']} {hours(r['timmar'])} och {kronor(r['kostnad'])}" for _, r in proc.iterrows()]
    set_alt_text(fig, "Två liggande stapeldiagram: arbetade timmar och kostnader per åtgärd. " + "; ".join(parts) + ".")
    return fig
