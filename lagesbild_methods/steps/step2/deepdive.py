"""Step 2, the deep dive into the chosen problem: how big, where, when and who.

The chosen problem is a row of the workbook's *Problem* sheet (parameter ``problem``, default the highest
priority). Where and when are step 1's own sections (:func:`lagesbild_methods.steps.step1.var` and
:func:`~lagesbild_methods.steps.step1.nar`) run on a context that holds only the problem's incidents, so
the deep dive computes and words exactly what the lägesbild does; who comes from the survey through step
1's breakdown by sex and age. A problem taken from the crime statistics is looked at in the incident
categories nearest to it, and the report says so.
"""
from __future__ import annotations

import dataclasses

import pandas as pd

from ... import columns as C
from ... import fmt
from ... import stats as S
from ... import text as T
from ...errors import ParameterError
from ...text import plans as TP
from ...verdicts import Change
from ...workbook import schema as WS
from .. import arbetsbok as W
from ..common import label, own_joined, rates, trend
from ..report import Section
from .priority import last_twelve_months, matrix

MIN_KNOX = 30  # incidents with coordinates in the last twelve months needed for a near-repeat test
KNOX_PERMUTATIONS = 499  # enough for a Holm-adjusted p below 0,05 over twelve bands (12/500 < 0,05)


def chosen(ctx) -> pd.Series | None:
    """The problem the deep dive is about: parameter ``problem`` (an id), else the highest priority."""
    problems = W.sheet(ctx, "problem")
    if problems.empty:
        return None
    given = str(ctx.params.get("problem") or "").strip()
    if given:
        pid = WS.normalise_id(given)
        hit = problems[problems["id"] == pid]
        if hit.empty:
            have = ", ".join(f"{r['id']} ({r['problem']})" for _, r in problems.iterrows())
            raise ParameterError(f"Problemet '{given}' finns inte i arbetsboken {ctx.files['arbetsbok_fil'].name}. "
                                 f"Ange ett av problemen där: {have}.")
        return hit.iloc[0]
    active = problems[problems["status"] != "Avslutat"]
    pool = active if len(active) else problems
    return pool.sort_values("prioritet", na_position="last", kind="stable").iloc[0]


def scope(ctx) -> W.Scope:
    p = chosen(ctx)
    return W.Scope(None) if p is None else W.problem_scope(ctx, p)


def focus(ctx):
    """The report's context with only the chosen problem's incidents (None when the register cannot show it)."""
    def build():
        s = W.incident_scope_for(ctx, scope(ctx))
        sub = W.scope_incidents(ctx, s) if s is not None else None
        if sub is None:
            return None
        return dataclasses.replace(ctx, data={**ctx.data, "handelser": sub}, cache={}, notes=[])
    return ctx.cached("steg2:fokus", build)


def _name(p) -> str:
    return f"{p['id']} {p['problem']}"


def _no_problem(sec: Section) -> Section:
    return sec.md("Arbetsboken har inget problem att fördjupa. Lägg in de prioriterade problemen från lägesbilden "
                  "på bladet Problem (kommandot `lagesbild arbetsbok` föreslår dem).")


def problemet(ctx) -> Section:
    """The chosen problem: what the workbook says about it and how big it is in the data."""
    sec = ctx.section()
    p = chosen(ctx)
    if p is None:
        return _no_problem(sec)
    s = scope(ctx)
    facts = [f"prioritet {fmt.integer(p['prioritet'])}" if pd.notna(p.get("prioritet")) else None,
             f"status {str(p['status']).lower()}" if isinstance(p.get("status"), str) else None]
    sec.md(f"Orsaksanalysen gäller **{_name(p)}** (" + ", ".join(f for f in facts if f) + "). "
           f"Kategori: {p.get('kategori') if isinstance(p.get('kategori'), str) else fmt.MISSING}; plats eller område: "
           f"{p.get('omrade') if isinstance(p.get('omrade'), str) else 'hela kommunen'}.")
    if isinstance(p.get("underlag"), str):
        sec.md(f"Underlag från lägesbilden: {p['underlag']}")
    row = matrix(ctx).set_index("id").loc[p["id"]]
    if s.kalla == "handelser":
        _incident_size(ctx, sec, row, s)
    elif s.kalla == "brott":
        _crime_size(ctx, sec, s.kod)
    else:
        sec.md("Kategorin finns varken i brottsstatistiken eller i händelserapporterna, så problemets storlek kan "
               "inte beräknas här. Beskriv det med andra källor (dialoger, trygghetsvandringar).")
    near = W.incident_scope_for(ctx, s)
    if near is not None and near.narliggande:
        sec.md(f"Händelserapporterna har ingen egen kategori för {label(s.kod).lower()}. Fördjupningen om var och "
               f"när använder därför {W.scope_text(near)} som närmaste motsvarighet.")
    sec.facts.update(problem=str(p["id"]), kalla=s.kalla, kod=s.kod, omrade=s.omrade)
    return sec


def _incident_size(ctx, sec, row, s) -> None:
    w = last_twelve_months(ctx)
    if w is None or pd.isna(row["antal"]):
        if W.area_gap(ctx, s):
            sec.md(f"Problemets storlek kan inte beräknas: {W.area_gap(ctx, s)}.")
        else:
            sec.md("Problemets storlek kan inte beräknas i händelserapporterna: " + W.incident_gap_sentence(ctx))
        return
    prev0, last0, end = w
    text = (f"De senaste tolv månaderna ({fmt.date_sv(last0)}–{fmt.date_sv(end)}) rapporterades "
            f"{fmt.integer(row['antal'])} {W.scope_text(s)} (95 % konfidensintervall "
            f"{fmt.interval(row['antal_nedre'], row['antal_ovre'])}).")
    f = row["forandring"]
    if isinstance(f, str) and f != Change.NOT_ASSESSED:
        before = W.count_between(ctx, s, prev0, last0 - pd.Timedelta(days=1))
        text += f" De tolv månaderna före var de {fmt.integer(before)}: " + (
            f"en statistiskt säkerställd {'ökning' if f == Change.INCREASE else 'minskning'}." if Change(f).significant
            else "skillnaden är inte statistiskt säkerställd.")
    sec.md(text)
    sec.facts.update(antal=int(row["antal"]))


def _crime_size(ctx, sec, code) -> None:
    from ...figures import stats_figures as SF
    from ..common import names

    y = ctx.ar_till
    j = own_joined(ctx)
    row = j[(j[C.BROTTSTYP] == code) & (j[C.AR] == y)]
    if row.empty:
        sec.md(f"Brottsstatistiken har inga uppgifter om {label(code).lower()} i {ctx.namn} {y}.")
        return
    r = S.rates(row).iloc[0]
    if pd.isna(r[C.VARDE]) and pd.notna(r[C.ANTAL]):  # a count without the population it needs for a rate
        sec.md(f"Anmälda brott av typen {label(code).lower()} i {ctx.namn} {y}: {fmt.integer(r[C.ANTAL])}. Antal per "
               "100 000 invånare kan inte beräknas: folkmängdsfilen saknar året som talet behöver.",
               about=[(code, y)])
    else:
        sec.md(T.rate_sentence(r, place=ctx.namn), about=[(code, y)])
    tr = trend(ctx)
    trow = tr[tr[C.BROTTSTYP] == code]
    if len(trow):
        sec.md(T.trend_sentence(trow.iloc[0], place=ctx.namn), about=[(code, None)])
    rr = rates(ctx)
    rr = rr[rr[C.AR].between(ctx.ar_fran, ctx.ar_till) & (rr[C.BROTTSTYP] == code)]
    sec.figure(SF.rate_over_time(rr, ctx.kod, names=names(), comparisons=tuple(c for c in ctx.area.benchmarks if c),
                                 title=f"{label(code)} per 100 000 invånare i {ctx.namn}",
                                 ylabel=f"{label(code)} per 100 000 invånare"), about=[(code, None)])
    if not ctx.disclosure.hidden(code, y):
        sec.facts.update(antal=int(r[C.ANTAL]))


def _intro(ctx, sec, what: str) -> bool:
    f = focus(ctx)
    p = chosen(ctx)
    if p is None:
        _no_problem(sec)
        return False
    if f is None:
        sec.md(f"Händelserapporterna kan inte visa {what} för {_name(p)}: "
               + (W.incident_gap_sentence(ctx) if W.incident_gap(ctx) else
                  "kategorin finns inte i händelserapporterna. Använd polisens och verksamheternas kunskap."))
        return False
    n = len(f.incidents)
    s = W.incident_scope_for(ctx, scope(ctx))
    if n == 0:
        sec.md(f"Händelserapporterna har inga {W.scope_text(s)}.")
        return False
    sec.md(f"Avsnittet bygger bara på {W.scope_text(s)}: {fmt.integer(n)} händelser i hela registret.")
    return True


def var(ctx) -> Section:
    """Where: step 1's place analysis (top places, concentration, repeat places, maps, hot spots) on the
    problem's incidents, plus near repeats (Knox test) when there are enough positions."""
    from ..step1 import var as step1_var

    sec = ctx.section()
    if not _intro(ctx, sec, "var problemet finns"):
        return sec
    f = focus(ctx)
    sec.extend(step1_var(f))
    w = last_twelve_months(ctx)
    inc = f.incidents
    if w is not None and C.X in inc.columns:
        day = inc[C.TIDPUNKT].dt.tz_convert("Europe/Stockholm").dt.tz_localize(None).dt.normalize()
        recent = inc[(day >= w[1]) & (day <= w[2]) & inc[C.X].notna() & inc[C.Y].notna()]
        if len(recent) >= MIN_KNOX:
            from ...patterns import repeats
            from ...text import patterns as PT

            knox = ctx.cached("steg2:knox", lambda: repeats.knox_incidents(recent, nrep=KNOX_PERMUTATIONS, seed=12))
            sec.md(f"**Upprepning nära i tid och rum** (de senaste tolv månaderna, {fmt.integer(len(recent))} "
                   "händelser med position): " + PT.knox_sentence(knox))
            sec.facts["knox"] = knox
    sec.note("Händelserapporterna säger inget om vilka personer som drabbas, så upprepad utsatthet för samma person "
             "kan inte mätas här. Upprepningar på samma plats (samma skola, butik eller hållplats) är det närmaste "
             "registret kan visa; polisens och socialtjänstens kunskap behövs för personer.")
    return sec


def nar(ctx) -> Section:
    """When: step 1's time analysis (hour x weekday, annual wheel, special days, control chart) on the
    problem's incidents."""
    from ..step1 import nar as step1_nar

    sec = ctx.section()
    if not _intro(ctx, sec, "när problemet uppstår"):
        return sec
    return sec.extend(step1_nar(focus(ctx)))


def vilka(ctx) -> Section:
    """Who: the survey measure nearest the problem by sex and age group (step 1's breakdown)."""
    from ..step1.survey import by_group

    sec = ctx.section()
    p = chosen(ctx)
    if p is None:
        return _no_problem(sec)
    s = scope(ctx)
    q = W.SURVEY_FOR.get(s.kod)
    if ctx.survey is None or q is None or q not in set(ctx.survey[C.FRAGA]):
        sec.md("Trygghetsmätningen har ingen fråga som motsvarar problemet, så vilka som drabbas eller oroar sig kan "
               "inte visas här." if ctx.survey is not None else
               "Ingen trygghetsmätning angavs, så vilka som drabbas eller oroar sig kan inte visas.")
        return sec
    _q, positive, desc = W.MEASURES[q]
    year = int(ctx.survey[C.AR].max())
    sec.md(f"Trygghetsmätningen {year}: {desc[:1].lower() + desc[1:]}, efter kön och ålder.")
    shown = by_group(ctx, sec, q, positive, year, title=TP.SURVEY_SHORT[q], xlabel=TP.SURVEY_AXIS[q])
    if not shown:
        sec.md("Grupperna är för få för att jämföras.")
    sec.note("Enkäten visar vilka som oroar sig eller har utsatts, inte vilka som drabbas av just de händelser som "
             "rapporterats. Grupper med färre än 30 svarande ger mycket osäkra andelar.")
    sec.facts["grupper"] = shown
    return sec
