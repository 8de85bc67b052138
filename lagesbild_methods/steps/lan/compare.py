"""County report: every kommun side by side on every indicator, funnel plots with ranked intervals, and
each kommun against its SKR kommungrupp."""
from __future__ import annotations

import dataclasses

import pandas as pd

from ... import columns as C
from ... import fmt, registry
from ... import text as T
from ...errors import ParameterError
from ...figures import lan_figures as LF
from ...figures import stats_figures as SF
from ...text import lan as TL
from ...stats.compare import NIVA, SKILLNAD
from ...verdicts import Comparison
from ..common import denominator_text, label, names
from ..report import Section
from . import indicators as I
from .policy import Cells, CountyPolicy, section

ARROW = {Comparison.HIGHER: " ↑", Comparison.LOWER: " ↓"}


def _verdicts(ctx) -> dict[tuple[str, str], str]:
    """(kommun, brottstyp) -> funnel verdict at 95 % in the latest year."""
    out = {}
    for b, f in I.funnels(ctx).items():
        for k, v in zip(f.punkter[C.KOMMUNKOD], f.punkter[SKILLNAD]):
            out[(k, b)] = str(v)
    return out


def _cell(rate, verdict) -> str:
    return T.rate_number(rate) + ARROW.get(verdict, "")


def kommunerna(ctx) -> Section:
    """All kommuner of the county on every crime type in the latest year: rate per 100 000 and whether it
    lies outside the funnel limits around the county's value."""
    sec = section(ctx)
    policy = CountyPolicy.for_context(ctx)
    y, ks, types = ctx.ar_till, I.kommuner(ctx), I.types(ctx)
    if not ks:
        return sec.md(f"Brottsstatistiken har inga uppgifter om kommunerna i {ctx.namn} {y}.")
    nm = names()
    lat = I.latest(ctx).set_index([C.KOMMUNKOD, C.BROTTSTYP])
    ver = _verdicts(ctx)
    wide = len(ks) > 10  # many kommuner: one row per kommun; otherwise one row per crime type
    rows, keys = [], []
    if wide:
        for k in ks + [ctx.kod]:
            row = {"Kommun": nm.get(k, k)}
            cells = []
            for b in types:
                col = label(b)
                row[col] = _cell(lat[C.VARDE].get((k, b)), ver.get((k, b))) if (k, b) in lat.index else fmt.MISSING
                cells.append((col, k, b, y))
            rows.append(row)
            keys.append(Cells(tuple(cells)))
    else:
        for b in types:
            row = {"Brottstyp": label(b)}
            cells = []
            for k in ks + [ctx.kod]:
                col = nm.get(k, k)
                row[col] = _cell(lat[C.VARDE].get((k, b)), ver.get((k, b))) if (k, b) in lat.index else fmt.MISSING
                cells.append((col, k, b, y))
            rows.append(row)
            keys.append(Cells(tuple(cells)))
    table = pd.DataFrame(rows)
    if len(ctx.area.members) == 1:
        sec.md(f"{ctx.namn} har en enda kommun, {nm.get(ks[0], ks[0])}, så kommunen och länet har samma värden; "
               "jämför i stället kommunen med riket och med liknande kommuner i dess egen lägesbild (steg 1).")
    sec.md(f"Tabellen visar anmälda brott per {T.PER_100K} {y} i {'' if len(ks) == 1 else 'var och en av '}{T.members_phrase(len(ks))} och i "
           f"länet. En pil visar att kommunen ligger utanför trattdiagrammets 95 %-gränser kring länets värde: "
           "↑ statistiskt säkerställt högre, ↓ statistiskt säkerställt lägre. Utan pil kan skillnaden mot länet "
           "bero på slumpen.")
    sec.table(table, f"Anmälda brott per {T.PER_100K} {y}, länets kommuner", keys=keys)
    # the overview figure is coloured from the table as the policy shows it (a hidden cell stays hidden)
    shown = policy.mask(table, keys).set_index(table.columns[0])
    if wide:
        shown = shown.T
    shown = shown.drop(columns=[nm.get(ctx.kod, ctx.kod)], errors="ignore")
    kcodes = {nm.get(k, k): k for k in ks}
    tcodes = {label(b): b for b in types}
    verdict_grid = pd.DataFrame(
        [["hidden" if shown.at[r, c] == ".." else _code(ver.get((kcodes[c], tcodes[r]))) for c in shown.columns]
         for r in shown.index], index=shown.index, columns=shown.columns)
    sec.figure(LF.indicator_overview(verdict_grid, legend=TL.OVERVIEW_LEGEND,
                                     title=f"Kommunerna mot länets värde {y}"))
    counts = {b: I.deviating(ctx, b, policy) for b in types}
    many = [b for b, (hi, _lo) in counts.items() if len(hi) >= 2]
    if many:
        sec.md("Brottstyper där minst två kommuner ligger säkerställt över länets värde: "
               + T.join_sv([f"{label(b).lower()} ({T.join_sv([nm[k] for k in counts[b][0]])})" for b in many]) + ".")
    sec.note(f"Per 100 000 invånare beräknas med folkmängden {denominator_text(ctx)}. Gränserna tar hänsyn till att små kommuner varierar mer och, när kommunerna skiljer sig mer "
             "än slumpen förklarar, till den extra variationen (överspridning). ”..” = uppgiften visas inte "
             "(små tal i känsliga brottstyper).")
    sec.facts.update(kommuner=ks, typer=types, avvikande=counts)
    return sec


def _code(v) -> str:
    return v if v in ("higher", "lower") else "no_difference"


def _chosen_types(ctx) -> list[str]:
    text = str(ctx.params.get("brottstyper", "") or "").strip()
    have = I.types(ctx)
    if text:
        chosen = [t.strip() for t in text.replace(";", ",").split(",") if t.strip()]
        bad = [t for t in chosen if t not in C.BROTTSTYPER]
        if bad:
            raise ParameterError(f"Okänd brottstyp i parametern brottstyper: {', '.join(bad)}. Tillåtna: "
                                 + ", ".join(C.BROTTSTYPER) + ".")
        return [t for t in chosen if t in have]
    policy = CountyPolicy.for_context(ctx)
    spread = []
    for b, f in I.funnels(ctx).items():
        if b == I.headline(ctx) or any(policy.hidden_in(k, b, ctx.ar_till) for k in f.punkter[C.KOMMUNKOD]):
            continue
        spread.append((int((f.punkter[SKILLNAD] == Comparison.HIGHER).sum() + (f.punkter[SKILLNAD] == Comparison.LOWER).sum()), b))
    spread.sort(key=lambda t: (-t[0], list(C.BROTTSTYPER).index(t[1])))
    return [I.headline(ctx)] + [b for n, b in spread[:3] if n > 0]


def tratt(ctx) -> Section:
    """Funnel plot and ranked intervals for the headline crime type and the types that differ most."""
    sec = section(ctx)
    policy = CountyPolicy.for_context(ctx)
    y, nm = ctx.ar_till, names()
    funnels = I.funnels(ctx)
    lat = I.latest(ctx)
    county = lat[(lat[C.KOMMUNKOD] == ctx.kod)].set_index(C.BROTTSTYP)[C.VARDE]
    done = []
    for b in _chosen_types(ctx):
        f = funnels.get(b)
        if f is None:
            continue
        if policy.hidden_in(ctx.kod, b, y):  # the centre line would show the county's hidden count
            sec.md(f"{label(b)}: länets antal {y} visas inte (små tal), så inget trattdiagram ritas.")
            continue
        visible = [not policy.hidden_in(k, b, y) for k in f.punkter[C.KOMMUNKOD]]
        pts = f.punkter[visible]
        if len(pts) < 3:
            sec.md(f"{label(b)}: för få kommuner kan visas för ett trattdiagram.")
            continue
        shown = dataclasses.replace(f, punkter=pts)
        ctx.cache.setdefault("lan:metod", {})[f"Trattdiagrammet för {label(b).lower()} {y}"] = f.metod
        sec.md(f"**{label(b)} {y}.** " + T.funnel_sentence(shown, names=nm, name_col=C.KOMMUNKOD))
        sec.figure(SF.funnel_plot(shown, names=nm, title=f"Trattdiagram: {label(b).lower()} {y}, länets kommuner"))
        ranked = pts.rename(columns={f"{C.NEDRE}_95": C.NEDRE, f"{C.OVRE}_95": C.OVRE})
        sec.figure(SF.ranked_dot_plot(ranked, names=nm, benchmark=county.get(b), benchmark_name=ctx.namn,
                                      title=f"{label(b)} per {T.PER_100K} {y} med 95 % konfidensintervall"))
        if len(pts) < len(f.punkter):
            sec.note(f"{len(f.punkter) - len(pts)} kommun(er) visas inte i diagrammen för {label(b).lower()} "
                     "(små tal).")
        done.append(b)
    if not done:
        sec.md("Det finns inte tillräckligt många kommuner med uppgifter för att rita trattdiagram.")
    sec.note("Rangordna inte kommunerna efter ett enda tal: där intervallen överlappar är ordningen osäker. "
             "Trattdiagrammet visar vilka kommuner som ligger utanför det som slumpen kan förklara, med hänsyn till "
             "att små kommuner naturligt varierar mer.")
    sec.facts["tratt_typer"] = done
    return sec


def kommungrupp(ctx) -> Section:
    """Each kommun against its SKR kommungrupp (national aggregate), headline type and the types that differ."""
    sec = section(ctx)
    policy = CountyPolicy.for_context(ctx)
    y, nm, head = ctx.ar_till, names(), I.headline(ctx)
    kg = I.kommungrupp(ctx)
    without = [k for k in I.kommuner(ctx) if registry.get(k).kommungrupp is None]
    if kg.empty:
        sec.md(f"Jämförelsen med liknande kommuner (SKR:s kommungrupper) kan inte göras för {ctx.namn}: "
               + ("paketets register känner inte till kommungruppen för länets kommuner"
                  if without else "brottsstatistiken saknar värden för kommungrupperna") + ".")
        sec.facts["kommungrupp"] = []
        return sec
    rows, keys = [], []
    for k in I.kommuner(ctx):
        part = kg[kg[C.KOMMUNKOD] == k]
        if part.empty:
            continue
        part = part[[not policy.hidden_in(k, b, y) for b in part[C.BROTTSTYP]]]
        h = part[part[C.BROTTSTYP] == head]
        hi = [label(b).lower() for b in part.loc[(part[SKILLNAD] == Comparison.HIGHER) & (part[C.BROTTSTYP] != head), C.BROTTSTYP]]
        lo = [label(b).lower() for b in part.loc[(part[SKILLNAD] == Comparison.LOWER) & (part[C.BROTTSTYP] != head), C.BROTTSTYP]]
        g = registry.get(k).kommungrupp
        r = h.iloc[0] if len(h) else None
        rows.append({"Kommun": nm[k], "Kommungrupp": f"{g} {registry.KOMMUNGRUPPER_2017.get(g, '')}",
                     f"{label(head)} per {T.PER_100K}": T.rate_number(r[C.VARDE]) if r is not None else fmt.MISSING,
                     "Kommungruppens värde": T.rate_number(r["jamforelsevarde"]) if r is not None else fmt.MISSING,
                     "Bedömning": T.comparison_short(r[SKILLNAD], r[NIVA]) if r is not None else fmt.MISSING,
                     "Högre än kommungruppen": T.join_sv(hi) or "–", "Lägre än kommungruppen": T.join_sv(lo) or "–"})
        keys.append((k, head, y))
    sec.md("Brå rekommenderar att en kommun jämförs med liknande kommuner. Tabellen jämför varje kommun med "
           "genomsnittet för dess kommungrupp i hela landet (SKR:s indelning 2017).")
    sec.table(pd.DataFrame(rows), f"Länets kommuner jämförda med sin kommungrupp {y}", keys=keys,
              keep=("Kommun", "Kommungrupp"))
    if without:
        sec.note("Kommungrupp saknas i paketets register för " + T.join_sv([nm[k] for k in without]) + ".")
    sec.note("”Högre”/”lägre” betyder statistiskt säkerställt på 95 %-nivån (99,8 % anges). SKR reviderade "
             "kommungrupperna 2023; jämförelsen använder 2017 års indelning.")
    sec.facts["kommungrupp"] = rows
    return sec

