"""Method words of the step-5 reports that belong in their appendix "Om metoderna", not in the running text.

The running text of a follow-up report says what a coordinator can repeat in a meeting ("jämfört med övriga
händelser i området", "händelser varierar mer än slumpen ensam ger"); model names and statistical terms are
named in the appendix. :data:`JARGON` adds the follow-up's own terms to step 1's list
(:data:`lagesbild_methods.steps.metoder.JARGON`); :func:`jargon_in` finds both (used by the report tests on the
rendered text before the appendix).
"""
from __future__ import annotations

import re

from .. import metoder

JARGON: dict[str, str] = {
    "relativ effektstorlek": r"effektstorlek",
    "regressionsmodell": r"regressionsmodell",
    "överspridning": r"överspridning",
    "negativ binomial": r"negativ binomial|\bNB2\b",
    "Poisson": r"Poisson",
    "Farrington och Welsh": r"Farrington",
    "segmenterad regression": r"segmenterad",
    "samspel/interaktion": r"samspel|interaktion",
    "Pearson": r"Pearson",
    "harmoniska par": r"harmonisk|Fourier",
    "scoretest": r"scoretest|Miettinen",
}


def jargon_in(text: str) -> list[str]:
    """Step 1's method names and the follow-up's terms found in ``text`` (names as listed)."""
    return metoder.jargon_in(text) + [name for name, pattern in JARGON.items() if re.search(pattern, text, re.I)]
