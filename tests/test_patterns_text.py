"""Tests for lagesbild_methods.text.patterns (Swedish sentences on how sure a pattern is)."""
import numpy as np
import pandas as pd

from lagesbild_methods import columns as C
from lagesbild_methods.patterns import concentration as K
from lagesbild_methods.text import patterns as X
from lagesbild_methods.patterns import timing as T
from lagesbild_methods.patterns.control import control_flags
from lagesbild_methods.patterns.harm import harm_ranking
from lagesbild_methods.patterns.hotspot import hotspot_gistar
from lagesbild_methods.patterns.repeats import knox_test, repeat_places

TZ = "Europe/Stockholm"


def _frame(times):
    return pd.DataFrame({C.TIDPUNKT: pd.DatetimeIndex(times)})


def test_p_text_swedish():
    assert X.p_text(0.0004) == "p < 0,001"
    assert X.p_text(0.0034) == "p = 0,003"
    assert X.p_text(0.041) == "p = 0,04"
    assert X.p_text(float("nan")) == "p saknas"


def test_friday_saturday_evening_sentence_and_no_pattern_sentence():
    rng = np.random.default_rng(5)
    base = pd.Timestamp("2024-01-01", tz=TZ) + pd.to_timedelta(rng.uniform(0, 365 * 1440, 400), unit="min")
    ev = (pd.Timestamp("2024-01-05 19:00", tz=TZ) + pd.to_timedelta(rng.integers(0, 52, 160) * 7
          + rng.integers(0, 2, 160), unit="D") + pd.to_timedelta(rng.uniform(0, 170, 160), unit="min"))
    s = X.time_pattern_sentence(T.weekday_block_test(_frame(base.append(ev))))
    assert s == "Händelserna är tydligt koncentrerade till kvällar fredag–lördag."  # method in the appendix
    s0 = X.time_pattern_sentence(T.weekday_test(_frame(base)))
    assert s0.startswith("Inget tydligt mönster över veckodagarna kan säkerställas.")
    few = X.time_pattern_sentence(T.weekday_test(_frame(base[:12])))
    assert "Underlaget är litet (12 händelser)" in few and "simulerat" not in few  # method: appendix


def test_place_sentences():
    rng = np.random.default_rng(1)
    d = pd.DataFrame({C.X: 600_000 + rng.uniform(0, 10_000, 300), C.Y: 6_600_000 + rng.uniform(0, 10_000, 300)})
    assert X.hotspot_sentence(hotspot_gistar(d)).startswith("Inga tydliga koncentrationer (heta punkter) kan säkerställas")
    hot = pd.DataFrame({C.X: 603_000 + rng.normal(0, 50, 30), C.Y: 6_605_000 + rng.normal(0, 50, 30)})
    s = X.hotspot_sentence(hotspot_gistar(pd.concat([d, hot])))
    assert "heta punkter" in s or "het punkt" in s
    assert "Benjamini" not in s and "Getis" not in s and "högst 5\u202f% av de utpekade rutorna väntas vara slump" in s
    summ = K.concentration_summary([50, 20, 10, 5, 5, 4, 3, 2, 1] + [0] * 11, unit="platser")
    cs = X.concentration_sentence(summ)
    assert cs.startswith("De 10\u202f% av platserna med flest händelser står för 70\u202f% av händelserna")
    assert "Gini" not in cs and "Koncentrationen är" in cs
    assert "(100 händelser på 20 platser)" in cs


def test_control_knox_repeat_harm_and_caveat_sentences():
    f = pd.DataFrame({"period": [f"2025-v{i:02d}" for i in range(1, 15)], "antal": [5] * 13 + [30],
                      "ofullstandig": False})
    f.attrs["frekvens"] = "week"
    s = X.control_sentence(control_flags(f), period_word="vecka")
    assert s.startswith("Vecka 2025-v14 hade 30 händelser (väntat omkring 5,0 jämfört med en fast referensperiod). "
                        "Det är tydligt fler än väntat")
    k = knox_test([0, 1000], [0, 0], [0, 100], [0, 100, np.inf], [0, 7, np.inf], nrep=19)
    assert X.knox_sentence(k).startswith("Inget tydligt mönster av upprepning")
    d = pd.DataFrame({C.PLATS: ["Torget", "Torget"], C.KATEGORI: ["klotter", "vald"],
                      C.TIDPUNKT: pd.DatetimeIndex(["2025-01-01", "2025-01-05"]).tz_localize(TZ)})
    assert X.repeat_sentence(repeat_places(d)).startswith("50\u202f% av händelserna kom inom 30 dagar")
    h = pd.DataFrame({C.KATEGORI: ["klotter"] * 3 + ["vald"]})
    assert X.harm_sentence(harm_ranking(h, {"klotter": 1, "vald": 10})) == (
        "Viktat efter skada (med kommunens egna vikter) är våld eller hot det största problemet, "
        "medan klotter är vanligast räknat i antal.")
    assert X.harm_sentence(harm_ranking(h, {"klotter": 1, "vald": 1})).startswith("Klotter är störst både")
    cav = X.polisen_positions_caveat()
    assert "fast punkt för hela kommunen" in cav and "används därför inte för kartor över heta punkter" in cav


def test_knox_sentence_adjusts_for_many_bands():
    """One band at p = 0,03 among twelve is what chance often gives: not called a near repeat."""
    rows = []
    for i, (a, b) in enumerate([(0, 100), (100, 200), (200, 300)]):
        for j, (t0, t1) in enumerate([(0, 7), (7, 14), (14, 21), (21, 28)]):
            rows.append(dict(avstand_fran=a, avstand_till=b, tid_fran=t0, tid_till=t1, knox_kvot=1.4,
                             pvarde=0.5, avstand_text=f"från {a} till under {b} m",
                             tid_text=f"från {t0} till under {t1} dagar"))
    k = pd.DataFrame(rows)
    k.attrs["permutationer"] = 999
    k.loc[0, "pvarde"] = 0.03
    assert X.knox_sentence(k).startswith("Inget tydligt mönster")
    k.loc[0, "pvarde"] = 0.001
    s = X.knox_sentence(k)
    assert s.startswith("Händelser följer oftare än slumpen") and "Holm" in s and "12 samtidiga test" in s


def test_small_spots_are_read_in_hectares_and_huge_ratios_capped():
    from lagesbild_methods.text import places as P

    assert P._area(0.0025) == "0,3 ha" and P._area(1.25) == "1,3 km²"
    assert P._times(11257.0) == "mer än 100 gånger så många som väntat"
    assert P._times(25.4) == "25 gånger så många som väntat" and P._times(3.25) == "3,3 gånger så många som väntat"
