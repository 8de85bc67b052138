"""The parameter spec of the step-4 template (``templates/steg4_genomforande.ipynb``)."""
from __future__ import annotations

from ..spec import Param, Spec
from ..step2.spec import COMMON

_BY_NAME = {p.name: p for p in COMMON}

SPEC = Spec(
    mall="steg4_genomforande",
    titel="Genomförande (steg 4)",
    steg=4,
    niva="kommun",
    params=(
        _BY_NAME["kommun"],
        Param("datum", "", 'uppföljningsdatum, t.ex. "2025-12-31"; tom sträng betyder den senaste aktiviteten i '
              "arbetsboken"),
        _BY_NAME["arbetsbok_fil"],
    ),
    sections=("oversikt", "tidslinje", "status", "avvikelser", "resurser", "luckor"),
)
