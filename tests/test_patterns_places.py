"""Study area on a grid, hot spots inside it, hot places, relative hot spots, repeat yardstick."""
import math

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.patterns import area as A
from lagesbild_methods.text import places as TP
from lagesbild_methods.patterns.grid import grid_counts, kde_grid
from lagesbild_methods.patterns.hotplaces import hot_places, hotspot_relative
from lagesbild_methods.patterns.hotspot import HOT, NONE, hotspot_gistar
from lagesbild_methods.patterns.repeats import repeat_yardstick
from lagesbild_methods.sources import geo

E0, N0 = 600_000.0, 6_600_000.0
SQUARE = [np.array([[E0, N0], [E0 + 1000, N0], [E0 + 1000, N0 + 1000], [E0, N0 + 1000], [E0, N0]])]
TZ = "Europe/Stockholm"


def test_cell_coverage_is_exact_for_a_square_and_a_triangle():
    cov = A.cell_coverage(SQUARE, E0 - 250, N0 - 250, 6, 6, 250)
    assert cov.sum() == pytest.approx(16) and cov[0, 0] == 0 and cov[1, 1] == 1
    tri = [np.array([[E0, N0], [E0 + 1000, N0], [E0, N0 + 1000], [E0, N0]])]
    cov = A.cell_coverage(tri, E0, N0, 4, 4, 250, samples=64)
    assert cov.sum() * 250 ** 2 == pytest.approx(500_000, rel=0.01)
    assert cov[0, 3] == pytest.approx(0.5, abs=0.02)  # the diagonal halves this cell
    hole = SQUARE + [np.array([[E0 + 250, N0 + 250], [E0 + 750, N0 + 250], [E0 + 750, N0 + 750],
                               [E0 + 250, N0 + 750], [E0 + 250, N0 + 250]])]
    assert A.cell_coverage(hole, E0, N0, 4, 4, 250).sum() == pytest.approx(12)
    assert A.contains(hole, [E0 + 100, E0 + 500, E0 + 1500], [N0 + 100, N0 + 500, N0 + 500]).tolist() == [True, False, False]


def test_whole_municipality_coverage_adds_up_to_its_area():
    area = geo.municipality_area("0380")
    x0, y0, nc, nr, cov = A.grid_frame_for(area, 100, min_cover=0)
    assert cov.sum() * 100 * 100 == pytest.approx(area.area_m2, rel=1e-3)


def uniform_in(area, n, rng):
    xmin, ymin, xmax, ymax = A.bounds(area)
    x = rng.uniform(xmin, xmax, 4 * n)
    y = rng.uniform(ymin, ymax, 4 * n)
    ok = A.contains(area, x, y)
    return pd.DataFrame({C.X: x[ok][:n], C.Y: y[ok][:n]})


def test_grid_in_area_drops_outside_cells_and_events_and_weights_edges():
    area = geo.municipality_area("0319")
    rng = np.random.default_rng(1)
    inc = uniform_in(area, 500, rng)
    far = pd.DataFrame({C.X: [700_000.0], C.Y: [6_900_000.0]})
    g = grid_counts(pd.concat([inc, far], ignore_index=True), 500, area=area)
    assert g.attrs["utanfor_omradet"] == 1 and g["antal"].sum() == 500
    assert (g["yta"] >= A.MIN_COVER).all() and (g["yta"] < 1).any()
    assert g["yta"].sum() * 500 ** 2 == pytest.approx(area.area_m2, rel=0.01)
    assert len(g) < g.attrs["ncol"] * g.attrs["nrow"]  # cells outside are not cells
    assert "utanför Älvkarleby" in g.attrs["meddelande"] and "cellstorlek_m" not in g.attrs["meddelande"]


def test_noise_inside_a_real_outline_gives_no_hot_spots_but_the_bounding_box_did():
    area = geo.municipality_area("0319")
    rng = np.random.default_rng(3)
    new_any = old_any = 0
    for _ in range(20):
        inc = uniform_in(area, 1000, rng)
        new_any += bool((hotspot_gistar(inc, area=area)["klass"] == HOT).any())
        old_any += bool((hotspot_gistar(inc, core_only=False)["klass"] == HOT).any())
    assert new_any <= 2  # at most ~5 % expected; 20 runs
    assert old_any >= 15  # the empty cells outside the municipality made everything inside look hot


def test_planted_spot_is_found_and_named_by_its_place():
    area = geo.municipality_area("0319")
    rng = np.random.default_rng(4)
    base = uniform_in(area, 700, rng)
    cx, cy = 633_000.0, 6_722_000.0  # inside Älvkarleby (near Skutskär)
    r = math.sqrt(0.03 * area.area_m2 / math.pi)
    rr = r * np.sqrt(rng.uniform(0, 1, 300))
    th = rng.uniform(0, 2 * np.pi, 300)
    spot = pd.DataFrame({C.X: cx + rr * np.cos(th), C.Y: cy + rr * np.sin(th)})
    inc = pd.concat([base, spot], ignore_index=True)
    inc[C.PLATS] = np.where(np.hypot(inc[C.X] - cx, inc[C.Y] - cy) < r, "Torget", "Skogen")
    inc[C.OMRADE] = "Skutskär"
    res = hotspot_gistar(inc, area=area)
    hot = res[res["klass"] == HOT]
    assert len(hot) > 0 and (np.hypot(hot["x"] - cx, hot["y"] - cy) < r + res.attrs["cell_size"]).mean() >= 0.8
    assert res.loc[res["klass"] != HOT, "klass"].isin([NONE, "cold"]).all()
    places = hot_places(res, inc)
    assert places.iloc[0]["namn"] == "Torget" and places.iloc[0]["antal"] >= 250
    assert places.iloc[0]["kvot"] > 5 and places.attrs["antal_platser"] >= 1 and len(places) <= 10
    s = TP.hot_places_sentence(places)
    assert "Torget" in s and "gånger så många som väntat" in s
    tab = TP.hot_places_table(places)
    assert list(tab.columns) == ["Nr", "Plats", "Händelser", "Yta", "Varför", "p (justerat)"]
    assert "cellstorlek_m" in TP.parameters_sentence(res)


def test_exposure_changes_the_null():
    rng = np.random.default_rng(5)
    x = E0 + rng.uniform(0, 2000, 600)
    y = N0 + np.where(rng.uniform(size=600) < 0.8, rng.uniform(0, 400, 600), rng.uniform(400, 2000, 600))
    inc = pd.DataFrame({C.X: x, C.Y: y})
    g = grid_counts(inc, 200)
    flat = hotspot_gistar(grid=g)
    assert (flat["klass"] == HOT).sum() > 0  # the dense southern strip is "hot" against an even spread
    people = np.where(g["y"] < N0 + 400, 16.0, 1.0) * g["yta"]  # ... but that is where the people live
    rel = hotspot_gistar(grid=g, exposure=people)
    assert (rel["klass"] == HOT).sum() == 0
    with pytest.raises(ParameterError, match="Exponeringen"):
        hotspot_gistar(grid=g, exposure=-people)


def test_relative_hot_spot_of_a_category_against_all_incidents():
    rng = np.random.default_rng(6)
    n = 2000
    inc = pd.DataFrame({C.X: E0 + rng.uniform(0, 3000, n), C.Y: N0 + rng.uniform(0, 3000, n)})
    inc[C.KATEGORI] = np.where(rng.uniform(size=n) < 0.1, "klotter", "ovrigt")
    near = np.hypot(inc[C.X] - (E0 + 1500), inc[C.Y] - (N0 + 1500)) < 300
    inc.loc[near & (rng.uniform(size=n) < 0.6), C.KATEGORI] = "klotter"
    inc[C.PLATS] = np.where(near, "Skolan", "Annat")
    res = hotspot_relative(inc, "klotter", cell_size=250)
    assert res.attrs["relativ"] and 0.1 < res.attrs["andel_totalt"] < 0.2
    hot = res[res["klass"] == HOT]
    assert len(hot) > 0 and (np.hypot(hot["x"] - (E0 + 1500), hot["y"] - (N0 + 1500)) < 600).all()
    pl = hot_places(res, inc)
    assert pl.iloc[0]["namn"] == "Skolan" and pl.iloc[0]["antal"] < pl.iloc[0]["antal_alla"]
    assert "större andel av klottret" in TP.hot_places_sentence(pl, what="klottret")
    # the same category everywhere in the same share: nothing relative to find
    inc2 = inc.copy()
    inc2[C.KATEGORI] = np.where(rng.uniform(size=n) < 0.2, "klotter", "ovrigt")
    assert (hotspot_relative(inc2, "klotter", cell_size=250)["klass"] == HOT).sum() == 0
    with pytest.raises(ParameterError, match="inga händelser"):
        hotspot_relative(inc, "finns_inte")


def test_kde_fft_matches_exact_and_stays_in_the_area():
    rng = np.random.default_rng(7)
    inc = pd.DataFrame({C.X: E0 + rng.normal(5000, 800, 3000), C.Y: N0 + rng.normal(5000, 800, 3000)})
    g = grid_counts(inc, 100)
    exact = kde_grid(inc, grid=g, bandwidth=600, method="exact")["kde"].to_numpy()
    fft = kde_grid(inc, grid=g, bandwidth=600, method="fft")
    assert fft.attrs["kde_metod"] == "fft"
    assert np.abs(fft["kde"].to_numpy() - exact).max() < 0.03 * exact.max()
    assert fft["kde"].sum() * 0.01 == pytest.approx(3000, rel=0.02)  # integrates to n (cells of 0,01 km2)
    assert kde_grid(inc, grid=g, bandwidth=600).attrs["kde_metod"] == "exact"  # auto: small problem
    assert kde_grid(inc, grid=g, bandwidth=1500).attrs["kde_metod"] == "fft"  # auto: large problem
    area = geo.municipality_area("0319")
    k = kde_grid(uniform_in(area, 300, rng), 500, area=area)
    assert len(k) < k.attrs["ncol"] * k.attrs["nrow"] and "bandbredd" in k.attrs


def times(days):
    return pd.Series(pd.Timestamp("2024-01-01", tz=TZ) + pd.to_timedelta(np.asarray(days, float), unit="D"))


def test_repeat_yardstick_separates_real_repeats_from_busy_places():
    rng = np.random.default_rng(8)
    places = np.repeat([f"P{i}" for i in range(40)], 10)
    # busy places, random times: repeats come from the number of incidents, not from timing
    busy = pd.DataFrame({C.PLATS: places, C.TIDPUNKT: times(rng.uniform(0, 730, 400))})
    y0 = repeat_yardstick(busy)
    assert y0["pvarde"] > 0.05 and abs(y0["kvot"] - 1) < 0.15
    # the same places, but each place's incidents come in a burst of a few weeks
    burst = rng.uniform(0, 700, 40)
    clustered = pd.DataFrame({C.PLATS: places,
                              C.TIDPUNKT: times(np.repeat(burst, 10) + rng.uniform(0, 25, 400))})
    y1 = repeat_yardstick(clustered)
    assert y1["andel"] > 0.85 and y1["kvot"] > 2 and y1["pvarde"] == pytest.approx(1 / 200)
    assert "fler än slumpen ger" in TP.repeat_yardstick_sentence(y1)
    assert "inte fler än slumpen ger" in TP.repeat_yardstick_sentence(y0)


@pytest.mark.parametrize("batch_values", [2_000_000, 150])
def test_repeat_yardstick_batches_equal_one_permutation_at_a_time(monkeypatch, batch_values):
    """The shuffled shares are computed for many permutations at once: they must be exactly those of
    sorting by (place, time) once per permutation (the code before issue 17), with the same draws."""
    from lagesbild_methods.patterns import repeats
    from lagesbild_methods.patterns.timing import local_minutes

    monkeypatch.setattr(repeats, "BATCH_VALUES", batch_values)  # 150: one permutation per batch
    rng = np.random.default_rng(3)
    d = pd.DataFrame({C.PLATS: rng.choice([f"P{i}" for i in range(25)] + [None], 120),
                      C.TIDPUNKT: times(np.floor(rng.uniform(0, 200, 120)) + rng.choice([0, 0.5], 120))})
    got = repeat_yardstick(d, within_days=9, nrep=61, seed=4)
    dd = pd.DataFrame({"plats": d[C.PLATS], "t": local_minutes(d[C.TIDPUNKT]) / 1440.0}).dropna()
    codes, t = pd.factorize(dd["plats"])[0], dd["t"].to_numpy()

    def share(tt):
        o = np.lexsort((tt, codes))
        c, s = codes[o], tt[o]
        return np.count_nonzero((c[1:] == c[:-1]) & (np.diff(s) <= 9)) / len(c)

    r = np.random.default_rng(4)
    sims = np.array([share(t[r.permutation(len(t))]) for _ in range(61)])
    assert got["forvantad_andel"] == float(sims.mean())
    assert got["intervall"] == (float(np.quantile(sims, 0.025)), float(np.quantile(sims, 0.975)))
    assert got["pvarde"] == float((np.sum(sims >= share(t) - 1e-12) + 1) / 62)
