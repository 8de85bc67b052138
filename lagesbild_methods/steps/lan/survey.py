"""County reports: trygghet per kommun (the kommuner's trygghetsmätningar side by side) and the survey of
the county's coordinators and kommunpoliser (counts, shares with Wilson intervals, free text as themes)."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt
from ... import stats as S
from ... import text as T
from ...figures import lan_figures as LF
from ...figures import stats_figures as SF
from ...text import lan as TL
from ...sources.samordnarenkat import ANNAT, FRAGA_BY_KOD, ROLLER
from ...sources.teman import OVRIGT
from ..common import names
from ..report import Section
from ..step1.survey import SURVEY_MEASURES
from . import indicators as I
from .policy import section

SHORT = {"trygghet_ute_kvall": "Otrygg ute sent en kväll", "oro_brottsligheten": "Ofta oro över brottsligheten",
         "oro_inbrott": "Ofta oro för inbrott", "problem_klotter": "Klotter/skadegörelse stort problem",
         "problem_narkotika": "Narkotikaförsäljning stort problem",
         "problem_ungdomsgang": "Störande ungdomsgäng stort problem", "problem_buskorning": "Buskörning stort problem",
         "utsatt_stold": "Utsatt för stöld", "utsatt_hot_vald": "Utsatt för hot eller våld"}
#: Smallest group of respondents shown by role in the coordinators' survey.
MIN_ROLE_GROUP = 5


def trygghet(ctx) -> Section:
    """Each kommun's latest trygghetsmätning side by side: weighted shares with intervals, and a funnel for
    the share who feel unsafe out alone late in the evening."""
    sec = section(ctx)
    sv = ctx.survey
    if sv is None or sv.empty:
        return sec.md("Det finns inga trygghetsmätningar för länets kommuner i underlaget.")
    nm, minimum = names(), int(ctx.params.get("minsta_grupp", 10))
    rows, years, small = {}, {}, []
    for q, positive, _desc in SURVEY_MEASURES:
        if q not in set(sv[C.FRAGA]):
            continue
        sh = I.survey_share_by_kommun(ctx, q, positive)
        for _, r in sh.iterrows():
            k = r[C.KOMMUNKOD]
            row = rows.setdefault(k, {"Kommun": nm.get(k, k)})
            years[k] = int(r[C.AR])
            if r["n_svarande"] < minimum:
                row[SHORT[q]] = "för få svar"
                small.append(k)
            else:
                row[SHORT[q]] = f"{fmt.pct(r[C.VARDE])} ({fmt.interval(r[C.NEDRE], r[C.OVRE], 0, percent=True)})"
    for k, row in rows.items():
        row["År"] = str(years[k])
        row["Antal svarande"] = fmt.integer(sv[(sv[C.KOMMUNKOD] == k) & (sv[C.AR] == years[k])][C.RESPONDENT].nunique())
    order = [k for k in ctx.area.members if k in rows]
    table = pd.DataFrame([rows[k] for k in order])
    sec.md("Andelar med 95 % konfidensintervall i varje kommuns senaste trygghetsmätning. Kommunerna kan ha mätt "
           "olika år (kolumnen År); jämför helst mätningar från samma år.")
    sec.table(table, "Trygghet, problem i området och utsatthet per kommun", keys=None)
    without = [nm.get(k, k) for k in ctx.area.members if k not in rows]
    if without:
        sec.md(f"Ingen trygghetsmätning finns i underlaget för {T.join_sv(without)}; "
               + ("kommunen saknas" if len(without) == 1 else "kommunerna saknas") + " i tabellen och diagrammen.")
    key_q, key_pos, key_desc = SURVEY_MEASURES[0]
    if key_q in set(sv[C.FRAGA]):
        sh = I.survey_share_by_kommun(ctx, key_q, key_pos)
        sh = sh[sh["n_svarande"] >= minimum]
        if len(sh) >= 3:
            f = S.funnel(sh, kind="proportion", count="_x", denominator=C.NAMNARE)
            sec.figure(SF.funnel_plot(f, names=nm, title="Trattdiagram: otrygga ute sent en kväll, länets kommuner",
                                      xlabel="Effektivt antal svarande", ylabel="Andel ganska eller mycket otrygga"))
            sec.md(T.funnel_sentence(f, names=nm, name_col=C.KOMMUNKOD))
            sec.figure(SF.ranked_dot_plot(sh, names=nm, percent=True, xlabel="Andel ganska eller mycket otrygga",
                                          title="Otrygga ute sent en kväll per kommun (95 % konfidensintervall)"))
            sec.facts["tratt"] = f
            ctx.cache.setdefault("lan:metod", {})["Trattdiagrammet för otrygghet"] = f.metod
    sec.note("Andelarna är viktade så att svaren motsvarar befolkningen; intervallen tar hänsyn till vikterna. "
             f"Grupper med färre än {minimum} svarande visas inte. Trattdiagrammets mittlinje är länets samlade andel.")
    sec.facts.update(kommuner=order, ar=years, utan_matning=without)
    return sec


# ------------------------------------------------------------------------------------------ coordinators
def _shares(answers: pd.DataFrame, code: str) -> pd.DataFrame:
    """Count and Wilson share of each option among those who answered question ``code``."""
    f = FRAGA_BY_KOD[code]
    part = answers[answers["fraga"] == code]
    n = part["respondent"].nunique()
    opts = list(f.alternativ) + ([ANNAT] if (part["svar"] == ANNAT).any() else [])
    counts = part.groupby("svar")["respondent"].nunique()
    df = pd.DataFrame({"svar": opts, C.ANTAL: [int(counts.get(o, 0)) for o in opts], C.NAMNARE: n})
    return S.proportions(df, C.ANTAL, C.NAMNARE) if n else df.assign(**{C.VARDE: float("nan")})


def samordnarenkat(ctx) -> Section:
    """The survey of coordinators and kommunpoliser: who answered, each question's answers with shares and
    Wilson intervals (by role when both groups are large enough), and free-text answers as themes."""
    sec = section(ctx)
    a = ctx.data.get("samordnarenkat")
    if a is None:
        return sec.md("Ingen export av enkäten till samordnare och kommunpoliser finns i underlaget. Ange filen i "
                      "parametern `samordnarenkat_fil`.")
    n = int(a.attrs.get("respondenter", a["respondent"].nunique()))
    roles = a.drop_duplicates("respondent")["roll"].fillna("Roll saknas").value_counts()
    kommuner = a["kommunkod"].dropna().nunique()
    sec.md(f"Enkäten besvarades av {fmt.integer(n)} personer från {fmt.integer(kommuner)} av "
           f"{T.members_phrase(len(ctx.area.members))}: " + T.join_sv(
               [TL.role_count(k, v) for k, v in roles.items()]) + ". Svaren redovisas för länet som "
           "helhet, aldrig per kommun, så att ingen enskild persons svar kan pekas ut.")
    big_roles = [r for r in ROLLER[:2] if roles.get(r, 0) >= MIN_ROLE_GROUP]
    role_of = a.drop_duplicates("respondent").set_index("respondent")["roll"]
    questions = a.attrs.get("fragor") or {c: FRAGA_BY_KOD[c] for c in a["fraga"].unique() if c in FRAGA_BY_KOD}
    for code, f in questions.items():
        if f.typ == "fritext":
            continue
        sh = _shares(a, code)
        if sh[C.NAMNARE].max() == 0 if len(sh) else True:
            continue
        table = pd.DataFrame({"Svar": sh["svar"], "Antal": sh[C.ANTAL].map(fmt.integer),
                              "Andel (95 % konfidensintervall)": [
                                  f"{fmt.pct(v)} ({fmt.interval(lo, hi, 0, percent=True)})"
                                  for v, lo, hi in zip(sh[C.VARDE], sh[C.NEDRE], sh[C.OVRE])]})
        if len(big_roles) == 2:
            for r in big_roles:
                ids = set(role_of[role_of == r].index)
                sub = _shares(a[a["respondent"].isin(ids)], code)
                table[r] = [fmt.pct(v) for v in sub[C.VARDE]]
        caption = f"{f.text} (n = {fmt.integer(int(sh[C.NAMNARE].max()))}" + (
            ", flera svar möjliga)" if f.typ == "flerval" else ")")
        sec.table(table, caption, keys=None)
    free = a[a["fraga"].isin([c for c, f in questions.items() if f.typ == "fritext"])]
    if len(free):
        themes = free.groupby("svar")["respondent"].nunique().sort_values(ascending=False)
        sec.md(f"{fmt.integer(free['respondent'].nunique())} personer skrev egna kommentarer. De har kodats till teman "
               "med en fast ordlista; texten visas inte, eftersom fria svar kan innehålla namn eller annat som pekar "
               "ut en person.")
        sec.figure(LF.theme_bars(themes, title="Teman i de fria svaren", xlabel="Antal personer"))
        sec.table(pd.DataFrame({"Tema": themes.index, "Antal personer": themes.map(fmt.integer).to_numpy()}),
                  "Fria svar kodade till teman", keys=None)
        if OVRIGT in themes.index:
            sec.note(f"”{OVRIGT}” = kommentarer som inte passar något tema i ordlistan.")
    sec.note("Andelarna räknas bland dem som besvarat frågan, med 95 % konfidensintervall. Med så få svar "
             "är intervallen breda. Uppdelning per roll visas bara när varje grupp har minst "
             f"{MIN_ROLE_GROUP} svar.")
    sec.facts.update(respondenter=n, kommuner=kommuner, roller=roles.to_dict())
    return sec
