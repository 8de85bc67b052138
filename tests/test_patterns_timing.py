"""Tests for lagesbild_methods.patterns.timing (hour x weekday, periods, holidays, aoristic, tests)."""
import re

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError, ParameterError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.patterns import timing as T

TZ = "Europe/Stockholm"


def frame(times, **cols):
    t = pd.to_datetime(pd.Series(times))
    if t.dt.tz is None:
        t = t.dt.tz_localize(TZ)
    d = pd.DataFrame({C.ID: range(len(t)), C.TIDPUNKT: t})
    for k, v in cols.items():
        d[k] = v
    return d


def uniform(n, seed, start="2024-01-01", days=731):
    rng = np.random.default_rng(seed)
    t = pd.Timestamp(start, tz=TZ) + pd.to_timedelta(rng.uniform(0, days * 1440, n), unit="min")
    return frame(t)


def test_hour_weekday_known_cells_and_utc_input():
    d = frame(["2025-03-03 08:15", "2025-03-09 23:59"])  # Monday 08, Sunday 23 (local)
    utc = pd.DataFrame({C.TIDPUNKT: pd.to_datetime(["2025-07-01 22:30"]).tz_localize("UTC")})
    tab = T.hour_weekday_counts(d)
    assert tab.shape == (7, 24)
    assert tab.loc["måndag", 8] == 1 and tab.loc["söndag", 23] == 1
    assert tab.to_numpy().sum() == 2
    tu = T.hour_weekday_counts(utc)
    assert tu.loc["onsdag", 0] == 1  # 22:30 UTC = 00:30 CEST on Wednesday 2 July


def test_naive_times_and_missing_columns_are_refused_in_swedish():
    d = pd.DataFrame({C.TIDPUNKT: pd.to_datetime(["2025-01-01 10:00"])})
    with pytest.raises(InputDataError, match="tidszon|Tidpunkterna"):
        T.hour_weekday_counts(d)
    with pytest.raises(InputDataError, match="saknar kolumner"):
        T.hour_weekday_counts(pd.DataFrame({"x": [1]}))
    with pytest.raises(InputDataError, match="saknar tidpunkt"):
        T.hour_weekday_counts(pd.DataFrame({C.TIDPUNKT: pd.Series([pd.NaT], dtype=f"datetime64[ns, {TZ}]")}))
    with pytest.raises(ParameterError, match="Okänd periodlängd"):
        T.period_counts(frame(["2025-01-01"]), "fortnight")


def test_weights_in_hour_weekday():
    d = frame(["2025-03-03 08:15", "2025-03-03 08:45"], vikt=[2.0, 3.5])
    assert T.hour_weekday_counts(d, weights="vikt").loc["måndag", 8] == 5.5


def test_month_category_counts_match_crosstab_and_keep_empty_months():
    d = frame(["2025-01-05", "2025-01-06", "2025-03-01"], kategori=["klotter", "brand", "klotter"])
    tab = T.month_category_counts(d)
    assert list(tab.index.astype(str)) == ["2025-01", "2025-02", "2025-03"]
    assert tab.loc[pd.Period("2025-02", "M")].sum() == 0
    assert tab.loc[pd.Period("2025-01", "M"), "klotter"] == 1 and tab.loc[pd.Period("2025-03", "M"), "klotter"] == 1
    assert tab.to_numpy().sum() == 3


def test_period_counts_iso_weeks_tertials_years():
    d = frame(["2024-12-30 12:00", "2025-01-12 12:00", "2025-04-30 23:30", "2025-05-01 00:10"])
    w = T.period_counts(d, "vecka")
    assert w["period"].iloc[0] == "2025-v01"  # 30 Dec 2024 is in ISO week 1 of 2025
    assert w.set_index("period").loc["2025-v02", "antal"] == 1
    assert len(w) == len(pd.date_range("2024-12-30", "2025-05-01", freq="W-MON"))
    assert (w["antal"] == 0).any()  # empty weeks are listed
    t = T.period_counts(d, "tertial").set_index("period")
    assert t.loc["2024 T3", "antal"] == 1 and t.loc["2025 T1", "antal"] == 2 and t.loc["2025 T2", "antal"] == 1
    assert t.loc["2025 T2", "ofullstandig"]  # window ends 1 May
    m = T.period_counts(d, "month", start="2024-12-01", end="2025-05-31").set_index("period")
    assert not m.loc["2025-02", "ofullstandig"] and m.loc["2025-02", "antal"] == 0 and m.loc["2025-02", "dagar"] == 28
    y = T.period_counts(d, "år")
    assert list(y["period"]) == ["2024", "2025"] and y["antal"].sum() == 4


def test_add_time_parts_local_values():
    out = T.add_time_parts(frame(["2025-10-26 03:30"]))  # DST end day
    r = out.iloc[0]
    assert (r["ar"], r["manad"], r["tertial"], r["veckodag"], r["timme"]) == (2025, 10, 3, 6, 3)


def test_planted_weekday_peak_is_found_and_uniform_gives_none():
    base = uniform(700, seed=1)
    rng = np.random.default_rng(2)
    fridays = pd.Timestamp("2024-01-05 21:00", tz=TZ) + pd.to_timedelta(rng.integers(0, 100, 120) * 7, unit="D")
    planted = pd.concat([base, frame(fridays)], ignore_index=True)
    res = T.weekday_test(planted)
    assert res.p < 0.001 and res.peaks == ["fredag"]
    # independent check of the statistic: chi-square against weekday exposure
    days = pd.date_range(planted[C.TIDPUNKT].min().tz_localize(None).normalize(),
                         planted[C.TIDPUNKT].max().tz_localize(None).normalize())
    expo = np.bincount(days.day_of_week, minlength=7)
    obs = np.bincount(planted[C.TIDPUNKT].dt.day_of_week, minlength=7)
    e = obs.sum() * expo / expo.sum()
    assert res.statistic == pytest.approx(((obs - e) ** 2 / e).sum())
    false = sum(T.weekday_test(uniform(300, seed=s)).significant for s in range(20))
    assert false <= 3  # nominal 5 %


def test_small_samples_use_simulated_p_value():
    res = T.weekday_test(frame(["2025-03-03 10:00", "2025-03-04 10:00", "2025-03-07 10:00"]))
    assert "simulerat" in res.method and res.p > 0.05 and not res.peaks


def test_weekday_block_finds_friday_saturday_evenings():
    rng = np.random.default_rng(5)
    base = uniform(400, seed=5, days=365)
    ev = (pd.Timestamp("2024-01-05 19:00", tz=TZ) + pd.to_timedelta(rng.integers(0, 52, 160) * 7
          + rng.integers(0, 2, 160), unit="D") + pd.to_timedelta(rng.uniform(0, 170, 160), unit="min"))
    res = T.weekday_block_test(pd.concat([base, frame(ev)], ignore_index=True))
    assert set(res.peaks) == {"fredag kväll", "lördag kväll"}


def test_aoristic_spreads_over_window_and_keeps_total():
    d = frame(["2025-03-03 22:00", "2025-03-05 10:20", "2025-03-05 10:00"])
    d[C.TIDPUNKT_TILL] = pd.to_datetime(["2025-03-04 02:00", None, "2025-03-20 10:00"]).tz_localize(TZ)
    tab = T.aoristic_hour_weekday(d, max_hours=72)
    assert tab.loc["måndag", 22] == pytest.approx(0.25) and tab.loc["tisdag", 1] == pytest.approx(0.25)
    assert tab.loc["onsdag", 10] == pytest.approx(1.0)
    assert tab.to_numpy().sum() == pytest.approx(2.0)
    assert tab.attrs == {"exakta": 1, "spridda": 1, "utelamnade": 1}
    d2 = frame(["2025-03-03 22:30"])
    d2[C.TIDPUNKT_TILL] = pd.to_datetime(["2025-03-03 23:15"]).tz_localize(TZ)
    t2 = T.aoristic_hour_weekday(d2)
    assert t2.loc["måndag", 22] == pytest.approx(30 / 45) and t2.loc["måndag", 23] == pytest.approx(15 / 45)
    d[C.TIDPUNKT_TILL] = pd.to_datetime(["2025-03-03 21:00", None, None]).tz_localize(TZ)
    with pytest.raises(InputDataError, match="tidpunkt_till före tidpunkt"):
        T.aoristic_hour_weekday(d)


def test_special_days_categories_and_school_holidays():
    sd = T.special_days([2025], school_holidays=[{"namn": "Sportlov", "start": "2025-02-17", "slut": "2025-02-23"}])
    by = dict(zip(sd["namn"], zip(sd["datum"].dt.strftime("%Y-%m-%d"), sd["typ"])))
    assert by["Midsommarafton"] == ("2025-06-20", "helgafton (de facto)")
    assert by["Julafton"][1] == "helgafton (de facto)" and by["Nyårsafton"][0] == "2025-12-31"
    assert by["Valborgsmässoafton"] == ("2025-04-30", "aftondag")
    assert by["Påskafton"][1] == "aftondag" and by["Pingstafton"][1] == "aftondag"
    assert by["Nationaldagen"][1] == "allmän helgdag"
    assert (sd["typ"] == "skollov").sum() == 7
    assert not sd["namn"].str.contains("Söndag").any()


def test_valborg_night_effect_counts_to_the_eve():
    base = uniform(1500, seed=7, start="2023-01-01", days=3 * 365)
    nights = []
    for y in (2023, 2024, 2025):
        nights += [f"{y}-04-30 22:00"] * 5 + [f"{y}-05-01 01:30"] * 5  # after midnight belongs to Valborg
    eff = T.special_day_effect(pd.concat([base, frame(nights)], ignore_index=True))
    v = eff.set_index("namn").loc["Valborgsmässoafton"]
    assert v["dagar"] == 3 and v["antal"] >= 30 and v["p_hog"] < 1e-6
    assert eff.iloc[0]["namn"] == "Valborgsmässoafton"


def test_annual_wheel_recurring_july_peak():
    base = uniform(900, seed=8, start="2022-01-01", days=3 * 365)
    rng = np.random.default_rng(9)
    july = [pd.Timestamp(f"{y}-07-01 12:00", tz=TZ) + pd.Timedelta(days=int(d))
            for y in (2022, 2023, 2024) for d in rng.integers(0, 31, 40)]
    w = T.annual_wheel(pd.concat([base, frame(july)], ignore_index=True), start="2022-01-01", end="2024-12-31")
    assert w.loc[7, "aterkommande_topp"] and w["aterkommande_topp"].sum() == 1
    assert w.loc[7, "antal_ar"] == 3 and w.loc[7, "ar_over_snitt"] == 3
    assert w["antal"].sum() == 900 + 120


def test_season_counts_exposure():
    s = T.season_counts(frame(["2025-01-10", "2025-07-10", "2025-07-11"]), start="2025-01-01", end="2025-12-31")
    s = s.set_index("arstid")
    assert s.loc["sommar", "antal"] == 2 and s.loc["vinter", "dagar"] == 31 + 28 + 31
    assert s.loc["sommar", "per_dag"] == pytest.approx(2 / 92)


_MONTHS = {m: i + 1 for i, m in enumerate(T.MONTHS_SV)}


def test_real_polisen_events_run_through_time_analyses():
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared saknas")
    raw = pd.read_csv(ref / "real-data" / "polisen_events_uppsala_lan_2023-2026.csv", comment="#", dtype=str)
    pub = pd.to_datetime(raw["datetime"], format="mixed", utc=True)
    # incident time from 'name': "<dd> <månad> <HH:MM|HH.MM>, <type>, <place>"; year from publication
    parts = raw["name"].str.extract(r"^(\d{1,2}) (\w+) (\d{1,2})[:.](\d{2}),")
    ok = parts.notna().all(axis=1) & parts[1].isin(_MONTHS)
    local_pub = pub.dt.tz_convert(TZ)
    t = pd.to_datetime(dict(year=local_pub.dt.year[ok], month=parts.loc[ok, 1].map(_MONTHS),
                            day=parts.loc[ok, 0].astype(int), hour=parts.loc[ok, 2].astype(int),
                            minute=parts.loc[ok, 3].astype(int)), errors="coerce")
    t = t.where(t <= local_pub[ok].dt.tz_localize(None) + pd.Timedelta(days=1),
                t - pd.DateOffset(years=1))  # events published in January about December
    ev = pd.DataFrame({C.TIDPUNKT: t.dt.tz_localize(TZ, ambiguous="NaT", nonexistent="shift_forward"),
                       C.KATEGORI: raw.loc[ok, "type"], C.KOMMUNKOD: raw.loc[ok, "kommunkod"]}).dropna()
    assert len(ev) > 2000
    pubframe = pd.DataFrame({C.TIDPUNKT: local_pub, C.KATEGORI: raw["type"]})  # publication time also works
    for d in (ev, pubframe):
        tab = T.hour_weekday_counts(d)
        assert tab.to_numpy().sum() == len(d)
        assert T.month_category_counts(d).to_numpy().sum() == len(d)
        for f in ("week", "month", "tertial", "year"):
            assert T.period_counts(d, f)["antal"].sum() == len(d)
        assert 0 <= T.weekday_block_test(d).p <= 1
        assert T.annual_wheel(d)["antal"].sum() == len(d)
        assert not T.special_day_effect(d).empty
    assert re.match(r"\d{4}", T.period_counts(ev, "year")["period"].iloc[0])


def test_aoristic_follows_elapsed_time_across_both_clock_changes():
    from lagesbild_methods.patterns.aoristic import aoristic_hour_weekday

    autumn0 = pd.Timestamp("2025-10-26 02:50").tz_localize(TZ, ambiguous=True)  # summer time
    autumn1 = pd.Timestamp("2025-10-26 02:20").tz_localize(TZ, ambiguous=False)  # 30 min later, winter time
    spring0 = pd.Timestamp("2025-03-30 01:30").tz_localize(TZ)
    spring1 = pd.Timestamp("2025-03-30 03:30").tz_localize(TZ)  # one elapsed hour
    d = pd.DataFrame({C.TIDPUNKT: pd.Series([autumn0, spring0]), C.TIDPUNKT_TILL: pd.Series([autumn1, spring1])})
    tab = aoristic_hour_weekday(d)
    sun = tab.loc["söndag"].to_numpy()
    assert sun[2] == pytest.approx(1.0)  # the whole autumn window lies in the (doubled) hour 02-03
    assert sun[1] == pytest.approx(0.5) and sun[3] == pytest.approx(0.5)  # spring: 01:30-02 and 03-03:30
    assert tab.to_numpy().sum() == pytest.approx(2.0) and tab.attrs["spridda"] == 2
    # a whole autumn day (25 hours) spreads 1/25 to each hour, 2/25 to the doubled 02-03
    day = pd.DataFrame({C.TIDPUNKT: pd.Series([pd.Timestamp("2025-10-26 00:00", tz=TZ)]),
                        C.TIDPUNKT_TILL: pd.Series([pd.Timestamp("2025-10-27 00:00", tz=TZ)])})
    row = aoristic_hour_weekday(day).loc["söndag"].to_numpy()
    assert row[2] == pytest.approx(2 / 25) and row[5] == pytest.approx(1 / 25)


def test_night_block_crosses_midnight_and_belongs_to_its_evening():
    times = [pd.Timestamp(s, tz=TZ) for s in ("2025-03-07 23:30", "2025-03-08 01:30", "2025-03-08 05:59",
                                              "2025-03-08 06:00", "2025-03-08 21:59")]
    res = T.weekday_block_test(frame(pd.DatetimeIndex(times)), start="2025-03-03", end="2025-03-09")
    obs = res.table.set_index("etikett")["observerat"]
    assert obs["fredag natt"] == 3 and obs["lördag förmiddag"] == 1 and obs["lördag kväll"] == 1
    expo = res.table.set_index("etikett")["forvantat"]
    assert expo["måndag natt"] == pytest.approx(5 * 8 / (7 * 24))  # 8 of 24 hours, one Monday in 7 days


def test_four_time_tests_are_corrected_together():
    tests = T.time_tests(uniform(500, seed=9, days=365))
    assert set(tests) == {"veckodag", "timme", "veckodag_block", "manad"}
    for t in tests.values():
        assert t.n_tests == 4 and t.p_adjusted >= t.p - 1e-12
        if not t.significant:
            assert not t.table["topp"].any()
    ps = sorted(t.p for t in tests.values())
    assert min(t.p_adjusted for t in tests.values()) == pytest.approx(min(1, 4 * ps[0]))  # Holm's first step
