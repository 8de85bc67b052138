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
    out = control_flags(series(vals), dispersion=False, baseline="rolling", cusum=False)
    last = out.iloc[-1]
    S, k = sum(vals[-13:-1]), 12
    # independent: negative binomial with shape S + 1/2 and success probability k/(k+1)
    assert last["p_hog"] == pytest.approx(stats.nbinom.sf(15 - 1, S + 0.5, k / (k + 1)))
    assert last["forvantat"] == pytest.approx(S / k)
    assert last["flagga"] == HIGH and last["ovre"] < 15
    assert not out["flagga"].iloc[:-1].isin([HIGH, LOW]).any()


def test_not_judged_without_baseline_and_incomplete_never_flagged():
    vals = [5] * 10 + [40]
    out = control_flags(series(vals, incomplete=[True] + [False] * 9 + [True]), baseline="rolling")
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
    out = ewma_flags(series(vals), lam=0.2, L=3.0, mean=5.0, dispersion=False)
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


def nb_series(rng, level, ratio=2.0):
    level = np.asarray(level, float)
    r = level / (ratio - 1)
    return rng.negative_binomial(r, r / (r + level))


def test_lasting_step_is_not_absorbed_by_the_same_weeks_baseline():
    rng = np.random.default_rng(5)
    level = np.where(np.arange(208) >= 156, 30.0, 20.0)  # +50 % from the start of year 4
    x = nb_series(rng, level)
    new = control_flags(series(x))
    old = control_flags(series(x), baseline="rolling", baseline_periods=12, cusum=False, alpha=0.005)
    after = slice(156, 208)
    assert (new["flagga"].iloc[156:169] == HIGH).any()  # seen within 13 weeks
    assert new["baslinje"].iloc[180] == "same_period" and new["baslinje_perioder"].iloc[180] == 51
    # the baseline of week 180 holds only weeks from before the step
    assert new["forvantat"].iloc[180] == pytest.approx(np.mean([x[180 - 52 * y + d] for y in (1, 2, 3)
                                                               for d in range(-8, 9)]))
    # half a year later the new chart still sees the higher level; the rolling one has absorbed it
    assert (new["forvantat"].iloc[190:208] < 24).all() and (old["forvantat"].iloc[190:208] > 26).all()
    assert (new["flagga"].iloc[after] == HIGH).sum() > (old["flagga"].iloc[after] == HIGH).sum()


def test_cusum_flags_a_small_lasting_shift_that_no_single_week_shows():
    x = np.array([20] * 160 + [26] * 12)  # +30 %: each week alone is within its limits
    out = control_flags(series(x))
    tail = out.iloc[160:]
    assert (tail["p_hog"] > out.attrs["alpha"]).all()
    assert (tail["flagga"] == HIGH).any() and set(tail.loc[tail["flagga"] == HIGH, "regel"]) == {"cusum"}
    assert "CUSUM" in out.attrs["metod"]
    assert out["flagga"].iloc[:160].isin([NORMAL, NOT_ASSESSED]).all()


def test_first_year_uses_a_fixed_reference_and_explicit_reference_period():
    x = np.array([10] * 30 + [10] * 22)
    out = control_flags(series(x))
    assert (out["baslinje"].iloc[12:] == "reference").all() and out["forvantat"].iloc[:12].isna().all()
    ref = control_flags(series(np.arange(60) % 7 + 5), baseline="reference", reference=(0, 19))
    assert ref["forvantat"].iloc[20:].eq(np.mean(np.arange(20) % 7 + 5)).all() and ref["forvantat"].iloc[:20].isna().all()


def test_dispersion_comes_from_successive_differences_not_from_a_step():
    rng = np.random.default_rng(8)
    x = np.r_[nb_series(rng, np.full(100, 20.0), ratio=3.0), nb_series(rng, np.full(20, 40.0), ratio=3.0)]
    out = control_flags(series(x))
    assert 2.0 < out["dispersion"].iloc[99] < 4.5  # variance three times the mean
    assert out["dispersion"].iloc[110] < 5  # the step itself adds one difference, not a variance of 100
    poisson = control_flags(series(rng.poisson(20, 120)))
    assert poisson["dispersion"].iloc[-1] < 1.4


def test_ewma_limits_widen_with_overdispersion():
    rng = np.random.default_rng(2)
    x = nb_series(rng, np.full(104, 10.0), ratio=3.0)
    wide = ewma_flags(series(x), baseline_periods=52)
    narrow = ewma_flags(series(x), baseline_periods=52, dispersion=False)
    ratio = (wide["ovre"] - wide["forvantat"]) / (narrow["ovre"] - narrow["forvantat"])
    assert 1.3 < ratio.iloc[-1] < 2.2
