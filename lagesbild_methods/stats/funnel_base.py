"""Funnel-plot basics shared by :mod:`.funnel` and :mod:`.funnel_years`: the result type, the levels,
the column names and the denominator grid (PHEindicatormethods' axis rule)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ParameterError

LEVELS = (0.95, 0.998)
MALVARDE = "malvarde"  # the group value (centre line)
Z_POANG = "z"  # standardised deviation from the target (normal approximation)

@dataclass
class FunnelResult:
    """Result of :func:`funnel`: the points, the limit curves and the choices made.

    Attributes
    ----------
    punkter : DataFrame
        One row per area: input columns, ``varde``, CI at both levels, ``namnare``,
        ``malvarde``, ``z``, the funnel limits at the area's own denominator
        (``tratt_nedre_95`` ...), ``skillnad`` (a ``Comparison`` verdict) and ``skillnad_niva``.
    granser : DataFrame
        The limit curves on a grid: ``namnare``, ``malvarde``, ``nedre_95``, ``ovre_95``,
        ``nedre_99_8``, ``ovre_99_8``.
    malvarde : float
        The group value (target) on the output scale.
    typ : str
        "rate" or "proportion".
    multiplier : float
    overdispersion : str
        The adjustment used: "ingen", "multiplikativ" or "additiv".
    phi, tau2, overdispersion_p : float
        Overdispersion factor, between-area variance (output scale squared) and the p-value
        of the chi-square test for overdispersion.
    metod : str
        A Swedish sentence describing the limits and the overdispersion choice (show it under
        the figure).
    """

    punkter: pd.DataFrame
    granser: pd.DataFrame
    malvarde: float
    typ: str
    multiplier: float
    overdispersion: str
    phi: float
    tau2: float
    overdispersion_p: float
    metod: str
    label: str | None = None
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# axis grid (PHE)
# --------------------------------------------------------------------------------------


def _signif_floor(x: float, digits: int = 1) -> float:
    if x <= 0:
        return 0.0
    p = 10 ** (math.floor(math.log10(x)) - digits + 1)
    return math.floor(x / p) * p


def _signif_ceiling(x: float, digits: int = 2) -> float:
    if x <= 0:
        return 0.0
    p = 10 ** (math.floor(math.log10(x)) - digits + 1)
    return math.ceil(round(x / p, 10)) * p


def funnel_axis(denominators, n_points: int = 100) -> np.ndarray:
    """Denominator grid for drawing the funnel limits (PHEindicatormethods' axis rule).

    axis_min = 0 if max > 2 min, else min*0.95 floored to 1 significant digit; axis_max =
    max*1.05 ceiled to 2 significant digits; x_1 = max(1, axis_min) and
    x_j = max(round((axis_max / x_{j-1})^(1/(n+1-j)) x_{j-1}), x_{j-1} + 1).
    """
    d = np.asarray(denominators, dtype=float)
    d = d[~np.isnan(d)]
    if d.size == 0:
        raise ParameterError("Inga nämnare att rita trattdiagrammet för.")
    lo, hi = float(d.min()), float(d.max())
    axis_min = 0.0 if hi > 2 * lo else _signif_floor(lo * 0.95, 1)
    axis_max = _signif_ceiling(hi * 1.05, 2)
    x = [max(1.0, axis_min)]
    for j in range(2, n_points + 1):
        prev = x[-1]
        step = (axis_max / prev) ** (1 / (n_points + 1 - j)) * prev
        x.append(max(float(np.round(step)), prev + 1))
    return np.asarray(x)
