"""Tests for lagesbild_methods.patterns.harm (user-supplied harm weights)."""
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError, ParameterError
from lagesbild_methods.patterns.harm import harm_ranking, incident_weights, weight_table

D = pd.DataFrame({C.KATEGORI: ["klotter"] * 6 + ["vald"] * 2 + ["brand"],
                  C.PLATS: ["A", "A", "B", "B", "B", "C", "A", "C", "C"]})


def test_harm_changes_the_ranking():
    r = harm_ranking(D, {"klotter": 1, "vald": 20, "brand": 10})
    assert r[C.KATEGORI].tolist() == ["vald", "brand", "klotter"]
    assert r["skadevarde"].tolist() == [40, 10, 6]
    assert r.set_index(C.KATEGORI).loc["klotter", "rang_antal"] == 1
    assert r.set_index(C.KATEGORI).loc["klotter", "rang_skadevarde"] == 3
    assert r["andel_skadevarde"].sum() == pytest.approx(1)
    assert r.set_index(C.KATEGORI).loc["vald", "vikt"] == 20


def test_harm_by_place_and_frame_weights():
    w = pd.DataFrame({C.KATEGORI: ["klotter", "vald", "brand"], "vikt": [1, 20, 10]})
    r = harm_ranking(D, w, by=C.PLATS).set_index(C.PLATS)
    assert r.loc["C", "skadevarde"] == 1 + 20 + 10 and r.loc["A", "skadevarde"] == 22 and r.loc["B", "antal"] == 3


def test_missing_and_bad_weights():
    with pytest.raises(InputDataError, match="saknar vikt"):
        harm_ranking(D, {"klotter": 1})
    assert incident_weights(D, {"klotter": 1}, missing="zero").sum() == 6
    with pytest.raises(InputDataError, match="ogiltiga"):
        weight_table({"klotter": -1})
    with pytest.raises(ParameterError, match="flera gånger"):
        weight_table(pd.DataFrame({C.KATEGORI: ["a", "a"], "vikt": [1, 2]}))
    with pytest.raises(ParameterError):
        weight_table([1, 2])
