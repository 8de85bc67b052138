"""Tests for lagesbild_methods.stats.proportions: Wilson intervals, weighted shares (Kish)."""
import importlib

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference

P = importlib.import_module("lagesbild_methods.stats.proportions")


def _vectors(name):
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference saknas")
    return pd.read_csv(ref / "vectors" / name, comment="#")


def _wilson_by_hand(x, n, conf):
    z = st.norm.ppf(1 - (1 - conf) / 2)
    root = z * np.sqrt(z * z + 4 * x * (1 - x / n))
    return (2 * x + z * z - root) / (2 * (n + z * z)), (2 * x + z * z + root) / (2 * (n + z * z))


def test_wilson_vectors_match_phe():
    v = _vectors("phe_wilson_ci.csv")
    for conf, sub in v.groupby("confidence"):
        lo, hi = P.wilson_limits(sub["x"], sub["n"], conf)
        np.testing.assert_allclose(lo, sub["lower"], rtol=1e-8)
        np.testing.assert_allclose(hi, sub["upper"], rtol=1e-8)


def test_phe_proportion_vectors_both_levels_and_multipliers():
    v = _vectors("phe_proportion.csv")
    for mult, sub in v.groupby("multiplier"):
        out = P.proportions(sub, "x", "n", confidence=(0.95, 0.998), multiplier=mult)
        for mine, theirs in [(C.VARDE, "value"), ("nedre_95", "lower95"), ("ovre_95", "upper95"),
                             ("nedre_99_8", "lower99_8"), ("ovre_99_8", "upper99_8")]:
            np.testing.assert_allclose(out[mine].to_numpy(float), sub[theirs].to_numpy(float), rtol=1e-8,
                                       equal_nan=True)


def test_phe_grouped_proportions():
    v = _vectors("phe_proportion_grouped.csv").iloc[:8]
    out = P.proportions(v, "x_sum", "n_sum")
    np.testing.assert_allclose(out[C.NEDRE], v["lower95"], rtol=1e-8)
    np.testing.assert_allclose(out[C.OVRE], v["upper95"], rtol=1e-8)


def test_wilson_from_definition_and_confidence_one():
    lo, hi = P.wilson_limits([7], [23], 0.9)
    elo, ehi = _wilson_by_hand(7, 23, 0.9)
    assert lo[0] == pytest.approx(elo, rel=1e-10) and hi[0] == pytest.approx(ehi, rel=1e-10)
    lo, hi = P.wilson_limits([7], [23], 1.0)
    assert (lo[0], hi[0]) == (0.0, 1.0)


def test_zero_successes_and_n_shown():
    out = P.proportions(pd.DataFrame({"x": [0], "n": [40]}), "x", "n")
    assert out[C.NEDRE].iloc[0] == pytest.approx(0, abs=1e-15)
    assert out[C.OVRE].iloc[0] == pytest.approx(_wilson_by_hand(0, 40, 0.95)[1])
    assert out[C.NAMNARE].iloc[0] == 40
    assert out[C.METOD].iloc[0] == "Wilson"


def test_count_above_n_refused_for_proportions():
    with pytest.raises(ParameterError, match="större än nämnaren"):
        P.proportions(pd.DataFrame({"x": [12], "n": [10]}), "x", "n")


def test_n_zero_refused_and_nan_passes():
    with pytest.raises(ParameterError, match="större än 0"):
        P.proportions(pd.DataFrame({"x": [0], "n": [0]}), "x", "n")
    out = P.proportions(pd.DataFrame({"x": [np.nan], "n": [10]}), "x", "n")
    assert out[[C.VARDE, C.NEDRE, C.OVRE]].isna().all().all()


def test_kish_effective_n():
    assert P.kish_effective_n([1, 1, 1, 1]) == 4
    assert P.kish_effective_n([1, 3]) == pytest.approx(16 / 10)


def _survey():
    rows = []
    answers = ["Mycket otrygg", "Ganska otrygg", "Ganska trygg", "Mycket trygg", "Vet ej"]
    for i in range(10):
        rows.append({"respondent": f"r{i}", C.KOMMUNKOD: "0331", C.AR: 2024, C.FRAGA: "trygghet_ute_kvall",
                     C.SVAR: answers[i % 5], C.VIKT: 1.0 + (i % 2)})
    rows.append({"respondent": "x", C.KOMMUNKOD: "0331", C.AR: 2024, C.FRAGA: "oro_inbrott", C.SVAR: "Ofta",
                 C.VIKT: 1.0})
    return pd.DataFrame(rows)


def test_survey_share_unweighted_excludes_dont_know():
    out = P.survey_shares(_survey(), "trygghet_ute_kvall", ["Mycket otrygg", "Ganska otrygg"])
    row = out.iloc[0]
    assert row[C.ANTAL] == 4 and row[P.N_SVARANDE] == 8  # two "Vet ej" removed
    assert row[C.VARDE] == pytest.approx(0.5)
    assert row[C.NEDRE] == pytest.approx(_wilson_by_hand(4, 8, 0.95)[0])
    assert bool(row[C.LITET_ANTAL])


def test_survey_share_weighted_uses_kish_effective_n():
    d = _survey()
    out = P.survey_shares(d, "trygghet_ute_kvall", ["Mycket otrygg", "Ganska otrygg"], weight=C.VIKT)
    sub = d[(d[C.FRAGA] == "trygghet_ute_kvall") & (d[C.SVAR] != "Vet ej")]
    w = sub[C.VIKT].to_numpy()
    y = sub[C.SVAR].isin(["Mycket otrygg", "Ganska otrygg"]).to_numpy()
    p = (w * y).sum() / w.sum()
    neff = w.sum() ** 2 / (w ** 2).sum()
    row = out.iloc[0]
    assert row[C.VARDE] == pytest.approx(p)
    assert row[C.NAMNARE] == pytest.approx(neff)
    lo, hi = _wilson_by_hand(p * neff, neff, 0.95)
    assert (row[C.NEDRE], row[C.OVRE]) == (pytest.approx(lo), pytest.approx(hi))
    assert "Kish" in row[C.METOD]


def test_survey_unknown_question():
    with pytest.raises(ParameterError, match="finns inte"):
        P.survey_shares(_survey(), "finns_ej", ["Ja"])
