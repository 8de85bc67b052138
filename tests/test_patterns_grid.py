"""Tests for lagesbild_methods.patterns.grid (cell size, counts, KDE, named places)."""
import math

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError, ParameterError
from lagesbild_methods.patterns import grid as G

E0, N0 = 640_000.0, 6_630_000.0


def pts(x, y, **cols):
    d = pd.DataFrame({C.X: np.asarray(x, float), C.Y: np.asarray(y, float)})
    for k, v in cols.items():
        d[k] = v
    return d


def test_cell_size_rule_and_announcement():
    cell, msg = G.choose_cell_size([E0, E0 + 12_345], [N0, N0 + 30_000])
    assert cell == 200  # floor(12345/50/100)*100
    assert msg.startswith("Rutstorlek 200 m valdes automatiskt")
    assert G.choose_cell_size([E0, E0 + 3_000], [N0, N0 + 4_000])[0] == 60  # floor(3000/50/10)*10
    assert G.choose_cell_size([E0, E0 + 300], [N0, N0 + 300])[0] == 10
    assert G.choose_cell_size([E0, E0], [N0, N0 + 20_000])[0] == 400  # a line: longer side
    assert G.choose_cell_size([E0], [N0])[0] == 100


def test_grid_counts_places_points_in_the_right_cells():
    d = pts([E0 + 10, E0 + 90, E0 + 110, E0 + 450, np.nan], [N0 + 10, N0 + 20, N0 + 10, N0 + 250, N0])
    g = G.grid_counts(d, 100)
    a = g.attrs
    assert (a["x0"], a["y0"], a["ncol"], a["nrow"], a["utan_koordinater"]) == (E0, N0, 5, 3, 1)
    assert g["antal"].sum() == 4 and len(g) == 15
    cell = g.set_index(["kol", "rad"])["antal"]
    assert cell[(0, 0)] == 2 and cell[(1, 0)] == 1 and cell[(4, 2)] == 1
    assert g.set_index(["kol", "rad"]).loc[(4, 2), "x"] == E0 + 450
    assert "vald av användaren" in a["meddelande"]
    gw = G.grid_counts(d, 100, weights=[1, 2, 3, 4, 5])
    assert gw.set_index(["kol", "rad"]).loc[(0, 0), "summa"] == 3


def test_automatic_grid_announces_size():
    rng = np.random.default_rng(0)
    d = pts(E0 + rng.uniform(0, 10_000, 200), N0 + rng.uniform(0, 5_000, 200))
    g = G.grid_counts(d)
    assert g.attrs["automatisk"] and g.attrs["cell_size"] == 90  # floor(~4990/50/10)*10
    assert "Rutstorlek 90 m valdes automatiskt" in g.attrs["meddelande"]


def test_latlon_and_outside_sweden_are_refused():
    with pytest.raises(InputDataError, match="grader"):
        G.grid_counts(pts([17.64, 17.65], [59.86, 59.87]))
    with pytest.raises(InputDataError, match="utanför Sverige"):
        G.grid_counts(pts([E0, 6_638_604.0], [N0, 647_795.0]))  # x and y swapped in row 2
    with pytest.raises(ParameterError, match="positivt"):
        G.grid_counts(pts([E0], [N0]), cell_size=-5)
    with pytest.raises(InputDataError, match="koordinater"):
        G.grid_counts(pd.DataFrame({C.X: [1.0]}))


def test_bandwidth_nrd_matches_mass_formula():
    v = np.array([1.0, 2, 3, 4, 10, 12, 15, 30])
    sd = np.std(v, ddof=1)
    q = np.quantile(v, [0.25, 0.75])
    assert G.bandwidth_nrd(v) == pytest.approx(4 * 1.06 * min(sd, (q[1] - q[0]) / 1.34) * 8 ** -0.2)


def test_quartic_kde_values_and_integral():
    d = pts([E0 + 500, E0 + 500], [N0 + 500, N0 + 500])
    grid = G.grid_counts(pts([E0, E0 + 1000], [N0, N0 + 1000]), 50)
    k = G.kde_grid(d, grid=grid, bandwidth=200)
    h = 200
    cx, cy = k["x"].to_numpy(), k["y"].to_numpy()
    dist = np.hypot(cx - (E0 + 500), cy - (N0 + 500))
    expected = 2 * 3 / (math.pi * h * h) * np.clip(1 - (dist / h) ** 2, 0, None) ** 2 * 1e6
    assert np.allclose(k["kde"], expected)
    # density integrates to the number of incidents (per km^2 x cell area in km^2)
    assert k["kde"].sum() * (50 / 1000) ** 2 == pytest.approx(2, rel=0.02)
    assert "Bandbredd 200 m (vald av användaren)" in k.attrs["meddelande"]


def test_kde_point_on_cell_centre_counts():
    d = pts([E0 + 25], [N0 + 25])
    k = G.kde_grid(d, 50, bandwidth=100)
    assert k["kde"].max() == pytest.approx(3 / (math.pi * 100 ** 2) * 1e6)


def test_place_counts_order_and_shares():
    d = pd.DataFrame({C.PLATS: ["Åby torg", "Resecentrum", "Ängen", "Resecentrum", None, "Åby torg", "Öster"]})
    p = G.place_counts(d)
    assert list(p[C.PLATS]) == ["Resecentrum", "Åby torg", "(okänd plats)", "Ängen", "Öster"]
    assert p["antal"].tolist() == [2, 2, 1, 1, 1]
    assert p["kumulativ_andel"].iloc[-1] == pytest.approx(1.0)
    assert len(G.place_counts(d, top=2)) == 2
    with pytest.raises(InputDataError):
        G.place_counts(d, by=C.OMRADE)


def test_cell_size_shrinks_with_many_incidents():
    rng = np.random.default_rng(1)
    x, y = E0 + rng.uniform(0, 20_000, 20_000), N0 + rng.uniform(0, 20_000, 20_000)
    cell, msg = G.choose_cell_size(x, y)
    assert cell == 100 and "ungefär en händelse per ruta" in msg  # sqrt(4e8 / 20 000) = 141 -> 100
    assert G.choose_cell_size(x[:200], y[:200])[0] == 300  # ~19,9 km / 50 -> 300 (rule 1 binds)
    assert G.choose_cell_size(x, y, area_m2=1.6e9)[0] == 200  # a larger study area: sqrt(8e4) = 283
    assert "cellstorlek_m" in msg
