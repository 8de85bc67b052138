"""Tests for the yearly evaluation: interrupted time series and before/after with a comparison area."""
import numpy as np
import pandas as pd
import pytest

from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.stats import evaluation as EV
from lagesbild_methods.stats import its as ITS
from lagesbild_methods.stats.countmodels import fit_counts, nb_random, pearson_alpha
from lagesbild_methods.verdicts import Change


def _sicily():
    ref = shared_reference()
    path = None if ref is None else ref / "vectors" / "its_sicily_data.csv"
    if path is None or not path.exists():
        pytest.skip("../shared saknas")
    return pd.read_csv(path, comment="#")


# --------------------------------------------------------------------------------------------
# Published tutorial: Lopez Bernal, Cummins & Gasparrini (2017), Sicily smoking ban.
# Values: ../shared/methods.md section 6a (statsmodels GLM = R glm to ~1e-8).
# --------------------------------------------------------------------------------------------
def test_sicily_model1_poisson_step_change():
    d = _sicily()
    r = ITS.interrupted_time_series(d, 37, time="time", count="aces", exposure="stdpop", seasonality=None,
                                    family="poisson")
    step = r.effect(ITS.NIVA)
    assert step["varde"] == pytest.approx(0.894377, abs=5e-7)
    assert step["nedre"] == pytest.approx(0.864686, abs=5e-7)
    assert step["ovre"] == pytest.approx(0.925086, abs=5e-7)
    assert step["verdikt"] == Change.DECREASE
    assert (r.periods_before, r.periods_after) == (36, len(d) - 36)


def test_sicily_model3_quasipoisson_with_seasonality():
    d = _sicily()
    # defaults are the tutorial's model 3 (quasi-Poisson, two harmonic pairs, no slope change) except
    # the interval: the tutorial's Wald intervals use the normal quantile, ours t by default
    r = ITS.interrupted_time_series(d, 37, time="time", count="aces", exposure="stdpop", season="month",
                                    interval="normal")
    step = r.effect(ITS.NIVA)
    assert step["varde"] == pytest.approx(0.885072, abs=5e-7)
    assert step["nedre"] == pytest.approx(0.839401, abs=5e-7)
    assert step["ovre"] == pytest.approx(0.933227, abs=5e-7)
    assert r.dispersion == pytest.approx(2.2622, abs=5e-5)
    assert r.effect(ITS.TREND)["varde"] == pytest.approx(1.066808, abs=5e-7)
    assert "kvasi-Poisson" in r.metod and "2 harmoniska par" in r.metod
    t = ITS.interrupted_time_series(d, 37, time="time", count="aces", exposure="stdpop", season="month")
    assert t.effect(ITS.NIVA)["varde"] == step["varde"] and t.dispersion == r.dispersion
    assert t.effect(ITS.NIVA)["nedre"] < step["nedre"]  # t(52) is wider than normal


def test_sicily_same_result_from_dates():
    d = _sicily()
    d["datum"] = pd.to_datetime({"year": d["year"], "month": d["month"], "day": 1})
    r = ITS.interrupted_time_series(d, "2005-01", time="datum", count="aces", exposure="stdpop", interval="normal")
    assert r.effect(ITS.NIVA)["varde"] == pytest.approx(0.885072, abs=5e-7)
    assert r.per_year == 12
    per = d.assign(manad=d["datum"].dt.to_period("M"))
    r2 = ITS.interrupted_time_series(per, "2005-01", time="manad", count="aces", exposure="stdpop",
                                     interval="normal")
    assert r2.effect(ITS.NIVA)["ovre"] == pytest.approx(0.933227, abs=5e-7)


def test_sicily_model4_slope_change_f_test():
    d = _sicily()
    r = ITS.interrupted_time_series(d, 37, time="time", count="aces", exposure="stdpop", season="month",
                                    slope_change=True, interval="normal")
    assert r.effect(ITS.LUTNING)["p_varde"] == pytest.approx(0.424, abs=5e-4)
    assert r.slope_f_test["F"] == pytest.approx(0.639, abs=5e-4)
    assert r.effect(ITS.LUTNING)["verdikt"] == Change.NO_CHANGE


# --------------------------------------------------------------------------------------------
# Own fixtures (CI has no ../shared)
# --------------------------------------------------------------------------------------------
def _exact_series(n=48, start=25, b0=np.log(20), b1=0.01, step=np.log(0.7), slope=-0.02, s1=0.2, c1=-0.1):
    t = np.arange(1, n + 1, dtype=float)
    month = (t - 1) % 12 + 1
    post = t >= start
    eta = b0 + b1 * t + step * post + slope * (t - (start - 1)) * post + s1 * np.sin(2 * np.pi * month / 12) \
        + c1 * np.cos(2 * np.pi * month / 12)
    return pd.DataFrame({"t": t.astype(int), "manad_nr": month.astype(int), "antal": np.exp(eta) * 1000,
                         "bef": 1000.0})


def test_its_recovers_exact_generating_parameters():
    # noise-free expected counts: the model must return its own parameters (design, offset, phase)
    d = _exact_series()
    r = ITS.interrupted_time_series(d, 25, time="t", count="antal", exposure="bef", season="manad_nr",
                                    harmonics=1, slope_change=True, family="poisson")
    assert r.effect(ITS.NIVA)["varde"] == pytest.approx(0.7, rel=1e-8)
    assert r.effect(ITS.LUTNING)["varde"] == pytest.approx(np.exp(-0.02 * 12), rel=1e-8)
    assert r.effect(ITS.TREND)["varde"] == pytest.approx(np.exp(0.01 * 12), rel=1e-8)
    assert r.effect(ITS.VID_SLUT)["varde"] == pytest.approx(0.7 * np.exp(-0.02 * 24), rel=1e-8)
    cf = r.serie[r.serie["efter"]]
    # counterfactual = the model without the intervention terms; observed/counterfactual = effect
    ratio = cf["antal"] / cf["kontrafaktiskt"]
    assert ratio.iloc[0] == pytest.approx(0.7 * np.exp(-0.02), rel=1e-8)
    assert (cf["kf_nedre"] <= cf["kontrafaktiskt"]).all() and (cf["kontrafaktiskt"] <= cf["kf_ovre"]).all()
    assert r.forhindrade["varde"] == pytest.approx((cf["kontrafaktiskt"] - cf["antal"]).sum(), rel=1e-8)


def test_quasipoisson_interval_is_poisson_interval_widened_by_sqrt_scale():
    rng = np.random.default_rng(4)
    d = pd.DataFrame({"ar": np.arange(2010, 2025), "antal": nb_random(rng, 80.0, 0.1, 15)})
    p = ITS.interrupted_time_series(d, 2019, time="ar", count="antal", family="poisson", interval="normal")
    q = ITS.interrupted_time_series(d, 2019, time="ar", count="antal", family="quasipoisson", interval="normal")
    wp = np.log(p.effect()["ovre"] / p.effect()["nedre"])
    wq = np.log(q.effect()["ovre"] / q.effect()["nedre"])
    assert wq / wp == pytest.approx(np.sqrt(q.dispersion), rel=1e-6)
    assert q.per_year == 1 and "säsong" not in q.metod
    t = ITS.interrupted_time_series(d, 2019, time="ar", count="antal", interval="t")
    assert t.effect()["ovre"] > q.effect()["ovre"]  # t quantile with 11 df is wider


def test_its_errors_are_swedish():
    d = pd.DataFrame({"ar": [2020, 2021, 2022, 2023], "antal": [5, 6, 4, 3]})
    with pytest.raises(ParameterError, match="minst 3 perioder före"):
        ITS.interrupted_time_series(d, 2023, time="ar", count="antal")
    with pytest.raises(ParameterError, match="saknas"):
        ITS.interrupted_time_series(d, 2022, time="ar", count="brott")
    bad = d.assign(antal=[5, -1, 4, 3])
    with pytest.raises(ParameterError, match="icke-negativa"):
        ITS.interrupted_time_series(bad, 2022, time="ar", count="antal")


def test_negbin_alpha_solves_pearson_equation():
    rng = np.random.default_rng(7)
    y = nb_random(rng, np.full(200, 30.0), 0.2).astype(float)
    X = np.ones((200, 1))
    fit = fit_counts(y, X, ["const"], family="negbin")
    mu = fit.mu
    assert np.sum((y - mu) ** 2 / (mu + fit.alpha * mu ** 2)) == pytest.approx(199, rel=1e-6)
    assert 0.12 < fit.alpha < 0.3
    assert pearson_alpha(np.array([10.0, 10, 10]), np.array([10.0, 10, 10]), 2) == 0.0  # no overdispersion


# --------------------------------------------------------------------------------------------
# Before/after with a comparison area
# --------------------------------------------------------------------------------------------
def test_relative_effect_size_hand_computed():
    # a, b = treated before/after; c, d = comparison before/after (Farrington & Welsh)
    r = EV.relative_effect_size(100, 60, 200, 190)
    assert r["res"] == pytest.approx(100 * 190 / (60 * 200))
    se = np.sqrt(1 / 100 + 1 / 60 + 1 / 200 + 1 / 190)
    assert r["se_log"] == pytest.approx(se)
    assert r["res_nedre"] == pytest.approx(np.exp(np.log(100 * 190 / 12000) - 1.959964 * se), rel=1e-6)
    assert r["kvot"] == pytest.approx(1 / r["res"])
    assert r["forandring_pct"] == pytest.approx((60 * 200 / (100 * 190) - 1) * 100)
    assert r["verdikt"] == Change.DECREASE
    # overdispersion: D multiplies the variance, NB alpha adds alpha * sum(1/k)
    r2 = EV.relative_effect_size(100, 60, 200, 190, dispersion=2.0, nb_alpha=0.1, periods=(12, 12, 12, 12))
    assert r2["se_log"] == pytest.approx(np.sqrt(2 * se ** 2 + 0.1 * 4 / 12))
    assert r2["verdikt"] == Change.NO_CHANGE
    assert EV.relative_effect_size(0, 5, 10, 10)["verdikt"] == Change.NOT_ASSESSED


def _two_areas(seed=3, effect=0.7, months=48, start="2023-01"):
    rng = np.random.default_rng(seed)
    per = pd.period_range("2021-01", periods=months, freq="M")
    rows = []
    for area, mu in (("Centrum", 12.0), ("Gränby", 30.0)):
        post = per >= pd.Period(start, "M")
        m = mu * np.where(post & (area == "Centrum"), effect, 1.0)
        rows.append(pd.DataFrame({"omrade": area, "manad": per, "antal": nb_random(rng, m, 0.1)}))
    return pd.concat(rows, ignore_index=True)


def test_before_after_model_equals_res_from_totals():
    df = _two_areas()
    r = EV.before_after(df, "2023-01", area="omrade", treated="Centrum", seasonality=None)
    m, res = r.effect(EV.MODELL), r.effect(EV.RES)
    c = r.celler.set_index(["roll", "period"])["antal"]
    manual = (c["insats", "efter"] / c["insats", "fore"]) / (c["jamforelse", "efter"] / c["jamforelse", "fore"])
    assert m["kvot"] == pytest.approx(manual, rel=1e-8)
    assert res["res"] == pytest.approx(1 / manual, rel=1e-8)
    assert m["nedre"] == pytest.approx(res["nedre"], rel=1e-6) and m["ovre"] == pytest.approx(res["ovre"], rel=1e-6)
    assert r.comparison == "Gränby" and r.with_comparison and r.dispersion > 0
    assert "jämförelseområde" in r.metod and "säsong" not in r.metod
    # default: Fourier season for monthly data; the estimate moves little with whole years compared
    s = EV.before_after(df, "2023-01", area="omrade", treated="Centrum")
    assert "med säsong" in s.metod and s.fit.names[-4:] == ["sin1", "cos1", "sin2", "cos2"]
    assert s.effect()["kvot"] == pytest.approx(manual, rel=0.02)


def test_before_after_detects_planted_effect_and_a_null():
    big = EV.before_after(_two_areas(effect=0.5, seed=11), "2023-01", area="omrade", treated="Centrum")
    assert big.effect()["verdikt"] == Change.DECREASE and big.effect()["ovre"] < 1
    assert big.effect()["nedre"] < 0.5 < big.effect()["ovre"]
    null = EV.before_after(_two_areas(effect=1.0, seed=12), "2023-01", area="omrade", treated="Centrum")
    assert null.effect()["verdikt"] == Change.NO_CHANGE


def test_before_after_without_comparison_says_so():
    df = _two_areas()
    one = df[df["omrade"] == "Centrum"]
    r = EV.before_after(one, "2023-01", seasonality=None)
    c = r.celler.set_index("period")["antal"]
    assert r.effect()["kvot"] == pytest.approx(c["efter"] / c["fore"], rel=1e-8)
    assert "kan inte skiljas från trender" in r.metod and not r.with_comparison
    assert EV.RES not in set(r.effekter["metod_kod"])


def test_before_after_errors():
    df = _two_areas()
    with pytest.raises(ParameterError, match="insatsområdet"):
        EV.before_after(df, "2023-01", area="omrade", treated="Saknas")
    with pytest.raises(ParameterError, match="inga perioder efter"):
        EV.before_after(df, "2030-01", area="omrade", treated="Centrum")


def test_time_axis_understands_years_weeks_tertials_and_text():
    ax = ITS.time_axis(pd.Series([2015, 2016, 2018]))
    assert ax.per_year == 1 and list(ax.t) == [1, 2, 4] and ax.season is None  # a missing year leaves a gap
    wk = ITS.time_axis(pd.Series(pd.period_range("2022-01-03", periods=60, freq="W")))
    assert wk.per_year == 52 and wk.season[0] == 1 and 0 < wk.phase[0] < 0.02
    ter = ITS.time_axis(pd.Series(pd.date_range("2021-01-01", periods=6, freq="4MS")))
    assert ter.per_year == 3 and list(ter.season) == [1, 2, 3, 1, 2, 3] and list(ter.t) == [1, 2, 3, 4, 5, 6]
    txt = ITS.time_axis(pd.Series(["2021-11", "2021-12", "2022-01"]))
    assert txt.per_year == 12 and list(txt.season) == [11, 12, 1] and list(txt.t) == [1, 2, 3]
    assert ITS.n_season_terms(12) == 4 and ITS.n_season_terms(4) == 3 and ITS.n_season_terms(3) == 2
    with pytest.raises(ParameterError, match="Tidskolumnen"):
        ITS.time_axis(pd.Series(["januari", "februari"]))


def test_before_after_zero_cell_is_not_assessed():
    per = pd.period_range("2021-01", periods=24, freq="M")
    df = pd.concat([pd.DataFrame({"omrade": "A", "manad": per, "antal": np.r_[np.full(12, 2.0), np.zeros(12)]}),
                    pd.DataFrame({"omrade": "B", "manad": per, "antal": 5.0})])
    r = EV.before_after(df, "2022-01", area="omrade", treated="A")
    assert set(r.effekter["verdikt"]) == {Change.NOT_ASSESSED}
