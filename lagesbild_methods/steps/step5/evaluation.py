"""Step 5, the yearly evaluation of each measure whose indicator counts incidents in the register.

For every such indicator (category, and area when given) the monthly counts from the start of the register to
the end of the evaluated year are compared

* **before/after with a comparison** (:func:`lagesbild_methods.stats.evaluation.before_after`): a negative
  binomial model with an area x period interaction and seasonality, and Farrington's relative effect size;
  the comparison (parameter ``jamforelse``) is either the *other incidents in the same area* (categories that
  no measure's indicator follows there) or the *same category in the rest of the municipality*; ``auto`` takes
  the one with more incidents (the narrower interval);
* **interrupted time series** (:func:`lagesbild_methods.stats.its.interrupted_time_series`) of the indicator
  alone: segmented quasi-Poisson regression with trend, seasonality and overdispersion.

:func:`evidence` turns the two verdicts into an :class:`~lagesbild_methods.verdicts.EffectEvidence` level: the
strength of evidence said plainly, never proof.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import columns as C
from ...errors import ParameterError
from ...verdicts import Change, EffectEvidence
from .. import arbetsbok as W
from ..step3.indicators import measure_start
from ._load import quiet
from .indicators import direction

MIN_BEFORE, MIN_AFTER = 6, 3  # whole months of register needed before and after the start


@dataclass
class Evaluation:
    """The evaluation of one indicator (``ok`` False with ``skal`` when it could not be done)."""

    indikator: str
    atgard: str
    ok: bool
    skal: str = ""
    start: pd.Timestamp | None = None
    slut: pd.Timestamp | None = None
    insats: str = ""  # what the treated series counts (Swedish)
    jamforelse: str = ""  # what the comparison counts (Swedish), '' without one
    jamforelse_kort: str = ""  # the same, short (table cell)
    jamforelse_antal: int = 0
    before_after: object = None  # BeforeAfterResult
    its: object = None  # ITSResult
    its_skal: str = ""
    evidens: EffectEvidence = EffectEvidence.NOT_ASSESSED
    samtidiga: tuple = ()  # other measures with the same indicator scope and start

    @property
    def model(self) -> pd.Series | None:
        return self.before_after.effect("modell") if self.before_after is not None else None

    @property
    def res(self) -> pd.Series | None:
        if self.before_after is None or not self.before_after.with_comparison:
            return None
        return self.before_after.effect("res")

    @property
    def niva(self) -> pd.Series | None:
        return self.its.effect("niva") if self.its is not None else None


def evidence(comparison_verdict, series_verdict, want: str) -> EffectEvidence:
    """Level of evidence from the comparison design's verdict and the time series' verdict (Change members or
    None when the design could not be run), for the desired direction ``want`` ('minska' or 'oka')."""
    good = Change.DECREASE if want == "minska" else Change.INCREASE
    bad = Change.INCREASE if want == "minska" else Change.DECREASE
    c = Change(str(comparison_verdict)) if comparison_verdict is not None else None
    s = Change(str(series_verdict)) if series_verdict is not None else None
    if c is None and s is None:
        return EffectEvidence.NOT_ASSESSED
    if c == bad or (c is None and s == bad):
        return EffectEvidence.OPPOSITE
    if c == good:
        return EffectEvidence.BOTH if s == good else EffectEvidence.COMPARISON
    if s == good:
        return EffectEvidence.SERIES_ONLY
    if c is None and s is not None and s == Change.NOT_ASSESSED:
        return EffectEvidence.NOT_ASSESSED
    return EffectEvidence.NONE_DETECTED


def _targeted(ctx, area) -> set[str]:
    """Incident categories some indicator follows in ``area`` (kept out of an 'other incidents' comparison)."""
    out = set()
    for _, ind in W.sheet(ctx, "indikatorer").iterrows():
        s = W.indicator_scope(ctx, ind)
        if s.kalla == "handelser" and (s.omrade == area or s.omrade is None):
            out.update(s.koder)
    return out


def comparison_series(ctx, scope, end, choice: str):
    """(monthly counts, Swedish description, short description) of the comparison for an incident scope, or
    (None, reason, '')."""
    treated = W.monthly_counts(ctx, scope, end=end)
    options = []
    if scope.omrade:
        cats = sorted(set(ctx.incidents.loc[ctx.incidents[C.OMRADE] == scope.omrade, C.KATEGORI])
                      - _targeted(ctx, scope.omrade) - set(scope.koder))
        if cats:
            other = W.monthly_counts(ctx, W.Scope("handelser", tuple(cats), scope.omrade), end=end)
            options.append(("kategorier", other, f"övriga händelser i området {scope.omrade} (kategorier som ingen "
                                                  "indikator följer där)", f"övriga händelser i {scope.omrade}"))
        whole = W.monthly_counts(ctx, W.Scope("handelser", scope.koder, None), end=end)
        rest = whole.assign(antal=whole["antal"].to_numpy() - treated["antal"].to_numpy())
        cat = ", ".join(C.INCIDENT_KATEGORIER.get(k, k).lower() for k in scope.koder)
        options.append(("omraden", rest, f"{cat} i resten av kommunen", f"{cat} i resten av kommunen"))
    options = [o for o in options if o[1]["antal"].sum() > 0]
    if choice != "auto":
        options = [o for o in options if o[0] == choice]
    if not options:
        return None, ("ingen jämförelse finns (indikatorn gäller hela kommunen)" if not scope.omrade
                      else "jämförelsen har inga händelser"), ""
    best = max(options, key=lambda o: o[1]["antal"].sum())
    return best[1], best[2], best[3]


def _concurrent(ctx, ind, scope, start) -> tuple:
    out = []
    for _, other in W.sheet(ctx, "indikatorer").iterrows():
        if str(other["atgard"]) == str(ind["atgard"]):
            continue
        if W.indicator_scope(ctx, other) == scope and measure_start(ctx, other["atgard"]) == start:
            out.append(str(other["atgard"]))
    return tuple(dict.fromkeys(out))


def evaluate(ctx, ind, end) -> Evaluation:
    """The yearly evaluation of one indicator row of the workbook, with data up to ``end`` (a date)."""
    from ...stats.evaluation import before_after
    from ...stats.its import interrupted_time_series

    iid, mid = str(ind["id"]), str(ind["atgard"])
    scope = W.indicator_scope(ctx, ind)
    if scope.kalla != "handelser":
        return Evaluation(iid, mid, False, "indikatorn räknar inte händelser i registret")
    if W.register_window(ctx) is None:
        from ._load import no_register_reason

        return Evaluation(iid, mid, False, no_register_reason(ctx))
    start = measure_start(ctx, mid)
    if start is None:
        return Evaluation(iid, mid, False, "åtgärden saknar startdatum")
    series = W.monthly_counts(ctx, scope, end=end)
    first_after = start.to_period("M") if start.day == 1 else start.to_period("M") + 1
    before = series[series["manad"] < first_after]
    after = series[series["manad"] >= first_after]
    ev = Evaluation(iid, mid, False, start=start, slut=pd.Timestamp(end), insats=W.scope_text(scope),
                    samtidiga=_concurrent(ctx, ind, scope, start))
    if len(before) < MIN_BEFORE or len(after) < MIN_AFTER:
        ev.skal = (f"för kort serie: {len(before)} hela månader före och {len(after)} efter starten (minst "
                   f"{MIN_BEFORE} och {MIN_AFTER} behövs)")
        return ev
    if series["antal"].sum() == 0:
        ev.skal = "inga händelser i serien"
        return ev
    s = str(first_after)
    comp, text, short = comparison_series(ctx, scope, end, ctx.params.get("jamforelse", "auto"))
    comp_verdict = None
    if comp is not None:
        df = pd.concat([series.assign(roll="insats"), comp.assign(roll="jamforelse")], ignore_index=True)
        try:
            ev.before_after = before_after(df, s, time="manad", area="roll", treated="insats", comparison="jamforelse")
            ev.jamforelse, ev.jamforelse_kort, ev.jamforelse_antal = text, short, int(comp["antal"].sum())
            comp_verdict = ev.model["verdikt"]
        except ParameterError as exc:
            ev.jamforelse = f"jämförelsen kunde inte göras: {exc}"
    else:
        ev.jamforelse = text
        try:
            ev.before_after = before_after(series, s, time="manad")
        except ParameterError as exc:
            ev.skal = str(exc)
            return ev
    series_verdict = None
    try:
        ev.its = interrupted_time_series(series, s, time="manad", seasonality="fourier", family="quasipoisson")
        series_verdict = ev.niva["verdikt"]
    except ParameterError as exc:
        ev.its_skal = str(exc)
    if comp is None:  # the plain before/after has no comparison: it counts as a series-only view
        series_verdict = series_verdict if series_verdict is not None else ev.model["verdikt"]
    ev.evidens = evidence(comp_verdict, series_verdict, direction(ind))
    ev.ok = True
    return ev


def evaluations(ctx, end) -> dict[str, Evaluation]:
    """The evaluation of every indicator of the workbook (by indicator id), cached on the context."""
    def build():
        with quiet():
            return {str(ind["id"]): evaluate(ctx, ind, end) for _, ind in W.sheet(ctx, "indikatorer").iterrows()}
    return ctx.cached(("steg5:utvardering", str(end)), build)
