"""Evaluation figures draw the results they are given and carry Swedish alt text."""
from dataclasses import replace

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from lagesbild_methods.figures import evaluation_figures as EF
from lagesbild_methods.figures.style import PALETTE, get_alt_text
from lagesbild_methods.stats import evaluation as EV
from lagesbild_methods.stats import followup as FU
from lagesbild_methods.stats import its as ITS
from lagesbild_methods.stats import power as PW


def _series():
    per = pd.period_range("2021-01", periods=48, freq="M")
    t = np.arange(48)
    mu = 30 * (1 + 0.2 * np.sin(2 * np.pi * per.month / 12)) * np.where(t >= 24, 0.7, 1.0)
    return pd.DataFrame({"manad": per, "antal": np.round(mu)})


def test_its_figure_shows_counterfactual_band_and_effect_in_alt_text():
    r = ITS.interrupted_time_series(_series(), "2023-01")
    fig = EF.its_figure(r, ylabel="Skadegörelse per månad")
    ax = fig.axes[0]
    assert len(ax.collections) == 2  # observed points + counterfactual band
    dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(dashed) == 1 and len(dashed[0].get_xdata()) == 24  # counterfactual over the follow-up only
    alt = get_alt_text(fig)
    step = r.effect(ITS.NIVA)
    assert f"{round((step['varde'] - 1) * 100)}\u202f%" in alt.replace("\u2212", "-")
    assert "24 perioder före" in alt and "konfidensintervall" in alt
    assert ax.get_ylabel() == "Skadegörelse per månad"
    plt.close(fig)


def test_before_after_figure_has_both_areas_and_the_no_measure_line():
    per = pd.period_range("2021-01", periods=48, freq="M")
    df = pd.concat([pd.DataFrame({"omrade": a, "manad": per, "antal": m}) for a, m in (("A", 10.0), ("B", 30.0))])
    df.loc[(df["omrade"] == "A") & (df["manad"] >= pd.Period("2023-01", "M")), "antal"] = 6.0
    r = EV.before_after(df, "2023-01", area="omrade", treated="A")
    fig = EF.before_after_figure(r, names={"A": "Centrum", "B": "Gränby"})
    ax = fig.axes[0]
    labels = ax.get_legend_handles_labels()[1]
    assert "Centrum (insatsområde)" in labels and "Gränby (jämförelseområde)" in labels
    dotted = [ln for ln in ax.lines if ln.get_linestyle() == ":"]
    assert dotted and dotted[0].get_ydata()[1] == pytest.approx(10.0)  # B did not change: A would stay at 10
    assert "−40\u202f%" in get_alt_text(fig)
    plt.close(fig)


def test_indicator_figure_target_line_and_alt_text():
    row = FU.indicator_status(pd.DataFrame([dict(indikator="Skadegörelse", typ="antal", baslinje_antal=150,
                                                 baslinje_namnare=3, antal=30, namnare=1, mal=40)])).iloc[0]
    fig = EF.indicator_figure(row, unit="Händelser per tertial")
    ax = fig.axes[0]
    assert any(ln.get_color() == PALETTE["hog"] and ln.get_ydata()[0] == 40 for ln in ax.lines)
    alt = get_alt_text(fig)
    assert "baslinjen 50" in alt and "nuvärdet 30" in alt and "ligger runt målet" in alt
    plt.close(fig)
    share = FU.indicator_status(pd.DataFrame([dict(indikator="Trygghet", typ="andel", baslinje_antal=120,
                                                   baslinje_namnare=400, antal=200, namnare=400, mal=0.4,
                                                   riktning="oka")])).iloc[0]
    fig = EF.indicator_figure(share)
    assert "50\u202f%" in get_alt_text(fig) and "helt över" in get_alt_text(fig)
    plt.close(fig)


def test_power_curve_figure_marks_mde():
    d = PW.Design(150, 3, 2, 12, 0.05)
    curves = {f"{y} år": PW.power_curve(replace(d, years_after=y)) for y in (1, 2)}
    mde = {k: PW.minimum_detectable_effect(replace(d, years_after=y)) for k, y in zip(curves, (1, 2))}
    fig = EF.power_curve_figure(curves, mde=mde)
    ax = fig.axes[0]
    dots = [ln for ln in ax.lines if ln.get_marker() == "o"]
    assert len(dots) == 2 and dots[1].get_xdata()[0] == pytest.approx(mde["2 år"])
    alt = get_alt_text(fig)
    assert "2 år: 25\u202f%" in alt and "80\u202f%" in alt
    plt.close(fig)
