"""Step 4, the process follow-up: plan against what was done, per measure, from the workbook's sheets
*Åtgärder* (the plan: start, end, status) and *Aktiviteter* (what was done: date, hours, cost, status).

Everything is computed from the shareable view (:func:`lagesbild_methods.steps.arbetsbok.view`), so no free
text can reach a report. :func:`measure_process` gives one row per measure with counts, hours, costs, first and
last activity, the traffic light (:class:`~lagesbild_methods.verdicts.ProcessStatus`) and the reasons for it
(codes of :data:`REASONS`; their Swedish wording is in :mod:`lagesbild_methods.text.followup`);
:func:`deviations` lists every deviation from the plan with the activities it concerns. Steps 5 uses the
same functions for the tertial's and the year's activities (``start``/``end``).

The rules (the same for every municipality, stated in the report):

* red -- the measure is stopped or delayed (its status in the workbook), nothing has been done although it
  started more than :data:`GRACE_DAYS` days ago, or at least half of the activities due were cancelled;
* yellow -- an ongoing measure with no activity for more than :data:`QUIET_DAYS` days (a tertial), a quarter
  or more of the activities due cancelled or only partly done, planned activities whose date has passed,
  an end date that has passed while the measure is still under way, activities outside the planned period,
  done activities without hours, a status that does not fit what was done, or no start date;
* green -- none of these;
* not started -- the start lies after the follow-up date.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ...verdicts import ProcessStatus
from .. import arbetsbok as W
from ..step3.plan import _missing, measure_links

GRACE_DAYS = 30  # a measure may start this long before its first activity without a flag
QUIET_DAYS = 120  # about a tertial: an ongoing measure with no activity for longer is flagged
CANCEL_YELLOW, CANCEL_RED = 0.25, 0.5  # share of activities due that were cancelled / not fully done

DONE, PARTLY, PLANNED, CANCELLED = "Genomförd", "Delvis genomförd", "Planerad", "Inställd"

#: Reason codes -> the colour they give. Wording: text.followup.REASON_SV.
REASONS: dict[str, ProcessStatus] = {
    "avbruten": ProcessStatus.RED,
    "forsenad": ProcessStatus.RED,
    "inget_gjort": ProcessStatus.RED,
    "manga_installda": ProcessStatus.RED,
    "tyst": ProcessStatus.YELLOW,
    "installda": ProcessStatus.YELLOW,
    "delvis": ProcessStatus.YELLOW,
    "planerad_passerad": ProcessStatus.YELLOW,
    "slut_passerat": ProcessStatus.YELLOW,
    "utanfor_perioden": ProcessStatus.YELLOW,
    "saknar_timmar": ProcessStatus.YELLOW,
    "status_planerad_men_gjort": ProcessStatus.YELLOW,
    "genomford_med_planerade": ProcessStatus.YELLOW,
    "ingen_start": ProcessStatus.YELLOW,
    "ej_startad": ProcessStatus.NOT_STARTED,
    "enligt_plan": ProcessStatus.GREEN,
}
_ORDER = [ProcessStatus.RED, ProcessStatus.YELLOW, ProcessStatus.NOT_STARTED, ProcessStatus.GREEN]

COLUMNS = ["id", "atgard", "vem", "insatstyp", "bokstatus", "start", "slut", "orsaker", "problem", "aktiviteter",
           "genomforda", "delvis", "installda", "planerade", "passerade", "forfallna", "timmar", "kostnad",
           "forsta", "senaste", "dagar_sedan", "pagar", "status", "skal"]


def _ts(v):
    return None if _missing(v) else pd.Timestamp(v).normalize()


def reference_date(ctx) -> tuple[pd.Timestamp, str]:
    """The follow-up date and how it was chosen: the parameter ``datum``; else the last complete day of the
    incident register; else the date of the latest recorded (not planned) activity; else today."""
    def build():
        given = ctx.params.get("datum", "")
        if given:
            from ...errors import ParameterError

            try:
                return pd.Timestamp(str(given)).normalize(), "parameter"
            except ValueError:
                raise ParameterError(f"Parametern datum ska vara ett datum som 2025-12-31, fick '{given}'.") from None
        if ctx.incidents is not None and ctx.handelser_till is not None:
            return pd.Timestamp(ctx.handelser_till).normalize(), "handelser"
        act = W.sheet(ctx, "aktiviteter")
        done = act[act["status"].isin([DONE, PARTLY, CANCELLED]) & act["datum"].notna()] if len(act) else act
        if len(done):
            return pd.Timestamp(done["datum"].max()).normalize(), "aktivitet"
        return pd.Timestamp.today().normalize(), "idag"
    return ctx.cached("steg4:datum", build)


def activities(ctx, start=None, end=None) -> pd.DataFrame:
    """The shareable Aktiviteter sheet, optionally limited to ``start``..``end`` (dates, inclusive)."""
    act = W.sheet(ctx, "aktiviteter").copy()
    if act.empty:
        return act
    act["datum"] = pd.to_datetime(act["datum"])
    if start is not None:
        act = act[act["datum"] >= pd.Timestamp(start)]
    if end is not None:
        act = act[act["datum"] <= pd.Timestamp(end)]
    return act.reset_index(drop=True)


def _worst(reasons: list[str]) -> ProcessStatus:
    colours = {REASONS[r] for r in reasons}
    return next(s for s in _ORDER if s in colours)


def _reasons(m, acts: pd.DataFrame, ref: pd.Timestamp) -> tuple[list[str], dict]:
    start, end = _ts(m.get("start")), _ts(m.get("slut"))
    status = m.get("status")
    due = acts[acts["datum"] <= ref]
    n = {k: int((due["status"] == v).sum()) for k, v in
         (("genomforda", DONE), ("delvis", PARTLY), ("installda", CANCELLED))}
    passed = due[due["status"] == PLANNED]
    done = due[due["status"].isin([DONE, PARTLY])]
    last = done["datum"].max() if len(done) else None
    out: list[str] = []
    if status == "Avbruten":
        out.append("avbruten")
    if status == "Försenad":
        out.append("forsenad")
    if start is None:
        out.append("ingen_start")
    elif start > ref:
        if len(done):
            out.append("utanfor_perioden")
        out.append("ej_startad")
        return out, {"passerade": len(passed), "senaste": last}
    started_long_ago = start is not None and (ref - start).days > GRACE_DAYS
    under_way = status not in ("Avbruten", "Genomförd") and (end is None or end >= ref)
    if done.empty and started_long_ago and status != "Avbruten":
        out.append("inget_gjort")
    elif under_way and last is not None and (ref - last).days > QUIET_DAYS:
        out.append("tyst")
    n_due = n["genomforda"] + n["delvis"] + n["installda"]
    if n_due:
        share_cancelled = n["installda"] / n_due
        if share_cancelled >= CANCEL_RED:
            out.append("manga_installda")
        elif share_cancelled >= CANCEL_YELLOW:
            out.append("installda")
        if n["delvis"] / n_due >= CANCEL_YELLOW:
            out.append("delvis")
    if len(passed):
        out.append("planerad_passerad")
    if end is not None and end < ref and status in ("Pågår", "Planerad", "Försenad"):
        out.append("slut_passerat")
    outside = done[(done["datum"] < start) | ((done["datum"] > end) if end is not None else False)] \
        if start is not None else done.iloc[0:0]
    if len(outside):
        out.append("utanfor_perioden")
    if len(done) and done["timmar"].isna().any():
        out.append("saknar_timmar")
    if status == "Planerad" and len(done):
        out.append("status_planerad_men_gjort")
    if status == "Genomförd" and (acts["status"] == PLANNED).any():
        out.append("genomford_med_planerade")
    return out or ["enligt_plan"], {"passerade": len(passed), "senaste": last}


def measure_process(ctx, start=None, end=None, ref=None) -> pd.DataFrame:
    """One row per measure (see :data:`COLUMNS`): the plan, what was done (within ``start``..``end`` when
    given; the traffic light always judges the whole history up to the follow-up date ``ref``, default
    :func:`reference_date`), hours, costs and the traffic light with its reasons."""
    def build():
        ref_ = pd.Timestamp(ref).normalize() if ref is not None else reference_date(ctx)[0]
        measures = W.sheet(ctx, "atgarder")
        links = measure_links(ctx).set_index("id") if len(measures) else None
        act_all = activities(ctx)
        window = activities(ctx, start, end if end is not None else None)
        rows = []
        for _, m in measures.iterrows():
            mid = str(m["id"])
            mine_all = act_all[act_all["atgard"].astype(str) == mid] if len(act_all) else act_all
            mine = window[window["atgard"].astype(str) == mid] if len(window) else window
            reasons, extra = _reasons(m, mine_all, ref_)
            shown = mine[mine["datum"] <= ref_] if len(mine) else mine
            done = shown[shown["status"].isin([DONE, PARTLY])] if len(shown) else shown
            s, e = _ts(m.get("start")), _ts(m.get("slut"))
            rows.append({
                "id": mid, "atgard": m.get("atgard"), "vem": m.get("vem"), "insatstyp": m.get("insatstyp"),
                "bokstatus": m.get("status"), "start": s, "slut": e,
                "orsaker": list(links.loc[mid, "orsaker"]) if links is not None else [],
                "problem": list(links.loc[mid, "problem"]) if links is not None else [],
                "aktiviteter": int(len(mine)),
                "genomforda": int((shown["status"] == DONE).sum()) if len(shown) else 0,
                "delvis": int((shown["status"] == PARTLY).sum()) if len(shown) else 0,
                "installda": int((shown["status"] == CANCELLED).sum()) if len(shown) else 0,
                "planerade": int((mine["status"] == PLANNED).sum()) if len(mine) else 0,
                "passerade": extra["passerade"],
                "forfallna": int(len(shown)),
                "timmar": float(done["timmar"].sum()) if len(done) else 0.0,
                "kostnad": float(done["kostnad"].sum()) if len(done) else 0.0,
                "forsta": done["datum"].min() if len(done) else None,
                "senaste": extra["senaste"],
                "dagar_sedan": int((ref_ - extra["senaste"]).days) if extra["senaste"] is not None else None,
                "pagar": bool(s is not None and s <= ref_ and (e is None or e >= ref_)
                              and m.get("status") not in ("Avbruten", "Genomförd")),
                "status": _worst(reasons), "skal": reasons,
            })
        return pd.DataFrame(rows, columns=COLUMNS)
    return ctx.cached(("steg4:process", str(start), str(end), str(ref)), build)


def deviations(ctx) -> pd.DataFrame:
    """Every deviation from the plan: ``atgard``, ``skal`` (reason code), ``status`` (its colour),
    ``aktiviteter`` (ids of the activities concerned, comma separated, or '') and ``datum`` (the earliest)."""
    ref, _ = reference_date(ctx)
    proc = measure_process(ctx)
    act = activities(ctx)
    rows = []
    for _, m in proc.iterrows():
        mine = act[act["atgard"].astype(str) == m["id"]] if len(act) else act
        due = mine[mine["datum"] <= ref] if len(mine) else mine
        concern = {
            "installda": due[due["status"] == CANCELLED] if len(due) else due,
            "manga_installda": due[due["status"] == CANCELLED] if len(due) else due,
            "delvis": due[due["status"] == PARTLY] if len(due) else due,
            "planerad_passerad": due[due["status"] == PLANNED] if len(due) else due,
            "saknar_timmar": due[due["status"].isin([DONE, PARTLY]) & due["timmar"].isna()] if len(due) else due,
        }
        if m["start"] is not None and len(due):
            done = due[due["status"].isin([DONE, PARTLY])]
            late = done["datum"] > m["slut"] if m["slut"] is not None else False
            concern["utanfor_perioden"] = done[(done["datum"] < m["start"]) | late]
        for code in m["skal"]:
            if code in ("enligt_plan", "ej_startad"):
                continue
            sub = concern.get(code)
            ids = ", ".join(sub["id"].astype(str)) if sub is not None and len(sub) else ""
            when = sub["datum"].min() if sub is not None and len(sub) else None
            rows.append({"atgard": m["id"], "skal": code, "status": REASONS[code], "aktiviteter": ids, "datum": when})
    return pd.DataFrame(rows, columns=["atgard", "skal", "status", "aktiviteter", "datum"])


def totals(proc: pd.DataFrame) -> dict:
    """Sums over measures: activities by status, hours, costs, measures by colour."""
    if proc.empty:
        return {"atgarder": 0, "timmar": 0.0, "kostnad": 0.0, "genomforda": 0, "delvis": 0, "installda": 0,
                "planerade": 0, "farger": {}}
    return {"atgarder": int(len(proc)), "timmar": float(np.nansum(proc["timmar"])),
            "kostnad": float(np.nansum(proc["kostnad"])), "genomforda": int(proc["genomforda"].sum()),
            "delvis": int(proc["delvis"].sum()), "installda": int(proc["installda"].sum()),
            "planerade": int(proc["planerade"].sum()),
            "farger": {s: int((proc["status"] == s).sum()) for s in _ORDER if (proc["status"] == s).any()}}
