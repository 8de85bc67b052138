"""The suppression policy of a county report: which crime counts of which kommun may be shown.

A county report shows every kommun of the county side by side, so its policy is about cells
(kommun, brottstyp, år), not only the county's own counts. :class:`CountyPolicy` is the policy a county
section carries (``Section(policy=...)``): keys are ``(kommunkod, brottstyp, ar)`` (``ar`` None = any
year of the period) or, for the county itself, ``(brottstyp, ar)``. It masks table rows and drops
sentences and figures the same way as :class:`~lagesbild_methods.steps.disclosure.Disclosure`.

There is one decision for the whole publication -- the county and its kommuner together, every crime
type, the period and the year before it -- so that a hidden kommun count cannot be worked out as the
county total minus the kommuner shown: the shared context's ``Disclosure.publication``
(:func:`lagesbild_methods.stats.suppress_publication`). The county report therefore hides exactly the
cells the kommuner's own reports hide.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import columns as C
from ... import fmt

HIDDEN = ".."
_COLS = [C.KOMMUNKOD, C.BROTTSTYP, C.AR, "visning", "dold"]


@dataclass(frozen=True)
class Cells:
    """The key of a table row whose cells show counts of different kommuner or crime types:
    ``((column, kommunkod, brottstyp, ar), ...)``; each hidden cell is masked on its own."""

    cells: tuple


@dataclass
class CountyPolicy:
    lan: str
    delbar: bool
    cells: pd.DataFrame  # kommunkod, brottstyp, ar, visning, dold

    @classmethod
    def for_context(cls, ctx) -> "CountyPolicy":
        """The publication's decision (:attr:`Disclosure.publication`, made by
        :func:`~lagesbild_methods.stats.suppress_publication` over the county and its kommuner): the same
        cells are hidden here as in every kommun report of the county."""
        def build():
            pub = ctx.disclosure.publication
            if pub is None or pub.empty:  # no crime statistics, or totals only: nothing to hide
                return cls(ctx.kod, ctx.delbar, pd.DataFrame({c: pd.Series(dtype=object) for c in _COLS}))
            return cls(ctx.kod, ctx.delbar, pub[_COLS].reset_index(drop=True))
        return ctx.cached("lan:policy", build)

    def __post_init__(self):
        hidden = self.cells[self.cells["dold"].astype(bool)]
        self._hidden = {(str(k), b, int(y)) for k, b, y in zip(hidden[C.KOMMUNKOD], hidden[C.BROTTSTYP], hidden[C.AR])}
        self._hidden_any = {(k, b) for k, b, _y in self._hidden}

    # ------------------------------------------------------------------ queries
    def _hit(self, kommun, brottstyp, ar) -> pd.DataFrame:
        c = self.cells
        m = (c[C.KOMMUNKOD] == str(kommun)) & (c[C.BROTTSTYP] == brottstyp)
        if ar is not None:
            m &= c[C.AR] == ar
        return c[m]

    def hidden_in(self, kommun, brottstyp, ar=None) -> bool:
        """True if the count of ``brottstyp`` for ``kommun`` in year ``ar`` (any year when None) is hidden."""
        if ar is None:
            return (str(kommun), brottstyp) in self._hidden_any
        return (str(kommun), brottstyp, int(ar)) in self._hidden

    def _key(self, key) -> tuple:
        return key if len(key) == 3 else (self.lan, *key)

    def hides(self, key) -> bool:
        if key is None or isinstance(key, Cells):
            return False
        return self.hidden_in(*self._key(key))

    def shown(self, kommun, brottstyp, ar) -> str | None:
        hit = self._hit(kommun, brottstyp, ar)
        return str(hit["visning"].iloc[0]) if len(hit) else None

    def any_hidden(self) -> bool:
        return bool(self._hidden)

    def visible(self, frame: pd.DataFrame, ar=None) -> pd.DataFrame:
        """Rows of ``frame`` (``kommunkod``, ``brottstyp`` and ``ar`` unless given) whose count may be shown."""
        years = frame[C.AR] if ar is None else pd.Series(ar, index=frame.index)
        keep = [not self.hidden_in(k, b, y) for k, b, y in zip(frame[C.KOMMUNKOD], frame[C.BROTTSTYP], years)]
        return frame[pd.Series(keep, index=frame.index, dtype=bool)]

    def mask(self, df: pd.DataFrame, keys: list, *, count: str | None = None, keep=(), tokens=None) -> pd.DataFrame:
        """A copy of a display table with every hidden row masked (see ``Disclosure.mask``)."""
        if len(keys) != len(df):
            raise ValueError("keys must name one key (or None) per table row")
        out = df.copy()
        tokens = dict(tokens or {})
        for i, key in enumerate(keys):
            if isinstance(key, Cells):
                for col, kommun, brottstyp, ar in key.cells:
                    if self.hidden_in(kommun, brottstyp, ar):
                        out.iloc[i, out.columns.get_loc(col)] = HIDDEN
                continue
            if not self.hides(key):
                continue
            for col in out.columns:
                if col in keep:
                    continue
                out.iloc[i, out.columns.get_loc(col)] = (HIDDEN if col == count
                                                         else tokens.get(col, fmt.MISSING))
        return out


def section(ctx):
    """A new section carrying the county policy."""
    from ..report import Section

    return Section(policy=CountyPolicy.for_context(ctx))
