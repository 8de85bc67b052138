"""The parameter spec of the step-2 template (``templates/steg2_orsaksanalys.ipynb``): a skeleton."""
from __future__ import annotations

from ... import columns as C
from ..spec import Param, Spec

SPEC = Spec(
    mall="steg2_orsaksanalys",
    titel="Orsaksanalys (steg 2)",
    steg=2,
    niva="kommun",
    params=(
        Param("kommun", "Heby", 'kommunens namn eller SCB-kod, t.ex. "Heby" eller "0331"', area="kommun"),
        Param("ar_fran", 2015, "första statistikår som analysen bygger på", minimum=1950, maximum=2100),
        Param("ar_till", 2025, "senaste statistikår som analysen bygger på", minimum=1950, maximum=2100),
        Param("problem", "bostadsinbrott", "det prioriterade problemet från lägesbilden (brottstyp)",
              choices=tuple(b for b in C.BROTTSTYPER if b != "totalt")),
        Param("namnarear", "foregaende", 'folkmängd i ”per 100 000 invånare”: "foregaende" (Brås praxis) eller "samma"',
              choices=("foregaende", "samma")),
        Param("delbar", True, "True om rapporten ska delas: antal 1–4 i känsliga brottstyper visas som ”<5”"),
        Param("brott_fil", "", "anmälda brott; tom sträng betyder övningsdata", kind="brott", bundled=True,
              noun="Brottsfilen"),
        Param("folkmangd_fil", "", "folkmängd 31 december; tom sträng betyder övningsdata", kind="folkmangd",
              bundled=True, noun="Folkmängdsfilen"),
    ),
    sections=("problemet", "brottstriangeln"),
)
