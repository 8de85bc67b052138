"""The parameter spec of the step-1 template (``templates/steg1_lagesbild.ipynb``).

Light on purpose (no pandas/statsmodels): the runner and ``lagesbild mallar`` import it before any kernel.
"""
from __future__ import annotations

from ..spec import Param, Spec

#: Incident period parameter -> pandas frequency, and Swedish words for it.
KADENSER = {"vecka": "week", "manad": "month", "tertial": "tertial", "ar": "year"}
KADENS_ORD = {"vecka": "veckan", "manad": "månaden", "tertial": "tertialet", "ar": "året"}
KADENS_NOUN = {"vecka": "vecka", "manad": "månad", "tertial": "tertial", "ar": "år"}


SPEC = Spec(
    mall="steg1_lagesbild",
    titel="Lokal lägesbild – kartläggning (steg 1)",
    steg=1,
    niva="kommun",
    params=(
        Param("kommun", "Heby", 'kommunens namn eller SCB-kod, t.ex. "Heby" eller "0331"', area="kommun"),
        Param("ar_fran", 2015, "första statistikår som rapporten visar", minimum=1950, maximum=2100),
        Param("ar_till", 2025, "senaste statistikår som rapporten visar", minimum=1950, maximum=2100),
        Param("kadens", "tertial", 'uppföljningsperiod för händelsedata: "vecka", "manad", "tertial" eller "ar"',
              choices=tuple(KADENSER)),
        Param("namnarear", "foregaende", 'folkmängd i ”per 100 000 invånare”: "foregaende" (Brås praxis: 31 december året före) '
              'eller "samma"',
              choices=("foregaende", "samma")),
        Param("delbar", True, "True om rapporten ska delas: antal 1–4 i känsliga brottstyper visas som ”<5”"),
        Param("brott_fil", "", "anmälda brott: Brås CSV eller Excel-arbetsbok eller paketets tabell; tom sträng betyder "
              "övningsdata", kind="brott", bundled=True,
              noun="Brottsfilen"),
        Param("folkmangd_fil", "", "folkmängd 31 december: SCB:s svar (JSON) eller paketets tabell; tom sträng betyder övningsdata", kind="folkmangd",
              bundled=True, noun="Folkmängdsfilen"),
        Param("handelser_fil", "", "kommunens händelserapporter (EST) eller Polisens händelser (JSON); tom sträng betyder "
              "övningsdata",
              kind="handelser", bundled=True, noun="Händelsefilen"),
        Param("enkat_fil", "", "trygghetsmätning med en rad per svarande; tom sträng betyder övningsdata",
              kind="enkat", bundled=True, noun="Enkätfilen"),
        Param("kategori_fil", "", "egen översättning av kommunens händelsekategorier till paketets (valfri)", kind="kategorimappning",
              noun="Kategorifilen"),
        Param("handelser_till", "", 'sista dag som händelserapporterna är kompletta, t.ex. "2025-12-31" (valfri; tomt: '
              'bedöms från data)'),
        Param("cellstorlek_m", 0, "rutstorlek i meter för kartan över platser som sticker ut; 0 betyder att den "
              "väljs efter var händelserna finns", minimum=0, maximum=5000),
        Param("skadevikt_fil", "", "kommunens egna skadevikter per händelsekategori, kolumnerna kategori;vikt (valfri; "
              "inga officiella vikter finns)",
              kind="skadevikter", noun="Skadeviktsfilen"),
        Param("lokal_kunskap_fil", "", "kommunens egen text om lokal kunskap (dialoger, trygghetsvandringar, polisens "
              "bild) som Markdown- eller textfil, en rubrik per avsnitt (valfri)", noun="Filen med lokal kunskap"),
    ),
    sections=("oversikt", "sammanfattning", "vanligaste_problem", "jamforelse", "utveckling", "nar", "var",
              "trygghet", "lokal_kunskap", "kallor_och_begransningar", "lagkrav", "om_metoderna", "ordlista"),
)
