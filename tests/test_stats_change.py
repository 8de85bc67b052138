"""Tests for the rate tests with matching intervals (stats.ratetest, stats.change), the mid-p
comparison with a region (stats.compare_midp) and the funnel drawn from the same test."""
import importlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from lagesbild_methods import columns as C
from lagesbild_methods import fmt
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.verdicts import Change, Comparison

R = importlib.import_module("lagesbild_methods.stats.ratetest")
CH = importlib.import_module("lagesbild_methods.stats.change")
K = importlib.import_module("lagesbild_methods.stats.compare")
F = importlib.import_module("lagesbild_methods.stats.funnel")
RA = importlib.import_module("lagesbild_methods.stats.rates")


def _central(x, n, pi, midp):
    w = 0.5 if midp else 1.0
    low = st.binom.cdf(x - 1, n, pi) + w * st.binom.pmf(x, n, pi)
    up = st.binom.sf(x, n, pi) + w * st.binom.pmf(x, n, pi)
    return min(1.0, 2 * min(low, up))


@pytest.mark.parametrize("o1,e1,o2,e2", [(2, 20_000, 13, 30_000), (12, 1e4, 19, 1e4), (0, 5e3, 4, 9e3),
                                         (176, 20_000, 140, 20_000), (40, 1e5, 41, 3e5)])
@pytest.mark.parametrize("midp", [False, True])
def test_conditional_p_from_binomial_definition_and_interval_inverts_it(o1, e1, o2, e2, midp):
    t = R.two_rate_test(o1, e1, o2, e2, midp=midp)
    n, pi0 = o1 + o2, e2 / (e1 + e2)
    assert t.pvalue == pytest.approx(_central(o2, n, pi0, midp), rel=1e-10)
    # at each limit the tail of the same test equals 2.5 %
    w = 0.5 if midp else 1.0
    for theta, tail in ((t.lower, "up"), (t.upper, "low")):
        if theta in (0.0, np.inf):
            continue
        pi = theta * e2 / (e1 + theta * e2)
        val = (st.binom.sf(o2, n, pi) if tail == "up" else st.binom.cdf(o2 - 1, n, pi)) + w * st.binom.pmf(o2, n, pi)
        assert val == pytest.approx(0.025, abs=1e-9)
    assert (t.pvalue < 0.05) == (t.lower > 1 or t.upper < 1)


def test_exact_limits_are_clopper_pearson():
    t = R.two_rate_test(12, 10_000, 19, 10_000, midp=False)
    lo, hi = st.beta.ppf(0.025, 19, 13), st.beta.ppf(0.975, 20, 12)
    assert t.lower == pytest.approx(lo / (1 - lo), rel=1e-8)
    assert t.upper == pytest.approx(hi / (1 - hi), rel=1e-8)


def test_issue_cases_test_and_interval_agree():
    # the old minlike p = 0.0365 came with a central interval that included 1
    exact = CH.compare_two_rates(2, 20_000, 13, 30_000)
    assert exact["p_varde"] >= 0.05 and exact["kvot_nedre"] < 1 and exact[CH.FORANDRING] == Change.NO_CHANGE
    midp = CH.compare_two_rates(2, 20_000, 13, 30_000, method="cond-midp")
    assert midp["p_varde"] < 0.05 and midp["kvot_nedre"] > 1 and midp[CH.FORANDRING] == Change.INCREASE
    # 176 -> 140: a decrease whose shown interval must exclude 0 %
    r = CH.compare_two_rates(176, 20_000, 140, 20_000, method="cond-midp")
    assert r[CH.FORANDRING] == Change.DECREASE
    hi_pct = (r["kvot_ovre"] - 1) * 100
    d = fmt.decimals_for_interval((r["kvot_nedre"] - 1) * 100, hi_pct, 0)
    assert fmt.num(hi_pct, d) not in ("0", "−0") and fmt.num(hi_pct, d).startswith(fmt.MINUS)
    assert fmt.p_value(r["p_varde"]) != "p = 0,05"


def test_extra_variation_widens_and_reduces_to_binomial():
    plain = R.two_rate_test(150, 1e5, 190, 1e5)
    tiny = R.two_rate_test(150, 1e5, 190, 1e5, alpha1=1e-15, alpha2=1e-15)
    assert tiny.pvalue == pytest.approx(plain.pvalue, rel=1e-9)
    nb = R.two_rate_test(150, 1e5, 190, 1e5, alpha1=0.01, alpha2=0.01)
    assert nb.pvalue > plain.pvalue and nb.lower < plain.lower and nb.upper > plain.upper
    # equal exposures and alphas: the conditional law is the beta-binomial with variance n pi (1-pi) phi
    n, pi = 340, 0.5
    phi = R.phi_effective(n, pi, 0.01, 0.01)
    assert phi == pytest.approx(1 + 0.01 * 170)
    a, b = R._betabinom_params(n, pi, phi)
    assert st.betabinom(n, a, b).var() == pytest.approx(n * pi * (1 - pi) * phi, rel=1e-10)
    low = st.betabinom.cdf(189, n, a, b) + 0.5 * st.betabinom.pmf(190, n, a, b)
    up = st.betabinom.sf(190, n, a, b) + 0.5 * st.betabinom.pmf(190, n, a, b)
    assert nb.pvalue == pytest.approx(2 * min(low, up), rel=1e-8)


def test_one_rate_and_count_interval():
    lo, hi = R.count_interval(5, midp=False)
    assert lo == pytest.approx(st.chi2.ppf(0.025, 10) / 2, rel=1e-8)
    assert hi == pytest.approx(st.chi2.ppf(0.975, 12) / 2, rel=1e-8)
    assert R.count_interval(0, midp=False)[0] == 0.0
    nb_lo, nb_hi = R.count_interval(50, alpha=0.04)
    assert nb_lo < R.count_interval(50)[0] and nb_hi > R.count_interval(50)[1]
    t = R.one_rate_test(40, 10_000, 200.0, multiplier=1e5)  # 20 expected, 40 seen
    assert t.pvalue < 0.001 and t.lower > 200


def test_area_limits_are_the_test_turned_around():
    total, pop, area = 2000, 400_000, 14_000
    lo, hi = R.area_count_limits(total, pop, area, alpha_area=0.01, alpha_rest=0.004)
    for c in range(30, 120):
        p = R.two_rate_test(total - c, pop - area, c, area, alpha1=0.004, alpha2=0.01, interval=False).pvalue
        assert (p < 0.05) == (c < lo or c > hi), c
    assert np.isnan(R.area_count_limits(10, 100.0, 100.0)[0])


def test_methods_and_errors():
    assert set(CH.METHODS) == {"exact-cond", "cond-midp", "score"}
    for m in CH.METHODS:
        r = CH.compare_two_rates(30, 1e4, 50, 1e4, method=m)
        assert (r["p_varde"] < 0.05) == (r["kvot_nedre"] > 1 or r["kvot_ovre"] < 1)
    with pytest.raises(ParameterError, match="Okänd testmetod"):
        CH.compare_two_rates(3, 1e4, 5, 1e4, method="sqrt")
    with pytest.raises(ParameterError, match="variation mellan år"):
        CH.compare_two_rates(3, 1e4, 5, 1e4, method="score", extra_variation=0.01)
    both_zero = CH.compare_two_rates(0, 1e4, 0, 1e4)
    assert both_zero[CH.FORANDRING] == Change.NO_CHANGE and both_zero["p_varde"] == 1.0
    assert CH.compare_two_rates(np.nan, 1e4, 3, 1e4)[CH.FORANDRING] == Change.NOT_ASSESSED


def test_change_between_periods_uses_estimated_variation():
    rng = np.random.default_rng(3)
    years = np.arange(2015, 2026)
    rows = [(k, y, "x", rng.negative_binomial(25, 25 / (25 + 500)), 50_000.0)
            for k in ("0301", "0302", "0303", "0304", "0305") for y in years]
    df = pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL, C.FOLKMANGD])
    auto = CH.change_between_periods(df, 2024, 2025, method="cond-midp")
    plain = CH.change_between_periods(df, 2024, 2025, method="cond-midp", extra_variation=0)
    assert (auto["overspridning"] > 0.01).all() and (auto["overspridning_kalla"] == "peers").all()
    assert (auto["p_varde"] >= plain["p_varde"] - 1e-12).all()
    pooled = CH.change_between_periods(df, [2020, 2021, 2022], [2023, 2024, 2025], method="cond-midp")
    assert pooled["period_1"].iloc[0] == "2020\u20132022"
    # a missing population year leaves the period missing, with the verdict saying so
    gap = df.copy()
    gap.loc[(gap[C.KOMMUNKOD] == "0301") & (gap[C.AR] == 2024), C.FOLKMANGD] = np.nan
    out = CH.change_between_periods(gap, 2024, 2025).set_index(C.KOMMUNKOD)
    assert out.loc["0301", CH.FORANDRING] == Change.NOT_ASSESSED and np.isnan(out.loc["0301", "varde_1"])


def test_pool_years_missing_population_is_not_a_smaller_denominator():
    # issue 10: one missing population year gave 321 instead of 214 per 100 000
    df = pd.DataFrame({C.KOMMUNKOD: "0319", C.BROTTSTYP: "x", C.AR: [2021, 2022, 2023],
                       C.ANTAL: [214, 214, 214], C.FOLKMANGD: [100_000, np.nan, 100_000]})
    out = RA.pool_years(df, 3)
    assert out.empty and out.attrs["ofullstandiga"][0]["period"] == "2021\u20132023"


def test_frame_benchmark_ignores_no_rows_silently():
    own = pd.DataFrame({C.AR: [2024, 2025], C.BROTTSTYP: "x", C.ANTAL: [30, 30], C.FOLKMANGD: [10_000, 10_000]})
    bench = pd.DataFrame({C.AR: [2024, 2024, 2025, 2025], C.BROTTSTYP: "x", C.ANTAL: [100, np.nan, 100, 50],
                          C.FOLKMANGD: [50_000, 50_000, 50_000, 50_000]})
    out = K.compare_with_benchmark(own, bench)
    assert np.isnan(out[K.JAMFORELSEVARDE].iloc[0]) and out[K.SKILLNAD].iloc[0] == Comparison.NOT_ASSESSED
    assert out[K.JAMFORELSEVARDE].iloc[1] == pytest.approx(150 / 100_000 * 1e5)


def _county(rates_per_100k=(700, 450, 980, 520, 600, 400, 500, 650)):
    pop = np.array([240_000, 47_000, 22_000, 22_000, 21_000, 19_000, 14_000, 9_600])
    codes = ["0380", "0381", "0305", "0382", "0360", "0330", "0331", "0319"]
    d = pd.DataFrame({C.KOMMUNKOD: codes, C.AR: 2025, C.BROTTSTYP: "x",
                      C.ANTAL: np.round(np.array(rates_per_100k) * pop / 1e5), C.FOLKMANGD: pop})
    lan = pd.DataFrame({C.KOMMUNKOD: ["03"], C.AR: [2025], C.BROTTSTYP: ["x"], C.ANTAL: [d[C.ANTAL].sum()],
                        C.FOLKMANGD: [pop.sum()]})
    return d, pd.concat([d, lan], ignore_index=True)


def test_one_comparison_one_verdict_text_table_and_funnel():
    kommuner, frame = _county()
    fun = F.funnel(kommuner, overdispersion="arsvariation", extra_variation=0.01, region_extra_variation=0.003)
    pts = fun.punkter.set_index(C.KOMMUNKOD)
    est = pd.DataFrame({C.KOMMUNKOD: [*kommuner[C.KOMMUNKOD], "03"], C.BROTTSTYP: "x",
                        "overspridning": [0.01] * 8 + [0.003], "overspridning_kalla": "given"})
    for code in kommuner[C.KOMMUNKOD]:
        cmp_ = K.compare_with_region(frame, code, "03", method="midp", extra_variation=est).iloc[0]
        assert cmp_[K.SKILLNAD] == pts.loc[code, K.SKILLNAD]
        assert cmp_["p_varde"] == pytest.approx(pts.loc[code, "p_varde"], rel=1e-10)
        outside = not (pts.loc[code, "tratt_nedre_95"] <= pts.loc[code, C.VARDE] <= pts.loc[code, "tratt_ovre_95"])
        assert outside == (cmp_[K.SKILLNAD] in (Comparison.HIGHER, Comparison.LOWER))
        assert (cmp_["p_varde"] < 0.05) == (cmp_["kvot_nedre"] > 1 or cmp_["kvot_ovre"] < 1)
        if cmp_[K.SKILLNAD] == Comparison.NO_DIFFERENCE:
            assert np.isnan(cmp_[K.NIVA])
        else:
            assert cmp_[K.NIVA] == 0.95
    assert fun.overdispersion == "arsvariation" and fun.extra["niva"] == 0.95
    assert {"nedre_95", "ovre_95", "nedre_99_8", "ovre_99_8"} <= set(fun.granser.columns)


def test_midp_against_fixed_value_and_region_containment():
    df = pd.DataFrame({C.ANTAL: [40, 28, 20, 12, 6], C.FOLKMANGD: [10_000] * 5})
    out = K.compare_with_benchmark(df, 200.0, method="midp")
    assert out[K.SKILLNAD].tolist()[0] == Comparison.HIGHER and out[K.SKILLNAD].tolist()[2] == Comparison.NO_DIFFERENCE
    assert ((out[C.NEDRE] > 200) | (out[C.OVRE] < 200)).tolist() == (out[K.SKILLNAD] != Comparison.NO_DIFFERENCE).tolist()
    assert K.region_contains("03", "0331") and K.region_contains("00", "0331")
    assert not K.region_contains("01", "0331")
    with pytest.raises(ParameterError):
        K.compare_with_benchmark(df, 200.0, method="magisk")


def test_funnel_curve_is_where_the_comparison_turns():
    # the curve at a kommun's population is exactly where compare_with_region's verdict changes, for a
    # fixed county total (the rest of the county shrinks as the kommun's count grows)
    kommuner, frame = _county()
    total, pop = float(frame.loc[frame[C.KOMMUNKOD] == "03", C.ANTAL].iloc[0]), float(kommuner[C.FOLKMANGD].sum())
    est = pd.DataFrame({C.KOMMUNKOD: [*kommuner[C.KOMMUNKOD], "03"], C.BROTTSTYP: "x",
                        "overspridning": [0.04] * 8 + [0.01], "overspridning_kalla": "given"})
    fun = F.funnel(kommuner, overdispersion="arsvariation", extra_variation=0.04, region_extra_variation=0.01,
                   region_count=total, region_denominator=pop, grid=[1000.0])
    code = "0330"
    row = fun.punkter.set_index(C.KOMMUNKOD).loc[code]
    for limit, beyond in (("tratt_ovre_95", Comparison.HIGHER), ("tratt_nedre_95", Comparison.LOWER)):
        edge = row[limit] * row[C.FOLKMANGD] / 1e5  # the count on the curve
        inside, outside = (int(np.floor(edge)), int(np.floor(edge)) + 1) if beyond == Comparison.HIGHER else \
            (int(np.ceil(edge)), int(np.ceil(edge)) - 1)
        for count, verdict in ((inside, Comparison.NO_DIFFERENCE), (outside, beyond)):
            f = frame.copy()
            f.loc[f[C.KOMMUNKOD] == code, C.ANTAL] = count
            got = K.compare_with_region(f, code, "03", method="midp", extra_variation=est)[K.SKILLNAD].iloc[0]
            assert got == verdict, (limit, count, got)


def test_region_comparison_with_nullable_columns_gives_the_same_verdicts():
    """Files read with pandas' nullable dtypes (Int64/Float64 with <NA>) reach the comparison; the step-1
    report crashed on ``float(pd.NA)`` with an SCB population file."""
    _kommuner, frame = _county()
    est = pd.DataFrame({C.KOMMUNKOD: [*_kommuner[C.KOMMUNKOD], "03"], C.BROTTSTYP: "x",
                        "overspridning": [0.01] * 8 + [0.003], "overspridning_kalla": "given"})
    nullable = frame.astype({C.ANTAL: "Int64", C.FOLKMANGD: "Float64"})
    nullable = pd.concat([nullable, pd.DataFrame({C.KOMMUNKOD: ["0380"], C.AR: [2024], C.BROTTSTYP: ["x"],
                                                  C.ANTAL: pd.array([pd.NA], dtype="Int64"),
                                                  C.FOLKMANGD: pd.array([pd.NA], dtype="Float64")})],
                         ignore_index=True)
    for code in ("0380", "0319"):
        plain = K.compare_with_region(frame, code, "03", method="midp", extra_variation=est).iloc[0]
        got = K.compare_with_region(nullable, code, "03", method="midp", extra_variation=est)
        if code == "0380":  # its missing year is not assessed, not a crash
            assert (got[got[C.AR] == 2024][K.SKILLNAD] == Comparison.NOT_ASSESSED).all()
        got = got[got[C.AR] == 2025].iloc[0]
        assert got[K.SKILLNAD] == plain[K.SKILLNAD]
        assert got["p_varde"] == pytest.approx(plain["p_varde"], rel=1e-12)
