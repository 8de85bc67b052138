"""Step 1, crime statistics: the most common problems, comparisons and development over time."""
from __future__ import annotations

import pandas as pd

from ... import columns as C
from ... import fmt, registry
from ... import stats as S
from ... import text as T
from ...figures import stats_figures as SF
from ...stats.compare import JAMFORELSE, NIVA
from ...verdicts import Change
from ...stats import dispersion as D
from ...stats.suppression import FOTNOT_PUBLIKATION
from ..common import (denominator_text, extra_variation, headline_type, joined, label, names, own_joined, rates,
                      region_phrase, trend)
from ..report import Section


def latest_table(ctx) -> pd.DataFrame:
    """Per crime type in the latest year: count, rate with CI, change from last year, vs county/country."""
    def build():
        j = joined(ctx)
        y = ctx.ar_till
        own = S.rates(j[(j[C.KOMMUNKOD] == ctx.kod) & (j[C.AR] == y)])
        own_j = j[j[C.KOMMUNKOD] == ctx.kod]
        est = extra_variation(ctx)
        cols = [C.BROTTSTYP, "forandring", "forandring_pct", "forandring_nedre_pct", "forandring_ovre_pct", "p_varde"]
        if (own_j[C.AR] == y - 1).any():
            change = S.change_between_periods(own_j, y - 1, y, method=S.REPORT_METHOD, extra_variation=est)
        else:  # one year of data (e.g. one Brå file): no change to judge
            change = pd.DataFrame({C.BROTTSTYP: own.get(C.BROTTSTYP, pd.Series(dtype=str)), "forandring": None,
                                   **{c: float("nan") for c in cols[2:]}})
        t = own.merge(change[cols], on=C.BROTTSTYP, how="left")
        for code, name in ((ctx.lan, "lan"), (C.RIKET, "riket")):
            t = t.merge(_compared(ctx, code, name), on=C.BROTTSTYP, how="left")
        t["dold"] = [ctx.disclosure.hidden(b, y) for b in t[C.BROTTSTYP]]
        return t
    return ctx.cached("latest", build)


def _region_comparison(ctx, code: str) -> pd.DataFrame:
    """The kommun against region ``code`` (the rest of it) in the latest year, every crime type: the one test
    of the report (mid-p, 95 %, the extra variation between years). Computed once per report: the table
    and the comparison sentences use the same rows."""
    def build():
        j = joined(ctx)
        jy = j[j[C.AR] == ctx.ar_till]
        return S.compare_with_region(jy, ctx.kod, code, method="midp", extra_variation=extra_variation(ctx))
    return ctx.cached(f"jamforelse:{code}", build)


def _compared(ctx, code: str | None, name: str) -> pd.DataFrame:
    """Verdict, level and value of the comparison with ``code`` as columns mot_<name>...; empty when the
    data have no rows for ``code`` (e.g. Brå's kommun file has no country row)."""
    cols = [C.BROTTSTYP, f"mot_{name}", f"mot_{name}_niva", f"{name}_varde"]
    j = joined(ctx)
    if code is None or not ((j[C.AR] == ctx.ar_till) & (j[C.KOMMUNKOD] == code)).any():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    cmp_ = _region_comparison(ctx, code)
    return cmp_[[C.BROTTSTYP, "skillnad", NIVA, "jamforelsevarde"]].set_axis(cols, axis=1)


def _short_change(r) -> str:
    verdict = r.get("forandring")
    if not isinstance(verdict, str) or pd.isna(r.get("forandring_pct")):
        return "–"
    pct = r["forandring_pct"]
    if pct == float("inf") and not pd.isna(r.get(C.ANTAL)):  # from zero: a percentage says nothing
        return f"från 0 till {fmt.integer(r[C.ANTAL])}, {T.change_short(verdict)}"
    # enough decimals that a significant change never shows as 0 %
    d = fmt.decimals_for_interval(r.get("forandring_nedre_pct"), r.get("forandring_ovre_pct"), 0)
    return f"{T.signed_pct(pct, d)}, {T.change_short(verdict)}"


def vanligaste_problem(ctx) -> Section:
    """Which problems are most common and which are rising: table for the latest year (built once per
    report: the summary takes its facts from it)."""
    return ctx.cached("avsnitt:vanligaste_problem", lambda: _vanligaste_problem(ctx))


def _vanligaste_problem(ctx) -> Section:
    t = latest_table(ctx)
    y = ctx.ar_till
    sec = ctx.section()
    cats = t[t[C.BROTTSTYP] != "totalt"].sort_values(C.VARDE, ascending=False)
    total = t[t[C.BROTTSTYP] == "totalt"]
    rows, keys = [], []
    for _, r in pd.concat([total, cats]).iterrows():
        keys.append((r[C.BROTTSTYP], y))
        rows.append({
            "Brottstyp": label(r[C.BROTTSTYP]),
            f"Antal {y}": fmt.integer(r[C.ANTAL]),
            "Per 100 000 inv.": T.rate_number(r[C.VARDE]),
            "95 % konfidensintervall": fmt.interval(r[C.NEDRE], r[C.OVRE], 0 if r[C.VARDE] >= 10 else 1),
            # a change rests on last year's count too: hidden with it
            f"Förändring från {y - 1}": "dolt" if ctx.disclosure.hidden(r[C.BROTTSTYP], y - 1) else _short_change(r),
            "Jämfört med länet": T.comparison_short(r["mot_lan"], r["mot_lan_niva"]),
            "Jämfört med riket": T.comparison_short(r["mot_riket"], r["mot_riket_niva"]),
            "Obs": "få brott" if bool(r[C.LITET_ANTAL]) else "",
        })
    sec.table(pd.DataFrame(rows), f"Anmälda brott i {ctx.namn} {y} per brottstyp", keys=keys, count=f"Antal {y}",
              keep=("Brottstyp",), tokens={"Per 100 000 inv.": "dolt", "Obs": ""})
    shown = ctx.disclosure.visible(cats, ar=y)
    top = list(shown[C.BROTTSTYP].head(3))
    shown = ctx.disclosure.visible(shown, ar=y - 1)  # changes need both years
    if top:
        parts = [f"{label(c).lower()} ({T.rate_number(cats.set_index(C.BROTTSTYP).loc[c, C.VARDE])} per "
                 f"{T.PER_100K})" for c in top]
        sec.md(f"De vanligaste anmälda brotten bland de redovisade brottstyperna i {ctx.namn} {y} var "
               + T.join_sv(parts) + ".", about=[(c, y) for c in top])
    rising = shown[shown["forandring"] == Change.INCREASE]
    falling = shown[shown["forandring"] == Change.DECREASE]
    if len(rising):
        sec.md("Statistiskt säkerställd ökning från föregående år: "
               + T.join_sv([label(c).lower() for c in rising[C.BROTTSTYP]]) + ".")
    elif t["forandring"].isna().all():
        sec.md(f"Förändringen från {y - 1} kan inte bedömas: underlaget saknar uppgifter för {y - 1}.")
    else:
        sec.md(f"Ingen brottstyp ökade statistiskt säkerställt mellan {y - 1} och {y}; skillnader mellan två "
               "enskilda år i en liten kommun är ofta slumpmässiga.")
    if len(falling):
        sec.md("Statistiskt säkerställd minskning: " + T.join_sv([label(c).lower() for c in falling[C.BROTTSTYP]]) + ".")
    sec.note(f"Per 100 000 invånare beräknas med folkmängden {denominator_text(ctx)}. Intervallen visar "
             "hur osäkert varje tal är (metoderna beskrivs i Om metoderna). "
             "”Få brott” = färre än 20 brott: talet är osäkert. " + _variation_text(ctx)
             + (" " + FOTNOT_PUBLIKATION if ctx.delbar else ""))
    sec.facts.update(vanligast=top, okar=list(rising[C.BROTTSTYP]), forandring_bedomd=bool(t["forandring"].notna().any()), minskar=list(falling[C.BROTTSTYP]),
                     dolda=list(t.loc[t["dold"], C.BROTTSTYP]))
    return sec


def _vary(sentences: list[str], namn: str) -> list[str]:
    """Say the municipality's level once: later comparison sentences that repeat the same opening
    ('I Heby var anmälda brott 9 649 per 100 000 invånare 2025') continue from it instead."""
    opening = f"I {namn} var "
    first = next((x for x in sentences if x.startswith(opening)), None)
    if first is None:
        return sentences
    cut = min((i for i in (first.find(", statistiskt"), first.find(". Skillnaden"), first.find("; jämförelsen"))
               if i > 0), default=-1)
    if cut < 0:
        return sentences
    head, out, seen_verdict = first[:cut], [], None
    for x in sentences:
        if x is first or not x.startswith(head):
            out.append(x)
            seen_verdict = x[cut:cut + 40] if x is first else seen_verdict
            continue
        rest = x[len(head):]
        if rest.startswith(", "):
            same = [w for w in ("säkerställt lägre", "säkerställt högre") if w in (seen_verdict or "") and w in rest[:40]]
            again = " också" if same else ""
            out.append(f"Nivån är{again} {rest[2:]}")
        elif rest.startswith("; "):
            out.append(T.cap(rest[2:]))
        else:
            out.append(rest.lstrip(". "))
    return out


def jamforelse(ctx, brottstyp: str | None = None) -> Section:
    """How the municipality compares with the county, the country, its kommungrupp and the other
    municipalities of the county (ranked dot plot with intervals and a funnel plot)."""
    brottstyp = brottstyp or headline_type(ctx)
    sec = ctx.section()
    y = ctx.ar_till
    about = [(brottstyp, y)]
    j = joined(ctx)
    jy = j[(j[C.AR] == y) & (j[C.BROTTSTYP] == brottstyp)]
    est = extra_variation(ctx)
    pol = ctx.disclosure
    sentences = []
    for code in (*ctx.area.benchmarks, registry.kommungrupp_code(ctx.kod)):
        if code and (jy[C.KOMMUNKOD] == code).any() and not pol.hidden_in(code, brottstyp, y):
            cmp_ = _one_comparison(ctx, jy, code, brottstyp, est)
            if len(cmp_):
                sentences.append(T.comparison_sentence(cmp_.iloc[0], place=ctx.namn, brottstyp=brottstyp))
        elif code and code.startswith(C.KOMMUNGRUPP_PREFIX):
            sentences.append(f"Uppgifter för kommungrupp {ctx.region.kommungrupp} saknas i underlaget.")
    for s in _vary(sentences, ctx.namn):
        sec.md(s, about=about)
    members = [k for k in registry.kommuner_i_lan(ctx.lan) if not pol.hidden_in(k, brottstyp, y)]
    kommuner = S.rates(jy[jy[C.KOMMUNKOD].isin(members)])
    if kommuner[C.VARDE].isna().any():  # population missing for some kommuner that year: say so, do not crash
        sec.md(f"Folkmängd för {y - 1 if ctx.namnarear == 'foregaende' else y} saknas för "
               f"{int(kommuner[C.VARDE].isna().sum())} av länets kommuner i folkmängdsfilen, så de kan inte jämföras "
               "per 100 000 invånare.", about=about)
        kommuner = kommuner[kommuner[C.VARDE].notna()]
    lan_row = jy[jy[C.KOMMUNKOD] == ctx.lan]
    if len(kommuner) >= 3 and not pol.hidden_in(ctx.lan, brottstyp, y):
        lan_value = S.rates(lan_row)
        bench = float(lan_value[C.VARDE].iloc[0]) if len(lan_value) else None
        nm = names()
        fig = SF.ranked_dot_plot(kommuner, names=nm, benchmark=bench, benchmark_name=ctx.lan_namn,
                                 title=f"{label(brottstyp)} per 100 000 invånare {y}, länets kommuner")
        sec.md(f"Diagrammet visar varje kommuns värde med 95 % konfidensintervall; {ctx.namn} finns bland "
               "kommunerna, den streckade linjen är länets värde.", about=about)
        sec.figure(fig, about=about)
        region = {}
        if len(lan_row) and lan_row[C.ANTAL].notna().all() and lan_row[C.FOLKMANGD].notna().all():
            region = {"region_count": float(lan_row[C.ANTAL].iloc[0]),
                      "region_denominator": float(lan_row[C.FOLKMANGD].iloc[0])}
        # the test of the sentences above: each kommun against the rest of the county, same extra variation
        fun = S.funnel(kommuner, kind="rate", overdispersion="arsvariation", extra_variation=est,
                       region_extra_variation=D.lookup(est, {C.KOMMUNKOD: ctx.lan, C.BROTTSTYP: brottstyp}),
                       **region)
        sec.figure(SF.funnel_plot(fun, names=nm, title=f"Trattdiagram: {label(brottstyp).lower()} {y}"), about=about)
        sec.md(T.funnel_sentence(fun, names=nm, name_col=C.KOMMUNKOD), about=about)
        ctx.cache["metod_tratt"] = fun.metod  # the method details go to the appendix
        sec.facts["tratt"] = fun
    sec.note("Rangordna inte kommunerna efter ett enda tal: när intervallen överlappar är ordningen osäker. "
             "Trattdiagrammet visar vilka kommuner som ligger utanför det som slumpen kan förklara, med hänsyn "
             "till att små kommuner naturligt varierar mer.")
    sec.facts["jamforelser"] = sentences
    return sec


def _one_comparison(ctx, jy: pd.DataFrame, code: str, brottstyp: str, est: pd.DataFrame) -> pd.DataFrame:
    """The comparison of one crime type with ``code``, named for a sentence: the rows of the table's
    comparison (:func:`_region_comparison`) for the county and the country, computed here otherwise."""
    if code in (ctx.lan, C.RIKET):
        rows = _region_comparison(ctx, code)
        rows = rows[rows[C.BROTTSTYP] == brottstyp]
        if len(rows):
            return rows.assign(**{JAMFORELSE: region_phrase(code)})
    return S.compare_with_region(jy, ctx.kod, code, region_name=region_phrase(code), method="midp",
                                 extra_variation=est)


def _variation_text(ctx) -> str:
    """The plain-Swedish statement of the report's level and of the extra variation between years."""
    est = extra_variation(ctx)
    head = headline_type(ctx)
    row = est[(est[C.KOMMUNKOD] == ctx.kod) & (est[C.BROTTSTYP] == head)]
    if row.empty:
        return T.extra_variation_sentence(float("nan"), float("nan"), "assumed")
    r = row.iloc[0]
    return T.extra_variation_sentence(r[D.SKATTNING], r[D.P_VARDE], r[D.KALLA])


def _trend_rows(tr: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for _, row in tr.iterrows():
        d = fmt.decimals_for_interval(row["nedre_pct"], row["ovre_pct"], 1)
        rows.append({
            "Brottstyp": label(row[C.BROTTSTYP]),
            "Period": f"{int(row['ar_fran'])}–{int(row['ar_till'])}",
            "Årlig förändring": "–" if pd.isna(row["arlig_forandring_pct"]) else
            T.signed_pct(row["arlig_forandring_pct"], 1),
            "95 % konfidensintervall": "–" if pd.isna(row["nedre_pct"]) else
            f"{T.signed_pct(row['nedre_pct'], d)} till {T.signed_pct(row['ovre_pct'], d)}",
            "Bedömning": T.trend_label(row["trend"]),
        })
    return pd.DataFrame(rows)


def utveckling(ctx, antal_brottstyper: int = 3) -> Section:
    """Development over time: rate with interval against county and country, and the trend per category."""
    sec = ctx.section()
    r = rates(ctx)
    r = r[r[C.AR].between(ctx.ar_fran, ctx.ar_till)]
    nm = names()
    head = headline_type(ctx)
    comparisons = tuple(c for c in ctx.area.benchmarks if c)
    sec.figure(SF.rate_over_time(r[r[C.BROTTSTYP] == head], ctx.kod, names=nm, comparisons=comparisons,
                                 title=f"{label(head)} per 100 000 invånare i {ctx.namn}, {ctx.ar_fran}–{ctx.ar_till}",
                                 ylabel=f"{label(head)} per 100 000 invånare"), about=[(head, None)])
    j = own_joined(ctx)
    tr = trend(ctx)
    if tr.empty or C.BROTTSTYP not in tr:  # no year with a population: nothing to estimate; say why
        sec.md("Trenden kan inte skattas: folkmängdsfilen saknar folkmängd för åren i perioden, så antal brott per "
               "100 000 invånare kan inte räknas.")
        sec.facts["trend"] = tr
        return sec
    tr = tr.assign(_ordning=(tr[C.BROTTSTYP] != "totalt"), _namn=tr[C.BROTTSTYP].map(label))
    tr = tr.sort_values(["_ordning", "_namn"], key=lambda s: s.map(fmt.swedish_sort_key) if s.name == "_namn" else s)
    tr = tr.drop(columns=["_ordning", "_namn"])
    # a trend rests on every year's count: a crime type with a hidden year has no trend in the table
    sec.table(_trend_rows(tr), f"Trend {ctx.ar_fran}–{ctx.ar_till} per brottstyp (förändring per år)",
              keys=[(b, None) for b in tr[C.BROTTSTYP]], keep=("Brottstyp", "Period"), tokens={"Bedömning": "dolt"})
    total_row = tr[tr[C.BROTTSTYP] == head]
    if len(total_row):
        sec.md(T.trend_sentence(total_row.iloc[0], place=ctx.namn))
    # the categories with the largest counts get their own chart, unless a year is suppressed
    hidden_types = ctx.disclosure.hidden_types()
    top = (j[(j[C.AR] == ctx.ar_till) & ~j[C.BROTTSTYP].isin(["totalt", head]) & ~j[C.BROTTSTYP].isin(hidden_types)]
           .sort_values(C.ANTAL, ascending=False)[C.BROTTSTYP].head(antal_brottstyper))
    for b in top:
        sec.figure(SF.rate_over_time(r[r[C.BROTTSTYP] == b], ctx.kod, names=nm, comparisons=comparisons,
                                     title=f"{label(b)} per 100 000 invånare i {ctx.namn}",
                                     ylabel=f"{label(b)} per 100 000 invånare"), about=[(b, None)])
        row = tr[tr[C.BROTTSTYP] == b]
        if len(row):
            sec.md(T.trend_sentence(row.iloc[0], place=ctx.namn))
    small = tr[(tr["antal"] < 20 * tr["antal_ar"])][C.BROTTSTYP].tolist()
    if small:
        pooled = S.pool_years(j[j[C.BROTTSTYP].isin(small)], years=3, rolling=False)
        sec.facts["sammanslaget"] = pooled
        sec.note("För brottstyper med få brott per år (" + T.join_sv([label(b).lower() for b in small])
                 + ") är det säkrare att jämföra treårsperioder än enskilda år.")
    sec.note("Trenden skattas med en regression (negativ binomial) med folkmängden som exponering, som räknar med "
             "att antalen varierar mer mellan åren än slumpen förklarar; ”säkerställd” betyder att hela "
             "95 %-intervallet ligger på samma sida om noll. "
             "Brås statistik på kommunnivå är mer jämförbar från 2015; ändrad lagstiftning, anmälningsbenägenhet "
             "och polisens egna insatser (t.ex. narkotika- och trafikbrott) påverkar siffrorna.")
    sec.facts["trend"] = tr
    return sec
