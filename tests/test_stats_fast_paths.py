"""The speed-ups of the step-1 statistics (issue 17) give the same numbers as the plain computations.

* rate tests: scipy.stats' own nbinom/poisson/betabinom methods instead of the public calls
  (``ratetest._nb_fast`` and friends) must agree bit for bit, and so must the memoized count interval;
* survey shares of many questions in one pass (``survey_shares_many``) must equal one call per question;
* the publication's hidden cells as sets (``Disclosure.hidden_in``) must equal a scan of the publication;
* ``pool_years`` on a period shorter than one window returns an empty frame (it crashed a two-year report).
"""
import importlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from lagesbild_methods import columns as C
from lagesbild_methods.steps.disclosure import Disclosure

R = importlib.import_module("lagesbild_methods.stats.ratetest")
P = importlib.import_module("lagesbild_methods.stats.proportions")
RATES = importlib.import_module("lagesbild_methods.stats.rates")


@pytest.fixture
def public_only(monkeypatch):
    """The rate tests with the public scipy.stats calls only (the code before the speed-up)."""
    monkeypatch.setattr(R, "_FAST", [False])
    R._count_interval.cache_clear()
    yield
    R._count_interval.cache_clear()


def test_fast_scipy_calls_are_the_public_calls_bit_for_bit():
    assert R._fast_ok()
    for x in (0, 1, 2, 5, 12, 40, 333, 2500):
        for mu in (0.05, 1.0, 4.2, 37.5, 410.0, 2600.0):
            for alpha in (1e-4, 0.01, 0.12, 0.9):
                size = 1 / alpha
                p = size / (size + mu)
                want = (float(st.nbinom.pmf(x, size, p)), float(st.nbinom.cdf(x - 1, size, p)) if x else 0.0,
                        float(st.nbinom.sf(x, size, p)))
                assert R._nb_fast(x, size, p) == want, (x, mu, alpha)
            want = (float(st.poisson.pmf(x, mu)), float(st.poisson.cdf(x - 1, mu)) if x else 0.0,
                    float(st.poisson.sf(x, mu)))
            assert R._poisson_fast(x, mu) == want, (x, mu)
    k = np.arange(0, 1201)
    for a, b in ((3.3, 11.0), (150.0, 4000.0), (0.5, 0.8), (2.0, 2.0)):
        np.testing.assert_array_equal(R._betabinom_logpmf(k, 1200, a, b), st.betabinom.logpmf(k, 1200, a, b))


def _cases():
    return [(0, 0.0), (1, 0.0), (7, 0.02), (57, 0.03), (240, 0.0), (240, 0.011), (1900, 0.004), (13, 0.5)]


def test_rate_tests_identical_with_and_without_the_fast_path(monkeypatch):
    def run():
        R._count_interval.cache_clear()
        out = [R.count_interval(x, alpha=a) for x, a in _cases()]
        out += [R.count_interval(x, alpha=a, midp=False, confidence=0.998) for x, a in _cases()]
        out += [tuple(vars(R.two_rate_test(o1, 5e4, o2, 3e4, alpha1=a1, alpha2=a2)).values())
                for o1, o2, a1, a2 in ((120, 95, 0.0, 0.0), (3000, 410, 0.01, 0.03), (40, 2, 0.2, 0.0),
                                       (18000, 2900, 0.004, 0.02))]
        out += [R.area_count_limits(25000, 3.8e5, p, alpha_area=0.02, alpha_rest=0.01) for p in (2e3, 4e4, 2e5)]
        return out

    fast = run()
    monkeypatch.setattr(R, "_FAST", [False])
    public = run()
    R._count_interval.cache_clear()
    assert fast == public


def test_count_interval_is_memoized_and_returns_the_same(public_only):
    first = R.count_interval(57, alpha=0.03)
    assert R._count_interval.cache_info().hits == 0
    assert R.count_interval(np.int64(57), alpha=np.float64(0.03)) == first
    assert R._count_interval.cache_info().hits == 1
    # the Garwood (exact Poisson) limits for alpha = 0 without mid-p: the reference values still hold
    lo, hi = R.count_interval(5, midp=False)
    assert lo == pytest.approx(st.chi2.ppf(0.025, 10) / 2, rel=1e-8)
    assert hi == pytest.approx(st.chi2.ppf(0.975, 12) / 2, rel=1e-8)


def _survey(seed=3):
    rng = np.random.default_rng(seed)
    rows = []
    answers = {"trygg": ["Mycket trygg", "Ganska trygg", "Ganska otrygg", "Mycket otrygg", "Vet ej"],
               "oro": ["Ofta", "Ibland", "Aldrig", "Ej svar"], "oro_inbrott": ["Ofta", "Ibland", "Aldrig"],
               "utsatt": ["Ja", "Nej"]}
    for r in range(900):
        ar = 2022 if r < 450 else 2025
        kon = rng.choice(["Kvinna", "Man"])
        w = float(np.round(rng.uniform(0.3, 2.7), 3))
        for q, opts in answers.items():
            rows.append({"respondent": f"r{r}", C.KOMMUNKOD: "0331", C.AR: ar, C.KON: kon, C.VIKT: w, C.FRAGA: q,
                         C.SVAR: rng.choice(opts) if rng.uniform() > 0.03 else None})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("by", [(C.KOMMUNKOD, C.AR), (C.KOMMUNKOD, C.AR, C.KON), ()])
@pytest.mark.parametrize("weight", [C.VIKT, None])
def test_survey_shares_many_equals_one_call_per_question(by, weight):
    sv = _survey()
    questions = {"trygg": ["Ganska otrygg", "Mycket otrygg"], "oro": ["Ofta"], "oro_inbrott": ["Ibland"],
                 "utsatt": ["Ja"]}
    many = P.survey_shares_many(sv, questions, by=by, weight=weight)
    for q, pos in questions.items():
        one = P.survey_shares(sv, q, pos, by=by, weight=weight)
        pd.testing.assert_frame_equal(many[q], one, check_exact=True)
        # and the shares are what they say: the weighted share of positive answers among valid answers
        d = sv[(sv[C.FRAGA] == q) & sv[C.SVAR].notna() & ~sv[C.SVAR].isin(["Vet ej", "Ej svar"])]
        d = d.assign(_w=d[C.VIKT] if weight else 1.0, _p=d[C.SVAR].isin(pos))
        groups = d.groupby(list(by)) if by else [((), d)]
        want = [(g["_w"] * g["_p"]).sum() / g["_w"].sum() for _, g in groups]
        np.testing.assert_allclose(many[q][C.VARDE].to_numpy(float), want, rtol=1e-12)
        assert many[q]["n_svarande"].tolist() == [len(g) for _, g in (d.groupby(list(by)) if by else [((), d)])]


def test_survey_shares_many_refuses_a_missing_question():
    with pytest.raises(Exception, match="Frågan 'saknas' finns inte"):
        P.survey_shares_many(_survey(), {"trygg": ["Ganska otrygg"], "saknas": ["Ja"]})


def test_hidden_cells_as_sets_equal_a_scan_of_the_publication():
    rng = np.random.default_rng(5)
    pub = pd.DataFrame([{C.KOMMUNKOD: k, C.BROTTSTYP: b, C.AR: y, "visning": "x", "dold": bool(rng.uniform() < 0.2)}
                        for k in ("0331", "0305", "03") for b in ("misshandel", "rån", "totalt")
                        for y in range(2019, 2026)])
    d = Disclosure(True, pub[pub[C.KOMMUNKOD] == "0331"][[C.BROTTSTYP, C.AR, "visning", "dold"]], pub, "0331")
    assert pub["dold"].any()
    for k in ("0331", "0305", "03", "0380", 331):
        for b in ("misshandel", "rån", "totalt", "stöld"):
            for y in (None, 2018, 2019, 2022, np.int64(2025), 2025.0):
                m = (pub[C.KOMMUNKOD].astype(str) == str(k)) & (pub[C.BROTTSTYP] == b)
                if y is not None:
                    m &= pub[C.AR] == y
                assert d.hidden_in(k, b, y) == bool(pub.loc[m, "dold"].any()), (k, b, y)


def test_pool_years_on_a_period_shorter_than_a_window():
    df = pd.DataFrame({C.KOMMUNKOD: "0331", C.BROTTSTYP: "rån", C.AR: [2024, 2025], C.ANTAL: [3.0, 5.0],
                       C.FOLKMANGD: [14000.0, 14100.0]})
    out = RATES.pool_years(df, years=3, rolling=False)
    assert out.empty and "period" in out.columns and out.attrs["ofullstandiga"] == []
    two = RATES.pool_years(pd.concat([df.assign(**{C.AR: df[C.AR] - 2}), df]), years=3, rolling=False)
    assert two[[C.ANTAL, C.FOLKMANGD, "antal_ar"]].values.tolist() == [[5.0 + 3.0 + 5.0, 14100.0 + 14000.0 + 14100.0, 3]]


def test_two_year_report_has_a_development_section():
    """A report over two years (e.g. a kommun with two years of its own data) pooled nothing by three
    years and crashed in ``utveckling``; now it shows the trend table and no pooled periods."""
    from lagesbild_methods.steps import step1

    sec = step1.utveckling(step1.load("Heby", 2024, 2025))
    assert "sammanslaget" in sec.facts and sec.facts["sammanslaget"].empty
    assert any(p[0] == "table" and "Trend 2024–2025" in p[2] for p in sec.parts)
