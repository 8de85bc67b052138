"""Step 4 sections: overview, timeline (plan against what was done), resources, status with reasons,
deviations and the workbook's gaps for the measures and activities."""
from __future__ import annotations

import pandas as pd

from ... import fmt
from ...text import followup as TF
from ...text.common import cap
from .. import arbetsbok as W
from ..report import Section
from ..step3.plan import GAP, cause_cell, problem_cell, when_cell
from .process import (CANCEL_RED, CANCEL_YELLOW, GRACE_DAYS, QUIET_DAYS, activities, deviations, measure_process,
                      reference_date, totals)


def no_workbook(ctx, sec: Section) -> Section:
    return sec.md("**Ingen arbetsbok.** Uppföljningen bygger på kommunens arbetsbok (bladen Åtgärder och "
                  f"Aktiviteter). Skapa den med `lagesbild arbetsbok --kommun \"{ctx.namn}\"`, fyll i den och ange "
                  "filen i parametern `arbetsbok_fil`.")


def _no_measures(sec: Section) -> Section:
    return sec.md("Arbetsboken har inga åtgärder ännu. Skriv in dem på bladet Åtgärder (steg 3) och vad som "
                  "görs på bladet Aktiviteter.")


def _begin(ctx) -> tuple[Section, pd.DataFrame | None]:
    """A new section and the process table, or the section saying what is missing (and None)."""
    sec = ctx.section()
    if W.view(ctx) is None:
        return no_workbook(ctx, sec), None
    proc = measure_process(ctx)
    return (_no_measures(sec), None) if proc.empty else (sec, proc)


def oversikt(ctx) -> Section:
    """The follow-up date, the workbook, and the measures by traffic light, activities, hours and costs."""
    sec = ctx.section()
    if W.view(ctx) is None:
        return no_workbook(ctx, sec)
    ref, how = reference_date(ctx)
    proc = measure_process(ctx)
    tot = totals(proc)
    sec.md(f"Arbetsboken **{ctx.files['arbetsbok_fil'].name}** för {ctx.namn}. " + TF.reference_date_note(ref, how))
    sec.md(TF.process_summary(tot, ctx.namn))
    sec.note("Rapporten visar bara arbetsbokens korta, publicerbara texter; vad som gjordes i detalj, interna "
             "kommentarer och kontaktpersoner finns i arbetsboken men visas aldrig.")
    sec.facts.update(datum=ref, **tot)
    return sec


def tidslinje(ctx) -> Section:
    """Plan against what was done: the planned period and every activity by status, per measure."""
    from ...figures import process_figures as PF

    sec, proc = _begin(ctx)
    if proc is None:
        return sec
    ref, _ = reference_date(ctx)
    acts = activities(ctx)
    sec.figure(PF.timeline_figure(proc, acts, ref, title=f"Plan och genomförande per åtgärd, {ctx.namn}"))
    m = W.sheet(ctx, "atgarder").set_index("id")
    table = pd.DataFrame({
        "Åtgärd": proc["id"], "Vad": proc["atgard"].fillna(GAP),
        "Planerad period": [when_cell(m.loc[i]) for i in proc["id"]],
        "Första aktivitet": proc["forsta"].map(TF.date_text), "Senaste aktivitet": proc["senaste"].map(TF.date_text),
        "Genomförda": proc["genomforda"].map(fmt.integer), "Delvis": proc["delvis"].map(fmt.integer),
        "Inställda": proc["installda"].map(fmt.integer), "Planerade": proc["planerade"].map(fmt.integer)})
    sec.table(table, "Plan mot genomförande", keys=None)
    sec.note("Bandet är den planerade perioden (kolumnen När på bladet Åtgärder); en pil betyder att åtgärden är "
             "ordinarie arbete utan slutdatum. Markörerna är aktiviteterna på bladet Aktiviteter.")
    sec.facts["tidslinje"] = proc
    return sec


def resurser(ctx) -> Section:
    """Hours and costs per measure and per performing organisation."""
    from ...figures import process_figures as PF

    sec, proc = _begin(ctx)
    if proc is None:
        return sec
    sec.figure(PF.resources_figure(proc, title=f"Arbetstid och kostnader per åtgärd, {ctx.namn}"))
    tot = totals(proc)
    table = pd.DataFrame({"Åtgärd": proc["id"], "Ansvarig": proc["vem"].fillna(GAP),
                          "Timmar": proc["timmar"].map(TF.hours), "Kostnad": proc["kostnad"].map(TF.kronor),
                          "Timmar per genomförd aktivitet": [
                              TF.hours(t / n) if n else fmt.MISSING
                              for t, n in zip(proc["timmar"], proc["genomforda"] + proc["delvis"])]})
    table.loc[len(table)] = ["Summa", "", TF.hours(tot["timmar"]), TF.kronor(tot["kostnad"]), ""]
    sec.table(table, "Arbetstid och kostnader per åtgärd", keys=None)
    ref, _ = reference_date(ctx)
    acts = activities(ctx, end=ref)
    done = acts[acts["status"].isin(["Genomförd", "Delvis genomförd"])] if len(acts) else acts
    if len(done):
        by = done.groupby(done["utforare"].fillna("(ej angivet)")).agg(
            aktiviteter=("id", "size"), timmar=("timmar", "sum"), kostnad=("kostnad", "sum")).reset_index()
        by = by.sort_values("timmar", ascending=False)
        sec.table(pd.DataFrame({"Utförare": by["utforare"], "Aktiviteter": by["aktiviteter"].map(fmt.integer),
                                "Timmar": by["timmar"].map(TF.hours), "Kostnad": by["kostnad"].map(TF.kronor)}),
                  "Arbetstid och kostnader per utförare", keys=None)
    sec.note("Timmar och kostnader räknas för genomförda och delvis genomförda aktiviteter fram till "
             "uppföljningsdatumet. Kostnaden är utöver arbetstiden.")
    sec.facts["resurser"] = tot
    return sec


def status(ctx) -> Section:
    """Green, yellow or red per measure with the reason, and the cause and problem each measure rests on."""
    sec, proc = _begin(ctx)
    if proc is None:
        return sec
    from ..step3.plan import measure_links

    links = measure_links(ctx).set_index("id")
    table = pd.DataFrame({
        "Åtgärd": proc["id"], "Problem": [problem_cell(links.loc[i]) for i in proc["id"]],
        "Orsak": [cause_cell(links.loc[i]) for i in proc["id"]],
        "Status i arbetsboken": proc["bokstatus"].fillna(GAP),
        "Bedömning": proc["status"].map(TF.process_label), "Skäl": proc["skal"].map(TF.reasons_text)})
    sec.table(table, "Status per åtgärd", keys=None)
    sec.md(" ".join(f"**{TF.PROCESS_STATUS_SV[s]}**: {TF.PROCESS_STATUS_MEANING[s]}." for s in TF.PROCESS_STATUS_SV))
    sec.note(f"Reglerna: röd om åtgärden är avbruten eller försenad, om inget är gjort mer än {GRACE_DAYS} dagar "
             f"efter start eller om minst {fmt.pct(CANCEL_RED, 0)} av aktiviteterna ställdes in; gul om en pågående "
             f"åtgärd inte haft någon aktivitet på {QUIET_DAYS} dagar, om minst {fmt.pct(CANCEL_YELLOW, 0)} ställdes "
             "in eller gjordes delvis, om planerade aktiviteter passerat sitt datum, om slutdatumet passerat, om "
             "aktiviteter ligger utanför perioden, om timmar saknas eller om statusen inte stämmer med det som gjorts. "
             "Reglerna är desamma för alla kommuner.")
    sec.facts["status"] = dict(zip(proc["id"], proc["status"]))
    return sec


def avvikelser(ctx) -> Section:
    """Every deviation from the plan with the activities it concerns."""
    sec = ctx.section()
    if W.view(ctx) is None:
        return no_workbook(ctx, sec)
    dev = deviations(ctx)
    if dev.empty:
        return sec.md("Inga avvikelser från planen: alla åtgärder som har startat genomförs enligt plan.")
    sec.md(f"{cap(TF.plural(len(dev), 'avvikelse', 'avvikelser'))} från planen i "
           f"{TF.plural(dev['atgard'].nunique(), 'åtgärd', 'åtgärder')}. Varje avvikelse är en fråga att ta upp i "
           "styrgruppen: ska planen ändras, eller behöver genomförandet få mer stöd?")
    sec.table(pd.DataFrame({"Åtgärd": dev["atgard"], "Avvikelse": dev["skal"].map(lambda c: cap(TF.REASON_SV[c])),
                            "Bedömning": dev["status"].map(TF.process_label),
                            "Aktiviteter": dev["aktiviteter"].replace("", fmt.MISSING),
                            "Från": dev["datum"].map(TF.date_text)}),
              "Avvikelser från planen", keys=None)
    sec.facts["avvikelser"] = dev
    return sec


def luckor(ctx, sheets=("Åtgärder", "Aktiviteter")) -> Section:
    """The workbook's gaps and unreadable cells on the sheets this step reads."""
    sec = ctx.section()
    if W.view(ctx) is None:
        return no_workbook(ctx, sec)
    f = W.findings(ctx, tuple(sheets))
    if f.empty:
        return sec.md(f"Bladen {fmt.join_sv(list(sheets))} har inga luckor eller brutna länkar.")
    sec.table(pd.DataFrame({"Blad": f["blad"], "Rad": f["rad"].map(lambda v: fmt.integer(v) if pd.notna(v) else
                                                                     fmt.MISSING),
                            "Id": f["id"].fillna(fmt.MISSING), "Vad": f["meddelande"]}),
              "Luckor och fel i arbetsboken", keys=None)
    sec.md("En lucka visas här i stället för att döljas: rätta den i arbetsboken så försvinner den ur nästa rapport.")
    sec.facts["luckor"] = len(f)
    return sec
