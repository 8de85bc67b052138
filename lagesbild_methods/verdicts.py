"""Verdicts: the outcome of a statistical judgement as a value, not as a sentence (ground layer).

Statistics (:mod:`lagesbild_methods.stats`) and pattern functions (:mod:`lagesbild_methods.patterns`)
return members of these enums in their verdict columns (``forandring``, ``trend``, ``skillnad``,
``klass``, ``flagga``). Code decides on the members; the Swedish wording for each member lives only
in the text package (:mod:`lagesbild_methods.text`), so rewording a label can never change what a
report *says*.

Every enum is an :class:`enum.StrEnum` with a short ASCII code as value. A member therefore
compares equal to its code (``Change.INCREASE == "increase"``), survives a CSV round trip as that
code, and can be rebuilt from it (``Change("increase")``). The significance level of a comparison
with a benchmark is a separate value (column ``skillnad_niva``: 0.998, 0.95 or NaN), not part of
the verdict.
"""
from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    """Change between two periods (rates or survey shares)."""

    INCREASE = "increase"  # significant increase (test and interval agree)
    DECREASE = "decrease"  # significant decrease
    NO_CHANGE = "no_change"  # no significant change
    NOT_ASSESSED = "not_assessed"  # values missing: not judged

    @property
    def significant(self) -> bool:
        return self in (Change.INCREASE, Change.DECREASE)


#: Change of a survey share between two rounds uses the same verdicts as a change of a rate.
ShareChange = Change


class Trend(StrEnum):
    """Log-linear trend over years."""

    INCREASING = "increasing"
    DECREASING = "decreasing"
    NONE = "none"  # no significant trend
    NOT_ASSESSED = "not_assessed"  # too few years or no events

    @property
    def significant(self) -> bool:
        return self in (Trend.INCREASING, Trend.DECREASING)


class Comparison(StrEnum):
    """An area compared with a benchmark (county, country, kommungrupp, funnel target).

    The level at which a difference holds (95 % or 99.8 %) travels separately.
    """

    HIGHER = "higher"
    LOWER = "lower"
    NO_DIFFERENCE = "no_difference"
    NOT_ASSESSED = "not_assessed"

    @property
    def significant(self) -> bool:
        return self in (Comparison.HIGHER, Comparison.LOWER)


class HotSpot(StrEnum):
    """Class of a grid cell after the Gi* test with false-discovery control."""

    HOT = "hot"
    COLD = "cold"
    NONE = "none"


class ControlFlag(StrEnum):
    """Flag of one period against its control limits."""

    HIGH = "high"  # higher than expected
    LOW = "low"  # lower than expected
    NORMAL = "normal"  # judged, within the limits
    NOT_ASSESSED = "not_assessed"  # incomplete period or too short a baseline

    @property
    def flagged(self) -> bool:
        return self in (ControlFlag.HIGH, ControlFlag.LOW)


class Target(StrEnum):
    """An indicator against its fixed target value (tertial follow-up, ``stats.followup``)."""

    REACHED = "reached"  # the whole interval is on the good side of the target
    NOT_REACHED = "not_reached"  # the whole interval is on the wrong side
    UNCERTAIN = "uncertain"  # the interval contains the target
    NOT_ASSESSED = "not_assessed"  # no target or no data


class ProcessStatus(StrEnum):
    """How a measure is being carried out (step 4): the traffic light of the process follow-up."""

    GREEN = "green"  # on plan
    YELLOW = "yellow"  # deviations that need attention
    RED = "red"  # stopped, delayed or nothing done
    NOT_STARTED = "not_started"  # starts after the follow-up date


class EffectEvidence(StrEnum):
    """How strongly the data speak for a measure's effect on its indicator (step 5, the chain).

    Never "proof": an observed change can have other causes; the wording says so.
    """

    BOTH = "both"  # comparison design and time series both show a change in the desired direction
    COMPARISON = "comparison"  # the comparison design shows it; the time series cannot tell it from chance
    SERIES_ONLY = "series_only"  # only a before/after change without comparison (time series)
    NONE_DETECTED = "none_detected"  # no change that can be told from chance
    OPPOSITE = "opposite"  # a change in the wrong direction
    NOT_ASSESSED = "not_assessed"  # no data, too short a series, or the indicator is not in the data


class StepStatus(StrEnum):
    """How far a kommun has come in one step of the work, judged from its workbook and reports
    (the county's process follow-up, ``steps.lan.status``). Ordered: not started < started < planned < done."""

    NOT_STARTED = "not_started"
    STARTED = "started"  # begun, not complete (e.g. causes for some of the prioritised problems)
    PLANNED = "planned"  # planned, not yet carried out (follow-up with baselines and targets)
    DONE = "done"
    UNREADABLE = "unreadable"  # the workbook could not be read

    @property
    def level(self) -> int:
        return {"not_started": 0, "started": 1, "planned": 2, "done": 3, "unreadable": 4}[self.value]


#: Levels at which a comparison is judged, strictest first.
LEVELS = (0.998, 0.95)

ALL = (Change, Trend, Comparison, HotSpot, ControlFlag, Target, ProcessStatus, EffectEvidence, StepStatus)

__all__ = ["ALL", "LEVELS", "Change", "Comparison", "ControlFlag", "EffectEvidence", "HotSpot", "ProcessStatus",
           "ShareChange", "StepStatus", "Target", "Trend"]
