"""The comparison with a benchmark used by the reports: one test, one level, extra variation included.

See :func:`lagesbild_methods.stats.compare.compare_with_benchmark` (``method="midp"``). The same
engine (:mod:`.ratetest`) draws the funnel plot (:func:`lagesbild_methods.stats.funnel.funnel`
with ``overdispersion="arsvariation"``), so a kommun's verdict against its county is the same in
the sentence, the table and the figure.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import ParameterError
from ..verdicts import Comparison
from . import dispersion as D
from .benchmark_base import JAMFORELSE, JAMFORELSEVARDE, NIVA, SKILLNAD, _benchmark_totals, _scalar_benchmark, join_keys
from .ratetest import count_interval, one_rate_test, rest_alpha, two_rate_test
from .rates import normalize_confidence, rates

METOD_MIDP = "Mid-p-test (Poisson)"
METOD_MIDP_NB = "Mid-p-test med extra variation mellan år (negativ binomial)"


def _alpha_for_rows(df: pd.DataFrame, value, count: str, denominator: str) -> np.ndarray:
    """NB2 alpha per row of ``df``: a number, a Series aligned with ``df``, a frame from
    ``estimate_extra_variation`` (looked up on kommun and crime type) or "auto"."""
    if isinstance(value, pd.Series):
        return value.reindex(df.index).fillna(D.ALPHA_ASSUMED).to_numpy(dtype=float)
    by = [k for k in (C.KOMMUNKOD, C.BROTTSTYP) if k in df.columns]
    look = D.resolve(df, value, by=by, count=count, denominator=denominator)
    keys = df[by].to_dict("records") if by else [{}] * len(df)
    return np.array([look(k)[0] for k in keys], dtype=float)


def _verdict(p: float, estimate: float, level: float) -> tuple[Comparison, float]:
    if not np.isfinite(p):
        return Comparison.NOT_ASSESSED, np.nan
    if p < 1 - level:
        return (Comparison.HIGHER if estimate > 1 else Comparison.LOWER), level
    return Comparison.NO_DIFFERENCE, np.nan


def compare_midp(df: pd.DataFrame, benchmark, *, count: str, denominator: str, on, multiplier: float,
                 benchmark_name: str, small_number, confidence, extra_variation, benchmark_extra_variation,
                 contains: bool) -> pd.DataFrame:
    (conf,) = normalize_confidence(confidence)
    kw = {} if small_number is None else {"small_number": small_number}
    est = rates(df, count, denominator, confidence=conf, multiplier=multiplier, **kw)
    own_alpha = _alpha_for_rows(df, extra_variation, count, denominator)
    est["_ba"] = np.nan
    if isinstance(benchmark, pd.DataFrame):
        keys = join_keys(df, benchmark, on)
        if count in benchmark.columns and denominator in benchmark.columns:
            g = _benchmark_totals(benchmark, keys, count, denominator)
            with np.errstate(invalid="ignore", divide="ignore"):
                g[JAMFORELSEVARDE] = g["_o"] / g["_e"] * multiplier
        elif C.VARDE in benchmark.columns:
            g = benchmark[keys + [C.VARDE]].rename(columns={C.VARDE: JAMFORELSEVARDE}).assign(_o=np.nan, _e=np.nan)
        else:
            raise ParameterError("Jämförelsetabellen behöver antingen antal och nämnare eller kolumnen 'varde'.")
        if g.duplicated(keys).any():
            raise ParameterError("Jämförelsetabellen har flera värden för samma " + ", ".join(keys) + ".")
        bav = benchmark_extra_variation
        if isinstance(bav, pd.DataFrame) and "_alpha" in bav.columns:
            g = g.merge(bav[keys + ["_alpha"]].drop_duplicates(keys).rename(columns={"_alpha": "_ba"}), on=keys,
                        how="left")
        else:
            rows = benchmark.drop_duplicates(keys)
            ba = _alpha_for_rows(rows, bav, count, denominator) if count in benchmark.columns else \
                np.zeros(len(rows))
            g = g.merge(rows[keys].assign(_ba=ba), on=keys, how="left")
        est = est.drop(columns="_ba").merge(g[keys + [JAMFORELSEVARDE, "_o", "_e", "_ba"]], on=keys, how="left")
    else:
        est[JAMFORELSEVARDE] = _scalar_benchmark(benchmark)
        est["_o"], est["_e"] = np.nan, np.nan
    est[JAMFORELSE] = benchmark_name
    out = {k: [] for k in ("nedre", "ovre", "p", "kvot", "kvot_nedre", "kvot_ovre", "v", "niva")}
    o, n, bench, bo, be, ba = (_floats(est[c]) for c in (count, C.NAMNARE, JAMFORELSEVARDE, "_o", "_e", "_ba"))
    for i in range(len(est)):
        res = _one_row(o[i], n[i], bench[i], bo[i], be[i], own_alpha[i] if i < len(own_alpha) else D.ALPHA_ASSUMED,
                       ba[i] if np.isfinite(ba[i]) else 0.0, conf, multiplier, contains)
        for k, v in zip(out, res):
            out[k].append(v)
    est[C.NEDRE], est[C.OVRE] = out["nedre"], out["ovre"]
    est["p_varde"] = out["p"]
    est["kvot"], est["kvot_nedre"], est["kvot_ovre"] = out["kvot"], out["kvot_nedre"], out["kvot_ovre"]
    est[SKILLNAD] = np.array(out["v"], dtype=object)
    est[NIVA] = np.array(out["niva"], dtype=float)
    est[D.OVERSPRIDNING] = own_alpha
    est[C.METOD] = np.where(own_alpha > 0, METOD_MIDP_NB, METOD_MIDP)
    return est.drop(columns=["_o", "_e", "_ba"])


def _floats(col: pd.Series) -> np.ndarray:
    """A column as float64 with NaN for missing (pandas' nullable NA included: files read with nullable
    dtypes must not crash ``float(pd.NA)``)."""
    return pd.to_numeric(col, errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _one_row(x, n, bench_rate, bo, be, alpha, balpha, conf, multiplier, contains):
    nan = float("nan")
    if not (np.isfinite(x) and np.isfinite(n)):
        return nan, nan, nan, nan, nan, nan, Comparison.NOT_ASSESSED, nan
    if not float(x).is_integer():
        raise ParameterError("Jämförelsen kräver heltal som antal.")
    lo, hi = count_interval(int(x), alpha=alpha, confidence=conf, midp=True)
    lo, hi = lo / n * multiplier, hi / n * multiplier
    if np.isfinite(bo) and np.isfinite(be):
        ro, re = (bo - x, be - n) if contains else (bo, be)
        if re <= 0 or ro < 0 or not float(ro).is_integer():
            return lo, hi, nan, nan, nan, nan, Comparison.NOT_ASSESSED, nan
        arest = rest_alpha(balpha, alpha, bo, be, n) if contains else balpha
        t = two_rate_test(int(ro), re, int(x), n, alpha1=arest, alpha2=alpha, confidence=conf, midp=True)
        verdict, level = _verdict(t.pvalue, t.estimate, conf)
        return lo, hi, t.pvalue, t.estimate, t.lower, t.upper, verdict, level
    if not np.isfinite(bench_rate) or bench_rate < 0:
        return lo, hi, nan, nan, nan, nan, Comparison.NOT_ASSESSED, nan
    t = one_rate_test(int(x), n, bench_rate, alpha=alpha, confidence=conf, midp=True, multiplier=multiplier)
    ratio = t.estimate / bench_rate if bench_rate > 0 else np.inf
    verdict, level = _verdict(t.pvalue, ratio, conf)
    with np.errstate(divide="ignore"):
        klo, khi = (t.lower / bench_rate, t.upper / bench_rate) if bench_rate > 0 else (np.inf, np.inf)
    return lo, hi, t.pvalue, ratio, klo, khi, verdict, level
