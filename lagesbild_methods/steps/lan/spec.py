"""The parameter specs of the two county templates (light: the runner imports them before any kernel).

* :data:`SPEC` -- ``templates/lan_lagesbild.ipynb``: the regional lägesbild, every kommun of the county
  side by side (``lagesbild kor --mall lan --lan 01``).
* :data:`PROCESS_SPEC` -- ``templates/processuppfoljning_lan.ipynb``: the county's follow-up of the
  kommuner's process (status per step, Brå's "klart när", the delrapport/slutrapport indicators, the
  coordinators' survey).

County inputs other than the crime statistics and the population are optional: an empty value means the
practice data when the report runs on practice data, and "leave this part out" (said in the report) when
it runs on real statistics -- real and invented data are never mixed in one report.
"""
from __future__ import annotations

from ..spec import Param, Spec

LAN = Param("lan", "03", 'länets namn eller kod, t.ex. "Uppsala län" eller "03"', area="lan")
DELBAR = Param("delbar", True, "True om rapporten ska delas: små antal i känsliga brottstyper och små grupper visas inte")
NAMNAREAR = Param("namnarear", "foregaende", 'folkmängd i ”per 100 000 invånare”: "foregaende" (Brås praxis) eller '
                  '"samma"', choices=("foregaende", "samma"))
BROTT = Param("brott_fil", "", "anmälda brott för länets kommuner; tom sträng betyder övningsdata", kind="brott",
              bundled=True, noun="Brottsfilen")
FOLKMANGD = Param("folkmangd_fil", "", "folkmängd 31 december; tom sträng betyder övningsdata", kind="folkmangd",
                  bundled=True, noun="Folkmängdsfilen")
ARBETSBOCKER = Param("arbetsbocker_fil", "", "mapp med kommunernas arbetsböcker (.xlsx, en per kommun); tom sträng "
                     "betyder övningsdata", noun="Mappen med arbetsböcker")

SPEC = Spec(
    mall="lan_lagesbild",
    titel="Regional lägesbild – länets kommuner",
    steg=1,
    niva="lan",
    params=(
        LAN,
        Param("ar_fran", 2015, "första statistikår som rapporten visar", minimum=1950, maximum=2100),
        Param("ar_till", 2025, "senaste statistikår som rapporten visar", minimum=1950, maximum=2100),
        NAMNAREAR, DELBAR, BROTT, FOLKMANGD,
        Param("brottstyper", "", 'brottstyper med egna trattdiagram, t.ex. "skadegorelse,bostadsinbrott"; tom sträng: '
              "de som skiljer mest mellan kommunerna"),
        Param("enkat_fil", "", "trygghetsmätningar för länets kommuner (fil, mapp eller mönster); tom sträng betyder "
              "övningsdata", kind="enkat", noun="Enkätfilen"),
        ARBETSBOCKER,
        Param("ungdomsenkat_fil", "", "skolenkät om alkohol, narkotika, tobak och spel, en rad per elev; tom sträng "
              "betyder övningsdata", kind="ungdomsenkat", noun="Skolenkätsfilen"),
        Param("ungdomsenkat_kommun", "hemkommun", 'redovisa skolenkäten efter "hemkommun" eller "skolkommun"',
              choices=("hemkommun", "skolkommun")),
        Param("dialog_fil", "", "anteckningar från medborgardialoger och trygghetsvandringar; tom sträng betyder "
              "övningsdata", kind="dialog", noun="Dialogfilen"),
        Param("minsta_grupp", 10, "minsta antal svarande för att en andel ska visas", minimum=5, maximum=100),
    ),
    sections=("oversikt", "sammanfattning", "kommunerna", "tratt", "kommungrupp", "utveckling", "lokalpolisomraden",
              "gemensamma_problem", "prioriteringar", "trygghet", "andt", "dialog", "kallor", "om_metoderna", "ordlista"),
)

PROCESS_SPEC = Spec(
    mall="processuppfoljning_lan",
    titel="Processuppföljning – det brottsförebyggande arbetet i länets kommuner",
    steg=5,
    niva="lan",
    params=(
        LAN,
        Param("per_datum", "", 'dagen uppföljningen avser, t.ex. "2025-12-31"; tom sträng betyder dagens datum'),
        Param("ar_fran", 2015, "första statistikår för länets utfallsindikatorer", minimum=1950, maximum=2100),
        Param("ar_till", 2025, "senaste statistikår för länets utfallsindikatorer", minimum=1950, maximum=2100),
        NAMNAREAR, DELBAR, BROTT, FOLKMANGD, ARBETSBOCKER,
        Param("manifest_fil", "", "manifest.json från rapportmappen (eller mappen); tom sträng betyder rapporter/ om "
              "den finns", kind="rapportmanifest", noun="Manifestet"),
        Param("samordnarenkat_fil", "", "export av enkäten till samordnare och kommunpoliser (CSV eller Excel); tom "
              "sträng betyder övningsdata", kind="samordnarenkat", noun="Enkätexporten"),
    ),
    sections=("processoversikt", "statusmatris", "klart_nar", "rapportering", "samordnarenkat", "processkallor",
              "om_metoderna", "ordlista"),
)
