"""County report: the county against the country over time, the lokalpolisområden, and problems that
several kommuner share (in the statistics and in their own priorities)."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt, registry
from ... import stats as S
from ... import text as T
from ...figures import stats_figures as SF
from ...text import lan as TL
from ...stats.compare import NIVA, SKILLNAD
from ...verdicts import Comparison, Trend
from ..common import label, names, region_phrase
from ..report import Section
from . import indicators as I
from .policy import CountyPolicy, section
from .priorities import prioritised_problems


def _trend_cell(row) -> str:
    if row is None or pd.isna(row["arlig_forandring_pct"]):
        return fmt.MISSING
    return (f"{T.signed_pct(row['arlig_forandring_pct'], 1)} per år "
            f"({T.signed_pct(row['nedre_pct'], 1)} till {T.signed_pct(row['ovre_pct'], 1)})")


def utveckling(ctx) -> Section:
    """The county's development against the country: rate over time and the trend per crime type."""
    sec = section(ctx)
    nm, head, y = names(), I.headline(ctx), ctx.ar_till
    r = I.rates_over_time(ctx)
    if r.loc[r[C.KOMMUNKOD] == ctx.kod, C.AR].nunique() >= 2:  # a line needs two years
        sec.figure(SF.rate_over_time(r[r[C.BROTTSTYP] == head], ctx.kod, names=nm, comparisons=(C.RIKET,),
                                     title=f"{label(head)} per {T.PER_100K} i {ctx.namn} och riket, "
                                           f"{TL.years(ctx.ar_fran, y)}", ylabel=f"{label(head)} per {T.PER_100K}"),
                   about=[(head, None)])
    tr = I.county_trends(ctx)
    j = I.period_rows(ctx, [ctx.kod, C.RIKET])
    jy = j[j[C.AR] == y]
    both = (jy[C.KOMMUNKOD] == C.RIKET).any() and (jy[C.KOMMUNKOD] == ctx.kod).any()
    cmp_ = S.compare_with_region(jy, ctx.kod, C.RIKET, region_name="riket") if both \
        else pd.DataFrame(columns=[C.BROTTSTYP])
    rows, keys = [], []
    for b in I.types(ctx):
        own = tr[(tr[C.KOMMUNKOD] == ctx.kod) & (tr[C.BROTTSTYP] == b)]
        riket = tr[(tr[C.KOMMUNKOD] == C.RIKET) & (tr[C.BROTTSTYP] == b)]
        c = cmp_[cmp_[C.BROTTSTYP] == b]
        rows.append({"Brottstyp": label(b),
                     f"{ctx.namn}: trend": _trend_cell(own.iloc[0] if len(own) else None),
                     f"{ctx.namn}: bedömning": T.trend_label(own.iloc[0]["trend"]) if len(own) else fmt.MISSING,
                     "Riket: trend": _trend_cell(riket.iloc[0] if len(riket) else None),
                     "Riket: bedömning": T.trend_label(riket.iloc[0]["trend"]) if len(riket) else fmt.MISSING,
                     f"Nivå {y} jämfört med riket": T.comparison_short(c.iloc[0][SKILLNAD], c.iloc[0][NIVA])
                     if len(c) else fmt.MISSING})
        keys.append((ctx.kod, b, None))
    if not (tr[C.KOMMUNKOD] == C.RIKET).any():
        sec.md("Brottsstatistiken saknar uppgifter för riket; länet kan bara beskrivas för sig.")
    assessed = (tr[C.KOMMUNKOD] == ctx.kod) & (tr["trend"].astype(str) != Trend.NOT_ASSESSED)
    if assessed.any():
        sec.table(pd.DataFrame(rows), f"Trend {TL.years(ctx.ar_fran, y)}: {ctx.namn} och riket", keys=keys,
                  keep=("Brottstyp",))
    else:
        years = sorted(set(I.period_rows(ctx, [ctx.kod])[C.AR]))
        sec.md(f"Ingen trend kan bedömas för {ctx.namn}: underlaget omfattar "
               + (f"bara {T.join_sv([str(a) for a in years])}" if years else "inget år med både brott och folkmängd")
               + ". En trend kräver flera år.")
    own = tr[(tr[C.KOMMUNKOD] == ctx.kod) & (tr[C.BROTTSTYP] == head)]
    if len(own) and assessed.any():
        sec.md(T.trend_sentence(own.iloc[0], place=ctx.namn), about=[(head, None)])
    c = cmp_[cmp_[C.BROTTSTYP] == head]
    if len(c):
        sec.md(T.comparison_sentence(c.iloc[0], place=ctx.namn, brottstyp=head), about=[(head, y)])
    diverging = []
    for b in I.types(ctx):
        o = tr[(tr[C.KOMMUNKOD] == ctx.kod) & (tr[C.BROTTSTYP] == b)]
        rk = tr[(tr[C.KOMMUNKOD] == C.RIKET) & (tr[C.BROTTSTYP] == b)]
        if len(o) and len(rk) and str(o.iloc[0]["trend"]) == Trend.INCREASING and str(rk.iloc[0]["trend"]) != Trend.INCREASING:
            if not CountyPolicy.for_context(ctx).hidden_in(ctx.kod, b):
                diverging.append(b)
    if diverging:
        sec.md("Ökar säkerställt i länet men inte i riket: " + T.join_sv([label(b).lower() for b in diverging]) + ".")
    sec.note("Trenden är den genomsnittliga förändringen per år med hänsyn till folkmängden; ”säkerställd” betyder "
             "att hela 95 %-intervallet ligger på samma sida om noll. Brås statistik på kommunnivå är mer jämförbar "
             "från 2015. Metoden beskrivs under Om metoderna.")
    sec.facts.update(trend=tr, okar_bara_i_lanet=diverging)
    return sec


def lokalpolisomraden(ctx) -> Section:
    """The kommuner grouped by lokalpolisområde (where the registry knows it): rate and trend."""
    sec = section(ctx)
    lpo = I.lpo_table(ctx)
    if lpo.empty:
        sec.md(f"Paketets register känner inte till lokalpolisområdena för kommunerna i {ctx.namn}; avsnittet "
               "saknas. (Indelningen finns i registret för Uppsala län.)")
        sec.facts["lokalpolisomraden"] = []
        return sec
    y, head = ctx.ar_till, I.headline(ctx)
    head = head if head not in C.KANSLIGA_BROTTSTYPER else "totalt"
    latest = S.rates(lpo[lpo[C.AR] == y])
    county_rates = I.latest(ctx)
    county_rates = county_rates[county_rates[C.KOMMUNKOD] == ctx.kod].set_index(C.BROTTSTYP)[C.VARDE]
    trend = S.trend(lpo[lpo[C.BROTTSTYP] == head])
    rows = []
    for name, part in latest.groupby("lokalpolisomrade", sort=False):
        h = part[part[C.BROTTSTYP] == head]
        members = [registry.get(k).namn for k in I.kommuner(ctx) if registry.get(k).lokalpolisomrade == name]
        higher = []
        for _, r in part[part[C.BROTTSTYP] != head].iterrows():
            bench = county_rates.get(r[C.BROTTSTYP])
            if bench is not None and not pd.isna(bench):
                cmp_ = S.compare_with_benchmark(pd.DataFrame([r])[[C.ANTAL, C.FOLKMANGD]], float(bench))
                if cmp_[SKILLNAD].iloc[0] == Comparison.HIGHER:
                    higher.append(label(r[C.BROTTSTYP]).lower())
        t = trend[trend[C.KOMMUNKOD] == name]
        rows.append({"Lokalpolisområde": name, "Kommuner": T.join_sv(members),
                     "Folkmängd": fmt.integer(h[C.FOLKMANGD].iloc[0]) if len(h) else fmt.MISSING,
                     f"{label(head)} per {T.PER_100K} {y}": T.rate_number(h[C.VARDE].iloc[0]) if len(h) else fmt.MISSING,
                     "95 % konfidensintervall": fmt.interval(h[C.NEDRE].iloc[0], h[C.OVRE].iloc[0], 0) if len(h)
                     else fmt.MISSING,
                     f"Trend {TL.years(ctx.ar_fran, y)}": _trend_cell(t.iloc[0] if len(t) else None),
                     TL.HIGHER_THAN_COUNTY: T.join_sv(higher) or "–"})
    sec.md("Polisens lokalpolisområden omfattar en eller flera kommuner. Samverkan, medborgarlöften och "
           "kommunpolisernas arbete är ofta organiserade per lokalpolisområde.")
    sec.table(pd.DataFrame(rows), f"Lokalpolisområden i {ctx.namn} {y}", keys=None)
    fig_rows = latest[latest[C.BROTTSTYP] == head].rename(columns={"lokalpolisomrade": "lpo"})
    fig_rows = fig_rows.assign(**{C.KOMMUNKOD: fig_rows["lpo"]})
    if len(fig_rows) >= 2:
        sec.figure(SF.ranked_dot_plot(fig_rows, names={v: v for v in fig_rows["lpo"]},
                                      benchmark=county_rates.get(head), benchmark_name=ctx.namn,
                                      title=f"{label(head)} per {T.PER_100K} {y} per lokalpolisområde"))
    missing = [registry.get(k).namn for k in I.kommuner(ctx) if not registry.get(k).lokalpolisomrade]
    if missing:
        sec.note("Lokalpolisområde saknas i registret för " + T.join_sv(missing) + ".")
    sec.note("Indelningen följer polisens sidor om medborgarlöften (paketets register). Känsliga brottstyper "
             "(sexualbrott, våld i nära relation, våld mot barn) visas inte per lokalpolisområde: summor av "
             "kommuner skulle kunna avslöja små tal som döljs i kommunernas rapporter.")
    sec.facts["lokalpolisomraden"] = [r["Lokalpolisområde"] for r in rows]
    return sec


def gemensamma_problem(ctx) -> Section:
    """Problems several kommuner share: above the county level, rising, or prioritised in their workbooks."""
    sec = section(ctx)
    policy = CountyPolicy.for_context(ctx)
    nm, y = names(), ctx.ar_till
    ktr = I.kommun_trends(ctx)
    prio = prioritised_problems(ctx)
    rows = []
    for b in I.types(ctx):
        if b == "totalt":
            continue
        above, _below = I.deviating(ctx, b, policy)
        rising = [k for k in ktr.loc[(ktr[C.BROTTSTYP] == b) & (ktr["trend"] == Trend.INCREASING), C.KOMMUNKOD]
                  if not policy.hidden_in(k, b)]
        chosen = sorted(set(prio.loc[prio["kategori"] == label(b), "kommunkod"])) if len(prio) else []
        rows.append((label(b), above, rising, chosen))
    if len(prio):  # incident categories and other workbook categories that are not crime types
        crime_labels = {label(b) for b in C.BROTTSTYPER}
        for cat, part in prio[~prio["kategori"].isin(crime_labels)].groupby("kategori"):
            rows.append((str(cat), [], [], sorted(set(part["kommunkod"]))))
    shared = [(name, a, r, p) for name, a, r, p in rows if max(len(a), len(r), len(p)) >= 2]
    shared.sort(key=lambda t: -len(set(t[1]) | set(t[2]) | set(t[3])))
    if not shared:
        sec.md("Inget problem delas av minst två kommuner enligt de tre kriterierna nedan.")
    else:
        table = pd.DataFrame([{
            "Problem": name,
            "Över länets nivå": T.join_sv([nm[k] for k in a]) or "–",
            f"Ökande trend {TL.years(ctx.ar_fran, y)}": T.join_sv([nm[k] for k in r]) or "–",
            "Prioriterat i kommunens arbetsbok": T.join_sv([nm[k] for k in p]) or "–",
            "Antal kommuner": fmt.integer(len(set(a) | set(r) | set(p)))} for name, a, r, p in shared])
        sec.md("Problem som minst två kommuner delar – underlag för gemensamma insatser, kunskapsstöd och "
               "erfarenhetsutbyte i länets nätverk. Ett problem räknas när det gäller minst två kommuner på något av "
               "kriterierna: säkerställt över länets nivå " + str(y) + ", säkerställt ökande trend, eller prioriterat i "
               "kommunens egen lägesbild.")
        sec.table(table, "Problem som flera kommuner delar", keys=None)
        top = shared[0]
        sec.md(f"Flest kommuner berörs av {top[0].lower()} ({fmt.integer(len(set(top[1]) | set(top[2]) | set(top[3])))} "
               f"av {T.members_phrase(len(I.kommuner(ctx)))}).")
    sec.note("Kommuner vars antal inte visas (små tal) räknas inte med för den brottstypen. "
             "Jämförelsen med " + region_phrase(ctx.kod) + " görs med trattdiagrammets 95 %-gränser.")
    sec.facts["gemensamma"] = [name for name, *_ in shared]
    return sec
