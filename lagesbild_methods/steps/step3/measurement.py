"""Step 3 sections on the indicators: baselines from the data, and the minimum detectable effect."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ... import fmt
from ...text import plans as TP
from .. import arbetsbok as W
from ..report import Section
from .indicators import assessment

MAX_CURVES = 5


def _num(v, decimals=0) -> str:
    return fmt.MISSING if v is None or (isinstance(v, float) and np.isnan(v)) else fmt.num(v, decimals)


def _has_design(r) -> bool:
    from ...stats.power import Design

    return isinstance(r["design"], Design)


def _mde_cell(r) -> str:
    if _has_design(r):
        pct = TP.mde_percent(r["mde"])
        return f"{pct} %" if pct else "ingen rimlig minskning"
    if r["kalla"] == "enkat" and pd.notna(r["mde"]):
        return f"{fmt.num(np.ceil(r['mde'] * 100), 0)} procentenheter"
    return r["skal"] if isinstance(r["skal"], str) else fmt.MISSING


def _decimals(r) -> int:
    return 1 if r["kalla"] == "enkat" or (pd.notna(r["beraknad"]) and abs(r["beraknad"]) < 10) else 0


def baslinjer(ctx) -> Section:
    """Each indicator's baseline in the workbook against the same baseline computed from the data, with its
    95 % interval; a workbook value outside the interval is flagged."""
    sec = ctx.section()
    a = assessment(ctx)
    if W.view(ctx) is None or a.empty:
        return sec.md("Arbetsboken har inga indikatorer ännu. Skriv in dem på bladet Indikatorer: vad som mäts, "
                      "källa, kategori, område, baslinje, målvärde och måldatum.")
    rows, keys = [], []
    for _, r in a.iterrows():
        d = _decimals(r)
        computed = (f"{_num(r['beraknad'], d)} ({fmt.interval(r['beraknad_nedre'], r['beraknad_ovre'], d)})"
                    if pd.notna(r["beraknad"]) else "kan inte beräknas")
        rows.append({"Indikator": f"{r['id']} {r['indikator']}", "Räknar": r["raknar"],
                     "Enhet": r["enhet"] if isinstance(r["enhet"], str) else fmt.MISSING,
                     "Arbetsbokens baslinje": _num(r["baslinje"], d) + (
                         f" ({r['baslinje_period']})" if isinstance(r["baslinje_period"], str) else ""),
                     "Beräknad ur data (95 % KI)": computed,
                     "Period": r["berakningsperiod"] if isinstance(r["berakningsperiod"], str) else fmt.MISSING,
                     "Bedömning": r["baslinje_bedomning"] if isinstance(r["baslinje_bedomning"], str) else
                     (r["skal"] or fmt.MISSING)})
        keys.append(r["nyckel"])
    sec.table(pd.DataFrame(rows), "Baslinjer (nollmätningar): arbetsboken mot data", keys=keys,
              count="Beräknad ur data (95 % KI)", keep=("Indikator", "Räknar", "Enhet"))
    off = a[a["baslinje_bedomning"] == TP.baseline_note(0, 1, 2, 3)]
    missing = a[a["baslinje"].isna()]
    if len(off):
        sec.md("Baslinjen för " + fmt.join_sv(list(off["id"])) + " ligger utanför intervallet för samma period i "
               "data. Kontrollera perioden, kategorin och området i arbetsboken – eller om data har ändrats.")
    if len(missing):
        sec.md("Baslinje saknas i arbetsboken för " + fmt.join_sv(list(missing["id"])) + "; värdet beräknat ur data "
               "kan föras in som nollmätning.")
    if not len(off) and not len(missing):
        sec.md("Arbetsbokens baslinjer stämmer med data (inom 95 %-intervallet).")
    sec.note("Händelser räknas för den period arbetsboken anger (annars de tolv månaderna före åtgärdens start), "
             "omräknat till indikatorns enhet; intervallen är exakta Poissonintervall. Anmälda brott gäller hela "
             "statistikåret. Enkätandelar är viktade (Wilsonintervall med effektivt antal svarande).")
    sec.facts["baslinjer"] = a
    return sec


def upptackbar_effekt(ctx) -> Section:
    """The minimum detectable effect of each indicator given its local counts, their extra variation and the
    length of the follow-up -- and whether the goal is larger than that."""
    from ...figures import evaluation_figures as EF
    from ...stats import power as PW

    sec = ctx.section()
    a = assessment(ctx)
    if W.view(ctx) is None or a.empty:
        return sec.md("Arbetsboken har inga indikatorer, så det går inte att säga hur stor förändring uppföljningen "
                      "kan visa.")
    target = fmt.pct(float(ctx.params.get("styrka", 0.8)), 0)
    sec.md(f"Hur stor minskning måste ske för att uppföljningen med {target} sannolikhet ska visa den som "
           "statistiskt säkerställd? Svaret beror på hur många händelser indikatorn räknar, hur mycket antalet "
           "varierar från månad till månad utöver slumpen och hur länge uppföljningen pågår.")
    rows, keys = [], []
    for _, r in a.iterrows():
        count = r["kalla"] in ("handelser", "brott")
        rows.append({
            "Indikator": f"{r['id']} {r['indikator']}",
            "Per år före start": _num(r["handelser_per_ar"]) if count else fmt.MISSING,
            "Extra variation (α)": _num(r["nb_alpha"], 3) if count else fmt.MISSING,
            "Uppföljning": TP.years_text(r["ar_efter"]) + (" (antagen)" if r["antaget_ar_efter"] else "")
            if count else "nästa mätning",
            "Minsta upptäckbara minskning": _mde_cell(r),
            "Kan uppföljningen visa målet?": r["mal_mot_mde"] if isinstance(r["mal_mot_mde"], str) else fmt.MISSING})
        keys.append(r["nyckel"])
    sec.table(pd.DataFrame(rows), "Minsta upptäckbara effekt per indikator", keys=keys,
              count="Per år före start", keep=("Indikator", "Uppföljning"))
    for _, r in a.iterrows():
        if isinstance(r["mening"], str):
            extra = f" {r['mal_mot_mde_text']}" if isinstance(r["mal_mot_mde_text"], str) and r["mal_mot_mde_text"] else ""
            sec.md(f"**{r['id']}** ({r['raknar']}): {r['mening']}{extra}",
                   about=[r["nyckel"]] if r["nyckel"] else None)
    judged = a[a["mal_mot_mde"].astype(str).str.startswith(("ja", "nej"))]
    sec.md(TP.detectable_summary(int(judged["mal_mot_mde"].str.startswith("ja").sum()), len(judged)))
    curves, marks, seen = {}, {}, set()
    for _, r in a[[_has_design(r) for _, r in a.iterrows()]].iterrows():
        if r["nyckel"] and ctx.disclosure.hides(r["nyckel"]) or r["design"].periods_per_year == 1:
            continue  # hidden counts; yearly totals (their MDE is simulated, the t curve would not match it)
        sig = (r["raknar"], round(float(r["ar_efter"]), 3))
        if sig in seen or len(curves) >= MAX_CURVES:
            continue
        seen.add(sig)
        curves[r["id"]] = PW.power_curve(r["design"], np.linspace(0, 0.9, 91))
        marks[r["id"]] = r["mde"]
    if curves:
        sec.figure(EF.power_curve_figure(curves, mde=marks, power_target=float(ctx.params.get("styrka", 0.8)),
                                         title="Hur stor minskning kan uppföljningen visa? (händelserapporter)"))
    sec.note("Beräkningen gäller den utvärdering som steg 5 gör: antal per månad (anmälda brott: per år) före och "
             "efter start i en negativ binomialmodell, där den extra variationen α skattas ur kommunens egen serie "
             "före start, och ett tvåsidigt test på 5 %-nivån (för årsstatistik löst genom simulering av samma test). "
             "Minskningen avrundas uppåt till hela 5 %. Utan "
             "jämförelseområde kan en förändring inte skiljas från andra händelser samma tid; en minskning som "
             "visas är därför inte ett bevis för att åtgärden orsakade den. Påståendena är prövade i simulering "
             "(benchmarks/sim_power_indicators.py). Enkätmått: minsta minskning i procentenheter mellan två "
             "mätningar med lika många svarande (Cohens h). Diagrammet visar de exakta värdena; tabellen och texten "
             "avrundar uppåt.")
    sec.facts["mde"] = a
    return sec
