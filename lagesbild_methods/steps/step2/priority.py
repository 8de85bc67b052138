"""Step 2, the prioritisation matrix: the workbook's problems on Brå's criteria.

Brå ("Prioritera mellan problemen") lists the usual grounds for choosing a problem: it is common, it is
increasing, it causes harm, it is concentrated to few places, it worries many, and it can be influenced
locally. :func:`matrix` measures each problem of the workbook's *Problem* sheet on each criterion with the
data the report has (values with their uncertainty) and marks a criterion as met only by the rule stated
in :data:`lagesbild_methods.text.plans.CRITERIA`. The steering group's priority order is kept, never
re-ranked: the matrix is an aid to the decision.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ... import columns as C
from ... import fmt
from ... import stats as S
from ... import text as T
from ...text import plans as TP
from ...verdicts import Change, Trend
from .. import arbetsbok as W
from ..common import own_joined, trend
from ..report import Section

HIGH_SEVERITY = 3
CONCENTRATED = 0.5  # share of incidents at the top 10 % of places
CONCERN = 0.20  # lower limit of the survey share


def last_twelve_months(ctx) -> tuple[pd.Timestamp, pd.Timestamp, pd.Timestamp] | None:
    """(start of the previous 12 months, start of the last 12 months, last day) of the register."""
    window = W.register_window(ctx)
    if window is None:
        return None
    end = window[1]
    return end - pd.DateOffset(years=2) + pd.Timedelta(days=1), end - pd.DateOffset(years=1) + pd.Timedelta(days=1), end


def _incident_row(ctx, scope, weights) -> dict:
    out = {}
    w = last_twelve_months(ctx)
    if w is None:
        return out
    prev0, last0, end = w
    n = W.count_between(ctx, scope, last0, end)
    ci = S.count_ci([n]).iloc[0]
    out.update(antal=n, antal_nedre=ci[C.NEDRE], antal_ovre=ci[C.OVRE], period="12 mån")
    covered = W.register_window(ctx)[0] <= prev0
    if covered:
        before = W.count_between(ctx, scope, prev0, last0 - pd.Timedelta(days=1))
        ch = S.compare_two_rates(before, 1, n, 1, multiplier=1)
        out.update(forandring=ch["forandring"], forandring_pct=(ch["kvot"] - 1) * 100 if before else np.nan)
    sub = W.scope_incidents(ctx, scope)
    day = sub[C.TIDPUNKT].dt.tz_convert("Europe/Stockholm").dt.tz_localize(None).dt.normalize()
    last = sub[(day >= last0) & (day <= end)]
    if weights is not None and scope.kod in weights.index:
        out.update(skada=float(weights[scope.kod]) * n, skada_typ="vikt")
    elif weights is None and C.ALLVARLIGHET in last.columns and last[C.ALLVARLIGHET].notna().any():
        sev = last[C.ALLVARLIGHET].dropna()
        high = int((sev >= HIGH_SEVERITY).sum())
        lo, hi = S.wilson_limits(np.array([high]), np.array([len(sev)]))
        inc = ctx.incidents
        iday = inc[C.TIDPUNKT].dt.tz_convert("Europe/Stockholm").dt.tz_localize(None).dt.normalize()
        allsev = inc.loc[(iday >= last0) & (iday <= end), C.ALLVARLIGHET].dropna()
        ref = float((allsev >= HIGH_SEVERITY).mean()) if len(allsev) else np.nan
        out.update(skada=high / len(sev), skada_nedre=float(lo[0]), skada_ovre=float(hi[0]), skada_typ="allvarlighet",
                   skada_ref=ref)
    if C.PLATS in sub.columns and sub[C.PLATS].notna().any():
        from ...patterns import concentration

        # as step 1's place section (and the deep dive) computes it: the whole register, places with incidents
        summary = concentration.concentration_summary(concentration.counts_per_unit(sub, C.PLATS))
        out.update(koncentration=summary["topp10"])
    return out


def _crime_row(ctx, scope, weights) -> dict:
    out = {}
    j = own_joined(ctx)
    row = j[(j[C.BROTTSTYP] == scope.kod) & (j[C.AR] == ctx.ar_till)]
    if len(row):
        r = S.rates(row).iloc[0]
        out.update(antal=r[C.ANTAL], antal_nedre=np.nan, antal_ovre=np.nan, takt=r[C.VARDE], takt_nedre=r[C.NEDRE],
                   takt_ovre=r[C.OVRE], period=str(ctx.ar_till))
        if weights is not None and scope.kod in weights.index:
            out.update(skada=float(weights[scope.kod]) * float(r[C.ANTAL]), skada_typ="vikt")
    tr = trend(ctx)
    trow = tr[tr[C.BROTTSTYP] == scope.kod]
    if len(trow):
        t = trow.iloc[0]
        out.update(trend=t["trend"], forandring_pct=t["arlig_forandring_pct"],
                   forandring=Change.INCREASE if t["trend"] == Trend.INCREASING else
                   Change.DECREASE if t["trend"] == Trend.DECREASING else
                   Change.NOT_ASSESSED if t["trend"] == Trend.NOT_ASSESSED else Change.NO_CHANGE)
    return out


def _concern(ctx, scope) -> dict:
    q = W.SURVEY_FOR.get(scope.kod)
    if q is None:
        return {}
    area = scope.omrade if scope.kalla == "handelser" else None
    sh = W.survey_measure(ctx, W.Scope("enkat", (q,), area))
    if sh is not None and area and (sh.empty or sh[sh[C.AR] == sh[C.AR].max()]["n_svarande"].iloc[0] < 50):
        sh, area = W.survey_measure(ctx, W.Scope("enkat", (q,))), None
    if sh is None or sh.empty:
        return {}
    r = sh.sort_values(C.AR).iloc[-1]
    return {"oro": r[C.VARDE], "oro_nedre": r[C.NEDRE], "oro_ovre": r[C.OVRE], "oro_n": int(r["n_svarande"]),
            "oro_ar": int(r[C.AR]), "oro_omrade": area, "oro_fraga": q}


def influence(ctx, problem_id: str) -> dict:
    """Can the problem be influenced locally? From the workbook's causes (see :data:`TP.CRITERIA`)."""
    causes = W.sheet(ctx, "orsaker")
    mine = causes[causes["problem"].astype(str) == problem_id]
    if mine.empty:
        return {"paverkbart": None, "paverkbart_grund": "ingen orsaksanalys ännu"}
    situ = mine[(mine["faktortyp"] == "Situationell orsak") | (mine["perspektiv"] == "Plats/situation")]
    if len(situ):
        why = f"{len(situ)} av {len(mine)} orsaker i platsen eller situationen"
    else:
        why = "bara risk- och skyddsfaktorer (påverkas på längre sikt)"
    return {"paverkbart": bool(len(situ)), "paverkbart_grund": why}


def matrix(ctx) -> pd.DataFrame:
    """One row per workbook problem with every criterion's value, interval and mark (``k_*``: True, False or
    None when it cannot be assessed)."""
    def build():
        problems = W.sheet(ctx, "problem")
        weights = None
        if ctx.skadevikter is not None:
            from ...patterns import harm

            weights = harm.weight_table(ctx.skadevikter)
        rows = []
        for _, p in problems.sort_values("prioritet", na_position="last", kind="stable").iterrows():
            scope = W.problem_scope(ctx, p)
            row = {"id": p["id"], "problem": p["problem"], "status": p.get("status"), "prioritet": p.get("prioritet"),
                   "kalla": scope.kalla, "kod": scope.kod, "omrade": scope.omrade}
            row["omrade_saknas"] = W.area_gap(ctx, scope)
            if scope.kalla == "handelser" and row["omrade_saknas"] is None:
                row.update(_incident_row(ctx, scope, weights))
            elif scope.kalla == "brott" and ctx.crime is not None:
                row.update(_crime_row(ctx, scope, weights))
            row.update(_concern(ctx, scope))
            row.update(influence(ctx, str(p["id"])))
            rows.append(row)
        cols = ["id", "problem", "status", "prioritet", "kalla", "kod", "omrade", "antal", "antal_nedre", "antal_ovre",
                "period", "takt", "takt_nedre", "takt_ovre", "forandring", "forandring_pct", "skada", "skada_nedre",
                "skada_ovre", "skada_typ", "skada_ref", "koncentration", "oro", "oro_nedre", "oro_ovre", "oro_n",
                "oro_ar", "oro_omrade", "oro_fraga", "paverkbart", "paverkbart_grund", "omrade_saknas"]
        df = pd.DataFrame(rows).reindex(columns=cols)
        return _marks(df)
    return ctx.cached("steg2:matris", build)


def _top_half(values: pd.Series) -> pd.Series:
    """True for the top half (ceil(n/2)) of the non-missing values, None where missing."""
    ok = values.dropna()
    out = pd.Series([None] * len(values), index=values.index, dtype=object)
    if ok.empty:
        return out
    rank = ok.rank(ascending=False, method="min")
    out.loc[ok.index] = (rank <= math.ceil(len(ok) / 2)).astype(bool)
    return out


def _marks(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["k_vanligt"] = None
    for src in ("handelser", "brott"):
        m = df["kalla"] == src
        df.loc[m, "k_vanligt"] = _top_half(pd.to_numeric(df.loc[m, "antal"], errors="coerce"))
    df["k_okar"] = [None if (f is None or (isinstance(f, float) and np.isnan(f)) or f == Change.NOT_ASSESSED)
                    else f == Change.INCREASE for f in df["forandring"]]
    weighted = df["skada_typ"] == "vikt"
    df["k_skada"] = None
    if weighted.any():
        df.loc[weighted, "k_skada"] = _top_half(pd.to_numeric(df.loc[weighted, "skada"], errors="coerce"))
    sev = df["skada_typ"] == "allvarlighet"
    df.loc[sev, "k_skada"] = [bool(lo > ref) for lo, ref in zip(df.loc[sev, "skada_nedre"], df.loc[sev, "skada_ref"])]
    df["k_koncentrerat"] = [None if pd.isna(v) else bool(v >= CONCENTRATED) for v in df["koncentration"]]
    df["k_oro"] = [None if pd.isna(v) else bool(v >= CONCERN) for v in df["oro_nedre"]]
    df["k_paverkbart"] = df["paverkbart"]
    keys = [f"k_{k}" for k, _c, _r in TP.CRITERIA]
    for k in keys:  # True, False or None (not assessed), as plain Python values
        df[k] = pd.Series([None if v is None or (isinstance(v, float) and np.isnan(v)) else bool(v) for v in df[k]],
                          index=df.index, dtype=object)
    df["uppfyllda"] = [sum(bool(v) for v in r if v is not None) for r in df[keys].itertuples(index=False)]
    df["bedomda"] = [sum(v is not None for v in r) for r in df[keys].itertuples(index=False)]
    return df


# ------------------------------------------------------------------------------------------ display
def _count_cell(r) -> str:
    if pd.isna(r["antal"]):
        return fmt.MISSING
    if r["kalla"] == "brott":
        if pd.isna(r["takt"]):  # the population of the year (or the year before) is missing
            return f"{fmt.integer(r['antal'])} (folkmängd saknas)"
        return f"{fmt.integer(r['antal'])} ({T.rate_number(r['takt'])} per 100 000 inv.)"
    return f"{fmt.integer(r['antal'])} ({fmt.interval(r['antal_nedre'], r['antal_ovre'])})"


def _change_cell(r) -> str:
    f = r["forandring"]
    if not isinstance(f, str) or f == Change.NOT_ASSESSED:
        return fmt.MISSING
    pct = "" if pd.isna(r["forandring_pct"]) else T.signed_pct(r["forandring_pct"]) + (" per år" if r["kalla"] == "brott"
                                                                                       else "") + ", "
    return pct + T.change_short(f)


def _harm_cell(r) -> str:
    if r["skada_typ"] == "vikt":
        return f"skadevärde {fmt.num(r['skada'], 0)}"
    if r["skada_typ"] == "allvarlighet":
        return (f"{fmt.pct(r['skada'])} allvarliga ({fmt.interval(r['skada_nedre'], r['skada_ovre'], 0, percent=True)};"
                f" alla {fmt.pct(r['skada_ref'])})")
    return fmt.MISSING


def _concern_cell(r) -> str:
    if pd.isna(r["oro"]):
        return fmt.MISSING
    where = f"{r['oro_omrade']}, " if isinstance(r["oro_omrade"], str) else ""
    return f"{where}{fmt.pct(r['oro'])} ({fmt.interval(r['oro_nedre'], r['oro_ovre'], 0, percent=True)})"


def prioritering(ctx) -> Section:
    """The prioritisation matrix: every problem of the workbook on Brå's criteria, values and marks."""
    sec = ctx.section()
    df = matrix(ctx)
    if df.empty:
        sec.md("Arbetsboken har inga problem på bladet Problem. Skapa arbetsboken med `lagesbild arbetsbok` "
               "(den fylls i med förslag från lägesbilden) och ange den i parametern `arbetsbok_fil`.")
        sec.facts["matris"] = df
        return sec
    values = pd.DataFrame({
        "Id": df["id"], "Problem": df["problem"], "Antal senaste året (95 % KI)": [_count_cell(r) for _, r in df.iterrows()],
        "Förändring": [_change_cell(r) for _, r in df.iterrows()], "Skada": [_harm_cell(r) for _, r in df.iterrows()],
        "Andel på 10 % av platserna": [fmt.pct(v) if pd.notna(v) else fmt.MISSING for v in df["koncentration"]],
        "Ser problemet (enkät)": [_concern_cell(r) for _, r in df.iterrows()],
        "Påverkbart (arbetsboken)": df["paverkbart_grund"]})
    keys = [(r["kod"], ctx.ar_till) if r["kalla"] == "brott" else None for _, r in df.iterrows()]
    keep = ("Id", "Problem", "Ser problemet (enkät)", "Påverkbart (arbetsboken)")
    sec.table(values, f"Problemen i arbetsboken: underlag för prioriteringen, {ctx.namn}", keys=keys,
              count="Antal senaste året (95 % KI)", keep=keep)
    marks = pd.DataFrame({"Id": df["id"], "Problem": df["problem"], "Prioritet": df["prioritet"].map(
        lambda v: fmt.integer(v) if pd.notna(v) else fmt.MISSING)})
    for key, col, _rule in TP.CRITERIA:
        marks[col] = df[f"k_{key}"].map(TP.mark)
    marks["Uppfyllda kriterier"] = [TP.criteria_count_text(m, a) for m, a in zip(df["uppfyllda"], df["bedomda"])]
    sec.table(marks, "Prioriteringsmatris enligt Brås kriterier (● uppfyllt, ○ inte uppfyllt, – kan inte bedömas)",
              keys=keys, keep=("Id", "Problem", "Prioritet", "Oro", "Påverkbart"),
              tokens={c: TP.NOT_ASSESSED for _k, c, _r in TP.CRITERIA})
    shown = [(r["id"], r["problem"], int(r["uppfyllda"]), int(r["bedomda"])) for (_, r), k in zip(df.iterrows(), keys)
             if not ctx.disclosure.hides(k)]
    sec.md(TP.matrix_sentence(shown))
    _uncounted(ctx, sec, df)
    sec.note("Så bedöms kriterierna: " + "; ".join(f"**{c}**: {rule}" for _k, c, rule in TP.CRITERIA) + ". "
             "Händelser räknas de senaste tolv månaderna i registret (Poissonintervall), anmälda brott det senaste "
             "statistikåret. Enkätandelarna är viktade med Wilsonintervall; området används när minst 50 har svarat "
             "där, annars hela kommunen."
             + (" Skadevikterna är kommunens egna (parametern skadevikt_fil)." if ctx.skadevikter is not None else
                " Utan egna skadevikter används rapportörernas bedömning av allvarlighet (1–3) i händelserapporterna."))
    sec.facts["matris"] = df
    return sec


def _uncounted(ctx, sec: Section, df: pd.DataFrame) -> None:
    """Say why problems from the incident register have no count: never a silent blank or a wrong area."""
    for _, r in df[df["omrade_saknas"].notna()].iterrows():
        sec.md(f"**{r['id']}** räknas inte i matrisen: {r['omrade_saknas']}.")
    if W.incident_gap(ctx) == W.POLISEN_NOT_COUNTED and (df["kalla"] == "handelser").any():
        sec.md("Problemen från händelserapporterna räknas inte i matrisen: " + W.incident_gap_sentence(ctx))
