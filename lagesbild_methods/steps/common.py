"""Computations and wording that several steps share, cached on the context.

Everything here takes a :class:`~lagesbild_methods.steps.context.Context`; results that more than one
section (or the summary) uses go through ``ctx.cached`` so the report says the same thing everywhere.
"""
from __future__ import annotations

import pandas as pd

from .. import cache
from .. import columns as C
from .. import registry
from .. import stats as S

def label(code: str) -> str:
    """Swedish name of a crime type code."""
    return C.BROTTSTYPER.get(code, code)


def names() -> dict[str, str]:
    """Display names of every region code plus the kommungrupp aggregates in the data."""
    out = {k: r.namn for k, r in registry.REGIONS.items()}
    for g in registry.KOMMUNGRUPPER_2017:
        out[f"{C.KOMMUNGRUPP_PREFIX}{g}"] = f"Kommungrupp {g}"
    return out


def region_phrase(code: str) -> str:
    """How a benchmark is named in a sentence: 'Uppsala län', 'riket', 'kommungrupp B4 i hela landet'."""
    if code in registry.LAN:
        return registry.LAN[code].namn
    if code == C.RIKET:
        return "riket"
    if str(code).startswith(C.KOMMUNGRUPP_PREFIX):
        return f"kommungrupp {str(code)[len(C.KOMMUNGRUPP_PREFIX):]} i hela landet"
    return registry.region_name(code)


def joined(ctx) -> pd.DataFrame:
    """Crime counts of the period (and the year before) joined to the population denominator."""
    def build():
        crime = ctx.crime[ctx.crime[C.AR].between(ctx.ar_fran - 1, ctx.ar_till)]
        return S.join_population(crime, ctx.population, denominator_year=ctx.namnarear)
    return ctx.cached("joined", build)


def rates(ctx) -> pd.DataFrame:
    return ctx.cached("rates", lambda: S.rates(joined(ctx)))


def own_joined(ctx) -> pd.DataFrame:
    """The area's own rows of :func:`joined` within the period."""
    j = joined(ctx)
    return j[(j[C.KOMMUNKOD] == ctx.kod) & j[C.AR].between(ctx.ar_fran, ctx.ar_till)]


def extra_variation(ctx) -> pd.DataFrame:
    """How much more the yearly counts vary than chance alone explains (NB2 alpha per series), estimated
    once from every area and year of the data (:func:`lagesbild_methods.stats.estimate_extra_variation`).
    Every change, trend, comparison and funnel of the report uses this one estimate."""
    def build():
        j = joined(ctx)
        # the area, its county's kommuner (the peers), the county and every benchmark the report uses
        codes = {ctx.kod, *(c for c in ctx.area.benchmarks if c)}
        if ctx.lan:
            codes |= {ctx.lan, *registry.kommuner_i_lan(ctx.lan)}
        if ctx.area.typ == "kommun":
            codes.add(registry.kommungrupp_code(ctx.kod))
        j = j[j[C.KOMMUNKOD].isin(codes) & j[C.FOLKMANGD].notna()]
        # the same numbers for every kommun of a county and kommungrupp: estimated once per worker
        return _estimate_extra_variation(j)
    return ctx.cached("extra_variation", build)


@cache.memoized("extra_variation")
def _estimate_extra_variation(joined_rows: pd.DataFrame) -> pd.DataFrame:
    return S.estimate_extra_variation(joined_rows)


def trend(ctx) -> pd.DataFrame:
    """Trend per crime type over the period for the area (shared by the development section and summary)."""
    return ctx.cached("trend", lambda: S.trend(own_joined(ctx), extra_variation=extra_variation(ctx)))


def headline_type(ctx) -> str:
    """'totalt' when the data have it, else the crime type with most crimes in the latest year."""
    own = ctx.crime[(ctx.crime[C.KOMMUNKOD] == ctx.kod) & (ctx.crime[C.AR] == ctx.ar_till)]
    if (own[C.BROTTSTYP] == "totalt").any():
        return "totalt"
    return str(own.sort_values(C.ANTAL, ascending=False)[C.BROTTSTYP].iloc[0])


def denominator_text(ctx) -> str:
    return ("vid slutet av året före (Brås praxis)" if ctx.namnarear == "foregaende"
            else "vid slutet av samma år")


def survey_shares(ctx, question: str, positive, by=(C.KOMMUNKOD, C.AR)) -> pd.DataFrame:
    """Weighted share answering one of ``positive`` to ``question``, with Wilson interval and n."""
    def build():
        out = S.survey_shares(ctx.survey, question, list(positive), by=by, weight=C.VIKT)
        out["fraga"] = question
        return out
    return ctx.cached(_share_key(question, by), build)


def _share_key(question: str, by) -> str:
    return f"share:{question}:{','.join(by)}"


def prefetch_survey_shares(ctx, measures, by=(C.KOMMUNKOD, C.AR)) -> None:
    """Compute the shares of several ``(question, positive answers)`` at once (one pass over the survey,
    :func:`lagesbild_methods.stats.survey_shares_many`) and cache each as :func:`survey_shares` would.
    Questions the survey lacks are left to :func:`survey_shares` (which says so)."""
    present = set(ctx.survey[C.FRAGA].unique())
    todo = {q: list(pos) for q, pos in measures if q in present and _share_key(q, by) not in ctx.cache}
    if not todo:
        return
    for question, out in S.survey_shares_many(ctx.survey, todo, by=by, weight=C.VIKT).items():
        out["fraga"] = question
        ctx.cache[_share_key(question, by)] = out


def incidents_or_none(ctx) -> pd.DataFrame | None:
    """The incident frame, or None when the report has no (or an empty) incident register."""
    if ctx.incidents is None or ctx.incidents.empty:
        return None
    return ctx.incidents


def from_polisen(ctx) -> bool:
    return ctx.incidents is not None and ctx.incidents.attrs.get("kalla") == "polisen"


def no_incidents(sec):
    sec.md("Det finns inga händelserapporter i underlaget. Med kommunens egna EST-rapporter (parametern "
           "`handelser_fil`) visar avsnittet när och var händelserna sker.")
    return sec
