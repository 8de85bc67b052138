"""Funnel plot drawn from the comparison test itself (``funnel(..., overdispersion="arsvariation")``).

The centre line is the region's rate (by default the areas make up the region: the eight kommuner
and their county). Each area is judged by :func:`~lagesbild_methods.stats.ratetest.two_rate_test`,
the area against the rest of the region with the extra variation between years of both (the test
of ``compare_with_region(..., method="midp")``). The limit curves are the same test turned around
(:func:`~lagesbild_methods.stats.ratetest.area_count_limits`): at population N they are the rates
an area of that size would need to be judged different. So the sentence, the table mark and the
figure give one verdict; a point lies outside the curve at its own population exactly when its
verdict is higher or lower (for areas whose alpha equals the curve's, which is the pooled alpha of
the category; an area whose own series varies clearly more keeps its own, wider test).

Spiegelhalter's random-effects funnel (``"additiv"``) answers a different question, whether an
area is unusual *among areas*; here the question is the one the report asks, whether the area's
rate differs from the region's beyond what chance and ordinary year-to-year variation explain.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from ..verdicts import Comparison
from .benchmark_base import NIVA, SKILLNAD
from .compare_midp import _alpha_for_rows
from .funnel_base import LEVELS, MALVARDE, Z_POANG, FunnelResult, funnel_axis
from .ratetest import area_count_limits, rest_alpha, two_rate_test
from .rates import check_columns, normalize_confidence, rates


def funnel_between_years(df: pd.DataFrame, count: str, denominator: str, *, label, multiplier: float, grid,
                         n_points: int, confidence: float, extra_variation, region_extra_variation,
                         region_count, region_denominator) -> FunnelResult:
    check_columns(df, [count, denominator])
    (conf,) = normalize_confidence(confidence)
    pts = rates(df, count, denominator, confidence=conf, multiplier=multiplier)
    ok = pts[C.VARDE].notna().to_numpy()
    if ok.sum() == 0:
        raise ParameterError("Inga områden med både antal och nämnare att jämföra.")
    o = pd.to_numeric(pts[count], errors="coerce").to_numpy(dtype=float)
    n = pts[C.NAMNARE].to_numpy(dtype=float)
    if np.any(ok & (o != np.round(o))):
        raise ParameterError("Trattdiagrammet kräver heltal som antal.")
    total = float(o[ok].sum()) if region_count is None else float(region_count)
    pop = float(n[ok].sum()) if region_denominator is None else float(region_denominator)
    if not (pop > 0 and total >= 0 and np.isfinite(total)):
        raise ParameterError("Regionens antal och befolkning behövs för trattdiagrammet.")
    target = total / pop * multiplier
    alpha = _alpha_for_rows(df, extra_variation, count, denominator)
    try:
        alpha_region = float(region_extra_variation)
    except (TypeError, ValueError):
        raise ParameterError("Regionens extra variation ska vara ett tal (se dispersion.lookup).") from None
    curve_alpha = float(np.median(alpha[ok])) if ok.any() else 0.0

    verdicts, levels, pvals = [], [], []
    for i in range(len(pts)):
        if not ok[i]:
            verdicts.append(Comparison.NOT_ASSESSED)
            levels.append(np.nan)
            pvals.append(np.nan)
            continue
        rest_o, rest_e = total - o[i], pop - n[i]
        if rest_e <= 0 or rest_o < 0:
            verdicts.append(Comparison.NOT_ASSESSED)
            levels.append(np.nan)
            pvals.append(np.nan)
            continue
        t = two_rate_test(int(rest_o), rest_e, int(o[i]), n[i],
                          alpha1=rest_alpha(alpha_region, alpha[i], total, pop, n[i]), alpha2=alpha[i],
                          confidence=conf, midp=True, interval=False)
        pvals.append(t.pvalue)
        if t.pvalue < 1 - conf:
            verdicts.append(Comparison.HIGHER if t.estimate > 1 else Comparison.LOWER)
            levels.append(conf)
        else:
            verdicts.append(Comparison.NO_DIFFERENCE)
            levels.append(np.nan)
    pts[MALVARDE] = target
    with np.errstate(invalid="ignore", divide="ignore"):
        pts[Z_POANG] = (pts[C.VARDE] - target) / (np.sqrt(target / multiplier / n) * multiplier)
    pts["p_varde"] = pvals
    pts[SKILLNAD] = np.array(verdicts, dtype=object)
    pts[NIVA] = np.array(levels, dtype=float)
    pts["overspridning"] = alpha

    def limits_at(nn, levels_):
        out = {}
        for c in levels_:
            s = C.level_suffix(c)
            pairs = [area_count_limits(int(total), pop, float(x), alpha_area=curve_alpha,
                                       alpha_rest=rest_alpha(alpha_region, curve_alpha, total, pop, float(x)),
                                       confidence=c, midp=True) for x in nn]
            arr = np.array(pairs, dtype=float).reshape(-1, 2)
            with np.errstate(invalid="ignore", divide="ignore"):
                out[f"{C.NEDRE}_{s}"] = arr[:, 0] / np.asarray(nn, dtype=float) * multiplier
                out[f"{C.OVRE}_{s}"] = arr[:, 1] / np.asarray(nn, dtype=float) * multiplier
        return out

    curve_levels = tuple(sorted({conf, *LEVELS}))
    own = limits_at(n, (conf,))
    for k, v in own.items():
        pts[f"tratt_{k}"] = v
    g = np.asarray(grid, dtype=float) if grid is not None else funnel_axis(n[ok], n_points)
    g = g[g < pop]
    granser = pd.DataFrame({C.NAMNARE: g, MALVARDE: target, **limits_at(g, curve_levels)})
    metod = _method_text(conf, curve_alpha, alpha_region, int(ok.sum()))
    return FunnelResult(punkter=pts, granser=granser, malvarde=target, typ="rate", multiplier=multiplier,
                        overdispersion="arsvariation", phi=float("nan"), tau2=float("nan"),
                        overdispersion_p=float("nan"), metod=metod, label=label,
                        extra={"niva": conf, "overspridning": curve_alpha, "overspridning_region": alpha_region})


def _method_text(conf: float, alpha: float, alpha_region: float, k: int) -> str:
    level = fmt.pct(round(conf * 100, 1), 0 if conf * 100 == int(conf * 100) else 1, is_fraction=False)
    text = (f"Kontrollgränserna på {level} visar samma test som jämförelserna i texten: varje område jämförs med "
            "resten av regionen (villkorat mid-p-test).")
    if alpha > 0:
        text += (f" Testet räknar med att antalen varierar mer mellan åren än slumpen förklarar (ungefär "
                 f"{fmt.num(100 * np.sqrt(alpha), 0)} % extra variation, skattad ur flera års data).")
    return text
