"""Swedish sentences for hot places, relative hot spots, the repeat yardstick and chosen parameters.

Every function takes the result of an analysis function in :mod:`lagesbild_methods.patterns`
(``hotplaces.hot_places``, ``hotspot.hotspot_gistar``, ``repeats.repeat_yardstick``) and returns
plain Swedish text with numbers via :mod:`lagesbild_methods.fmt`; nothing here computes a statistic.
"""
from __future__ import annotations

import math

import pandas as pd

from .. import fmt
from .common import join_sv as _join
from .common import p_text as _p

#: Template parameters that change the automatic choices (the names the templates use).
CELL_PARAMETER = "cellstorlek_m"
BANDWIDTH_PARAMETER = "bandbredd_m"


def _times(k: float) -> str:
    if k is None or (isinstance(k, float) and not math.isfinite(k)):
        return "fler än väntat"
    if k >= 100:  # against an even spread over the whole kommun a small spot gives thousands: not a reading aid
        return "mer än 100 gånger så många som väntat"
    if k >= 10:
        return f"{fmt.integer(k)} gånger så många som väntat"
    return f"{fmt.num(k, 1)} gånger så många som väntat"


def _area(km2: float) -> str:
    """An area for reading: hectares below 0,1 km² (a single small cell is not "0,0 km²")."""
    if km2 is None or not math.isfinite(km2):
        return fmt.MISSING
    return f"{fmt.num(km2 * 100, 1)} ha" if km2 < 0.1 else f"{fmt.num(km2, 1)} km²"


def place_label(row) -> str:
    """'Resecentrum (Centrum)' or, when a place covers several names, 'Centrum: Resecentrum, Torget m.fl.'."""
    names = list(row.get("platser") or [])
    omr = row.get("omrade")
    if len(names) >= 3 and omr:
        return f"{omr}: {', '.join(names[:2])} m.fl."
    name = row.get("namn") or omr or "(namnlös plats)"
    return f"{name} ({omr})" if omr and omr != name else str(name)


def parameters_sentence(result: pd.DataFrame) -> str:
    """Announce the cell size (and bandwidth, study area, left-out incidents) with the parameters that change them."""
    a = result.attrs
    cell = a.get("cell_size")
    parts = []
    if cell:
        how = "valdes automatiskt efter var händelserna finns" if a.get("automatisk") else "är vald i mallen"
        parts.append(f"Rutorna är {fmt.integer(cell)} × {fmt.integer(cell)} m; storleken {how} "
                     f"(parametern {CELL_PARAMETER}).")
    if a.get("bandbredd"):
        parts.append(f"Tätheten är utjämnad med bandbredden {fmt.integer(a['bandbredd'])} m "
                     f"(parametern {BANDWIDTH_PARAMETER}).")
    if a.get("omrade_namn"):
        parts.append(f"Bara rutor inom {a['omrade_namn']} räknas; rutor som delvis ligger utanför vägs efter "
                     "hur stor del som ligger innanför.")
    out = a.get("utanfor_omradet") or 0
    if out:
        parts.append(f"{fmt.integer(out)} {'händelse' if out == 1 else 'händelser'} med position utanför "
                     "området räknades inte med.")
    return " ".join(parts)


def hot_places_sentence(places: pd.DataFrame, *, what: str = "händelserna") -> str:
    """Sentence for :func:`hotplaces.hot_places` (absolute or relative): how many places, the top ones, why."""
    a = places.attrs
    n_all = int(a.get("antal_platser", len(places)))
    rel = bool(a.get("relativ"))
    if places.empty:
        if rel:
            return (f"Ingen plats har tydligt större andel av {what} än resten av kommunen (exakt binomialtest, "
                    "korrigerat för många samtidiga test).")
        return ("Ingen plats har tydligt fler händelser än om de vore jämnt spridda över området (Getis-Ord Gi*, "
                "exakt test, korrigerat för många samtidiga test).")
    top = places.head(3)
    if rel:
        items = [f"{place_label(r)} ({fmt.integer(r['antal'])} av {fmt.integer(r['antal_alla'])} händelser, "
                 f"väntat {fmt.num(r['forvantat'], 1)})" for _, r in top.iterrows()]
        head = (f"{_join(items)} har tydligt större andel av {what} än kommunen i övrigt"
                if len(items) > 1 else f"{items[0]} har tydligt större andel av {what} än kommunen i övrigt")
    else:
        items = [f"{place_label(r)} ({fmt.integer(r['antal'])} händelser, {_times(r['kvot'])})"
                 for _, r in top.iterrows()]
        head = f"Flest händelser i förhållande till ytan har {_join(items)}"
    more = f"; sammanlagt {fmt.integer(n_all)} platser sticker ut" if n_all > len(top) else ""
    share = a.get("andel_handelser")
    tail = (f". De listade platserna rymmer {fmt.pct(share)} av {what}." if share and not rel else ".")
    return head + more + tail


def hot_places_table(places: pd.DataFrame) -> pd.DataFrame:
    """Display table (Swedish headers, formatted numbers) of :func:`hotplaces.hot_places`, one row per place."""
    rel = bool(places.attrs.get("relativ"))
    rows = []
    for i, r in enumerate(places.itertuples(index=False), start=1):
        d = r._asdict()
        why = (f"{fmt.integer(d['antal'])} av {fmt.integer(d['antal_alla'])} händelser här mot väntat "
               f"{fmt.num(d['forvantat'], 1)}" if rel else
               f"{_times(d['kvot'])} om händelserna vore jämnt spridda ({fmt.num(d['forvantat'], 1)})")
        rows.append({"Nr": i, "Plats": place_label(d), "Händelser": fmt.integer(d["antal"]),
                     "Yta": _area(d["yta_km2"]), "Varför": why, "p (justerat)": _p(d["pvarde_fdr"])})
    return pd.DataFrame(rows, columns=["Nr", "Plats", "Händelser", "Yta", "Varför", "p (justerat)"])


def repeat_yardstick_sentence(y: dict) -> str:
    """Sentence for :func:`repeats.repeat_yardstick`: the repeat share against what shuffled times give."""
    days = fmt.integer(y["inom_dagar"])
    obs, exp = y["andel"], y["forvantad_andel"]
    lo, hi = y["intervall"]
    base = (f"{fmt.pct(obs)} av händelserna kom inom {days} dagar efter en tidigare händelse på samma plats. "
            f"Om tidpunkterna lottades om mellan händelserna (samma platser) blir andelen {fmt.pct(exp)} "
            f"(95 % av lottningarna mellan {fmt.pct(lo)} och {fmt.pct(hi)}).")
    if y["pvarde"] < 0.05 and obs > exp:
        return base + (f" Upprepningarna är alltså fler än slumpen ger ({fmt.num(y['kvot'], 2)} gånger, "
                       f"{_p(y['pvarde'])}, {fmt.integer(y['permutationer'])} lottningar): händelser följer tätt "
                       "på varandra på samma plats.")
    return base + (" Upprepningarna är inte fler än slumpen ger: de speglar att vissa platser har många händelser, "
                   f"inte att en händelse följs av en ny ({_p(y['pvarde'])}).")


def repeats_with_yardstick_sentence(repeats: pd.DataFrame, y: dict, *, top: int = 3) -> str:
    """:func:`repeat_yardstick_sentence` plus the places with most repeats (from :func:`repeats.repeat_places`)."""
    col = repeats.columns[0]
    rep = repeats[repeats["upprepade"] > 0].head(top)
    names = _join([f"{r[col]} ({fmt.integer(r['upprepade'])})" for _, r in rep.iterrows()])
    return repeat_yardstick_sentence(y) + (f" Flest upprepningar: {names}." if names else "")
