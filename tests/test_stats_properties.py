"""Property tests (hypothesis) for the interval invariants of rates and proportions."""
import importlib

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as hs

from lagesbild_methods import columns as C

R = importlib.import_module("lagesbild_methods.stats.rates")
P = importlib.import_module("lagesbild_methods.stats.proportions")

counts = hs.integers(min_value=0, max_value=100_000)
pops = hs.floats(min_value=1, max_value=1e7, allow_nan=False, allow_infinity=False)


@settings(max_examples=100, deadline=None)
@given(o=counts, n=pops)
def test_rate_interval_contains_value_and_998_contains_95(o, n):
    out = R.rates(pd.DataFrame({"antal": [o], "folkmangd": [n]}), confidence=(0.95, 0.998)).iloc[0]
    eps = 1e-9 * max(1.0, out[C.VARDE])
    assert out["nedre_99_8"] - eps <= out["nedre_95"] <= out[C.VARDE] + eps
    assert out[C.VARDE] - eps <= out["ovre_95"] <= out["ovre_99_8"] + eps
    assert out["nedre_95"] >= 0


@settings(max_examples=100, deadline=None)
@given(o=hs.integers(min_value=0, max_value=50_000), k=hs.integers(min_value=2, max_value=10))
def test_relative_rate_interval_narrows_as_counts_grow(o, k):
    # same rate, k times the events and population: relative width must shrink
    df = pd.DataFrame({"antal": [o, o * k], "folkmangd": [1e5, 1e5 * k]})
    out = R.rates(df)
    w = (out[C.OVRE] - out[C.NEDRE]).to_numpy()
    assert w[1] < w[0]


@settings(max_examples=100, deadline=None)
@given(n=hs.integers(min_value=1, max_value=100_000), frac=hs.floats(min_value=0, max_value=1))
def test_proportion_interval_invariants(n, frac):
    x = round(frac * n)
    out = P.proportions(pd.DataFrame({"x": [x], "n": [n]}), "x", "n", confidence=(0.95, 0.998)).iloc[0]
    eps = 1e-12
    assert 0 - eps <= out["nedre_99_8"] <= out["nedre_95"] + eps
    assert out["nedre_95"] <= out[C.VARDE] + eps <= out["ovre_95"] + 2 * eps
    assert out["ovre_95"] <= out["ovre_99_8"] + eps <= 1 + 2 * eps


@settings(max_examples=100, deadline=None)
@given(n=hs.integers(min_value=2, max_value=20_000), frac=hs.floats(min_value=0.01, max_value=0.99),
       k=hs.integers(min_value=2, max_value=10))
def test_proportion_interval_narrows_with_n(n, frac, k):
    x = frac * n
    df = pd.DataFrame({"x": [x, x * k], "n": [n, n * k]})
    out = P.proportions(df, "x", "n")
    w = (out[C.OVRE] - out[C.NEDRE]).to_numpy()
    assert w[1] < w[0]


@settings(max_examples=25, deadline=None)
@given(o=hs.lists(hs.integers(min_value=0, max_value=5000), min_size=1, max_size=30))
def test_vectorised_equals_row_by_row(o):
    df = pd.DataFrame({"antal": o, "folkmangd": 10_000.0})
    whole = R.rates(df)
    single = pd.concat([R.rates(df.iloc[[i]]) for i in range(len(df))])
    np.testing.assert_allclose(whole[C.NEDRE], single[C.NEDRE])
    np.testing.assert_allclose(whole[C.OVRE], single[C.OVRE])
