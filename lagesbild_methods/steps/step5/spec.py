"""The parameter specs of the three step-5 templates, one per rhythm of the follow-up.

Three templates rather than one with a ``kadens`` parameter: the batch renders every template for every
municipality with its defaults, so three templates give the veckobild, the tertial follow-up and the yearly
evaluation for all municipalities in one run (and three rows per municipality in the index); each rhythm also
has its own period parameter (``vecka``, ``tertial``, ``ar_till``) and its own sections, and the veckobild is
a one-page document for a different meeting. The shared parameters are those of steps 2-3.
"""
from __future__ import annotations

from ..spec import Param, Spec
from ..step2.spec import COMMON

P = {p.name: p for p in COMMON}
_DATA = tuple(P[n] for n in ("handelser_fil", "kategori_fil", "handelser_till"))

VECKOBILD = Spec(
    mall="steg5_veckobild",
    titel="Veckobild (steg 5, uppföljning)",
    steg=5,
    niva="kommun",
    params=(
        P["kommun"],
        Param("vecka", "", 'veckan som bilden gäller, t.ex. "2025-v50"; tom sträng betyder den senaste hela veckan '
              "i händelserapporterna"),
        Param("veckor", 1, "1 för ett veckomöte, 2 för ett möte varannan vecka", choices=(1, 2)),
        P["arbetsbok_fil"],
    ) + _DATA,
    sections=("oversikt", "senaste_perioden", "platser", "flaggor", "pagaende_atgarder", "kedjan"),
)

TERTIAL = Spec(
    mall="steg5_tertial",
    titel="Tertialuppföljning (steg 5)",
    steg=5,
    niva="kommun",
    params=(
        P["kommun"],
        Param("tertial", "", 'tertialet som följs upp, t.ex. "2025 T3"; tom sträng betyder det senaste hela '
              "tertialet i händelserapporterna (utan dem: tertialet med arbetsbokens senaste aktivitet)"),
    ) + COMMON[1:],
    sections=("oversikt", "indikatorer", "aktiviteter", "kedjan", "luckor", "metod"),
)

AR = Spec(
    mall="steg5_arsuppfoljning",
    titel="Årsuppföljning och utvärdering (steg 5)",
    steg=5,
    niva="kommun",
    params=COMMON[:3] + (
        Param("jamforelse", "auto", 'jämförelse i utvärderingen: "kategorier" (övriga händelser i samma område), '
              '"omraden" (samma kategori i resten av kommunen) eller "auto" (den med flest händelser)',
              choices=("auto", "kategorier", "omraden")),
    ) + COMMON[3:],
    sections=("oversikt", "effekter", "indikatorer", "process", "kedjan", "medborgartext", "luckor", "metod"),
)

SPECS = (VECKOBILD, TERTIAL, AR)
