"""The municipality's own incident register (EST-style), from CSV or Excel, into the incident contract.

Accepted input (see docs/hamta_data.md): ';' or ',' separated, UTF-8 (with or without BOM) or
Windows-1252, or .xlsx; decimal comma; Swedish date formats (:func:`common.parse_local_datetimes`);
coordinates in SWEREF 99 TM (x = easting, y = northing, metres) or WGS84 (columns lat/lon, or x/y holding
longitude/latitude) -- WGS84 is converted to SWEREF 99 TM with pyproj (``always_xy=True``).

Categories: local category names are mapped to :data:`columns.INCIDENT_KATEGORIER` through a mapping
(by default both the codes and the Swedish labels map, case-insensitively). A mapping file has two
columns ``lokal_kategori;kategori`` (the second being a package code or label). Categories that stay
unmapped are either reported as errors (``okand_kategori="fel"``, the default) or put in 'ovrigt'
(``okand_kategori="ovrigt"``); either way ``attrs["omappade_kategorier"]`` lists them with counts.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import columns as C
from .. import registry
from ..errors import ParameterError
from .common import (Problems, fail, parse_integers, parse_local_datetimes, parse_numbers, read_table,
                     region_code, rename_columns)
from . import plausibility
from .schemas import SWEREF_E, SWEREF_N, contract_problems

EARLIEST = pd.Timestamp("1990-01-01", tz="Europe/Stockholm")

LAT, LON = "lat", "lon"
ALIASES: dict[str, str] = {
    "handelse_id": C.ID, "handelsenummer": C.ID, "arende": C.ID, "arendenummer": C.ID, "nr": C.ID,
    "datum": C.TIDPUNKT, "datum_tid": C.TIDPUNKT, "tid": C.TIDPUNKT, "starttid": C.TIDPUNKT, "fran": C.TIDPUNKT,
    "tidpunkt_fran": C.TIDPUNKT, "datum_och_tid": C.TIDPUNKT, "handelsetid": C.TIDPUNKT,
    "sluttid": C.TIDPUNKT_TILL, "till": C.TIDPUNKT_TILL,
    "typ": C.KATEGORI, "handelsetyp": C.KATEGORI, "handelsekategori": C.KATEGORI, "kategori_namn": C.KATEGORI,
    "kommun": C.KOMMUNKOD, "kommun_kod": C.KOMMUNKOD,
    "adress": C.PLATS, "plats_namn": C.PLATS, "platsnamn": C.PLATS,
    "stadsdel": C.OMRADE, "bostadsomrade": C.OMRADE,
    "latitud": LAT, "latitude": LAT, "lat_wgs84": LAT, "longitud": LON, "longitude": LON, "lng": LON,
    "lon_wgs84": LON, "e": C.X, "ost": C.X, "easting": C.X, "x_koordinat": C.X, "sweref99_e": C.X,
    "n": C.Y, "nord": C.Y, "northing": C.Y, "y_koordinat": C.Y, "sweref99_n": C.Y,
    "rapportor": C.ORGANISATION, "verksamhet": C.ORGANISATION, "forvaltning": C.ORGANISATION,
    "allvarlighetsgrad": C.ALLVARLIGHET, "polisanmalan": C.POLISANMALD, "anmald_till_polis": C.POLISANMALD,
    "vidtagen_atgard": C.ATGARD, "atgarder": C.ATGARD,
    "beskrivning": C.FRITEXT, "kommentar": C.FRITEXT, "handelsebeskrivning": C.FRITEXT,
}
_YES = {"ja", "j", "yes", "y", "true", "sant", "1", "x"}
_NO = {"nej", "n", "no", "false", "falskt", "0"}
_SEVERITY_WORDS = {"lag": 1, "lág": 1, "låg": 1, "medel": 2, "hog": 3, "hög": 3}


def default_category_mapping() -> dict[str, str]:
    """Local name (lower case) -> package code: every code and every Swedish label of INCIDENT_KATEGORIER."""
    m = {code.lower(): code for code in C.INCIDENT_KATEGORIER}
    m.update({label.lower(): code for code, label in C.INCIDENT_KATEGORIER.items()})
    return m


def read_category_mapping(path: str | Path) -> dict[str, str]:
    """Read a mapping file (CSV/Excel, two columns: local name; package code or label).

    Column names may be ``lokal_kategori``/``kategori`` or anything (the first two columns are used).
    A local name mapped to two different categories is refused (naming both rows); the same row twice is
    accepted (:func:`read_category_mapping_checked` also returns a warning for it).
    """
    return read_category_mapping_checked(path)[0]


def read_category_mapping_checked(path: str | Path) -> tuple[dict[str, str], list[str]]:
    """:func:`read_category_mapping` plus the Swedish warnings (repeated rows)."""
    raw = read_table(path)
    df = raw.frame()
    problems = Problems(path)
    if df.shape[1] < 2:
        fail(path, "Mappningsfilen behöver två kolumner.", row=1,
             expected="lokal_kategori;kategori (lokalt namn och paketets kategori)")
    local, target = df.iloc[:, 0], df.iloc[:, 1]
    known = default_category_mapping()
    codes = target.str.lower().map(known)
    problems.add_rows(local.isna(), local, "Lokalt kategorinamn saknas.", df.columns[0], "ett namn")
    problems.add_rows(target.notna() & codes.isna(), target, "Okänd kategori i paketet.", df.columns[1],
                      "en av " + ", ".join(f"{k} ({v})" for k, v in C.INCIDENT_KATEGORIER.items()))
    problems.add_rows(target.isna(), target, "Kategori saknas.", df.columns[1], "en av paketets kategorier")
    key = local.str.strip().str.lower()
    seen: dict[str, int] = {}
    repeated: list[int] = []
    for row, k in key.dropna().items():
        if k not in seen:
            seen[k] = row
        elif codes[row] != codes[seen[k]] and codes.notna()[row]:
            problems.add(f"'{local[row]}' pekar på {C.INCIDENT_KATEGORIER.get(codes[row], codes[row])} men på rad "
                         f"{seen[k]} på {C.INCIDENT_KATEGORIER.get(codes[seen[k]], codes[seen[k]])}.", int(row),
                         df.columns[1], target[row], "en kategori per lokalt namn")
        else:
            repeated.append(int(row))
    problems.raise_if_any()
    warnings = [f"Kategorimappningen har samma rad flera gånger (rad {', '.join(map(str, repeated[:10]))}); den "
                "räknas en gång."] if repeated else []
    return dict(zip(local.str.strip(), codes)), warnings


def _mapping(kategori_mappning) -> dict[str, str]:
    m = default_category_mapping()
    if kategori_mappning is None:
        return m
    if isinstance(kategori_mappning, (str, Path)):
        extra = read_category_mapping(kategori_mappning)
    elif isinstance(kategori_mappning, pd.DataFrame):  # from sources.read(..., "kategorimappning")
        extra = dict(zip(kategori_mappning.iloc[:, 0].astype(str), kategori_mappning.iloc[:, 1].astype(str)))
    else:
        extra = {}
        for local, target in dict(kategori_mappning).items():
            code = m.get(str(target).lower())
            if code is None:
                raise ParameterError(f"Kategorimappningen pekar '{local}' på '{target}', som inte är en kategori i "
                                     "paketet. Välj en av: " + ", ".join(C.INCIDENT_KATEGORIER.values()) + ".")
            extra[str(local)] = code
    m.update({str(k).strip().lower(): v for k, v in extra.items()})
    return m


def _kommun_from_filename(path: Path) -> str | None:
    m = re.search(r"(?<!\d)(\d{4})(?!\d)", path.stem)
    return m.group(1) if m and m.group(1) in registry.KOMMUNER else None


def _to_sweref(lon: pd.Series, lat: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    from pyproj import Transformer
    tr = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    e, n = tr.transform(lon.to_numpy(dtype="float64"), lat.to_numpy(dtype="float64"))
    return np.asarray(e), np.asarray(n)


def read_incident_register(path: str | Path, *, kommunkod: str | None = None, kategori_mappning=None,
                           okand_kategori: str = "fel", blad: str | int | None = None) -> pd.DataFrame:
    """Read an EST-style incident register into the incident contract.

    Parameters
    ----------
    path : CSV or .xlsx file (e.g. ``handelser_0331.csv``).
    kommunkod : the kommun the register belongs to, if the file has no ``kommun`` column (default: the
        4-digit code in the file name).
    kategori_mappning : dict ``{lokalt namn: paketets kod eller etikett}`` or a path to a mapping file.
    okand_kategori : ``"fel"`` refuses the file when a category cannot be mapped; ``"ovrigt"`` maps it to
        'ovrigt' and reports it in ``attrs["omappade_kategorier"]``.
    blad : sheet name or index for Excel files.

    Returns
    -------
    DataFrame with columns ``columns.INCIDENT_COLUMNS``: ``tidpunkt``/``tidpunkt_till`` tz-aware
    Europe/Stockholm, ``x``/``y`` SWEREF 99 TM metres, ``allvarlighet`` Int64, ``polisanmald`` boolean.
    ``attrs``: ``omappade_kategorier`` {local name: count}, ``koordinater`` (which systems were found),
    ``anteckningar`` (notes such as the encoding).
    """
    if okand_kategori not in ("fel", "ovrigt"):
        raise ParameterError("okand_kategori ska vara 'fel' eller 'ovrigt'.")
    p = Path(path)
    raw = read_table(p, sheet=blad)
    df = rename_columns(raw.frame(), ALIASES)
    problems = Problems(p)
    header_row = (raw.line_numbers[0] - 1) if raw.line_numbers else 1
    for col in (C.TIDPUNKT, C.KATEGORI):
        if col not in df.columns:
            problems.add("Kolumnen saknas i rubrikraden.", header_row, col, None,
                         "rubrikraden id;tidpunkt;tidpunkt_till;kategori;plats;omrade;x;y;organisation;"
                         "allvarlighet;polisanmald;atgard;fritext")
    if df.columns.duplicated().any():
        dups = sorted(set(df.columns[df.columns.duplicated()]))
        problems.add("Samma kolumn förekommer två gånger i rubrikraden.", header_row, dups[0], None,
                     "varje kolumnnamn en gång")
    problems.raise_if_any()
    idx = df.index
    out = pd.DataFrame(index=idx)

    # id
    if C.ID in df:
        ids = df[C.ID].str.replace(r"\.0$", "", regex=True)
        problems.add_rows(ids.isna(), ids, "Id saknas.", C.ID, "ett unikt id per händelse")
        dup = ids.duplicated(keep=False) & ids.notna()
        problems.add_rows(dup, ids, "Dubblett: samma id finns på flera rader.", C.ID, "ett unikt id per händelse")
        out[C.ID] = ids.fillna("").astype("str")
    else:
        out[C.ID] = pd.Series([f"rad-{i}" for i in idx], index=idx, dtype="str")

    # times
    ts, bad = parse_local_datetimes(df[C.TIDPUNKT])
    problems.add_rows(bad, df[C.TIDPUNKT], "Ogiltigt datum eller klockslag.", C.TIDPUNKT,
                      "t.ex. 2024-03-05 14:30 (ett datum som finns)")
    problems.add_rows(df[C.TIDPUNKT].isna(), df[C.TIDPUNKT], "Tidpunkt saknas.", C.TIDPUNKT, "t.ex. 2024-03-05 14:30")
    problems.add_rows(plausibility.after_today(ts), df[C.TIDPUNKT], "Datumet ligger efter dagens datum.", C.TIDPUNKT,
                      f"ett datum till och med {plausibility.today():%Y-%m-%d} (kontrollera år och datumformat)")
    problems.add_rows(ts.notna() & (ts < EARLIEST), df[C.TIDPUNKT], "Datumet ligger före 1990.", C.TIDPUNKT,
                      "ett datum från 1990 och framåt (kontrollera år och datumformat)")
    out[C.TIDPUNKT] = ts
    if C.TIDPUNKT_TILL in df:
        ts2, bad2 = parse_local_datetimes(df[C.TIDPUNKT_TILL])
        problems.add_rows(bad2, df[C.TIDPUNKT_TILL], "Ogiltigt datum eller klockslag.", C.TIDPUNKT_TILL,
                          "t.ex. 2024-03-06 07:00 eller tomt")
        before = ts2.notna() & ts.notna() & (ts2 < ts)
        problems.add_rows(before, df[C.TIDPUNKT_TILL], "Sluttiden ligger före starttiden.", C.TIDPUNKT_TILL,
                          "en tid efter 'tidpunkt' eller tomt")
        out[C.TIDPUNKT_TILL] = ts2
    else:
        out[C.TIDPUNKT_TILL] = pd.Series(pd.NaT, index=idx, dtype=ts.dtype)

    # categories
    mapping = _mapping(kategori_mappning)
    local = df[C.KATEGORI].str.strip()
    codes = local.str.lower().map(mapping)
    problems.add_rows(local.isna(), local, "Kategori saknas.", C.KATEGORI, "en kategori, t.ex. Klotter")
    unmapped = local.notna() & codes.isna()
    counts = local[unmapped].value_counts()
    omappade = {str(k): int(v) for k, v in counts.items()}
    if okand_kategori == "fel":
        for name, n in omappade.items():
            rows = local.index[unmapped & (local == name)]
            problems.add(f"Kategorin '{name}' finns inte i paketet och saknas i kategorimappningen "
                         f"({n} {'rad' if n == 1 else 'rader'}, första på rad {rows[0]}).", int(rows[0]), C.KATEGORI, name,
                         "en av " + ", ".join(C.INCIDENT_KATEGORIER.values())
                         + " – eller lägg till den i en mappningsfil (lokal_kategori;kategori)")
        out[C.KATEGORI] = codes.fillna("").astype("str")
    else:
        out[C.KATEGORI] = codes.mask(unmapped, "ovrigt").fillna("").astype("str")

    # kommun
    if C.KOMMUNKOD in df:
        k = df[C.KOMMUNKOD]
        kk = k.where(k.str.fullmatch(r"\d{4}").fillna(False), k.map(lambda v: region_code(v) if isinstance(v, str) else None))
        kk = kk.where(kk.notna(), "0" + k.where(k.str.fullmatch(r"\d{3}").fillna(False)))
        if kommunkod:
            kk = kk.fillna(kommunkod)
        problems.add_rows(kk.isna() & k.notna(), k, "Okänd kommun.", C.KOMMUNKOD,
                          "kommunkod eller namn, t.ex. 0331 eller Heby")
        problems.add_rows(kk.isna() & k.isna(), k, "Kommun saknas.", C.KOMMUNKOD, "kommunkod, t.ex. 0331")
        out[C.KOMMUNKOD] = kk.fillna("").astype("str")
    else:
        kod = kommunkod or _kommun_from_filename(p)
        if kod is None:
            fail(p, "Filen har ingen kolumn 'kommun' och kommunen framgår inte av filnamnet.",
                 expected="ange kommunen (t.ex. --kommun 0331) eller döp filen handelser_0331.csv")
        try:
            kod = registry.get(kod).kod
        except ParameterError as err:
            fail(p, str(err))
        out[C.KOMMUNKOD] = pd.Series(kod, index=idx, dtype="str")

    # coordinates
    systems = set()
    xs = pd.Series(np.nan, index=idx)
    ys = pd.Series(np.nan, index=idx)
    if LAT in df or LON in df:
        if not (LAT in df and LON in df):
            problems.add("Bara en av kolumnerna lat/lon finns.", header_row, LAT if LAT in df else LON, None,
                         "både lat och lon (WGS84)")
        else:
            lat, bl = parse_numbers(df[LAT])
            lon, bo = parse_numbers(df[LON])
            problems.add_rows(bl, df[LAT], "Latituden är inte ett tal.", LAT, "t.ex. 59,8586")
            problems.add_rows(bo, df[LON], "Longituden är inte ett tal.", LON, "t.ex. 17,6389")
            ok = lat.between(54, 70) & lon.between(10, 25)
            problems.add_rows(lat.notna() & lon.notna() & ~ok, df[LAT], "Koordinaten ligger inte i Sverige.", LAT,
                              "latitud 54–70 och longitud 10–25 (WGS84)")
            if ok.any():
                e, n = _to_sweref(lon[ok], lat[ok])
                xs[ok], ys[ok] = e, n
                systems.add("WGS84 (omräknat till SWEREF 99 TM)")
    if C.X in df and C.Y in df:
        x, bx = parse_numbers(df[C.X])
        y, by = parse_numbers(df[C.Y])
        problems.add_rows(bx, df[C.X], "Koordinaten är inte ett tal.", C.X, "t.ex. 647795 (SWEREF 99 TM)")
        problems.add_rows(by, df[C.Y], "Koordinaten är inte ett tal.", C.Y, "t.ex. 6638604 (SWEREF 99 TM)")
        sweref = x.between(*SWEREF_E) & y.between(*SWEREF_N)
        wgs = x.between(10, 25) & y.between(54, 70)
        swapped = (x.between(*SWEREF_N) & y.between(*SWEREF_E)) | (x.between(54, 70) & y.between(10, 25))
        both = x.notna() & y.notna()
        problems.add_rows(both & swapped, df[C.X], "x och y verkar ha bytt plats.", C.X,
                          "x = östlig koordinat (t.ex. 647795), y = nordlig (t.ex. 6638604)")
        problems.add_rows(both & ~sweref & ~wgs & ~swapped, df[C.X], "Koordinaten ligger inte i Sverige.", C.X,
                          "SWEREF 99 TM (x 180 000–1 000 000, y 6 050 000–7 700 000) eller WGS84 (x = longitud, "
                          "y = latitud)")
        problems.add_rows(x.notna() ^ y.notna(), df[C.X], "Bara en av koordinaterna x och y är ifylld.", C.X,
                          "båda eller ingen")
        xs = xs.where(~sweref, x)
        ys = ys.where(~sweref, y)
        if sweref.any():
            systems.add("SWEREF 99 TM")
        if wgs.any():
            e, n = _to_sweref(x[wgs], y[wgs])
            xs[wgs], ys[wgs] = e, n
            systems.add("WGS84 (omräknat till SWEREF 99 TM)")
    out[C.X] = xs.astype("float64")
    out[C.Y] = ys.astype("float64")
    warnings = _check_positions(out, problems, header_row, df)

    # severity and police flag
    if C.ALLVARLIGHET in df:
        sv = df[C.ALLVARLIGHET].str.lower().map(_SEVERITY_WORDS)
        num, bad = parse_integers(df[C.ALLVARLIGHET].where(sv.isna()))
        sev = num.fillna(sv.astype("Float64")).astype("Int64") if sv.notna().any() else num
        problems.add_rows((bad & sv.isna()) | (sev.notna() & ~sev.isin([1, 2, 3])), df[C.ALLVARLIGHET],
                          "Ogiltig allvarlighetsgrad.", C.ALLVARLIGHET, "1, 2 eller 3 (låg, medel, hög)")
        out[C.ALLVARLIGHET] = sev.where(sev.isin([1, 2, 3])).astype("Int64")
    else:
        out[C.ALLVARLIGHET] = pd.array([pd.NA] * len(idx), dtype="Int64")
    if C.POLISANMALD in df:
        v = df[C.POLISANMALD].str.lower()
        flag = pd.Series(pd.NA, index=idx, dtype="boolean")
        flag[v.isin(_YES)] = True
        flag[v.isin(_NO)] = False
        problems.add_rows(v.notna() & flag.isna(), df[C.POLISANMALD], "Ogiltigt värde för polisanmäld.",
                          C.POLISANMALD, "Ja eller Nej")
        out[C.POLISANMALD] = flag
    else:
        out[C.POLISANMALD] = pd.Series(pd.NA, index=idx, dtype="boolean")
    for col in (C.PLATS, C.OMRADE, C.ORGANISATION, C.ATGARD, C.FRITEXT):
        out[col] = df[col].astype("str") if col in df else pd.Series(pd.NA, index=idx, dtype="str")
    out = out[C.INCIDENT_COLUMNS]
    problems.extend(contract_problems(out.drop(index=problems.rows), "handelser", p))
    problems.raise_if_any()
    out = out.reset_index(drop=True)
    out.attrs["varningar"] = warnings
    out.attrs.update({"omappade_kategorier": omappade, "koordinater": sorted(systems), "id_genererade": C.ID not in df,
                      "anteckningar": list(raw.notes), "fil": str(p)})
    return out


def _check_positions(out: pd.DataFrame, problems: Problems, header_row: int, df: pd.DataFrame) -> list[str]:
    """Positions far outside the row's municipality: refuse when most are, else empty them and warn."""
    if not (out[C.X].notna().any() and out[C.KOMMUNKOD].str.fullmatch(r"\d{4}").any()):
        return []
    far = plausibility.positions_outside(out[out[C.KOMMUNKOD].str.fullmatch(r"\d{4}")])
    far = far.reindex(out.index)
    n_far, n_pos = int(far.notna().sum()), int(out[C.X].notna().sum())
    if not n_far:
        return []
    col = C.X if C.X in df else LAT
    rows = [int(i) for i in far.index[far.notna()]]
    if n_far > plausibility.MOST_OUTSIDE * n_pos:
        problems.add(f"{n_far} av {n_pos} positioner ligger utanför kommunen (första på rad {rows[0]}, "
                     f"{far.dropna().iloc[0] / 1000:.0f} km från kommungränsen). Är det rätt kommun och rätt "
                     "koordinatsystem?", rows[0], col, None,
                     "positioner i kommunen: SWEREF 99 TM (x = öst, y = nord) eller WGS84 (lat, lon)")
        return []
    out.loc[far.notna(), [C.X, C.Y]] = np.nan
    listed = ", ".join(str(r) for r in rows[:10]) + (" …" if len(rows) > 10 else "")
    return [f"{n_far} {'händelse' if n_far == 1 else 'händelser'} har en position mer än "
            f"{plausibility.TOLERANCE_M / 1000:.0f} km utanför kommunen (rad {listed}). Positionerna används inte i "
            "kartor och platsanalyser; händelserna räknas i övrigt."]


def mapping_report(df: pd.DataFrame) -> str:
    """Swedish summary of categories that were not in the mapping (from ``attrs``)."""
    om = df.attrs.get("omappade_kategorier") or {}
    if not om:
        return "Alla kategorier i registret kunde kopplas till paketets kategorier."
    lines = ["Följande kategorier fanns inte i kategorimappningen och räknas som 'Övrigt':"]
    lines += [f"  - {k}: {v} händelser" for k, v in sorted(om.items(), key=lambda kv: -kv[1])]
    lines.append("Lägg till dem i en mappningsfil (lokal_kategori;kategori) för att få rätt kategori.")
    return "\n".join(lines)
