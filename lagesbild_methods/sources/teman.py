"""Coding free text into fixed themes, so that the text itself can be dropped where it is read.

The readers of dialogue notes (:mod:`.dialog`) and of the coordinators' survey (:mod:`.samordnarenkat`)
call :func:`code_themes` on every free-text cell and keep only the themes: a name, a personnummer or a
story in a note never leaves the sources layer. A theme is found when one of its keywords starts a word
of the text (``"klott"`` matches *klotter*, *klottrade*); keywords with a space match as phrases.
The lexicons are ours (Swedish everyday words for the problems in Brå's lägesbild guidance and the
county programme's needs: statistics, cause analysis, dialogue, follow-up); a text that matches no
keyword is coded :data:`OVRIGT`. Stems of five letters or more also match inside compound words
(``"stöld"`` in *cykelstölder*). Coding by keywords is rough: reports say so and show counts, never text.
"""
from __future__ import annotations

import re
import unicodedata

#: Theme of a text that matches no keyword.
OVRIGT = "Övrigt"

#: Themes of medborgardialoger and trygghetsvandringar: theme -> keyword stems (lower case).
DIALOG_TEMAN: dict[str, tuple[str, ...]] = {
    "Belysning och fysisk miljö": ("belysning", "belyst", "mörk", "lampa", "lampor", "gatlykt", "gatljus", "buskage",
                                   "buskar", "sly", "insyn", "skymd", "gångtunnel", "tunnel", "trasig", "staket",
                                   "förfall"),
    "Ungdomar som samlas och stör": ("ungdom", "gäng", "samlas", "hänger", "stök", "stöker", "störande", "bråk",
                                     "spring", "raggar"),
    "Narkotika": ("narkotika", "knark", "drog", "langning", "langar", "cannabis", "hasch", "spruta", "sprutor",
                  "pillr"),
    "Alkohol": ("alkohol", "fylla", "full ", "fulla", "berusad", "sprit", "öl ", "ölburk", "drick"),
    "Trafik och buskörning": ("trafik", "buskör", "moped", "epa", "a-traktor", "fortkör", "hastighet", "kör fort",
                              "övergångsställe", "parkering", "bilar"),
    "Skadegörelse och klotter": ("klott", "skadegör", "krossad", "sönder", "vandal", "tagg", "sprejad"),
    "Inbrott och stöld": ("inbrott", "stöld", "stulen", "stulna", "snatteri", "tjuv"),
    "Våld och hot": ("våld", "hot", "misshand", "rån", "slagsmål", "kniv", "vapen", "skjut"),
    "Nedskräpning": ("skräp", "nedskräp", "sopor", "soptunn", "glassplitter", "krossat glas"),
    "Närvaro av polis och vuxna": ("polis", "närvaro", "väktare", "vakt", "nattvandr", "vuxna", "fältare",
                                   "fältassistent"),
    "Otrygghet i allmänhet": ("otrygg", "rädd", "oro", "orolig", "undviker", "obehag"),
}

#: Themes of the coordinators' free-text answers (needs and comments).
SAMORDNAR_TEMAN: dict[str, tuple[str, ...]] = {
    "Statistik och data": ("statistik", "data", "siffror", "underlag", "kolada", "brå", "brottsstatistik", "karta",
                           "kartor", "gis"),
    "Analys och orsaksanalys": ("analys", "orsak", "orsaksanalys", "analysera"),
    "Medborgardialog och medborgarlöften": ("dialog", "medborgar", "löfte", "trygghetsvandr", "enkät",
                                            "trygghetsmätning"),
    "Tid och resurser": ("tid ", "tiden", "resurs", "budget", "pengar", "ensam ", "ensamma", "halvtid", "tjänst", "personal"),
    "Samverkan med polisen": ("polis", "samverkan", "samverka", "kommunpolis", "överenskommelse"),
    "Utbildning och nätverk": ("utbildning", "kurs", "nätverk", "erfarenhetsutbyte", "stöd", "handledning",
                               "goda exempel", "mall"),
    "Uppföljning och utvärdering": ("uppfölj", "följa upp", "utvärder", "indikator", "mäta", "effekt"),
    "Små kommuners förutsättningar": ("liten kommun", "små kommun", "mindre kommun", "små tal", "få brott"),
}

_SPACE = re.compile(r"\s+")


def normalise(text) -> str:
    """Lower case, one space between words, punctuation as space; å, ä, ö kept."""
    t = unicodedata.normalize("NFC", str(text)).lower()
    t = re.sub(r"[^\wåäö\- ]+", " ", t)
    return " " + _SPACE.sub(" ", t).strip() + " "


def code_themes(text, lexicon: dict[str, tuple[str, ...]]) -> list[str]:
    """The themes of ``lexicon`` a free text touches (in lexicon order); ``[OVRIGT]`` when none; ``[]``
    for an empty cell. The text is not kept."""
    if text is None or not isinstance(text, str) or not text.strip():
        return []
    t = normalise(text)
    hits = []
    for theme, words in lexicon.items():
        for w in words:
            w = w.lower()
            if w.endswith(" ") or " " in w.strip():
                found = (" " + w.strip() + " ") in t if w.endswith(" ") else (" " + w) in t
            elif len(w) >= 5:  # long stems also inside compounds: 'stöld' in 'cykelstölder'
                found = w in t
            else:
                found = (" " + w) in t or ("-" + w) in t
            if found:
                hits.append(theme)
                break
    return hits or [OVRIGT]


#: Column headers (ascii keys) that hold personal data: never read past the header.
PERSONAL_KEYS = ("namn", "name", "fornamn", "efternamn", "e_post", "epost", "e_postadress", "email", "mail",
                 "telefon", "tel", "mobil", "mobilnummer", "personnummer", "pnr", "adress", "kontakt",
                 "kontaktuppgifter", "deltagare", "deltagarlista", "ip_adress", "anvandare", "antecknat_av",
                 "ansvarig", "kontaktperson", "skribent", "sekreterare")


def is_personal_column(key: str) -> bool:
    """True for a column (ascii key) that holds names or contact details."""
    return any(key == k or key.startswith(k + "_") or key.endswith("_" + k) for k in PERSONAL_KEYS)
