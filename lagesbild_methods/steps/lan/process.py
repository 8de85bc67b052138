"""Process follow-up: the status matrix kommun x step, Brå's "klart när" checklist, and the indicators
the county reports in its delrapport and slutrapport, with a text ready to paste."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt, registry
from ... import stats as S
from ... import text as T
from ...errors import ParameterError
from ...figures import lan_figures as LF
from ...text import lan as TL
from ...verdicts import StepStatus
from ..common import label
from ..report import Section
from . import bra_steg, status
from .policy import section


def per_datum(ctx) -> pd.Timestamp:
    """The day the follow-up describes (parameter ``per_datum``; empty = today)."""
    value = str(ctx.params.get("per_datum", "") or "").strip()
    if not value:
        return pd.Timestamp.today().normalize()
    try:
        return pd.Timestamp(value).normalize()
    except ValueError:
        raise ParameterError(f"per_datum ska vara ett datum som 2025-12-31, fick '{value}'.") from None


def matrix(ctx) -> pd.DataFrame:
    return ctx.cached("lan:status", lambda: status.matrix(ctx.area.members, ctx.data.get("arbetsbocker") or {},
                                                          ctx.data.get("rapportmanifest"), per_datum(ctx)))


def statusmatris(ctx) -> Section:
    """Municipality x step: how far each kommun has come, from its workbook and the report folder."""
    sec = section(ctx)
    m = matrix(ctx)
    steps = list(status.STEPS)
    levels, rows = {}, []
    for kod in ctx.area.members:
        part = m[m["kommunkod"] == kod].set_index("steg")
        name = registry.get(kod).namn
        rows.append({"Kommun": name, **{TL.STEG_SV[s]: TL.status_cell(part.loc[s].to_dict() | {"steg": s})
                                        for s in steps}})
        levels[name] = [1 if s == "lagesbild" and TL.is_false(part.loc[s, "aktuell"])
                        else StepStatus(str(part.loc[s, "status"])).level for s in steps]
    books = ctx.data.get("arbetsbocker") or {}
    missing = [registry.get(k).namn for k in ctx.area.members if k not in books]
    when = fmt.date_sv(per_datum(ctx).date())
    sec.md(f"Statusmatrisen visar hur långt varje kommun har kommit den {when}, bedömt ur kommunens arbetsbok "
           "(problem, orsaker, åtgärder, aktiviteter, indikatorer och medborgarlöften) och ur rapportmappens "
           "förteckning över framtagna rapporter.")
    sec.table(pd.DataFrame(rows), f"Status per kommun och steg, {when}", keys=None)
    cols = [TL.STEG_SV[s] for s in steps]
    sec.figure(LF.status_matrix(pd.DataFrame.from_dict(levels, orient="index", columns=cols),
                                title=f"Kommunernas arbete per steg, {when}", level_names=TL.STATUS_LEVELS_SV))
    if missing:
        sec.md(f"Ingen arbetsbok finns för {T.join_sv(missing)}; {'kommunen' if len(missing) == 1 else 'kommunerna'} "
               "visas som ej påbörjade i arbetsbokens steg. Skapa en arbetsbok med `lagesbild arbetsbok --kommun NAMN`.")
    sec.note("Så bedöms stegen: lägesbild = en lägesbild i rapportmappen eller prioriterade problem i arbetsboken "
             "(äldre än ett år markeras); orsaksanalys = orsaker för varje prioriterat problem; åtgärdsplan = en "
             "åtgärd kopplad till orsakerna för varje analyserat problem; åtgärder startade = status pågår eller "
             "genomförd, eller en genomförd aktivitet; uppföljning = klar med en uppföljningsrapport (steg 5) eller "
             "återkoppling till medborgarna, planerad när varje åtgärd har en indikator med baslinje, målvärde och "
             "måldatum; medborgarlöfte = undertecknat och kommunicerat.")
    sec.facts.update(matris=m, saknar_arbetsbok=missing)
    return sec


def klart_nar(ctx) -> Section:
    """Brå's "klart när" checklist per step: in how many kommuner each item shows in workbook or reports."""
    sec = section(ctx)
    m = matrix(ctx)
    books = ctx.data.get("arbetsbocker") or {}
    manifest = ctx.data.get("rapportmanifest")
    ev = {k: status.evidence(k, books.get(k), manifest, m, per_datum(ctx)) for k in ctx.area.members}
    n = len(ctx.area.members)
    sec.md("Brå beskriver för varje steg i samverkansprocessen när steget är klart. Tabellerna visar i hur många "
           "kommuner varje punkt syns i arbetsboken eller rapportmappen. Punkter som arbetsboken inte kan visa (t.ex. "
           "beslut i styrgruppen) markeras så; de följs upp i dialog med kommunerna.")
    result = {}
    for st in bra_steg.STEG:
        rows = []
        for p in [p for p in bra_steg.PUNKTER if p.steg == st.nr]:
            if p.bevis is None:
                rows.append({"Klart när …": p.text, "Kommuner": "Kan inte bedömas ur arbetsboken", "Bedöms genom": "–"})
                continue
            yes = [k for k in ctx.area.members if ev[k].get(p.bevis) is True]
            unknown = [k for k in ctx.area.members if ev[k].get(p.bevis) is None]
            text = f"{fmt.integer(len(yes))} av {fmt.integer(n)}"
            if 0 < len(yes) < n and len(yes) <= 10:
                text += " (" + T.join_sv([registry.get(k).namn for k in yes]) + ")"
            if unknown:
                text += f"; {fmt.integer(len(unknown))} kan inte bedömas"
            rows.append({"Klart när …": p.text, "Kommuner": text, "Bedöms genom": bra_steg.EVIDENCE[p.bevis]})
            result[(st.nr, p.text)] = len(yes)
        sec.md(f"**Steg {st.nr}: {st.namn}.** {st.mal}")
        sec.table(pd.DataFrame(rows), f"Steg {st.nr}: {st.namn} – klart när", keys=None)
    sec.note("Källa: " + bra_steg.KALLA)
    sec.facts["klart_nar"] = result
    return sec


def indicators(ctx) -> dict:
    """The process indicators of the delrapport/slutrapport, counted over the county's kommuner."""
    m = matrix(ctx)
    c = status.counts(m)
    started = (StepStatus.STARTED.value, StepStatus.PLANNED.value, StepStatus.DONE.value)
    return {"total": len(ctx.area.members), "aktuell": c["lagesbild"]["aktuell"],
            "lagesbild": c["lagesbild"]["done"],
            "orsak": sum(c["orsaksanalys"][s] for s in started), "orsak_alla": c["orsaksanalys"]["done"],
            "plan": sum(c["atgardsplan"][s] for s in started),
            "genomfor": sum(c["genomforande"][s] for s in started),
            "uppfoljning": c["uppfoljning"]["planned"] + c["uppfoljning"]["done"],
            "lofte": c["medborgarlofte"]["done"]}


def _survey_indicator(ctx) -> dict | None:
    a = ctx.data.get("samordnarenkat")
    if a is None:
        return None
    part = a[a["fraga"] == "deltagit_utbildning"]
    n_q = part["respondent"].nunique()
    if not n_q:
        return None
    yes = part.loc[part["svar"] == "Ja", "respondent"].nunique()
    est = S.proportions(pd.DataFrame({C.ANTAL: [yes], C.NAMNARE: [n_q]}), C.ANTAL, C.NAMNARE).iloc[0]
    return {"n": int(a.attrs.get("respondenter", a["respondent"].nunique())),
            "kommuner": int(a["kommunkod"].dropna().nunique()), "deltagit": est[C.VARDE],
            "nedre": est[C.NEDRE], "ovre": est[C.OVRE], "svarande": n_q}


def rapportering(ctx) -> Section:
    """The indicators the county reports (delrapport, slutrapport) and a text ready to paste."""
    sec = section(ctx)
    ind = indicators(ctx)
    n = ind["total"]
    rows = [("Kommuner med en lägesbild som är högst ett år gammal", ind["aktuell"], "alla (slutrapporten)"),
            ("Kommuner som någon gång tagit fram en lägesbild", ind["lagesbild"], ""),
            ("Kommuner som påbörjat orsaksanalyser", ind["orsak"], "alla (slutrapporten)"),
            ("… för alla sina prioriterade problem", ind["orsak_alla"], ""),
            ("Kommuner med en åtgärdsplan", ind["plan"], ""),
            ("Kommuner där åtgärder har startat", ind["genomfor"], ""),
            ("Kommuner med planerad eller gjord uppföljning", ind["uppfoljning"], ""),
            ("Kommuner med undertecknat och kommunicerat medborgarlöfte", ind["lofte"], "")]
    sec.md("Programmet för *Trygga miljöer* anger vad länet ska redovisa: i delrapporten (december 2020) att "
           "relevanta aktörer erbjudits och flertalet tagit del av de kunskapshöjande insatserna, och i slutrapporten "
           "(december 2021) att lägesbildsarbetet finns och följs regelbundet i alla länets kommuner och att alla "
           "kommuner har börjat göra orsaksanalyser.")
    sec.table(pd.DataFrame([{"Indikator": t, "Antal kommuner": f"{fmt.integer(v)} av {fmt.integer(n)}",
                             "Mål": goal or "–"} for t, v, goal in rows]), "Processindikatorer", keys=None)
    survey = _survey_indicator(ctx)
    if survey:
        sec.md(f"Kunskapshöjande insatser (delrapporten): {fmt.pct(survey['deltagit'])} av dem som besvarade frågan i "
               f"enkäten till samordnare och kommunpoliser har deltagit i grundkurs eller nätverksträffar (95 % "
               f"konfidensintervall {fmt.interval(survey['nedre'], survey['ovre'], 0, percent=True)}, n = "
               f"{fmt.integer(survey['svarande'])}). Intervallet säger hur osäker andelen är om de svarande får stå för "
               "hela nätverket; de som inte svarade kan skilja sig.")
    _outcome(ctx, sec)
    text = TL.report_text(ind, lan_namn=ctx.namn, per_datum=per_datum(ctx), survey=survey, synthetic=ctx.synthetic)
    sec.md("**Text att klistra in i rapporten:**")
    sec.md("> " + text)
    sec.facts.update(indikatorer=ind, text=text, enkat=survey)
    return sec


def _outcome(ctx, sec) -> None:
    """The county's reported crimes per 100 000 and their trend, as the outcome indicator beside the process."""
    from . import indicators as I

    if ctx.crime is None or not (ctx.crime[C.KOMMUNKOD] == ctx.kod).any():
        return
    head, y = I.headline(ctx), ctx.ar_till
    lat = I.latest(ctx)
    own = lat[(lat[C.KOMMUNKOD] == ctx.kod) & (lat[C.BROTTSTYP] == head)]
    tr = I.county_trends(ctx)
    t = tr[(tr[C.KOMMUNKOD] == ctx.kod) & (tr[C.BROTTSTYP] == head)]
    if own.empty:
        return
    r = own.iloc[0]
    sec.md(f"Utfallsindikator: {label(head).lower()} i {ctx.namn} {y} var {T.rate_number(r[C.VARDE])} per "
           f"{T.PER_100K} (95 % konfidensintervall {fmt.interval(r[f'{C.NEDRE}_95'], r[f'{C.OVRE}_95'], 0)})."
           + (" " + T.trend_sentence(t.iloc[0], place=ctx.namn) if len(t) else ""), about=[(head, y)])
