"""Property tests (hypothesis) over the statistics API: no crash and no silent NaN on valid input,
verdicts that agree with their p-values and intervals, and numbers that never contradict them on
screen (issue 10, items 3-5)."""
import importlib
import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as hs

from lagesbild_methods import columns as C
from lagesbild_methods import fmt
from lagesbild_methods.verdicts import Change, Comparison, Trend

CH = importlib.import_module("lagesbild_methods.stats.change")
SC = importlib.import_module("lagesbild_methods.stats.share_change")
TR = importlib.import_module("lagesbild_methods.stats.trend")
K = importlib.import_module("lagesbild_methods.stats.compare")
F = importlib.import_module("lagesbild_methods.stats.funnel")
RA = importlib.import_module("lagesbild_methods.stats.rates")
P = importlib.import_module("lagesbild_methods.stats.proportions")
S = importlib.import_module("lagesbild_methods.stats.suppression")

counts = hs.integers(min_value=0, max_value=100_000)
pops = hs.floats(min_value=1, max_value=1_000_000, allow_nan=False, allow_infinity=False)
alphas = hs.one_of(hs.just(0.0), hs.floats(min_value=0, max_value=0.2))
TOL = 1e-6
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _interval_agrees(verdict, lo, hi, null, up, down, none):
    if verdict == up:
        return lo >= null * (1 - TOL)
    if verdict == down:
        return hi <= null * (1 + TOL) + (TOL if null == 0 else 0)
    assert verdict == none
    return lo <= null * (1 + TOL) + TOL and hi >= null * (1 - TOL) - TOL


@FAST
@given(o1=counts, e1=pops, o2=counts, e2=pops, method=hs.sampled_from(sorted(CH.METHODS)), a=alphas)
def test_compare_two_rates_never_crashes_and_agrees(o1, e1, o2, e2, method, a):
    extra = a if method in ("cond-midp", "exact-cond") else 0.0
    r = CH.compare_two_rates(o1, e1, o2, e2, method=method, extra_variation=extra)
    p = r["p_varde"]
    assert 0 <= p <= 1
    assert r[CH.FORANDRING] in (Change.INCREASE, Change.DECREASE, Change.NO_CHANGE)
    assert (p < 0.05) == r[CH.FORANDRING].significant
    lo, hi, est = r["kvot_nedre"], r["kvot_ovre"], r["kvot"]
    assert not (math.isnan(lo) or math.isnan(hi))
    assert math.isnan(est) == (o1 == 0 and o2 == 0)
    if not math.isnan(est) and math.isfinite(est):
        assert lo * (1 - TOL) <= est <= hi * (1 + TOL)
    assert _interval_agrees(r[CH.FORANDRING], lo, hi, 1.0, Change.INCREASE, Change.DECREASE, Change.NO_CHANGE)


@FAST
@given(n1=hs.floats(min_value=1, max_value=100_000), n2=hs.floats(min_value=1, max_value=100_000),
       p1=hs.floats(min_value=0, max_value=1), p2=hs.floats(min_value=0, max_value=1),
       missing=hs.booleans())
def test_compare_two_shares_never_crashes_and_agrees(n1, n2, p1, p2, missing):
    shares = pd.DataFrame({C.KOMMUNKOD: "0331", C.FRAGA: "q", C.AR: [2022, 2025],
                           C.VARDE: [p1, np.nan if missing else p2], C.NAMNARE: [n1, n2]})
    r = SC.compare_two_shares(shares, 2022, 2025).iloc[0]
    if missing:
        assert r["forandring"] == Change.NOT_ASSESSED and math.isnan(r["p_varde"])
        return
    assert 0 <= r["p_varde"] <= 1
    assert (r["p_varde"] < 0.05) == r["forandring"].significant
    assert r["skillnad_nedre"] - 1e-9 <= r["skillnad"] <= r["skillnad_ovre"] + 1e-9
    lo, hi = r["skillnad_nedre"], r["skillnad_ovre"]
    if r["forandring"] == Change.INCREASE:
        assert lo >= -1e-7
    elif r["forandring"] == Change.DECREASE:
        assert hi <= 1e-7
    else:
        assert lo <= 1e-7 and hi >= -1e-7


def test_compare_two_shares_issue_case():
    shares = pd.DataFrame({C.KOMMUNKOD: "0331", C.FRAGA: "q", C.AR: [2022, 2025],
                           C.VARDE: [70 / 300, 49 / 290], C.NAMNARE: [300, 290]})
    r = SC.compare_two_shares(shares, 2022, 2025).iloc[0]
    assert r["forandring"] == Change.NO_CHANGE and r["skillnad_nedre"] < 0 < r["skillnad_ovre"]


series = hs.lists(hs.tuples(hs.one_of(counts, hs.just(np.nan)), hs.one_of(pops, hs.just(np.nan))),
                  min_size=1, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=series, family=hs.sampled_from(["auto", "auto", "poisson", "negbin", "quasipoisson"]))
def test_trend_never_crashes_nan_only_when_not_assessed(data, family):
    df = pd.DataFrame({C.AR: range(2025 - len(data) + 1, 2026), C.ANTAL: [d[0] for d in data],
                       C.FOLKMANGD: [d[1] for d in data]})
    r = TR.trend(df, by=(), family=family).iloc[0]
    assert r["trend"] in tuple(Trend)
    values = [r["arlig_forandring_pct"], r["nedre_pct"], r["ovre_pct"], r["p_varde"]]
    if r["trend"] == Trend.NOT_ASSESSED:
        assert all(math.isnan(v) for v in values)
        return
    assert all(math.isfinite(v) for v in values)
    assert (r["p_varde"] < 0.05) == r["trend"].significant
    assert _interval_agrees(r["trend"], r["nedre_pct"], r["ovre_pct"], 0.0, Trend.INCREASING, Trend.DECREASING,
                            Trend.NONE)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=hs.lists(hs.tuples(hs.integers(0, 20_000), pops, hs.booleans()), min_size=2, max_size=5),
       method=hs.sampled_from(["exact-cond", "cond-midp"]))
def test_change_between_periods_missing_stays_missing(data, method):
    rows = []
    for k, (o, e, gap) in enumerate(data):
        rows.append(("03%02d" % k, 2024, "x", o, e))
        rows.append(("03%02d" % k, 2025, "x", np.nan if gap else o // 2, e))
    df = pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL, C.FOLKMANGD])
    out = CH.change_between_periods(df, 2024, 2025, method=method).set_index(C.KOMMUNKOD)
    for k, (_o, _e, gap) in enumerate(data):
        r = out.loc["03%02d" % k]
        assert (r[CH.FORANDRING] == Change.NOT_ASSESSED) == gap
        assert math.isnan(r["p_varde"]) == gap
        assert math.isfinite(r["overspridning"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(o=hs.lists(hs.integers(0, 5000), min_size=3, max_size=8),
       pop=hs.lists(hs.floats(1000, 300_000), min_size=8, max_size=8), a=alphas, ar=hs.floats(0, 0.05))
def test_funnel_verdicts_and_limits_agree(o, pop, a, ar):
    df = pd.DataFrame({C.KOMMUNKOD: [f"03{i:02d}" for i in range(len(o))], C.ANTAL: o, C.FOLKMANGD: pop[:len(o)]})
    assume(df[C.ANTAL].sum() > 0)
    res = F.funnel(df, overdispersion="arsvariation", extra_variation=a, region_extra_variation=ar,
                   grid=[1000.0, 50_000.0])
    for _, r in res.punkter.iterrows():
        if r[K.SKILLNAD] == Comparison.NOT_ASSESSED:
            continue
        outside = r[C.VARDE] < r["tratt_nedre_95"] - 1e-9 or r[C.VARDE] > r["tratt_ovre_95"] + 1e-9
        inside = r["tratt_nedre_95"] + 1e-9 < r[C.VARDE] < r["tratt_ovre_95"] - 1e-9
        if outside:
            assert r[K.SKILLNAD] in (Comparison.HIGHER, Comparison.LOWER)
        if inside:
            assert r[K.SKILLNAD] == Comparison.NO_DIFFERENCE
        assert (r["p_varde"] < 0.05) == r[K.SKILLNAD].significant


@FAST
@given(o=hs.one_of(counts, hs.just(np.nan)), n=hs.one_of(pops, hs.just(np.nan)),
       bench=hs.floats(0.01, 50_000), a=alphas)
def test_benchmark_rates_and_proportions_nan_only_from_missing(o, n, bench, a):
    df = pd.DataFrame({C.ANTAL: [o], C.FOLKMANGD: [n]})
    r = K.compare_with_benchmark(df, bench, method="midp", extra_variation=a).iloc[0]
    missing = math.isnan(o) or math.isnan(n)
    assert (r[K.SKILLNAD] == Comparison.NOT_ASSESSED) == missing
    assert math.isnan(r["p_varde"]) == missing and math.isnan(r[C.NEDRE]) == missing
    if not missing:
        assert (r["p_varde"] < 0.05) == r[K.SKILLNAD].significant
        assert _interval_agrees(r[K.SKILLNAD], r[C.NEDRE], r[C.OVRE], bench, Comparison.HIGHER, Comparison.LOWER,
                                Comparison.NO_DIFFERENCE)
    phe = K.compare_with_benchmark(df, bench).iloc[0]
    assert (phe[K.SKILLNAD] == Comparison.NOT_ASSESSED) == missing
    rr = RA.rates(df).iloc[0]
    assert math.isnan(rr[C.VARDE]) == missing and math.isnan(rr[C.NEDRE]) == missing
    if not missing:
        x = min(o, n)  # a share needs count <= n
        pr = P.proportions(pd.DataFrame({"x": [x], "n": [n]}), "x", "n").iloc[0]
        assert math.isfinite(pr[C.NEDRE]) and math.isfinite(pr[C.OVRE])


@settings(max_examples=300, deadline=None)
@given(lo=hs.floats(-1e5, 1e5), width=hs.floats(1e-7, 1e5), dec=hs.integers(0, 2), null=hs.sampled_from([0.0, 1.0]))
def test_shown_interval_never_contradicts_the_verdict(lo, width, dec, null):
    hi = lo + width
    d = fmt.decimals_for_interval(lo, hi, dec, null=null)
    shown_lo, shown_hi = (float(fmt.num(x, d).replace(fmt.MINUS, "-").replace(fmt.THIN_SPACE, "").replace(",", "."))
                          for x in (lo, hi))
    if lo > null and d < 6:
        assert shown_lo > null
    if hi < null and d < 6:
        assert shown_hi < null
    if lo <= null <= hi:
        assert d == dec


@settings(max_examples=300, deadline=None)
@given(p=hs.floats(0, 1))
@example(p=0.0499)
@example(p=0.046875)
@example(p=0.04999999)
@example(p=0.05)
def test_p_value_never_reads_as_the_other_side_of_the_level(p):
    text = fmt.p_value(p)
    if text == "p saknas":
        return
    if text.startswith("p < "):
        assert p < 0.05
        return
    shown = float(text[4:].replace(",", "."))
    assert (shown < 0.05) == (p < 0.05)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=hs.lists(hs.integers(0, 30), min_size=8, max_size=8), years=hs.integers(1, 3))
def test_random_publications_are_protected(values, years):
    parts = ["A1", "A2", "A3", "A4"]
    rows = []
    for y in range(years):
        for i, p in enumerate(parts):
            rows.append((p, 2020 + y, "sexualbrott", values[(i + 3 * y) % 8]))
        rows.append(("T", 2020 + y, "sexualbrott", sum(values[(i + 3 * y) % 8] for i in range(4))))
    cells = pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL])
    try:
        dec = S.suppress_publication(cells, regions={"T": parts}, total_category=None)
    except Exception as err:  # a publication too small to protect must say so in Swedish
        assert "skyddas" in str(err)
        return
    v = cells[C.ANTAL].to_numpy()
    hidden = dec["dold"].to_numpy()
    assert (hidden >= ((v >= 1) & (v <= 4))).all()
    rel = S.publication_relations(cells, regions={"T": parts}, total_category=None)
    primary = (v >= 1) & (v <= 4)
    lo = np.where(primary, 1.0, np.where(hidden, 5.0, 0.0))
    hi = np.where(primary, 4.0, np.inf)
    res = S.attack(v, hidden, rel, lo, hi)
    for i in np.flatnonzero(hidden):
        assert res.low[i] < res.high[i]
        if primary[i]:
            assert res.low[i] <= 1 and res.high[i] >= 4


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers=hs.lists(hs.tuples(hs.sampled_from(["Mycket trygg", "Ganska otrygg", "Mycket otrygg", "Vet ej", None]),
                                  hs.floats(0.05, 20), hs.sampled_from([2022, 2025])), min_size=0, max_size=40))
def test_weighted_survey_shares_and_their_change(answers):
    df = pd.DataFrame({C.RESPONDENT: [str(i) for i in range(len(answers))], C.KOMMUNKOD: "0331",
                       C.AR: [a[2] for a in answers], C.VIKT: [a[1] for a in answers], C.FRAGA: "q",
                       C.SVAR: [a[0] for a in answers]})
    if not len(df):
        return
    sh = P.survey_shares(df, "q", ["Ganska otrygg", "Mycket otrygg"], weight=C.VIKT)
    assert sh[C.VARDE].between(0, 1).all() and (sh[C.NEDRE] <= sh[C.VARDE] + 1e-12).all()
    assert (sh["n_svarande"] >= 1).all()  # groups without a valid answer are not rows with NaN
    ch = SC.compare_two_shares(sh, 2022, 2025)
    for _, r in ch.iterrows():
        assert (r["forandring"] == Change.NOT_ASSESSED) == math.isnan(r["p_varde"])
        if r["forandring"] != Change.NOT_ASSESSED:
            assert (r["p_varde"] < 0.05) == r["forandring"].significant


def test_infinite_values_are_printed_not_raised():
    """A change from 0 events is infinite; printing it must not raise decimal.InvalidOperation."""
    from lagesbild_methods import fmt

    assert fmt.num(float("inf"), 1) == "∞" and fmt.num(float("-inf")) == "−∞"
    assert fmt.pct(float("inf")).startswith("∞")
    assert fmt.num(12345.678, 1) == "12\u202f345,7"


def test_year_ranges_in_swedish():
    from lagesbild_methods import fmt

    assert fmt.year_ranges([2020, 2015, 2016, 2017, 2017]) == "2015–2017, 2020"
    assert fmt.year_ranges([2024]) == "2024" and fmt.year_ranges([]) == fmt.MISSING
