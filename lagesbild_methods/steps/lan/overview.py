"""County reports: overview, summary and sources and limitations (regional lägesbild and process
follow-up)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ... import columns as C
from ... import fmt, registry
from ... import inputs as _paths
from ... import text as T
from ...text import lan as TL
from ...verdicts import Trend
from ..common import label, names
from ..report import Section
from . import indicators as I
from .loading import WorkbookProblem
from .policy import CountyPolicy, section

PRACTICE = ("**Underlaget är syntetiska övningsdata** som följer med paketet. De liknar verkliga data men beskriver "
            "inga verkliga kommuner; rapporten visar hur en regional lägesbild kan se ut.")


_WHAT = {"brott_fil": "Anmälda brott", "folkmangd_fil": "Folkmängd", "enkat_fil": "Trygghetsmätningar",
         "arbetsbocker_fil": "Kommunernas arbetsböcker", "ungdomsenkat_fil": "Skolenkät (ANDT)",
         "dialog_fil": "Medborgardialoger och trygghetsvandringar", "manifest_fil": "Rapportmappens förteckning",
         "samordnarenkat_fil": "Enkät till samordnare och kommunpoliser"}


def _basis(ctx) -> str:
    practice = [p for p, path in ctx.files.items() if _paths.is_synthetic(Path(path))]
    if not practice:
        return "Underlaget är de filer som anges under Källor och begränsningar."
    if len(practice) == len(ctx.files):
        return PRACTICE
    return ("**Delar av underlaget är syntetiska övningsdata** som följer med paketet ("
            + T.join_sv([_WHAT.get(p, p).lower() for p in practice]) + "); de beskriver inga verkliga kommuner, så "
            "siffror som bygger på dem visar inte verkliga förhållanden. Ange egna filer för de delarna.")


def oversikt(ctx) -> Section:
    """What the regional lägesbild covers: the kommuner, their size, kommungrupp and lokalpolisområde."""
    sec = section(ctx)
    ks = list(ctx.area.members)
    books = ctx.data.get("arbetsbocker") or {}
    sv = ctx.survey
    pop = ctx.population
    rows = []
    for k in ks:
        r = registry.get(k)
        p = pop[(pop[C.KOMMUNKOD] == k) & (pop[C.AR] <= ctx.ar_till)].sort_values(C.AR) if pop is not None else None
        years = sorted(sv.loc[sv[C.KOMMUNKOD] == k, C.AR].unique()) if sv is not None else []
        rows.append({"Kommun": r.namn, "Kod": k,
                     "Folkmängd": fmt.integer(p[C.FOLKMANGD].iloc[-1]) if p is not None and len(p) else fmt.MISSING,
                     "Kommungrupp (SKR 2017)": r.kommungrupp or "–", "Lokalpolisområde": r.lokalpolisomrade or "–",
                     "Arbetsbok": ("Kan inte läsas" if isinstance(books.get(k), WorkbookProblem) else "Ja")
                     if k in books else "Nej",
                     "Trygghetsmätning": ", ".join(str(int(y)) for y in years[-2:]) or "–"})
    sec.md(f"Den regionala lägesbilden samlar {T.members_phrase(len(ks))} i {ctx.namn} och jämför "
           f"{'den med riket' if len(ks) == 1 else 'dem'} på samma "
           f"indikatorer, {TL.years(ctx.ar_fran, ctx.ar_till)}. Den visar var problemen är störst, vilka problem flera "
           "kommuner delar, hur länet utvecklas jämfört med riket och vad kommunerna själva har prioriterat – ett "
           "underlag för länets stöd, nätverk och gemensamma insatser. " + _basis(ctx))
    sec.table(pd.DataFrame(rows), f"Kommunerna i {ctx.namn}", keys=None)
    miss = I.missing_kommuner(ctx)
    if miss:
        sec.md("Brottsstatistiken saknar " + T.join_sv([registry.get(k).namn for k in miss]) + f" för {ctx.ar_till}; "
               + ("kommunen finns" if len(miss) == 1 else "de kommunerna finns") + " inte med i jämförelserna.")
    no_pop = I.without_population(ctx)
    if no_pop:
        sec.md(f"Folkmängden 31 december {I.denominator_year(ctx)} saknas för "
               + T.join_sv([registry.get(k).namn for k in no_pop]) + "; antal per 100 000 invånare kan inte beräknas "
               + ("för kommunen, som" if len(no_pop) == 1 else "för de kommunerna, som")
               + " inte finns med i jämförelserna.")
    sec.facts.update(kommuner=ks, syntetisk=ctx.synthetic)
    return sec


def sammanfattning(ctx) -> Section:
    """The main points for decision makers in the county."""
    sec = section(ctx)
    policy = CountyPolicy.for_context(ctx)
    nm, head, y = names(), I.headline(ctx), ctx.ar_till
    bullets = []
    lat = I.latest(ctx)
    county = lat[(lat[C.KOMMUNKOD] == ctx.kod) & (lat[C.BROTTSTYP] == head)]
    riket = lat[(lat[C.KOMMUNKOD] == C.RIKET) & (lat[C.BROTTSTYP] == head)]
    tr = I.county_trends(ctx)
    own_t = tr[(tr[C.KOMMUNKOD] == ctx.kod) & (tr[C.BROTTSTYP] == head)]
    if len(county) and not policy.hidden_in(ctx.kod, head, y):
        text = f"{ctx.namn} hade {T.rate_number(county[C.VARDE].iloc[0])} {T.crime_phrase(head)} per {T.PER_100K} {y}"
        if len(riket):
            text += f" (riket {T.rate_number(riket[C.VARDE].iloc[0])})"
        if len(own_t) and str(own_t.iloc[0]["trend"]) != Trend.NOT_ASSESSED:
            text += "; " + T.trend_label(own_t.iloc[0]["trend"]).lower() + f" {TL.years(ctx.ar_fran, y)}"
        bullets.append(text + ".")
    hi, lo = I.deviating(ctx, head, policy)
    if hi or lo:
        bullets.append("Jämfört med länets värde: " + T.join_sv(
            ([f"{T.join_sv([nm[k] for k in hi])} säkerställt högre"] if hi else [])
            + ([f"{T.join_sv([nm[k] for k in lo])} säkerställt lägre"] if lo else [])) + f" ({label(head).lower()}).")
    rising = []
    for b in I.types(ctx):
        o = tr[(tr[C.KOMMUNKOD] == ctx.kod) & (tr[C.BROTTSTYP] == b)]
        if b != head and len(o) and str(o.iloc[0]["trend"]) == Trend.INCREASING and not policy.hidden_in(ctx.kod, b):
            rising.append(label(b).lower())
    if rising:
        bullets.append(f"{T.trend_label(Trend.INCREASING)} i länet: " + T.join_sv(rising) + ".")
    from .priorities import prioritised_problems

    prio = prioritised_problems(ctx)
    if len(prio):
        per = prio.groupby("kategori")["kommunkod"].nunique().sort_values(ascending=False)
        common = per[per >= 2].head(3)
        if len(common):
            bullets.append("Flest kommuner har prioriterat " + T.join_sv(
                [f"”{str(c).lower()}” ({fmt.integer(n)})" for c, n in common.items()]) + " i sina lägesbilder.")
    books = ctx.data.get("arbetsbocker") or {}
    without = [k for k in ctx.area.members if k not in books]
    if without:
        if len(without) == 1:
            bullets.append(f"{registry.get(without[0]).namn} saknar arbetsbok; kommunens prioriteringar syns inte i "
                           "den regionala bilden.")
        else:
            bullets.append(f"{fmt.integer(len(without))} av {fmt.integer(len(ctx.area.members))} kommuner saknar "
                           "arbetsbok; deras prioriteringar syns inte i den regionala bilden.")
    d = ctx.data.get("dialog")
    if d is not None and len(d):
        top = d[d["kommunkod"].isin(ctx.area.members)].groupby("tema")["notering"].nunique().sort_values(
            ascending=False).head(3)
        bullets.append("I medborgardialoger och trygghetsvandringar togs oftast upp: "
                       + T.join_sv([f"”{t.lower()}”" for t in top.index]) + ".")
    sec.md("\n".join(f"- {b}" for b in bullets) if bullets else "Underlaget räcker inte för en sammanfattning.")
    sec.note("Sammanfattningen bygger på avsnitten nedan; ”säkerställt” betyder statistiskt säkerställt på "
             "95 %-nivån.")
    sec.facts["punkter"] = bullets
    return sec


def _source_rows(ctx) -> list[dict]:
    what = _WHAT
    rows = []
    for p, path in ctx.files.items():
        rows.append({"Underlag": what.get(p, p), "Fil": Path(path).name,
                     "Källa": "Övningsdata (syntetiska)" if _paths.is_synthetic(Path(path)) else "Angiven fil"})
    return rows


LIMITS = [
    "Anmälda brott visar inte all brottslighet: anmälningsbenägenheten skiljer sig mellan brottstyper och över tid, "
    "och narkotika- och trafikbrott följer polisens egna insatser.",
    "Små kommuner har få brott per år; deras värden varierar mycket av slumpen. Därför visas konfidensintervall och "
    "trattdiagram i stället för rangordningar.",
    "Kommungrupperna är SKR:s indelning från 2017; en revidering 2023 flyttade 33 kommuner.",
    "Skolenkäten redovisas efter hemkommun eller skolkommun; gymnasieelever går ofta i skola i en annan kommun.",
    "De som deltar i medborgardialoger och trygghetsvandringar är inte ett slumpmässigt urval av invånarna; "
    "synpunkterna visar vad som tas upp, inte hur vanligt det är.",
    "Fria texter kodas till teman med en fast ordlista. Kodningen är grov och texten visas aldrig.",
]


def kallor(ctx) -> Section:
    """Sources and limitations of the regional lägesbild."""
    sec = section(ctx)
    sec.table(pd.DataFrame(_source_rows(ctx)), "Underlag", keys=None)
    sec.md("**Begränsningar.**\n" + "\n".join(f"- {t}" for t in LIMITS))
    for n in ctx.notes:
        sec.note(n)
    return sec


def processoversikt(ctx) -> Section:
    """What the process follow-up covers."""
    sec = section(ctx)
    from .process import per_datum

    books = ctx.data.get("arbetsbocker") or {}
    sec.md(f"Uppföljningen visar hur det kunskapsbaserade brottsförebyggande arbetet går i "
           f"{T.members_phrase(len(ctx.area.members))} i {ctx.namn} den {fmt.date_sv(per_datum(ctx).date())}: "
           "vilka kommuner som har en aktuell lägesbild, har påbörjat orsaksanalyser, har en åtgärdsplan, har startat "
           "åtgärder, följer upp dem och har ett medborgarlöfte. Den bygger på kommunernas arbetsböcker "
           f"({fmt.integer(sum(1 for b in books.values() if not isinstance(b, WorkbookProblem)))} av "
           f"{fmt.integer(len(ctx.area.members))} finns), rapportmappens förteckning och enkäten till samordnare och "
           "kommunpoliser. " + (PRACTICE if ctx.synthetic else ""))
    for n in ctx.notes:
        sec.note(n)
    return sec


def processkallor(ctx) -> Section:
    """Sources and limitations of the process follow-up."""
    sec = section(ctx)
    sec.table(pd.DataFrame(_source_rows(ctx)), "Underlag", keys=None)
    sec.md("**Begränsningar.**\n" + "\n".join(f"- {t}" for t in (
        "Arbetsboken visar vad kommunen har skrivit in; beslut i styrgruppen, samverkansöverenskommelser och "
        "dialoger som inte dokumenterats där syns inte.",
        "En kommun utan arbetsbok visas som ej påbörjad, även om arbetet kan finnas i andra dokument.",
        "Enkätens svar redovisas för länet som helhet; med få svarande är andelarna osäkra.",
        "Alla kommuner ingår i statusmatrisen, så antalen kommuner har ingen urvalsosäkerhet.")))
    return sec



COUNTY_METHODS = (
    ("Små tal i länets rapporter",
     "Rapporterna för länets kommuner och för länet visar samma siffror. Därför fattas beslutet om vad som döljs för "
     "alla tillsammans: ett antal mellan 1 och 4 i en känslig brottstyp döljs, och dessutom ytterligare en uppgift "
     "när det dolda talet annars kunde räknas fram som länets summa minus de kommuner som visas. Summor per "
     "lokalpolisområde visas inte för känsliga brottstyper."),
    ("Skolenkätens små grupper",
     "En andel visas inte när för få elever svarat (parametern minsta_grupp) eller när 1–4 elever gav något av "
     "svaren, eftersom andelen då kunde peka ut enskilda elever. Länets andel avrundas till hela procent; den "
     "visas inte när länet har färre än 1 000 svarande i årskursen och en kommun är dold, eftersom avrundningen "
     "då inte skyddar det dolda talet. Andelarna har Wilsons intervall."),
    ("Fria texter och personuppgifter",
     "Anteckningar från dialoger och fria enkätsvar kodas till teman med en fast ordlista när filen läses in; "
     "texten och kolumner med namn, e-post eller telefon läses aldrig vidare. En text som inte passar något tema "
     "räknas som ”Övrigt”. Platser visas bara när minst två synpunkter gäller dem."),
    ("Statusmatrisen",
     "Varje kommuns steg bedöms ur arbetsbokens blad och rapportmappens förteckning enligt reglerna under "
     "statusmatrisen. Alla kommuner ingår, så antalen kommuner har ingen urvalsosäkerhet."),
)


def om_metoderna(ctx) -> Section:
    """Appendix: the shared methods by name, the county reports' own methods and this report's funnels."""
    from .. import metoder

    sec = section(ctx)
    extra = [f"**{title}.** {text}" for title, text in COUNTY_METHODS]
    extra += [f"**I den här rapporten, {k[0].lower() + k[1:]}.** {v}" for k, v in ctx.cache.get("lan:metod", {}).items()]
    sec.extend(metoder.om_metoderna(extra))
    return sec


def ordlista(ctx) -> Section:
    """The few terms that remain in the running text, explained."""
    from .. import metoder

    sec = section(ctx)
    sec.extend(metoder.ordlista())
    return sec
