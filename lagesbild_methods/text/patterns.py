"""Swedish sentences that say how sure each time or place pattern is.

Every function takes the result of an analysis function in :mod:`lagesbild_methods.patterns` and
returns one or two plain Swedish sentences (numbers via :mod:`lagesbild_methods.fmt`). Wording
scale: p < 0.001 "tydligt", p < 0.05 plain statement, otherwise "kan inte säkerställas".
"""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd

from .. import columns as C
from .. import fmt
from ..fmt import WEEKDAYS_PLURAL_SV, WEEKDAYS_SV
from ..patterns.timing import TIME_BLOCKS, PatternTest
from ..verdicts import ControlFlag, HotSpot
from .common import join_sv as _join
from .common import p_text

_SMALL_N = 30
_WHAT = {"veckodag": "veckodagarna", "timme": "dygnets timmar", "månad": "årets månader",
         "veckodag och tid på dygnet": "veckodagar och tider på dygnet"}


def _day_ranges(days: list[int]) -> list[str]:
    """[4, 5] -> ['fredag–lördag']; [0, 2] -> ['måndag', 'onsdag']."""
    days = sorted(set(days))
    out, start, prev = [], None, None
    for d in days + [None]:
        if start is None:
            start = prev = d
            continue
        if d is not None and d == prev + 1:
            prev = d
            continue
        out.append(WEEKDAYS_SV[start] if start == prev else f"{WEEKDAYS_SV[start]}–{WEEKDAYS_SV[prev]}")
        start = prev = d
    return out


def _small(n: int) -> str:
    return (f" Underlaget är litet ({fmt.integer(n)} händelser), så mönstret är osäkert."
            if n < _SMALL_N else "")


def time_pattern_sentence(test: PatternTest) -> str:
    """Sentence for a :class:`PatternTest` from :mod:`.timing` (weekday, hour, month, weekday x block).

    Examples: "Händelserna är tydligt koncentrerade till kvällar fredag–lördag." (the test and p-value are in
    ``test``; the report names the method in its appendix) / "Inget tydligt mönster över veckodagarna kan säkerställas."
    """
    what = _WHAT.get(test.name, test.name)
    p = test.p_used if hasattr(test, "p_used") else test.p
    if test.n == 0 or p is None or math.isnan(p):
        return f"Det finns för få händelser för att bedöma mönstret över {what}."
    if not test.significant:
        return f"Inget tydligt mönster över {what} kan säkerställas.{_small(test.n)}"
    strength = "tydligt " if p < 0.001 else ""
    tab = test.table[test.table["topp"]]
    night = ""
    if tab.empty:
        return (f"Händelserna är ojämnt fördelade över {what}, men ingen enskild del sticker ut "
                f"tydligt.{_small(test.n)}")
    if "block" in tab.columns:
        parts = []
        plural = {b[0]: b[1] for b in TIME_BLOCKS}
        for block in [b[0] for b in TIME_BLOCKS]:
            days = tab.loc[tab["block"] == block, "veckodag"].astype(int).tolist()
            if days:
                parts.append(f"{plural[block]} {_join(_day_ranges(days))}")
        peaks = _join(parts)
        if (tab["block"] == "natt").any():
            night = " En natt är kl. 22–06 och räknas till dagen den börjar."
    elif test.name == "veckodag":
        idx = [WEEKDAYS_SV.index(x) for x in tab["etikett"]]
        peaks = _join([WEEKDAYS_PLURAL_SV[i] for i in idx]) if len(idx) < 3 else _join(_day_ranges(idx))
    elif test.name == "timme":
        hours = sorted(int(x[:2]) for x in tab["etikett"])
        spans, a = [], None
        for h in hours + [None]:
            if a is None:
                a = b = h
            elif h is not None and h == b + 1:
                b = h
            else:
                spans.append(f"{a:02d}–{b + 1:02d}" if b < 23 else f"{a:02d} till midnatt")
                a = b = h
        peaks = "klockan " + _join(spans)
    else:
        peaks = _join(list(tab["etikett"]))
    return f"Händelserna är {strength}koncentrerade till {peaks}.{night}{_small(test.n)}"


def annual_wheel_sentence(wheel: pd.DataFrame) -> str:
    """Sentence for :func:`timing.annual_wheel`: recurring monthly peaks, or none."""
    test = wheel.attrs.get("test")
    rec = wheel.loc[wheel["aterkommande_topp"], "namn"].tolist()
    if rec:
        return (f"{_join([r.capitalize() if i == 0 else r for i, r in enumerate(rec)])} har år efter år fler "
                "händelser än genomsnittet.")
    if test is not None and test.significant:
        return "Antalet händelser skiljer sig mellan månaderna, men ingen månad är hög år efter år."
    return "Ingen månad har tydligt fler händelser än andra år efter år."


def special_days_sentence(effect: pd.DataFrame, *, alpha: float = 0.05) -> str:
    """Sentence for :func:`timing.special_day_effect`; Bonferroni over the days tested."""
    if effect is None or effect.empty:
        return "Inga helgdagar eller lov ligger inom perioden."
    k = int(effect["forvantat"].notna().sum())
    hi = effect[(effect["p_hog"] < alpha / max(k, 1)) & (effect["kvot"] > 1)]
    if hi.empty:
        return ("Inga helgdagar, aftnar eller lov har tydligt fler händelser än vanliga dagar "
                f"(exakt Poissontest, {fmt.integer(k)} dagar prövade).")
    items = [f"{r.namn.lower()} ({fmt.integer(r.antal)} händelser mot väntat {fmt.num(r.forvantat, 1)}, "
             f"{p_text(r.p_hog)})" for r in hi.itertuples()]
    return f"Fler händelser än vanligt inträffade på {_join(items)}."


_MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
              "november", "december")


def control_sentence(flags: pd.DataFrame, *, period_word: str = "perioden") -> str:
    """Sentence for the latest judged period of :func:`control.control_flags` or :func:`control.ewma_flags`."""
    judged = flags[flags["forvantat"].notna()]
    if judged.empty:
        return "Det finns ännu för få tidigare perioder att jämföra med."
    last = judged.iloc[-1]
    label = last.get("period", "")
    n_flag = int(judged["flagga"].isin([ControlFlag.HIGH, ControlFlag.LOW]).sum())
    m = re.fullmatch(r"(\d{4})-(\d{2})", str(label))
    when = (f"{_MONTHS_SV[int(m.group(2)) - 1].capitalize()} {m.group(1)}" if m  # "Juni 2026", not "Månaden 2026-06"
            else f"{period_word.capitalize()} {label}")
    compared = {"same_period": " jämfört med samma tid tidigare år", "reference": " jämfört med en fast referensperiod",
                "rolling": " jämfört med föregående perioder"}.get(last.get("baslinje", ""), "")
    base = (f"{when} hade {fmt.integer(last['antal'])} {'händelse' if int(last['antal']) == 1 else 'händelser'} "
            f"(väntat omkring {fmt.num(last['forvantat'], 1)}{compared}).")
    lasting = last.get("regel", "") == "cusum"
    if last["flagga"] == ControlFlag.HIGH:
        head = (f"{base} Antalet har legat över det väntade flera perioder i rad – en signal att titta närmare på."
                if lasting else f"{base} Det är tydligt fler än väntat – en signal att titta närmare på.")
    elif last["flagga"] == ControlFlag.LOW:
        head = (f"{base} Antalet har legat under det väntade flera perioder i rad." if lasting
                else f"{base} Det är tydligt färre än väntat.")
    else:
        head = f"{base} Det ligger inom det normala."
    return head + (f" Av {fmt.integer(len(judged))} bedömda perioder avvek {fmt.integer(n_flag)}."
                   if n_flag else "")


def hotspot_sentence(result: pd.DataFrame) -> str:
    """Sentence for :func:`hotspot.hotspot_gistar`: hot spots found (after FDR) or none."""
    a = result.attrs
    n_hot = int(a.get("antal_heta", (result["klass"] == HotSpot.HOT).sum()))
    cell = a.get("cell_size")
    fdr = a.get("fdr", 0.05)
    n_ev = int(result["antal"].sum()) if "antal" in result.columns else None
    tail = (f" (rutor om {fmt.integer(cell)} m; prövningen tar hänsyn till att många rutor prövas samtidigt, "
            f"så högst {fmt.pct(fdr)} av de utpekade rutorna väntas vara slump).")
    if n_hot == 0:
        return ("Inga tydliga koncentrationer (heta punkter) kan säkerställas" + tail +
                (_small(n_ev) if n_ev is not None else ""))
    hot = result[result["klass"] == HotSpot.HOT]
    share = hot["antal"].sum() / n_ev if n_ev else float("nan")
    return (f"{fmt.integer(n_hot)} {'ruta är en het punkt' if n_hot == 1 else 'rutor är heta punkter'} där "
            f"händelserna är tydligt fler än i resten av området; de rymmer {fmt.pct(share)} av "
            f"händelserna med koordinater" + tail)


def concentration_sentence(summary: dict) -> str:
    """Sentence for :func:`concentration.concentration_summary` (always states N and C)."""
    n, c, unit = summary["enheter"], summary["handelser"], summary["enhet"]
    if c == 0:
        return f"Inga händelser att fördela över {fmt.integer(n)} {unit}."
    the = {"platser": "platserna", "rutor": "rutorna", "områden": "områdena", "adresser": "adresserna"}.get(unit, unit)
    s = (f"De {fmt.pct(0.10)} av {the} med flest händelser står för {fmt.pct(summary['topp10'])} av händelserna "
         f"och de {fmt.pct(0.05)} med flest för {fmt.pct(summary['topp5'])} ({fmt.integer(c)} händelser på "
         f"{fmt.integer(n)} {unit}).")
    g = summary["gini_generaliserad"]
    if math.isnan(g):
        return s
    level = "mycket stark" if g >= 0.8 else "stark" if g >= 0.6 else "måttlig" if g >= 0.4 else "svag"
    s += f" Koncentrationen är {level}."
    if summary.get("fler_enheter_an_handelser"):
        s += " Eftersom det finns fler " + unit + " än händelser jämförs med jämnast möjliga fördelning av så få händelser."
    return s


def repeat_sentence(repeats: pd.DataFrame, *, top: int = 3) -> str:
    """Sentence for :func:`repeats.repeat_places`."""
    share = repeats.attrs.get("andel_upprepade", float("nan"))
    days = repeats.attrs.get("inom_dagar", 30)
    col = repeats.columns[0]
    rep = repeats[repeats["upprepade"] > 0].head(top)
    if rep.empty:
        return f"Ingen plats hade en ny händelse inom {fmt.integer(days)} dagar efter den förra."
    names = _join([f"{r[col]} ({fmt.integer(r['upprepade'])})" for _, r in rep.iterrows()])
    return (f"{fmt.pct(share)} av händelserna kom inom {fmt.integer(days)} dagar efter en tidigare händelse "
            f"på samma plats. Flest upprepningar: {names}.")


def knox_sentence(knox: pd.DataFrame, *, alpha: float = 0.05) -> str:
    """Sentence for :func:`repeats.knox_test`: near repeats (closest significant bands) or none.

    Only bands with a finite upper distance and time count. Many bands are tested at once, so the
    permutation p-values are adjusted with Holm's method (statsmodels ``multipletests``) before a band
    is called significant; a single band below 0,05 among twelve is what chance alone often gives.
    """
    from ..patterns.multitest import holm  # statsmodels' Holm without its gc.collect()

    nrep = knox.attrs.get("permutationer", 0)
    if not nrep:
        return "Knox-testet kördes utan permutationer, så ingen säkerhet kan anges."
    finite = knox[np.isfinite(knox["avstand_till"]) & np.isfinite(knox["tid_till"])].copy()
    if finite.empty:
        return "Knox-testet hade inga band att pröva."
    finite["p_justerat"] = holm(finite["pvarde"].to_numpy(), alpha=alpha)
    sig = finite[(finite["p_justerat"] < alpha) & (finite["knox_kvot"] > 1)]
    sample = ""
    if knox.attrs.get("urval_av"):
        sample = (f" Testet bygger på ett slumpmässigt urval av {fmt.integer(knox.attrs['antal_handelser'])} av "
                  f"kommunens {fmt.integer(knox.attrs['urval_av'])} händelser med position, för att beräkningen "
                  "inte ska ta för lång tid. Ett så stort urval räcker i regel för att upptäcka mönstret om det finns.")
    if sig.empty:
        return (f"Inget tydligt mönster av upprepning nära i tid och rum kan säkerställas (Knox-test, "
                f"{fmt.integer(nrep)} permutationer, {fmt.integer(len(finite))} band prövade och justerade "
                "för många samtidiga test)." + sample)
    r = sig.sort_values(["avstand_fran", "tid_fran"]).iloc[0]
    return (f"Händelser följer oftare än slumpen tätt på varandra: par {r['avstand_text']} från varandra och "
            f"{r['tid_text']} isär är {fmt.num(r['knox_kvot'], 1)} gånger fler än väntat "
            f"(Knox-test, {fmt.integer(nrep)} permutationer, {p_text(r['p_justerat'])} efter Holm-justering "
            f"för {fmt.integer(len(finite))} samtidiga test; {fmt.integer(len(sig))} band avvek)." + sample)


def harm_sentence(ranking: pd.DataFrame) -> str:
    """Sentence comparing the harm-weighted and the plain ranking (:func:`harm.harm_ranking`)."""
    if ranking.empty:
        return "Inga händelser att vikta."
    col = ranking.columns[0]

    def label(code):
        return C.INCIDENT_KATEGORIER.get(str(code), str(code)) if col == C.KATEGORI else str(code)

    top_h = label(ranking.iloc[0][col])
    top_n = label(ranking.sort_values("antal", ascending=False, kind="stable").iloc[0][col])
    if top_h == top_n:
        return f"{top_h} är störst både i antal och viktat efter skada (med kommunens egna vikter)."
    return (f"Viktat efter skada (med kommunens egna vikter) är {top_h.lower()} det största problemet, "
            f"medan {top_n.lower()} är vanligast räknat i antal.")


def polisen_positions_caveat() -> str:
    """Caveat for Polisen's händelser: positions are area centroids, not used for hot spots."""
    return ("Polisens publicerade händelser har bara en ungefärlig position: en fast punkt för hela kommunen "
            "eller länet, inte platsen där det hände. De används därför inte för kartor över heta punkter, "
            "bara för när händelser inträffar. Polisen publicerar dessutom bara ett litet urval av alla händelser.")


def cell_size_sentence(grid: pd.DataFrame) -> str:
    """The announcement of the cell size (and bandwidth) attached to a grid result."""
    return grid.attrs.get("meddelande", "")
