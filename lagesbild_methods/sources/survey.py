"""Survey microdata (trygghetsmätning) in WIDE form -> the long survey contract.

Input: one row per respondent as exported from a survey tool (CSV ';' or ',', any usual encoding, or
.xlsx): ``respondent;kommunkod;ar;kon;aldersgrupp;omrade;vikt;<question codes …>``; ``vikt`` with decimal
comma. Question columns are the codes of :data:`columns.SURVEY_QUESTIONS` (other columns after the
background columns are kept as questions too and listed in ``attrs["okanda_fragor"]``). Answers must be
the questionnaire texts of their scale (:data:`SVARSSKALOR`); an empty cell means "no answer" and gives
no row in the long frame.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import columns as C
from .. import registry
from .common import Problems, parse_integers, parse_numbers, read_table, region_code, rename_columns
from .schemas import contract_problems

SVARSSKALOR: dict[str, tuple[str, ...]] = {
    "trygghet": ("Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg", "Går aldrig ut"),
    "oro": ("Ofta", "Ibland", "Sällan", "Aldrig"),
    "problem": ("Inget problem", "Ganska litet problem", "Ganska stort problem", "Mycket stort problem", "Vet ej"),
    "utsatt": ("Ja", "Nej"),
}
KON_VARDEN = ("Kvinna", "Man", "Annat/vill inte svara")
ALDERSGRUPPER = ("16-29", "30-49", "50-64", "65-84")
BACKGROUND = [C.RESPONDENT, C.KOMMUNKOD, C.AR, C.KON, C.ALDERSGRUPP, C.OMRADE, C.VIKT]
ALIASES = {"id": C.RESPONDENT, "respondent_id": C.RESPONDENT, "lopnummer": C.RESPONDENT, "kommun": C.KOMMUNKOD,
           "kon_": C.KON, "alder": C.ALDERSGRUPP, "aldersgrupp_": C.ALDERSGRUPP, "vikt_": C.VIKT, "weight": C.VIKT,
           "bostadsomrade": C.OMRADE, "ar_": C.AR, "undersokningsar": C.AR}


def scale_for(question: str) -> tuple[str, ...] | None:
    """Answer scale of a question code by its prefix ('oro_inbrott' -> the 'oro' scale)."""
    return SVARSSKALOR.get(question.split("_", 1)[0])


def read_survey(path: str | Path, *, kommunkod: str | None = None, blad: str | int | None = None) -> pd.DataFrame:
    """Read wide survey microdata and return the long survey contract.

    Returns ``respondent, kommunkod, ar, kon, aldersgrupp, omrade, vikt, fraga, svar`` (one row per
    respondent and answered question). Answers are normalised to the scale's spelling (case, spaces).
    ``attrs``: ``respondenter`` (number of respondents), ``okanda_fragor`` (question columns not in
    ``columns.SURVEY_QUESTIONS``), ``anteckningar``.
    """
    p = Path(path)
    raw = read_table(p, sheet=blad)
    df = rename_columns(raw.frame(), ALIASES)
    problems = Problems(p)
    header_row = (raw.line_numbers[0] - 1) if raw.line_numbers else 1
    need = [C.RESPONDENT, C.AR, C.VIKT] + ([] if kommunkod else [C.KOMMUNKOD])
    for col in need:
        if col not in df:
            problems.add("Kolumnen saknas i rubrikraden.", header_row, col, None,
                         "rubriken respondent;kommunkod;ar;kon;aldersgrupp;omrade;vikt;<frågor>")
    questions = [c for c in df.columns if c not in BACKGROUND]
    if not questions:
        problems.add("Filen har inga frågekolumner.", header_row, None, None,
                     "kolumner som " + ", ".join(list(C.SURVEY_QUESTIONS)[:3]))
    problems.raise_if_any()
    idx = df.index
    wide = pd.DataFrame(index=idx)
    wide[C.RESPONDENT] = df[C.RESPONDENT].str.replace(r"\.0$", "", regex=True).astype("str")
    problems.add_rows(df[C.RESPONDENT].isna(), df[C.RESPONDENT], "Respondent-id saknas.", C.RESPONDENT, "ett id")
    if C.KOMMUNKOD in df:
        k = df[C.KOMMUNKOD]
        kk = k.where(k.str.fullmatch(r"\d{4}").fillna(False), k.map(lambda v: region_code(v) if isinstance(v, str) else None))
        kk = kk.where(kk.notna(), "0" + k.where(k.str.fullmatch(r"\d{3}").fillna(False)))
        if kommunkod:
            kk = kk.fillna(registry.get(kommunkod).kod)
        problems.add_rows(kk.isna(), k, "Okänd eller saknad kommun.", C.KOMMUNKOD, "kommunkod, t.ex. 0331")
        wide[C.KOMMUNKOD] = kk.fillna("").astype("str")
    else:
        wide[C.KOMMUNKOD] = pd.Series(registry.get(kommunkod).kod, index=idx, dtype="str")
    year, bad = parse_integers(df[C.AR])
    problems.add_rows(bad | df[C.AR].isna(), df[C.AR], "Året är inte ett heltal.", C.AR, "ett årtal, t.ex. 2025")
    wide[C.AR] = year.fillna(0).astype("int64")
    for col, allowed in ((C.KON, KON_VARDEN), (C.ALDERSGRUPP, ALDERSGRUPPER)):
        if col in df:
            v = df[col].str.replace("\u2013", "-", regex=False).str.replace(" ", "", regex=False) \
                if col == C.ALDERSGRUPP else df[col]
            canon = {a.lower(): a for a in allowed}
            mapped = v.str.lower().map(canon)
            problems.add_rows(v.notna() & mapped.isna(), df[col], "Okänt värde.", col, "en av " + ", ".join(allowed))
            wide[col] = mapped.astype("str")
        else:
            wide[col] = pd.Series(pd.NA, index=idx, dtype="str")
    wide[C.OMRADE] = df[C.OMRADE].astype("str") if C.OMRADE in df else pd.Series(pd.NA, index=idx, dtype="str")
    w, bad = parse_numbers(df[C.VIKT])
    problems.add_rows(bad, df[C.VIKT], "Vikten är inte ett tal.", C.VIKT, "ett tal större än 0, t.ex. 1,25")
    problems.add_rows(df[C.VIKT].isna(), df[C.VIKT], "Vikt saknas.", C.VIKT, "ett tal större än 0 (1 om ovägt)")
    problems.add_rows(w.notna() & (w <= 0), df[C.VIKT], "Vikten måste vara större än 0.", C.VIKT,
                      "ett tal större än 0, t.ex. 1,25")
    wide[C.VIKT] = w.astype("float64")
    dup = wide[[C.KOMMUNKOD, C.AR, C.RESPONDENT]].duplicated(keep=False) & df[C.RESPONDENT].notna()
    problems.add_rows(dup, df[C.RESPONDENT], "Dubblett: samma respondent finns på flera rader.", C.RESPONDENT,
                      "ett unikt respondent-id per kommun och år")
    for q in questions:
        scale = scale_for(q)
        if scale is None:
            wide[q] = df[q]
            continue
        canon = {" ".join(a.lower().split()): a for a in scale}
        mapped = df[q].map(lambda a: canon.get(" ".join(a.lower().split())) if isinstance(a, str) else None)
        problems.add_rows(df[q].notna() & mapped.isna(), df[q], "Svaret finns inte i svarsskalan.", q,
                          "ett av " + ", ".join(f"'{a}'" for a in scale) + " eller tomt")
        wide[q] = mapped
    problems.raise_if_any()
    long = wide.reset_index(names="rad").melt(id_vars=["rad"] + BACKGROUND, value_vars=questions,
                                              var_name=C.FRAGA, value_name=C.SVAR)
    long = long[long[C.SVAR].notna()]
    long = long.astype({C.FRAGA: "str", C.SVAR: "str"})
    long = long.set_index("rad")
    problems.extend(contract_problems(long[C.SURVEY_COLUMNS], "enkat", p))
    problems.raise_if_any()
    out = long[C.SURVEY_COLUMNS].reset_index(drop=True)
    out.attrs.update({"respondenter": int(len(wide)),
                      "okanda_fragor": [q for q in questions if q not in C.SURVEY_QUESTIONS],
                      "anteckningar": list(raw.notes), "fil": str(p)})
    return out
