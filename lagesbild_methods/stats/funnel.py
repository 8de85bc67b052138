"""Funnel plots: compare the eight municipalities (or a kommungrupp) with the group value.

Method: Spiegelhalter (2005), "Funnel plots for comparing institutional performance",
Stat Med 24:1185-1202, as implemented in PHEindicatormethods ``calculate_funnel_limits`` /
``assign_funnel_significance``:

* target (group value) = sum(count) / sum(denominator), unless given;
* control limits at 95 % ("2 s", 2.5 % per tail) and 99.8 % ("3 s", 0.1 % per tail);
* rates: exact Poisson limits. At population N the lower limit is O/N where O solves
  P(X <= O | mean target*N) = 0.025 (continuous Poisson quantile, ``scipy.special.pdtrik``);
  this is the same curve PHE obtains by inverting the exact chi-square interval on an
  event grid;
* proportions: the proportion whose Wilson score interval just touches the target
  (PHE's closed-form quadratic);
* overdispersion (Spiegelhalter 2005, section 5): winsorised (10 %/90 %) z-scores give
  phi = mean(z^2); with I areas, I*phi ~ chi2(I-1) under no overdispersion. The
  *multiplicative* approach widens the normal limits by sqrt(phi); the *additive* random-effects
  approach adds tau^2 (DerSimonian-Laird moment estimate) to the within-area variance.
  ``overdispersion="auto"`` uses the additive approach when the chi-square test is significant
  at 5 %, otherwise the exact limits. The choice and the estimates are returned in the result.

With only eight areas the overdispersion estimate is rough; the result says so.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import special as _sp
from scipy import stats as _st

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from .benchmark_base import NIVA, SKILLNAD, significance, verdicts_from_conditions
from .proportions import proportions
from .funnel_base import (  # noqa: F401 - re-exported: the public names of this module
    LEVELS, MALVARDE, Z_POANG, FunnelResult, _signif_ceiling, _signif_floor, funnel_axis,
)
from .rates import check_columns, rates

_OD_NAMES = {
    "ingen": "ingen", "none": "ingen", None: "ingen",
    "multiplikativ": "multiplikativ", "multiplicative": "multiplikativ",
    "additiv": "additiv", "additive": "additiv",
    "auto": "auto",
    "arsvariation": "arsvariation", "between-years": "arsvariation",
}


# --------------------------------------------------------------------------------------
# exact limits
# --------------------------------------------------------------------------------------


def rate_limits(target: float, denominator, confidence: float, multiplier: float = 100_000):
    """Exact Poisson funnel limits (rate scale) at each denominator for a target rate.

    ``target`` is on the output scale (per ``multiplier``). Returns ``(lower, upper)``.
    """
    n = np.asarray(denominator, dtype=float)
    e = target / multiplier * n
    a = (1 - confidence) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        o_lo = np.clip(_sp.pdtrik(a, e), 0, None)
        o_hi = _sp.pdtrik(1 - a, e) + 1
        return o_lo / n * multiplier, o_hi / n * multiplier


def proportion_limits(target: float, denominator, confidence: float, multiplier: float = 1):
    """Wilson-inverted funnel limits for a target proportion (PHE's closed form).

    With q = z^2, A = p0 (N/q + 1), C = 1/q + 1/N,
    D = 64 A^2 - 64 C p0 (N (p0 (N/q + 2) - 1) + q (p0 - 1)), the limits are
    (A -/+ sqrt(D)/8) / C / N, clipped to [0, 1] (times the multiplier).
    """
    p0 = target / multiplier
    n = np.asarray(denominator, dtype=float)
    z = _st.norm.ppf(1 - (1 - confidence) / 2)
    q = z * z
    A = p0 * (n / q + 1)
    Cc = 1 / q + 1 / n
    D = 64 * A ** 2 - 64 * Cc * p0 * (n * (p0 * (n / q + 2) - 1) + q * (p0 - 1))
    with np.errstate(invalid="ignore"):
        root = np.sqrt(np.clip(D, 0, None)) / 8
    lo = np.clip((A - root) / Cc / n, 0, 1)
    hi = np.clip((A + root) / Cc / n, 0, 1)
    return lo * multiplier, hi * multiplier


# --------------------------------------------------------------------------------------
# overdispersion
# --------------------------------------------------------------------------------------


def overdispersion_estimate(z, winsor: float = 0.10) -> tuple[float, float]:
    """Spiegelhalter's winsorised overdispersion factor phi = mean(z_w^2) and the p-value of
    the test I*phi ~ chi2(I-1). Returns ``(phi, p)``."""
    z = np.asarray(z, dtype=float)
    z = z[np.isfinite(z)]
    k = z.size
    if k < 2:
        return float("nan"), float("nan")
    lo, hi = np.percentile(z, [100 * winsor, 100 * (1 - winsor)])
    zw = np.clip(z, lo, hi)
    phi = float(np.mean(zw ** 2))
    return phi, float(_st.chi2.sf(k * phi, k - 1))


def _tau2(phi: float, se2: np.ndarray) -> float:
    """DerSimonian-Laird style additive between-area variance (Spiegelhalter 2005, eq. 6)."""
    w = 1 / se2
    k = se2.size
    denom = w.sum() - (w ** 2).sum() / w.sum()
    return float(max(0.0, (k * phi - (k - 1)) / denom)) if denom > 0 else 0.0


# --------------------------------------------------------------------------------------
# the funnel
# --------------------------------------------------------------------------------------


def funnel(df: pd.DataFrame, kind: str = "rate", count: str = C.ANTAL, denominator: str = C.FOLKMANGD, *,
           label: str | None = C.KOMMUNKOD, target: float | None = None, multiplier: float | None = None,
           overdispersion: str | None = "auto", grid: Sequence[float] | None = None, n_points: int = 100,
           confidence: float = 0.95, extra_variation=0.0, region_extra_variation=0.0,
           region_count: float | None = None, region_denominator: float | None = None) -> FunnelResult:
    """Funnel plot data for comparing areas of very different size.

    Parameters
    ----------
    df : DataFrame
        One row per area (e.g. the eight kommuner for one year and crime type, or all kommuner
        of a kommungrupp), with a count and a denominator.
    kind : {"rate", "proportion"}
    target : float, optional
        The centre line on the output scale (e.g. the county's rate). Default: the pooled group
        value sum(count)/sum(denominator) x multiplier.
    multiplier : float, optional
        100 000 for rates (default), 1 for proportions (default).
    overdispersion : {"auto", "ingen", "multiplikativ", "additiv", "arsvariation"}
        How to treat overdispersion (English names accepted too). See the module docstring.
        ``"arsvariation"`` (rates; the reports' choice): the limits and every area's verdict come
        from the comparison test of the text, the area against the rest of the region with the
        extra variation between years (:mod:`.funnel_years`); the verdict is at ``confidence``.
    extra_variation, region_extra_variation : "arsvariation" only: NB2 alpha of the areas' counts
        (number, Series aligned with ``df``, or a frame from ``estimate_extra_variation``) and of
        the region's (a number, e.g. ``dispersion.lookup(est, {"kommunkod": "03", ...})``).
    region_count, region_denominator : "arsvariation" only: the region's totals (default: the sums
        of the areas, i.e. the areas make up the region, like the eight kommuner and their county).
    grid : sequence, optional
        Denominators at which to compute the limit curves (default: PHE's 100-point axis).

    Returns
    -------
    FunnelResult
    """
    if kind not in ("rate", "proportion"):
        raise ParameterError(f"Okänd typ av skattning: '{kind}'. Använd 'rate' eller 'proportion'.")
    od_key = overdispersion.lower() if isinstance(overdispersion, str) else overdispersion
    if od_key not in _OD_NAMES:
        raise ParameterError(
            f"Okänt val för överspridning: '{overdispersion}'. Använd 'auto', 'ingen', 'multiplikativ', 'additiv' "
            "eller 'arsvariation'.")
    od = _OD_NAMES[od_key]
    if od == "arsvariation":
        if kind != "rate":
            raise ParameterError("Trattdiagram med variation mellan år finns för antal per invånare (kind='rate').")
        from .funnel_years import funnel_between_years

        return funnel_between_years(df, count, denominator, label=label, multiplier=multiplier or 100_000,
                                    grid=grid, n_points=n_points, confidence=confidence,
                                    extra_variation=extra_variation, region_extra_variation=region_extra_variation,
                                    region_count=region_count, region_denominator=region_denominator)
    if multiplier is None:
        multiplier = 100_000 if kind == "rate" else 1
    check_columns(df, [count, denominator])
    if kind == "rate":
        pts = rates(df, count, denominator, confidence=LEVELS, multiplier=multiplier)
    else:
        pts = proportions(df, count, denominator, confidence=LEVELS, multiplier=multiplier)
    ok = pts[C.VARDE].notna()
    if ok.sum() == 0:
        raise ParameterError("Inga områden med både antal och nämnare att jämföra.")
    o = pts.loc[ok, count].astype(float).to_numpy()
    n = pts.loc[ok, C.NAMNARE].astype(float).to_numpy()
    if target is None:
        target = float(o.sum() / n.sum() * multiplier)
    p0 = target / multiplier
    pts[MALVARDE] = target

    # within-area standard errors (output scale) and z-scores, normal approximation
    def se(nn):
        nn = np.asarray(nn, dtype=float)
        var = p0 / nn if kind == "rate" else p0 * (1 - p0) / nn
        return np.sqrt(var) * multiplier

    with np.errstate(invalid="ignore", divide="ignore"):
        pts[Z_POANG] = (pts[C.VARDE] - target) / se(pts[C.NAMNARE])
    phi, p_od = overdispersion_estimate(pts.loc[ok, Z_POANG])
    se2 = se(n) ** 2
    tau2 = _tau2(phi, se2) if np.isfinite(phi) else 0.0
    if od == "auto":
        od = "additiv" if (np.isfinite(p_od) and p_od < 0.05 and tau2 > 0) else "ingen"

    def limits_at(nn):
        nn = np.asarray(nn, dtype=float)
        out = {}
        for c in LEVELS:
            s = C.level_suffix(c)
            if od == "ingen":
                lo, hi = (rate_limits if kind == "rate" else proportion_limits)(target, nn, c, multiplier)
            else:
                z = _st.norm.ppf(1 - (1 - c) / 2)
                width = z * (np.sqrt(phi) * se(nn) if od == "multiplikativ" else np.sqrt(se(nn) ** 2 + tau2))
                lo = np.clip(target - width, 0, None)
                hi = target + width
                if kind == "proportion":
                    hi = np.clip(hi, None, multiplier)
            out[f"{C.NEDRE}_{s}"], out[f"{C.OVRE}_{s}"] = lo, hi
        return out

    own = limits_at(pts[C.NAMNARE])
    for k, v in own.items():
        pts[f"tratt_{k}"] = v
    if od == "ingen":
        # exact: area CI vs target (equivalent to the point lying outside the exact funnel)
        pts[SKILLNAD], pts[NIVA] = significance(pts[f"{C.NEDRE}_95"], pts[f"{C.OVRE}_95"], pts[f"{C.NEDRE}_99_8"],
                                                pts[f"{C.OVRE}_99_8"], target)
    else:
        v = pts[C.VARDE].to_numpy(dtype=float)
        conds = [np.isnan(v), v < own[f"{C.NEDRE}_99_8"], v < own[f"{C.NEDRE}_95"],
                 v > own[f"{C.OVRE}_99_8"], v > own[f"{C.OVRE}_95"]]
        pts[SKILLNAD], pts[NIVA] = verdicts_from_conditions(conds)

    g = np.asarray(grid, dtype=float) if grid is not None else funnel_axis(n, n_points)
    granser = pd.DataFrame({C.NAMNARE: g, MALVARDE: target, **limits_at(g)})
    metod = _method_text(kind, od, phi, p_od, tau2, multiplier, int(ok.sum()))
    return FunnelResult(punkter=pts, granser=granser, malvarde=target, typ=kind, multiplier=multiplier,
                        overdispersion=od, phi=phi, tau2=tau2, overdispersion_p=p_od, metod=metod, label=label)


def _method_text(kind, od, phi, p, tau2, multiplier, k) -> str:
    base = ("Kontrollgränser på 95 % och 99,8 % kring gruppens värde (Spiegelhalter 2005), "
            + ("exakta Poissongränser." if kind == "rate" else "Wilsongränser."))
    ptxt = fmt.p_value(p)
    phitxt = f"Överspridningsfaktor φ = {fmt.num(phi, 2)} ({ptxt}, {k} områden)."
    if od == "ingen":
        extra = " Ingen justering för överspridning."
    elif od == "multiplikativ":
        extra = " Gränserna är vidgade multiplikativt med √φ för överspridning."
    else:
        scale = fmt.num(math.sqrt(tau2), 1 if kind == "rate" else 3)
        extra = (f" Gränserna har justerats för överspridning med en additiv slumpeffekt "
                 f"(τ = {scale} på värdets skala): skillnader mellan områdena som är större än slumpen "
                 "räknas som normala.")
    small = " Med så få områden är skattningen av överspridningen osäker." if k < 15 else ""
    return base + extra + " " + phitxt + small
