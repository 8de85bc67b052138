"""Tests for lagesbild_methods.figures.stats_figures: figures draw and carry Swedish alt text."""
import importlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.figures import stats_figures as SF
from lagesbild_methods.figures import style
from lagesbild_methods.figures.style import get_alt_text

R = importlib.import_module("lagesbild_methods.stats.rates")
F = importlib.import_module("lagesbild_methods.stats.funnel")


def _est():
    rows = []
    for kod, pop, base in [("0319", 9600, 60), ("03", 400_000, 2400), ("00", 10_500_000, 60_000)]:
        for i, ar in enumerate(range(2019, 2025)):
            rows.append({C.KOMMUNKOD: kod, C.AR: ar, C.ANTAL: base + i * base // 20, C.FOLKMANGD: pop})
    return R.rates(pd.DataFrame(rows))


def test_rate_over_time_has_band_lines_and_alt_text():
    fig = SF.rate_over_time(_est(), "0319")
    ax = fig.axes[0]
    assert len(ax.lines) == 3 and len(ax.collections) == 1
    alt = get_alt_text(fig)
    assert "Älvkarleby" in alt and "2019–2024" in alt and "konfidensintervall" in alt
    assert ax.get_ylabel() == "Per 100 000 invånare"  # the title names the measure
    assert "anmälda brott per 100 000 invånare" in ax.get_title(loc="left").replace("\n", " ")
    plt.close(fig)
    with pytest.raises(ParameterError):
        SF.rate_over_time(_est(), "9999")


def test_funnel_plot_draws_limits_and_points():
    df = pd.DataFrame({C.KOMMUNKOD: ["0380", "0381", "0319", "0331"], C.ANTAL: [2400, 400, 30, 70],
                       C.FOLKMANGD: [240_000, 47_000, 9600, 14_000]})
    res = F.funnel(df, overdispersion="ingen")
    fig = SF.funnel_plot(res)
    ax = fig.axes[0]
    assert len(ax.lines) == 5  # centre + 4 limits
    assert sum(len(c.get_offsets()) for c in ax.collections) == 4
    alt = get_alt_text(fig)
    assert alt.startswith("Trattdiagram med 4 områden") and "1 område ligger säkerställt över" in alt
    assert "2 områden säkerställt under" in alt
    plt.close(fig)


def test_ranked_dot_plot_sorted_with_intervals():
    est = _est()
    last = est[est[C.AR] == 2024]
    fig = SF.ranked_dot_plot(last, benchmark=600.0, benchmark_name="Uppsala län")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Riket", "Uppsala län", "Älvkarleby"]  # lowest value at the bottom (714, 750, 781)
    alt = get_alt_text(fig)
    assert "95 % konfidensintervall" in alt and "Uppsala län" in alt
    plt.close(fig)


def _boxes(fig, artists):
    """Window extents; for an annotation only its text (a leader line may cross other labels)."""
    from matplotlib.text import Annotation, Text

    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    return [Text.get_window_extent(a, r) if isinstance(a, Annotation) else a.get_window_extent(r) for a in artists]


def test_funnel_labels_do_not_overlap_and_stay_inside():
    """Eight areas, four of them crowded at nearly the same point: no two labels may overlap."""
    df = pd.DataFrame({C.KOMMUNKOD: ["0380", "0381", "0319", "0331", "0305", "0330", "0360", "0382"],
                       C.ANTAL: [2400, 400, 95, 140, 230, 180, 190, 200],
                       C.FOLKMANGD: [240_000, 47_000, 9600, 14_000, 22_000, 19_000, 21_000, 22_500]})
    fig = SF.funnel_plot(F.funnel(df, overdispersion="ingen"))
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text()]
    assert len(labels) == 8
    boxes = _boxes(fig, labels)
    axbox = ax.get_window_extent(fig.canvas.get_renderer())
    for i, a in enumerate(boxes):
        assert axbox.x0 - 1 <= a.x0 and a.x1 <= axbox.x1 + 1 and axbox.y0 - 1 <= a.y0 and a.y1 <= axbox.y1 + 1
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (labels[i].get_text(), a, b)
    plt.close(fig)


def test_legends_sit_outside_the_data():
    for fig in (SF.rate_over_time(_est(), "0319"),
                SF.funnel_plot(F.funnel(pd.DataFrame({C.KOMMUNKOD: ["0380", "0381", "0319"], C.ANTAL: [2400, 400, 30],
                                                      C.FOLKMANGD: [240_000, 47_000, 9600]}), overdispersion="ingen"))):
        ax = fig.axes[0]
        (leg,) = _boxes(fig, [ax.get_legend() or fig.legends[0]])
        axbox = ax.get_window_extent(fig.canvas.get_renderer())
        assert leg.y1 <= axbox.y0, "the legend must not cover the plotting area"
        plt.close(fig)


def test_confidence_band_stays_inside_the_axes():
    est = _est()
    fig = SF.rate_over_time(est, "0319", comparisons=())
    ax = fig.axes[0]
    own = est[est[C.KOMMUNKOD] == "0319"]
    assert ax.get_ylim()[1] >= own[C.OVRE].max()
    plt.close(fig)


@pytest.mark.parametrize("make", [
    lambda: SF.rate_over_time(_est(), "0319"),
    lambda: SF.ranked_dot_plot(_est()[lambda d: d[C.AR] == 2024], benchmark=600.0),
    lambda: SF.funnel_plot(F.funnel(pd.DataFrame({C.KOMMUNKOD: ["0380", "0381", "0319"], C.ANTAL: [2400, 400, 30],
                                                  C.FOLKMANGD: [240_000, 47_000, 9600]}), overdispersion="ingen")),
])
def test_text_is_at_least_10_px_on_a_390_px_phone(make):
    fig = make()
    assert style.min_font_px(fig) >= 10.0
    plt.close(fig)


def test_legible_raises_small_text_and_narrows_wide_figures():
    fig, ax = style.new_figure()
    fig.set_size_inches(10, 5)
    ax.annotate("liten", (0.5, 0.5), fontsize=6)
    ax.set_xticks([0, 1], ["a", "b"])
    ax.tick_params(labelsize=5)
    svg = style.to_svg(fig)
    assert fig.get_size_inches()[0] == style.MAX_WIDTH_IN
    assert style.svg_min_font_px(svg, style.PHONE_COLUMN_PX) >= 10.0
    assert "<?xml" not in svg and "<metadata>" not in svg and "<text" in svg  # text kept as text
    plt.close(fig)


def test_count_axis_has_whole_number_ticks_only():
    fig, ax = style.new_figure()
    ax.bar(range(4), [0, 1, 3, 2])
    style.count_axis(ax.yaxis)
    fig.canvas.draw()
    ticks = [t for t in ax.get_yticks() if ax.get_ylim()[0] <= t <= ax.get_ylim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)
    plt.close(fig)
