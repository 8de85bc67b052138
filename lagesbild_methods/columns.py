"""Data contracts: the column names of every tidy frame, defined once.

Convention (see docs/ARCHITECTURE.md): data columns are Swedish domain words in ASCII
snake_case (no å/ä/ö in column names, so they are easy to type in a notebook);
category *values* shown to users keep their Swedish spelling through the label maps.
"""
from __future__ import annotations

# --- codes for regions -----------------------------------------------------------------
RIKET = "00"
UPPSALA_LAN = "03"
KOMMUNGRUPP_PREFIX = "KG-"  # national aggregate of an SKR kommungrupp, e.g. "KG-B4"

# --- crime statistics (Brå / Kolada), long format --------------------------------------
KOMMUNKOD = "kommunkod"  # str: 4 digits for a kommun, "03" county, "00" country, "KG-B4" group
AR = "ar"  # int: calendar year of the crimes
BROTTSTYP = "brottstyp"  # str: code from BROTTSTYPER
ANTAL = "antal"  # Int64: reported crimes (nullable when suppressed at source)
KALLA = "kalla"  # str: source label, e.g. "Brå", "Kolada N07540", "Övningsdata (syntetiska)"
CRIME_COLUMNS = [KOMMUNKOD, AR, BROTTSTYP, ANTAL, KALLA]

# --- population ---------------------------------------------------------------------------
FOLKMANGD = "folkmangd"  # int: population 31 December of AR
POPULATION_COLUMNS = [KOMMUNKOD, AR, FOLKMANGD, KALLA]

# --- incidents (EST-style register) --------------------------------------------------------
ID = "id"
TIDPUNKT = "tidpunkt"  # tz-aware datetime, Europe/Stockholm (start of the event window)
TIDPUNKT_TILL = "tidpunkt_till"  # optional end of the window (break-in discovered later); NaT if exact
KATEGORI = "kategori"  # str: the package category code (after mapping local names)
PLATS = "plats"  # str: named place (e.g. "Resecentrum", "Centrumskolan")
OMRADE = "omrade"  # str: area / district
X = "x"  # float: easting, SWEREF 99 TM (EPSG:3006), metres
Y = "y"  # float: northing, SWEREF 99 TM (EPSG:3006), metres
ORGANISATION = "organisation"  # str: reporter's organisation (kommun, polis, fastighetsbolag, ...)
ALLVARLIGHET = "allvarlighet"  # int 1-3: reporter's judgement (1 låg, 2 medel, 3 hög)
POLISANMALD = "polisanmald"  # bool
ATGARD = "atgard"  # str: action taken (may be empty)
FRITEXT = "fritext"  # str: free text -- NEVER shown in a report
INCIDENT_COLUMNS = [ID, TIDPUNKT, TIDPUNKT_TILL, KATEGORI, KOMMUNKOD, PLATS, OMRADE, X, Y,
                    ORGANISATION, ALLVARLIGHET, POLISANMALD, ATGARD, FRITEXT]
PRIVATE_COLUMNS = frozenset({FRITEXT})  # columns that must never reach a shared report

# --- survey answers (trygghetsmätning), long format ------------------------------------------
RESPONDENT = "respondent"  # str: respondent id
KON = "kon"  # str: "Kvinna", "Man", "Annat/vill inte svara"
ALDERSGRUPP = "aldersgrupp"  # str: "16-29", "30-49", "50-64", "65-84"
FRAGA = "fraga"  # str: question code from SURVEY_QUESTIONS
SVAR = "svar"  # str: answer text as on the questionnaire
VIKT = "vikt"  # float > 0: survey weight
SURVEY_COLUMNS = [RESPONDENT, KOMMUNKOD, AR, KON, ALDERSGRUPP, OMRADE, VIKT, FRAGA, SVAR]

# --- estimates (output of every analysis function) ------------------------------------------
VARDE = "varde"  # point estimate (rate per multiplier, share 0-1, ratio, ...)
NEDRE = "nedre"  # lower confidence limit (single confidence level)
OVRE = "ovre"  # upper confidence limit
KONFIDENS = "konfidens"  # float, e.g. 0.95; with two levels a text "95 %, 99,8 %"
METOD = "metod"  # str: "Exakt (Poisson)", "Byar", "Wilson", ...
LITET_ANTAL = "litet_antal"  # bool: fewer events than the stability threshold (20)
NAMNARE = "namnare"  # denominator used (population, n, effective n)
# With two levels at once: nedre_95, ovre_95, nedre_99_8, ovre_99_8
ESTIMATE_COLUMNS = [VARDE, NEDRE, OVRE, KONFIDENS, METOD, LITET_ANTAL]


def level_suffix(confidence: float) -> str:
    """Column suffix for a confidence level: 0.95 -> '95', 0.998 -> '99_8'."""
    pct = round(confidence * 100, 1)
    return (f"{pct:.1f}".rstrip("0").rstrip(".")).replace(".", "_")


# --- crime categories (Brå "Indikatorer för kommuners lägesbild" + total) --------------------
BROTTSTYPER: dict[str, str] = {
    "totalt": "Samtliga anmälda brott",
    "skadegorelse": "Skadegörelsebrott",
    "narkotikabrott": "Narkotikabrott",
    "valdsbrott_utomhus_vuxna": "Våldsbrott utomhus (vuxna)",
    "vald_i_nara_relation_kvinnor": "Våld i nära relation (kvinnor)",
    "vald_i_nara_relation_man": "Våld i nära relation (män)",
    "vald_mot_barn": "Våld mot barn",
    "personran_unga": "Personrån (unga)",
    "stoldbrott": "Stöldbrott",
    "bilbrott": "Bilbrott",
    "bostadsinbrott": "Bostadsinbrott",
    "trafikbrott": "Trafikbrott",
    "sexualbrott": "Sexualbrott",
}

# Categories whose small counts are suppressed in shareable reports (issue 3, item 6).
KANSLIGA_BROTTSTYPER: tuple[str, ...] = (
    "sexualbrott", "vald_i_nara_relation_kvinnor", "vald_i_nara_relation_man", "vald_mot_barn",
)

# --- incident categories of the package (EST registers are mapped onto these) -----------------
INCIDENT_KATEGORIER: dict[str, str] = {
    "skadegorelse": "Skadegörelse",
    "klotter": "Klotter",
    "nedskrapning": "Nedskräpning",
    "otrygg_plats": "Otrygg plats (mörk/ödslig)",
    "storande_samling": "Samling av personer som stör ordningen",
    "narkotika": "Misstänkt narkotikahantering",
    "vald": "Våld eller hot",
    "inbrott_stold": "Inbrott eller stöld",
    "buskorning": "Buskörning (moped, A-traktor)",
    "brand": "Brand",
    "incident_anstalld": "Incident mot anställd",
    "ovrigt": "Övrigt",
}

# --- survey questions of the bundled trygghetsmätning ---------------------------------------
SURVEY_QUESTIONS: dict[str, str] = {
    "trygghet_ute_kvall": "Hur trygg känner du dig om du går ut ensam sent en kväll i ditt bostadsområde?",
    "oro_brottsligheten": "Hur ofta har du under det senaste året känt oro över brottsligheten i samhället?",
    "oro_inbrott": "Hur ofta oroar du dig för att någon ska bryta sig in i din bostad?",
    "problem_klotter": "Hur stort problem är klotter och skadegörelse i ditt bostadsområde?",
    "problem_narkotika": "Hur stort problem är narkotikaförsäljning i ditt bostadsområde?",
    "problem_ungdomsgang": "Hur stort problem är störande ungdomsgäng i ditt bostadsområde?",
    "problem_buskorning": "Hur stort problem är buskörning med moped eller bil i ditt bostadsområde?",
    "utsatt_stold": "Har du under de senaste 12 månaderna blivit utsatt för stöld?",
    "utsatt_hot_vald": "Har du under de senaste 12 månaderna blivit utsatt för hot eller våld?",
}
