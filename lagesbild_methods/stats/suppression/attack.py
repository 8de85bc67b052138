"""The attacker: what can a reader work out about hidden cells from everything that is shown?

Every hidden (or missing) count is an integer unknown. The reader knows the shown counts, the
linear relations between cells (a county's count is the sum of its kommuner's; the categories of
an area and year add up to at most its total) and bounds from the rules of the publication (a
primary cell is 1-4, a zero is always shown, ...). For each hidden cell the attacker solves two
integer programs, the smallest and the largest value consistent with all of it
(``scipy.optimize.milp``, HiGHS). A cell whose smallest and largest values coincide is disclosed; a
primary cell is protected only if both 1 and 4 (1 and threshold-1) remain possible.

The system falls apart into independent pieces (cells linked through shared relations); each
piece is solved on its own, so a county-wide publication takes a fraction of a second.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


@dataclass
class Relations:
    """Linear relations between cells, by position in the cell list.

    ``equal``: (total, parts) with total = sum(parts). ``at_most``: (total, parts) with
    sum(parts) <= total.
    """

    equal: list[tuple[int, list[int]]] = field(default_factory=list)
    at_most: list[tuple[int, list[int]]] = field(default_factory=list)

    def all(self):
        for t, parts in self.equal:
            yield "eq", t, parts
        for t, parts in self.at_most:
            yield "le", t, parts


@dataclass
class AttackResult:
    """Smallest and largest value the attacker can prove for each cell (NaN for shown cells)."""

    low: np.ndarray
    high: np.ndarray

    def exact(self) -> np.ndarray:
        """Cells whose value is determined (smallest = largest)."""
        with np.errstate(invalid="ignore"):
            return np.isfinite(self.low) & (self.low == self.high)


def _components(variables: np.ndarray, rows: list[list[int]]) -> list[tuple[list[int], list[int]]]:
    """Split variables into groups linked by rows; returns (variables, row indices) per group."""
    parent = {int(v): int(v) for v in variables}

    def find(a):
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in rows:
        for a in r[1:]:
            ra, rb = find(r[0]), find(a)
            if ra != rb:
                parent[ra] = rb
    groups: dict = {}
    for v in parent:
        groups.setdefault(find(v), ([], []))[0].append(v)
    for i, r in enumerate(rows):
        if r:
            groups[find(r[0])][1].append(i)
    return list(groups.values())


def attack(values, unknown, relations: Relations, lower, upper, *, targets=None) -> AttackResult:
    """Bounds an attacker can prove for every unknown cell.

    Parameters
    ----------
    values : array of the true counts (used only for the shown cells).
    unknown : bool array, True where the reader does not see the count (hidden or missing).
    relations : the linear relations between cells.
    lower, upper : the reader's prior bounds for each unknown cell (e.g. 1 and 4 for a primary
        cell, 0 and inf for a missing one).
    targets : optional bool array: only these unknown cells are solved for (others stay NaN).
    """
    v = np.asarray(values, dtype=float)
    unk = np.asarray(unknown, dtype=bool)
    lo_b = np.asarray(lower, dtype=float)
    hi_b = np.asarray(upper, dtype=float)
    want = unk if targets is None else (unk & np.asarray(targets, dtype=bool))
    low = np.full(v.size, np.nan)
    high = np.full(v.size, np.nan)
    variables = np.flatnonzero(unk)
    # rows: coefficients over unknown cells, and the constant side
    rows, coefs, rhs, kinds = [], [], [], []
    for kind, t, parts in relations.all():
        cells = {}
        const = 0.0
        for p in parts:
            if unk[p]:
                cells[p] = cells.get(p, 0.0) + 1.0
            else:
                const -= v[p]
        if unk[t]:
            cells[t] = cells.get(t, 0.0) - 1.0
        else:
            const += v[t]
        cells = {k: c for k, c in cells.items() if c != 0.0}
        if not cells:
            continue
        rows.append(list(cells))
        coefs.append(cells)
        rhs.append(const)
        kinds.append(kind)
    for members, row_ids in _components(variables, rows):
        if not any(want[m] for m in members):
            continue
        pos = {m: i for i, m in enumerate(members)}
        k = len(members)
        bounds = Bounds(lo_b[members], hi_b[members])
        cons = []
        if row_ids:
            A = np.zeros((len(row_ids), k))
            lb = np.empty(len(row_ids))
            ub = np.empty(len(row_ids))
            for j, r in enumerate(row_ids):
                for cell, c in coefs[r].items():
                    A[j, pos[cell]] = c
                ub[j] = rhs[r]
                lb[j] = rhs[r] if kinds[r] == "eq" else -np.inf
            cons = [LinearConstraint(A, lb, ub)]
        integrality = np.ones(k)
        for m in members:
            if not want[m]:
                continue
            c = np.zeros(k)
            c[pos[m]] = 1.0
            res_min = milp(c, constraints=cons, integrality=integrality, bounds=bounds)
            res_max = milp(-c, constraints=cons, integrality=integrality, bounds=bounds)
            low[m] = res_min.fun if res_min.status == 0 else (lo_b[m] if res_min.status != 2 else np.nan)
            high[m] = -res_max.fun if res_max.status == 0 else (np.inf if res_max.status != 2 else np.nan)
    return AttackResult(low=low, high=high)
