"""Computations the county sections share (cached on the context): every kommun's rates, one funnel per
crime type, the county and the country over time, per-kommun trends, lokalpolisområden."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import registry
from ... import stats as S
from ...stats.compare import NIVA, SKILLNAD
from ...verdicts import Comparison
from ..common import joined


def kommuner(ctx) -> list[str]:
    """The county's kommuner that the crime statistics cover in the latest year (SCB order)."""
    def build():
        c = ctx.crime
        have = set(c.loc[c[C.AR] == ctx.ar_till, C.KOMMUNKOD])
        return [k for k in ctx.area.members if k in have]
    return ctx.cached("lan:kommuner", build)


def missing_kommuner(ctx) -> list[str]:
    return [k for k in ctx.area.members if k not in kommuner(ctx)]


def without_population(ctx) -> list[str]:
    """Kommuner with crime counts in the latest year but no population to divide them by."""
    def build():
        j = joined(ctx)
        jy = j[(j[C.AR] == ctx.ar_till) & j[C.KOMMUNKOD].isin(kommuner(ctx))]
        ok = set(jy.loc[jy[C.FOLKMANGD].notna(), C.KOMMUNKOD])
        return [k for k in kommuner(ctx) if k not in ok]
    return ctx.cached("lan:utan_folkmangd", build)


def denominator_year(ctx) -> int:
    """The year whose population divides the latest year's counts (Brå: the end of the year before)."""
    return ctx.ar_till - (1 if str(ctx.params.get("namnarear", "foregaende")) == "foregaende" else 0)


def types(ctx) -> list[str]:
    """Crime types with counts for the kommuner in the latest year ('totalt' first, then by label)."""
    def build():
        j = joined(ctx)
        jy = j[(j[C.AR] == ctx.ar_till) & j[C.KOMMUNKOD].isin(kommuner(ctx)) & j[C.ANTAL].notna()]
        found = set(jy[C.BROTTSTYP])
        return [b for b in C.BROTTSTYPER if b in found]
    return ctx.cached("lan:types", build)


def headline(ctx) -> str:
    t = types(ctx)
    return "totalt" if "totalt" in t else (t[0] if t else "totalt")


def latest(ctx) -> pd.DataFrame:
    """Rates (two confidence levels) of every kommun, the county and the country in the latest year."""
    def build():
        j = joined(ctx)
        jy = j[(j[C.AR] == ctx.ar_till) & j[C.ANTAL].notna() & j[C.FOLKMANGD].notna()]
        return S.rates(jy, confidence=(0.95, 0.998))
    return ctx.cached("lan:latest", build)


def funnels(ctx) -> dict:
    """One funnel per crime type over the county's kommuner in the latest year (target = the county's
    pooled rate); types with fewer than three kommuner or no crimes at all are left out."""
    def build():
        j = joined(ctx)
        jy = j[(j[C.AR] == ctx.ar_till) & j[C.KOMMUNKOD].isin(kommuner(ctx)) & j[C.ANTAL].notna()
               & j[C.FOLKMANGD].notna()]
        out = {}
        for b in types(ctx):
            part = jy[jy[C.BROTTSTYP] == b]
            if len(part) >= 3 and part[C.ANTAL].sum() > 0:
                out[b] = S.funnel(part, kind="rate")
        return out
    return ctx.cached("lan:funnels", build)


def deviating(ctx, brottstyp: str, policy) -> tuple[list[str], list[str]]:
    """Kommuner outside the funnel's 95 % limits (above, below) whose count may be shown."""
    f = funnels(ctx).get(brottstyp)
    if f is None:
        return [], []
    p = f.punkter
    p = p[[not policy.hidden_in(k, brottstyp, ctx.ar_till) for k in p[C.KOMMUNKOD]]]
    return (list(p.loc[p[SKILLNAD] == Comparison.HIGHER, C.KOMMUNKOD]),
            list(p.loc[p[SKILLNAD] == Comparison.LOWER, C.KOMMUNKOD]))


def kommungrupp(ctx) -> pd.DataFrame:
    """Each kommun against its SKR kommungrupp (national aggregate) in the latest year, every type."""
    def build():
        j = joined(ctx)
        jy = j[j[C.AR] == ctx.ar_till]
        rows = []
        for k in kommuner(ctx):
            kg = registry.kommungrupp_code(k)
            if kg is None or not (jy[C.KOMMUNKOD] == kg).any():
                continue
            cmp_ = S.compare_with_region(jy, k, kg)
            cmp_[C.KOMMUNKOD] = k
            cmp_["kommungrupp"] = kg
            rows.append(cmp_)
        return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return ctx.cached("lan:kommungrupp", build)


def period_rows(ctx, codes) -> pd.DataFrame:
    j = joined(ctx)
    return j[j[C.KOMMUNKOD].isin(list(codes)) & j[C.AR].between(ctx.ar_fran, ctx.ar_till) & j[C.ANTAL].notna()
             & j[C.FOLKMANGD].notna()]


def county_trends(ctx) -> pd.DataFrame:
    """Trend per crime type over the period for the county and the country."""
    return ctx.cached("lan:trend", lambda: S.trend(period_rows(ctx, [ctx.kod, C.RIKET])))


def kommun_trends(ctx) -> pd.DataFrame:
    """Trend per kommun and crime type over the period (for problems shared by several kommuner)."""
    return ctx.cached("lan:ktrend", lambda: S.trend(period_rows(ctx, kommuner(ctx))))


def rates_over_time(ctx) -> pd.DataFrame:
    return ctx.cached("lan:rates_t", lambda: S.rates(period_rows(ctx, [ctx.kod, C.RIKET, *kommuner(ctx)])))


def lpo_table(ctx) -> pd.DataFrame:
    """Counts and population per lokalpolisområde (the registry's), year and non-sensitive crime type."""
    def build():
        lpo = {k: registry.get(k).lokalpolisomrade for k in kommuner(ctx)}
        known = {k: v for k, v in lpo.items() if v}
        if not known:
            return pd.DataFrame()
        rows = period_rows(ctx, known)
        rows = rows[~rows[C.BROTTSTYP].isin(C.KANSLIGA_BROTTSTYPER)].copy()
        rows["lokalpolisomrade"] = rows[C.KOMMUNKOD].map(known)
        agg = rows.groupby(["lokalpolisomrade", C.AR, C.BROTTSTYP], as_index=False).agg(
            **{C.ANTAL: (C.ANTAL, "sum"), C.FOLKMANGD: (C.FOLKMANGD, "sum"), "kommuner": (C.KOMMUNKOD, "nunique")})
        agg[C.KOMMUNKOD] = agg["lokalpolisomrade"]  # trend/rates group by kommunkod
        return agg
    return ctx.cached("lan:lpo", build)


def survey_share_by_kommun(ctx, question: str, positive) -> pd.DataFrame:
    """Weighted share per kommun in each kommun's latest survey round (with effective n for funnels)."""
    def build():
        sv = ctx.survey
        sh = S.survey_shares(sv, question, list(positive), by=(C.KOMMUNKOD, C.AR), weight=C.VIKT)
        sh = sh.sort_values(C.AR).groupby(C.KOMMUNKOD, as_index=False).tail(1)
        sh["_x"] = sh[C.VARDE] * sh[C.NAMNARE]
        return sh.reset_index(drop=True)
    return ctx.cached(f"lan:share:{question}", build)


__all__ = ["NIVA", "SKILLNAD", "county_trends", "deviating", "funnels", "headline", "kommun_trends", "kommuner",
           "kommungrupp", "latest", "lpo_table", "missing_kommuner", "period_rows", "rates_over_time",
           "survey_share_by_kommun", "types"]
