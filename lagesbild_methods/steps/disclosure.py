"""The suppression policy of a report: which crime counts of the report's area may be shown.

One :class:`Disclosure` per report context (:meth:`Context.disclosure`). In a shareable report
(``delbar=True``) the decision is made for the whole *publication*, every shareable report of the
county together: the county's kommuner and the county, every crime type and year
(:func:`lagesbild_methods.stats.suppress_publication`). Counts of 1-4 in sensitive crime types are
hidden, and so are the cheapest further cells that keep them from being worked out of the other
figures (a county total minus the shown kommuner, a total minus the shown types). The decision is
deterministic, so the eight reports of a batch hide the same cells. Every hidden cell shows one
symbol, ``".."`` (:data:`~lagesbild_methods.stats.suppression.DOLT`), explained once
(:data:`~lagesbild_methods.stats.suppression.FOTNOT_PUBLIKATION`); a hidden count also hides its rate,
interval, change, trend and comparisons.

The policy is *applied* where a section leaves the library
(:meth:`~lagesbild_methods.steps.report.Section.render`): every table declares which rows carry which
(crime type, year), every sentence or figure about a crime type may declare it too, and the render step
masks or drops what is hidden. A section that adds a table without declaring its rows fails, so a new
section cannot forget the policy.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import columns as C
from .. import fmt
from .. import stats as S
from ..stats.suppression import DOLT

#: A key names what a table row, sentence or figure shows numbers for: (brottstyp, year), or
#: (brottstyp, None) for every year of that crime type.
Key = tuple

_COLS = [C.BROTTSTYP, C.AR, "visning", "dold"]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({C.BROTTSTYP: pd.Series(dtype=str), C.AR: pd.Series(dtype="int64"),
                         "visning": pd.Series(dtype=str), "dold": pd.Series(dtype=bool)})


@dataclass
class Disclosure:
    delbar: bool
    cells: pd.DataFrame  # brottstyp, ar, visning, dold for the area's own counts
    publication: pd.DataFrame = field(default_factory=_empty)  # kommunkod, brottstyp, ar, visning, dold: all areas
    area: str = ""
    _hidden_keys: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def for_counts(cls, own: pd.DataFrame, delbar: bool) -> "Disclosure":
        """Policy for one area's own crime counts (``kommunkod, ar, brottstyp, antal``) without the
        rest of the publication (the totals 'totalt' are part of the system and never hidden)."""
        code = str(own[C.KOMMUNKOD].iloc[0]) if len(own) else ""
        return cls.for_publication(own, code, delbar)

    @classmethod
    def for_publication(cls, cells: pd.DataFrame, area: str, delbar: bool, years=None) -> "Disclosure":
        """Policy for the report of ``area`` from every count the publication shows (``cells``: kommunkod,
        ar, brottstyp, antal of the county's kommuner and the county, all types and years). ``years``
        (first, last) limits :attr:`cells` (the area's own table) to the report's period."""
        cells = cells[[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL]].reset_index(drop=True)
        if cells.empty or (cells[C.BROTTSTYP] != "totalt").sum() == 0:  # e.g. Brå's kommun file: only totals
            return cls(bool(delbar), _empty())
        if not delbar:
            dec = cells.copy()
            dec["visning"] = dec[C.ANTAL].map(fmt.integer)
            dec["dold"] = False
        else:
            dec = S.suppress_publication(cells)
        dec = dec[[C.KOMMUNKOD, *_COLS]]
        own = dec[(dec[C.KOMMUNKOD].astype(str) == str(area)) & (dec[C.BROTTSTYP] != "totalt")]
        if years is not None:
            own = own[own[C.AR].between(*years)]
        return cls(bool(delbar), own[_COLS].reset_index(drop=True), dec.reset_index(drop=True), str(area))

    def _hit(self, brottstyp, ar) -> pd.DataFrame:
        c = self.cells
        m = c[C.BROTTSTYP] == brottstyp
        if ar is not None:
            m &= c[C.AR] == ar
        return c[m]

    def hidden(self, brottstyp, ar=None) -> bool:
        """True if the count of ``brottstyp`` in year ``ar`` (any year of the period when None) must not be
        shown (also a year outside the period that a change uses)."""
        if ar is not None and self.area and not self.publication.empty:
            return self.hidden_in(self.area, brottstyp, ar)
        hit = self._hit(brottstyp, ar)
        return bool(hit["dold"].any()) if len(hit) else False

    def hidden_in(self, kommunkod, brottstyp, ar=None) -> bool:
        """Like :meth:`hidden` for any area of the publication (another kommun, the county)."""
        if self.publication.empty:
            return False
        with_year, any_year = self._hidden_sets()
        if ar is None:
            return (str(kommunkod), brottstyp) in any_year
        return (str(kommunkod), brottstyp, ar) in with_year

    def _hidden_sets(self) -> tuple[set, set]:
        """The hidden cells of the publication as sets of (kommunkod, brottstyp, ar) and (kommunkod, brottstyp):
        a report asks about hundreds of cells, and a scan of the publication per question was the cost."""
        if self._hidden_keys is None:
            p = self.publication
            d = p[p["dold"].fillna(False).astype(bool)]
            kod = d[C.KOMMUNKOD].astype(str).tolist()
            typ, ar = d[C.BROTTSTYP].tolist(), d[C.AR].tolist()
            self._hidden_keys = (set(zip(kod, typ, ar)), set(zip(kod, typ)))
        return self._hidden_keys

    def shown(self, brottstyp, ar) -> str | None:
        """The count as it may be shown: the number, or '..' when hidden."""
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

        ``keys[i]`` is the key of row ``i`` (or None). On a hidden row the ``count`` column shows '..',
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
                    out.iloc[i, out.columns.get_loc(col)] = (self.shown(*key) if key[1] is not None else None) or DOLT
                else:
                    out.iloc[i, out.columns.get_loc(col)] = tokens.get(col, fmt.MISSING)
        return out
