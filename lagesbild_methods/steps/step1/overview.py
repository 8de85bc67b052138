"""Step 1, the frame of the report: overview, summary, sources and limitations, the law's checklist."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd

from ... import columns as C
from ... import fmt
from ... import inputs as _paths
from ... import text as T
from ...verdicts import Comparison, Trend
from ..common import denominator_text, from_polisen, label, prefetch_survey_shares, survey_shares, trend
from ... import paths
from ...sources import lokal_kunskap as LK
from .. import kontroll as K
from .. import lokal, metoder
from ..report import Section
from .crime import latest_table, vanligaste_problem
from .survey import SURVEY_MEASURES


def oversikt(ctx) -> Section:
    """Who and what the report is about: the municipality's facts and the data it rests on."""
    r = ctx.region
    sec = ctx.section()
    latest_pop = ctx.population[(ctx.population[C.KOMMUNKOD] == r.kod)].sort_values(C.AR).tail(1)
    pop_text = (f"{fmt.integer(latest_pop[C.FOLKMANGD].iloc[0])} (31 december {int(latest_pop[C.AR].iloc[0])})"
                if len(latest_pop) else "–")
    facts = pd.DataFrame({
        "Uppgift": ["Kommun", "Kommunkod (SCB)", "Län", "Kommungrupp (SKR 2017)", "Lokalpolisområde",
                    "Centralort", "Folkmängd"],
        "Värde": [r.namn, r.kod, ctx.lan_namn, f"{r.kommungrupp} {r.kommungrupp_namn}" if r.kommungrupp else "–", r.lokalpolisomrade,
                  r.centralort.name if r.centralort else "–", pop_text],
    })
    sec.table(facts, "Kommunen i korthet", keys=None)
    period = f"{ctx.ar_fran}–{ctx.ar_till}"
    basis = ("**Underlaget är syntetiska övningsdata** som följer med paketet. De liknar verkliga data men "
             "beskriver inte verkliga händelser; använd rapporten för att öva och för att se hur en "
             "lägesbild kan se ut." if ctx.synthetic else
             "Underlaget är de datafiler som anges under *Källor och begränsningar*.")
    years = f"statistikår {ctx.ar_till}" if ctx.ar_fran == ctx.ar_till else f"statistikår {period}"
    sec.md(f"Rapporten gäller **{r.namn} kommun**, {years}, och togs fram "
           f"{fmt.date_sv(date.today())}. {basis}")
    for n in ctx.notes:
        sec.note(n)
    sec.facts.update(kommun=r.namn, kod=r.kod, period=period, syntetisk=ctx.synthetic)
    return sec


def kallor_och_begransningar(ctx) -> Section:
    """Sources and limitations, generated from what the report actually rests on (Brå's 'Stöd för kartläggning')."""
    sec = ctx.section()
    rows = []
    describe = {
        "brott_fil": ("Anmälda brott per kommun och brottstyp", "Brå, anmälda brott (brottsplats = kommunen)"),
        "folkmangd_fil": ("Folkmängd 31 december", "SCB"),
        "handelser_fil": ("Händelserapporter (EST)", "Kommunens egna rapportörer"),
        "enkat_fil": ("Trygghetsmätning", "Kommunens enkät"),
        "skadevikt_fil": ("Skadevikter per händelsekategori", "Kommunens egen bedömning"),
    }
    if ctx.incidents is not None:  # the register or Polisen's published events, named for what they are
        from ...sources import incident_source
        src = incident_source(ctx.incidents)
        describe["handelser_fil"] = (src.namn, src.kalla)
    for key, path in ctx.files.items():
        what, origin = describe.get(key, (key, ""))
        rows.append({"Underlag": what, "Fil": path.name,
                     "Källa": "Övningsdata (syntetiska)" if _paths.is_synthetic(path) else origin})
    sec.table(pd.DataFrame(rows), "Underlag som rapporten bygger på", keys=None)
    lim = [
        "**Anmälda brott är inte all brottslighet.** Mörkertalet skiljer sig mellan brottstyper och över tid; "
        "skadegörelse och klotter anmäls sällan, medan narkotika- och trafikbrott till stor del speglar polisens "
        "egna insatser.",
        "**Statistiken räknar brott, inte personer eller händelser**: ett tillfälle kan ge flera anmälda brott, och "
        "en del anmälda händelser visar sig senare inte vara brott.",
        f"**Små tal.** {ctx.namn} har {_pop_words(ctx)} invånare; några brott hit eller dit ger stora procentuella "
        "förändringar. Därför visas konfidensintervall, tal under 20 brott markeras och förändringar kallas "
        "säkerställda bara när data stödjer det.",
        f"**Nämnaren.** Per 100 000 invånare räknas med folkmängden {denominator_text(ctx)}.",
    ]
    if ctx.delbar:
        lim.append("**Rapporten är avsedd att delas.** Antal 1–4 i känsliga brottstyper döljs (”..”), och "
                   "ytterligare uppgifter döljs så att de små talen inte kan räknas fram ur andra siffror i länets "
                   "rapporter, till exempel länets summa. Fritext från händelserapporterna visas aldrig.")
    if ctx.incidents is not None and ctx.incidents.attrs.get("kalla") == "polisen":
        lim.append("**Polisens publicerade händelser** är ett litet, redaktionellt urval och inte kommunens "
                   "händelseregister; de visar exempel på vad som hänt, inte nivåer, och har inga egna platser.")
    elif ctx.incidents is not None:
        lim.append("**Händelserapporterna** beskriver det rapportörerna ser och rapporterar; fler rapportörer eller "
                   "ändrade rutiner kan se ut som fler händelser. Platser och tider är så exakta som rapportören angav.")
    if ctx.survey is not None:
        n = ctx.survey[C.RESPONDENT].nunique()
        lim.append(f"**Enkäten** bygger på {fmt.integer(n)} svar (alla år). Andelar visas med konfidensintervall "
                   "och antal svarande; vikterna justerar för att olika grupper svarat i olika grad, men bortfallet "
                   "kan ändå snedvrida resultaten.")
    if ctx.synthetic:
        lim.append("**Övningsdata.** Siffrorna i den här rapporten är syntetiska och får inte användas som fakta "
                   "om kommunen.")
    for line in lim:
        sec.md("- " + line)
    sec.facts["underlag"] = rows
    return sec


def _pop_words(ctx) -> str:
    p = ctx.population[ctx.population[C.KOMMUNKOD] == ctx.kod].sort_values(C.AR)
    return f"omkring {fmt.integer(round(float(p[C.FOLKMANGD].iloc[-1]), -2))}" if len(p) else "få"


LAGKRAV = K.LAGKRAV  # the law's items (lag 2023:196, 4 §) with the sections and data each needs


def _lokal_fil(ctx) -> Path | None:
    """The municipality's local-knowledge file: the parameter, else ``lokal_kunskap_<kod>.md`` in
    ``data/lokal_kunskap/`` or, in a report on practice data, the bundled example (Heby)."""
    given = (getattr(ctx, "params", None) or {}).get("lokal_kunskap_fil", "")
    if given:
        return _paths.resolve("lokal_kunskap_fil", given, ctx.kod)
    # the bundled example (Heby) only in a report that already rests on practice data
    folders = [paths.DATA_DIR / "lokal_kunskap"] + ([paths.SYNTH_DIR / "lokal_kunskap"] if ctx.synthetic else [])
    for folder in folders:
        found = LK.find(ctx.kod, folder)
        if found is not None:
            return found
    return None


def _lokala_avsnitt(ctx) -> list:
    key = "lokal_kunskap"
    if key not in ctx.cache:
        f = _lokal_fil(ctx)
        ctx.cache[key] = (f, LK.read(f) if f is not None else [])
    return ctx.cache[key]


def lokal_kunskap(ctx) -> Section:
    """The municipality's own knowledge (dialogues, trygghetsvandringar, the police's picture) under its
    own headings, escaped (see :mod:`lagesbild_methods.steps.lokal`)."""
    sec = ctx.section()
    f, _sections = _lokala_avsnitt(ctx)
    sec.extend(lokal.avsnitt(ctx.kod, fil=f or ""))
    return sec


def om_metoderna(ctx) -> Section:
    """Appendix: the methods by name, with references, and this report's own method choices."""
    sec = ctx.section()
    extra = [f"**I den här rapporten, trattdiagrammet.** {ctx.cache['metod_tratt']}"] if ctx.cache.get("metod_tratt") else []
    sec.extend(metoder.om_metoderna(extra))
    return sec


def ordlista(ctx) -> Section:
    """The few terms that remain in the running text, explained."""
    sec = ctx.section()
    sec.extend(metoder.ordlista())
    return sec


def _present(ctx) -> tuple[set[str], dict]:
    """Sections this report has, and the input file behind each input parameter."""
    sections = {"vanligaste", "jamforelse", "utveckling"}
    if ctx.incidents is not None:
        sections.add("nar")
        if not from_polisen(ctx):  # Polisen's positions are not event places
            sections.add("var")
    if ctx.survey is not None:
        sections.add("trygghet")
    f, local = _lokala_avsnitt(ctx)
    inputs = dict(ctx.files)
    if local:
        sections.add("lokal_kunskap")
        inputs["lokal_kunskap_fil"] = f
    return sections, inputs


def lagkrav(ctx) -> Section:
    """Honest checklists against Lag (2023:196) 4 § and Brå's questions: an item is "Uppfyllt" only when
    the report has its section and the data behind it are the municipality's own (not övningsdata)."""
    sec = ctx.section()
    sections, inputs = _present(ctx)
    law = K.checklist(K.LAGKRAV, sections, inputs, _paths.is_synthetic, header="Krav i 4 § lagen (2023:196)")
    bra = K.checklist(K.BRA_FRAGOR, sections, inputs, _paths.is_synthetic, header="Brås fråga")
    sec.md(f"Lagens krav: {K.summary(law)[0].lower() + K.summary(law)[1:]}")
    sec.table(law, "Kontrollista: lagens krav på lägesbilden", keys=None)
    sec.table(bra, "Kontrollista: Brås frågor i kartläggningen", keys=None)
    if ctx.synthetic:
        sec.md("Rapporten bygger helt eller delvis på **övningsdata**. Den visar hur en lägesbild kan se ut, men "
               "uppfyller inte lagens krav förrän kommunens egna uppgifter används.")
    sec.md("Lagen kräver också att kommunen utifrån lägesbilden **tar ställning till behovet av åtgärder och "
           "beslutar om en åtgärdsplan**. Nästa steg är orsaksanalysen (steg 2): varför finns de prioriterade "
           "problemen? Först därefter väljs åtgärder (steg 3).")
    sec.facts["lagkrav"] = {k: v == K.UPPFYLLT for k, v in zip([i.key for i in K.LAGKRAV], law["Status"])}
    sec.facts["lagkrav_status"] = dict(zip([i.key for i in K.LAGKRAV], law["Status"]))
    sec.facts["bra_status"] = dict(zip([i.key for i in K.BRA_FRAGOR], bra["Status"]))
    return sec


def sammanfattning(ctx) -> Section:
    """The key findings in a few bullets, taken from the same computations as the sections."""
    sec = ctx.section()
    bullets = []
    t = latest_table(ctx)
    y = ctx.ar_till
    tot = t[t[C.BROTTSTYP] == "totalt"]
    if len(tot):
        r = tot.iloc[0]
        lan_text = {Comparison.HIGHER: "högre än", Comparison.LOWER: "lägre än"}.get(
            r["mot_lan"], "inte säkerställt skild från")
        bullets.append(f"{y} anmäldes {fmt.integer(r[C.ANTAL])} brott i {ctx.namn}, {T.rate_number(r[C.VARDE])} per "
                       f"{T.PER_100K} (95 % konfidensintervall {fmt.interval(r[C.NEDRE], r[C.OVRE])}) – "
                       f"{lan_text} nivån i {ctx.lan_namn}.")
    sec_problem = vanligaste_problem(ctx)
    top = sec_problem.facts.get("vanligast", [])
    if top:
        bullets.append("Vanligast bland de redovisade brottstyperna: " + T.join_sv([label(c).lower() for c in top]) + ".")
    rising = sec_problem.facts.get("okar", [])
    if rising:
        bullets.append("Statistiskt säkerställd ökning från förra året: " + T.join_sv([label(c).lower() for c in rising])
                       + ".")
    elif sec_problem.facts.get("forandring_bedomd", True):
        bullets.append(f"Ingen brottstyp ökade statistiskt säkerställt från {y - 1} till {y}.")
    tr = trend(ctx)
    up = tr[tr["trend"] == Trend.INCREASING][C.BROTTSTYP].tolist() if "trend" in tr else []
    if up:
        bullets.append(f"{T.trend_label(Trend.INCREASING)} {ctx.ar_fran}–{ctx.ar_till}: "
                       + T.join_sv([label(c).lower() for c in up]) + ".")
    if ctx.survey is not None:
        prefetch_survey_shares(ctx, [(q, positive) for q, positive, _ in SURVEY_MEASURES])  # trygghet's too
        key = survey_shares(ctx, "trygghet_ute_kvall", SURVEY_MEASURES[0][1])
        last = key[key[C.AR] == key[C.AR].max()]
        if len(last):
            r = last.iloc[0]
            bullets.append(f"{fmt.pct(r[C.VARDE])} ({fmt.interval(r[C.NEDRE], r[C.OVRE], 0, percent=True)}, "
                           f"n = {fmt.integer(r['n_svarande'])}) känner sig otrygga ute sent en kväll "
                           f"(trygghetsmätningen {int(r[C.AR])}).")
    if ctx.incidents is not None and not ctx.incidents.empty and not from_polisen(ctx) \
            and ctx.incidents[C.PLATS].notna().any():
        from ...patterns import concentration, grid

        top_places = grid.place_counts(ctx.incidents, top=3)
        summary = concentration.concentration_summary(concentration.counts_per_unit(ctx.incidents, C.PLATS))
        bullets.append(f"Händelserapporterna pekar ut {T.join_sv(list(top_places[C.PLATS]))} som de platser med "
                       f"flest händelser; de 10 % mest drabbade platserna står för {fmt.pct(summary['topp10'])} "
                       "av händelserna." if "topp10" in summary else
                       f"Flest händelser: {T.join_sv(list(top_places[C.PLATS]))}.")
    sections, inputs = _present(ctx)
    law = K.checklist(K.LAGKRAV, sections, inputs, _paths.is_synthetic)
    bullets.append(f"Lagens krav på lägesbilden (4 § lag 2023:196): {K.summary(law)[0].lower() + K.summary(law)[1:]} "
                   "Nästa steg är att ta reda på orsakerna (steg 2) innan åtgärder väljs.")
    for b in bullets:
        sec.md("- " + b)
    sec.facts["punkter"] = bullets
    return sec

