"""Step 5, the yearly follow-up and evaluation: the effect of each measure on its incident indicator
(before/after with a comparison as a relative effect size and as a negative binomial model with interaction;
interrupted time series with seasonality and overdispersion), the indicators against baseline and target, the
process follow-up, the whole chain and a short citizen text."""
from __future__ import annotations

import pandas as pd

from ... import fmt
from ...text import followup as TF
from ...text.common import cap
from .. import arbetsbok as W
from ..report import Section
from ..step3.plan import _missing
from ..step4.process import activities, measure_process
from . import _load
from . import tertial as _tertial
from .chain import kedjan as _chain_section
from .chain import results
from .evaluation import evaluations
from .periods import year as period
from .spec import AR as SPEC


def load(kommun: str, **params):
    """Validate the parameters and read the data and the workbook (Swedish errors)."""
    return _load.load(SPEC, period, kommun=kommun, **params)


def load_from(namespace: dict):
    """The context from the template's parameter variables (``arsuppfoljning.load_from(globals())``)."""
    return _load.load_from(SPEC, period, namespace)


def oversikt(ctx) -> Section:
    sec = ctx.section()
    if _tertial._no_data(ctx, sec) is not None:
        return sec
    p = period(ctx)
    ev = evaluations(ctx, p.end)
    n_ok = sum(e.ok for e in ev.values())
    seen = (f"händelser till och med {fmt.date_sv(p.end)}" if W.register_window(ctx) is not None
            else "utan händelserapporter")
    sec.md(f"**{ctx.namn}, {p.label}** ({seen}). Årsuppföljningen prövar om "
           "indikatorerna förändrades mer än en jämförelse efter att åtgärderna startade, visar indikatorerna mot mål, "
           "vad som genomfördes, hela kedjan från problem till resultat och en kort text till invånarna. "
           f"{fmt.integer(n_ok)} av {fmt.integer(len(ev))} indikatorer kunde utvärderas med händelserapporterna.")
    sec.md(_tertial.no_register_note(ctx))
    if p.word != "året":
        sec.md(f"**Året är inte helt.** Händelserapporterna slutar {fmt.date_sv(p.end)}, så effekterna, indikatorerna "
               "och aktiviteterna i rapporten gäller året fram till den dagen. Kör rapporten igen när året är slut.")
    sec.facts.update(period=p.label, fran=p.start, till=p.end, utvarderade=n_ok)
    return sec


def effect_table(ev: dict) -> pd.DataFrame:
    rows = []
    for iid, e in ev.items():
        if not e.ok:
            continue
        m, res, niva = e.model, e.res, e.niva
        rows.append({
            "Indikator": iid, "Åtgärd": e.atgard + (f" (med {', '.join(e.samtidiga)})" if e.samtidiga else ""),
            "Start": e.start.date().isoformat(), "Jämförelse": e.jamforelse_kort or "ingen",
            "Kvot mot jämförelsen (95 % KI)": TF.ratio_cell(m["kvot"], m["nedre"], m["ovre"]),
            "Tidsserien: nivåändring (95 % KI)": TF.ratio_cell(niva["varde"], niva["nedre"], niva["ovre"])
            if niva is not None else fmt.MISSING,
            "Evidens": TF.evidence_label(e.evidens)})
    return pd.DataFrame(rows)


def effekter(ctx) -> Section:
    """Before/after with a comparison and the interrupted time series for each incident indicator."""
    from ...figures import evaluation_figures as EF

    sec = ctx.section()
    if _tertial._no_data(ctx, sec) is not None:
        return sec
    if W.register_window(ctx) is None:
        sec.md(_tertial.no_register_note(ctx))
        sec.facts["effekter"] = {}
        return sec
    p = period(ctx)
    ev = evaluations(ctx, p.end)
    table = effect_table(ev)
    if table.empty:
        sec.md("Ingen indikator kunde utvärderas med händelserapporterna.")
    else:
        sec.table(table, "Effekter: före och efter åtgärdens start", keys=None)
        sec.md("**Så läser du tabellen.** Kvoten mot jämförelsen är förändringen i indikatorn delad med förändringen "
               "i jämförelsen: 0,60 betyder 40 % färre händelser än om indikatorn hade följt jämförelsen, 1 betyder "
               "samma utveckling. Tidsseriens nivåändring bygger bara på indikatorns egen serie (trend och säsong), "
               "utan jämförelse. Hur det räknas står i Om metoderna sist i rapporten.")
    res = results(ctx, p.start, p.end)
    groups: dict = {}
    for iid, e in ev.items():  # indicators that count the same thing from the same start are one result
        if e.ok:
            groups.setdefault((e.start, e.insats), []).append(iid)
    for ids in groups.values():
        e = ev[ids[0]]
        measures = list(dict.fromkeys([ev[i].atgard for i in ids] + list(e.samtidiga)))
        sec.md(f"**{', '.join(ids)} ({', '.join(measures)})** – {res[ids[0]]['text']} {TF.evidence_sentence(e.evidens)}")
        if len(measures) > 1:
            sec.md(f"{fmt.join_sv(measures)} startade samma dag och följs med samma indikator; effekten kan inte delas "
                   "upp mellan dem.")
        names = {"insats": cap(e.insats), "jamforelse": cap(e.jamforelse_kort or "jämförelse")}
        sec.figure(EF.before_after_figure(e.before_after, title=f"{ids[0]}: före och efter {e.start.date().isoformat()}",
                                          ylabel="Händelser per månad", names=names))
        if e.its is not None:
            sec.figure(EF.its_figure(e.its, title=f"{ids[0]}: avbruten tidsserie", ylabel="Händelser per månad",
                                     time_label="Månad"))
        elif e.its_skal:
            sec.note(f"Tidsserien kunde inte skattas: {e.its_skal}")
    skipped = [f"{iid} ({e.skal})" for iid, e in ev.items() if not e.ok]
    if skipped:
        sec.md("Utvärderas inte med händelserapporterna: " + "; ".join(skipped) + ".")
    sec.note(TF.CAUSATION_CAVEAT)
    sec.facts["effekter"] = {iid: e for iid, e in ev.items() if e.ok}
    return sec


def indikatorer(ctx) -> Section:
    return _tertial.indikatorer(ctx, period(ctx))


def process(ctx) -> Section:
    """Process follow-up for the year: activities, hours, costs and the traffic light per measure."""
    from ...figures import process_figures as PF

    sec = _tertial.aktiviteter(ctx, period(ctx))
    if W.view(ctx) is None:
        return sec
    p = period(ctx)
    proc = measure_process(ctx, ref=p.end)
    if len(proc):
        sec.figure(PF.timeline_figure(proc, activities(ctx), p.end, title=f"Plan och genomförande, {ctx.namn}"))
    return sec


def kedjan(ctx) -> Section:
    sec = ctx.section()
    if _tertial._no_data(ctx, sec) is not None:
        return sec
    p = period(ctx)
    return _chain_section(ctx, p.start, p.end)


def medborgartext(ctx) -> Section:
    """A short text for residents: what was promised, what was done, what happened."""
    sec = ctx.section()
    if _tertial._no_data(ctx, sec) is not None:
        return sec
    p = period(ctx)
    promises = W.sheet(ctx, "medborgarloften")
    promise = next((str(t) for t in promises["lofte"] if not _missing(t)), None) if len(promises) else None
    from ...workbook.schema import split_refs

    ids = [a for refs in promises["atgarder"].dropna() for a in split_refs(refs)] if len(promises) else []
    proc = measure_process(ctx, p.start, p.end, ref=p.end)
    chosen = proc[proc["id"].isin(ids)] if ids else proc
    done = []
    for _, m in chosen.iterrows():
        n = int(m["genomforda"] + m["delvis"])
        if n and not _missing(m["atgard"]):
            done.append(f"{TF.lower_first(str(m['atgard']))} ({TF.plural(n, 'aktivitet', 'aktiviteter')} under "
                        f"{p.label})")
    done_text = [cap(fmt.join_sv(done)) + "."] if done else []
    res = results(ctx, p.start, p.end)
    ind = W.sheet(ctx, "indikatorer")
    happened = []
    for _, i in ind[ind["atgard"].astype(str).isin(list(chosen["id"]))].iterrows():
        r = res.get(str(i["id"]))
        if r is None:
            continue
        happened.append(TF.citizen_result(str(i["indikator"]), r))
    happened = list(dict.fromkeys(happened))
    text = TF.citizen_text(ctx.namn, promise, done_text, happened, int(p.label))
    sec.md(text)
    sec.note("Texten är skriven av programmet ur arbetsbokens korta, publicerbara texter och resultaten ovan. Läs den "
             "och skriv om den med egna ord innan den publiceras.")
    sec.facts["medborgartext"] = text
    return sec


def luckor(ctx) -> Section:
    return _tertial.luckor(ctx)


def _res_cell(res) -> str:
    if res is None:
        return fmt.MISSING
    if not pd.notna(res["res_ovre"]) or float(res["res_ovre"]) == float("inf"):  # no events after the start
        return "kan inte anges (inga händelser efter starten)"
    return TF.ratio_cell(res["res"], res["res_nedre"], res["res_ovre"])


def res_table(ev: dict) -> pd.DataFrame:
    """The appendix's table: the model's ratio beside Farrington and Welsh's relative effect size."""
    rows = [{"Indikator": iid, "Kvot i regressionsmodellen (95 % KI)": TF.ratio_cell(e.model["kvot"], e.model["nedre"],
                                                                                    e.model["ovre"]),
             "Relativ effektstorlek (95 % KI)": _res_cell(e.res)}
            for iid, e in ev.items() if e.ok]
    return pd.DataFrame(rows)


def metod(ctx) -> Section:
    """The appendix "Om metoderna": the models, their names and references, and the relative effect sizes."""
    sec = ctx.section()
    if _tertial._no_data(ctx, sec) is not None:
        return sec
    sec.md("**Före–efter med jämförelse.** Månadsantalen för indikatorn och jämförelsen före och efter åtgärdens "
           "start jämförs i en regressionsmodell (negativ binomial, med säsong) med samspel mellan serie och period; "
           "kvoten mot jämförelsen i tabellen Effekter är modellens kvot. Den negativa binomialfördelningen räknar "
           "med överspridning: att händelser varierar mer mellan månaderna än slumpen ensam (Poisson) ger. Samma "
           "jämförelse räknas också direkt ur antalen som relativ effektstorlek (Farrington och Welsh), vänd så att "
           "över 1 betyder en förbättring (tabellen nedan). Jämförelsen tar bort det som påverkar båda serierna lika. "
           "Parametern `jamforelse` väljer jämförelse: övriga händelser i samma område, samma kategori i resten av "
           "kommunen, eller den med flest händelser (standard).")
    ev = evaluations(ctx, period(ctx).end)
    table = res_table(ev)
    if not table.empty:
        sec.table(table, "Kvot i modellen och relativ effektstorlek", keys=None)
    sec.md("**Avbruten tidsserie.** Indikatorns egen månadsserie i en segmenterad regression (kvasi-Poisson) med "
           "trend, säsong och överspridning (Lopez Bernal, Cummins och Gasparrini 2017); nivåändringen vid starten "
           "skattas mot det som trenden förutsade.")
    sec.md("**Evidensstyrka.** Tecken i båda analyserna väger tyngst; bara jämförelsen är ett tecken; bara "
           "tidsserien eller bara före–efter är ett svagt tecken; ingen säkerställd förändring kallas ingen påvisbar "
           "effekt. Inget av detta är ett bevis för att åtgärden orsakade förändringen.")
    for iid, e in ev.items():
        if e.ok:
            sec.md(f"**{iid}.** {e.before_after.metod}" + (f" {e.its.metod}" if e.its is not None else ""))
    sec.md("**Indikatorer mot baslinje och mål.** " + " ".join(t for _h, t in _tertial.METHOD_TEXT))
    return sec
