"""Tests for the tertial follow-up (indicators against baseline and target) and the weekly picture."""
import numpy as np
import pandas as pd
import pytest
from scipy import stats as st
from statsmodels.stats.proportion import proportion_confint

from lagesbild_methods.errors import ParameterError
from lagesbild_methods.stats import followup as FU
from lagesbild_methods.stats.countmodels import nb_random
from lagesbild_methods.verdicts import Change, Target


def _ind(**kw):
    base = dict(indikator="A1", typ="antal", baslinje_antal=150, baslinje_namnare=3, antal=30, namnare=1)
    base.update(kw)
    return pd.DataFrame([base])


def test_count_indicator_interval_change_and_target():
    r = FU.indicator_status(_ind(mal=40, riktning="minska")).iloc[0]
    # exact (Garwood) interval of 30 events in one tertial
    assert r["varde"] == 30 and r["baslinje_varde"] == 50
    assert r["nedre"] == pytest.approx(st.chi2.ppf(0.025, 60) / 2, rel=1e-9)
    assert r["ovre"] == pytest.approx(st.chi2.ppf(0.975, 62) / 2, rel=1e-9)
    assert r["forandring_varde"] == pytest.approx(0.6)
    assert r["forandring"] == Change.DECREASE and r["forbattring"]
    assert r["mal_status"] == Target.UNCERTAIN  # 30 is below 40, but the interval reaches 42.8
    assert FU.indicator_status(_ind(mal=45))["mal_status"].iloc[0] == Target.REACHED
    assert FU.indicator_status(_ind(mal=15))["mal_status"].iloc[0] == Target.NOT_REACHED
    # the wished direction decides whether a significant change is an improvement
    up = FU.indicator_status(_ind(riktning="oka")).iloc[0]
    assert up["forandring"] == Change.DECREASE and not up["forbattring"]


def test_overdispersion_widens_and_can_remove_a_verdict():
    plain = FU.indicator_status(_ind()).iloc[0]
    wide = FU.indicator_status(_ind(dispersion=2.5)).iloc[0]
    assert plain["forandring"] == Change.DECREASE
    assert wide["forandring"] == Change.NO_CHANGE
    assert wide["ovre"] - wide["nedre"] > plain["ovre"] - plain["nedre"]
    assert wide["varde"] == plain["varde"]


def test_rate_and_share_indicators():
    df = pd.DataFrame([
        dict(indikator="T", typ="takt", baslinje_antal=230, baslinje_namnare=21000, antal=70, namnare=7000),
        dict(indikator="S", typ="andel", baslinje_antal=120, baslinje_namnare=400, antal=160, namnare=410, mal=0.35,
             riktning="oka"),
    ])
    r = FU.indicator_status(df).set_index("indikator")
    assert r.loc["T", "varde"] == pytest.approx(1000.0) and r.loc["T", "forandring"] == Change.NO_CHANGE
    assert r.loc["T", "mal_status"] == Target.NOT_ASSESSED
    lo, hi = proportion_confint(160, 410, method="wilson")
    assert (r.loc["S", "nedre"], r.loc["S", "ovre"]) == pytest.approx((lo, hi))
    assert r.loc["S", "forandring_skala"] == "procentenheter"
    assert r.loc["S", "forandring_varde"] == pytest.approx(160 / 410 - 0.3)
    assert r.loc["S", "forandring"] == Change.INCREASE and r.loc["S", "forbattring"]
    assert r.loc["S", "mal_status"] == Target.UNCERTAIN


def test_zero_baseline_and_missing_values():
    df = pd.concat([_ind(baslinje_antal=0, antal=9), _ind(antal=np.nan), _ind(baslinje_antal=0, antal=0)])
    r = FU.indicator_status(df)
    assert r["forandring"].iloc[0] == Change.INCREASE and np.isinf(r["forandring_ovre"].iloc[0])
    assert r["forandring"].iloc[1] == Change.NOT_ASSESSED
    assert r["forandring"].iloc[2] == Change.NOT_ASSESSED


def test_bad_indicator_rows_named_in_swedish():
    df = pd.concat([_ind(typ="procent"), _ind(antal=-3)], ignore_index=True)
    with pytest.raises(ParameterError) as e:
        FU.indicator_status(df)
    text = str(e.value)
    assert "rad 2" in text and "kolumn 'typ'" in text and "antal, takt eller andel" in text and "rad 3" in text
    with pytest.raises(ParameterError, match="saknas"):
        FU.indicator_status(pd.DataFrame({"indikator": ["x"]}))


def _weeks(last_factor=1.0, seed=1, mu=10.0):
    rng = np.random.default_rng(seed)
    start = pd.date_range("2022-01-03", "2025-12-22", freq="7D")
    y = nb_random(rng, np.full(len(start), mu), 0.05)
    y[-1] = round(mu * last_factor)
    labels = [f"{d.isocalendar().year}-v{d.isocalendar().week:02d}" for d in start]
    return pd.DataFrame({"period": labels, "start": start, "slut": start + pd.Timedelta(days=6), "dagar": 7,
                         "ofullstandig": False, "antal": y})


def test_expected_vs_observed_same_time_of_year():
    w = _weeks(last_factor=3.0)
    r = FU.expected_vs_observed(w)
    assert r.period == w["period"].iloc[-1] and r.observerat == 30
    assert r.baslinje_perioder == 21  # 7 weeks (+/- 3) in each of 3 earlier years
    assert 7 < r.forvantat < 13
    assert r.verdikt == Change.INCREASE and r.nedre > 1
    assert list(r.tidigare_ar["ar_sedan"]) == [1, 2, 3]
    assert r.tidigare_ar["period"].iloc[0].endswith(w["period"].iloc[-1][-3:])
    calm = FU.expected_vs_observed(_weeks(last_factor=1.0))
    assert calm.verdikt == Change.NO_CHANGE


def test_expected_vs_observed_ignores_recent_rise():
    # a rise over the last 8 weeks would be absorbed by a rolling baseline; not by last years' weeks
    w = _weeks(last_factor=2.5)
    w.loc[w.index[-9:-1], "antal"] = 25
    assert FU.expected_vs_observed(w).verdikt == Change.INCREASE
    rolling_mean = w["antal"].iloc[-13:-1].mean()
    assert rolling_mean > 15  # a rolling 12-week mean has moved up towards the new level


def test_expected_vs_observed_incomplete_last_week_and_short_series():
    w = _weeks()
    w.loc[w.index[-1], "ofullstandig"] = True
    assert FU.expected_vs_observed(w).period == w["period"].iloc[-2]
    short = FU.expected_vs_observed(w.iloc[-20:])
    assert short.verdikt == Change.NOT_ASSESSED
    with pytest.raises(ParameterError, match="finns inte"):
        FU.expected_vs_observed(w, period="1999-v01")


def test_every_target_status_has_swedish_wording():
    from lagesbild_methods.text.verdicts import target_label

    assert {target_label(m) for m in Target} == {"Målet är nått", "Målet är inte nått", "Osäkert om målet är nått",
                                                 "Ej bedömd (mål eller värde saknas)"}
    assert target_label("reached") == "Målet är nått" and target_label(None) == "–"
