"""Tests for lagesbild_methods.patterns.hotspot (Gi* with FDR)."""
import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.patterns.grid import grid_counts
from lagesbild_methods.patterns.hotspot import COLD, HOT, gistar_points, gistar_z, hotspot_gistar

E0, N0 = 600_000.0, 6_600_000.0


def uniform(n, rng, size=10_000):
    return pd.DataFrame({C.X: E0 + rng.uniform(0, size, n), C.Y: N0 + rng.uniform(0, size, n)})


def test_reference_vectors_from_esda():
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared saknas")
    v = pd.read_csv(ref / "vectors" / "gistar_esda_small.csv", comment="#")
    star = gistar_points(v["value"], v[["x", "y"]], 15, star=True)
    assert np.allclose(star, v["gistar_z_binary"], atol=1e-12)
    assert star[0] == pytest.approx(-1.39727626, abs=1e-8)
    gi = gistar_points(v["value"], v[["x", "y"]], 15, star=False)
    assert np.allclose(gi, v["gi_z_binary(no star)"], atol=1e-12)


def test_grid_gistar_equals_point_formula_with_queen_neighbours():
    rng = np.random.default_rng(4)
    g = grid_counts(uniform(400, rng, 2_000), 200)
    res = hotspot_gistar(grid=g, p_method="normal")
    z = gistar_points(g["antal"], g[["x", "y"]], 200 * np.sqrt(2) + 1e-6)
    assert np.allclose(res["gistar"], z)
    # the z from the definition: queen sum incl. self over a 3x3 window
    img = np.zeros((g.attrs["nrow"], g.attrs["ncol"]))
    img[g["rad"], g["kol"]] = g["antal"]
    r, c = 5, 5
    s = img[r - 1:r + 2, c - 1:c + 2].sum()
    x = img.ravel()
    N = x.size
    manual = (s - x.mean() * 9) / (x.std() * np.sqrt((N * 9 - 81) / (N - 1)))
    assert res.set_index(["kol", "rad"]).loc[(c, r), "gistar"] == pytest.approx(manual)


def test_planted_hot_spot_is_found():
    rng = np.random.default_rng(1)
    base = uniform(300, rng)
    hot = pd.DataFrame({C.X: E0 + 3000 + rng.normal(0, 60, 25), C.Y: N0 + 5000 + rng.normal(0, 60, 25)})
    res = hotspot_gistar(pd.concat([base, hot], ignore_index=True))
    h = res[res["klass"] == HOT]
    assert len(h) >= 1 and res.attrs["antal_heta"] == len(h)
    assert np.all(np.hypot(h["x"] - (E0 + 3000), h["y"] - (N0 + 5000)) < 400)
    assert res.loc[res["gistar"].idxmax(), "klass"] == HOT
    assert "Benjamini-Hochberg" in res.attrs["meddelande"] and "Rutstorlek 100 m" in res.attrs["meddelande"]


def test_uniform_noise_gives_no_more_than_the_false_rate():
    rng = np.random.default_rng(2)
    runs_with_any = 0
    R = 30
    for _ in range(R):
        res = hotspot_gistar(uniform(int(rng.choice([100, 300, 1000])), rng))
        runs_with_any += bool(res["klass"].isin([HOT, COLD]).any())
    assert runs_with_any / R <= 0.10  # BH at 5 % bounds the chance of any finding under the null


def test_normal_p_values_are_available_and_fdr_adjusts_upwards():
    rng = np.random.default_rng(3)
    res = hotspot_gistar(uniform(500, rng, 3_000), 100, p_method="normal")
    ok = res["pvarde"].notna()
    assert (res.loc[ok, "pvarde_fdr"] >= res.loc[ok, "pvarde"] - 1e-15).all()
    assert res.attrs["p_metod"] == "normal"


def test_cold_spot_in_dense_field():
    rng = np.random.default_rng(6)
    d = uniform(20_000, rng, 5_000)
    hole = np.hypot(d[C.X] - (E0 + 2500), d[C.Y] - (N0 + 2500)) < 400
    res = hotspot_gistar(d[~hole], 100)
    cold = res[res["klass"] == COLD]
    assert len(cold) > 0 and np.all(np.hypot(cold["x"] - (E0 + 2500), cold["y"] - (N0 + 2500)) < 600)


def test_constant_values_give_nan_not_errors_and_bad_params():
    assert np.isnan(gistar_z(np.ones(5), np.full(5, 3.0), np.full(5, 3.0))).all()
    rng = np.random.default_rng(0)
    with pytest.raises(ParameterError, match="fdr"):
        hotspot_gistar(uniform(50, rng), fdr=5)
    with pytest.raises(ParameterError, match="saknar kolumnen"):
        hotspot_gistar(uniform(50, rng), value="kde")
    with pytest.raises(ParameterError):
        hotspot_gistar()
