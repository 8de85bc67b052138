"""Publication-wide suppression (stats.suppression.publication) checked by an independent attacker.

The attacker here is written separately from ``stats.suppression.attack``: it builds the whole
linear system of what the eight kommun reports and the county figures show (county = sum of its
kommuner per year and category; categories <= total per kommun and year), with integer unknowns
for the hidden cells, and solves it as one problem with ``scipy.optimize.milp`` for every hidden
cell (smallest and largest value)."""
import importlib

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp

from lagesbild_methods import columns as C
from lagesbild_methods import paths, registry
from lagesbild_methods.errors import ParameterError

S = importlib.import_module("lagesbild_methods.stats.suppression")
LAN = "03"
KOMMUNER = list(registry.kommuner_i_lan(LAN))


def _bundled():
    crime = pd.read_csv(paths.SYNTH_DIR / "anmalda_brott.csv", comment="#", dtype={C.KOMMUNKOD: str})
    keep = crime[C.KOMMUNKOD].isin([*KOMMUNER, LAN]) & crime[C.AR].between(2015, 2025)
    return crime[keep].reset_index(drop=True)


def independent_attack(cells: pd.DataFrame, hidden: np.ndarray, *, knows_status: bool = True, threshold: int = 5,
                       floor: float = 1.0):
    """(low, high) per hidden cell from one integer program over the whole publication."""
    v = cells[C.ANTAL].to_numpy(dtype=float)
    sens = cells[C.BROTTSTYP].isin(C.KANSLIGA_BROTTSTYPER).to_numpy()
    unknown = np.flatnonzero(hidden)
    col = {cell: j for j, cell in enumerate(unknown)}
    eq_rows, eq_rhs, ub_rows, ub_rhs = [], [], [], []
    key = {(a, y, b): i for i, (a, y, b) in enumerate(zip(cells[C.KOMMUNKOD], cells[C.AR], cells[C.BROTTSTYP]))}
    for (y, b), _ in cells.groupby([C.AR, C.BROTTSTYP]):
        members = [key[(k, y, b)] for k in KOMMUNER]
        total = key[(LAN, y, b)]
        row, rhs = np.zeros(len(unknown)), 0.0
        for m in members:
            if m in col:
                row[col[m]] += 1
            else:
                rhs -= v[m]
        if total in col:
            row[col[total]] -= 1
        else:
            rhs += v[total]
        if row.any():
            eq_rows.append(row)
            eq_rhs.append(rhs)
    for (a, y), g in cells.groupby([C.KOMMUNKOD, C.AR]):
        total = key[(a, y, "totalt")]
        row, rhs = np.zeros(len(unknown)), float(v[total]) if total not in col else 0.0
        if total in col:
            row[col[total]] -= 1
        for i in g.index:
            if i == total:
                continue
            if i in col:
                row[col[i]] += 1
            else:
                rhs -= v[i]
        if row.any():
            ub_rows.append(row)
            ub_rhs.append(rhs)
    primary = sens & (v >= 1) & (v < threshold)
    lo = np.full(len(unknown), floor)
    hi = np.full(len(unknown), np.inf)
    for j, cell in enumerate(unknown):
        if knows_status and primary[cell]:
            lo[j], hi[j] = 1, threshold - 1
        elif knows_status and sens[cell]:
            lo[j] = threshold
    cons = []
    if eq_rows:
        cons.append(LinearConstraint(np.array(eq_rows), eq_rhs, eq_rhs))
    if ub_rows:
        cons.append(LinearConstraint(np.array(ub_rows), -np.inf, ub_rhs))
    out = {}
    for j, cell in enumerate(unknown):
        c = np.zeros(len(unknown))
        c[j] = 1
        a = milp(c, constraints=cons, integrality=np.ones(len(unknown)), bounds=Bounds(lo, hi))
        b = milp(-c, constraints=cons, integrality=np.ones(len(unknown)), bounds=Bounds(lo, hi))
        assert a.status == 0, "the true values must satisfy the system"
        out[cell] = (a.fun, -b.fun if b.status == 0 else np.inf)
    return out, primary


@pytest.fixture(scope="module")
def bundled_decision():
    cells = _bundled()
    return cells, S.suppress_publication(cells)


def test_bundled_publication_attacker_recovers_nothing(bundled_decision):
    cells, dec = bundled_decision
    hidden = dec[S.publication.DOLD].to_numpy()
    ranges, primary = independent_attack(cells, hidden)
    assert hidden.sum() > 0
    for cell, (low, high) in ranges.items():
        assert low < high, f"hidden cell {cell} recovered exactly"
        if primary[cell]:
            assert low <= 1 and high >= 4, f"'<5' cell {cell} narrowed to {low}-{high}"
    # every primary cell is hidden, zeros are shown, one symbol for every hidden cell
    assert (hidden >= primary).all()
    assert (dec.loc[dec[C.ANTAL] == 0, S.publication.VISNING] == "0").all()
    assert set(dec.loc[hidden, S.publication.VISNING]) == {S.DOLT}


def test_fewer_cells_hidden_than_table_by_table(bundled_decision):
    cells, dec = bundled_decision
    old = pd.concat([S.suppress_long(cells[(cells[C.KOMMUNKOD] == k) & (cells[C.BROTTSTYP] != "totalt")])
                     for k in KOMMUNER])
    assert old["dold"].sum() == 48  # the reports before issue 10
    assert dec[S.publication.DOLD].sum() < old["dold"].sum()
    # ... and the old decision does leak under the same attacker
    m = cells.merge(old[[C.KOMMUNKOD, C.AR, C.BROTTSTYP, "dold"]], how="left")
    # (its secondary cells may be zeros: the attacker only knows they are >= 0)
    ranges, _ = independent_attack(cells, m["dold"].fillna(False).to_numpy(dtype=bool), knows_status=False, floor=0)
    assert sum(low == high for low, high in ranges.values()) > 0


def test_without_secondary_cells_the_county_total_gives_a_count_back(bundled_decision):
    cells, dec = bundled_decision
    only_primary = (dec[S.ORSAK] == S.PRIMAR_ORSAK).to_numpy()
    ranges, primary = independent_attack(cells, only_primary)
    leaks = [c for c, (lo, hi) in ranges.items() if lo == hi or (primary[c] and (lo > 1 or hi < 4))]
    assert leaks, "the secondary cells must be needed on the bundled data"


def test_small_example_secondary_chosen_cheaply():
    # one kommun with 3 sexual offences among otherwise large counts: one partner cell suffices
    codes = KOMMUNER
    counts = {k: 40 + 5 * i for i, k in enumerate(codes)}
    counts[codes[3]] = 3
    rows = [(k, 2025, "sexualbrott", c) for k, c in counts.items()]
    rows += [(LAN, 2025, "sexualbrott", sum(counts.values()))]
    cells = pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL])
    dec = S.suppress_publication(cells, total_category=None)
    assert dec[S.publication.DOLD].sum() == 2
    assert dec.loc[dec[C.KOMMUNKOD] == codes[3], S.ORSAK].iloc[0] == S.PRIMAR_ORSAK
    partner = dec[dec[S.ORSAK] == S.SEKUNDAR_ORSAK]
    assert partner[C.KOMMUNKOD].iloc[0] in codes and partner[C.ANTAL].iloc[0] >= 9  # enough room for 1-4
    assert not dec.loc[dec[C.KOMMUNKOD] == LAN, S.publication.DOLD].iloc[0]  # the county stays shown


def test_derived_values_follow_hidden_cells(bundled_decision):
    _, dec = bundled_decision
    row = dec[dec[S.ORSAK] == S.PRIMAR_ORSAK].iloc[0]
    k, b, y = row[C.KOMMUNKOD], row[C.BROTTSTYP], int(row[C.AR])
    assert S.derived_hidden(dec, kommunkod=k, brottstyp=b, years=[y])
    assert S.derived_hidden(dec, kommunkod=k, brottstyp=b, years=[y - 1, y] if y > 2015 else [y, y + 1])
    assert S.derived_hidden(dec, kommunkod=k, brottstyp=b)  # the trend over all years
    assert not S.derived_hidden(dec, kommunkod=k, brottstyp="stoldbrott")


def test_unprotectable_and_bad_input():
    cells = pd.DataFrame({C.KOMMUNKOD: ["0331"], C.AR: [2025], C.BROTTSTYP: ["sexualbrott"], C.ANTAL: [3]})
    ok = S.suppress_publication(cells, total_category=None)  # alone, without relations: hidden, not derivable
    assert ok[S.publication.DOLD].iloc[0]
    with pytest.raises(ParameterError, match="saknas"):
        S.suppress_publication(cells.drop(columns=C.ANTAL))
    with pytest.raises(ParameterError, match="negativa"):
        S.suppress_publication(cells.assign(**{C.ANTAL: -1}))
