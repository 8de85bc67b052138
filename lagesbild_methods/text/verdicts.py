"""The Swedish wording of every verdict (:mod:`lagesbild_methods.verdicts`): labels for tables and legends.

This is the only place a verdict becomes words; code everywhere else decides on the enum members.
Lookups accept a member or its ASCII code (e.g. read back from a CSV).
"""
from __future__ import annotations

from .. import fmt
from ..verdicts import Change, Comparison, ControlFlag, HotSpot, Target, Trend
from .common import missing

CHANGE_SV = {Change.INCREASE: "Säkerställd ökning", Change.DECREASE: "Säkerställd minskning",
             Change.NO_CHANGE: "Ingen säkerställd förändring", Change.NOT_ASSESSED: "Ej bedömd (värde saknas)"}
#: Short lower-case form for table cells ("+12 %, säkerställd ökning").
CHANGE_SHORT_SV = {Change.INCREASE: "säkerställd ökning", Change.DECREASE: "säkerställd minskning",
                   Change.NO_CHANGE: "ej säkerställd", Change.NOT_ASSESSED: "ej bedömd"}
TREND_SV = {Trend.INCREASING: "Säkerställt ökande trend", Trend.DECREASING: "Säkerställt minskande trend",
            Trend.NONE: "Ingen säkerställd trend", Trend.NOT_ASSESSED: "Ej bedömd (värde saknas)"}
COMPARISON_SV = {Comparison.HIGHER: "Säkerställt högre", Comparison.LOWER: "Säkerställt lägre",
                 Comparison.NO_DIFFERENCE: "Ingen säkerställd skillnad",
                 Comparison.NOT_ASSESSED: "Ej bedömd (värde saknas)"}
COMPARISON_SHORT_SV = {Comparison.HIGHER: "högre", Comparison.LOWER: "lägre",
                       Comparison.NO_DIFFERENCE: "ingen säker skillnad",
                       Comparison.NOT_ASSESSED: "Ej bedömd (värde saknas)"}
CONTROL_FLAG_SV = {ControlFlag.HIGH: "högre än väntat", ControlFlag.LOW: "lägre än väntat",
                   ControlFlag.NORMAL: "inom det normala", ControlFlag.NOT_ASSESSED: "inte bedömd"}
HOTSPOT_SV = {HotSpot.HOT: "het punkt", HotSpot.COLD: "kall punkt", HotSpot.NONE: ""}
#: An indicator against its target (stats.followup.indicator_status, column ``mal_status``).
TARGET_SV = {Target.REACHED: "Målet är nått", Target.NOT_REACHED: "Målet är inte nått",
             Target.UNCERTAIN: "Osäkert om målet är nått", Target.NOT_ASSESSED: "Ej bedömd (mål eller värde saknas)"}


def as_verdict(kind, value):
    """The member of ``kind`` for a verdict value (member or its code), or None when missing/unknown."""
    if value is None or missing(value):
        return None
    try:
        return kind(str(value))
    except ValueError:
        return None


def level_number(level) -> str:
    """'99,8' or '95' for a significance level (0.998, 0.95); '95' when missing."""
    if level is None or missing(level):
        return "95"
    pct = round(float(level) * 100, 1)
    return fmt.num(pct, 0 if pct == int(pct) else 1)


def level_text(level) -> str:
    """'99,8 %' or '95 %' for a significance level (plain space, as in the legends)."""
    return f"{level_number(level)} %"


def comparison_label(verdict, level=None) -> str:
    """'Säkerställt högre (99,8 %)', 'Ingen säkerställd skillnad', ... for a Comparison verdict."""
    v = as_verdict(Comparison, verdict)
    if v is None:
        return fmt.MISSING
    text = COMPARISON_SV[v]
    if v.significant and level is not None and not missing(level):
        text += f" ({level_text(level)})"
    return text


def comparison_short(verdict, level=None) -> str:
    """'högre', 'lägre (99,8 %)', 'ingen säker skillnad' for a table cell; '–' when missing."""
    v = as_verdict(Comparison, verdict)
    if v is None:
        return fmt.MISSING
    text = COMPARISON_SHORT_SV[v]
    if v.significant and level is not None and not missing(level) and float(level) > 0.95:
        text += f" ({level_text(level)})"
    return text


def change_label(verdict) -> str:
    v = as_verdict(Change, verdict)
    return CHANGE_SV[v] if v is not None else fmt.MISSING


def change_short(verdict) -> str:
    v = as_verdict(Change, verdict)
    return CHANGE_SHORT_SV[v] if v is not None else fmt.MISSING


def trend_label(verdict) -> str:
    v = as_verdict(Trend, verdict)
    return TREND_SV[v] if v is not None else fmt.MISSING


def control_flag_label(flag) -> str:
    """'högre än väntat', 'lägre än väntat', ... for a ControlFlag (member or code); '' when missing."""
    v = as_verdict(ControlFlag, flag)
    return CONTROL_FLAG_SV[v] if v is not None else ""


def hotspot_label(klass) -> str:
    """'het punkt', 'kall punkt' or '' for a HotSpot (member or code)."""
    v = as_verdict(HotSpot, klass)
    return HOTSPOT_SV[v] if v is not None else ""


def target_label(status) -> str:
    """'Målet är nått', 'Osäkert om målet är nått', ... for a Target (member or code); '–' when missing."""
    v = as_verdict(Target, status)
    return TARGET_SV[v] if v is not None else fmt.MISSING
