"""Tests for lagesbild_methods.stats.funnel: PHE limits, axis grid, significance, overdispersion."""
import importlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference

F = importlib.import_module("lagesbild_methods.stats.funnel")
K = importlib.import_module("lagesbild_methods.stats.compare")

# PHE's significance label -> (verdict, level); the level is a separate value, not part of the verdict
PHE_TO_SV = {
    "High (0.001)": ("higher", 0.998), "High (0.025)": ("higher", 0.95), "Low (0.001)": ("lower", 0.998),
    "Low (0.025)": ("lower", 0.95), "Not significant": ("no_difference", None),
}


def _verdicts(frame):
    """(verdict code, level or None) per row of a comparison result."""
    return [(str(v), None if np.isnan(lv) else lv) for v, lv in zip(frame[K.SKILLNAD], frame[K.NIVA])]
LIMITS = [("nedre_95", "lower_2s_limit"), ("ovre_95", "upper_2s_limit"),
          ("nedre_99_8", "lower_3s_limit"), ("ovre_99_8", "upper_3s_limit")]


def _vectors(name):
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference saknas")
    return pd.read_csv(ref / "vectors" / name, comment="#")


@pytest.mark.parametrize("limits_file,filt", [("phe_funnel_proportion_limits.csv", None),
                                              ("phe_funnel_proportion_limits_axis_variation.csv", 31000)])
def test_proportion_funnel_matches_phe(limits_file, filt):
    inp = _vectors("phe_funnel_proportion_inputs_significance.csv")
    if filt:
        inp = inp[inp["denominator"] < filt]
    lim = _vectors(limits_file)
    res = F.funnel(inp, "proportion", "numerator", "denominator", multiplier=100, overdispersion="ingen")
    np.testing.assert_array_equal(res.granser[C.NAMNARE].to_numpy(), lim["population"].to_numpy(float))
    assert res.malvarde == pytest.approx(lim["baseline"].iloc[0], abs=1e-6)
    for mine, theirs in LIMITS:
        np.testing.assert_allclose(res.granser[mine], lim[theirs], atol=1e-6)


def test_proportion_funnel_significance_matches_phe():
    inp = _vectors("phe_funnel_proportion_inputs_significance.csv")
    res = F.funnel(inp, "proportion", "numerator", "denominator", multiplier=100, overdispersion="ingen")
    assert _verdicts(res.punkter) == inp["significance"].map(PHE_TO_SV).tolist()


@pytest.mark.parametrize("limits_file", ["phe_funnel_rate_limits_crude_ev5.csv", "phe_funnel_rate_limits_dsr.csv",
                                         "phe_funnel_rate_limits_crude_zero_with_denom.csv"])
def test_rate_funnel_limits_match_phe(limits_file):
    # PHE gives the limit at the population where an event count lies exactly on the limit;
    # our population-parameterised curve must give the same rate there (rtol 1e-4: PHE bisection).
    lim = _vectors(limits_file)
    av, years = lim["baseline"].iloc[0], 3
    for s, conf in [("2s", 0.95), ("3s", 0.998)]:
        lo, _ = F.rate_limits(av, lim[f"lower_{s}_population_1_year"] * years, conf, 1e5)
        _, hi = F.rate_limits(av, lim[f"upper_{s}_population_1_year"] * years, conf, 1e5)
        np.testing.assert_allclose(lo, lim[f"lower_{s}_limit"], rtol=1e-4)
        np.testing.assert_allclose(hi, lim[f"upper_{s}_limit"], rtol=1e-4)


def test_rate_funnel_baseline_matches_phe():
    inp = _vectors("phe_funnel_rate_inputs.csv")
    lim = _vectors("phe_funnel_rate_limits_crude_ev5.csv")
    d = inp.copy()
    d.loc[d["ev"].idxmax(), "ev"] = 5
    d["den"] = 1e5 * d["ev"] / d["rate"]
    res = F.funnel(d, "rate", "ev", "den", overdispersion="ingen")
    assert res.malvarde == pytest.approx(lim["baseline"].iloc[0], rel=1e-8)


def test_rate_limits_from_poisson_definition():
    # at the lower limit O, P(X <= O) = 0.025 for X ~ Poisson(E) (continuous version)
    e = 250.0
    lo, hi = F.rate_limits(250.0, [100_000], 0.95, 1e5)  # E = 250 events
    o_lo, o_hi = lo[0] / 1e5 * 1e5, hi[0]
    assert st.poisson.cdf(np.floor(o_lo), e) <= 0.025 <= st.poisson.cdf(np.ceil(o_lo), e)
    assert o_lo < e < o_hi


def _eight(over=True):
    pop = np.array([240_000, 47_000, 22_000, 22_000, 21_000, 19_000, 14_000, 9_600])
    rate = np.array([700, 450, 980, 520, 600, 400, 500, 650]) if over else np.full(8, 600)
    return pd.DataFrame({C.KOMMUNKOD: ["0380", "0381", "0305", "0382", "0360", "0330", "0331", "0319"],
                         C.ANTAL: np.round(rate * pop / 1e5), C.FOLKMANGD: pop})


def test_overdispersion_auto_chooses_additive_and_widens():
    d = _eight(over=True)
    plain = F.funnel(d, overdispersion="ingen")
    auto = F.funnel(d)
    assert auto.overdispersion == "additiv" and auto.phi > 1 and auto.tau2 > 0
    assert "additiv" in auto.metod and "φ" in auto.metod
    # the adjusted funnel is wider at every area's own denominator
    pts = auto.punkter
    lo, hi = F.rate_limits(auto.malvarde, pts[C.NAMNARE], 0.95, 1e5)
    assert (pts["tratt_ovre_95"] - pts["tratt_nedre_95"] > hi - lo).all()
    assert (auto.punkter[K.SKILLNAD] != K.INGEN_SKILLNAD).sum() <= (plain.punkter[K.SKILLNAD] != K.INGEN_SKILLNAD).sum()
    mult = F.funnel(d, overdispersion="multiplicative")
    width = mult.granser["ovre_95"] - mult.malvarde
    se = np.sqrt(mult.malvarde / 1e5 / mult.granser[C.NAMNARE]) * 1e5
    np.testing.assert_allclose(width, st.norm.ppf(0.975) * np.sqrt(mult.phi) * se, rtol=1e-10)


def test_overdispersion_factor_by_hand():
    z = np.array([-3.0, -1, -0.5, 0, 0.5, 1, 2, 6, 0.2, -0.2])
    lo, hi = np.percentile(z, [10, 90])
    phi, p = F.overdispersion_estimate(z)
    assert phi == pytest.approx(np.mean(np.clip(z, lo, hi) ** 2))
    assert p == pytest.approx(st.chi2.sf(10 * phi, 9))


def test_no_overdispersion_keeps_exact_limits():
    res = F.funnel(_eight(over=False))
    assert res.overdispersion == "ingen"


def test_target_given_and_bad_option():
    res = F.funnel(_eight(), target=500.0, overdispersion="none")
    assert res.malvarde == 500.0 and (res.granser["malvarde"] == 500).all()
    with pytest.raises(ParameterError):
        F.funnel(_eight(), overdispersion="magisk")
