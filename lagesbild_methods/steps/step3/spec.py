"""The parameter spec of the step-3 template (``templates/steg3_atgardsplan.ipynb``)."""
from __future__ import annotations

from ..spec import Param, Spec
from ..step2.spec import COMMON

SPEC = Spec(
    mall="steg3_atgardsplan",
    titel="Åtgärdsplan (steg 3)",
    steg=3,
    niva="kommun",
    params=COMMON[:3] + (
        Param("uppfoljning_ar", 2, "uppföljningstid i år för mål som saknar måldatum", minimum=1, maximum=10),
        Param("styrka", 0.8, "önskad sannolikhet att uppföljningen visar en verklig minskning (0,8 är praxis)"),
    ) + COMMON[3:],
    sections=("oversikt", "atgardsplan", "kedjan", "smart", "baslinjer", "upptackbar_effekt", "medborgarlofte",
              "luckor"),
)
