"""Step 1, the survey: who is affected and how safe people feel (weighted shares with intervals and n)."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt
from ... import stats as S
from ... import text as T
from ...figures import stats_figures as SF
from ...verdicts import Change
from ..common import prefetch_survey_shares, survey_shares
from ..report import Section


SURVEY_MEASURES = [
    # (question, positive answers, Swedish description)
    ("trygghet_ute_kvall", ("Ganska otrygg", "Mycket otrygg"),
     "Andel som känner sig ganska eller mycket otrygga ute ensamma sent en kväll i sitt bostadsområde"),
    ("oro_brottsligheten", ("Ofta",), "Andel som ofta känt oro över brottsligheten i samhället"),
    ("oro_inbrott", ("Ofta",), "Andel som ofta oroar sig för inbrott i bostaden"),
    ("problem_klotter", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att klotter och skadegörelse är ett ganska eller mycket stort problem i området"),
    ("problem_narkotika", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att narkotikaförsäljning är ett ganska eller mycket stort problem i området"),
    ("problem_ungdomsgang", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att störande ungdomsgäng är ett ganska eller mycket stort problem i området"),
    ("problem_buskorning", ("Ganska stort problem", "Mycket stort problem"),
     "Andel som tycker att buskörning är ett ganska eller mycket stort problem i området"),
    ("utsatt_stold", ("Ja",), "Andel som utsatts för stöld de senaste 12 månaderna"),
    ("utsatt_hot_vald", ("Ja",), "Andel som utsatts för hot eller våld de senaste 12 månaderna"),
]


def trygghet(ctx) -> Section:
    """Who is affected and how safe people feel: weighted survey shares with Wilson intervals and n,
    by sex and age for the key measure, and the change between the two latest survey rounds."""
    sec = ctx.section()
    if ctx.survey is None or ctx.survey.empty:
        sec.md("Ingen trygghetsmätning finns i underlaget. Lägg till kommunens enkät (parametern `enkat_fil`) "
               "eller använd NTU:s resultat för lokalpolisområdet.")
        return sec
    years = sorted(ctx.survey[C.AR].unique())
    last = int(years[-1])
    prev = int(years[-2]) if len(years) > 1 else None
    n_last = ctx.survey.loc[ctx.survey[C.AR] == last, C.RESPONDENT].nunique()
    sec.md(f"Trygghetsmätningen {last} besvarades av {fmt.integer(n_last)} personer i {ctx.namn}"
           + (f"; jämförelsen görs med mätningen {prev}." if prev else ".")
           + " Andelarna är viktade så att svaren motsvarar befolkningens fördelning på kön och ålder.")
    rows, changes = [], []
    prefetch_survey_shares(ctx, [(q, positive) for q, positive, _ in SURVEY_MEASURES])
    for q, positive, desc in SURVEY_MEASURES:
        if q not in set(ctx.survey["fraga"]):
            continue
        sh = survey_shares(ctx, q, positive)
        cur = sh[sh[C.AR] == last]
        if cur.empty:
            continue
        r = cur.iloc[0]
        row = {"Mått": desc, f"Andel {last}": fmt.pct(r[C.VARDE]),
               "95 % konfidensintervall": fmt.interval(r[C.NEDRE], r[C.OVRE], 0, percent=True),
               "Antal svarande": fmt.integer(r["n_svarande"])}
        if prev is not None:
            ch = S.compare_two_shares(sh, prev, last)
            if len(ch):
                c = ch.iloc[0]
                row[f"Andel {prev}"] = fmt.pct(c["varde_1"])
                row["Förändring"] = T.change_short(c["forandring"])
                changes.append((q, desc, c))
        rows.append(row)
    table = pd.DataFrame(rows)
    sec.table(table, f"Trygghet, problem i området och utsatthet i {ctx.namn} ({last})", keys=None)
    key = survey_shares(ctx, "trygghet_ute_kvall", SURVEY_MEASURES[0][1])
    key_last = key[key[C.AR] == last]
    if len(key_last):
        sec.md(T.share_sentence(key_last.iloc[0], SURVEY_MEASURES[0][2]))
    for q, desc, c in changes:
        if c["forandring"] in (Change.INCREASE, Change.DECREASE):
            word = "ökade" if c["forandring"] == Change.INCREASE else "minskade"
            sec.md(f"{desc} {word} från {fmt.pct(c['varde_1'])} ({prev}) till {fmt.pct(c['varde_2'])} ({last}); "
                   f"förändringen är statistiskt säkerställd ({T.p_text(c['p_varde'])}).")
    # who: by sex and age group for the key measure
    by_group(ctx, sec, "trygghet_ute_kvall", SURVEY_MEASURES[0][1], last, title="Otrygga ute sent en kväll",
             xlabel="Andel ganska eller mycket otrygga")
    sec.note("Andelarna är viktade så att de speglar befolkningen; intervallen tar hänsyn till vikterna. "
             "”Vet ej” och obesvarade frågor räknas inte. "
             "Grupper med färre än 30 svarande ger mycket osäkra andelar.")
    sec.facts["enkat_ar"] = years
    return sec


def by_group(ctx, sec, question: str, positive, year: int, *, title: str, xlabel: str) -> list:
    """Who: one survey measure in ``year`` by sex and by age group (a dot plot and a sentence each).

    Also used by step 2's deep dive into a problem. Returns the groupings shown (``kon``, ``aldersgrupp``)."""
    shown = []
    for group, word in ((C.KON, "kön"), (C.ALDERSGRUPP, "åldersgrupp")):
        g = survey_shares(ctx, question, positive, by=(C.KOMMUNKOD, C.AR, group))
        g = g[g[C.AR] == year].sort_values(group)
        if len(g) >= 2:
            g = g.assign(**{group: g[group].astype(str).str.replace("-", "–", regex=False)})  # 16–29, not 16-29
            g = g.assign(**{C.KOMMUNKOD: g[group]})
            fig = SF.ranked_dot_plot(g, label=C.KOMMUNKOD, names={v: v for v in g[group]}, percent=True,
                                     title=f"{title} efter {word}, {ctx.namn} {year}", xlabel=xlabel)
            sec.figure(fig)
            parts = [f"{v}: {fmt.pct(x)} ({fmt.interval(lo, hi, 0, percent=True)}, n = {fmt.integer(n)})"
                     for v, x, lo, hi, n in zip(g[group], g[C.VARDE], g[C.NEDRE], g[C.OVRE], g["n_svarande"])]
            overlap = _intervals_overlap(g)
            sec.md(f"Efter {word}: " + "; ".join(parts) + "."
                   + (" Intervallen överlappar, så skillnaderna mellan grupperna är osäkra." if overlap else
                      " Skillnaden mellan den högsta och den lägsta gruppen är tydlig (intervallen överlappar inte)."))
            shown.append(group)
    return shown


def _intervals_overlap(g: pd.DataFrame) -> bool:
    hi_group = g.loc[g[C.VARDE].idxmax()]
    lo_group = g.loc[g[C.VARDE].idxmin()]
    return bool(hi_group[C.NEDRE] <= lo_group[C.OVRE])

