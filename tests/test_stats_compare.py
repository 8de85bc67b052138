"""Tests for lagesbild_methods.stats.compare: significance against a benchmark, verdicts and levels."""
import importlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference

K = importlib.import_module("lagesbild_methods.stats.compare")

# PHE's significance label -> (verdict, level); the level is a separate value, not part of the verdict
PHE_TO_SV = {
    "High (0.001)": ("higher", 0.998), "High (0.025)": ("higher", 0.95), "Low (0.001)": ("lower", 0.998),
    "Low (0.025)": ("lower", 0.95), "Not significant": ("no_difference", None),
}


def _verdicts(frame):
    """(verdict code, level or None) per row of a comparison result."""
    return [(str(v), None if np.isnan(lv) else lv) for v, lv in zip(frame[K.SKILLNAD], frame[K.NIVA])]


def _vectors(name):
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference saknas")
    return pd.read_csv(ref / "vectors" / name, comment="#")


def test_ratio_significance_vectors_obs_vs_expected():
    # PHE ratio funnels: High if 1 < lower CI of O/E (exact/Byar), Low if 1 > upper CI
    v = _vectors("phe_funnel_ratio_inputs_significance.csv")
    out = K.compare_with_benchmark(v, 1.0, count="obs", denominator="expected", multiplier=1)
    assert _verdicts(out) == v["significance"].map(PHE_TO_SV).tolist()


@pytest.mark.parametrize("scenario,rate_col,mult", [
    ("crude_per_100000_with_0", "rate_crude_per_100000", 1e5),
    ("crude_per_100_with_0", "rate_crude_per_100", 100),
    ("crude_per_100000_without_0", "rate_crude_per_100000", 1e5),
    ("crude_per_100_without_0", "rate_crude_per_100", 100),
])
def test_rate_significance_vectors_crude(scenario, rate_col, mult):
    v = _vectors("phe_funnel_rate_significance.csv")
    if scenario.endswith("without_0"):
        v = v[v["count"] != 0]
    v = v.assign(den=np.where(v["count"] > 0, mult * v["count"] / v[rate_col].where(v[rate_col] > 0, 1), v["pop"]))
    avg = v["count"].sum() / v["den"].sum() * mult
    out = K.compare_with_benchmark(v, avg, count="count", denominator="den", multiplier=mult)
    assert _verdicts(out) == v[scenario].map(PHE_TO_SV).tolist()


def test_labels_from_definition_one_sample_poisson():
    # 40 events where 20 are expected: exact one-sided p = P(X>=40 | 20) is far below 0.001
    df = pd.DataFrame({C.ANTAL: [40, 28, 20, 12, 6], C.FOLKMANGD: [10_000] * 5})
    out = K.compare_with_benchmark(df, 200.0)  # benchmark 200 per 100 000 -> 20 expected
    assert st.poisson.sf(39, 20) < 0.001
    got = _verdicts(out)
    assert got[0] == ("higher", 0.998)
    assert got[2] == ("no_difference", None)
    assert got[4] in (("lower", 0.95), ("lower", 0.998))


def test_benchmark_frame_from_counts_and_region_helper():
    df = pd.DataFrame({
        C.KOMMUNKOD: ["0319", "0319", "03", "03"], C.AR: [2023, 2024, 2023, 2024],
        C.BROTTSTYP: ["bostadsinbrott"] * 4, C.ANTAL: [30, 60, 600, 620], C.FOLKMANGD: [9600, 9650, 400_000, 404_000],
    })
    out = K.compare_with_region(df, "0319", "03")
    assert out[K.JAMFORELSEVARDE].tolist() == pytest.approx([150.0, 620 / 404_000 * 1e5])
    assert out[K.JAMFORELSE].iloc[0] == "Uppsala län"
    assert _verdicts(out)[1] == ("higher", 0.998)  # 622 vs 153 per 100 000
    with pytest.raises(ParameterError):
        K.compare_with_region(df, "9999", "03")


def test_proportion_comparison_and_missing():
    df = pd.DataFrame({"x": [60, np.nan], "n": [100, 100]})
    out = K.compare_with_benchmark(df, 0.4, kind="proportion", count="x", denominator="n")
    assert _verdicts(out) == [("higher", 0.998), ("not_assessed", None)]


def test_unknown_kind():
    with pytest.raises(ParameterError):
        K.compare_with_benchmark(pd.DataFrame({C.ANTAL: [1], C.FOLKMANGD: [1]}), 1, kind="ratio")
