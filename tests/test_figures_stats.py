"""Tests for lagesbild_methods.figures.stats_figures: figures draw and carry Swedish alt text."""
import importlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.figures import stats_figures as SF
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
    assert ax.get_ylabel() == "Anmälda brott per 100 000 invånare"
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
    assert alt.startswith("Trattdiagram med 4 områden") and "överspridning" in alt
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
