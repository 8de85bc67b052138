"""Display helpers for the course notebooks: tables with Swedish headings and Swedish number format.

The exercise modules shape library results into small tables for a participant; the values are strings
formatted with :mod:`lagesbild_methods.fmt` (decimal comma, thin-space thousands), so what a participant
reads in JupyterLab and in the handout is the same as in a report.
"""
from __future__ import annotations

import math

import pandas as pd

from .. import columns as C
from .. import fmt


def brottstyp(kod: str) -> str:
    """Swedish label of a crime type code ('skadegorelse' -> 'Skadegörelsebrott')."""
    return C.BROTTSTYPER.get(kod, kod)


def kategori(kod: str) -> str:
    """Swedish label of an incident category code."""
    return C.INCIDENT_KATEGORIER.get(kod, kod)


def tal(x, decimaler: int = 0) -> str:
    return fmt.num(x, decimaler)


def procent(x, decimaler: int = 0, *, andel: bool = True) -> str:
    return fmt.pct(x, decimaler, is_fraction=andel)


def signerad_procent(x, decimaler: int = 0) -> str:
    """'+22 %' / '−15 %' for a change in percent (a dash when it cannot be computed, e.g. from 0 events)."""
    if pd.isna(x) or not math.isfinite(float(x)):
        return fmt.MISSING
    return ("+" if x > 0 else "") + fmt.pct(x, decimaler, is_fraction=False)


def intervall(lo, hi, decimaler: int = 0, *, procent_: bool = False) -> str:
    """'820–1 150' for a rate interval; '−6 % till +57 %' for an interval of a change in percent."""
    if procent_:
        if pd.isna(lo) or pd.isna(hi) or not (math.isfinite(float(lo)) and math.isfinite(float(hi))):
            return fmt.MISSING
        return f"{signerad_procent(lo, decimaler)} till {signerad_procent(hi, decimaler)}"
    return fmt.interval(lo, hi, decimaler)


class Tabell(pd.DataFrame):
    """A display table: a DataFrame of formatted strings that shows without its index (in JupyterLab, in a
    printout and in the HTML handout), like the tables of the reports."""

    @property
    def _constructor(self):
        return Tabell

    def _repr_html_(self) -> str:
        return self.to_html(index=False, escape=True, border=0, classes="lb-tabell", na_rep=fmt.MISSING)

    def __repr__(self) -> str:
        return self.to_string(index=False)


def tabell(rows: list[dict]) -> Tabell:
    """A display table from already formatted rows (keys are the Swedish headings)."""
    return Tabell(pd.DataFrame(rows))
