"""Step 1, the incident register: when and where things happen."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt
from ..common import from_polisen, incidents_or_none, no_incidents
from ..report import Section
from .spec import KADENS_NOUN, KADENS_ORD, KADENSER


def nar(ctx) -> Section:
    """When: hour x weekday, the annual wheel, special days, and the latest period against control limits."""
    from ...figures import pattern_figures as PF
    from ...patterns import control, timing
    from ...text import patterns as PT

    sec = ctx.section()
    inc = incidents_or_none(ctx)
    if inc is None:
        return no_incidents(sec)
    start, end = inc[C.TIDPUNKT].min(), inc[C.TIDPUNKT].max()
    sec.md(f"Händelserapporterna omfattar {fmt.integer(len(inc))} händelser från {fmt.date_sv(start)} till "
           f"{fmt.date_sv(end)}.")
    hw = timing.aoristic_hour_weekday(inc) if inc[C.TIDPUNKT_TILL].notna().any() else timing.hour_weekday_counts(inc)
    sec.figure(PF.hour_weekday_heatmap(hw, title=f"Händelser per veckodag och timme, {ctx.namn}"))
    for test in (timing.weekday_block_test(inc), timing.hour_test(inc)):
        sec.md(PT.time_pattern_sentence(test))
    if inc[C.TIDPUNKT_TILL].notna().any():
        sec.note("Händelser med ett tidsintervall (t.ex. inbrott som upptäcks i efterhand) har fördelats jämnt "
                 "över intervallets timmar (aoristisk metod) i diagrammet.")
    wheel = timing.annual_wheel(inc)
    sec.figure(PF.annual_wheel_figure(wheel, title=f"Årshjul: händelser per månad, {ctx.namn}"))
    sec.md(PT.annual_wheel_sentence(wheel))
    sd = timing.special_day_effect(inc)
    sec.md(PT.special_days_sentence(sd))
    freq = KADENSER[ctx.kadens]
    periods = timing.period_counts(inc, freq, end=ctx.handelser_till)
    flags = control.control_flags(periods)
    sec.figure(PF.control_chart(flags, title=f"Händelser per {KADENS_NOUN[ctx.kadens]} med kontrollgränser"))
    sec.md(PT.control_sentence(flags, period_word=KADENS_ORD[ctx.kadens]))
    sec.note("Kontrollgränserna bygger på tidigare perioder (Poissonfördelning med hänsyn till överspridning) "
             "och är satta så att en stabil serie sällan larmar av en slump. En markerad period är en signal att "
             "titta närmare, inte ett bevis.")
    sec.facts.update(antal_handelser=len(inc))
    return sec


def var(ctx, radie_m: float = 4000) -> Section:
    """Where: top places, concentration, repeat places, maps, and Gi* hot spots in the central town."""
    from ...figures import maps
    from ...figures import pattern_figures as PF
    from ...patterns import concentration, grid, hotspot, repeats
    from ...text import patterns as PT

    sec = ctx.section()
    inc = incidents_or_none(ctx)
    if inc is None:
        return no_incidents(sec)
    if from_polisen(ctx) or inc[C.X].isna().all():
        sec.md("Händelserna saknar egna positioner, så avsnittet om platser kan inte tas fram. "
               + PT.polisen_positions_caveat() if from_polisen(ctx) else
               "Händelserna saknar koordinater, så kartor och heta punkter kan inte tas fram.")
        return sec
    top = grid.place_counts(inc, top=10)
    sec.table(pd.DataFrame({"Plats": top[C.PLATS], "Antal händelser": top["antal"].map(fmt.integer),
                            "Andel": top["andel"].map(lambda v: fmt.pct(v, 1)),
                            "Andel, kumulativt": top["kumulativ_andel"].map(lambda v: fmt.pct(v, 1))}),
              f"De tio platser med flest händelser i {ctx.namn}", keys=None)
    areas = grid.place_counts(inc, by=C.OMRADE)
    sec.table(pd.DataFrame({"Område": areas[C.OMRADE], "Antal händelser": areas["antal"].map(fmt.integer),
                            "Andel": areas["andel"].map(lambda v: fmt.pct(v, 1))}), "Händelser per område",
              keys=None)
    summary = concentration.concentration_summary(concentration.counts_per_unit(inc, C.PLATS))
    sec.md(PT.concentration_sentence(summary))
    sec.figure(PF.lorenz_figure(concentration.lorenz_curve(concentration.counts_per_unit(inc, C.PLATS))))
    rp = repeats.repeat_places(inc)
    sec.md(PT.repeat_sentence(rp))
    towns = [(t.name, t.e, t.n) for t in [ctx.region.centralort] if t]
    sec.figure(maps.incident_map(inc, towns=towns, title=f"Händelser i {ctx.namn}"))
    town = ctx.region.centralort
    if town is not None:
        near = inc[(inc[C.X] - town.e).abs().le(radie_m) & (inc[C.Y] - town.n).abs().le(radie_m)]
        if len(near) >= 30:
            g = grid.grid_counts(near)
            hs = hotspot.hotspot_gistar(grid=g)
            sec.md(f"**Heta punkter i {town.name}** (händelser inom {fmt.num(radie_m / 1000, 0)} km från centrum): "
                   + PT.cell_size_sentence(g))
            sec.figure(maps.grid_map(hs, column="antal", towns=towns, title=f"Händelser per ruta, {town.name}",
                                     label="Antal händelser"))
            sec.md(PT.hotspot_sentence(hs))
    if ctx.skadevikter is not None:
        from ...figures import pattern_figures as PF2
        from ...patterns import harm

        ranking = harm.harm_ranking(inc, ctx.skadevikter, missing="zero")
        sec.md("**Viktat efter skada.** " + PT.harm_sentence(ranking) + " Vikterna är kommunens egna "
               "bedömningar (filen i parametern skadevikt_fil); kategorier som saknas i filen får vikten 0. "
               "Det finns inga officiella svenska skadevikter.")
        sec.figure(PF2.harm_ranking_figure(ranking))
    sec.note("Kartorna ritas utan bakgrundskarta och utan internet, från koordinaterna i händelserapporterna "
             "(SWEREF 99 TM). Heta punkter bedöms med Getis-Ord Gi* och en korrektion för att många rutor "
             "testas samtidigt (Benjamini–Hochberg), så att slumpmässiga samlingar inte ritas som heta punkter.")
    sec.facts.update(koncentration=summary)
    return sec

