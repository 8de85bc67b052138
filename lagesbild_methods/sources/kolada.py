"""Kolada API v3: KPI metadata, municipality list and data values.

Response shapes (sources notes §4.1; Kolada API documentation, rKolada):
``{"values": [...], "next_url": <url or null>}``; data rows
``{"kpi", "municipality", "period", "values": [{"gender": "T"|"K"|"M", "value", "count", "status"}]}``.
Kolada's ids: kommuner use SCB's 4-digit codes; regions/country are ``00NN`` ("0003" Region Uppsala,
"0000" Riket) and become the SCB codes '03' and '00'; group ids ("G…") are left out.
"""
from __future__ import annotations

import urllib.parse
import pandas as pd

from .. import columns as C
from ..errors import InputDataError, Problem
from .common import load_json, fail

BASE_URL = "https://api.kolada.se/v3"
KALLA = "Kolada"
KON = "kon"  # column: 'T' totalt, 'K' kvinnor, 'M' män
KPI = "kpi"
STATUS = "status"
KOLADA_COLUMNS = [KPI, C.KOMMUNKOD, C.AR, KON, C.VARDE, STATUS, C.KALLA]
KON_LABELS = {"T": "Totalt", "K": "Kvinnor", "M": "Män"}

# Crime and safety KPIs used by the package. Ids and titles from the Kolada KPI catalogue (api.kolada.se
# v3 /kpi as cached in rKolada R/sysdata.rda @8afe11f9, ~2026; reference/real-data/
# kolada_kpi_catalogue_crime_safety.csv). 'brottstyp' = the closest columns.BROTTSTYPER code (Kolada
# values are rates per 100 000 inhabitants, not counts).
KOLADA_KPI: dict[str, dict[str, str | None]] = {
    "N07540": {"titel": "Anmälda brott totalt, antal/100 000 inv", "typ": "K", "brottstyp": "totalt"},
    "N07403": {"titel": "Anmälda våldsbrott, antal/100 000 inv", "typ": "A", "brottstyp": None},
    "U07417": {"titel": "Anmälda stöld- och tillgreppsbrott, antal/100 000 inv", "typ": "K", "brottstyp": "stoldbrott"},
    "U07452": {"titel": "Anmälda brott om skadegörelse, antal/100 000 inv", "typ": "K", "brottstyp": "skadegorelse"},
    "N07544": {"titel": "Anmälda narkotikabrott, antal/100 000 inv", "typ": "K", "brottstyp": "narkotikabrott"},
    "N07546": {"titel": "Anmälda bostadsinbrott, antal/100 000 inv", "typ": "K", "brottstyp": "bostadsinbrott"},
    "N07547": {"titel": "Anmälda bilbrott, antal/100 000 inv", "typ": "K", "brottstyp": "bilbrott"},
    "N07548": {"titel": "Anmälda trafikbrott, antal/100 000 inv", "typ": "K", "brottstyp": "trafikbrott"},
    "N07537": {"titel": "Anmälda sexualbrott, antal/100 000 inv", "typ": "K", "brottstyp": "sexualbrott"},
    "N07543": {"titel": "Anmälda personrån, antal/100 000 inv", "typ": "K", "brottstyp": None},
    "N07536": {"titel": "Anmälda brott mot frihet och frid, antal/100 000 inv", "typ": "K", "brottstyp": None},
    "N07538": {"titel": "Anmälda ekobrott, antal/100 000 inv", "typ": "K", "brottstyp": None},
    "N07402": {"titel": "Anmälda brott om grov kvinnofridskränkning i kommunen, antal/100 000 inv", "typ": "K",
               "brottstyp": None},
    "N00301": {"titel": "Trygghet och säkerhet - Kommunindex", "typ": "K", "brottstyp": None},
    "N00610": {"titel": "Medborgarundersökningen - Trygg utomhus i området där du bor när det är mörkt ute, andel(%)",
               "typ": "A", "brottstyp": None},
    "N00614": {"titel": "Medborgarundersökningen - Låg oro för att bli utsatt för våldsbrott eller hot om våld, andel (%)",
               "typ": "A", "brottstyp": None},
    "N00627": {"titel": "Medborgarundersökningen - Få problem med skadegörelse eller klotter i kommunen, andel (%)",
               "typ": "A", "brottstyp": None},
    "N01460": {"titel": "Invånare 16-84 år som utsatts för våld eller hot om våld, andel (%)", "typ": "A",
               "brottstyp": None},
    "N07611": {"titel": "NTU - Oro över brottsligheten i samhället, andel (%)", "typ": "A", "brottstyp": None},
    "N01951": {"titel": "Invånare totalt, antal", "typ": "A", "brottstyp": None},
}


def data_url(kpi: list[str] | str, kommuner: list[str] | str | None = None, ar: list[int] | int | None = None,
             *, per_page: int = 5000) -> str:
    """URL for ``/v3/data/kpi/{kpi}/municipality/{m}/year/{y}`` (any two of the three suffice)."""
    def join(v):
        return ",".join(str(x) for x in (v if isinstance(v, (list, tuple)) else [v]))
    parts = [BASE_URL, "data", "kpi", join(kpi)]
    if kommuner:
        ids = [to_kolada_id(k) for k in (kommuner if isinstance(kommuner, (list, tuple)) else [kommuner])]
        parts += ["municipality", ",".join(ids)]
    if ar:
        parts += ["year", join(ar)]
    if not kommuner and not ar:
        raise ValueError("Kolada needs two of kpi, municipality, year")
    return "/".join(parts) + "?" + urllib.parse.urlencode({"per_page": per_page})


def to_kolada_id(kod: str) -> str:
    """SCB code -> Kolada id: '0380' -> '0380', '03' -> '0003', '00' -> '0000'."""
    kod = str(kod)
    return kod.zfill(4) if len(kod) == 2 else kod


def from_kolada_id(kid: str) -> str | None:
    """Kolada id -> SCB code ('0003' -> '03', '0380' -> '0380'); None for groups ('G…')."""
    kid = str(kid)
    if not kid.isdigit() or len(kid) != 4:
        return None
    return kid[2:] if kid.startswith("00") else kid


def _load(source):
    return load_json(source, "ett svar från Koladas API")


def _values(obj, file) -> list:
    pages = obj if isinstance(obj, list) and obj and isinstance(obj[0], dict) and "values" in obj[0] else [obj]
    out = []
    for page in pages:
        if not isinstance(page, dict) or "values" not in page:
            fail(file, "Svaret är inte ett Kolada-svar.", expected="JSON med nyckeln 'values' (Kolada API v3)")
        out.extend(page["values"])
    return out


def read_kolada_data(source, *, kon: str | None = None) -> pd.DataFrame:
    """Parse Kolada data values (one response, a list of pages, or a saved file) into a long frame.

    Returns ``kpi, kommunkod, ar, kon ('T'/'K'/'M'), varde (float, NaN when Kolada has no value),
    status, kalla``. ``kon`` keeps one gender only ('T' for totals). Group ids are left out.
    """
    obj, file = _load(source)
    recs = []
    problems = []
    for i, row in enumerate(_values(obj, file)):
        try:
            kod = from_kolada_id(row["municipality"])
            for v in row.get("values", []):
                g = "K" if v.get("gender") == "F" else v.get("gender")  # old docs used 'F'
                recs.append({KPI: row["kpi"], C.KOMMUNKOD: kod, C.AR: int(row["period"]), KON: g,
                             C.VARDE: v.get("value"), STATUS: v.get("status") or ""})
        except KeyError as exc:
            problems.append(Problem(f"Post nr {i + 1} i svaret saknar fältet {exc}.", file, None, "values", None,
                                    "fälten kpi, municipality, period och values"))
        except (TypeError, ValueError, AttributeError):
            problems.append(Problem(f"Post nr {i + 1} i svaret har fel form.", file, None, "values", None,
                                    "fälten kpi, municipality, period (ett årtal) och values (en lista)"))
    if problems:
        raise InputDataError(file, problems)
    df = pd.DataFrame(recs, columns=[KPI, C.KOMMUNKOD, C.AR, KON, C.VARDE, STATUS])
    df = df[df[C.KOMMUNKOD].notna()]
    if kon is not None:
        df = df[df[KON] == kon]
    df[C.VARDE] = pd.to_numeric(df[C.VARDE], errors="coerce").astype("float64")
    df[C.AR] = df[C.AR].astype("int64")
    df[C.KALLA] = [f"{KALLA} {k}" for k in df[KPI]]
    for c in (KPI, C.KOMMUNKOD, KON, STATUS, C.KALLA):
        df[c] = df[c].astype("str")
    return df[KOLADA_COLUMNS].sort_values([KPI, C.KOMMUNKOD, C.AR, KON]).reset_index(drop=True)


def read_kolada_kpi(source) -> pd.DataFrame:
    """Parse a ``/v3/kpi`` response: one row per KPI with ``id, title, description, municipality_type,
    is_divided_by_gender, publication_date, publ_period`` (other fields kept)."""
    obj, file = _load(source)
    df = pd.DataFrame(_values(obj, file))
    if "id" not in df:
        fail(file, "KPI-svaret saknar fältet id.", expected="svar från /v3/kpi")
    return df.reset_index(drop=True)


def read_kolada_municipalities(source) -> pd.DataFrame:
    """Parse a ``/v3/municipality`` response into ``kolada_id, kommunkod, namn, typ ('K'/'L')``."""
    obj, file = _load(source)
    df = pd.DataFrame(_values(obj, file))
    if not {"id", "title", "type"} <= set(df.columns):
        fail(file, "Kommunsvaret saknar fälten id, title och type.", expected="svar från /v3/municipality")
    out = pd.DataFrame({"kolada_id": df["id"].astype("str"), C.KOMMUNKOD: df["id"].map(from_kolada_id),
                        "namn": df["title"].astype("str"), "typ": df["type"].astype("str")})
    return out


def next_url(page: dict) -> str | None:
    """The next page's URL of a v3 response, or None (null or empty string mean: last page)."""
    nxt = page.get("next_url") if isinstance(page, dict) else None
    return nxt or None


# --------------------------------------------------------------------------------------------
# Kolada values as comparison figures, and Kolada's population (N01951)
# --------------------------------------------------------------------------------------------
TITEL, ENHET = "titel", "enhet"
COMPARISON_COLUMNS = KOLADA_COLUMNS + [TITEL, ENHET]
POPULATION_KPI = "N01951"


def unit_of(title: str) -> str:
    """Swedish unit of a KPI from its title ('…, antal/100 000 inv' -> 'antal per 100 000 invånare')."""
    t = title.lower()
    if "100 000" in t:
        return "antal per 100 000 invånare"
    if "andel" in t or "(%)" in t:
        return "procent"
    if "index" in t:
        return "index"
    if "antal" in t:
        return "antal"
    return "enligt Koladas definition"


def as_comparison(df: pd.DataFrame, titles: dict[str, str] | None = None) -> pd.DataFrame:
    """Kolada values as comparison figures: each row carries its KPI's title and unit (never a count).

    ``titles`` (kpi -> title) extends :data:`KOLADA_KPI`, e.g. from a ``/v3/kpi`` response.
    """
    known = {k: v["titel"] for k, v in KOLADA_KPI.items()}
    known.update(titles or {})
    out = df.copy()
    out[TITEL] = out[KPI].map(lambda k: known.get(k, f"Kolada-nyckeltal {k} (titel okänd – se kolada.se)"))
    out[ENHET] = out[TITEL].map(unit_of)
    out[TITEL] = out[TITEL].astype("str")
    out[ENHET] = out[ENHET].astype("str")
    out.attrs = dict(df.attrs)
    out.attrs["definitioner"] = dict(zip(out[KPI], out[TITEL]))
    return out[COMPARISON_COLUMNS]


def population_from_kolada(df: pd.DataFrame, file=None) -> pd.DataFrame:
    """Population 31 December from Kolada's N01951 ("Invånare totalt, antal", SCB) in the population contract."""
    from .schemas import contract_problems
    pop = df[(df[KPI] == POPULATION_KPI) & (df[KON] == "T")]
    if pop.empty:
        fail(file, f"Kolada-filen innehåller inte nyckeltalet {POPULATION_KPI} (Invånare totalt, antal).",
             expected=f"ett svar från /v3/data/kpi/{POPULATION_KPI}/… (folkmängd 31 december)")
    missing = pop[pop[C.VARDE].isna()]
    if len(missing):
        r = missing.iloc[0]
        fail(file, f"Kolada saknar folkmängd för {r[C.KOMMUNKOD]} år {r[C.AR]}.", column="value",
             expected="ett värde för varje kommun och år")
    out = pd.DataFrame({C.KOMMUNKOD: pop[C.KOMMUNKOD].astype("str"), C.AR: pop[C.AR].astype("int64"),
                        C.FOLKMANGD: pop[C.VARDE].round().astype("int64"),
                        C.KALLA: f"Kolada {POPULATION_KPI} (SCB), invånare 31 december"}).reset_index(drop=True)
    out[C.KALLA] = out[C.KALLA].astype("str")
    problems = contract_problems(out, "folkmangd", file, index_is_row=False, strict_codes=False)
    if problems:
        raise InputDataError(file, problems)
    return out


def read_kolada_table(path) -> pd.DataFrame:
    """Read the CSV that ``lagesbild hamta kolada`` writes (``kpi,kommunkod,ar,kon,varde,…``) back into the
    long Kolada frame (columns as :func:`read_kolada_data`); ``titel``/``enhet`` are added again by the caller."""
    from .common import Problems, parse_integers, parse_numbers, read_table, rename_columns
    raw = read_table(path)
    df = rename_columns(raw.frame(), {})
    problems = Problems(path)
    for c in (KPI, C.KOMMUNKOD, C.AR, C.VARDE):
        if c not in df:
            problems.add("Kolumnen saknas i rubrikraden.", 1, c, None, "rubriken kpi,kommunkod,ar,kon,varde")
    problems.raise_if_any()
    year, bad_y = parse_integers(df[C.AR])
    problems.add_rows(bad_y | df[C.AR].isna(), df[C.AR], "Året är inte ett heltal.", C.AR, "ett årtal, t.ex. 2025")
    val, bad_v = parse_numbers(df[C.VARDE])
    problems.add_rows(bad_v, df[C.VARDE], "Värdet är inte ett tal.", C.VARDE, "ett tal eller tomt")
    codes = df[C.KOMMUNKOD].str.strip()
    codes = codes.mask(codes.str.fullmatch(r"\d{3}").fillna(False), "0" + codes)
    problems.add_rows(~codes.str.fullmatch(r"\d{2}|\d{4}").fillna(False), df[C.KOMMUNKOD], "Ogiltig kommunkod.",
                      C.KOMMUNKOD, "fyra siffror, t.ex. 0331")
    problems.raise_if_any()
    out = pd.DataFrame({KPI: df[KPI].astype("str"), C.KOMMUNKOD: codes.astype("str"),
                        C.AR: year.astype("int64"), KON: (df[KON] if KON in df else pd.Series("T", index=df.index))
                        .fillna("T").astype("str"), C.VARDE: val.astype("float64"),
                        STATUS: (df[STATUS] if STATUS in df else pd.Series("", index=df.index)).fillna("").astype("str"),
                        C.KALLA: (df[C.KALLA] if C.KALLA in df else "Kolada " + df[KPI]).astype("str")})
    dup = out.duplicated([KPI, C.KOMMUNKOD, C.AR, KON], keep=False)
    problems.add_rows(dup, df[KPI], "Dubblett: samma nyckeltal, kommun, år och kön finns på flera rader.", KPI,
                      "en rad per nyckeltal, kommun, år och kön")
    problems.raise_if_any()
    titles = dict(zip(df[KPI], df[TITEL])) if TITEL in df else {}
    out.attrs["titlar"] = {k: v for k, v in titles.items() if isinstance(v, str)}
    return out.reset_index(drop=True)
