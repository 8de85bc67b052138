"""County report: alcohol, narcotics, tobacco and gambling among pupils beside the crime statistics.

The county programme couples crime prevention with the regional ANDT-L strategy. Shares come from the
school survey's microdata (one row per pupil), per kommun and grade, with Wilson intervals. Small groups
are not shown: a share is hidden when fewer than ``minsta_grupp`` pupils answered, or when 1-4 pupils
gave either answer (the share would tell who), and the county's share is hidden too when it could give a
hidden count back (a county with fewer than 1 000 pupils in the grade). Narcotics offences are shown
beside the survey with the caveat that they follow police activity.
"""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt
from ... import stats as S
from ... import text as T
from ...figures import stats_figures as SF
from ...stats.compare import NIVA, SKILLNAD
from ..common import label, names
from ..report import Section
from . import indicators as I
from .policy import section

#: (question, answers counted, Swedish description, ANDT area)
ANDT_MATT = [
    ("alkohol_12man", ("Ja",), "Druckit alkohol de senaste 12 månaderna", "Alkohol"),
    ("berusad_30d", ("Ja",), "Känt sig berusad de senaste 30 dagarna", "Alkohol"),
    ("narkotika_nagon_gang", ("Ja",), "Använt narkotika någon gång", "Narkotika"),
    ("narkotika_30d", ("Ja",), "Använt narkotika de senaste 30 dagarna", "Narkotika"),
    ("rokning", ("Dagligen", "Ibland"), "Röker", "Tobak och nikotin"),
    ("snus", ("Dagligen", "Ibland"), "Snusar", "Tobak och nikotin"),
    ("e_cigarett", ("Dagligen", "Ibland"), "Använder e-cigaretter", "Tobak och nikotin"),
    ("spel_pengar", ("Ja",), "Spelat om pengar de senaste 12 månaderna", "Spel om pengar"),
]
FIGURE_MEASURES = ("alkohol_12man", "narkotika_nagon_gang", "snus", "spel_pengar")
GRADES = ("åk 7", "åk 9", "gy 2")
SMALL = 5  # 1-4 pupils with an answer are not shown
COUNTY_ROUNDING_SAFE = 1000  # a whole-percent county share hides +-5 pupils only from 1 000 answers


def shares(ctx) -> pd.DataFrame:
    """Share per kommun (and the county), grade and measure with Wilson interval and ``dold``."""
    def build():
        d = ctx.data.get("ungdomsenkat")
        by = ctx.params.get("ungdomsenkat_kommun", "hemkommun")
        minimum = int(ctx.params.get("minsta_grupp", 10))
        year = int(d[C.AR].max())
        d = d[(d[C.AR] == year) & d[by].isin(ctx.area.members) & (d["svar"] != "Vill inte svara")]
        parts = []
        for q, positive, desc, area in ANDT_MATT:
            part = d[d["fraga"] == q]
            if part.empty:
                continue
            part = part.assign(_pos=part["svar"].isin(positive).astype(int))
            g = part.groupby([by, "arskurs"])["_pos"].agg(["sum", "size"]).reset_index()
            g.columns = [C.KOMMUNKOD, "arskurs", C.ANTAL, C.NAMNARE]
            county = part.groupby("arskurs")["_pos"].agg(["sum", "size"]).reset_index()
            county.columns = ["arskurs", C.ANTAL, C.NAMNARE]
            county[C.KOMMUNKOD] = ctx.kod
            g = pd.concat([g, county[g.columns]], ignore_index=True)
            g["fraga"], g["beskrivning"], g["omrade"], g[C.AR] = q, desc, area, year
            parts.append(g)
        out = S.proportions(pd.concat(parts, ignore_index=True), C.ANTAL, C.NAMNARE)
        small = ((out[C.ANTAL].between(1, SMALL - 1)) | ((out[C.NAMNARE] - out[C.ANTAL]).between(1, SMALL - 1))
                 | (out[C.NAMNARE] < minimum))
        out["dold"] = small & ctx.delbar
        county = out[C.KOMMUNKOD] == ctx.kod
        out.loc[county, "dold"] = False
        if ctx.delbar:  # a county share could give a hidden kommun count back when the county is small
            hidden_cols = out[~county & out["dold"]].groupby(["fraga", "arskurs"]).size().index
            for q, grade in hidden_cols:
                m = county & (out["fraga"] == q) & (out["arskurs"] == grade) & (out[C.NAMNARE] < COUNTY_ROUNDING_SAFE)
                out.loc[m, "dold"] = True
        return out
    return ctx.cached("lan:andt", build)


def _cell(r) -> str:
    if r["dold"]:
        return ".."
    return f"{fmt.pct(r[C.VARDE])} ({fmt.interval(r[C.NEDRE], r[C.OVRE], 0, percent=True)})"


def andt(ctx) -> Section:
    """ANDT beside crime: school-survey shares per kommun and grade with intervals, and narcotics offences."""
    sec = section(ctx)
    nm = names()
    d = ctx.data.get("ungdomsenkat")
    if d is None or d.empty:
        sec.md("Ingen skolenkät finns i underlaget; avsnittet visar bara narkotikabrotten.")
    else:
        sh = shares(ctx)
        by = ctx.params.get("ungdomsenkat_kommun", "hemkommun")
        year = int(sh[C.AR].iloc[0])
        sec.md(f"Skolenkäten {year} redovisas efter elevernas {by}. Andelarna gäller dem som besvarat frågan, med "
               "95 % konfidensintervall. ”..” = gruppen är för liten för att visas.")
        order = [k for k in ctx.area.members if k in set(sh[C.KOMMUNKOD])] + [ctx.kod]
        for grade in GRADES:
            g = sh[sh["arskurs"] == grade]
            if g.empty:
                continue
            rows = []
            for k in order:
                row = {"Kommun": nm.get(k, k)}
                for q, _pos, desc, _area in ANDT_MATT:
                    hit = g[(g[C.KOMMUNKOD] == k) & (g["fraga"] == q)]
                    row[desc] = _cell(hit.iloc[0]) if len(hit) else fmt.MISSING
                n = g[(g[C.KOMMUNKOD] == k)][C.NAMNARE].max()
                row["Antal svarande"] = fmt.integer(n) if not pd.isna(n) and not (g[(g[C.KOMMUNKOD] == k)]["dold"].all()) \
                    else ".."
                rows.append(row)
            sec.table(pd.DataFrame(rows), f"Alkohol, narkotika, tobak och spel i {grade} {year}", keys=None)
        g9 = sh[(sh["arskurs"] == "åk 9") & (sh[C.KOMMUNKOD] != ctx.kod) & ~sh["dold"]]
        county = sh[(sh["arskurs"] == "åk 9") & (sh[C.KOMMUNKOD] == ctx.kod)].set_index("fraga")
        for q in FIGURE_MEASURES:
            part = g9[g9["fraga"] == q]
            if len(part) >= 2:
                desc = part["beskrivning"].iloc[0]
                bench = county[C.VARDE].get(q) if q in county.index and not county.at[q, "dold"] else None
                sec.figure(SF.ranked_dot_plot(part, names=nm, percent=True, benchmark=bench, benchmark_name=ctx.namn,
                                              xlabel="Andel av eleverna", title=f"{desc}, åk 9 {year}"))
        hidden = int((sh["dold"] & (sh[C.KOMMUNKOD] != ctx.kod)).sum())
        if hidden:
            sec.note(f"{fmt.integer(hidden)} andelar visas inte: färre än {int(ctx.params.get('minsta_grupp', 10))} "
                     f"svarande, eller 1–{SMALL - 1} elever med ett av svaren.")
        sec.note("Dopning ingår i länets ANDT-L-strategi men mäts inte i skolenkätens övningsdata.")
        sec.facts["andt"] = sh
    _narcotics(ctx, sec, nm)
    return sec


def _narcotics(ctx, sec, nm) -> None:
    """Narcotics offences per kommun beside the survey, with the caveat."""
    y, b = ctx.ar_till, "narkotikabrott"
    lat = I.latest(ctx)
    part = lat[(lat[C.BROTTSTYP] == b) & lat[C.KOMMUNKOD].isin(I.kommuner(ctx) + [ctx.kod])]
    if part.empty:
        sec.md("Brottsstatistiken saknar narkotikabrott.")
        return
    f = I.funnels(ctx).get(b)
    verdict = dict(zip(f.punkter[C.KOMMUNKOD], zip(f.punkter[SKILLNAD], f.punkter[NIVA]))) if f is not None else {}
    survey = shares(ctx) if ctx.data.get("ungdomsenkat") is not None else None
    rows, keys = [], []
    for k in I.kommuner(ctx) + [ctx.kod]:
        r = part[part[C.KOMMUNKOD] == k]
        if r.empty:
            continue
        r = r.iloc[0]
        row = {"Kommun": nm.get(k, k), f"Narkotikabrott per {T.PER_100K} {y}": T.rate_number(r[C.VARDE]),
               "95 % konfidensintervall": fmt.interval(r[f"{C.NEDRE}_95"], r[f"{C.OVRE}_95"], 0),
               "Jämfört med länet": T.comparison_short(*verdict[k]) if k in verdict else "–"}
        if survey is not None:
            s = survey[(survey[C.KOMMUNKOD] == k) & (survey["fraga"] == "narkotika_nagon_gang")
                       & (survey["arskurs"] == "åk 9")]
            row["Använt narkotika någon gång, åk 9"] = _cell(s.iloc[0]) if len(s) else fmt.MISSING
        rows.append(row)
        keys.append((k, b, y))
    sec.md("**Narkotikabrott.** Anmälda narkotikabrott följer polisens egna insatser – kontroller, spaning och "
           "prioriteringar – mer än hur vanligt narkotikabruket är. En kommun med många narkotikabrott kan ha en "
           "aktiv polis snarare än fler som använder narkotika. Jämför därför brotten med skolenkätens svar och "
           "dra inga slutsatser om bruket ur brottsstatistiken ensam.")
    sec.table(pd.DataFrame(rows), f"Narkotikabrott {y} och ungas narkotikaerfarenhet", keys=keys,
              count=None, keep=("Kommun",))
    sec.facts["narkotikabrott"] = [r["Kommun"] for r in rows]
    sec.facts["narkotikabrott_etikett"] = label(b)
