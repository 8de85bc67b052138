"""School survey microdata (ANDT) in the shape of the county's youth survey -> a long tidy frame.

Uppsala län's joint school survey *Liv och hälsa ung* (Region Uppsala with all eight kommuner, every
other year since 2005, åk 7, åk 9 and gymnasiet år 2; results by skolkommun and hemkommun; domain.md
§2.3, §8.3) is delivered to the kommuner as one row per pupil. The reader takes that shape:

``respondent;ar;skolkommun;hemkommun;arskurs;kon;<question codes …>`` (CSV ``;`` or ``,``, any usual
encoding, or .xlsx). Kommuner as SCB code or name; ``arskurs`` as "åk 7", "7", "Årskurs 9", "gy 2",
"Gymnasiet år 2"; ``kon`` as Flicka/Pojke (Tjej/Kille accepted). Question columns are the codes of
:data:`UNG_FRAGOR` with the answers of their scale (:data:`SKALOR`); an empty cell is no answer. Other
columns are not read (listed in ``attrs["okanda_kolumner"]``).

Returns ``respondent, ar, skolkommun, hemkommun, arskurs, kon, fraga, svar`` (one row per pupil and
answered question).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import registry
from .common import Problems, parse_integers, read_table, region_code, rename_columns

SKALOR: dict[str, tuple[str, ...]] = {
    "janej": ("Ja", "Nej", "Vill inte svara"),
    "frekvens": ("Dagligen", "Ibland", "Nej", "Vill inte svara"),
}

#: Question code -> (question as asked, scale). Wording ours, after the usual ANDT school-survey items.
UNG_FRAGOR: dict[str, tuple[str, str]] = {
    "alkohol_12man": ("Har du druckit alkohol de senaste 12 månaderna?", "janej"),
    "berusad_30d": ("Har du druckit så mycket alkohol att du känt dig berusad de senaste 30 dagarna?", "janej"),
    "narkotika_nagon_gang": ("Har du någon gång använt narkotika (till exempel hasch eller marijuana)?", "janej"),
    "narkotika_30d": ("Har du använt narkotika de senaste 30 dagarna?", "janej"),
    "rokning": ("Röker du cigaretter?", "frekvens"),
    "snus": ("Snusar du?", "frekvens"),
    "e_cigarett": ("Använder du e-cigaretter (vejp)?", "frekvens"),
    "spel_pengar": ("Har du spelat om pengar de senaste 12 månaderna?", "janej"),
}
ARSKURSER = ("åk 7", "åk 9", "gy 2")
KON = ("Flicka", "Pojke", "Annat/vill inte svara")
COLUMNS = ["respondent", "ar", "skolkommun", "hemkommun", "arskurs", "kon", "fraga", "svar"]
_ALIASES = {"id": "respondent", "lopnummer": "respondent", "elev_id": "respondent", "elev": "respondent",
            "undersokningsar": "ar", "ar_": "ar", "skolkommun_kod": "skolkommun", "hemkommun_kod": "hemkommun",
            "klass": "arskurs", "skolar": "arskurs", "arskurs_": "arskurs", "kon_": "kon", "kön": "kon"}
_KON = {"flicka": "Flicka", "tjej": "Flicka", "pojke": "Pojke", "kille": "Pojke", "annat": KON[2],
        "vill inte svara": KON[2], "annat/vill inte svara": KON[2], "vet ej": KON[2]}


def _grade(v) -> str | None:
    if not isinstance(v, str):
        return None
    t = " ".join(v.lower().replace(".", " ").split())
    for prefix in ("årskurs ", "åk ", "ak ", "arskurs "):
        t = t.removeprefix(prefix)
    if t in ("7", "9"):
        return f"åk {t}"
    if t in ("gy 2", "gy2", "gymnasiet år 2", "gymnasiet 2", "gymnasiet åk 2", "år 2 gymnasiet", "g2"):
        return "gy 2"
    return None


def kommun_codes(series: pd.Series) -> pd.Series:
    """Municipality codes from codes ('0331', '331') or names ('Heby', 'Hebys kommun'); None if unknown."""
    def one(v):
        if not isinstance(v, str):
            return None
        s = v.strip()
        code = s.zfill(4) if s.isdigit() and len(s) in (3, 4) else region_code(s)
        return code if code in registry.KOMMUNER else None
    return series.map(one)


def read_youth_survey(path: str | Path, *, blad: str | int | None = None) -> pd.DataFrame:
    """Read youth-survey microdata (see module docstring); Swedish errors naming file, row and column."""
    p = Path(path)
    raw = read_table(p, sheet=blad)
    df = rename_columns(raw.frame(), _ALIASES)
    problems = Problems(p)
    header_row = (raw.line_numbers[0] - 1) if raw.line_numbers else 1
    for col in ("respondent", "ar", "arskurs"):
        if col not in df:
            problems.add("Kolumnen saknas i rubrikraden.", header_row, col, None,
                         "rubriken respondent;ar;skolkommun;hemkommun;arskurs;kon;<frågor>")
    if "skolkommun" not in df and "hemkommun" not in df:
        problems.add("Kolumnen för kommun saknas (skolkommun eller hemkommun).", header_row, "hemkommun", None,
                     "minst en av kolumnerna skolkommun och hemkommun")
    questions = [c for c in df.columns if c in UNG_FRAGOR]
    if not questions:
        problems.add("Filen har inga frågekolumner som känns igen.", header_row, None, None,
                     "kolumner som " + ", ".join(list(UNG_FRAGOR)[:4]))
    problems.raise_if_any()
    out = pd.DataFrame(index=df.index)
    out["respondent"] = df["respondent"].astype("str")
    problems.add_rows(df["respondent"].isna(), df["respondent"], "Respondent-id saknas.", "respondent", "ett id")
    year, bad = parse_integers(df["ar"])
    problems.add_rows(bad | df["ar"].isna(), df["ar"], "Året är inte ett heltal.", "ar", "ett årtal, t.ex. 2023")
    out["ar"] = year.fillna(0).astype("int64")
    for col in ("skolkommun", "hemkommun"):
        if col in df:
            codes = kommun_codes(df[col])
            problems.add_rows(df[col].notna() & codes.isna(), df[col], "Okänd kommun.", col,
                              "kommunkod eller kommunens namn, t.ex. 0331 eller Heby")
            out[col] = codes.astype("object")
        else:
            out[col] = pd.Series(None, index=df.index, dtype="object")
    grade = df["arskurs"].map(_grade)
    problems.add_rows(grade.isna(), df["arskurs"], "Okänd årskurs.", "arskurs", "åk 7, åk 9 eller gy 2")
    out["arskurs"] = grade
    if "kon" in df:
        kon = df["kon"].map(lambda v: _KON.get(" ".join(v.lower().split())) if isinstance(v, str) else None)
        problems.add_rows(df["kon"].notna() & kon.isna(), df["kon"], "Okänt värde.", "kon", "Flicka eller Pojke")
        out["kon"] = kon
    else:
        out["kon"] = None
    dup = out["respondent"].duplicated(keep=False) & df["respondent"].notna()
    problems.add_rows(dup & out[["ar", "respondent"]].duplicated(keep=False), df["respondent"],
                      "Dubblett: samma respondent finns på flera rader.", "respondent", "ett unikt id per år")
    for q in questions:
        scale = SKALOR[UNG_FRAGOR[q][1]]
        canon = {" ".join(a.lower().split()): a for a in scale}
        mapped = df[q].map(lambda a: canon.get(" ".join(a.lower().split())) if isinstance(a, str) else None)
        problems.add_rows(df[q].notna() & mapped.isna(), df[q], "Svaret finns inte i svarsskalan.", q,
                          "ett av " + ", ".join(f"'{a}'" for a in scale) + " eller tomt")
        out[q] = mapped
    problems.raise_if_any()
    ids = ["respondent", "ar", "skolkommun", "hemkommun", "arskurs", "kon"]
    long = out.melt(id_vars=ids, value_vars=questions, var_name="fraga", value_name="svar")
    long = long[long["svar"].notna()].reset_index(drop=True)
    long = long[COLUMNS].astype({"fraga": "str", "svar": "str"})
    known = {"respondent", "ar", "skolkommun", "hemkommun", "arskurs", "kon"}
    long.attrs.update({
        "respondenter": int(len(out)), "fil": str(p), "anteckningar": list(raw.notes),
        "okanda_kolumner": [c for c in df.columns if c not in known and c not in UNG_FRAGOR]})
    return long
