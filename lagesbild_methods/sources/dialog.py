"""Notes from medborgardialoger and trygghetsvandringar -> a coded frame: place, theme, who raised it.

Brå's steps 2-3 widen and deepen the lägesbild with medborgar- and medarbetardialoger; trygghetsvandringar
record places that feel unsafe (domain.md §1.2, §2.3). Municipalities keep the notes in a spreadsheet:
one row per point raised. The reader accepts CSV or Excel with the columns

* ``datum`` (date), ``kommun`` (code or name; or the option ``kommunkod``),
* ``typ`` (medborgardialog, trygghetsvandring, medarbetardialog; other words -> "Annan aktivitet"),
* ``plats`` and ``omrade`` (short place names; no addresses of private persons),
* a position, either ``x``/``y`` in SWEREF 99 TM metres or ``lat``/``lon`` in WGS84 (optional),
* ``tema`` (optional; one of :data:`.teman.DIALOG_TEMAN`, or words that are coded into one),
* ``vem`` (who raised it; coded into :data:`VEM`),
* free text (``anteckning``, ``iakttagelse``, ``synpunkt``, ``beskrivning``, ``kommentar`` ...): coded into
  themes when ``tema`` is empty and then **dropped**,
* columns with names or contact details (``namn``, ``deltagare``, ``e-post``, ``telefon`` ...): not read.

Returns one row per note and theme: ``notering, datum, kommunkod, typ, plats, omrade, x, y, tema, vem,
tema_kalla`` ("angivet" or "kodat ur fritext"). Place names are scrubbed of personnummer, phone numbers
and e-mail addresses and cut to 60 characters.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..workbook.privacy import scrub
from .common import Problems, ascii_key, parse_local_datetimes, parse_numbers, read_table
from .teman import DIALOG_TEMAN, OVRIGT, code_themes, is_personal_column
from .ungdomsenkat import kommun_codes

TYPER = ("Medborgardialog", "Trygghetsvandring", "Medarbetardialog", "Annan aktivitet")
VEM: dict[str, tuple[str, ...]] = {
    "Unga": ("ung", "elev", "tonår", "barn"),
    "Äldre": ("äldre", "pensionär", "senior"),
    "Föräldrar": ("förälder", "föräldrar", "mamma", "pappa"),
    "Näringsidkare": ("närings", "handlare", "butik", "företag", "restaurang"),
    "Föreningsliv": ("förening", "idrott", "kyrka", "församling"),
    "Fastighetsägare": ("fastighet", "bostadsbolag", "hyresvärd", "bostadsrättsförening", "brf"),
    "Kommunens personal": ("kommun", "personal", "skola", "fritid", "fältare", "socialtjänst", "tjänsteperson"),
    "Polisen": ("polis",),
    "Boende": ("boend", "invånare", "medborgare", "granne", "hyresgäst", "allmänhet"),
}
ANNAN = "Annan"
COLUMNS = ["notering", "datum", "kommunkod", "typ", "plats", "omrade", "x", "y", "tema", "vem", "tema_kalla"]
_FREE = ("anteckning", "anteckningar", "iakttagelse", "iakttagelser", "synpunkt", "synpunkter", "beskrivning",
         "kommentar", "kommentarer", "fritext", "atgardsforslag", "forslag", "noteringar")
_ALIASES = {"kommunkod": "kommun", "aktivitet": "typ", "typ_av_aktivitet": "typ", "plats_": "plats",
            "stalle": "plats", "område": "omrade", "stadsdel": "omrade", "latitud": "lat", "longitud": "lon",
            "lng": "lon", "uppratt_av": "vem", "vem_tog_upp": "vem", "vem_tog_upp_det": "vem", "grupp": "vem",
            "tema_": "tema", "amne": "tema", "datum_": "datum", "dag": "datum"}
MAX_PLATS = 60


def _typ(v) -> str:
    t = str(v).lower() if isinstance(v, str) else ""
    if "vandring" in t:
        return TYPER[1]
    if "medarbet" in t:
        return TYPER[2]
    if "dialog" in t or "möte" in t or "samråd" in t or "medborg" in t:
        return TYPER[0]
    return TYPER[3]


def _vem(v) -> str | None:
    if not isinstance(v, str) or not v.strip():
        return None
    t = v.lower()
    for group, words in VEM.items():
        if any(w in t for w in words):
            return group
    return ANNAN


def _theme_given(v) -> list[str]:
    if not isinstance(v, str) or not v.strip():
        return []
    canon = {k.lower(): k for k in DIALOG_TEMAN}
    if v.strip().lower() in canon:
        return [canon[v.strip().lower()]]
    return code_themes(v, DIALOG_TEMAN)


def read_dialogue_notes(path: str | Path, *, kommunkod: str | None = None, blad: str | int | None = None
                        ) -> pd.DataFrame:
    """Read dialogue and trygghetsvandring notes (see module docstring); free text never leaves here."""
    p = Path(path)
    raw = read_table(p, sheet=blad)
    df = raw.frame()
    personal = [c for c in df.columns if is_personal_column(ascii_key(c))]
    df = df.drop(columns=personal)
    df.columns = [_ALIASES.get(ascii_key(c), ascii_key(c)) for c in df.columns]
    df = df.loc[:, ~pd.Index(df.columns).duplicated()]
    free = [c for c in df.columns if c in _FREE]
    problems = Problems(p)
    header_row = (raw.line_numbers[0] - 1) if raw.line_numbers else 1
    if "datum" not in df:
        problems.add("Kolumnen saknas i rubrikraden.", header_row, "datum", None,
                     "rubriken datum;kommun;typ;plats;tema;vem;anteckning")
    if "kommun" not in df and not kommunkod:
        problems.add("Kolumnen saknas i rubrikraden.", header_row, "kommun", None, "kommunens namn eller kod")
    if "tema" not in df and not free:
        problems.add("Filen har varken en kolumn tema eller en kolumn med anteckningar att koda.", header_row,
                     "tema", None, "kolumnen tema eller anteckning")
    problems.raise_if_any()
    when, bad = parse_local_datetimes(df["datum"])
    problems.add_rows(bad | df["datum"].isna(), df["datum"], "Datumet kunde inte tolkas.", "datum",
                      "ett datum som 2025-04-17")
    if "kommun" in df:
        kod = kommun_codes(df["kommun"])
        if kommunkod:
            kod = kod.fillna(kommunkod)
        problems.add_rows(kod.isna(), df["kommun"], "Okänd eller saknad kommun.", "kommun",
                          "kommunkod eller kommunens namn, t.ex. 0331 eller Heby")
    else:
        kod = pd.Series(kommunkod, index=df.index, dtype="object")
    x = y = pd.Series(np.nan, index=df.index)
    if {"x", "y"} <= set(df.columns):
        x, bx = parse_numbers(df["x"])
        y, by = parse_numbers(df["y"])
        problems.add_rows(bx, df["x"], "Koordinaten är inte ett tal.", "x", "meter i SWEREF 99 TM, t.ex. 647208")
        problems.add_rows(by, df["y"], "Koordinaten är inte ett tal.", "y", "meter i SWEREF 99 TM, t.ex. 6633724")
    elif {"lat", "lon"} <= set(df.columns):
        lat, bl = parse_numbers(df["lat"])
        lon, bo = parse_numbers(df["lon"])
        problems.add_rows(bl, df["lat"], "Latituden är inte ett tal.", "lat", "grader, t.ex. 59,86")
        problems.add_rows(bo, df["lon"], "Longituden är inte ett tal.", "lon", "grader, t.ex. 17,64")
        if not (bl.any() or bo.any()):
            from .geo import to_sweref
            ok = lat.notna() & lon.notna()
            e, n = to_sweref(lon[ok].to_numpy(float), lat[ok].to_numpy(float))
            x, y = pd.Series(np.nan, index=df.index), pd.Series(np.nan, index=df.index)
            x[ok], y[ok] = e, n
    inside = x.isna() | (x.between(180_000, 1_000_000) & y.between(6_050_000, 7_700_000))
    problems.add_rows(~inside, df.get("x", df["datum"]), "Positionen ligger inte i Sverige.", "x",
                      "SWEREF 99 TM (öst, nord i meter) eller lat/lon i grader")
    problems.raise_if_any()
    given = df["tema"].map(_theme_given) if "tema" in df else pd.Series([[]] * len(df), index=df.index)
    coded = pd.Series([[] for _ in range(len(df))], index=df.index)
    for c in free:  # the text is coded row by row and then dropped with the frame
        coded = coded + df[c].map(lambda t: code_themes(t, DIALOG_TEMAN))
    rows = []
    for n_, i in enumerate(df.index, start=1):
        themes, source = (given[i], "angivet") if given[i] else (list(dict.fromkeys(coded[i])), "kodat ur fritext")
        if not themes:
            themes, source = [OVRIGT], "saknas"
        if len(themes) > 1 and OVRIGT in themes:
            themes = [t for t in themes if t != OVRIGT]
        plats = scrub(df.at[i, "plats"], MAX_PLATS) if "plats" in df and isinstance(df.at[i, "plats"], str) else None
        omrade = scrub(df.at[i, "omrade"], MAX_PLATS) if "omrade" in df and isinstance(df.at[i, "omrade"], str) \
            else None
        for t in themes:
            rows.append((n_, when[i].date(), kod[i], _typ(df.at[i, "typ"]) if "typ" in df else TYPER[3], plats,
                         omrade, float(x[i]), float(y[i]), t, _vem(df.at[i, "vem"]) if "vem" in df else None, source))
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["datum"] = pd.to_datetime(out["datum"])
    notes = list(raw.notes)
    if personal:
        notes.append(f"{len(personal)} kolumn{'er' if len(personal) != 1 else ''} med namn eller kontaktuppgifter "
                     "lästes inte in.")
    if free:
        notes.append("Anteckningarnas fria text har kodats till teman med en fast ordlista och sedan tagits bort; "
                     "den visas aldrig i en rapport.")
    out.attrs.update({"noteringar": int(len(df)), "fil": str(p), "anteckningar": notes})
    return out
