"""One suppression decision for a whole publication (all shareable reports of a county, together).

Input: every count the publication shows or derives a number from, as a long frame (area, year,
category, count): the county's kommuner, the county, the country, all categories and years.
A reader can combine them: the county's count is the sum of its kommuner' (per year and category),
the listed categories of an area and year add up to at most its total. Hiding cells table by table
ignores that (issue 10: the county totals alone gave back 18 of 48 hidden counts).

Rules
-----
* **Primary**: a count of 1 to ``threshold - 1`` (1-4) in a sensitive category (default
  ``columns.KANSLIGA_BROTTSTYPER``: sexual offences, violence in close relationships, violence
  against children; SSB's practice of hiding cells with at most four offences). Zeros are shown.
  Other categories are not hidden: their small counts describe places, not people.
* **Secondary**: as long as the attacker (:mod:`.attack`) can determine a hidden count exactly, or
  narrow a primary cell below the full range 1-4, the cheapest cell that shares a relation with
  the exposed cell is hidden as well. Cost: a kommun cell 1 (+0.5 if its series had no hidden cell
  yet, since its trend is then lost; + a little for larger counts), a county cell 6 (its rate is the
  benchmark of every report), a total 100. Zeros are never chosen (they add no uncertainty).
  Afterwards every secondary cell whose removal keeps all cells protected is shown again.
* **The attacker knows the rules**: that a hidden cell in a sensitive category is either 1-4 or a
  secondary cell of at least 5, that zeros are shown, and every relation. One symbol (:data:`DOLT`)
  is used for all hidden cells, so a real reader knows less.
* **Derived values**: a rate, interval, change, trend, comparison or pooled value that rests on a
  hidden count is not shown either (:func:`derived_hidden`).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from ... import cache
from ... import columns as C
from ... import fmt
from ...errors import ParameterError
from .attack import AttackResult, Relations, attack

#: The one symbol of every hidden cell.
DOLT = ".."
#: The one footnote explaining it.
FOTNOT_PUBLIKATION = (
    "”..” = uppgiften visas inte. Antal mellan 1 och 4 i känsliga brottstyper (sexualbrott, våld i nära relation, "
    "våld mot barn) döljs, och ibland ytterligare en uppgift så att de små talen inte kan räknas fram ur andra "
    "siffror i rapporterna (till exempel länets summa). Takter, förändringar och trender som bygger på en dold "
    "uppgift visas inte heller.")
#: Output columns.
DOLD = "dold"
ORSAK = "orsak"
VISNING = "visning"
PRIMAR_ORSAK = "primar"
SEKUNDAR_ORSAK = "sekundar"


def _sensitive_set(sensitive) -> set | None:
    if sensitive is None:
        return None
    out = set()
    for c in sensitive:
        out.add(c)
        if c in C.BROTTSTYPER:
            out.add(C.BROTTSTYPER[c])
    return out


def default_regions(areas: Sequence[str]) -> dict[str, list[str]]:
    """County code -> its kommuner (registry), for every county in ``areas`` with all its kommuner."""
    from ... import registry

    present = set(map(str, areas))
    out = {}
    for a in present:
        if len(a) == 2 and a != C.RIKET and a in registry.LAN:
            parts = list(registry.kommuner_i_lan(a))
            if parts and set(parts) <= present:
                out[a] = parts
    return out


def publication_relations(cells: pd.DataFrame, *, area: str = C.KOMMUNKOD, year: str = C.AR,
                          category: str = C.BROTTSTYP, count: str = C.ANTAL, total_category: str | None = "totalt",
                          regions: Mapping[str, Sequence[str]] | None = None) -> Relations:
    """The relations a reader can use between the cells of ``cells`` (positions in its row order).

    * region = sum of its parts, per year and category (default :func:`default_regions`: a county
      and all its kommuner); when the shown counts say otherwise (a county total with crimes not
      placed in any kommun) the relation is "parts <= region";
    * per area and year, the other categories add up to at most ``total_category``.
    """
    d = cells.reset_index(drop=True)
    v = pd.to_numeric(d[count], errors="coerce").to_numpy(dtype=float)
    regions = default_regions(d[area].astype(str).unique()) if regions is None else regions
    index = {(str(a), y, c): i for i, (a, y, c) in enumerate(zip(d[area].astype(str), d[year], d[category]))}
    rel = Relations()
    for total_area, parts in regions.items():
        for (a, y, c), i in index.items():
            if a != str(total_area):
                continue
            members = [index.get((str(p), y, c)) for p in parts]
            if any(m is None for m in members):
                continue
            known = [v[m] for m in members if np.isfinite(v[m])]
            if np.isfinite(v[i]) and len(known) == len(members):
                s = float(np.sum(known))
                if s == v[i]:
                    rel.equal.append((i, members))
                elif s < v[i]:
                    rel.at_most.append((i, members))
            elif not np.isfinite(v[i]) or np.sum(known) <= v[i]:
                rel.equal.append((i, members))
    if total_category is not None:
        groups: dict = {}
        for (a, y, c), i in index.items():
            groups.setdefault((a, y), {})[c] = i
        for cats in groups.values():
            if total_category in cats and len(cats) > 1:
                rel.at_most.append((cats[total_category], [i for c, i in cats.items() if c != total_category]))
    return rel


def _bounds(hidden, primary, sensitive, missing, threshold, knows_status):
    lower = np.where(missing & ~hidden, 0.0, 1.0)
    upper = np.full(hidden.size, np.inf)
    if knows_status:
        lower = np.where(hidden & sensitive & ~primary, float(threshold), lower)
        lower = np.where(primary, 1.0, lower)
        upper = np.where(primary, float(threshold - 1), upper)
    return lower, upper


def _violations(res: AttackResult, hidden, primary, threshold) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        narrowed = primary & ((res.low > 1) | (res.high < threshold - 1))
        exact = hidden & (res.low == res.high)
        bad = hidden & ~np.isfinite(res.low)
    return narrowed | exact | bad


def _linked(relations: Relations, n: int) -> list[set]:
    """For every cell, the cells it shares a relation with."""
    out = [set() for _ in range(n)]
    for _kind, t, parts in relations.all():
        members = [t, *parts]
        for m in members:
            out[m].update(members)
    return out


@cache.memoized("suppress_publication")  # the same for every shareable report of a county: decided once per worker
def suppress_publication(cells: pd.DataFrame, *, area: str = C.KOMMUNKOD, year: str = C.AR,
                         category: str = C.BROTTSTYP, count: str = C.ANTAL,
                         sensitive: Sequence | None = C.KANSLIGA_BROTTSTYPER, threshold: int = 5,
                         total_category: str | None = "totalt", regions: Mapping[str, Sequence[str]] | None = None,
                         relations: Relations | None = None, cost: Callable | None = None,
                         knows_status: bool = True) -> pd.DataFrame:
    """Decide which counts of a whole publication are hidden (primary and secondary suppression).

    Parameters
    ----------
    cells : DataFrame
        Every count the publication shows or derives from: ``area, year, category, count``
        (one row per cell; other columns are kept). NaN counts are missing in the publication.
    sensitive : categories whose counts 1..threshold-1 are hidden (None = every category).
    regions : region -> its parts (default: each county with all its kommuner, from the registry).
    relations : the reader's relations, if not those of :func:`publication_relations`.
    cost : ``cost(row_position, hidden_mask) -> float`` for complementary cells (default: see the
        module docstring).
    knows_status : the attacker is assumed to know which hidden cells are primary (conservative).

    Returns
    -------
    DataFrame
        ``cells`` (same row order) with ``dold`` (bool), ``orsak`` ("primar", "sekundar" or None)
        and ``visning`` (the count in Swedish format, ``".."`` when hidden, "–" when missing).

    Raises
    ------
    ParameterError
        (Swedish) when the shown figures cannot protect a small count (then the categories or
        years must be merged) or the relations contradict the counts.
    """
    d = cells.reset_index(drop=True).copy()
    for col in (area, year, category, count):
        if col not in d.columns:
            raise ParameterError(f"Kolumnen '{col}' saknas i tabellen som ska skyddas.")
    v = pd.to_numeric(d[count], errors="coerce").to_numpy(dtype=float)
    if np.any(v[np.isfinite(v)] < 0):
        raise ParameterError("Tabellen som ska skyddas innehåller negativa antal.")
    n = len(d)
    sens_labels = _sensitive_set(sensitive)
    sens = np.ones(n, dtype=bool) if sens_labels is None else d[category].isin(sens_labels).to_numpy()
    missing = ~np.isfinite(v)
    with np.errstate(invalid="ignore"):
        primary = sens & (v >= 1) & (v < threshold)
    rel = relations if relations is not None else publication_relations(
        d, area=area, year=year, category=category, count=count, total_category=total_category, regions=regions)
    linked = _linked(rel, n)
    regions_used = {str(t) for t, _ in (regions or default_regions(d[area].astype(str).unique())).items()} \
        if relations is None else set()
    areas = d[area].astype(str).to_numpy()
    series = list(zip(areas, d[category]))
    is_total = (d[category] == total_category).to_numpy() if total_category is not None else np.zeros(n, bool)

    def default_cost(i: int, hidden: np.ndarray) -> float:
        if is_total[i]:
            return 100.0
        if areas[i] in regions_used:
            return 6.0
        fresh = not any(hidden[j] for j in series_members[series[i]])
        return 1.0 + (0.5 if fresh else 0.0) + 0.001 * math.log1p(v[i])

    series_members: dict = {}
    for i, s in enumerate(series):
        series_members.setdefault(s, []).append(i)
    cost_fn = cost or default_cost
    hidden = primary.copy()

    def run(h, targets=None):
        lo, hi = _bounds(h, primary, sens, missing, threshold, knows_status)
        return attack(v, h | missing, rel, lo, hi, targets=targets)

    def component(h, i):
        unknown = h | missing
        seen, stack = {i}, [i]
        while stack:
            for j in linked[stack.pop()]:
                if unknown[j] and j not in seen:
                    seen.add(j)
                    stack.append(j)
        return seen

    def problems(h, cells_):
        mask = np.zeros(n, dtype=bool)
        mask[list(cells_)] = True
        res = run(h, targets=mask & h)
        return np.flatnonzero(_violations(res, h, primary, threshold) & mask), res

    for _ in range(4 * n + 10):
        bad, res = problems(hidden, np.flatnonzero(hidden))
        if bad.size == 0:
            break
        first = int(bad[np.argsort(~primary[bad], kind="stable")][0])
        comp = component(hidden, first)
        cands = sorted({j for c in comp for j in linked[c]
                        if not hidden[j] and not missing[j] and v[j] > 0},
                       key=lambda j: (cost_fn(j, hidden), j))
        if not cands:
            raise ParameterError(
                "Ett litet antal kan inte skyddas: det går att räkna fram ur de andra siffrorna i rapporterna "
                f"({areas[first]}, {d[year].iloc[first]}, {d[category].iloc[first]}). Slå ihop år eller brottstyper.")
        chosen = None
        for j in cands[:40]:
            trial = hidden.copy()
            trial[j] = True
            still, _ = problems(trial, component(trial, first))
            if first not in still:
                chosen = j
                break
        if chosen is None:  # no single cell is enough: widen with the cheapest and try again
            chosen = cands[0]
        hidden[chosen] = True
    else:
        raise ParameterError("Sekundärundertryckningen hittade ingen lösning.")
    # give back every secondary cell that is not needed, most expensive first
    secondary = [i for i in np.flatnonzero(hidden & ~primary)]
    for i in sorted(secondary, key=lambda j: -cost_fn(j, hidden)):
        trial = hidden.copy()
        trial[i] = False
        affected = set()
        for j in linked[i]:
            if trial[j]:
                affected |= component(trial, j)
        if not affected:
            affected = set(np.flatnonzero(trial))
        bad, _ = problems(trial, affected)
        if bad.size == 0:
            hidden = trial
    d[DOLD] = hidden
    d[ORSAK] = np.where(primary, PRIMAR_ORSAK, np.where(hidden, SEKUNDAR_ORSAK, None))
    d[ORSAK] = d[ORSAK].astype(object).where(hidden, None)
    d[VISNING] = [DOLT if h else (fmt.MISSING if not np.isfinite(x) else fmt.integer(x)) for h, x in zip(hidden, v)]
    return d


def derived_hidden(decision: pd.DataFrame, *, area: str = C.KOMMUNKOD, year: str = C.AR,
                   category: str = C.BROTTSTYP, years: Sequence | None = None, **keys) -> bool:
    """Whether a derived value must be hidden because it rests on a hidden count.

    ``keys`` select the cells (e.g. ``kommunkod="0331", brottstyp="sexualbrott"``) and ``years``
    the years the value uses: one year for a rate or a comparison, two (or two pooled periods) for
    a change, all years for a trend. True if any of those cells is hidden.
    """
    m = np.ones(len(decision), dtype=bool)
    names = {"area": area, "year": year, "category": category}
    for k, val in keys.items():
        col = names.get(k, k)
        m &= (decision[col] == val).to_numpy()
    if years is not None:
        m &= decision[year].isin(list(years)).to_numpy()
    return bool(decision.loc[m, DOLD].any())
