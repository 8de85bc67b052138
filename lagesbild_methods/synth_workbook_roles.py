"""Which prioritised problem of a practice workbook carries the planted effect and which the planted null.

The practice reports are meant to show one success and one honest "no detectable effect" per municipality.
That only works when the chosen category did not already change *by chance* at the measure's start in the
generated data: otherwise the report (rightly) finds a change that nobody planted -- in the first version
Älvkarleby's null category (inbrott och stöld in Skutskär) had fallen to 0,39 of its comparison before
anything was planted, and its planted category had fallen too, so two of sixteen intervals missed the truth.

The rule (the same for every municipality): the incident problems are tried in priority order on the
generated register *before planting* (:func:`lagesbild_methods.synth.generate_incidents`, the same seed as
``lagesbild ovningsdata``), each with the start date its role would get, analysed as the year report
analyses it (before/after against the larger of its two comparisons, negative binomial with seasonality,
:func:`stats.evaluation.before_after`; the interrupted time series, :func:`stats.its.interrupted_time_series`):

* **effect**: the first problem whose before/after ratio lies within :data:`Z_CHANCE` standard errors
  of 1. The margin is there because thinning the events adds noise of its own to what was already there;
* **null**: the first other problem for which neither analysis finds a change at the report's 95 % level
  (nothing is planted in it, so that is exactly what its report will say).

When no problem qualifies the first one is taken all the same (the planted record then says so in
``forvantad_z`` only; the tests of the practice reports would show it). The choice uses only the generated
data, never the planted outcome.
"""
from __future__ import annotations

import math

import pandas as pd

from . import columns as C

Z_CHANCE = 1.5
REGISTER_MONTHS = pd.period_range("2023-01", "2025-12", freq="M")


def unplanted_incidents(kommunkod: str) -> pd.DataFrame:
    """The practice register of one municipality as generated, before any effect is planted."""
    from . import synth

    return synth.generate_incidents(kommunkod, synth.rng_for(synth.DEFAULT_SEED, "incidents", kommunkod))


def _monthly(inc: pd.DataFrame, mask) -> pd.DataFrame:
    months = inc.loc[mask, C.TIDPUNKT].dt.tz_localize(None).dt.to_period("M").value_counts()
    return pd.DataFrame({"manad": REGISTER_MONTHS.astype(str),
                         "antal": months.reindex(REGISTER_MONTHS, fill_value=0).to_numpy().astype("int64")})


def chance_change(inc: pd.DataFrame, cat: str, area: str, followed: set[str], start: pd.Timestamp) -> dict:
    """What the year report would find for (``cat``, ``area``) from ``start`` in ``inc``: the before/after
    ratio with its z value and verdict, and the time series' verdict. ``followed`` are the categories some
    indicator follows in ``area`` (left out of the 'other incidents' comparison, as the report does)."""
    from .stats.evaluation import before_after
    from .stats.its import interrupted_time_series

    here = inc[C.OMRADE] == area
    series = _monthly(inc, here & (inc[C.KATEGORI] == cat))
    options = [_monthly(inc, here & ~inc[C.KATEGORI].isin(followed | {cat})),
               _monthly(inc, ~here & (inc[C.KATEGORI] == cat))]
    comp = max(options, key=lambda o: int(o["antal"].sum()))
    s = str(start.to_period("M"))
    df = pd.concat([series.assign(roll="insats"), comp.assign(roll="jamforelse")], ignore_index=True)
    m = before_after(df, s, time="manad", area="roll", treated="insats", comparison="jamforelse").effect("modell")
    its = interrupted_time_series(series, s, time="manad", seasonality="fourier", family="quasipoisson")
    se = (math.log(m["ovre"]) - math.log(m["nedre"])) / (2 * 1.959964)
    return {"kvot": float(m["kvot"]), "z": abs(math.log(m["kvot"])) / se if se > 0 else math.inf,
            "verdikt": str(m["verdikt"]), "serie": str(its.effect("niva")["verdikt"])}


def shows_change(inc: pd.DataFrame, cat: str, area: str, followed: set[str], start) -> bool:
    """Whether the year report would find a change for (``cat``, ``area``) from ``start`` in ``inc`` (either
    analysis at its 95 % level) -- for an indicator in which nothing is planted, a change found by chance."""
    r = chance_change(inc, cat, area, followed, pd.Timestamp(start))
    return r["verdikt"] != "no_change" or r["serie"] != "no_change"


def choose_roles(candidates: list[tuple[int, str, str]], starts: list[str], inc: pd.DataFrame) -> dict[int, tuple]:
    """{problem index: (kind, start)} for the planted effect and null.

    ``candidates``: (problem index, category code, area) of the incident problems that get measures, in
    priority order; ``starts``: the shuffled start dates (the effect takes the first, the null the second);
    ``inc``: the register before planting.
    """
    if not candidates:
        return {}
    followed = {}
    for _, cat, area in candidates:
        followed.setdefault(area, set()).add(cat)

    def check(c, start):
        _, cat, area = c
        return chance_change(inc, cat, area, followed[area], pd.Timestamp(start))

    def first(pool, dates, ok):
        return next(((c, pd.Timestamp(d)) for c in pool for d in dates if ok(check(c, pd.Timestamp(d)))), None)

    effect = first(candidates, starts, lambda r: r["z"] <= Z_CHANCE)
    effect = effect or (candidates[0], pd.Timestamp(starts[0]))
    roles = {effect[0][0]: ("effekt", effect[1])}
    rest = [c for c in candidates if c is not effect[0]]
    dates = [d for d in starts if pd.Timestamp(d) != effect[1]]
    if rest and dates:
        null = first(rest, dates, lambda r: r["z"] <= Z_CHANCE and r["serie"] == "no_change")
        null = null or (rest[0], pd.Timestamp(dates[0]))
        roles[null[0][0]] = ("nolleffekt", null[1])
    return roles
