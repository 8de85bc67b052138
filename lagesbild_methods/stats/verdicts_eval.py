"""Verdicts of the evaluation functions (temporary home).

TODO(evaluation): the engineer "house" is adding ``lagesbild_methods/verdicts.py`` with the
shared enums; ``Change`` below has the same members and codes as theirs and ``Target`` is to be
added there. When it lands on main these names are imported from ``..verdicts`` instead.
"""
from __future__ import annotations

from enum import StrEnum


class Change(StrEnum):
    """Change between two periods, or an estimated effect (ratio with its interval)."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NO_CHANGE = "no_change"
    NOT_ASSESSED = "not_assessed"

    @property
    def significant(self) -> bool:
        return self in (Change.INCREASE, Change.DECREASE)


class Target(StrEnum):
    """An indicator against its target value (the target itself is fixed, not estimated)."""

    REACHED = "reached"  # the whole interval is on the good side of the target
    NOT_REACHED = "not_reached"  # the whole interval is on the wrong side
    UNCERTAIN = "uncertain"  # the interval contains the target
    NOT_ASSESSED = "not_assessed"  # no target or no data
