"""Tests for lagesbild_methods.patterns.concentration (generalised Gini, Lorenz, top shares)."""
import re

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.patterns import concentration as K

_WORDS = {"zeros": 0, "ones": 1, "twos": 2, "threes": 3, "fours": 4, "fives": 5}


def parse_description(desc: str, n_units: int) -> np.ndarray:
    """'10,8,2 + 7 zeros' / '433 zeros, 325 ones, ...' / '22,18,...' -> counts per unit."""
    if re.search(r"\d+ (zeros|ones|twos)", desc) and "+" not in desc:
        vals = []
        for cnt, word in re.findall(r"(\d+) (\w+)", desc):
            vals += [_WORDS[word]] * int(cnt)
    else:
        head, _, tail = desc.partition("+")
        vals = [int(v) for v in head.split(",") if v.strip()]
        if tail:
            vals += [0] * int(re.search(r"(\d+) zeros", tail).group(1))
    assert len(vals) == n_units
    return np.array(vals, float)


_VARIANT = {"standard_biased": (False, False), "standard_unbiased": (False, True),
            "generalized_biased": (True, False), "generalized_unbiased": (True, True)}


def test_reference_gini_values_from_lorenzgini():
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared saknas")
    v = pd.read_csv(ref / "vectors" / "lorenzgini_gini.csv", comment="#")
    v = v[v["variant"].isin(_VARIANT)]
    assert len(v) >= 20
    for r in v.itertuples():
        x = parse_description(r.x_description, r.N_units)
        assert x.sum() == r.C_events
        gen, unb = _VARIANT[r.variant]
        got = K.gini(x, generalized=gen, unbiased=unb)
        assert got == pytest.approx(r.formula_value, abs=1e-7), (r.case, r.variant)
        if not pd.isna(r.vignette_value):
            assert got == pytest.approx(float(r.vignette_value), abs=5e-3)


def test_gini_edge_cases():
    assert np.isnan(K.gini([0, 0, 0]))
    assert K.gini([5, 5, 5, 5], generalized=False, unbiased=False) == pytest.approx(-0.25 + 0.25)  # 0
    # four events on four of ten places: maximal equality given C -> generalised Gini 0
    assert K.gini([1, 1, 1, 1] + [0] * 6, unbiased=False) == pytest.approx(0.0)
    with pytest.raises(ParameterError):
        K.gini([1, -1])
    with pytest.raises(ParameterError):
        K.gini([])


def test_top_shares_and_units_for_half():
    x = np.array([50, 20, 10, 5, 5, 4, 3, 2, 1] + [0] * 11)  # 20 units, 100 events
    assert K.top_share(x, 0.05) == pytest.approx(0.50)  # ceil(1) unit
    assert K.top_share(x, 0.10) == pytest.approx(0.70)  # 2 units
    assert K.units_for_share(x, 0.5) == pytest.approx(1 / 20)
    s = K.concentration_summary(x, unit="rutor")
    assert s["enheter"] == 20 and s["handelser"] == 100 and s["andel_enheter_med_handelser"] == pytest.approx(0.45)
    assert not s["fler_enheter_an_handelser"]


def test_lorenz_curve_endpoints_and_equality_line():
    lc = K.lorenz_curve([3, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    assert lc["andel_handelser"].iloc[0] == 0 and lc["andel_handelser"].iloc[-1] == pytest.approx(1)
    assert lc["andel_handelser"].iloc[1] == pytest.approx(0.6)
    # 5 events on 10 units: maximal equality reaches 100 % at 50 % of units
    assert lc["maximal_jamlikhet"].iloc[5] == pytest.approx(1) and lc["maximal_jamlikhet"].iloc[2] == pytest.approx(0.4)
    assert np.all(np.diff(lc["andel_handelser"]) >= 0)


def test_bootstrap_ci_contains_estimate_and_is_seeded():
    rng = np.random.default_rng(0)
    x = rng.negative_binomial(1, 0.5, 200)
    lo, hi = K.gini_ci(x, n_resamples=199)
    g = K.gini(x)
    assert lo < g < hi
    assert (lo, hi) == K.gini_ci(x, n_resamples=199)


def test_counts_per_unit_adds_zero_places():
    d = pd.DataFrame({"plats": ["A", "B", "A"]})
    s = K.counts_per_unit(d, "plats", all_units=["A", "B", "C"])
    assert s.to_dict() == {"A": 2, "B": 1, "C": 0}
