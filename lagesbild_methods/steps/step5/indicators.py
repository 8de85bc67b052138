"""Step 5, the indicators: each indicator of the workbook against its baseline and its target for a period
(a tertial, a year), with intervals (:func:`lagesbild_methods.stats.followup.indicator_status`).

What an indicator counts comes from :func:`~lagesbild_methods.steps.arbetsbok.indicator_scope`; its baseline is
recomputed from the data for the period the workbook states (else the twelve months before the measure starts,
the year before, or the survey round before), because the test needs the counts, not a rounded figure.

* incident indicators -- counts in the baseline period and in the follow-up period, both in the indicator's
  unit ("Antal per år" ...); the extra variation is the Pearson dispersion of the monthly counts before the
  measure (for sums of months under a negative binomial the variance/mean ratio is the same as for one month);
* crime-statistics indicators -- the count of the baseline year against the latest year in the period;
* survey indicators -- the weighted share of the baseline round against the latest round (effective n).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ... import columns as C
from ...errors import ParameterError
from ...verdicts import Change
from .. import arbetsbok as W
from ..step3.indicators import UNIT_DAYS, measure_start
from ..step3.plan import _missing
from ._load import quiet

MIN_MONTHS_DISPERSION = 12


def _num(v) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def direction(ind) -> str:
    """'minska' or 'oka' (stats.followup's words) from the workbook's Riktning."""
    return "oka" if ind.get("riktning") == "Öka" else "minska"


def good_change(verdict, ind) -> bool | None:
    """True for a significant change in the desired direction, False for the wrong one, None for neither."""
    v = Change(str(verdict)) if not _missing(verdict) else Change.NOT_ASSESSED
    if not v.significant:
        return None
    return (v == Change.DECREASE) == (direction(ind) == "minska")


def baseline_window(ctx, ind) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """The baseline period of an incident indicator inside the register (stated, else 12 months before start)."""
    window = W.register_window(ctx)
    if window is None:
        return None
    period = W.parse_period(ind.get("baslinje_period"))
    if period is None:
        start = measure_start(ctx, ind["atgard"])
        end = (start - pd.Timedelta(days=1)) if start is not None else None
        if end is None:
            return None
        period = (end - pd.DateOffset(years=1) + pd.Timedelta(days=1), end)
    a, b = max(period[0], window[0]), min(period[1], window[1])
    return (a, b) if a <= b else None


def dispersion(ctx, scope, start) -> float:
    """Pearson dispersion (>= 1) of the scope's monthly counts before ``start`` (1 with too short a series)."""
    from ...stats import power as PW

    def build():
        end = (start - pd.Timedelta(days=1)) if start is not None else None
        series = W.monthly_counts(ctx, scope, end=end)
        if len(series) < MIN_MONTHS_DISPERSION or series["antal"].sum() == 0:
            return 1.0
        try:
            with quiet():
                est = PW.estimate_dispersion(series, time="manad")
        except ParameterError:
            return 1.0
        return max(1.0, float(est["pearson_dispersion"]))
    return ctx.cached(("steg5:dispersion", scope, str(start)), build)


def _days(a, b) -> int:
    return (pd.Timestamp(b) - pd.Timestamp(a)).days + 1


def _incident_row(ctx, ind, scope, a, b) -> dict:
    unit = ind.get("enhet")
    base = baseline_window(ctx, ind)
    window = W.register_window(ctx)
    if window is None:
        from ._load import no_register_reason

        return {"skal": no_register_reason(ctx)}
    if base is None:
        return {"skal": "ingen baslinjeperiod i händelserapporterna"}
    a, b = max(pd.Timestamp(a), window[0]), min(pd.Timestamp(b), window[1])
    if a > b:
        return {"skal": "perioden ligger utanför händelserapporterna"}
    if unit in UNIT_DAYS:
        per = UNIT_DAYS[unit]
    elif unit == "Antal under perioden":
        per = float(_days(*base))
    else:
        return {"skal": f"enheten {unit or 'saknas'} kan inte räknas ur händelserapporter"}
    return {"typ": "antal", "baslinje_antal": W.count_between(ctx, scope, *base),
            "baslinje_namnare": _days(*base) / per, "antal": W.count_between(ctx, scope, a, b),
            "namnare": _days(a, b) / per, "dispersion": dispersion(ctx, scope, measure_start(ctx, ind["atgard"])),
            "baslinje_fran": base[0], "baslinje_till": base[1], "fran": a, "till": b, "skala": 1.0}


def _crime_row(ctx, ind, scope, a, b) -> dict:
    if ctx.crime is None:
        return {"skal": "rapporten använder inte brottsstatistiken"}
    start = measure_start(ctx, ind["atgard"])
    period = W.parse_period(ind.get("baslinje_period"))
    y0 = period[0].year if period and period[0].year == period[1].year else (start.year - 1 if start is not None
                                                                               else None)
    series = W.yearly_crimes(ctx, scope.kod)
    latest = series[series[C.AR] <= pd.Timestamp(b).year]
    if series.empty:
        return {"skal": "brottsstatistiken saknar brottstypen"}
    if y0 is None or latest.empty:
        return {"skal": f"brottsstatistiken har inga år till och med {pd.Timestamp(b).year}" if latest.empty
                else "åtgärden saknar startdatum och indikatorn en baslinjeperiod"}
    y1 = int(latest[C.AR].max())
    x0 = series.loc[series[C.AR] == y0, C.ANTAL]
    if x0.empty or y1 <= y0:
        return {"skal": f"ingen ny årsstatistik efter {y0}" if y1 <= y0 else f"brottsstatistiken saknar {y0}"}
    if ind.get("enhet") not in ("Antal per år", "Antal under perioden", None):
        return {"skal": f"enheten {ind.get('enhet')} kan inte följas upp ur årsstatistiken"}
    return _crime_counts(x0, latest, y0, y1)


def _crime_counts(x0, latest, y0, y1) -> dict:
    return {"typ": "antal", "baslinje_antal": int(x0.iloc[0]), "baslinje_namnare": 1.0,
            "antal": int(latest.loc[latest[C.AR] == y1, C.ANTAL].iloc[0]), "namnare": 1.0, "dispersion": 1.0,
            "baslinje_fran": pd.Timestamp(f"{y0}-01-01"), "baslinje_till": pd.Timestamp(f"{y0}-12-31"),
            "fran": pd.Timestamp(f"{y1}-01-01"), "till": pd.Timestamp(f"{y1}-12-31"), "skala": 1.0,
            "nyckel": (y0, y1)}


def _survey_row(ctx, ind, scope, a, b) -> dict:
    if "enkat_fil" not in ctx.spec.names:
        return {"skal": "rapporten använder inte trygghetsmätningen"}
    sh = W.survey_measure(ctx, scope)
    if sh is None or sh.empty:
        return {"skal": "trygghetsmätningen saknar frågan" if ctx.survey is not None else "ingen trygghetsmätning"}
    start = measure_start(ctx, ind["atgard"])
    period = W.parse_period(ind.get("baslinje_period"))
    if period is not None and period[0].year == period[1].year:
        y0 = period[0].year
    else:
        before = sh[sh[C.AR] <= (start.year if start is not None else sh[C.AR].max())]
        y0 = int((before if len(before) else sh)[C.AR].max())
    after = sh[(sh[C.AR] > y0) & (sh[C.AR] <= pd.Timestamp(b).year)]
    r0 = sh[sh[C.AR] == y0]
    if r0.empty:
        return {"skal": f"ingen mätning {y0}"}
    if after.empty:
        return {"skal": f"ingen ny mätning efter {y0}"}
    r0, r1 = r0.iloc[0], after.sort_values(C.AR).iloc[-1]
    n0, n1 = float(r0[C.NAMNARE]), float(r1[C.NAMNARE])
    y1 = int(r1[C.AR])
    return {"typ": "andel", "baslinje_antal": float(r0[C.VARDE]) * n0, "baslinje_namnare": n0,
            "antal": float(r1[C.VARDE]) * n1, "namnare": n1, "dispersion": 1.0,
            "baslinje_fran": pd.Timestamp(f"{y0}-01-01"), "baslinje_till": pd.Timestamp(f"{y0}-12-31"),
            "fran": pd.Timestamp(f"{y1}-01-01"), "till": pd.Timestamp(f"{y1}-12-31"), "skala": 100.0}


BASE_COLUMNS = ["id", "atgard", "indikator", "enhet", "malvarde", "maldatum", "riktning_kod", "riktning", "raknar",
                "kalla", "kod", "omrade"]
ROW_COLUMNS = ["typ", "baslinje_antal", "baslinje_namnare", "antal", "namnare", "dispersion"]


def disclosure_key(ctx, row):
    """The (brottstyp, year) a row's numbers rest on when it shows crime statistics (the suppression policy
    masks it in a shareable report), else None. Of the two years shown, a hidden one is named."""
    if row.get("kalla") != "brott" or not isinstance(row.get("nyckel"), tuple):
        return None
    keys = [(row["kod"], y) for y in row["nyckel"]]
    return next((k for k in keys if ctx.disclosure.hides(k)), keys[-1])


def follow_up(ctx, a, b) -> pd.DataFrame:
    """Every indicator of the workbook against its baseline and target for the period ``a``..``b``.

    One row per indicator: the workbook's fields (``id``, ``atgard``, ``indikator``, ``enhet``, ``malvarde``,
    ``maldatum``, ``riktning_kod``), what it counts (``raknar``, ``kalla``), the periods compared, and -- when
    the data can show it -- the output of :func:`stats.followup.indicator_status` (``varde``, ``nedre``,
    ``ovre``, ``baslinje_varde`` ..., ``forandring``, ``mal_status``); ``skala`` (100 for shares shown in %);
    ``skal`` says why an indicator could not be followed up.
    """
    from ...stats import followup as FU

    def build():
        rows = []
        for _, ind in W.sheet(ctx, "indikatorer").iterrows():
            scope = W.indicator_scope(ctx, ind)
            base = {"id": str(ind["id"]), "atgard": str(ind["atgard"]), "indikator": ind.get("indikator"),
                    "enhet": ind.get("enhet"), "malvarde": _num(ind.get("malvarde")), "maldatum": ind.get("maldatum"),
                    "riktning_kod": direction(ind), "riktning": ind.get("riktning"), "raknar": W.scope_text(scope),
                    "kalla": scope.kalla, "kod": scope.kod, "omrade": scope.omrade}
            if scope.kalla == "handelser":
                data = _incident_row(ctx, ind, scope, a, b)
            elif scope.kalla == "brott":
                data = _crime_row(ctx, ind, scope, a, b)
            elif scope.kalla == "enkat":
                data = _survey_row(ctx, ind, scope, a, b)
            else:
                data = {"skal": "indikatorn räknar något som inte finns i underlaget (egen dokumentation eller "
                                "annan källa)"}
            rows.append(base | data)
        df = pd.DataFrame(rows)
        for c in BASE_COLUMNS + ROW_COLUMNS + ["skal", "skala", "nyckel"]:  # a workbook without indicators too
            if c not in df.columns:
                df[c] = np.nan
        ok = df["typ"].notna() & df["skal"].isna()
        out = df.copy()
        if ok.any():
            stat_in = df.loc[ok, ROW_COLUMNS].copy()
            stat_in["indikator"] = df.loc[ok, "id"]
            stat_in["riktning"] = df.loc[ok, "riktning_kod"]
            stat_in["mal"] = df.loc[ok, "malvarde"] / df.loc[ok, "skala"]
            with quiet():
                res = FU.indicator_status(stat_in.reset_index(drop=True))
            keep = [c for c in res.columns if c not in stat_in.columns]
            res.index = df.index[ok]
            out = pd.concat([df, res[keep]], axis=1)
        return out
    return ctx.cached(("steg5:indikatorer", str(a), str(b)), build)
