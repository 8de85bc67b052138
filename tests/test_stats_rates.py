"""Tests for lagesbild_methods.stats.rates: exact Poisson / Byar rates, the population join, pooling."""
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from lagesbild_methods import columns as C
from lagesbild_methods.errors import LagesbildError, ParameterError
from lagesbild_methods.paths import shared_reference
import importlib

R = importlib.import_module("lagesbild_methods.stats.rates")


def _vectors(name):
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference saknas")
    return pd.read_csv(ref / "vectors" / name, comment="#")


# --- published example --------------------------------------------------------------------

def test_uppsala_2018_published_rate():
    # UNT/Brå: Uppsala 2018, 23 174 crimes, population 31 Dec 2017 = 219 914 -> 10 538 per 100 000
    crimes = pd.DataFrame({C.KOMMUNKOD: ["0380"], C.AR: [2018], C.BROTTSTYP: ["totalt"], C.ANTAL: [23174]})
    pop = pd.DataFrame({C.KOMMUNKOD: ["0380", "0380"], C.AR: [2017, 2018], C.FOLKMANGD: [219914, 225164]})
    out = R.crime_rates(crimes, pop)
    assert round(out[C.VARDE].iloc[0]) == 10538
    assert out[R.NAMNARE_AR].iloc[0] == 2017
    same = R.crime_rates(crimes, pop, denominator_year="samma")
    assert round(same[C.VARDE].iloc[0]) == 10292  # domain.md: 2018 year-end population gives 10 292
    assert same[R.NAMNARE_AR].iloc[0] == 2018
    fixed = R.join_population(crimes, pop, denominator_year=2018)
    assert fixed[C.FOLKMANGD].iloc[0] == 225164


def test_join_population_missing_year_gives_nan_and_bad_choice_errors():
    crimes = pd.DataFrame({C.KOMMUNKOD: ["0319"], C.AR: [2010], C.ANTAL: [5]})
    pop = pd.DataFrame({C.KOMMUNKOD: ["0319"], C.AR: [2017], C.FOLKMANGD: [9392]})
    out = R.crime_rates(crimes, pop)
    assert np.isnan(out[C.VARDE].iloc[0])
    with pytest.raises(ParameterError, match="nämnarår"):
        R.join_population(crimes, pop, denominator_year="nästa")


# --- reference vectors (PHEindicatormethods) ------------------------------------------------

def test_byars_count_limits_match_phe():
    v = _vectors("phe_byars_count_ci.csv")
    for conf, sub in v.groupby("confidence"):
        lo, hi = R.byar_limits(sub["x"], conf)
        np.testing.assert_allclose(lo, sub["lower_count"], rtol=1e-8)
        np.testing.assert_allclose(hi, sub["upper_count"], rtol=1e-8)


def test_phe_rate_vectors_both_levels():
    v = _vectors("phe_rate.csv")
    for mult, sub in v.groupby("multiplier"):
        out = R.rates(sub, "x", "n", confidence=(95, 99.8), multiplier=mult)
        for mine, theirs in [(C.VARDE, "value"), ("nedre_95", "lower95"), ("ovre_95", "upper95"),
                             ("nedre_99_8", "lower99_8"), ("ovre_99_8", "upper99_8")]:
            np.testing.assert_allclose(out[mine].to_numpy(float), sub[theirs].to_numpy(float), rtol=1e-8,
                                       equal_nan=True)
        expected = sub["method"].map({"Exact": R.METOD_EXAKT, "Byars": R.METOD_BYAR})
        has_x = sub["x"].notna()
        assert (out.loc[has_x, C.METOD] == expected[has_x]).all()
        assert out[C.KONFIDENS].iloc[0] == "95\u202f%, 99,8\u202f%"


def test_phe_grouped_rates():
    v = _vectors("phe_rate_grouped.csv").iloc[:8]
    out = R.rates(v, "x_sum", "n_sum", confidence=0.95)
    np.testing.assert_allclose(out[C.NEDRE], v["lower95"], rtol=1e-8)
    np.testing.assert_allclose(out[C.OVRE], v["upper95"], rtol=1e-8)


# --- values from the definitions -------------------------------------------------------------

def test_exact_limits_from_chi_square_definition():
    # independent: Garwood limits as gamma quantiles
    for o in [1, 3, 9]:
        lo, hi = R.exact_poisson_limits([o], 0.95)
        assert lo[0] == pytest.approx(st.gamma.ppf(0.025, o), rel=1e-10)
        assert hi[0] == pytest.approx(st.gamma.ppf(0.975, o + 1), rel=1e-10)


def test_zero_events_lower_zero_upper_3_69():
    out = R.rates(pd.DataFrame({"antal": [0], "folkmangd": [100_000]}))
    assert out[C.NEDRE].iloc[0] == 0
    assert out[C.OVRE].iloc[0] == pytest.approx(-math.log(0.025), rel=1e-9)  # 3.689 per 100 000
    assert out[C.METOD].iloc[0] == R.METOD_EXAKT
    assert bool(out[C.LITET_ANTAL].iloc[0])


def test_switch_between_exact_and_byar_at_10():
    out = R.rates(pd.DataFrame({"antal": [9, 10], "folkmangd": [1000, 1000]}))
    assert out[C.METOD].tolist() == [R.METOD_EXAKT, R.METOD_BYAR]


def test_single_level_columns_and_float_confidence():
    out = R.rates(pd.DataFrame({"antal": [50], "folkmangd": [20_000]}), confidence=95)
    assert {C.VARDE, C.NEDRE, C.OVRE, C.KONFIDENS, C.METOD, C.LITET_ANTAL, C.NAMNARE} <= set(out.columns)
    assert out[C.KONFIDENS].iloc[0] == 0.95
    assert out[C.NAMNARE].iloc[0] == 20_000
    assert out[C.VARDE].iloc[0] == 250


def test_small_number_flag_threshold_20():
    out = R.rates(pd.DataFrame({"antal": [19, 20], "folkmangd": [1e4, 1e4]}))
    assert out[C.LITET_ANTAL].tolist() == [True, False]


# --- edge cases and bad input ---------------------------------------------------------------

def test_nan_in_nan_out():
    out = R.rates(pd.DataFrame({"antal": [np.nan, 5], "folkmangd": [1000, np.nan]}))
    assert out[[C.VARDE, C.NEDRE, C.OVRE]].isna().all().all()


def test_count_above_population_allowed_for_rates():
    out = R.rates(pd.DataFrame({"antal": [250], "folkmangd": [220]}))
    assert out[C.VARDE].iloc[0] == pytest.approx(250 / 220 * 1e5)


@pytest.mark.parametrize("den", [0, -5])
def test_denominator_zero_or_negative_is_clear_swedish_error(den):
    with pytest.raises(ParameterError) as err:
        R.rates(pd.DataFrame({"antal": [3], "folkmangd": [den]}))
    assert "större än 0" in str(err.value)
    assert isinstance(err.value, LagesbildError)


def test_negative_count_refused():
    with pytest.raises(ParameterError, match="negativt"):
        R.rates(pd.DataFrame({"antal": [-1], "folkmangd": [100]}))


@pytest.mark.parametrize("bad", [0.5, 101, 80, "95"])
def test_bad_confidence_refused(bad):
    with pytest.raises(ParameterError):
        R.rates(pd.DataFrame({"antal": [1], "folkmangd": [100]}), confidence=bad)


def test_missing_column_named_in_error():
    with pytest.raises(ParameterError, match="folkmangd"):
        R.rates(pd.DataFrame({"antal": [1]}))


def test_count_ci_without_denominator():
    out = R.count_ci([65], confidence=0.95)
    assert out[C.NEDRE].iloc[0] == pytest.approx(50.163187710459454, rel=1e-9)  # Byar, PHE vector value


# --- pooling --------------------------------------------------------------------------------

def test_pool_years_rolling_sums_and_rate():
    df = pd.DataFrame({C.KOMMUNKOD: "0319", C.BROTTSTYP: "bostadsinbrott", C.AR: [2020, 2021, 2022, 2023],
                       C.ANTAL: [4, 7, 5, 9], C.FOLKMANGD: [9500, 9550, 9600, 9650]})
    pooled = R.pool_years(df, 3)
    assert pooled["period"].tolist() == ["2020\u20132022", "2021\u20132023"]
    assert pooled[C.ANTAL].tolist() == [16, 21]
    assert pooled[C.FOLKMANGD].tolist() == [28650, 28800]
    rr = R.rates(pooled)
    assert rr[C.VARDE].iloc[0] == pytest.approx(16 / 28650 * 1e5)
    blocks = R.pool_years(df, 2, rolling=False)
    assert blocks["period"].tolist() == ["2020\u20132021", "2022\u20132023"]


def test_pool_years_incomplete_window_dropped():
    df = pd.DataFrame({C.KOMMUNKOD: "0319", C.BROTTSTYP: "x", C.AR: [2020, 2021, 2022],
                       C.ANTAL: [4, None, 5], C.FOLKMANGD: [9500, 9550, 9600]})
    assert R.pool_years(df, 3).empty
