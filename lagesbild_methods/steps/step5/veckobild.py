"""Step 5, the veckobild: one page for the weekly (or fortnightly) meeting between the municipality and the
kommunpolis -- the last period against what the same time of year gave before (with overdispersion), new or
growing places, flags, and what the measures in progress were meant to change."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt
from ...text import followup as TF
from ...text.common import cap
from ...text.verdicts import control_flag_label
from ...verdicts import ControlFlag
from .. import arbetsbok as W
from ..report import Section
from ..step3.plan import GAP
from ..step4.process import measure_process
from . import _load
from ._load import quiet
from .periods import week, weekly_counts
from .spec import VECKOBILD as SPEC

MIN_PER_WEEK = 1.0  # categories with fewer incidents per week on average are too sparse to judge one week
RECENT_WEEKS_FLAGGED = 8


def load(kommun: str, **params):
    """Validate the parameters and read the register and the workbook (Swedish errors)."""
    return _load.load(SPEC, week, kommun=kommun, **params)


def load_from(namespace: dict):
    """The context from the template's parameter variables (``veckobild.load_from(globals())``)."""
    return _load.load_from(SPEC, week, namespace)


def _n(ctx) -> int:
    return int(ctx.params.get("veckor", 1))


def _no_incidents(ctx, sec: Section, first: bool = False) -> Section:
    from ._load import POLISEN_NOTE

    if POLISEN_NOTE in ctx.notes:
        return sec.md("Veckobilden bygger på kommunens händelserapporter (EST). " + (
            POLISEN_NOTE if first else "Polisens händelser används inte (se översikten)."))
    return sec.md("Veckobilden bygger på kommunens händelserapporter (EST); inga angavs (parametern handelser_fil).")


def expected_rows(ctx) -> pd.DataFrame:
    """The last period against the same time of year: all incidents, and each category with at least
    :data:`MIN_PER_WEEK` incidents a week over the last year."""
    from ...stats.followup import expected_vs_observed

    def build():
        p = week(ctx)
        inc = ctx.incidents
        year_ago = p.end - pd.Timedelta(days=364)
        recent = inc[inc[C.TIDPUNKT].dt.tz_convert("Europe/Stockholm").dt.tz_localize(None) > year_ago]
        per_week = recent[C.KATEGORI].value_counts() / 52
        cats = [c for c, v in per_week.items() if v >= MIN_PER_WEEK]
        rows = []
        for what, sub in [("Alla händelser", inc)] + [(C.INCIDENT_KATEGORIER.get(c, c), inc[inc[C.KATEGORI] == c])
                                                      for c in cats]:
            counts = weekly_counts(ctx, sub, _n(ctx))
            label = counts.loc[counts["slut"] == p.end, "period"]
            if label.empty:
                continue
            with quiet():
                r = expected_vs_observed(counts, period=label.iloc[0])
            rows.append({"vad": what, "period": r.period, "observerat": r.observerat, "forvantat": r.forvantat,
                         "kvot": r.kvot, "nedre": r.nedre, "ovre": r.ovre, "verdikt": r.verdikt,
                         "dispersion": r.dispersion, "metod": r.metod})
        return pd.DataFrame(rows)
    return ctx.cached("steg5:vecka:vantat", build)


def oversikt(ctx) -> Section:
    sec = ctx.section()
    if W.register_window(ctx) is None:
        return _no_incidents(ctx, sec, first=True)
    p = week(ctx)
    sec.md(f"**{ctx.namn}, {p.label}** ({fmt.date_sv(p.start)}–{fmt.date_sv(p.end)}). Veckobilden jämför "
           f"{p.word} med samma tid på året tidigare år, visar platser med fler händelser än vanligt och påminner om "
           "vad de pågående åtgärderna ska förändra. Den är ett underlag för samtalet mellan kommunen och "
           "kommunpolisen, inte en utvärdering.")
    sec.facts.update(period=p.label, fran=p.start, till=p.end)
    return sec


def senaste_perioden(ctx) -> Section:
    sec = ctx.section()
    if W.register_window(ctx) is None:
        return _no_incidents(ctx, sec)
    rows = expected_rows(ctx)
    if rows.empty:
        return sec.md("Det finns ingen hel period att bedöma.")
    first = rows.iloc[0]
    sec.md(TF.expected_sentence(first["vad"], first["period"], first["observerat"], first["forvantat"],
                                first["nedre"], first["ovre"], first["verdikt"]))
    sec.table(pd.DataFrame({
        "Vad": rows["vad"], "Antal": rows["observerat"].map(fmt.integer),
        "Väntat": rows["forvantat"].map(lambda v: fmt.num(v, 1)),
        "Kvot (95 % intervall)": [TF.ratio_cell(k, lo, hi) for k, lo, hi in zip(rows["kvot"], rows["nedre"], rows["ovre"])],
        "Bedömning": rows["verdikt"].map(TF.expected_label)}),
        f"{cap(week(ctx).word)} mot samma tid tidigare år", keys=None)
    sec.note("Väntat = genomsnittet för samma veckor (±3 veckor) de tre föregående åren. Intervallet tar hänsyn till "
             "att händelser varierar mer än slumpen ensam ger (skattat ur jämförelseveckorna). Bara "
             "kategorier med minst en händelse i veckan i snitt visas.")
    sec.facts["vantat"] = rows
    return sec


def platser(ctx) -> Section:
    from ...patterns.emerging import NEW, emerging_places

    sec = ctx.section()
    if W.register_window(ctx) is None:
        return _no_incidents(ctx, sec)
    inc = ctx.incidents
    if inc[C.PLATS].isna().all():
        return sec.md("Händelserna saknar platser, så nya eller växande platser kan inte visas.")
    p = week(ctx)
    em = emerging_places(inc, p.end)
    a = em.attrs
    span = f"{fmt.date_sv(a['fran'])}–{fmt.date_sv(a['till'])}"
    if em.empty:
        sec.md(f"Ingen plats hade tydligt fler händelser de senaste fyra veckorna ({span}) än sin egen nivå året "
               f"innan, och ingen ny plats fick tre händelser eller fler ({fmt.integer(a['provade'])} platser prövade).")
    else:
        sec.table(pd.DataFrame({
            "Plats": em[C.PLATS], "Område": em[C.OMRADE].fillna(fmt.MISSING),
            "Senaste fyra veckorna": em["senaste"].map(fmt.integer),
            "Väntat utifrån året innan": em["forvantat"].map(lambda v: fmt.num(v, 1)),
            "Varför": ["ny plats (inga händelser året innan)" if t == NEW else "växande (säkerställt fler än året innan)"
                       for t in em["typ"]]}), f"Nya eller växande platser, {span}", keys=None)
        sec.md("En markerad plats är en signal att titta närmare på, inte ett bevis för en ökning.")
    sec.note("Varje plats jämförs med sin egen nivå de 52 veckorna innan, med hänsyn till att många platser prövas "
             "samtidigt (så att slumpen sällan ger en markering). En ny plats har minst tre händelser de senaste fyra "
             "veckorna och inga året innan.")
    sec.facts["platser"] = em
    return sec


def flaggor(ctx) -> Section:
    from ...figures import pattern_figures as PF
    from ...patterns.control import control_flags
    from ...text import patterns as PT

    sec = ctx.section()
    if W.register_window(ctx) is None:
        return _no_incidents(ctx, sec)
    p = week(ctx)
    counts = weekly_counts(ctx, n_weeks=1)
    counts = counts[counts["slut"] <= p.end]
    flags = control_flags(counts)
    recent = flags.tail(52)
    sec.figure(PF.control_chart(recent, title=f"Händelser per vecka med kontrollgränser, {ctx.namn}"))
    sec.md(PT.control_sentence(flags, period_word="veckan"))
    cats = []
    for c in ctx.incidents[C.KATEGORI].dropna().unique():
        sub = weekly_counts(ctx, ctx.incidents[ctx.incidents[C.KATEGORI] == c], 1)
        f = control_flags(sub[sub["slut"] <= p.end]).tail(RECENT_WEEKS_FLAGGED)
        for _, r in f[f["flagga"].isin([ControlFlag.HIGH, ControlFlag.LOW])].iterrows():
            cats.append({"Kategori": C.INCIDENT_KATEGORIER.get(c, c), "Vecka": r["period"],
                         "Antal": fmt.integer(r["antal"]), "Väntat": fmt.num(r["forvantat"], 1),
                         "Flagga": control_flag_label(r["flagga"])})
    if cats:
        sec.table(pd.DataFrame(cats).sort_values("Vecka", ascending=False),
                  f"Flaggade kategorier de senaste {RECENT_WEEKS_FLAGGED} veckorna", keys=None)
    else:
        sec.md(f"Ingen händelsekategori flaggades de senaste {RECENT_WEEKS_FLAGGED} veckorna.")
    sec.note("Kontrollgränserna bygger på de tolv föregående veckorna, med hänsyn till att händelser varierar mer "
             "än slumpen ensam ger, och är satta så att en stabil serie sällan larmar av en slump.")
    sec.facts.update(flaggor=cats)
    return sec


def pagaende_atgarder(ctx) -> Section:
    """What the measures in progress were meant to change, and how their indicator looks this period."""
    from ...stats.followup import expected_vs_observed

    sec = ctx.section()
    if W.view(ctx) is None:
        return sec.md("Ingen arbetsbok angavs, så de pågående åtgärderna kan inte visas.")
    if W.register_window(ctx) is None:
        return _no_incidents(ctx, sec)
    proc = measure_process(ctx, ref=week(ctx).end)
    on = proc[proc["pagar"]] if len(proc) else proc
    if on.empty:
        return sec.md("Inga åtgärder pågår enligt arbetsboken.")
    measures = W.sheet(ctx, "atgarder").set_index("id")
    ind = W.sheet(ctx, "indikatorer")
    p = week(ctx)
    rows = []
    for _, m in on.iterrows():
        mine = ind[ind["atgard"].astype(str) == m["id"]]
        goal = measures.loc[m["id"], "operativt_mal"]
        for _, i in (mine.iterrows() if len(mine) else [(None, None)]):
            now = fmt.MISSING
            if i is not None:
                scope = W.indicator_scope(ctx, i)
                sub = W.scope_incidents(ctx, scope)
                if sub is not None:
                    counts = weekly_counts(ctx, sub, _n(ctx))
                    hit = counts.loc[counts["slut"] == p.end, "period"]
                    if len(hit):
                        with quiet():
                            r = expected_vs_observed(counts, period=hit.iloc[0])
                        now = (f"{fmt.integer(r.observerat)} (väntat {fmt.num(r.forvantat, 1)})"
                               if pd.notna(r.forvantat) else fmt.integer(r.observerat))
            rows.append({"Åtgärd": m["id"], "Ska förändra": goal if isinstance(goal, str) else GAP,
                         "Indikator": f"{i['id']} {i['indikator']}" if i is not None else "⚠ ingen indikator",
                         "Mål": (f"{TF.indicator_value(i['malvarde'], 1, i['enhet'])} {TF.date_text(i['maldatum'])}"
                                 if i is not None and pd.notna(i["malvarde"]) else GAP),
                         f"{cap(p.word)}": now})
    sec.table(pd.DataFrame(rows), "Pågående åtgärder och vad de ska förändra", keys=None)
    sec.md("En enstaka vecka säger inget om en åtgärds effekt; den visar bara om något sticker ut. Effekten bedöms i "
           "årsuppföljningen.")
    sec.facts["pagaende"] = list(on["id"])
    return sec


def kedjan(ctx) -> Section:
    from .chain import kedjan as chain_section

    if W.register_window(ctx) is None:
        return _no_incidents(ctx, ctx.section())
    p = week(ctx)
    return chain_section(ctx, p.start, p.end, detail=False)
