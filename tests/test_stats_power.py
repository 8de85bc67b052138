"""Tests for the power / minimum-detectable-effect engine (step 3)."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats as st
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.rates import power_poisson_ratio_2indep

from lagesbild_methods.errors import ParameterError
from lagesbild_methods.stats import power as PW
from lagesbild_methods.stats.countmodels import nb_random
from lagesbild_methods.text.plans import plan_sentence


def test_poisson_power_matches_statsmodels():
    # no overdispersion, no comparison, normal test: statsmodels' power for a ratio of two rates
    d = PW.Design(150, years_before=3, years_after=2, periods_per_year=12)
    for red in (0.1, 0.2, 0.3):
        ours = PW.power(d, red, interval="normal")
        # ours is the "decrease" tail of a two-sided 5 % test = one-sided 2.5 % test of "after < before"
        ref = power_poisson_ratio_2indep(150 / 12 * (1 - red), 150 / 12, 24, nobs_ratio=36 / 24, exposure=1, value=1,
                                         alpha=0.025, dispersion=1, alternative="smaller", method_var="alt",
                                         return_results=False)
        assert ours == pytest.approx(ref, rel=1e-9)


def test_variance_formula_with_overdispersion_and_comparison():
    d = PW.Design(120, 3, 2, 12, nb_alpha=0.05, comparison_events_per_year=480, comparison_nb_alpha=0.02)
    m, c, th = 10.0, 40.0, 0.75
    v = 1 / (36 * m) + 0.05 / 36 + 1 / (24 * m * th) + 0.05 / 24 + 1 / (36 * c) + 0.02 / 36 + 1 / (24 * c) + 0.02 / 24
    assert PW.log_ratio_variance(d, th) == pytest.approx(v)
    assert d.df == 2 * 60 - 4 - 4  # two parameters per area and two Fourier pairs
    expect = st.nct.cdf(-st.t.ppf(0.975, 112), 112, np.log(th) / np.sqrt(v))
    assert PW.power(d, 0.25) == pytest.approx(expect)


def test_mde_is_where_power_reaches_target():
    d = PW.Design(150, 3, 2, 12, nb_alpha=0.05)
    mde = PW.minimum_detectable_effect(d)
    assert PW.power(d, mde) == pytest.approx(0.8, abs=1e-5)
    assert 0.2 < mde < 0.3


def test_mde_behaves_as_it_should():
    base = PW.Design(150, 3, 2, 12, nb_alpha=0.05)
    mde = PW.minimum_detectable_effect
    assert mde(PW.Design(150, 3, 3, 12, 0.05)) < mde(base)  # longer follow-up
    assert mde(PW.Design(150, 3, 2, 12, 0.2)) > mde(base)  # more extra variation
    assert mde(PW.Design(600, 3, 2, 12, 0.05)) < mde(base)  # more events
    # the alpha/k floor: with overdispersion more events stop helping
    gain_pois = mde(PW.Design(150, 3, 2, 12)) - mde(PW.Design(1500, 3, 2, 12))
    gain_nb = mde(PW.Design(150, 3, 2, 12, 0.2)) - mde(PW.Design(1500, 3, 2, 12, 0.2))
    assert gain_nb < gain_pois
    # a comparison area costs power; yearly totals (3 df) cost much more than monthly counts
    assert mde(PW.Design(150, 3, 2, 12, 0.05, comparison_events_per_year=150)) > mde(base)
    assert mde(PW.Design(150, 3, 2, 1, 0.05 / 12)) > mde(PW.Design(150, 3, 2, 12, 0.05))
    assert np.isnan(mde(PW.Design(3, 1, 1, 1)))  # 0 df: cannot be assessed
    tab = PW.mde_by_follow_up(base, years=(1, 2, 3))
    assert list(tab["ar_efter"]) == [1, 2, 3] and tab["mde"].is_monotonic_decreasing
    curve = PW.power_curve(base, [0, 0.1, 0.3, 0.5])
    assert curve["styrka"].is_monotonic_increasing and curve["styrka"].iloc[0] < 0.03


def test_simulated_power_matches_claim_quick():
    # a small in-test simulation (the full check is benchmarks/sim_power.py): 120 runs at the MDE
    from lagesbild_methods.stats.evaluation import before_after

    d = PW.Design(200, 2, 2, 12, nb_alpha=0.05)
    red = PW.minimum_detectable_effect(d)
    rng = np.random.default_rng(2024)
    per = pd.period_range("2021-01", periods=48, freq="M")
    assert d.df == 48 - 2 - 4  # level, effect and two Fourier pairs, as before_after fits
    hits = 0
    for _ in range(120):
        y = np.r_[nb_random(rng, 200 / 12, 0.05, 24), nb_random(rng, 200 / 12 * (1 - red), 0.05, 24)]
        r = before_after(pd.DataFrame({"manad": per, "antal": y}), "2023-01")
        hits += r.effect()["verdikt"] == "decrease"
    assert 0.68 <= hits / 120 <= 0.92  # 80 % +/- 3 standard errors of 120 runs


def test_estimate_dispersion_recovers_alpha_and_level():
    rng = np.random.default_rng(5)
    per = pd.period_range("2019-01", periods=72, freq="M")
    season = 1 + 0.3 * np.sin(2 * np.pi * per.month / 12)
    y = nb_random(rng, 20 * season, 0.08)
    est = PW.estimate_dispersion(pd.DataFrame({"manad": per, "antal": y}))
    assert est["periods_per_year"] == 12 and est["perioder"] == 72
    assert 0.03 < est["nb_alpha"] < 0.15
    assert 200 < est["events_per_year"] < 290
    flat = PW.estimate_dispersion(pd.DataFrame({"manad": per, "antal": y}), seasonality=None)
    assert flat["nb_alpha"] > est["nb_alpha"]  # an unmodelled season looks like extra variation
    trend = pd.DataFrame({"manad": per, "antal": nb_random(rng, 20 * np.exp(0.02 * np.arange(72)), 0.08)})
    assert PW.estimate_dispersion(trend)["nb_alpha"] > PW.estimate_dispersion(trend, trend=True)["nb_alpha"]
    with pytest.raises(ParameterError, match="inga händelser"):
        PW.estimate_dispersion(pd.DataFrame({"manad": per, "antal": 0}))


def test_plan_from_series_gives_design_mde_and_sentence():
    rng = np.random.default_rng(8)
    per = pd.period_range("2022-01", periods=36, freq="M")
    df = pd.DataFrame({"manad": per, "antal": nb_random(rng, np.full(36, 12.5), 0.05)})
    plan = PW.plan_from_series(df, years_after=2)
    d = plan["design"]
    assert d.years_before == 3 and d.years_after == 2 and d.periods_per_year == 12
    assert plan["mde"] == pytest.approx(PW.minimum_detectable_effect(d))
    mening = plan_sentence(plan)  # the sentence lives in the text package
    assert mening.startswith("Med cirka 1") and mening.endswith("efter två år.")
    comp = df.assign(antal=nb_random(rng, np.full(36, 50.0), 0.05))
    with_c = PW.plan_from_series(df, comparison=comp)
    assert with_c["mde"] > plan["mde"] and "jämförelseområdet" in plan_sentence(with_c)


def test_mde_share_round_trip_with_statsmodels():
    r = PW.mde_share(0.30, 400, 400)
    h = NormalIndPower().solve_power(nobs1=400, alpha=0.05, power=0.8, ratio=1.0)
    p_down = 0.30 - r["minskning"]
    assert 2 * np.arcsin(np.sqrt(0.30)) - 2 * np.arcsin(np.sqrt(p_down)) == pytest.approx(h, rel=1e-8)
    assert 0.07 < r["minskning"] < r["okning"] < 0.11


def test_design_errors_are_swedish():
    with pytest.raises(ParameterError, match="större än 0"):
        PW.Design(0)
    with pytest.raises(ParameterError, match="negativ"):
        PW.Design(100, nb_alpha=-0.1)
    with pytest.raises(ParameterError, match="andel mellan 0 och 1"):
        PW.power(PW.Design(100), 30)


def test_season_terms_cost_information_when_periods_are_not_whole_years():
    """Fifteen months before and 21 after: the Fourier terms are partly confounded with the change. The variance
    equals statsmodels' inverse information of the evaluation's NB model at the expected counts."""
    import statsmodels.api as sm

    from lagesbild_methods.stats.its import season_terms, time_axis

    d = PW.Design(300, 15 / 12, 21 / 12, 12, nb_alpha=0.05, first_season=4)
    theta = 0.8
    per = pd.period_range("2023-04", periods=36, freq="M")
    cols, _ = season_terms(time_axis(pd.Series(per)), "fourier", 2)
    post = np.r_[np.zeros(15), np.ones(21)]
    X = np.column_stack([np.ones(36), post] + cols)
    mu = 25 * np.where(post == 1, theta, 1.0)
    fit = sm.GLM(mu, X, family=sm.families.NegativeBinomial(alpha=0.05)).fit()
    assert PW.log_ratio_variance(d, theta) == pytest.approx(fit.cov_params()[1, 1], rel=1e-6)
    formula = 1 / (15 * 25) + 0.05 / 15 + 1 / (21 * 25 * theta) + 0.05 / 21
    assert PW.log_ratio_variance(d, theta) > formula * 1.02  # the old formula was too optimistic here
    whole = PW.Design(300, 2, 1, 12, nb_alpha=0.05, first_season=7)  # whole years: orthogonal, formula exact
    assert PW.log_ratio_variance(whole, theta) == pytest.approx(1 / (24 * 25) + 0.05 / 24 + 1 / (12 * 25 * theta)
                                                                + 0.05 / 12, rel=1e-9)
    series = pd.DataFrame({"manad": per, "antal": nb_random(np.random.default_rng(2), np.full(36, 25.0), 0.05)})
    assert PW.plan_from_series(series, years_after=1.5)["design"].first_season == 4


def test_simulated_power_makes_exactly_the_evaluation_s_decision():
    """Yearly totals with one follow-up year: the vectorised replica of before_after's NB test decides every
    simulated series as before_after itself does, and the simulated MDE is what the t approximation misses."""
    from lagesbild_methods.stats.evaluation import before_after
    from lagesbild_methods.verdicts import Change

    d = PW.Design(29.1, 10, 1, 1, nb_alpha=0.05)
    draws = PW._draws(d, 60, 11)
    for reduction in (0.3, 0.6):
        sig = PW._significant(draws, reduction, 0.05)
        y = PW._sample(draws, reduction)
        years = np.arange(2015, 2026)
        for i in range(len(y)):
            r = before_after(pd.DataFrame({"ar": years, "antal": y[i]}), 2025, time="ar")
            assert (r.effect()["verdikt"] == Change.DECREASE) == sig[i], (reduction, i, y[i])
        assert 0 < sig.sum() < len(sig)
    mde = PW.minimum_detectable_effect(d, interval="simulation")
    assert PW.simulated_power(d, mde) >= 0.8 > PW.simulated_power(d, mde - 0.005)
    assert mde < PW.minimum_detectable_effect(d) - 0.02  # the t approximation is conservative here
    with pytest.raises(ParameterError, match="utan säsong"):
        PW.simulated_power(PW.Design(150, 3, 2, 12), 0.3)
