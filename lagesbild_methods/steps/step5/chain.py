"""The whole chain in every step-5 report: which measure addressed which cause of which problem, what was
done, and what happened to its indicator -- with the strength of evidence said plainly.

One row per path problem -> orsak -> åtgärd -> indikator of the workbook (:meth:`Arbetsbok.kedja`); a missing
link is shown as a gap (⚠), never left out. "What was done" comes from the process follow-up of step 4;
"what happened" from the evaluation of each incident indicator with data up to the report's end
(:mod:`.evaluation`), or -- for indicators from crime statistics or the survey -- from the comparison with
the baseline (:mod:`.indicators`), which has no comparison and so is at most a weak sign.
"""
from __future__ import annotations

import pandas as pd

from ... import fmt
from ...text import followup as TF
from ...text.common import cap
from ...verdicts import EffectEvidence
from .. import arbetsbok as W
from ..report import Section
from ..step3.plan import _missing
from ..step4.process import measure_process
from .evaluation import evaluations, evidence
from .indicators import disclosure_key, follow_up

GAP_CAUSE, GAP_MEASURE, GAP_INDICATOR = "⚠ ingen orsak", "⚠ ingen åtgärd", "⚠ ingen indikator"


def results(ctx, start, end) -> dict[str, dict]:
    """Per indicator id: ``text`` (what happened, one sentence), ``cell`` (short), ``evidens`` and the
    ``utvardering`` (Evaluation) or ``uppfoljning`` row it rests on."""
    ev = evaluations(ctx, end)
    fu = follow_up(ctx, start, end).set_index("id")
    out = {}
    for iid, e in ev.items():
        if e.ok:
            m = e.model
            comp = e.jamforelse_kort if e.before_after.with_comparison else None
            text = TF.effect_sentence(e.insats, m["kvot"], m["nedre"], m["ovre"], m["verdikt"], comp)
            cell = TF.change_cell(m["kvot"], m["nedre"], m["ovre"])
            out[iid] = {"text": text, "cell": cell, "evidens": e.evidens, "utvardering": e}
            continue
        r = fu.loc[iid] if iid in fu.index else None
        if r is not None and pd.notna(r.get("forandring_varde")) and r.get("kalla") in ("brott", "enkat"):
            verdict = r["forandring"]
            lvl = evidence(None, verdict, r["riktning_kod"])
            if r["kalla"] == "enkat":
                cell = (f"{TF.signed_pp(r['forandring_varde'])} ({TF.signed_pp(r['forandring_nedre'])} till "
                        f"{TF.signed_pp(r['forandring_ovre'])})")
            else:
                cell = TF.change_cell(r["forandring_varde"], r["forandring_nedre"], r["forandring_ovre"], unit="brott")
            text = TF.baseline_change_sentence(r)
            out[iid] = {"text": text, "cell": cell, "evidens": lvl, "uppfoljning": r}
        else:
            why = e.skal or (r["skal"] if r is not None and isinstance(r.get("skal"), str) else "")
            out[iid] = {"text": f"Kan inte bedömas: {why}." if why else "Kan inte bedömas.", "cell": fmt.MISSING,
                        "evidens": EffectEvidence.NOT_ASSESSED}
    return out


def chain_rows(ctx, start, end) -> pd.DataFrame:
    """The chain table's rows (display strings) plus the ids, one row per path."""
    book = W.book(ctx)
    chain = book.kedja()
    problems = W.sheet(ctx, "problem").set_index("id")
    causes = W.sheet(ctx, "orsaker").set_index("id")
    indicators = W.sheet(ctx, "indikatorer").set_index("id")
    proc = measure_process(ctx, ref=end).set_index("id")
    res = results(ctx, start, end)
    rows = []
    for _, p in chain.iterrows():
        pid, oid, mid, iid = (None if _missing(p[c]) else str(p[c]) for c in ("problem", "orsak", "atgard", "indikator"))
        pname = problems.loc[pid, "problem"] if pid in problems.index else ""
        cause = (f"{oid} ({causes.loc[oid, 'underlag'].lower()})" if oid in causes.index and not
                 _missing(causes.loc[oid, "underlag"]) else oid) if oid else GAP_CAUSE
        if mid and mid in proc.index:
            pr = proc.loc[mid]
            done = (f"{fmt.integer(pr['genomforda'] + pr['delvis'])} aktiviteter, {TF.hours(pr['timmar'])} "
                    f"({TF.process_label(pr['status']).lower()})")
        else:
            done = fmt.MISSING if not oid else GAP_MEASURE if not mid else fmt.MISSING
        r = res.get(iid) if iid else None
        rows.append({"problem": pid, "orsak": oid, "atgard": mid, "indikator": iid,
                     "Problem": f"{pid} {pname}".strip(), "Orsak (vilar på)": cause,
                     "Åtgärd": mid or (GAP_MEASURE if oid else fmt.MISSING),
                     "Genomfört": done,
                     "Indikator": (f"{iid} {indicators.loc[iid, 'indikator']}" if iid in indicators.index else iid)
                     if iid else (GAP_INDICATOR if mid else fmt.MISSING),
                     "Vad hände": r["cell"] if r else fmt.MISSING,
                     "Evidens": TF.evidence_label(r["evidens"]) if r else fmt.MISSING,
                     "evidens": r["evidens"] if r else None})
    # measures the chain cannot reach (their causes are missing or do not exist): a broken link, shown as one
    from ..step3.plan import cause_cell, measure_links

    reached = {r["atgard"] for r in rows if r["atgard"]}
    links = measure_links(ctx).set_index("id")
    ind_of = W.sheet(ctx, "indikatorer")
    for mid in [m for m in links.index if m not in reached]:
        lk = links.loc[mid]
        pr = proc.loc[mid] if mid in proc.index else None
        done = (f"{fmt.integer(pr['genomforda'] + pr['delvis'])} aktiviteter, {TF.hours(pr['timmar'])} "
                f"({TF.process_label(pr['status']).lower()})") if pr is not None else fmt.MISSING
        mine = [str(i) for i in ind_of.loc[ind_of["atgard"].astype(str) == mid, "id"]] or [None]
        for iid in mine:
            r = res.get(iid) if iid else None
            rows.append({"problem": None, "orsak": None, "atgard": mid, "indikator": iid,
                         "Problem": "⚠ " + (", ".join(lk["problem"]) if lk["problem"] else "inget problem"),
                         "Orsak (vilar på)": cause_cell(lk) if "⚠" in cause_cell(lk) else f"⚠ {cause_cell(lk)}",
                         "Åtgärd": mid, "Genomfört": done,
                         "Indikator": (f"{iid} {indicators.loc[iid, 'indikator']}" if iid in indicators.index else iid)
                         if iid else GAP_INDICATOR,
                         "Vad hände": r["cell"] if r else fmt.MISSING,
                         "Evidens": TF.evidence_label(r["evidens"]) if r else fmt.MISSING,
                         "evidens": r["evidens"] if r else None})
    return pd.DataFrame(rows)


DISPLAY = ["Problem", "Orsak (vilar på)", "Åtgärd", "Genomfört", "Indikator", "Vad hände", "Evidens"]


def kedjan(ctx, start, end, *, detail: bool = True) -> Section:
    """The chain section: the table, one plain paragraph per measure with a result, and the caveat."""
    sec = ctx.section()
    if W.view(ctx) is None:
        return sec.md("Ingen arbetsbok angavs, så kedjan från problem till resultat kan inte visas.")
    rows = chain_rows(ctx, start, end)
    if rows.empty:
        return sec.md("Arbetsboken har inga problem ännu.")
    fu = follow_up(ctx, start, end).set_index("id")
    keys = [disclosure_key(ctx, fu.loc[i]) if isinstance(i, str) and i in fu.index else None for i in rows["indikator"]]
    sec.table(rows[DISPLAY], "Kedjan: problem → orsak → åtgärd → genomfört → indikator → resultat", keys=keys,
              keep=tuple(c for c in DISPLAY if c not in ("Vad hände", "Evidens")))
    gaps = int(rows[DISPLAY].apply(lambda c: c.astype(str).str.startswith("⚠")).any(axis=1).sum())
    sec.md(f"{fmt.integer(len(rows) - gaps)} av {fmt.integer(len(rows))} vägar genom kedjan är hela. "
           + (f"{cap(TF.plural(gaps, 'väg', 'vägar'))} har en lucka (⚠): ett problem utan orsak, en orsak som "
              "ingen åtgärd riktas mot eller en åtgärd utan indikator. Där går det inte att säga om arbetet "
              "påverkade problemet." if gaps else ""))
    if detail:
        res = results(ctx, start, end)
        done = set()
        for _, r in rows.dropna(subset=["indikator", "atgard"]).iterrows():
            key = (r["atgard"], r["indikator"])
            if key in done or r["indikator"] not in res:
                continue
            done.add(key)
            x = res[r["indikator"]]
            causes = ", ".join(rows.loc[(rows["atgard"] == r["atgard"]) & rows["orsak"].notna(), "orsak"].unique())
            probs = ", ".join(rows.loc[(rows["atgard"] == r["atgard"]) & rows["problem"].notna(), "problem"].unique())
            aim = (f"riktad mot orsak {causes} i problem {probs}" if causes and probs
                   else "⚠ utan en giltig orsak och ett problem i arbetsboken")
            head = f"**{r['atgard']}** ({aim}; indikator {r['indikator']}). "
            together = ""
            e = x.get("utvardering")
            if e is not None and e.samtidiga:
                together = (f" {fmt.join_sv(list(e.samtidiga))} startade samma dag och följs med samma indikator, så "
                            "resultatet gäller åtgärderna tillsammans.")
            fu_row = fu.loc[r["indikator"]] if r["indikator"] in fu.index else {}
            sec.md(head + x["text"] + together + " " + TF.evidence_sentence(x["evidens"]),
                   about=disclosure_key(ctx, fu_row) if len(fu_row) else None)
    sec.note(TF.CAUSATION_CAVEAT)
    sec.facts.update(kedja=rows, luckor_i_kedjan=gaps)
    return sec
