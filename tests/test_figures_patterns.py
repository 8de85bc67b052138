"""Tests for lagesbild_methods.figures.pattern_figures and .maps (draw, Swedish alt text, no network)."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from lagesbild_methods import columns as C  # noqa: E402
from lagesbild_methods.figures import maps, pattern_figures as F  # noqa: E402
from lagesbild_methods.figures.style import get_alt_text, to_png  # noqa: E402
from lagesbild_methods.patterns import concentration as K, timing as T  # noqa: E402
from lagesbild_methods.patterns.boundary import boundary_rings  # noqa: E402
from lagesbild_methods.patterns.control import control_flags, ewma_flags  # noqa: E402
from lagesbild_methods.patterns.grid import grid_counts, kde_grid  # noqa: E402
from lagesbild_methods.patterns.harm import harm_ranking  # noqa: E402
from lagesbild_methods.patterns.hotspot import hotspot_gistar  # noqa: E402
from lagesbild_methods.patterns.repeats import knox_test  # noqa: E402

TZ = "Europe/Stockholm"


@pytest.fixture(scope="module")
def incidents():
    rng = np.random.default_rng(0)
    n = 300
    t = pd.Timestamp("2024-01-01", tz=TZ) + pd.to_timedelta(rng.uniform(0, 2 * 365 * 1440, n), unit="min")
    return pd.DataFrame({C.TIDPUNKT: t, C.KATEGORI: rng.choice(["klotter", "vald"], n),
                         C.X: 647_000 + rng.normal(0, 800, n), C.Y: 6_638_000 + rng.normal(0, 800, n)})


def _check(fig):
    alt = get_alt_text(fig)
    assert alt and "ingen beskrivning" not in alt
    assert to_png(fig)[:4] == b"\x89PNG"
    plt.close(fig)
    return alt


def test_time_figures(incidents):
    alt = _check(F.hour_weekday_heatmap(T.hour_weekday_counts(incidents)))
    assert alt.startswith("Värmekarta") and "Totalt 300 händelser" in alt
    per = T.period_counts(incidents, "month")
    _check(F.period_bar_chart(per, flags=control_flags(per)))
    _check(F.control_chart(control_flags(T.period_counts(incidents, "week"))))
    _check(F.control_chart(ewma_flags(T.period_counts(incidents, "week"))))
    _check(F.annual_wheel_figure(T.annual_wheel(incidents)))


def test_concentration_knox_harm_figures(incidents):
    g = grid_counts(incidents, 250)
    assert "10\u202f%" in _check(F.lorenz_figure(K.lorenz_curve(g["antal"]), unit="rutor"))
    k = knox_test(incidents[C.X], incidents[C.Y], np.arange(len(incidents)) % 50, [0, 100, 500, np.inf],
                  [0, 7, np.inf], nrep=19)
    _check(F.knox_heatmap(k))
    _check(F.harm_ranking_figure(harm_ranking(incidents, {"klotter": 1, "vald": 10})))


def test_maps_with_outline_and_town(incidents):
    ring = [[17.5, 59.75], [17.8, 59.75], [17.8, 59.95], [17.5, 59.95], [17.5, 59.75]]
    rings = boundary_rings({"type": "Polygon", "coordinates": [ring]})
    alt = _check(maps.incident_map(incidents, boundary=rings, kommunkod="0380"))
    assert "Kommungränsen" in alt and "Uppsala" in alt
    g = kde_grid(incidents, 250)
    assert "250 m" in _check(maps.grid_map(g, column="kde", boundary=rings))
    _check(maps.grid_map(g, towns=[("Gränby", 649_000, 6_640_000)]))
    hs = hotspot_gistar(incidents, 250)
    assert "heta" in _check(maps.grid_map(hs, column="klass", kommunkod="0380"))


def test_maps_people_recognise_outline_towns_scale_bar_no_metre_axes():
    from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

    from lagesbild_methods import paths
    from lagesbild_methods.errors import ParameterError
    from lagesbild_methods.patterns import grid as G, hotplaces, hotspot
    from lagesbild_methods.sources import geo, read_incident_register

    inc = read_incident_register(paths.incidents_file("0331"))
    area = geo.municipality_area("0331")
    res = hotspot.hotspot_gistar(inc, area=area)
    places = hotplaces.hot_places(res, inc)
    fig = maps.hot_places_map(res, places, area=area, kommunkod="0331", delbar=True)
    ax = fig.axes[0]
    assert len(ax.get_xticks()) == 0 and len(ax.get_yticks()) == 0
    assert any(isinstance(a, AnchoredSizeBar) for a in ax.artists)
    texts = {t.get_text() for t in ax.texts}
    assert {"Heby", "Östervåla", "Tärnsjö"} <= texts and {"1", "2"} <= texts
    assert "Kommungränsen" in _check(fig) and "numrerade platser" in get_alt_text(fig)
    with pytest.raises(ParameterError, match="delbar"):
        maps.incident_map(inc, area=area, delbar=True)
    g = G.grid_counts(inc, 400, area=area)
    small = int(((g["antal"] > 0) & (g["antal"] < 5)).sum())
    assert small > 0
    shared = maps.grid_map(g, area=area, kommunkod="0331", delbar=True, labels=G.place_positions(inc))
    drawn = np.isfinite(np.asarray(shared.axes[0].images[0].get_array(), float)).sum()
    assert drawn == int((g["antal"] >= 5).sum())  # cells with 1-4 incidents are not drawn
    assert "färre än 5" in get_alt_text(shared)
    full = maps.grid_map(g, area=area, kommunkod="0331")
    assert np.isfinite(np.asarray(full.axes[0].images[0].get_array(), float)).sum() == int((g["antal"] > 0).sum())
    assert maps.nice_length(37_000) == 5000 and maps.nice_length(900) == 100


def test_annual_wheel_title_clears_the_month_labels():
    """The title of the årshjul sits above the month label at the top ("jan"); it used to cover it."""
    from lagesbild_methods.figures import style

    wheel = pd.DataFrame({"index": np.linspace(0.7, 1.3, 12), "aterkommande_topp": [False] * 12,
                          "namn": [f"m{i}" for i in range(12)]})
    fig = F.annual_wheel_figure(wheel, title="Årshjul: händelser per månad, Heby")
    style.to_svg(fig)  # laid out and drawn as in a report
    r = fig.canvas.get_renderer()
    fig.draw_without_rendering()
    ax = fig.axes[0]
    title = ax._left_title.get_window_extent(r)
    labels = [t.get_window_extent(r) for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(not title.overlaps(b) for b in labels), (title, labels)
    plt.close(fig)
