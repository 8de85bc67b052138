"""Polisen's events feed (``https://polisen.se/api/events``): reader, municipality attribution, categories.

Format and quirks (sources notes §5, all observed in 2 549 real events 2023-2026 for Uppsala län):

* ``datetime`` is the publication/update time ``YYYY-MM-DD H:MM:SS +HH:MM`` (hour not zero-padded);
* ``name`` is ``"<dd> <månad> <HH:MM|HH.MM>, <type>, <place>"`` -- the separator switched from ':' to
  '.' on 2023-11-09; the type may itself contain commas, so the time is the first part and the place the
  **last** part;
* ``location.name`` is an area (kommun) -- in 2026 mostly only "Uppsala län", the kommun then being the
  last part of ``name``; ``location.gps`` is a fixed point per area, not the incident position;
* "Sammanfattning natt/vecka" are digests, not incidents (left out by default).

Categories: Polisen's ~95 event types mapped to eight groups following dnouri/crimecity3k
``data/event_types.toml`` @2fd6066a (public domain), with Swedish labels.
"""
from __future__ import annotations

import json
import re
import numpy as np
import pandas as pd

from .. import columns as C
from .. import fmt, registry
from ..errors import InputDataError, Problem
from .filecheck import json_error
from .common import TZ, Problems, check_file, decode, fail, read_delimited, region_code

API_URL = "https://polisen.se/api/events"
KALLA = "Polisen, händelser (polisen.se/api/events)"

# frame columns
PUBLICERAD = "publicerad"  # tz-aware publication/update time
TYP = "typ"  # Polisen's event type, e.g. "Misshandel, grov"
KATEGORI_SV = "kategori_sv"
HARLEDNING = "kommun_harledning"  # how kommunkod was found: 'location.name', 'namnets_slut', 'endast_lan', 'okand'
NAMN = "namn"
SAMMANFATTNING = "sammanfattning"
URL = "url"
LAT, LON = "lat", "lon"
EVENT_COLUMNS = [C.ID, PUBLICERAD, C.TIDPUNKT, TYP, C.KATEGORI, KATEGORI_SV, C.KOMMUNKOD, HARLEDNING, C.PLATS,
                 NAMN, SAMMANFATTNING, URL, LAT, LON]

POLISEN_KATEGORIER: dict[str, str] = {
    "violence": "Våld",
    "property": "Egendom (stöld, inbrott, rån, skadegörelse)",
    "narcotics": "Narkotika",
    "fraud": "Bedrägeri",
    "traffic": "Trafik",
    "public_order": "Ordning och brand",
    "weapons": "Vapen",
    "other": "Övrigt",
}

_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "traffic": ("Rattfylleri", "Olovlig körning", "Trafikolycka", "Trafikolycka, personskada", "Trafikolycka, singel", "Trafikolycka, vilt", "Trafikolycka, smitning från", "Trafikolycka, övrigt", "Trafikbrott", "Trafikbrott, övriga", "Trafikkontroll", "Trafikhinder", "Kontroll person/fordon"),
    "property": ("Stöld", "Stöld, försök", "Stöld/inbrott", "Inbrott", "Inbrott, försök", "Tillgrepp, stöld", "Motorfordon, stöld", "Motorfordon, anträffat stulet", "Rån", "Rån, försök", "Rån väpnat", "Rån övrigt", "Rån, övrigt", "Skadegörelse", "Häleri"),
    "violence": ("Misshandel", "Misshandel, grov", "Mord/dråp", "Mord/dråp, försök", "Mordbrand", "Våldtäkt", "Våldtäkt, försök", "Våld/hot mot tjänsteman", "Olaga hot", "Olaga frihetsberövande/människorov", "Bråk", "Vållande till kroppsskada", "Sexualbrott", "Sedlighetsbrott", "Övriga brott mot person", "Hets mot folkgrupp", "Hemfridsbrott", "Olaga intrång"),
    "weapons": ("Vapenlagen", "Knivlagen"),
    "narcotics": ("Narkotikabrott",),
    "fraud": ("Bedrägeri", "Bedrägeri, ocker", "Åldringsbrott", "Ekobrott", "Förfalskningsbrott", "Missbruk av urkund"),
    "public_order": ("Brand", "Brand automatlarm", "Fylleri", "Fylleri/LOB", "Ordningslagen", "Alkohollagen", "Ofredande/förargelse", "Sabotage mot blåljusverksamhet"),
    "other": ("Övrigt", "Arbetsplatsolycka", "Försvunnen person", "Efterlyst person", "Anträffad död", "Anträffat gods", "Fjällräddning", "Räddningsinsats", "Sjukdom/olycksfall", "Farligt föremål, misstänkt", "Bombhot", "Explosion", "Detonation", "Skottlossning", "Skottlossning, misstänkt", "Smällar", "Polisinsats/kommendering", "Kontroll", "Larm Inbrott", "Larm Överfall", "Varningslarm/haveri", "Djur", "Lagen om hundar och katter", "Miljöbrott", "Sjölagen", "Luftfartslagen", "Utlänningslagen", "Skyddslagen", "Spridning smitta/kemikalier", "Information", "Uppdatering"),
}
# Polisen type -> category code (crimecity3k data/event_types.toml @2fd6066a, public domain)
POLISEN_TYP_KATEGORI: dict[str, str] = {t: cat for cat, types in _BY_CATEGORY.items() for t in types}
SAMMANFATTNINGAR = ("Sammanfattning natt", "Sammanfattning vecka", "Sammanfattning kväll och natt")

POLISEN_FORBEHALL = (
    "Om Polisens händelser: Polisen publicerar bara ett litet, redaktionellt urval av händelser på "
    "polisen.se – långt ifrån alla anmälda brott (uppskattningsvis under 5 procent). Positionen är en fast "
    "punkt för hela kommunen eller länet, inte platsen för händelsen. Använd händelserna som exempel på vad "
    "som hänt nyligen, inte för att räkna brott per invånare eller jämföra kommuner. För brottsnivåer: "
    "använd Brås statistik över anmälda brott."
)


def polisen_forbehall(kommun: str | None = None) -> str:
    """Swedish caveat for reports that show Polisen events (optionally naming the kommun)."""
    if kommun is None:
        return POLISEN_FORBEHALL
    namn = registry.get(kommun).namn
    return POLISEN_FORBEHALL + (f" Händelserna för {namn} är de som Polisen har knutit till {namn}, i "
                                f"platsangivelsen eller i rubriken; händelser som bara anger länet räknas inte.")


MANADER = {m: i for i, m in enumerate(fmt.MONTHS_SV, start=1)}
_NAME_RE = re.compile(r"^\s*(\d{1,2})\s+([a-zåäö]+)\s+(\d{1,2})[:.](\d{2})\s*,", re.IGNORECASE)


def _load_events(source) -> tuple[pd.DataFrame, str | None, pd.Index]:
    """Events as a flat frame of text + the row labels to use in messages."""
    if isinstance(source, list):
        return _flatten(source, None)
    p = check_file(source)
    if p.suffix.lower() == ".csv":
        raw = read_delimited(p, comment="#")
        df = raw.frame()
        need = ["id", "datetime", "name", "type", "location_name"]
        missing = [c for c in need if c not in df.columns]
        if missing:
            fail(p, "Kolumner saknas: " + ", ".join(missing) + ".", row=raw.line_numbers[0] - 1 if raw.line_numbers else 1,
                 expected="rubriken id,datetime,name,summary,url,type,location_name,location_gps")
        for c in ("summary", "url", "location_gps"):
            if c not in df:
                df[c] = pd.NA
        return df, str(p), df.index
    text, _ = decode(p.read_bytes(), p)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise json_error(p, exc, "svar från polisen.se/api/events") from None
    if not isinstance(obj, list):
        fail(p, "Filen är inte en lista med händelser.", expected="en JSON-lista från polisen.se/api/events")
    return _flatten(obj, str(p))


def _flatten(events: list, file: str | None) -> tuple[pd.DataFrame, str | None, pd.Index]:
    problems = []
    recs = []
    for i, ev in enumerate(events, start=1):
        if not isinstance(ev, dict) or not all(k in ev for k in ("id", "datetime", "name", "type", "location")):
            problems.append(Problem(f"Händelse nr {i} saknar fält.", file, None, None,
                                    list(ev)[:8] if isinstance(ev, dict) else ev,
                                    "fälten id, datetime, name, type och location"))
            continue
        loc = ev.get("location") or {}
        recs.append({"id": ev["id"], "datetime": ev["datetime"], "name": ev["name"], "summary": ev.get("summary"),
                     "url": ev.get("url"), "type": ev["type"], "location_name": loc.get("name"),
                     "location_gps": loc.get("gps")})
    if problems:
        raise InputDataError(file, problems)
    df = pd.DataFrame(recs, index=pd.RangeIndex(1, len(recs) + 1), dtype="str") if recs else pd.DataFrame(
        columns=["id", "datetime", "name", "summary", "url", "type", "location_name", "location_gps"], dtype="str")
    return df, file, df.index


def parse_publicerad(s: pd.Series) -> pd.Series:
    """'2025-01-25 7:34:06 +01:00' -> tz-aware Europe/Stockholm timestamp (NaT if unparseable)."""
    t = s.astype("str").str.strip().str.replace(r"^(\d{4}-\d\d-\d\d)[ T](\d):", r"\1 0\2:", regex=True)
    ts = pd.to_datetime(t, format="%Y-%m-%d %H:%M:%S %z", errors="coerce", utc=True)
    return ts.dt.tz_convert(TZ)


def parse_name(name: pd.Series, publicerad: pd.Series) -> pd.DataFrame:
    """Split ``name`` into incident time (tz-aware; year from the publication time, minus one when the
    incident month is after the publication month, i.e. a December event published in January), the
    type part and the place (last comma part)."""
    m = name.str.extract(_NAME_RE)
    month = m[1].str.lower().map(MANADER)
    year = publicerad.dt.year.astype("Float64")
    year = year - ((month > publicerad.dt.month) & month.notna()).astype("Float64")
    parts = pd.DataFrame({"year": year, "month": month, "day": pd.to_numeric(m[0], errors="coerce"),
                          "hour": pd.to_numeric(m[2], errors="coerce"),
                          "minute": pd.to_numeric(m[3], errors="coerce")})
    naive = pd.to_datetime(parts.astype("float64"), errors="coerce")
    when = naive.dt.tz_localize(TZ, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward")
    place = name.str.rsplit(",", n=1).str[-1].str.strip()
    place = place.where(name.str.contains(",", regex=False))
    return pd.DataFrame({"tidpunkt": when, "plats_namn": place}, index=name.index)


def read_polisen_events(source, *, kommuner: list[str] | None = None,
                        inkludera_sammanfattningar: bool = False) -> pd.DataFrame:
    """Read Polisen events (API JSON list, a saved JSON file or the archive CSV) and attribute them.

    Parameters
    ----------
    source : path to a ``.json`` (as returned by the API) or ``.csv`` (archive with columns id, datetime,
        name, summary, url, type, location_name, location_gps), or the parsed list of event dicts.
    kommuner : keep only these kommuner (codes or names); default all.
    inkludera_sammanfattningar : keep "Sammanfattning natt/vecka" digests (category 'other').

    Returns
    -------
    DataFrame ``id, publicerad, tidpunkt, typ, kategori, kategori_sv, kommunkod, kommun_harledning,
    plats, namn, sammanfattning, url, lat, lon`` sorted by publicerad. ``kommunkod`` comes from
    ``location.name`` or, when that is the county, from the last part of ``name``; events with only the
    county get '03' and ``kommun_harledning='endast_lan'``. ``attrs``: ``okanda_typer`` (types mapped to
    'other'), ``sammanfattningar`` (number of digests left out), ``forbehall`` (caveat text).
    """
    df, file, _ = _load_events(source)
    problems = Problems(file)
    pub = parse_publicerad(df["datetime"])
    problems.add_rows(pub.isna() & df["datetime"].notna(), df["datetime"], "Ogiltig publiceringstid.", "datetime",
                      "t.ex. 2025-01-25 7:34:06 +01:00")
    problems.add_rows(df["id"].isna(), df["id"], "Id saknas.", "id", "ett nummer")
    dup = df["id"].duplicated(keep="first") & df["id"].notna()
    problems.raise_if_any()
    df = df[~dup]  # the archive may hold the same event twice (updates); keep the first
    pub = pub[~dup]
    typ = df["type"].astype("str").str.strip()
    is_digest = typ.str.startswith("Sammanfattning")
    n_digest = int(is_digest.sum())
    if not inkludera_sammanfattningar:
        df, pub, typ = df[~is_digest], pub[~is_digest], typ[~is_digest]
    parsed = parse_name(df["name"].astype("str"), pub)
    loc = df["location_name"].astype("str").str.strip()
    loc_code = loc.map(lambda n: region_code(n))
    name_code = parsed["plats_namn"].map(lambda n: region_code(n))
    is_kommun_loc = loc_code.isin(list(registry.KOMMUNER))
    is_kommun_name = name_code.isin(list(registry.KOMMUNER))
    kod = loc_code.where(is_kommun_loc, name_code.where(is_kommun_name, loc_code))
    how = np.select([is_kommun_loc, is_kommun_name, loc_code.notna()],
                    ["location.name", "namnets_slut", "endast_lan"], "okand")
    gps = df["location_gps"].astype("str").str.split(",", n=1, expand=True) if len(df) else pd.DataFrame(
        {0: [], 1: []})
    lat = pd.to_numeric(gps[0], errors="coerce") if 0 in gps else pd.Series(np.nan, index=df.index)
    lon = pd.to_numeric(gps[1], errors="coerce") if 1 in gps else pd.Series(np.nan, index=df.index)
    cat = typ.map(POLISEN_TYP_KATEGORI).fillna("other")
    unknown = sorted(set(typ[~typ.isin(list(POLISEN_TYP_KATEGORI)) & ~typ.str.startswith("Sammanfattning")]))
    url = df["url"].astype("str")
    url = url.where(~url.str.startswith("/", na=False), "https://polisen.se" + url)
    out = pd.DataFrame({
        C.ID: df["id"].astype("str").str.replace(r"\.0$", "", regex=True),
        PUBLICERAD: pub,
        C.TIDPUNKT: parsed["tidpunkt"],
        TYP: typ,
        C.KATEGORI: cat,
        KATEGORI_SV: cat.map(POLISEN_KATEGORIER),
        C.KOMMUNKOD: kod.astype("str"),
        HARLEDNING: pd.Series(how, index=df.index, dtype="str"),
        C.PLATS: loc,
        NAMN: df["name"].astype("str"),
        SAMMANFATTNING: df["summary"].astype("str"),
        URL: url,
        LAT: lat.astype("float64"),
        LON: lon.astype("float64"),
    })
    county_only = 0
    if kommuner:
        codes = [registry.get(k).kod for k in kommuner]
        county_only = int(((out[HARLEDNING] == "endast_lan") & out[C.KOMMUNKOD].isin(
            [c[:2] for c in codes])).sum())
        out = out[out[C.KOMMUNKOD].isin(codes)]
    out = out.sort_values([PUBLICERAD, C.ID], kind="stable").reset_index(drop=True)
    out.attrs.update({"okanda_typer": unknown, "sammanfattningar": n_digest, "forbehall": POLISEN_FORBEHALL,
                      "kalla": KALLA, "endast_lan": county_only})
    return out


def api_url(platser: list[str] | None = None, datum: str | None = None, typ: list[str] | None = None) -> str:
    """URL for ``/api/events`` with ``locationname`` (';'-separated), ``DateTime`` ('2025', '2025-01',
    '2025-01-25') and ``type`` filters."""
    import urllib.parse
    q = {}
    if platser:
        q["locationname"] = ";".join(platser)
    if datum:
        q["DateTime"] = datum
    if typ:
        q["type"] = ";".join(typ)
    return API_URL + ("?" + urllib.parse.urlencode(q, safe=";", quote_via=urllib.parse.quote) if q else "")


def default_platser(lan: bool = True) -> list[str]:
    """Location names for the kommuner of the default county (+ the county, needed for 2026-style county-only events)."""
    names = [registry.KOMMUNER[k].namn for k in registry.kommuner_i_lan()]
    return names + ([registry.LAN[registry.STANDARD_LAN].namn] if lan else [])


#: Polisen categories -> the package's incident categories (columns.INCIDENT_KATEGORIER).
_TILL_HANDELSEKATEGORI = {"violence": "vald", "property": "inbrott_stold", "narcotics": "narkotika",
                          "public_order": "storande_samling", "weapons": "vald", "fraud": "ovrigt",
                          "traffic": "ovrigt", "other": "ovrigt"}
_TYP_TILL_HANDELSEKATEGORI = {"Brand": "brand", "Skadegörelse": "skadegorelse", "Narkotikabrott": "narkotika"}


def events_as_incidents(events: pd.DataFrame) -> pd.DataFrame:
    """Polisen events in the incident contract, for the time analyses of a lägesbild.

    Positions, ``plats`` and ``omrade`` are left empty on purpose: ``location.gps`` and ``location.name`` are a
    fixed point and name per municipality (or the county), not the place of the event, so they must never be
    used for maps, hot spots or a ranking of places. See :mod:`.polisen_facts` for what a report shows instead.
    """
    out = pd.DataFrame({
        C.ID: events[C.ID].astype(str),
        C.TIDPUNKT: events[C.TIDPUNKT],
        C.TIDPUNKT_TILL: pd.Series(pd.NaT, index=events.index, dtype=events[C.TIDPUNKT].dtype),
        C.KATEGORI: [_TYP_TILL_HANDELSEKATEGORI.get(t, _TILL_HANDELSEKATEGORI.get(k, "ovrigt"))
                     for t, k in zip(events[TYP], events[C.KATEGORI])],
        C.KOMMUNKOD: events[C.KOMMUNKOD],
        C.PLATS: pd.Series(pd.NA, index=events.index, dtype="str"),  # fixed points: never rank places
        C.OMRADE: pd.Series(pd.NA, index=events.index, dtype="str"),
        C.X: np.nan, C.Y: np.nan,
        C.ORGANISATION: "Polisen (händelser på polisen.se)",
        C.ALLVARLIGHET: pd.array([pd.NA] * len(events), dtype="Int64"),
        C.POLISANMALD: pd.array([pd.NA] * len(events), dtype="boolean"),
        C.ATGARD: "",
        C.FRITEXT: events.get("sammanfattning", ""),
    })
    out.attrs["kalla"] = "polisen"
    out.attrs["forbehall"] = polisen_forbehall()
    for k in ("sammanfattningar", "okanda_typer", "endast_lan"):
        out.attrs[k] = events.attrs.get(k)
    out.attrs["polisen_kategorier"] = category_records(events)
    return out.reset_index(drop=True)


def category_records(events: pd.DataFrame) -> list[dict]:
    """Polisen's categories with counts and the event types in each (plain records, safe to keep in attrs)."""
    if events.empty:
        return []
    g = events.groupby(C.KATEGORI)
    recs = [{"kategori": k, "kategori_sv": POLISEN_KATEGORIER.get(k, k), "antal": int(len(grp)),
             "typer": ", ".join(f"{t} ({n})" for t, n in grp[TYP].value_counts().items())} for k, grp in g]
    return sorted(recs, key=lambda r: (-r["antal"], r["kategori_sv"]))
