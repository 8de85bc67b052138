"""Tests for lagesbild_methods.stats.dispersion: extra variation between years (NB2 alpha)."""
import importlib

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats as st

from lagesbild_methods import columns as C

D = importlib.import_module("lagesbild_methods.stats.dispersion")

YEARS = np.arange(2015, 2026)


def _panel(alpha, lam, k=8, seed=1, county=True):
    rng = np.random.default_rng(seed)
    mu = np.full((k, YEARS.size), float(lam))
    o = rng.negative_binomial(1 / alpha, 1 / (1 + alpha * mu)) if alpha > 0 else rng.poisson(mu)
    rows = [(f"03{i:02d}", y, "x", o[i, j], 20_000.0) for i in range(k) for j, y in enumerate(YEARS)]
    if county:
        rows += [("03", y, "x", o[:, j].sum(), 20_000.0 * k) for j, y in enumerate(YEARS)]
    return pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL, C.FOLKMANGD])


def test_moment_estimator_solves_the_pearson_equation():
    rng = np.random.default_rng(4)
    mu = rng.uniform(50, 400, 60)
    o = rng.negative_binomial(25, 25 / (25 + mu))  # alpha = 0.04
    a = D.moment_alpha(o, mu, 58)
    assert np.sum((o - mu) ** 2 / (mu * (1 + a * mu))) == pytest.approx(58, rel=1e-8)
    assert D.moment_alpha(mu.round(), mu, 58) == 0.0  # no spread beyond Poisson: truncated at 0
    assert np.isnan(D.moment_alpha(o, mu, 0))


def test_estimate_recovers_alpha_from_pooled_kommuner():
    est = D.estimate_extra_variation(_panel(0.04, 300, k=30, seed=2, county=False))
    peers = est[est[D.KALLA] == "peers"]
    assert len(peers) >= 25 and (peers[D.FRIHETSGRADER] == 30 * 9).all()
    assert peers[D.SKATTNING].iloc[0] == pytest.approx(0.04, rel=0.2)
    # the t calibration of 270 df is tiny, of 9 df it is (t_9 / z)^2
    assert peers[D.OVERSPRIDNING].iloc[0] == pytest.approx(peers[D.SKATTNING].iloc[0] * D.calibration(270))
    assert D.calibration(9) == pytest.approx((st.t.ppf(0.975, 9) / st.norm.ppf(0.975)) ** 2)


def test_poisson_data_give_little_or_no_extra_variation():
    est = D.estimate_extra_variation(_panel(0, 500, k=30, seed=3, county=False))
    # with 270 df the estimate of alpha mu stays below 0.4 (sd of chi2/df is about 0.09)
    assert est[D.SKATTNING].iloc[0] * 500 < 0.4
    assert est[D.P_VARDE].iloc[0] > 0.001


def test_fits_in_blocks_equal_separate_fits():
    df = _panel(0.02, 40, k=5, seed=5, county=False)
    series = [(g[C.AR].to_numpy(), g[C.ANTAL].to_numpy(), g[C.FOLKMANGD].to_numpy())
              for _, g in df.groupby(C.KOMMUNKOD)]
    block = D.fit_many(series)
    for (y, o, e), (mu, dfr) in zip(series, block):
        X = sm.add_constant(y - y.mean())
        ref = sm.GLM(o.astype(float), X, family=sm.families.Poisson(), offset=np.log(e)).fit().fittedvalues
        np.testing.assert_allclose(mu, ref, rtol=1e-7)
        assert dfr == len(y) - 2
    short = D.fit_series([2023, 2024, 2025], [3, 5, 4], [1000, 1000, 1000])
    np.testing.assert_allclose(short[0], [4, 4, 4])  # constant level below five years
    assert short[1] == 2
    assert D.fit_series([2024, 2025], [0, 0], [10, 10])[1] == 0  # no events, no information


def test_pool_sources_peers_categories_own_assumed():
    df = _panel(0.01, 100)
    est = D.estimate_extra_variation(df).set_index(C.KOMMUNKOD)
    assert est.loc["0300", D.KALLA] == "peers"
    assert est.loc["03", D.KALLA] == "own"  # an aggregate has no peers; 9 df of its own
    two_cats = pd.concat([df, df.assign(**{C.BROTTSTYP: "y"})])
    est2 = D.estimate_extra_variation(two_cats).set_index([C.KOMMUNKOD, C.BROTTSTYP])
    assert est2.loc[("03", "x"), D.KALLA] == "own"  # 18 df across categories is still short
    est3 = D.estimate_extra_variation(pd.concat([two_cats, df.assign(**{C.BROTTSTYP: "z"})]))
    assert est3.set_index([C.KOMMUNKOD, C.BROTTSTYP]).loc[("03", "x"), D.KALLA] == "categories"
    one_year = df[df[C.AR] == 2025]
    est4 = D.estimate_extra_variation(one_year)
    assert (est4[D.KALLA] == "assumed").all() and (est4[D.OVERSPRIDNING] == D.ALPHA_ASSUMED).all()


def test_volatile_series_keeps_its_own_alpha():
    df = _panel(0.0, 200, k=8, seed=7, county=False)
    wild = df[C.KOMMUNKOD] == "0303"
    df.loc[wild, C.ANTAL] = (df.loc[wild, C.ANTAL] * np.tile([0.5, 1.6], 6)[:YEARS.size]).round()
    est = D.estimate_extra_variation(df).set_index(C.KOMMUNKOD)
    assert est.loc["0303", D.KALLA] == "own"
    assert est.loc["0303", D.OVERSPRIDNING] > 5 * est.loc["0300", D.OVERSPRIDNING]
    assert est.loc["0300", D.KALLA] == "peers"


def test_missing_rows_are_left_out_and_lookup():
    df = _panel(0.01, 100)
    df.loc[df.index[:3], C.ANTAL] = np.nan
    df.loc[df.index[3], C.FOLKMANGD] = np.nan
    est = D.estimate_extra_variation(df)
    row = est[est[C.KOMMUNKOD] == "0300"].iloc[0]
    assert row[D.ANTAL_AR] == YEARS.size - 4
    assert D.lookup(est, {C.KOMMUNKOD: "0300", C.BROTTSTYP: "x"}) == row[D.OVERSPRIDNING]
    assert D.lookup(est, {C.KOMMUNKOD: "9999"}, default=0.5) == 0.5
    look = D.resolve(df, 0.02, by=[C.KOMMUNKOD])
    assert look({C.KOMMUNKOD: "0300"}) == (0.02, "given")
