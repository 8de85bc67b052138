"""Tests for lagesbild_methods.text: Swedish sentences never stronger than the statistics."""
import importlib

import pandas as pd

from lagesbild_methods import columns as C
from lagesbild_methods import text as X

T = importlib.import_module("lagesbild_methods.stats.trend")
K = importlib.import_module("lagesbild_methods.stats.compare")
R = importlib.import_module("lagesbild_methods.stats.rates")
F = importlib.import_module("lagesbild_methods.stats.funnel")

NB = "\u202f"


def _change(o1, o2, pop=100_000):
    df = pd.DataFrame({C.KOMMUNKOD: "0331", C.BROTTSTYP: "bostadsinbrott", C.AR: [2023, 2024],
                       C.ANTAL: [o1, o2], C.FOLKMANGD: [pop, pop]})
    return T.change_between_periods(df, 2023, 2024).iloc[0]


def test_not_significant_increase_says_so():
    s = X.change_sentence(_change(41, 58))
    assert s.startswith("Anmälda bostadsinbrott ökade från 41 till 58 per 100 000 invånare".replace(" 000", f"{NB}000"))
    assert "men förändringen är inte statistiskt säkerställd" in s
    assert f"95{NB}% konfidensintervall för förändringen" in s
    assert "säkerställd (" in s and "Ökningen är statistiskt säkerställd" not in s


def test_significant_decrease_and_small_numbers_note():
    s = X.change_sentence(_change(400, 250))
    assert "minskade från 400 till 250" in s and "Minskningen är statistiskt säkerställd" in s
    assert "p < 0,001" in s
    s2 = X.change_sentence(_change(4, 9, pop=10_000))
    assert "inte statistiskt säkerställd" in s2 and X.SMALL_NUMBER_NOTE in s2


def test_rate_sentence_swedish_numbers():
    r = R.rates(pd.DataFrame({C.BROTTSTYP: ["totalt"], C.AR: [2018], C.ANTAL: [23174], C.FOLKMANGD: [219914]})).iloc[0]
    s = X.rate_sentence(r, place="Uppsala")
    assert s.startswith(f"Anmälda brott i Uppsala 2018: 10{NB}538 per 100{NB}000 invånare")
    assert f"23{NB}174 brott" in s and "–" in s


def test_comparison_sentences():
    df = pd.DataFrame({C.AR: [2024, 2024], C.BROTTSTYP: ["skadegorelse"] * 2, C.ANTAL: [220, 60],
                       C.FOLKMANGD: [22_000, 10_000]})
    out = K.compare_with_benchmark(df, 650.0, benchmark_name="Uppsala län")
    s_hi = X.comparison_sentence(out.iloc[0], place="Håbo")
    assert s_hi.startswith("I Håbo var anmälda skadegörelsebrott 1") and "statistiskt säkerställt högre än i Uppsala län" in s_hi
    s_no = X.comparison_sentence(out.iloc[1], place="Älvkarleby")
    assert "inte statistiskt säkerställd" in s_no and "högre" not in s_no


def test_trend_sentence():
    row = {"brottstyp": "stoldbrott", "ar_fran": 2015, "ar_till": 2024, "arlig_forandring_pct": -3.24,
           "nedre_pct": -5.1, "ovre_pct": -1.3, "p_varde": 0.002, "trend": T.MINSKANDE_TREND, C.KONFIDENS: 0.95}
    s = X.trend_sentence(row)
    assert s.startswith(f"Mellan 2015 och 2024 minskade anmälda stöldbrott med i genomsnitt 3,2{NB}% per år")
    assert "\u22125,1" in s and "Minskningen är statistiskt säkerställd" in s
    row.update(trend=T.INGEN_TREND, arlig_forandring_pct=1.04, nedre_pct=-2.0, ovre_pct=4.1)
    s = X.trend_sentence(row)
    assert "+1,0" in s and "inte statistiskt säkerställd" in s


def test_share_sentence_shows_n():
    row = {C.VARDE: 0.3204, C.NEDRE: 0.27, C.OVRE: 0.375, C.KONFIDENS: 0.95, "n_svarande": 412}
    s = X.share_sentence(row, "andel som känner sig otrygga ute sent en kväll")
    assert s == (f"Andel som känner sig otrygga ute sent en kväll: 32{NB}% (95{NB}% konfidensintervall "
                 f"27–38{NB}%, n = 412).")


def test_funnel_sentence_names_outliers():
    df = pd.DataFrame({C.KOMMUNKOD: ["0380", "0319", "0331"], C.ANTAL: [2400, 30, 70],
                       C.FOLKMANGD: [240_000, 9600, 14_000]})
    res = F.funnel(df, overdispersion="ingen")
    s = X.funnel_sentence(res)
    assert "Älvkarleby" in s and "under kontrollgränsen" in s and "Spiegelhalter" not in s  # method: appendix
    assert "Spiegelhalter" in res.metod


def test_missing_values_do_not_produce_claims():
    s = X.change_sentence({"varde_1": float("nan"), "varde_2": 3.0, "forandring": T.EJ_BEDOMD,
                           "period_1": "2023", "period_2": "2024"})
    assert "kan inte bedömas" in s
