"""The input kinds that ship with the package, registered in :data:`kinds.KINDS`.

Each kind is a detector (a score from a :class:`~.kinds.Sniff`) and one small adapter per contract it can
deliver; the adapters call the format readers (``tidy``, ``bra``, ``scb``, ``kolada``, ``polisen``,
``register``, ``survey``) and add what the registry promises on every frame: ``attrs["anteckningar"]``
(notes for the report) and ``attrs["varningar"]`` (plausibility warnings).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .. import columns as C
from .common import ascii_key
from .kinds import Kind, Sniff, register_kind

TEXT = (".csv", ".txt", ".tsv", "")
EXCEL = (".xlsx", ".xlsm", ".xls")
TABLE = TEXT + EXCEL
JSON = (".json", "")

_TIME_KEYS = {"tidpunkt", "handelse_id", "datum", "datum_tid", "tid", "starttid", "fran", "tidpunkt_fran",
              "datum_och_tid", "handelsetid"}
_CATEGORY_KEYS = {"kategori", "typ", "handelsetyp", "handelsekategori", "kategori_namn"}


def _note(df: pd.DataFrame, text: str) -> pd.DataFrame:
    df.attrs.setdefault("anteckningar", [])
    if text not in df.attrs["anteckningar"]:
        df.attrs["anteckningar"].append(text)
    return df


def _opt(opts: dict, *names: str) -> dict:
    return {n: opts[n] for n in names if opts.get(n) is not None}


# --------------------------------------------------------------------------------------------
# the package's tidy tables
# --------------------------------------------------------------------------------------------
def _detect_tidy_crime(s: Sniff) -> int:
    h = set(s.header)
    return 30 if {"kommunkod", "ar", "brottstyp"} <= h else (8 if "brottstyp" in h else 0)


def _detect_tidy_population(s: Sniff) -> int:
    h = set(s.header)
    return 30 if {"kommunkod", "ar", "folkmangd"} <= h else (8 if "folkmangd" in h and "ar" in h else 0)


def _read_tidy_crime(path: Path, opts: dict) -> pd.DataFrame:
    from .tidy import read_crime_csv
    return read_crime_csv(path, **_opt(opts, "strict_codes"))


def _read_tidy_population(path: Path, opts: dict) -> pd.DataFrame:
    from .tidy import read_population_csv
    return read_population_csv(path, **_opt(opts, "strict_codes"))


# --------------------------------------------------------------------------------------------
# Brå
# --------------------------------------------------------------------------------------------
def _detect_bra_kommun(s: Sniff) -> int:
    if not s.rows:
        return 0
    first = s.rows[0]
    if first and ascii_key(first[0]) == "kommun" and len(first) >= 2 and ascii_key(first[1]).startswith("antal"):
        return 30
    numeric = [r for r in s.rows[:10] if len(r) in (2, 3) and re.fullmatch(r"[\d  \u00a0\u202f]+", r[1] or "x")]
    if len(numeric) >= min(3, len(s.rows)) and len(s.header) <= 3:
        return 15 if any(r[0].lower().endswith(("kommun", "stad")) for r in numeric) else 12
    return 0


def _read_bra_kommun(path: Path, opts: dict) -> pd.DataFrame:
    from .bra import read_bra_kommun_csv
    df = read_bra_kommun_csv(path, opts.get("ar"), **_opt(opts, "kommuner", "namn_till_kod", "med_takt"))
    return _note(df, "Brås fil ”Anmälda brott i kommunerna” innehåller bara det totala antalet brott; "
                     "brottstyper saknas.")


def _detect_bra_indikatorer(s: Sniff) -> int:
    from .bra import _indicator_for
    hits = sum(_indicator_for(n, "", 0) is not None for n in s.sheetnames)
    if hits >= 2:
        return 30
    return 12 if len(s.sheetnames) >= 5 and not any(n.strip().startswith("R4") for n in s.sheetnames) else 0


def _read_bra_indikatorer(path: Path, opts: dict) -> pd.DataFrame:
    from .bra import read_bra_indikatorer
    return read_bra_indikatorer(path, **_opt(opts, "med_takt"))


def _detect_ntu(s: Sniff) -> int:
    return 30 if any(re.fullmatch(r"R\d+(\.\d+)?", n.strip()) for n in s.sheetnames) else 0


def _read_ntu(path: Path, opts: dict) -> pd.DataFrame:
    from .bra import read_ntu_lan
    return read_ntu_lan(path, **_opt(opts, "blad"))


# --------------------------------------------------------------------------------------------
# SCB, Kolada, Polisen (JSON)
# --------------------------------------------------------------------------------------------
def _detect_scb_v1(s: Sniff) -> int:
    t = s.text
    return 30 if s.json_start == "{" and '"columns"' in t and '"data"' in t else 0


def _detect_jsonstat2(s: Sniff) -> int:
    t = s.text
    return 30 if s.json_start == "{" and '"dataset"' in t and '"class"' in t else 0


def _read_scb(path: Path, opts: dict) -> pd.DataFrame:
    from .scb import read_scb_population
    return read_scb_population(path)


def _detect_scb_table(s: Sniff) -> int:
    from .scb_export import looks_like_export
    return 25 if not s.json_start and looks_like_export(s.rows) else 0


def _read_scb_table(path: Path, opts: dict) -> pd.DataFrame:
    from .scb_export import read_scb_table
    return read_scb_table(path)


def _detect_kolada(s: Sniff) -> int:
    t = s.text
    if s.json_start not in ("{", "[") or '"values"' not in t:
        return 0
    if '"kpi"' in t and '"period"' in t:
        return 30
    return 10 if '"next_url"' in t or '"next_page"' in t or '"count"' in t and '"values"' in t else 0


def _read_kolada(path: Path, opts: dict) -> pd.DataFrame:
    from .kolada import as_comparison, read_kolada_data
    df = as_comparison(read_kolada_data(path, **_opt(opts, "kon")))
    return _note(df, "Koladas nyckeltal är andelar eller antal per 100 000 invånare med egna definitioner; de "
                     "visas som jämförelsetal, aldrig som antal brott.")


def _read_kolada_population(path: Path, opts: dict) -> pd.DataFrame:
    from .kolada import population_from_kolada, read_kolada_data
    return population_from_kolada(read_kolada_data(path), str(path))


def _detect_kolada_table(s: Sniff) -> int:
    return 30 if {"kpi", "kommunkod", "ar", "varde"} <= set(s.header) else 0


def _read_kolada_table(path: Path, opts: dict) -> pd.DataFrame:
    from .kolada import as_comparison, read_kolada_table
    raw = read_kolada_table(path)
    df = as_comparison(raw, raw.attrs.get("titlar"))
    return _note(df, "Koladas nyckeltal är andelar eller antal per 100 000 invånare med egna definitioner; de "
                     "visas som jämförelsetal, aldrig som antal brott.")


def _read_kolada_table_population(path: Path, opts: dict) -> pd.DataFrame:
    from .kolada import population_from_kolada, read_kolada_table
    return population_from_kolada(read_kolada_table(path), str(path))


def _detect_polisen(s: Sniff) -> int:
    t = s.text
    if s.json_start == "[":
        if '"datetime"' in t and '"location"' in t:
            return 30
        return 5 if t.strip().replace(" ", "") in ("[]",) else 0
    h = set(s.header)
    return 30 if {"datetime", "location_name"} <= h else 0


def _read_polisen(path: Path, opts: dict) -> pd.DataFrame:
    from .polisen import read_polisen_events
    from .polisen_facts import notes
    kommuner = [opts["kommunkod"]] if opts.get("kommunkod") else opts.get("kommuner")
    df = read_polisen_events(path, kommuner=kommuner, **_opt(opts, "inkludera_sammanfattningar"))
    for n in [df.attrs["forbehall"]] + notes(df):
        _note(df, n)
    return df


def _read_polisen_as_incidents(path: Path, opts: dict) -> pd.DataFrame:
    from .. import registry
    from .polisen import events_as_incidents, polisen_forbehall
    events = _read_polisen(path, opts)
    out = events_as_incidents(events)
    kommun = registry.get(opts["kommunkod"]).namn if opts.get("kommunkod") else None
    out.attrs["forbehall"] = polisen_forbehall(opts.get("kommunkod")) if kommun else polisen_forbehall()
    out.attrs["anteckningar"] = [out.attrs["forbehall"]] + [n for n in events.attrs["anteckningar"]
                                                            if n != events.attrs["forbehall"]]
    return out


# --------------------------------------------------------------------------------------------
# the municipality's own files
# --------------------------------------------------------------------------------------------
def _detect_register(s: Sniff) -> int:
    h = set(s.header)
    time, cat = bool(h & _TIME_KEYS), bool(h & _CATEGORY_KEYS)
    if "respondent" in h or {"datetime", "location_name"} <= h or "brottstyp" in h:
        return 0
    return 25 if time and cat else (8 if time else 0)


def _read_register(path: Path, opts: dict) -> pd.DataFrame:
    from .register import read_incident_register
    return read_incident_register(path, kommunkod=opts.get("kommunkod"),
                                  **_opt(opts, "kategori_mappning", "okand_kategori", "blad"))


def _detect_survey(s: Sniff) -> int:
    h = set(s.header)
    return 30 if "respondent" in h else (10 if {"vikt", "ar"} <= h and len(h) > 5 and "kategori" not in h else 0)


def _read_survey(path: Path, opts: dict) -> pd.DataFrame:
    from .survey import read_survey
    return read_survey(path, kommunkod=opts.get("kommunkod"), **_opt(opts, "blad"))


def _detect_mapping(s: Sniff) -> int:
    h = [c for c in s.header if c]
    if not h:
        return 0
    if h[0].startswith("lokal") and len(h) <= 3:
        return 30
    return 10 if len(h) == 2 and h[1] == "kategori" and h[0] != "kategori" else 0


def _read_mapping(path: Path, opts: dict) -> pd.DataFrame:
    from .register import read_category_mapping_checked
    mapping, warnings = read_category_mapping_checked(path)
    out = pd.DataFrame({"lokal_kategori": list(mapping), C.KATEGORI: list(mapping.values())}, dtype="str")
    out.attrs["varningar"] = warnings
    return out


def _detect_weights(s: Sniff) -> int:
    h = set(c for c in s.header if c)
    return 30 if {"kategori", "vikt"} <= h and len(h) <= 3 and "respondent" not in h else 0


def _read_weights(path: Path, opts: dict) -> pd.DataFrame:
    from .tidy import read_harm_weights
    return read_harm_weights(path)


# --------------------------------------------------------------------------------------------
# files that are recognised only to be refused with a precise explanation
# --------------------------------------------------------------------------------------------
def _json_has(*needles: str, lacks: tuple[str, ...] = ()):
    def detect(s: Sniff) -> int:
        t = s.text
        return 20 if s.json_start and all(n in t for n in needles) and not any(n in t for n in lacks) else 0
    return detect


REFUSALS: tuple[Kind, ...] = (
    Kind("scb-metadata", "SCB:s beskrivning av en tabell (metadata), inte data", {},
         _json_has('"variables"', '"title"', lacks=('"columns"',)), JSON,
         avvisning="Den visar vilka variabler tabellen har men innehåller inga värden. Hämta värdena med en "
                   "POST-fråga (eller 'lagesbild hamta scb --ar 2015-2024') och läs in svaret."),
    Kind("scb-fraga", "en frågekropp till SCB:s API, inte ett svar", {},
         _json_has('"query"', '"response"', lacks=('"columns"', '"dataset"')), JSON,
         avvisning="Skicka frågan till SCB (eller använd 'lagesbild hamta scb') och läs in svaret."),
    Kind("kolada-kpi", "Koladas lista över nyckeltal (metadata), inte värden", {},
         _json_has('"values"', '"title"', '"description"', lacks=('"period"',)), JSON,
         avvisning="Hämta värdena från /v3/data/kpi/… (eller 'lagesbild hamta kolada --kpi N07540')."),
    Kind("kolada-kommuner", "Koladas lista över kommuner, inte värden", {},
         _json_has('"values"', '"title"', '"type"', lacks=('"period"', '"description"')), JSON,
         avvisning="Hämta värdena från /v3/data/kpi/… (eller 'lagesbild hamta kolada')."),
    Kind("geojson", "en kartfil (GeoJSON)", {}, _json_has('"FeatureCollection"'), JSON + (".geojson",),
         avvisning="Kartor över kommuner ingår i paketet; en kartfil kan inte läsas in som data."),
)


# --------------------------------------------------------------------------------------------
# registration
# --------------------------------------------------------------------------------------------
BUILTIN: tuple[Kind, ...] = (
    Kind("brott", "en tabell med anmälda brott (kommunkod,ar,brottstyp,antal,kalla)",
         {"brott": _read_tidy_crime}, _detect_tidy_crime, TABLE,
         anvisning="paketets eget format, t.ex. övningsdata eller en egen sammanställning"),
    Kind("folkmangd", "en tabell med folkmängd (kommunkod,ar,folkmangd,kalla)",
         {"folkmangd": _read_tidy_population}, _detect_tidy_population, TABLE,
         anvisning="paketets eget format, t.ex. från 'lagesbild hamta scb'"),
    Kind("bra-kommun", "Brås CSV ”Anmälda brott i kommunerna”", {"brott": _read_bra_kommun}, _detect_bra_kommun,
         TEXT, family="bra", anvisning="laddas ned från bra.se, ett år per fil (Kommun;Antal;Per 100 000 inv.)"),
    Kind("bra-indikatorer", "Brås arbetsbok ”Indikatorer för kommuners lägesbild” (Excel)",
         {"brott": _read_bra_indikatorer}, _detect_bra_indikatorer, EXCEL, family="bra",
         anvisning="en arbetsbok per kommun från bra.se"),
    Kind("ntu", "Brås NTU-arbetsbok per län (Excel, blad R4.1 …)", {"ntu": _read_ntu}, _detect_ntu, EXCEL,
         family="bra", anvisning="ntu_lan_….xlsx från bra.se"),
    Kind("scb-v1", "SCB:s PxWeb-svar (API v1, JSON)", {"folkmangd": _read_scb}, _detect_scb_v1, JSON, family="scb",
         anvisning="tabellen BefolkningNy, innehållet Folkmängd (BE0101N1)"),
    Kind("scb-jsonstat2", "SCB:s PxWebApi v2-svar (JSON-stat2)", {"folkmangd": _read_scb}, _detect_jsonstat2, JSON,
         family="scb", anvisning="tabellen TAB638 med outputFormat=json-stat2"),
    Kind("scb-tabell", "SCB:s tabell sparad från Statistikdatabasen (CSV eller Excel)", {"folkmangd": _read_scb_table},
         _detect_scb_table, TABLE, family="scb",
         anvisning="kolumnen region ('0380 Uppsala') och en kolumn per år, eller kolumnerna år och folkmängd"),
    Kind("kolada", "Kolada-svar (JSON, API v3)", {"jamforelse": _read_kolada, "folkmangd": _read_kolada_population},
         _detect_kolada, JSON,
         anvisning="från api.kolada.se/v3/data eller 'lagesbild hamta kolada'",
         om_fel_kontrakt="Koladas nyckeltal om brott är antal per 100 000 invånare eller andelar med egna "
                         "definitioner, inte antal anmälda brott; de kan bara visas som jämförelsetal."),
    Kind("kolada-tabell", "Kolada-värden som tabell (kpi,kommunkod,ar,kon,varde), t.ex. från 'lagesbild hamta "
         "kolada'", {"jamforelse": _read_kolada_table, "folkmangd": _read_kolada_table_population},
         _detect_kolada_table, TABLE, family="kolada",
         om_fel_kontrakt="Koladas nyckeltal om brott är antal per 100 000 invånare eller andelar med egna "
                         "definitioner, inte antal anmälda brott; de kan bara visas som jämförelsetal."),
    Kind("polisen", "Polisens händelser (JSON från polisen.se/api/events eller arkiv-CSV)",
         {"polisen": _read_polisen, "handelser": _read_polisen_as_incidents}, _detect_polisen, JSON + (".csv",),
         anvisning="ett redaktionellt urval som Polisen publicerar, inte kommunens eget register",
         om_fel_kontrakt="Polisens händelser är ett litet redaktionellt urval och kan inte ersätta Brås statistik "
                         "över anmälda brott."),
    Kind("handelser", "kommunens händelseregister (EST), CSV eller Excel", {"handelser": _read_register},
         _detect_register, TABLE, anvisning="minst kolumnerna tidpunkt och kategori"),
    Kind("enkat", "trygghetsmätning, en rad per svarande (CSV eller Excel)", {"enkat": _read_survey},
         _detect_survey, TABLE, anvisning="kolumnerna respondent, ar, vikt och en kolumn per fråga"),
    Kind("kategorimappning", "kategorimappning (lokal_kategori;kategori)", {"kategorimappning": _read_mapping},
         _detect_mapping, TABLE, anvisning="två kolumner: lokalt namn och paketets kategori"),
    Kind("skadevikter", "skadevikter (kategori;vikt)", {"skadevikter": _read_weights}, _detect_weights, TABLE,
         anvisning="två kolumner: händelsekategori och vikt (ett tal större än 0)"),
)

for _k in BUILTIN + REFUSALS:
    register_kind(_k, replace=True)
