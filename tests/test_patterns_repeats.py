"""Tests for lagesbild_methods.patterns.repeats (repeat places, Knox test)."""
import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.patterns.repeats import knox_incidents, knox_test, repeat_places

TZ = "Europe/Stockholm"


def _ref():
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared saknas")
    return ref / "vectors"


def _table(vdir, name):
    rows = [ln.strip() for ln in open(vdir / "knox_observed_tables.csv", encoding="utf-8")
            if ln.strip() and not ln.startswith("#")][1:]
    return [int(r.rsplit(",", 1)[1]) for r in rows if r.startswith(name + ":")]


def _input(vdir, name):
    d = pd.read_csv(vdir / name, comment="#")
    days = (pd.to_datetime(d["date"]) - pd.Timestamp("1970-01-01")).dt.days.to_numpy(float)
    return d["x"].to_numpy(), d["y"].to_numpy(), days


@pytest.mark.parametrize("table,file,sds,tds", [
    ("be_R", "knox_input_chicago_be_month1.csv", [0, 1, 101, 201, 301, np.inf], [0, 8, 15, 22, np.inf]),
    ("be_NRC", "knox_input_chicago_be_month1.csv", [0, 1, 100, 200, 300, np.inf], [0, 7, 14, 21, np.inf]),
    ("arson_R", "knox_input_chicago_arson.csv", [0, 0.01, 201, 401, 601, np.inf], [0, 1, 2, 3, np.inf]),
])
def test_observed_tables_match_nearrepeat(table, file, sds, tds):
    vdir = _ref()
    x, y, t = _input(vdir, file)
    k = knox_test(x, y, t, sds, tds, nrep=0)
    assert k["observerat"].tolist() == _table(vdir, table)
    assert k["observerat"].sum() == len(x) * (len(x) - 1) // 2


def test_arson_nrc_table_within_one_at_band_edges():
    vdir = _ref()
    x, y, t = _input(vdir, "knox_input_chicago_arson.csv")
    k = knox_test(x, y, t, [0, 0.01, 200, 400, 600, np.inf], [0, 1, 2, 3, np.inf], nrep=0)
    assert np.max(np.abs(k["observerat"].to_numpy() - np.array(_table(vdir, "arson_NRC")))) <= 1


def test_pathological_pair_and_exact_labels():
    k = knox_test([0, 0], [0, 100], [0, 3], [0, 1, 201, 401, np.inf], [0, 4, 7, np.inf], nrep=0)
    hit = k[k["observerat"] == 1].iloc[0]
    assert (hit["avstand_band"], hit["tid_band"]) == ("[1, 201) m", "[0, 4) dagar")
    assert hit["tid_text"] == "från 0 till under 4 dagar"
    assert k["avstand_text"].iloc[-1] == "401 m eller mer"
    assert k["observerat"].sum() == 1


def test_open_band_shortcut_equals_brute_force_and_permutations_are_seeded():
    rng = np.random.default_rng(5)
    n = 150
    x, y = rng.uniform(0, 3000, n), rng.uniform(0, 3000, n)
    t = rng.integers(0, 60, n).astype(float)
    sds, tds = [0, 100, 300, np.inf], [0, 3, 10, np.inf]
    k = knox_test(x, y, t, sds, tds, nrep=49, seed=3)
    # brute force over all pairs
    i, j = np.triu_indices(n, 1)
    d = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j])
    dt = np.abs(t[i] - t[j])
    sb = np.searchsorted(sds, d, side="right") - 1
    tb = np.searchsorted(tds, dt, side="right") - 1
    brute = np.bincount(sb * 3 + tb, minlength=9)
    assert k["observerat"].tolist() == brute.tolist()
    k2 = knox_test(x, y, t, sds, tds, nrep=49, seed=3)
    assert k["pvarde"].tolist() == k2["pvarde"].tolist()
    assert ((k["pvarde"] >= 1 / 50) & (k["pvarde"] <= 1)).all()
    # expected counts of permutations: each column keeps its total
    sums = k.groupby("tid_band", sort=False)["forvantat"].sum().to_numpy()
    obs = k.groupby("tid_band", sort=False)["observerat"].sum().to_numpy()
    assert np.allclose(sums, obs)


def test_planted_near_repeats_are_significant():
    rng = np.random.default_rng(8)
    n = 200
    x, y = rng.uniform(0, 5000, n), rng.uniform(0, 5000, n)
    t = rng.integers(0, 365, n).astype(float)
    xs = np.concatenate([x, x[:40] + 20])
    ys = np.concatenate([y, y[:40] + 20])
    ts = np.concatenate([t, t[:40] + 1])
    k = knox_test(xs, ys, ts, [0, 100, 500, np.inf], [0, 7, 30, np.inf], nrep=199, seed=1)
    first = k.iloc[0]
    assert first["observerat"] >= 40 and first["pvarde"] == pytest.approx(1 / 200) and first["knox_kvot"] > 5


def test_bad_bands_and_incidents_wrapper():
    with pytest.raises(ParameterError, match="stigande"):
        knox_test([0, 1], [0, 1], [0, 1], [0, 10, 5], [0, 1])
    with pytest.raises(ParameterError, match="lika långa"):
        knox_test([0, 1], [0, 1], [0], [0, 10], [0, 1])
    d = pd.DataFrame({C.X: [640000.0, 640010.0, 650000.0], C.Y: [6630000.0, 6630000.0, 6630000.0],
                      C.TIDPUNKT: pd.to_datetime(["2025-01-01 23:00", "2025-01-02 01:00", "2025-03-01 12:00"]).tz_localize(TZ)})
    k = knox_incidents(d, nrep=0)
    assert k.loc[(k["avstand_fran"] == 1) & (k["tid_fran"] == 0), "observerat"].item() == 1


def test_repeat_places():
    d = pd.DataFrame({C.PLATS: ["A", "A", "A", "B", "B", None],
                      C.TIDPUNKT: pd.to_datetime(["2025-01-01", "2025-01-20", "2025-03-30", "2025-01-01",
                                                  "2025-06-01", "2025-01-02"]).tz_localize(TZ)})
    r = repeat_places(d, within_days=30)
    a = r.set_index(C.PLATS)
    assert a.loc["A", "antal"] == 3 and a.loc["A", "upprepade"] == 1 and a.loc["A", "kortaste_dagar"] == 19
    assert a.loc["B", "upprepade"] == 0
    assert r.attrs["andel_upprepade"] == pytest.approx(1 / 5)
    with pytest.raises(ParameterError):
        repeat_places(d, within_days=0)


def _knox_one_at_a_time(x, y, t, sds, tds, nrep, seed, p=1):
    """Reference: every pair, every permutation, one permutation at a time (the code before issue 17)."""
    sds, tds = np.asarray(sds, float), np.asarray(tds, float)
    n = len(x)
    i, j = np.triu_indices(n, 1)
    d = np.abs(x[i] - x[j]) + np.abs(y[i] - y[j]) if p == 1 else np.hypot(x[i] - x[j], y[i] - y[j])
    sb = np.searchsorted(sds, d, side="right") - 1
    ns, nt = len(sds) - 1, len(tds) - 1

    def table(tt):
        tb = np.searchsorted(tds, np.abs(tt[i] - tt[j]), side="right") - 1
        ok = (sb >= 0) & (sb < ns) & (tb >= 0) & (tb < nt)
        return np.bincount(sb[ok] * nt + tb[ok], minlength=ns * nt).astype(float)

    obs = table(t)
    rng = np.random.default_rng(seed)
    sims = np.array([table(t[rng.permutation(n)]) for _ in range(nrep)])
    return obs, sims.mean(axis=0), np.median(sims, axis=0), (np.sum(sims >= obs, axis=0) + 1) / (nrep + 1)


@pytest.mark.parametrize("sds,tds,whole,method", [
    ([0, 1, 101, 201, 301, np.inf], [0, 8, 15, 22, np.inf], True, "manhattan"),  # the report's bands
    ([0, 50.5, 150, np.inf], [0, 3.5, 9, np.inf], False, "manhattan"),           # decimals everywhere
    ([0, 100, 250], [0, 5, 12], True, "manhattan"),                                # no open band
    ([20, 100, 250], [2, 5, 12, np.inf], True, "manhattan"),                       # edges from above 0
    ([0, 120, 300, np.inf], [0, 6, 20], False, "euclidean"),
])
@pytest.mark.parametrize("pairs_per_batch", [10 ** 9, 50])
def test_permutation_tables_equal_counting_every_pair_for_every_permutation(monkeypatch, sds, tds, whole, method,
                                                                            pairs_per_batch):
    """Only pairs close in space and time are counted, per component, many permutations at once: the
    tables must be exactly those of counting every pair for every permutation (same seed, same draws)."""
    from lagesbild_methods.patterns import knox

    monkeypatch.setattr(knox, "PAIRS_PER_BATCH", pairs_per_batch)  # 50: one permutation per batch
    rng = np.random.default_rng(21)
    centres = rng.uniform(0, 4000, (6, 2))  # busy places, a few events alone, ties in time and place
    xy = np.concatenate([centres[rng.integers(0, 6, 170)] + rng.normal(0, 60, (170, 2)),
                         rng.uniform(0, 4000, (30, 2))])
    xy[5] = xy[6]
    t = rng.uniform(0, 120, 200)
    if whole:
        xy, t = np.round(xy), np.floor(t)
    x, y = xy[:, 0], xy[:, 1]
    k = knox_test(x, y, t, sds, tds, nrep=37, seed=9, method=method)
    obs, mean, med, pv = _knox_one_at_a_time(x, y, t, sds, tds, 37, 9, p=1 if method == "manhattan" else 2)
    assert k["observerat"].tolist() == obs.astype(int).tolist()
    assert k["forvantat"].tolist() == mean.tolist()
    assert np.array_equal(k["knox_kvot_median"].to_numpy(), np.where(med > 0, obs / np.where(med > 0, med, 1), np.nan),
                          equal_nan=True)
    assert k["pvarde"].tolist() == pv.tolist()


def test_large_registers_are_tested_on_a_seeded_sample_and_the_report_says_so():
    """Above ``max_events`` the Knox test runs on a simple random sample (seeded: the same sample every
    time) and the sentence names the sample; planted near repeats are still found in it."""
    from lagesbild_methods.text.patterns import knox_sentence

    rng = np.random.default_rng(3)
    n = 600
    x, y = rng.uniform(640_000, 645_000, n), rng.uniform(6_630_000, 6_635_000, n)  # SWEREF 99 TM
    days = rng.integers(0, 365, n)
    x[:200], y[:200], days[:200] = x[200:400] + 20, y[200:400] + 20, days[200:400] + 1  # near repeats
    d = pd.DataFrame({C.X: x, C.Y: y, C.TIDPUNKT: (pd.Timestamp("2025-01-01 12:00")
                                                  + pd.to_timedelta(days, unit="D")).tz_localize(TZ)})
    bands = dict(spatial_bands=(0, 100, 500, np.inf), temporal_bands=(0, 7, 30, np.inf), nrep=199, seed=5)
    k = knox_incidents(d, max_events=300, **bands)
    again = knox_incidents(d, max_events=300, **bands)
    assert k.attrs["antal_handelser"] == 300 and k.attrs["urval_av"] == 600
    pd.testing.assert_frame_equal(k, again)
    assert k.iloc[0]["knox_kvot"] > 3 and k.iloc[0]["pvarde"] == pytest.approx(1 / 200)
    text = knox_sentence(k)
    assert "slumpmässigt urval av 300 av kommunens 600 händelser" in text
    whole = knox_incidents(d, max_events=None, **bands)
    assert "urval_av" not in whole.attrs and whole.attrs["antal_handelser"] == 600
    assert "urval" not in knox_sentence(whole)
