"""Tests for lagesbild_methods.patterns.control (wrong-direction flags)."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats

from lagesbild_methods.errors import ParameterError
from lagesbild_methods.patterns.control import HIGH, LOW, NORMAL, NOT_ASSESSED, control_flags, ewma_flags


def series(values, freq="week", incomplete=None):
    f = pd.DataFrame({"period": [f"p{i}" for i in range(len(values))], "antal": values,
                      "ofullstandig": incomplete if incomplete is not None else False})
    f.attrs["frekvens"] = freq
    return f


def test_predictive_probability_matches_poisson_gamma_definition():
    vals = [4, 6, 5, 3, 7, 5, 4, 6, 5, 5, 4, 6, 15]
    out = control_flags(series(vals), dispersion=False)
    last = out.iloc[-1]
    S, k = sum(vals[-13:-1]), 12
    # independent: negative binomial with shape S + 1/2 and success probability k/(k+1)
    assert last["p_hog"] == pytest.approx(stats.nbinom.sf(15 - 1, S + 0.5, k / (k + 1)))
    assert last["forvantat"] == pytest.approx(S / k)
    assert last["flagga"] == HIGH and last["ovre"] < 15
    assert not out["flagga"].iloc[:-1].isin([HIGH, LOW]).any()


def test_not_judged_without_baseline_and_incomplete_never_flagged():
    vals = [5] * 10 + [40]
    out = control_flags(series(vals, incomplete=[True] + [False] * 9 + [True]))
    assert out["forvantat"].iloc[:8].isna().all()  # fewer than 8 complete baseline periods
    assert out["flagga"].iloc[-1] == NOT_ASSESSED and np.isnan(out["p_hog"].iloc[-1])
    assert out["baslinje_perioder"].iloc[9] == 8  # the incomplete first period is not used


def test_same_period_baseline_for_tertials_and_low_flag():
    vals = [100, 60, 80, 104, 62, 78, 98, 58, 82, 101, 61, 40]
    out = control_flags(series(vals, "tertial"))
    assert out.attrs["metod"].startswith("Jämförelse med samma period")
    assert out["forvantat"].iloc[-1] == pytest.approx((80 + 78 + 82) / 3)
    assert out["flagga"].iloc[-1] == LOW
    assert out["forvantat"].iloc[:6].isna().all()  # needs 2 earlier years


def test_stable_poisson_series_give_few_false_alarms():
    rng = np.random.default_rng(11)
    flags = judged = 0
    for _ in range(40):
        out = control_flags(series(rng.poisson(6, 104)))
        flags += out["flagga"].isin([HIGH, LOW]).sum()
        judged += out["forvantat"].notna().sum()
    assert flags / judged < 0.02


def test_overdispersion_widens_limits():
    rng = np.random.default_rng(3)
    wild = list(rng.negative_binomial(2, 2 / 12, 30))  # mean 10, variance 60
    out_d = control_flags(series(wild + [25]))
    out_p = control_flags(series(wild + [25]), dispersion=False)
    assert out_d["dispersion"].iloc[-1] > 2
    assert out_d["ovre"].iloc[-1] > out_p["ovre"].iloc[-1]


def test_ewma_recursion_limits_and_shift():
    vals = np.array([5.0] * 20 + [9.0] * 10)
    out = ewma_flags(series(vals), lam=0.2, L=3.0, mean=5.0)
    z, ref = 5.0, []
    for v in vals:
        z = 0.2 * v + 0.8 * z
        ref.append(z)
    assert np.allclose(out["ewma"], ref)
    t = np.arange(1, 31)
    assert np.allclose(out["ovre"], 5 + 3 * np.sqrt(5 * 0.2 / 1.8 * (1 - 0.8 ** (2 * t))))
    assert (out["flagga"].iloc[:20] == NORMAL).all() and (out["flagga"].iloc[-5:] == HIGH).all()


def test_bad_input():
    with pytest.raises(ParameterError, match="icke-negativa"):
        control_flags([1, -2, 3])
    with pytest.raises(ParameterError, match="baseline"):
        control_flags([1, 2, 3], baseline="moving")
    with pytest.raises(ParameterError, match="alpha"):
        control_flags([1, 2, 3], alpha=0.7)
    with pytest.raises(ParameterError, match="lam"):
        ewma_flags([1, 2, 3], lam=0)
    with pytest.raises(ParameterError, match="För få perioder"):
        ewma_flags([3])
