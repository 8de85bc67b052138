"""The suppression policy of a county report: which crime counts of which kommun may be shown.

A county report shows every kommun of the county side by side, so its policy is about cells
(kommun, brottstyp, år), not only the county's own counts. :class:`CountyPolicy` is the policy a county
section carries (``Section(policy=...)``): keys are ``(kommunkod, brottstyp, ar)`` (``ar`` None = any
year of the period) or, for the county itself, ``(brottstyp, ar)``. It masks table rows and drops
sentences and figures the same way as :class:`~lagesbild_methods.steps.disclosure.Disclosure`.

The decision is made for the whole publication -- the county and its kommuner together -- so that a
hidden kommun count cannot be worked out as the county total minus the kommuner shown. When the shared
context already decides for the publication (``Disclosure.publication``), that decision is used, so the
county report hides exactly what the kommuner's own reports hide; otherwise every sensitive crime type
is protected as a table kommuner x years with the county's figures as known column totals
(:func:`lagesbild_methods.stats.suppress_table`, primary and secondary suppression).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ... import columns as C
from ... import fmt, registry
from ... import stats as S
from ...errors import ParameterError

HIDDEN = ".."
_COLS = [C.KOMMUNKOD, C.BROTTSTYP, C.AR, "visning", "dold"]


def decide(cells: pd.DataFrame, lan: str, delbar: bool) -> pd.DataFrame:
    """``kommunkod, brottstyp, ar, visning, dold`` for every cell of the county and its kommuner."""
    cells = cells[[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL]].copy()
    cells["visning"] = cells[C.ANTAL].map(fmt.integer)
    cells["dold"] = False
    if not delbar or cells.empty:
        return cells[_COLS].reset_index(drop=True)
    members = set(registry.kommuner_i_lan(lan))
    for b in C.KANSLIGA_BROTTSTYPER:
        part = cells[(cells[C.BROTTSTYP] == b) & cells[C.KOMMUNKOD].isin(members | {lan})]
        if part.empty:
            continue
        wide = part.pivot_table(index=C.KOMMUNKOD, columns=C.AR, values=C.ANTAL, aggfunc="sum")
        wide = wide.rename(index={lan: "Summa"})
        try:
            _disp, mask = S.suppress_table(wide, sensitive=None, total_labels=("Summa",))
        except ParameterError:  # too few kommuner to protect a small count (e.g. a one-kommun county)
            small = ((wide >= 1) & (wide < 5)).to_numpy().any()
            mask = pd.DataFrame(bool(small), index=wide.index, columns=wide.columns)
        for (kod, ar), hidden in mask.stack().items():
            if hidden:
                m = (cells[C.BROTTSTYP] == b) & (cells[C.KOMMUNKOD] == (lan if kod == "Summa" else kod)) & \
                    (cells[C.AR] == ar)
                cells.loc[m, "dold"] = True
                cells.loc[m, "visning"] = HIDDEN
    return cells[_COLS].reset_index(drop=True)


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
        def build():
            pub = getattr(ctx.disclosure, "publication", None)
            if pub is not None and len(pub):
                return cls(ctx.kod, ctx.delbar, pub[_COLS].reset_index(drop=True))
            c = ctx.crime
            members = set(ctx.area.members) | {ctx.kod}
            c = c[c[C.KOMMUNKOD].isin(members) & c[C.AR].between(ctx.ar_fran - 1, ctx.ar_till)]
            return cls(ctx.kod, ctx.delbar, decide(c, ctx.kod, ctx.delbar))
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
