"""Step 2, the causes of the chosen problem from the workbook's *Orsaker* sheet: the problem triangle, the
fishbone, the event chain, what each cause rests on, and the gaps.

Only the workbook's shareable view is used (:func:`lagesbild_methods.steps.arbetsbok.view`): the internal
description of a cause never reaches a report.
"""
from __future__ import annotations

import pandas as pd

from ... import fmt
from ...figures import cause_figures as CF
from ...text import plans as TP
from ...workbook import schema as WS
from .. import arbetsbok as W
from ..report import Section
from .deepdive import _name, _no_problem, chosen

BRA_SOURCE = ("Källa: Brå, Orsaksanalys i lokalt brottsförebyggande arbete (Vesterhav, Lindblom och Hellberg "
              "2018), och Brås vägledning ”Gör en orsaksanalys”.")


def causes_of(ctx, problem_id: str) -> pd.DataFrame:
    o = W.sheet(ctx, "orsaker")
    return o[o["problem"].astype(str) == str(problem_id)].reset_index(drop=True)


def measures_by_cause(ctx) -> dict[str, list[str]]:
    """Cause id -> ids of the measures that cite it (from the *Åtgärder* sheet)."""
    out: dict[str, list[str]] = {}
    for _, m in W.sheet(ctx, "atgarder").iterrows():
        for ref in WS.split_refs(m.get("orsak")) if pd.notna(m.get("orsak")) else []:
            out.setdefault(ref, []).append(str(m["id"]))
    return out


def _start(ctx):
    sec = ctx.section()
    p = chosen(ctx)
    if p is None:
        return sec, None, None
    return sec, p, causes_of(ctx, p["id"])


def _none_yet(sec, p) -> Section:
    return sec.md(f"Arbetsboken har ännu inga orsaker till {_name(p)} på bladet Orsaker. Gör orsaksanalysen "
                  "tillsammans med polisen och de verksamheter som känner problemet, och skriv in orsakerna där.")


def brottstriangeln(ctx) -> Section:
    """The problem triangle: the chosen problem's causes from the three perspectives of the crime triangle."""
    sec, p, causes = _start(ctx)
    if p is None:
        return _no_problem(sec)
    sec.md(f"Ett brott förutsätter en plats och situation där det kan ske, någon eller något som drabbas och en "
           f"gärningsperson. Figuren visar orsakerna till {_name(p)} från de tre hållen; ett tomt hörn är en fråga "
           "som ännu inte är besvarad.")
    if causes.empty:
        return _none_yet(sec, p)
    sec.figure(CF.problem_triangle_figure(causes, _name(p)))
    empty = [q for q in WS.LISTS["perspektiv"] if not (causes["perspektiv"] == q).any()]
    if empty:
        sec.md("Inga orsaker är ifyllda från perspektivet " + fmt.join_sv([e.lower() for e in empty]) + ". "
               "Fråga: " + " ".join(_QUESTIONS[e] for e in empty))
    sec.note(BRA_SOURCE)
    sec.facts.update(perspektiv={q: int((causes["perspektiv"] == q).sum()) for q in WS.LISTS["perspektiv"]},
                     tomma_perspektiv=empty)
    return sec


_QUESTIONS = {
    "Plats/situation": "Varför händer det just där och då, och vad i miljön gör det möjligt?",
    "Brottsutsatt": "Vilka eller vad drabbas, och varför just de?",
    "Gärningsperson": "Vilka begår brotten, vad driver dem och vad hindrar dem inte?",
}


def fiskben(ctx) -> Section:
    """The fishbone: the chosen problem's causes on the workbook's fishbone categories."""
    sec, p, causes = _start(ctx)
    if p is None:
        return _no_problem(sec)
    if causes.empty:
        return _none_yet(sec, p)
    sec.md("Fiskbensdiagrammet samlar orsakerna i kategorier. Färgen visar vad varje orsak vilar på; grå kursiv "
           "text är ett antagande.")
    sec.figure(CF.fishbone_figure(causes, _name(p)))
    table = (causes.assign(faktortyp=causes["faktortyp"].fillna("Ej angivet"), niva=causes["niva"].fillna("Ej angivet"))
             .groupby(["faktortyp", "niva"]).size().rename("antal").reset_index())
    sec.table(pd.DataFrame({"Risk eller skydd": table["faktortyp"], "Nivå": table["niva"],
                            "Antal orsaker": table["antal"].map(fmt.integer)}),
              "Risk- och skyddsfaktorer per nivå (individ, familj, kamrater, skola, närsamhälle)", keys=None)
    sec.note("Risk- och skyddsfaktorer samverkar mellan nivåerna och förstärker varandra; skyddsfaktorer kan "
             "buffra mot riskfaktorer (Socialstyrelsen 2020).")
    sec.facts["fiskben"] = sorted(set(causes["fiskben"].dropna()))
    return sec


def handelsekedja(ctx) -> Section:
    """The event chain: at which stage each cause acts and which measures break the chain where."""
    sec, p, causes = _start(ctx)
    if p is None:
        return _no_problem(sec)
    if causes.empty:
        return _none_yet(sec, p)
    by_cause = measures_by_cause(ctx)
    stages: dict[str, list[str]] = {}
    for _, r in causes.iterrows():
        if isinstance(r["handelsekedja"], str):
            stages.setdefault(r["handelsekedja"], [])
            stages[r["handelsekedja"]] += [m for m in by_cause.get(str(r["id"]), []) if m not in stages[r["handelsekedja"]]]
    sec.figure(CF.event_chain_figure(causes, _name(p), stages))
    first = next((s for s in WS.LISTS["handelsekedja"] if stages.get(s)), None)
    earliest = next((s for s in WS.LISTS["handelsekedja"] if s in stages), None)
    if first is None:
        sec.md("Ingen åtgärd är ännu kopplad till orsakerna i händelsekedjan.")
    elif earliest is not None and first != earliest:
        sec.md(f"Den tidigaste orsaken i kedjan ligger i steget *{earliest[2:].lower()}*, men den första åtgärden "
               f"verkar först i steget *{first[2:].lower()}*. Brå råder att bryta kedjan så tidigt som möjligt.")
    else:
        sec.md(f"Åtgärderna börjar verka redan i kedjans tidigaste steg med en orsak (*{first[2:].lower()}*).")
    no_stage = causes[causes["handelsekedja"].isna()]
    if len(no_stage):
        sec.md("Utan steg i händelsekedjan: " + ", ".join(no_stage["id"].astype(str)) + ".")
    sec.facts["kedja"] = stages
    return sec


def underlag(ctx) -> Section:
    """Which causes rest on evidence (data, research) and which on local knowledge or assumption, plainly."""
    sec, p, causes = _start(ctx)
    if p is None:
        return _no_problem(sec)
    counts = causes["underlag"].value_counts().to_dict() if len(causes) else {}
    sec.md(TP.evidence_sentence({k: int(v) for k, v in counts.items()} | (
        {"_": int(causes["underlag"].isna().sum())} if len(causes) and causes["underlag"].isna().any() else {}),
        _name(p)))
    if len(causes):
        by_cause = measures_by_cause(ctx)
        sec.table(pd.DataFrame({
            "Id": causes["id"], "Orsak": causes["orsak"], "Perspektiv": causes["perspektiv"].fillna(fmt.MISSING),
            "Vilar på": causes["underlag"].fillna("inget angivet"), "Källa": causes["kalla"].fillna(fmt.MISSING),
            "Åtgärder": [", ".join(by_cause.get(str(i), [])) or "ingen ännu" for i in causes["id"]]}),
            f"Orsakerna till {_name(p)} och vad de vilar på", keys=None)
        no_source = causes[causes["underlag"].isin(TP.EVIDENCE_KINDS) & causes["kalla"].isna()]
        if len(no_source):
            sec.md("Orsakerna " + ", ".join(no_source["id"].astype(str)) + " sägs vila på data eller forskning men "
                   "saknar källa; skriv in källan så att andra kan pröva den.")
    allc = W.sheet(ctx, "orsaker")
    probs = W.sheet(ctx, "problem")
    if len(probs):
        rows = []
        for _, q in probs.iterrows():
            c = allc[allc["problem"].astype(str) == str(q["id"])]
            rows.append({"Problem": f"{q['id']} {q['problem']}", "Orsaker": fmt.integer(len(c)),
                         **{k: fmt.integer(int((c["underlag"] == k).sum())) for k in TP.UNDERLAG_SV},
                         "Inget angivet": fmt.integer(int(c["underlag"].isna().sum()))})
        sec.table(pd.DataFrame(rows), "Alla problem: vad orsakerna vilar på", keys=None)
    sec.note("Data och forskning är det starkaste underlaget. Lokal kunskap är värdefull men kan vara ensidig; ett "
             "antagande är en gissning tills det prövats. Brå rekommenderar att orsaker prövas mot data, "
             "forskning och flera verksamheters erfarenhet innan åtgärder väljs.")
    sec.facts["underlag"] = counts
    return sec


def luckor(ctx) -> Section:
    """Gaps and broken links in the workbook's problems and causes: shown, never hidden."""
    sec = ctx.section()
    f = W.findings(ctx, ("Problem", "Orsaker"))
    if W.view(ctx) is None:
        return sec.md("Ingen arbetsbok angavs, så luckor i orsaksanalysen kan inte visas.")
    if f.empty:
        return sec.md("Arbetsboken har inga luckor på bladen Problem och Orsaker: varje problem har orsaker och "
                      "varje orsak har en åtgärd.")
    sec.md(f"Arbetsboken har {fmt.integer(len(f))} luckor eller fel på bladen Problem och Orsaker. De visas här så "
           "att de kan åtgärdas; en lucka i orsaksanalysen är en fråga som ännu inte är besvarad.")
    sec.table(pd.DataFrame({"Blad": f["blad"], "Rad": f["rad"].map(lambda v: fmt.integer(v) if pd.notna(v) else
                                                                     fmt.MISSING),
                            "Id": f["id"].fillna(fmt.MISSING), "Vad": f["meddelande"]}),
              "Luckor och fel i arbetsboken (Problem och Orsaker)", keys=None)
    sec.facts["luckor"] = len(f)
    return sec


def nasta_steg(ctx) -> Section:
    """What step 3 needs from this analysis."""
    sec = ctx.section()
    p = chosen(ctx)
    by_cause = measures_by_cause(ctx)
    open_causes = [] if p is None else [str(i) for i in causes_of(ctx, p["id"])["id"] if str(i) not in by_cause]
    sec.md("Nästa steg är **åtgärdsplanen (steg 3)**: välj åtgärder som påverkar orsakerna, inte bara "
           "symptomen. Situationella orsaker möts oftast med situationella åtgärder (tillsyn, fysisk miljö, "
           "målhärdning) som kan verka snabbt; sociala orsaker med sociala åtgärder som tar längre tid. En "
           "kombination är ofta mest verksam.")
    if open_causes:
        sec.md("Orsaker till det valda problemet som ännu saknar åtgärd: " + ", ".join(open_causes) + ".")
    sec.facts["utan_atgard"] = open_causes
    return sec
