"""Tests for lagesbild_methods.stats.trend: two-period change, GLM trend, seasonality."""
import importlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError

T = importlib.import_module("lagesbild_methods.stats.trend")


def test_exact_conditional_p_value_from_binomial_definition():
    # equal exposures: O2 | O1+O2 ~ Bin(n, 1/2) under H0; statsmodels uses the minlike two-sided p
    res = T.compare_two_rates(12, 10_000, 19, 10_000)
    assert res["p_varde"] == pytest.approx(st.binomtest(19, 31, 0.5).pvalue, rel=1e-10)
    assert res["kvot"] == pytest.approx(19 / 12)
    assert res[T.FORANDRING] == T.INGEN_FORANDRING  # +58 % that means almost nothing
    # Clopper-Pearson on pi = O2/(O1+O2) mapped to the ratio
    lo = st.beta.ppf(0.025, 19, 13)
    assert res["kvot_nedre"] == pytest.approx(lo / (1 - lo), rel=1e-8)


def test_significant_increase_and_decrease():
    assert T.compare_two_rates(100, 1e5, 160, 1e5)[T.FORANDRING] == T.OKNING
    assert T.compare_two_rates(160, 1e5, 100, 1e5)[T.FORANDRING] == T.MINSKNING


def test_zero_events_both_periods_and_nan():
    assert T.compare_two_rates(0, 1e4, 0, 1e4)[T.FORANDRING] == T.INGEN_FORANDRING
    r = T.compare_two_rates(np.nan, 1e4, 3, 1e4)
    assert np.isnan(r["p_varde"]) and r[T.FORANDRING] == T.EJ_BEDOMD
    with pytest.raises(ParameterError):
        T.compare_two_rates(3, 0, 3, 1e4)


def test_change_between_pooled_periods():
    df = pd.DataFrame({C.KOMMUNKOD: "0319", C.BROTTSTYP: "bostadsinbrott", C.AR: [2021, 2022, 2023, 2024],
                       C.ANTAL: [4, 6, 9, 11], C.FOLKMANGD: [9500, 9550, 9600, 9650]})
    out = T.change_between_periods(df, [2021, 2022], [2023, 2024])
    row = out.iloc[0]
    assert row["period_1"] == "2021\u20132022" and row["antal_1"] == 10 and row["antal_2"] == 20
    assert row["varde_1"] == pytest.approx(10 / 19050 * 1e5)
    assert row["forandring_pct"] == pytest.approx((20 / 19250) / (10 / 19050) * 100 - 100)
    assert bool(row[C.LITET_ANTAL])
    with pytest.raises(ParameterError):
        T.change_between_periods(df, [2021, 2022], [2022])


def test_trend_recovers_known_growth_and_uses_offset():
    years = np.arange(2010, 2025)
    pop = 20_000 * 1.02 ** (years - 2010)
    expected = 0.01 * pop * 1.05 ** (years - 2010)  # rate grows 5 % a year
    df = pd.DataFrame({C.KOMMUNKOD: "0305", C.BROTTSTYP: "x", C.AR: years, C.ANTAL: np.round(expected),
                       C.FOLKMANGD: pop})
    out = T.trend(df).iloc[0]
    assert out["arlig_forandring_pct"] == pytest.approx(5.0, abs=0.3)
    assert out["trend"] == T.OKANDE_TREND and out["modell"] == "Poisson-GLM"
    assert out["nedre_pct"] < out["arlig_forandring_pct"] < out["ovre_pct"]


def test_trend_overdispersed_switches_model():
    rng = np.random.default_rng(5)
    years = np.arange(2010, 2025)
    counts = rng.negative_binomial(n=3, p=3 / (3 + 200), size=years.size)  # var >> mean
    df = pd.DataFrame({C.AR: years, C.ANTAL: counts, C.FOLKMANGD: 50_000})
    out = T.trend(df, by=()).iloc[0]
    assert out["dispersion"] > 2
    assert out["modell"] in ("Negativ binomial (NB2)", "Kvasi-Poisson")
    poisson = T.trend(df, by=(), family="poisson").iloc[0]
    assert (out["ovre_pct"] - out["nedre_pct"]) > (poisson["ovre_pct"] - poisson["nedre_pct"])


def test_trend_too_few_years():
    df = pd.DataFrame({C.AR: [2023, 2024], C.ANTAL: [3, 4], C.FOLKMANGD: [1000, 1000]})
    assert T.trend(df, by=()).iloc[0]["trend"] == T.EJ_BEDOMD


def _monthly(amplitude):
    m = pd.DataFrame({"manad": pd.date_range("2020-01-01", periods=48, freq="MS")})
    lam = 30 * np.exp(amplitude * np.cos(2 * np.pi * (m["manad"].dt.month - 7) / 12))
    m[C.ANTAL] = np.round(lam)
    return m


def test_harmonic_seasonality_detects_summer_peak():
    out = T.seasonality(_monthly(0.4))
    assert out["p_varde"].iloc[0] < 0.001
    assert out.loc[out["sasongsfaktor"].idxmax(), "manad"] == "juli"
    assert out["sasongsfaktor"].mean() == pytest.approx(1.0)


def test_no_seasonality_and_stl():
    out = T.seasonality(_monthly(0.0))
    assert out["p_varde"].iloc[0] > 0.5
    stl = T.seasonality(_monthly(0.4), method="stl")
    np.testing.assert_allclose(stl["trend"] + stl["sasong"] + stl["rest"], stl["observerat"], rtol=1e-8)
    with pytest.raises(ParameterError, match="24 månader"):
        T.seasonality(_monthly(0.4).iloc[:20])
