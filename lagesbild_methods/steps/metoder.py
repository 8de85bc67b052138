"""The report's appendix "Om metoderna" and its short glossary ("Ord i rapporten").

Plain Swedish first, method second: the running text of a report says what a coordinator can
repeat in a meeting; method names, parameters and references live here. :data:`JARGON` lists
the terms that must not appear before the appendix, and :func:`jargon_in` finds them (used by the
report tests on the rendered text and alt texts).
"""
from __future__ import annotations

import re

from .report import Section

APPENDIX_HEADING = "Om metoderna"

# term as a reader would search for it -> regular expression matching its spellings
JARGON: dict[str, str] = {
    "τ (tau)": r"τ",
    "φ (fi)": r"φ",
    "Spiegelhalter": r"Spiegelhalter",
    "Byars metod": r"\bByars?\b",
    "Poisson-GLM": r"Poisson-?GLM",
    "χ²": r"χ²|χ2|chi-?två|chi2",
    "Gini": r"\bGini",
    "Getis-Ord Gi*": r"Getis|Gi\*",
    "Benjamini–Hochberg": r"Benjamini|Hochberg",
    "Wilson": r"\bWilson",
    "Kish": r"\bKish",
}

GLOSSARY = (
    ("Konfidensintervall", "Det intervall som det verkliga värdet med stor sannolikhet (95 %) ligger inom. "
                           "Få händelser ger ett brett intervall: talet är då osäkert."),
    ("Säkerställd", "En skillnad eller förändring som är så stor att slumpen knappast kan förklara den "
                    "(den håller på 95 %-nivån). En skillnad som inte är säkerställd kan vara verklig, men "
                    "underlaget räcker inte för att säga det."),
    ("Per 100 000 invånare", "Antalet delat med folkmängden och multiplicerat med 100 000, så att kommuner "
                             "av olika storlek kan jämföras."),
)

METHODS = (
    ("Osäkerhet i antal och brott per 100 000 invånare",
     "Antalet anmälda brott ett år ses som ett utfall av slumpen (Poissonfördelning). Under 10 brott används "
     "exakta gränser, från 10 brott Byars metod (en nära approximation). Folkmängden är den 31 december året "
     "före (Brås praxis) om inget annat anges. Under 20 brott markeras talet som osäkert."),
    ("Osäkerhet i andelar från trygghetsmätningen",
     "Andelar har Wilsons intervall. När svaren är viktade används den effektiva urvalsstorleken enligt Kish, "
     "som tar hänsyn till att vikterna gör urvalet mindre informativt."),
    ("Jämförelse med länet, riket och kommungruppen",
     "Jämförelsevärdet behandlas som fast. Kommunen är säkerställt högre när dess nedre gräns ligger över "
     "jämförelsevärdet och säkerställt lägre när dess övre gräns ligger under; 99,8 % prövas före 95 %."),
    ("Trattdiagrammet",
     "Trattdiagrammet följer Spiegelhalter (2005): gruppens värde i mitten och exakta gränser på 95 % och "
     "99,8 % som smalnar av när folkmängden växer. Varierar kommunerna mer än slumpen kan förklara "
     "(överspridning, mätt med φ och prövad med ett χ²-test) vidgas gränserna med en slumpeffekt τ "
     "(DerSimonian–Laird). Med åtta kommuner är den skattningen grov."),
    ("Förändring mellan två år",
     "Två års antal jämförs med ett exakt villkorat test för Poissonantal och ett intervall för kvoten "
     "mellan åren. En förändring kallas säkerställd när p < 0,05 och intervallet inte omfattar 1."),
    ("Trend över flera år",
     "Trenden skattas med en Poisson-GLM (log-linjär regression med folkmängden som exponering); den årliga "
     "förändringen är exp(β) − 1. Om data varierar mer än Poissonmodellen tillåter (χ²-prövning) används "
     "negativ binomial eller kvasi-Poisson."),
    ("När händer det?",
     "Fördelningen över timmar, veckodagar och månader prövas mot en jämn fördelning med χ²-test. Händelser "
     "med ett tidsintervall fördelas jämnt över intervallets timmar (aoristisk metod). Kontrollgränser för "
     "perioder bygger på Poissonfördelningen med hänsyn till överspridning."),
    ("Var händer det?",
     "Koncentrationen till platser mäts med Lorenzkurvan och Gini-koefficienten (0 = jämnt fördelat, 1 = allt "
     "på en plats). Heta punkter i rutnätet tas fram med Getis-Ord Gi* och korrigeras för många samtidiga "
     "prövningar med Benjamini–Hochberg (falsk upptäcktsandel 5 %)."),
    ("Små tal i delade rapporter",
     "I rapporter som ska delas döljs antal 1–4 i känsliga brottstyper (visas som ”<5”), och celler som annars "
     "kunde räknas fram döljs också (visas som ”..”)."),
)


def jargon_in(text: str) -> list[str]:
    """The :data:`JARGON` terms found in ``text`` (names as listed)."""
    return [name for name, pattern in JARGON.items() if re.search(pattern, text)]


def om_metoderna(extra: list[str] | None = None) -> Section:
    """The appendix: one short paragraph per method (with its name and reference), then any
    report-specific method sentences in ``extra`` (e.g. the funnel's overdispersion choice)."""
    sec = Section()
    for title, text in METHODS:
        sec.md(f"**{title}.** {text}")
    for sentence in extra or []:
        sec.md(sentence)
    return sec


def ordlista() -> Section:
    """The short glossary of the few terms that remain in the running text."""
    sec = Section()
    sec.md("\n".join(f"- **{term}**: {text}" for term, text in GLOSSARY))
    return sec
