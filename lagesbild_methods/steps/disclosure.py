"""The suppression policy of a report: which crime counts of the report's area may be shown.

One :class:`Disclosure` per report context (:meth:`Context.disclosure`). In a shareable report
(``delbar=True``) counts of 1-4 in sensitive crime types are shown as "<5" and further cells as ".."
(:func:`lagesbild_methods.stats.suppress_long`, primary and secondary suppression); a hidden count also
hides its rate, interval, change and comparisons. The policy is *applied* where a section leaves the
library (:meth:`~lagesbild_methods.steps.report.Section.render`): every table declares which rows carry
which (crime type, year), every sentence or figure about a crime type may declare it too, and the render
step masks or drops what is hidden. A section that adds a table without declaring its rows fails, so a new
section cannot forget the policy.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import columns as C
from .. import fmt
from .. import stats as S

#: A key names what a table row, sentence or figure shows numbers for: (brottstyp, year), or
#: (brottstyp, None) for every year of that crime type.
Key = tuple


@dataclass
class Disclosure:
    delbar: bool
    cells: pd.DataFrame  # brottstyp, ar, visning, dold for the area's own counts

    @classmethod
    def for_counts(cls, own: pd.DataFrame, delbar: bool) -> "Disclosure":
        """Policy for the area's own crime counts (``kommunkod, ar, brottstyp, antal``; 'totalt' is never hidden)."""
        own = own[own[C.BROTTSTYP] != "totalt"]
        if own.empty:  # e.g. Brå's kommun file: only the total, nothing to suppress
            return cls(bool(delbar), pd.DataFrame({C.BROTTSTYP: pd.Series(dtype=str), C.AR: pd.Series(dtype="int64"),
                                                   "visning": pd.Series(dtype=str), "dold": pd.Series(dtype=bool)}))
        if not delbar:
            out = own.copy()
            out["visning"] = out[C.ANTAL].map(fmt.integer)
            out["dold"] = False
        else:
            out = S.suppress_long(own)
        return cls(bool(delbar), out[[C.BROTTSTYP, C.AR, "visning", "dold"]].reset_index(drop=True))

    def _hit(self, brottstyp, ar) -> pd.DataFrame:
        c = self.cells
        m = c[C.BROTTSTYP] == brottstyp
        if ar is not None:
            m &= c[C.AR] == ar
        return c[m]

    def hidden(self, brottstyp, ar=None) -> bool:
        """True if the count of ``brottstyp`` in year ``ar`` (any year when None) must not be shown."""
        hit = self._hit(brottstyp, ar)
        return bool(hit["dold"].any()) if len(hit) else False

    def shown(self, brottstyp, ar) -> str | None:
        """The count as it may be shown: '<5' (primary), '..' (secondary suppression) or the number."""
        hit = self._hit(brottstyp, ar)
        return str(hit["visning"].iloc[0]) if len(hit) else None

    def hidden_types(self) -> set[str]:
        """Crime types with at least one hidden year."""
        return set(self.cells.loc[self.cells["dold"].astype(bool), C.BROTTSTYP])

    def hides(self, key: Key | None) -> bool:
        return key is not None and self.hidden(*key)

    def visible(self, frame: pd.DataFrame, ar=None) -> pd.DataFrame:
        """Rows of ``frame`` (with ``brottstyp`` and ``ar`` unless ``ar`` is given) whose count may be shown."""
        years = frame[C.AR] if ar is None else pd.Series(ar, index=frame.index)
        keep = pd.Series([not self.hidden(b, y) for b, y in zip(frame[C.BROTTSTYP], years)], index=frame.index,
                         dtype=bool)
        return frame[keep]

    def mask(self, df: pd.DataFrame, keys: list, *, count: str | None = None, keep=(), tokens=None) -> pd.DataFrame:
        """A copy of display table ``df`` with every hidden row masked.

        ``keys[i]`` is the key of row ``i`` (or None). On a hidden row the ``count`` column shows '<5'/'..',
        columns in ``tokens`` show their token and every other column except ``keep`` shows '–'.
        """
        if len(keys) != len(df):
            raise ValueError("keys must name one key (or None) per table row")
        out = df.copy()
        tokens = dict(tokens or {})
        for i, key in enumerate(keys):
            if not self.hides(key):
                continue
            for col in out.columns:
                if col in keep:
                    continue
                if col == count:
                    out.iloc[i, out.columns.get_loc(col)] = self.shown(*key) or ".."
                else:
                    out.iloc[i, out.columns.get_loc(col)] = tokens.get(col, fmt.MISSING)
        return out
