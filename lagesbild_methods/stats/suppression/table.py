"""Small numbers in shareable reports: unstable-rate flags and suppression of counts 1-4.

Primary suppression: counts 1-4 (below ``threshold`` = 5, zero is shown) in sensitive
categories (default ``columns.KANSLIGA_BROTTSTYPER``: sexual offences, violence in close
relationships, violence against children) are shown as ``"<5"`` (SSB practice of hiding cells
with <= 4 offences, domain.md section 9).

Secondary (complementary) suppression: row and column totals are assumed public (they are
in the table or published elsewhere). In a two-way table with known margins, a hidden cell can
be recovered exactly iff it does not lie on a cycle of hidden cells in the bipartite
row/column graph (a hidden cell alone in its row or column is the simplest case; Cox 1980,
"Suppression methodology and statistical disclosure control", JASA 75:377). The algorithm
adds the smallest non-zero visible cell that closes a cycle for every exposed hidden cell until
none is exposed. Secondary cells are shown as ``".."`` (they are not small).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ... import columns as C
from ... import fmt
from ...errors import ParameterError
from ..rates import SMALL_NUMBER_THRESHOLD

PRIMAR = "<5"
SEKUNDAR = ".."
#: Text to show under a suppressed table.
FOTNOT = ("<5 = färre än 5 händelser (dolt av integritetsskäl). .. = dolt för att det dolda värdet inte ska "
          "kunna räknas fram ur summorna.")


def unstable_flag(counts, threshold: int = SMALL_NUMBER_THRESHOLD) -> np.ndarray:
    """True where a rate rests on fewer than ``threshold`` (20) events; NaN gives False."""
    c = np.asarray(counts, dtype=float)
    with np.errstate(invalid="ignore"):
        return c < threshold


def _sensitive_labels(categories) -> set:
    labels = set()
    for c in categories:
        labels.add(c)
        if c in C.BROTTSTYPER:
            labels.add(C.BROTTSTYPER[c])
    return labels


def _is_bridge(edges: set, edge: tuple, row_node, col_node) -> tuple[bool, set, set]:
    """Whether ``edge`` is a bridge in the bipartite multigraph of hidden cells; also the two
    components of the graph without it (node sets reachable from each endpoint)."""
    adj: dict = {}
    for (r, c) in edges:
        if (r, c) == edge:
            continue
        a, b = row_node(r), col_node(c)
        adj.setdefault(a, set()).add(b)
        adj.setdefault(b, set()).add(a)

    def reach(start):
        seen, stack = {start}, [start]
        while stack:
            for nb in adj.get(stack.pop(), ()):
                if nb not in seen:
                    seen.add(nb)
                    stack.append(nb)
        return seen

    a, b = row_node(edge[0]), col_node(edge[1])
    ra = reach(a)
    if b in ra:
        return False, ra, ra
    return True, ra, reach(b)


def suppress_table(table: pd.DataFrame, *, sensitive: Sequence | None = C.KANSLIGA_BROTTSTYPER,
                   axis: str = "index", threshold: int = 5, total_labels: Sequence = ("Totalt", "Summa", "totalt"),
                   row_totals_known: bool = True, col_totals_known: bool = True
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Suppress small counts in a display table, with secondary suppression.

    Parameters
    ----------
    table : DataFrame
        A wide table of counts (e.g. index = brottstyp codes or labels, columns = years or
        kommuner). Rows/columns whose label is in ``total_labels`` are treated as totals: they
        are never suppressed and the cells are not counted twice.
    sensitive : sequence or None
        Categories (codes or Swedish labels) on ``axis`` whose counts 1..threshold-1 are hidden.
        None means every cell is sensitive.
    axis : {"index", "columns"}
        Where the categories are.
    row_totals_known, col_totals_known : bool
        Whether row sums / column sums are public (default both: conservative).

    Returns
    -------
    (DataFrame, DataFrame)
        The display copy (object dtype; hidden cells ``"<5"`` or ``".."``) and a boolean mask of
        the same shape, True where a value is hidden.
    """
    if axis not in ("index", "columns"):
        raise ParameterError("axis ska vara 'index' eller 'columns'.")
    tot = set(total_labels)
    inner_rows = [r for r in table.index if r not in tot]
    inner_cols = [c for c in table.columns if c not in tot]
    vals = table.loc[inner_rows, inner_cols].apply(pd.to_numeric, errors="coerce")
    if (vals < 0).any().any():
        raise ParameterError("Tabellen innehåller negativa antal.")
    v = vals.to_numpy(dtype=float)
    nr, nc = v.shape
    sens = np.ones_like(v, dtype=bool)
    if sensitive is not None:
        labels = _sensitive_labels(sensitive)
        if axis == "index":
            sens = np.repeat(np.array([r in labels for r in inner_rows])[:, None], nc, axis=1)
        else:
            sens = np.repeat(np.array([c in labels for c in inner_cols])[None, :], nr, axis=0)
    with np.errstate(invalid="ignore"):
        primary = sens & (v >= 1) & (v < threshold)
    hidden = {(i, j) for i, j in zip(*np.nonzero(primary))}
    secondary: set = set()

    # graph nodes; a line whose total is unknown has no equation: merge into one free node
    def row_node(i):
        return ("r", i) if row_totals_known else ("free",)

    def col_node(j):
        return ("c", j) if col_totals_known else ("free",)

    if hidden and (row_totals_known or col_totals_known):
        for _ in range(nr * nc):
            exposed = None
            for e in sorted(hidden):
                bridge, comp_a, comp_b = _is_bridge(hidden, e, row_node, col_node)
                if bridge:
                    exposed = (e, comp_a, comp_b)
                    break
            if exposed is None:
                break
            _e, ca, cb = exposed
            best, best_key = None, None
            for i in range(nr):
                for j in range(nc):
                    if (i, j) in hidden:
                        continue
                    a, b = row_node(i), col_node(j)
                    if (a in ca and b in cb) or (a in cb and b in ca):
                        val = v[i, j]
                        key = (np.isnan(val), val == 0, val)  # smallest non-zero first
                        if best_key is None or key < best_key:
                            best, best_key = (i, j), key
            if best is None:
                # no single cell closes a cycle: extend the component along the exposed cell's row
                # (or column) with its smallest visible cell and try again
                ei, ej = _e
                line = [(ei, j) for j in range(nc)] if row_totals_known else []
                line += [(i, ej) for i in range(nr)] if col_totals_known else []
                for (i, j) in line:
                    if (i, j) in hidden:
                        continue
                    val = v[i, j]
                    key = (np.isnan(val), val == 0, val)
                    if best_key is None or key < best_key:
                        best, best_key = (i, j), key
            if best is None:
                raise ParameterError(
                    "Tabellen är för liten för att dölja små tal säkert (det dolda värdet skulle gå att räkna "
                    "fram ur summorna). Slå ihop kategorier eller år, eller visa inte tabellen.")
            hidden.add(best)
            secondary.add(best)

    display = table.astype(object).copy()
    mask = pd.DataFrame(False, index=table.index, columns=table.columns)
    for (i, j) in hidden:
        r, c = inner_rows[i], inner_cols[j]
        display.loc[r, c] = SEKUNDAR if (i, j) in secondary else PRIMAR
        mask.loc[r, c] = True
    return display, mask


def suppress_long(df: pd.DataFrame, *, rows: str = C.BROTTSTYP, columns: str = C.AR, value: str = C.ANTAL,
                  sensitive: Sequence | None = C.KANSLIGA_BROTTSTYPER, threshold: int = 5,
                  by: Sequence[str] = (C.KOMMUNKOD,)) -> pd.DataFrame:
    """Suppression for a long frame: pivot ``rows`` x ``columns`` per ``by`` group, suppress
    (:func:`suppress_table`), and return the long frame with ``visning`` (text shown) and
    ``dold`` (bool)."""
    by = [b for b in by if b in df.columns]
    parts = []
    groups = df.groupby(by, dropna=False) if by else [((), df)]
    for _key, g in groups:
        wide = g.pivot_table(index=rows, columns=columns, values=value, aggfunc="sum")
        disp, mask = suppress_table(wide, sensitive=sensitive, threshold=threshold,
                                    axis="index" if rows == C.BROTTSTYP or sensitive is None else "columns")
        out = g.copy()
        out["visning"] = [disp.loc[r, c] for r, c in zip(g[rows], g[columns])]
        out["dold"] = [bool(mask.loc[r, c]) for r, c in zip(g[rows], g[columns])]
        out["visning"] = [x if isinstance(x, str) else fmt.integer(x) for x in out["visning"]]
        parts.append(out)
    return pd.concat(parts).sort_index()
