"""Plausibility checks on read data: what refuses a file and what only warns (shown in the report).

Decisions (docs/DATA_SOURCES.md, "Plausibility"):

========================================================  =======  ==========================================
check                                                     outcome  why
========================================================  =======  ==========================================
incident date after today / before 1990                   refuse   an impossible date would move the whole
                                                                   period ("complete until 2035")
end time before start time                                refuse   impossible
position outside Sweden                                   refuse   wrong coordinate system or typo
position outside the municipality (> 2 km from border)    warn     coordinates of those rows are emptied so
                                                                   maps and hot spots do not use them; the
                                                                   rows still count in tables over time
most positions outside the municipality                   refuse   wrong municipality or coordinate system
weight negative, zero, non-numeric, infinite              refuse   a weight ranks problems
mapping row contradicting an earlier one                  refuse   the file cannot say which one is meant
mapping row repeated with the same target                 warn     harmless, but the file should be tidied
statistics for a year after this year                     refuse   cannot exist
one crime type larger than 'totalt' (same kommun, year)   refuse   a part cannot exceed the whole
kommuner of a county summing to more than the county      warn     Brå's county includes crimes without a
                                                                   kommun, so the sum is normally smaller;
                                                                   more means mixed versions (prel./final)
county larger than the country                            refuse   impossible
population of a kommun larger than its county's           refuse   impossible
population changing by more than 15 % in one year         warn     happens only at boundary changes
years missing inside a series (one file or several)       warn     a trend or a change across the gap
                                                                   must not pass unremarked
========================================================  =======  ==========================================
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .. import columns as C
from .. import fmt
from ..errors import InputDataError, Problem

TOLERANCE_M = 2000.0  # the bundled boundaries are simplified to about 1 km
MOST_OUTSIDE = 0.5
MAX_YEAR_CHANGE = 0.15


def _region(kod: str) -> str:
    from .. import registry
    try:
        return f"{registry.get(str(kod)).namn} ({kod})"
    except Exception:
        return str(kod)


# --------------------------------------------------------------------------------------------
# positions
# --------------------------------------------------------------------------------------------
def _segments(rings) -> np.ndarray:
    return np.vstack([np.hstack([r[:-1], r[1:]]) for r in rings])


def _distance_to_segments(px: np.ndarray, py: np.ndarray, seg: np.ndarray, chunk: int = 2000) -> np.ndarray:
    out = np.empty(len(px))
    x0, y0, x1, y1 = seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3]
    dx, dy = x1 - x0, y1 - y0
    len2 = np.where(dx * dx + dy * dy == 0, 1.0, dx * dx + dy * dy)
    for a in range(0, len(px), chunk):
        X, Y = px[a:a + chunk, None], py[a:a + chunk, None]
        t = np.clip(((X - x0) * dx + (Y - y0) * dy) / len2, 0.0, 1.0)
        out[a:a + chunk] = np.sqrt((X - (x0 + t * dx)) ** 2 + (Y - (y0 + t * dy)) ** 2).min(axis=1)
    return out


def inside_area(area, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon for an :class:`~lagesbild_methods.sources.geo.Area` (SWEREF 99 TM)."""
    from matplotlib.path import Path as MplPath
    pts = np.column_stack([x, y])
    inside = np.zeros(len(pts), dtype=bool)
    for ring in area.rings:
        inside ^= MplPath(ring).contains_points(pts)
    return inside


def distance_outside(kommunkod: str, x: np.ndarray, y: np.ndarray) -> np.ndarray | None:
    """Metres outside the municipality's bundled boundary (0 inside); None if no boundary is known."""
    from . import geo
    from ..errors import ParameterError
    try:
        area = geo.municipality_area(kommunkod)
    except (ParameterError, KeyError, OSError, ValueError):
        return None
    x, y = np.asarray(x, float), np.asarray(y, float)
    dist = np.zeros(len(x))
    ok = np.isfinite(x) & np.isfinite(y)
    ins = np.zeros(len(x), dtype=bool)
    ins[ok] = inside_area(area, x[ok], y[ok])
    todo = ok & ~ins
    if todo.any():
        dist[todo] = _distance_to_segments(x[todo], y[todo], _segments(area.rings))
    dist[~ok] = np.nan
    return dist


def positions_outside(df: pd.DataFrame, tolerance_m: float = TOLERANCE_M) -> pd.Series:
    """Per row: distance in metres beyond ``tolerance_m`` outside the row's municipality (NaN if inside, unknown
    or without position). Index as ``df``."""
    out = pd.Series(np.nan, index=df.index)
    has = df[C.X].notna() & df[C.Y].notna()
    for kod, grp in df[has].groupby(C.KOMMUNKOD):
        d = distance_outside(str(kod), grp[C.X].to_numpy(), grp[C.Y].to_numpy())
        if d is None:
            continue
        far = d > tolerance_m
        out.loc[grp.index[far]] = d[far]
    return out


# --------------------------------------------------------------------------------------------
# dates
# --------------------------------------------------------------------------------------------
def today() -> date:
    return date.today()


def after_today(ts: pd.Series) -> pd.Series:
    """True where a tz-aware timestamp lies after the end of today (Europe/Stockholm)."""
    end = pd.Timestamp(today(), tz="Europe/Stockholm") + pd.Timedelta(days=1)
    return ts.notna() & (ts >= end)


# --------------------------------------------------------------------------------------------
# statistics frames (after reading; rows named by their keys)
# --------------------------------------------------------------------------------------------
def _future_years(df: pd.DataFrame, file, what: str) -> list[Problem]:
    year = today().year
    bad = df[df[C.AR] > year]
    return [Problem(f"{what} för år {int(r[C.AR])} finns inte än ({_region(r[C.KOMMUNKOD])}).", file, None, C.AR,
                    int(r[C.AR]), f"ett år till och med {year}") for _, r in bad.head(20).iterrows()]


def check_crime(df: pd.DataFrame, file=None) -> tuple[list[Problem], list[str]]:
    """Refusals and warnings for a crime frame (see the module table)."""
    problems = _future_years(df, file, "Statistik")
    warnings: list[str] = []
    d = df[df[C.ANTAL].notna()]
    tot = d[d[C.BROTTSTYP] == "totalt"].set_index([C.KOMMUNKOD, C.AR])[C.ANTAL]
    parts = d[d[C.BROTTSTYP] != "totalt"]
    if len(tot) and len(parts):
        j = parts.join(tot.rename("_tot"), on=[C.KOMMUNKOD, C.AR])
        for _, r in j[j["_tot"].notna() & (j[C.ANTAL] > j["_tot"])].head(20).iterrows():
            problems.append(Problem(
                f"{C.BROTTSTYPER.get(r[C.BROTTSTYP], r[C.BROTTSTYP])} ({fmt.integer(int(r[C.ANTAL]))}) är fler än "
                f"samtliga brott ({fmt.integer(int(r['_tot']))}) för {_region(r[C.KOMMUNKOD])} {int(r[C.AR])}.",
                file, None, C.ANTAL, int(r[C.ANTAL]), "en brottstyp är en del av det totala antalet"))
    problems += _county_vs_country(d, C.ANTAL, file)
    warnings += _kommuner_vs_county(d, C.ANTAL, [C.AR, C.BROTTSTYP], "anmälda brott")
    return problems, warnings


def check_population(df: pd.DataFrame, file=None) -> tuple[list[Problem], list[str]]:
    problems = _future_years(df, file, "Folkmängd")
    warnings: list[str] = []
    k = df[df[C.KOMMUNKOD].str.len() == 4]
    county = df[df[C.KOMMUNKOD].str.len() == 2].set_index([C.KOMMUNKOD, C.AR])[C.FOLKMANGD]
    if len(k) and len(county):
        j = k.assign(_lan=k[C.KOMMUNKOD].str[:2]).join(county.rename("_tot"), on=["_lan", C.AR])
        for _, r in j[j["_tot"].notna() & (j[C.FOLKMANGD] > j["_tot"])].head(20).iterrows():
            problems.append(Problem(f"Folkmängden i {_region(r[C.KOMMUNKOD])} {int(r[C.AR])} är större än länets.",
                                    file, None, C.FOLKMANGD, int(r[C.FOLKMANGD]),
                                    f"högst länets {fmt.integer(int(r['_tot']))}"))
    problems += _county_vs_country(df, C.FOLKMANGD, file)
    s = df.sort_values([C.KOMMUNKOD, C.AR])
    prev_v = s.groupby(C.KOMMUNKOD)[C.FOLKMANGD].shift()
    prev_y = s.groupby(C.KOMMUNKOD)[C.AR].shift()
    jump = ((s[C.AR] - prev_y) == 1) & ((s[C.FOLKMANGD] / prev_v - 1).abs() > MAX_YEAR_CHANGE)
    jumps = [f"{_region(r[C.KOMMUNKOD])} {int(r[C.AR]) - 1}–{int(r[C.AR])}: {fmt.integer(int(prev_v[i]))} → "
             f"{fmt.integer(int(r[C.FOLKMANGD]))}" for i, r in s[jump].iterrows()]
    if jumps:
        warnings.append("Folkmängden ändras med mer än 15 procent på ett år, vilket bara händer vid ändrade "
                        "kommungränser – kontrollera filen: " + "; ".join(jumps[:5]) + ".")
    return problems, warnings


def _county_vs_country(df: pd.DataFrame, value: str, file) -> list[Problem]:
    keys = [c for c in (C.AR, C.BROTTSTYP) if c in df]
    riket = df[df[C.KOMMUNKOD] == C.RIKET].set_index(keys)[value]
    if riket.empty:
        return []
    lan = df[df[C.KOMMUNKOD].str.fullmatch(r"\d\d") & (df[C.KOMMUNKOD] != C.RIKET)]
    j = lan.join(riket.rename("_riket"), on=keys)
    return [Problem(f"Värdet för {_region(r[C.KOMMUNKOD])} {int(r[C.AR])} är större än för hela riket.", file, None,
                    value, int(r[value]), f"högst rikets {fmt.integer(int(r['_riket']))}")
            for _, r in j[j["_riket"].notna() & (j[value] > j["_riket"])].head(20).iterrows()]


def _kommuner_vs_county(df: pd.DataFrame, value: str, keys: list[str], what: str) -> list[str]:
    k = df[df[C.KOMMUNKOD].str.len() == 4]
    county = df[df[C.KOMMUNKOD].str.fullmatch(r"\d\d") & (df[C.KOMMUNKOD] != C.RIKET)]
    if k.empty or county.empty:
        return []
    sums = k.assign(_lan=k[C.KOMMUNKOD].str[:2]).groupby(["_lan"] + keys)[value].sum()
    tot = county.set_index([C.KOMMUNKOD] + keys)[value]
    tot.index = tot.index.set_names(["_lan"] + keys)
    both = pd.concat([sums.rename("s"), tot.rename("t")], axis=1, join="inner")
    over = both[both["s"] > both["t"] * 1.005]
    if over.empty:
        return []
    ex = [f"{_region(i[0])} {i[1]}: {fmt.integer(int(r.s))} mot {fmt.integer(int(r.t))}" for i, r in
          over.head(3).iterrows()]
    return [f"Kommunernas {what} summerar till mer än länets ({'; '.join(ex)}). Länets siffra brukar vara större "
            "(den räknar även brott utan känd kommun); kontrollera att filerna är från samma publicering."]


def year_gaps(df: pd.DataFrame) -> list[str]:
    """A warning naming the years missing inside each region's series (e.g. 2019–2020 between 2018 and 2021)."""
    gaps = []
    for kod, yrs in df.groupby(C.KOMMUNKOD)[C.AR]:
        have = sorted(set(int(y) for y in yrs))
        missing = sorted(set(range(have[0], have[-1] + 1)) - set(have))
        if missing:
            gaps.append(f"{_region(kod)}: {fmt.year_ranges(missing)}")
    if not gaps:
        return []
    return ["År saknas mitt i serien (" + "; ".join(gaps[:8]) + ("; …" if len(gaps) > 8 else "")
            + "). Trender och förändringar över glappet bygger på färre år än perioden antyder."]


def _with_gaps(check):
    def run(df, file=None):
        problems, warnings = check(df, file)
        return problems, warnings + year_gaps(df)
    return run


CONTRACT_CHECKS = {"brott": _with_gaps(check_crime), "folkmangd": _with_gaps(check_population)}


def apply(df: pd.DataFrame, contract: str, file=None, summary: str | None = None) -> pd.DataFrame:
    """Run the checks of ``contract``: raise :class:`InputDataError` for refusals, add warnings to
    ``df.attrs["varningar"]``. Returns ``df``."""
    check = CONTRACT_CHECKS.get(contract)
    if check is None or df.empty:
        return df
    problems, warnings = check(df, file)
    if problems:
        raise InputDataError(file, problems, summary)
    df.attrs.setdefault("varningar", [])
    df.attrs["varningar"] += [w for w in warnings if w not in df.attrs["varningar"]]
    return df
