"""Step 1, the incident register: when and where things happen."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt
from ..common import from_polisen, incidents_or_none, no_incidents
from ..report import Section
from ...sources.polisen_facts import category_table, incident_source, notes as incident_notes
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
    src = incident_source(inc)  # the municipality's register or Polisen's published events: named for what it is
    sec.md(f"Underlaget är {src.namn[0].lower() + src.namn[1:]}: {fmt.integer(len(inc))} händelser från "
           f"{fmt.date_sv(start)} till {fmt.date_sv(end)}.")
    if not src.ar_kommunens_register:
        sec.table(category_table(inc).rename(columns={"kategori_sv": "Kategori", "antal": "Antal händelser",
                                                      "typer": "Polisens händelsetyper"})
                  [["Kategori", "Antal händelser", "Polisens händelsetyper"]],
                  "Polisens publicerade händelser per kategori", keys=None)
        for line in incident_notes(inc):
            sec.note(line)
    hw = timing.aoristic_hour_weekday(inc) if inc[C.TIDPUNKT_TILL].notna().any() else timing.hour_weekday_counts(inc)
    sec.figure(PF.hour_weekday_heatmap(hw, title=f"Händelser per veckodag och timme, {ctx.namn}"))
    tests = timing.time_tests(inc)  # the four time tests, corrected together (Holm)
    for key in ("veckodag_block", "timme"):
        sec.md(PT.time_pattern_sentence(tests[key]))
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
    sec.note("Varje period jämförs med samma tid tidigare år (första året: med de första perioderna), så att en "
             "bestående ökning inte räknas in i det väntade. En period markeras om den ensam ligger tydligt över "
             "eller under det väntade, eller om avvikelserna flera perioder i rad tillsammans är tydliga (CUSUM). "
             "Gränserna tar hänsyn till att antalen varierar mer än slumpen (överspridning) och är satta så att en "
             "stabil serie larmar högst ungefär en gång vartannat år. En markerad period är en signal att titta "
             "närmare, inte ett bevis.")
    sec.facts.update(antal_handelser=len(inc))
    return sec


def _study_area(ctx):
    from ...errors import ParameterError
    from ...sources import geo

    try:
        return geo.municipality_area(ctx.kod)
    except ParameterError:
        return None


def _relative(sec, inc, res, hotplaces, TP, delbar: bool, n_categories: int = 2, min_events: int = 30) -> None:
    """Where is a common category unusual compared with all incidents? (the largest categories only)"""
    counts = inc[C.KATEGORI].value_counts()
    cats = [c for c in counts.index[:n_categories] if counts[c] >= min_events]
    if not cats or counts.size < 2:
        return
    lines = []
    for cat in cats:
        rel = hotplaces.hotspot_relative(inc, cat, grid=res[["kol", "rad", "x", "y", "yta", "antal"]])
        places = hotplaces.hot_places(rel, inc[inc[C.KATEGORI] == cat], top=3)
        if delbar:
            places = places[places["antal"] >= 5]
        label = C.INCIDENT_KATEGORIER.get(str(cat), str(cat)).lower()
        lines.append(f"- **{label.capitalize()}:** " + TP.hot_places_sentence(places, what=label))
    sec.md("**Var är en sorts händelse vanligare än andra?** Andelen av alla händelser på platsen jämförs med "
           "andelen i hela kommunen, så att platser där det händer mycket av allt inte pekas ut bara för det.\n\n"
           + "\n".join(lines))


def var(ctx) -> Section:
    """Where: top places, concentration, repeats with a yardstick, Knox, hot places on a map of the municipality."""
    from ...figures import maps
    from ...figures import pattern_figures as PF
    from ...patterns import concentration, grid, hotplaces, hotspot, repeats
    from ...text import patterns as PT
    from ...text import places as TP

    sec = ctx.section()
    inc = incidents_or_none(ctx)
    if inc is None:
        return no_incidents(sec)
    if from_polisen(ctx) or inc[C.X].isna().all():
        sec.md("Händelserna saknar egna positioner, så avsnittet om platser kan inte tas fram. "
               + PT.polisen_positions_caveat() if from_polisen(ctx) else
               "Händelserna saknar koordinater, så kartor och heta punkter kan inte tas fram.")
        return sec
    summary: dict = {}
    has_places = bool(inc[C.PLATS].notna().any())
    if has_places:
        top = grid.place_counts(inc, top=10)
        sec.table(pd.DataFrame({"Plats": top[C.PLATS], "Antal händelser": top["antal"].map(fmt.integer),
                                "Andel": top["andel"].map(lambda v: fmt.pct(v, 1)),
                                "Andel, kumulativt": top["kumulativ_andel"].map(lambda v: fmt.pct(v, 1))}),
                  f"De tio platser med flest händelser i {ctx.namn}", keys=None)
    if inc[C.OMRADE].notna().any():
        areas = grid.place_counts(inc, by=C.OMRADE)
        sec.table(pd.DataFrame({"Område": areas[C.OMRADE], "Antal händelser": areas["antal"].map(fmt.integer),
                                "Andel": areas["andel"].map(lambda v: fmt.pct(v, 1))}), "Händelser per område",
                  keys=None)
    if has_places:
        summary = concentration.concentration_summary(concentration.counts_per_unit(inc, C.PLATS))
        sec.md(PT.concentration_sentence(summary))
        sec.figure(PF.lorenz_figure(concentration.lorenz_curve(concentration.counts_per_unit(inc, C.PLATS))))
    else:  # a register without place names: maps and hot places still rest on the coordinates
        sec.md("Händelserna saknar platsnamn (kolumnen plats), så platserna med flest händelser, koncentrationen "
               "och upprepade platser kan inte tas fram; kartorna nedan bygger på koordinaterna.")
    # hot places inside the municipality
    area = _study_area(ctx)
    cell = float(ctx.params.get("cellstorlek_m", 0) or 0) or None
    res = hotspot.hotspot_gistar(inc, cell, area=area)
    places = hotplaces.hot_places(res, inc, top=10)
    if ctx.delbar:  # a place with 1-4 incidents is not shown in a shareable report
        keep = places["antal"] >= maps.MIN_COUNT
        cells = [c for c, k in zip(places.attrs.get("celler", []), keep) if k]
        attrs = dict(places.attrs, celler=cells)
        places = places[keep].reset_index(drop=True)
        places.attrs = attrs
    labels = grid.place_positions(inc)
    sec.md(f"**Platser som sticker ut i {ctx.namn}.** " + TP.hot_places_sentence(places))
    sec.figure(maps.hot_places_map(res, places, area=area, kommunkod=ctx.kod, labels=labels, delbar=ctx.delbar,
                                   title=f"Platser som sticker ut, {ctx.namn}"))
    if len(places):
        sec.table(TP.hot_places_table(places), "Platser som sticker ut (numren som på kartan)", keys=None)
    sec.note(TP.parameters_sentence(res) + " En plats sticker ut när rutan och dess grannar har tydligt fler "
             "händelser än om händelserna vore jämnt spridda över kommunen; prövningen tar hänsyn till att alla "
             "rutor prövas samtidigt (metoden beskrivs under Om metoderna). Rutor som rör varandra bildar en plats; "
             "den får namnet på den plats i händelserapporterna som förekommer oftast där.")
    _relative(sec, inc, res, hotplaces, TP, ctx.delbar)
    if ctx.delbar:
        g = grid.grid_counts(inc, res.attrs["cell_size"], area=area)
        sec.figure(maps.grid_map(g, area=area, kommunkod=ctx.kod, labels=labels, delbar=True,
                                 title=f"Händelser per ruta, {ctx.namn}"))
    else:
        sec.figure(maps.incident_map(inc, area=area, kommunkod=ctx.kod, labels=labels, title=f"Händelser i {ctx.namn}"))
    # repeats with a yardstick, and near repeats
    if has_places:
        rp = repeats.repeat_places(inc)
        sec.md(TP.repeats_with_yardstick_sentence(rp, repeats.repeat_yardstick(inc)))
    knox = repeats.knox_incidents(inc)
    sec.md(PT.knox_sentence(knox))
    sec.figure(PF.knox_heatmap(knox))
    sec.facts.update(heta_platser=places[["namn", "antal"]].to_dict("records"), knox_permutationer=knox.attrs[
        "permutationer"])
    if ctx.skadevikter is not None:
        from ...figures import pattern_figures as PF2
        from ...patterns import harm

        ranking = harm.harm_ranking(inc, ctx.skadevikter, missing="zero")
        sec.md("**Viktat efter skada.** " + PT.harm_sentence(ranking) + " Vikterna är kommunens egna "
               "bedömningar (filen i parametern skadevikt_fil); kategorier som saknas i filen får vikten 0. "
               "Det finns inga officiella svenska skadevikter.")
        sec.figure(PF2.harm_ranking_figure(ranking))
    sec.note("Kartorna ritas utan bakgrundskarta och utan internet, från koordinaterna i händelserapporterna "
             "(SWEREF 99 TM) och kommungränsen (okfse/sweden-geojson, Valmyndighetens data). Ortnamnens lägen är "
             "ungefärliga. En het plats har tydligt fler händelser än omgivningen; prövningen tar hänsyn till att "
             "många rutor prövas samtidigt, så att slumpmässiga samlingar inte ritas som heta platser.")
    sec.facts.update(koncentration=summary)
    return sec

