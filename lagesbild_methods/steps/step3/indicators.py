"""Step 3, the indicators: baselines computed from the data, and how large a change the follow-up can show.

For every indicator of the workbook, :func:`assessment` finds what it counts (:func:`~lagesbild_methods.steps.
arbetsbok.indicator_scope`), computes its baseline from the data for the period the workbook states (or, when
none is stated, the twelve months before the measure starts / the year before / the survey round before) with
its interval, and the **minimum detectable effect** of the follow-up the plan implies:

* incident indicators -- the monthly counts before the measure starts give the level and the extra variation
  (negative binomial, :func:`lagesbild_methods.stats.power.plan_from_series`); the follow-up runs from the start
  to the target date (parameter ``uppfoljning_ar`` when the date is missing);
* crime-statistics indicators -- the same on yearly counts (few periods: a large effect is needed); the MDE is
  solved on the evaluation's own test by simulation (:func:`~lagesbild_methods.stats.power.simulated_power`),
  because the t approximation is off for one or two small yearly counts;
* survey indicators -- the smallest drop in percentage points between two rounds with the same number of
  respondents (:func:`~lagesbild_methods.stats.power.mde_share`).

The claims are checked by simulation in ``benchmarks/sim_power_indicators.py``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ... import columns as C
from ... import fmt
from ... import stats as S
from ...errors import ParameterError
from ...stats import power as PW
from ...text import plans as TP
from .. import arbetsbok as W

#: Days one unit of an "Antal per ..." indicator covers.
UNIT_DAYS = {"Antal per år": 365.25, "Antal per tertial": 365.25 / 3, "Antal per månad": 365.25 / 12,
             "Antal per vecka": 7.0}
MIN_MONTHS = 12  # complete months of register before the start needed to estimate the extra variation
MIN_YEARS = 4  # years of crime statistics needed for the same


def _ts(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT or pd.isna(v) else pd.Timestamp(v)


def measure_start(ctx, measure_id) -> pd.Timestamp | None:
    m = W.sheet(ctx, "atgarder")
    hit = m[m["id"].astype(str) == str(measure_id)]
    return _ts(hit["start"].iloc[0]) if len(hit) else None


def follow_up_years(ctx, start, target_date) -> tuple[float, bool]:
    """Length of the follow-up in years (whole months from the start through the target date) and whether it
    is the template's assumption (no start or no target date)."""
    if start is None or target_date is None or target_date < start:
        return float(ctx.params.get("uppfoljning_ar", 2)), True
    months = (target_date.year - start.year) * 12 + target_date.month - start.month + 1
    return months / 12, False


# ------------------------------------------------------------------------------------------ baselines
def _incident_baseline(ctx, ind, scope, start) -> dict:
    window = W.register_window(ctx)
    if window is None:
        return {"skal": W.incident_gap(ctx) or "händelserapporterna är tomma"}
    period = W.parse_period(ind.get("baslinje_period"))
    if period is None:
        end = (start - pd.Timedelta(days=1)) if start is not None else window[1]
        period = (end - pd.DateOffset(years=1) + pd.Timedelta(days=1), end)
    a, b = max(period[0], window[0]), min(period[1], window[1])
    if a > b:
        return {"skal": "perioden ligger utanför händelserapporterna", "period": period}
    n = W.count_between(ctx, scope, a, b)
    days = (b - a).days + 1
    unit = ind.get("enhet")
    if unit in UNIT_DAYS:
        factor = 1.0 if unit == "Antal per år" and days in (365, 366) else UNIT_DAYS[unit] / days
    elif unit == "Antal under perioden":
        factor = 1.0
    else:
        return {"skal": f"enheten {unit or 'saknas'} kan inte beräknas ur händelserapporter", "period": (a, b)}
    ci = S.count_ci([n]).iloc[0]
    note = "" if (a, b) == period else "delvis utanför registret"
    return {"beraknad": n * factor, "nedre": ci[C.NEDRE] * factor, "ovre": ci[C.OVRE] * factor, "antal": n,
            "period": (a, b), "not": note}


def _crime_baseline(ctx, ind, scope, start) -> dict:
    period = W.parse_period(ind.get("baslinje_period"))
    year = period[0].year if period and period[0].year == period[1].year else (
        start.year - 1 if start is not None else ctx.ar_till)
    row = W.yearly_crimes(ctx, scope.kod, [year])
    if row.empty:
        return {"skal": f"brottsstatistiken saknar {year}", "ar": year}
    n = int(row[C.ANTAL].iloc[0])
    if ind.get("enhet") == "Per 100 000 invånare":
        from ..common import joined

        j = joined(ctx)
        r = S.rates(j[(j[C.KOMMUNKOD] == ctx.kod) & (j[C.AR] == year) & (j[C.BROTTSTYP] == scope.kod)]).iloc[0]
        return {"beraknad": r[C.VARDE], "nedre": r[C.NEDRE], "ovre": r[C.OVRE], "antal": n, "ar": year}
    if ind.get("enhet") not in ("Antal per år", "Antal under perioden"):
        return {"skal": f"enheten {ind.get('enhet') or 'saknas'} passar inte årsstatistik", "ar": year}
    ci = S.count_ci([n]).iloc[0]
    return {"beraknad": float(n), "nedre": ci[C.NEDRE], "ovre": ci[C.OVRE], "antal": n, "ar": year}


def _survey_baseline(ctx, ind, scope, start) -> dict:
    sh = W.survey_measure(ctx, scope)
    if sh is None or sh.empty:
        return {"skal": "trygghetsmätningen saknar frågan" if ctx.survey is not None else "ingen trygghetsmätning"}
    period = W.parse_period(ind.get("baslinje_period"))
    if period is not None and period[0].year == period[1].year:
        year = period[0].year
    else:
        before = sh[sh[C.AR] <= (start.year if start is not None else sh[C.AR].max())]
        year = int((before if len(before) else sh)[C.AR].max())
    r = sh[sh[C.AR] == year]
    if r.empty:
        return {"skal": f"ingen mätning {year}", "ar": year}
    r = r.iloc[0]
    return {"beraknad": r[C.VARDE] * 100, "nedre": r[C.NEDRE] * 100, "ovre": r[C.OVRE] * 100,
            "n": float(r[C.NAMNARE]), "n_svarande": int(r["n_svarande"]), "ar": year, "andel": float(r[C.VARDE])}


# ------------------------------------------------------------------------------------------ detectability
def _count_plan(ctx, series: pd.DataFrame, time: str, years_after: float, key: tuple) -> dict:
    def build():
        try:
            plan = PW.plan_from_series(series, time=time, years_after=years_after,
                                       power_target=float(ctx.params.get("styrka", 0.8)))
        except ParameterError as exc:
            return {"skal": str(exc)}
        return plan
    return ctx.cached(("steg3:plan",) + key, build)


def _detect_incidents(ctx, scope, start, years_after) -> dict:
    end = (start - pd.Timedelta(days=1)) if start is not None else None
    series = W.monthly_counts(ctx, scope, end=end)
    if len(series) < MIN_MONTHS:
        return {"skal": f"mindre än {MIN_MONTHS} hela månader med händelserapporter före start"}
    key = (scope, str(start), round(years_after, 4), "manad")
    return _count_plan(ctx, series, "manad", years_after, key)


def _detect_crimes(ctx, scope, start, target_date) -> dict:
    first_after = (start.year if (start.month, start.day) == (1, 1) else start.year + 1) if start is not None \
        else ctx.ar_till + 1
    years_after = max(1, (target_date.year - first_after + 1)) if target_date is not None else \
        int(ctx.params.get("uppfoljning_ar", 2))
    series = W.yearly_crimes(ctx, scope.kod, range(ctx.ar_fran, first_after))
    if len(series) < MIN_YEARS:
        return {"skal": f"färre än {MIN_YEARS} år av brottsstatistik före start"}
    plan = _count_plan(ctx, series.rename(columns={C.AR: "ar"}), "ar", float(years_after),
                       (scope, first_after, years_after, "ar"))
    if "skal" in plan:
        return plan
    # yearly totals: the Wald test on one or two small yearly counts is skewed, so the MDE is solved on the
    # evaluation's own test by simulation (the t approximation is off by up to ten percentage points)
    mde = PW.minimum_detectable_effect(plan["design"], power_target=plan["power_target"], interval="simulation")
    return {**plan, "mde": mde, "years_after": float(years_after), "simulerad": True}


def _detect_share(ctx, base: dict) -> dict:
    if "andel" not in base or not 0 < base["andel"] < 1:
        return {"skal": "ingen andel att utgå från"}
    res = PW.mde_share(base["andel"], base["n"], base["n"], power_target=float(ctx.params.get("styrka", 0.8)))
    return {"andel_mde": res}


# ------------------------------------------------------------------------------------------ all indicators
def assessment(ctx) -> pd.DataFrame:
    """One row per indicator: what it counts, the workbook's baseline against the one computed from the data,
    the target, and the minimum detectable effect of the planned follow-up."""
    return ctx.cached("steg3:indikatorer", lambda: pd.DataFrame(
        [_assess(ctx, r) for _, r in W.sheet(ctx, "indikatorer").iterrows()], columns=COLUMNS))


COLUMNS = ["id", "atgard", "indikator", "raknar", "kalla", "kod", "enhet", "riktning", "baslinje", "baslinje_period",
           "beraknad", "beraknad_nedre", "beraknad_ovre", "berakningsperiod", "baslinje_bedomning", "malvarde",
           "maldatum", "mal_minskning", "handelser_per_ar", "nb_alpha", "ar_efter", "antaget_ar_efter", "mde",
           "mening", "mal_mot_mde", "mal_mot_mde_text", "design", "skal", "nyckel"]


def _assess(ctx, ind) -> dict:
    scope = W.indicator_scope(ctx, ind)
    start = measure_start(ctx, ind["atgard"])
    target_date = _ts(ind.get("maldatum"))
    years_after, assumed = follow_up_years(ctx, start, target_date)
    out = {"id": str(ind["id"]), "atgard": ind["atgard"], "indikator": ind["indikator"], "raknar": W.scope_text(scope),
           "kalla": scope.kalla, "kod": scope.kod, "enhet": ind.get("enhet"), "riktning": ind.get("riktning"),
           "baslinje": ind.get("baslinje"), "baslinje_period": ind.get("baslinje_period"),
           "malvarde": ind.get("malvarde"), "maldatum": target_date, "ar_efter": years_after,
           "antaget_ar_efter": assumed, "nyckel": (scope.kod, None) if scope.kalla == "brott" else None}
    if W.area_gap(ctx, scope):
        base = det = {"skal": W.area_gap(ctx, scope)}
    elif scope.kalla == "handelser":
        base, det = _incident_baseline(ctx, ind, scope, start), _detect_incidents(ctx, scope, start, years_after)
    elif scope.kalla == "brott":
        base, det = _crime_baseline(ctx, ind, scope, start), _detect_crimes(ctx, scope, start, target_date)
    elif scope.kalla == "enkat":
        base = _survey_baseline(ctx, ind, scope, start)
        det = _detect_share(ctx, base)
    else:
        base = det = {"skal": "indikatorn räknar något som inte finns i underlaget (egen dokumentation eller annan källa)"}
    out["skal"] = base.get("skal") or det.get("skal")
    if "beraknad" in base:
        out.update(beraknad=base["beraknad"], beraknad_nedre=base["nedre"], beraknad_ovre=base["ovre"],
                   baslinje_bedomning=TP.baseline_note(_num(out["baslinje"]), base["beraknad"], base["nedre"],
                                                       base["ovre"]))
        p = base.get("period")
        out["berakningsperiod"] = (f"{p[0].date().isoformat()}–{p[1].date().isoformat()}" if p is not None else
                                   str(base.get("ar", "")))
    baseline = _num(out["baslinje"]) if not np.isnan(_num(out["baslinje"])) else _num(out.get("beraknad"))
    target = _num(out["malvarde"])
    if out["riktning"] != "Öka" and np.isfinite(baseline) and np.isfinite(target) and baseline > 0:
        out["mal_minskning"] = (baseline - target) / baseline if scope.kalla != "enkat" else (baseline - target) / 100
    if "design" in det:
        y = det.get("years_after", years_after)
        out.update(handelser_per_ar=det["events_per_year"], nb_alpha=det["nb_alpha"], mde=det["mde"], design=det["design"],
                   ar_efter=y, mening=TP.plan_sentence({**det, "years_after": y},
                                                       noun="brott" if scope.kalla == "brott" else "händelser"))
    if "andel_mde" in det:
        res = det["andel_mde"]
        out.update(mde=res["minskning"], mening=TP.share_mde_sentence(base["andel"], base["n"], res, years_after))
    out["mal_mot_mde"], out["mal_mot_mde_text"] = _verdict(out, scope.kalla)
    return out


def _num(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def _verdict(row: dict, kalla) -> tuple[str, str]:
    goal, mde = row.get("mal_minskning"), row.get("mde")
    if row.get("riktning") == "Öka":
        return "bedöms inte (mål: ökning)", "Målet är en ökning; den minsta upptäckbara ökningen beräknas inte här."
    if mde is None or (isinstance(mde, float) and np.isnan(mde) and "design" not in row):
        return fmt.MISSING, ""
    if goal is None or (isinstance(goal, float) and np.isnan(goal)):
        return "målvärde saknas", TP.target_vs_mde(None, mde)
    if kalla == "enkat":
        ok = goal * 100 + 1e-9 >= np.ceil(mde * 100)
        return (f"{'ja' if ok else 'nej'} (mål −{fmt.num(goal * 100, 1)} procentenheter, upptäckbart "
                f"{fmt.num(np.ceil(mde * 100), 0)})", "")
    pct = TP.mde_percent(mde)
    if pct is None:
        return "nej, ingen rimlig minskning går att upptäcka", TP.target_vs_mde(goal, mde)
    ok = goal * 100 + 1e-9 >= pct
    return f"{'ja' if ok else 'nej'} (mål −{fmt.pct(goal, 0)}, upptäckbart {pct} %)", TP.target_vs_mde(goal, mde)
