"""The parameter spec of the step-2 template (``templates/steg2_orsaksanalys.ipynb``)."""
from __future__ import annotations

from ..step1.spec import KADENSER
from ..spec import Param, Spec

#: Parameters steps 2 and 3 share (kommun, period, the workbook and the data files), in template order.
COMMON = (
    Param("kommun", "Heby", 'kommunens namn eller SCB-kod, t.ex. "Heby" eller "0331"', area="kommun"),
    Param("ar_fran", 2015, "första statistikår som analysen bygger på", minimum=1950, maximum=2100),
    Param("ar_till", 2025, "senaste statistikår som analysen bygger på", minimum=1950, maximum=2100),
    Param("arbetsbok_fil", "", "kommunens arbetsbok (Excel) från lagesbild arbetsbok; tom sträng betyder "
          "övningsarbetsboken", kind="arbetsbok", bundled=True, noun="Arbetsboken"),
    Param("delbar", True, "True om rapporten ska delas: antal 1–4 i känsliga brottstyper visas som ”<5”"),
    Param("namnarear", "foregaende", 'folkmängd i ”per 100 000 invånare”: "foregaende" (Brås praxis) eller "samma"',
          choices=("foregaende", "samma")),
    Param("brott_fil", "", "anmälda brott; tom sträng betyder övningsdata", kind="brott", bundled=True,
          noun="Brottsfilen"),
    Param("folkmangd_fil", "", "folkmängd 31 december; tom sträng betyder övningsdata", kind="folkmangd",
          bundled=True, noun="Folkmängdsfilen"),
    Param("handelser_fil", "", "kommunens händelserapporter (EST); tom sträng betyder övningsdata",
          kind="handelser", bundled=True, noun="Händelsefilen"),
    Param("enkat_fil", "", "trygghetsmätning med en rad per svarande; tom sträng betyder övningsdata",
          kind="enkat", bundled=True, noun="Enkätfilen"),
    Param("kategori_fil", "", "egen översättning av kommunens händelsekategorier till paketets (valfri)",
          kind="kategorimappning", noun="Kategorifilen"),
    Param("handelser_till", "", 'sista dag som händelserapporterna är kompletta, t.ex. "2025-12-31" (valfri)'),
)

SPEC = Spec(
    mall="steg2_orsaksanalys",
    titel="Orsaksanalys (steg 2)",
    steg=2,
    niva="kommun",
    params=COMMON[:3] + (
        Param("problem", "", 'problemets id i arbetsboken, t.ex. "P2"; tom sträng betyder det högst prioriterade'),
        Param("kadens", "manad", 'period för händelser över tid: "vecka", "manad", "tertial" eller "ar"',
              choices=tuple(KADENSER)),
    ) + COMMON[3:] + (
        Param("skadevikt_fil", "", "kommunens egna skadevikter per kategori, kolumnerna kategori;vikt (valfri)",
              kind="skadevikter", noun="Skadeviktsfilen"),
    ),
    sections=("oversikt", "prioritering", "problemet", "var", "nar", "vilka", "brottstriangeln", "fiskben",
              "handelsekedja", "underlag", "luckor", "nasta_steg"),
)
