"""What the course notebooks state as fact about the practice data holds for the library as it is now.

The self-checks compute every answer at check time, so an answer follows the library. The narrative around
the questions cannot: a sentence such as "the interval lies on both sides of zero" or "the time series gives
a larger reduction than the comparison" is written once. Each claim below is quoted from a notebook (or its
feedback) and tried against the library, so a change in the stats layer (issue 10: one verdict per comparison,
extra variation) that makes a sentence untrue fails here instead of misleading a course room.
"""
from __future__ import annotations

import math
from pathlib import Path

import nbformat
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import stats
from lagesbild_methods.kurs import data as D
from lagesbild_methods.kurs import ovning1, ovning2, ovning3, ovning4, ovning5, ovning6
from lagesbild_methods.stats import compare as cmp
from lagesbild_methods.stats import its
from lagesbild_methods.verdicts import Change, Comparison, Trend

SOLUTIONS = Path(__file__).resolve().parents[1] / "notebooks" / "losningar"


def _notebook_text(prefix: str) -> str:
    nb = nbformat.read(next(SOLUTIONS.glob(f"{prefix}_*.ipynb")), as_version=4)
    return " ".join(" ".join(c.source.split()) for c in nb.cells)


def _verdict_from_interval(lo_pct: float, hi_pct: float) -> Change:
    return Change.INCREASE if lo_pct > 0 else Change.DECREASE if hi_pct < 0 else Change.NO_CHANGE


def test_saker_stalld_means_the_whole_interval_on_one_side():
    """Exercises 1, 4 and 6 teach: 'En förändring kallas säkerställd bara när hela intervallet ligger på samma
    sida om noll'. Every verdict the notebooks show must agree with the interval shown beside it."""
    assert "bara när hela intervallet ligger på samma sida om noll" in _notebook_text("01")
    ch = stats.change_between_periods(ovning1._egna(), ovning1.AR1, ovning1.AR2)
    for _, r in ch[ch[C.BROTTSTYP].isin(ovning1.TYPER)].iterrows():
        assert r["forandring"] == _verdict_from_interval(r["forandring_nedre_pct"], r["forandring_ovre_pct"]), r[C.BROTTSTYP]
    facts = ovning4._facts(ovning4.skolans_handelser(D.handelser()))
    assert facts["forandring"] == _verdict_from_interval((facts["lo"] - 1) * 100, (facts["hi"] - 1) * 100)
    e = ovning6.fore_efter(D.manadsserie()).effect()
    assert e["verdikt"] == _verdict_from_interval(e["forandring_nedre_pct"], e["forandring_ovre_pct"])
    ts = ovning6.tidsserie(D.manadsserie())
    for key in (its.NIVA, its.TREND):
        x = ts.effect(key)
        assert x["verdikt"] == _verdict_from_interval((x["nedre"] - 1) * 100, (x["ovre"] - 1) * 100), key


def test_exercise_1_claims():
    text = _notebook_text("01")
    # the worked answer of 1a quotes the count and the population
    e = ovning1._egna()
    n = int(e[(e[C.BROTTSTYP] == "skadegorelse") & (e[C.AR] == 2025)][C.ANTAL].iloc[0])
    p = D.folkmangd()
    pop = int(p[(p[C.KOMMUNKOD] == D.KOD) & (p[C.AR] == 2024)][C.FOLKMANGD].iloc[0])
    assert f"{n} skadegörelsebrott 2025" in text and f"({pop // 1000} {pop % 1000:03d})" in text
    # section 3: "Intervallet räknar också med att åren kan variera mer än ren slump, när kommunens data visar
    # det" -- the change test allows for extra variation where the series shows it (here: stöldbrott)
    assert "när kommunens data visar det" in text
    ch = ovning1._change()
    assert ch.loc["stoldbrott", "overspridning"] > 0 and (ch.loc[list(ovning1.TYPER), "overspridning"] == 0).any()
    # 1b's feedback: "Intervallet för förändringen räcker från en minskning till en stor ökning"
    r = ovning1._change().loc["skadegorelse"]
    assert r["forandring_nedre_pct"] < 0 < r["forandring_pct"] and r["forandring_ovre_pct"] > 40
    # 1e: the Poisson row calls the trend säkerställd (the misconception the feedback names), the row with
    # extra variation does not, and it does allow for extra variation
    sub = e[e[C.BROTTSTYP] == "stoldbrott"]
    poisson, auto = stats.trend(sub, family="poisson").iloc[0], stats.trend(sub).iloc[0]
    assert poisson["trend"] == Trend.INCREASING and auto["trend"] == Trend.NONE
    assert auto["overspridning"] > 0 and auto["nedre_pct"] < 0 < auto["ovre_pct"]


def test_exercise_2_claims():
    text = _notebook_text("02")
    pops = ovning2.urval(D.brott(), D.folkmangd())[C.FOLKMANGD]
    assert "mellan drygt 2 000 och 160 000 invånare" in text and 2000 < pops.min() < 3000 and pops.max() <= 160_000
    tratt = ovning2._tratt()
    # "Här var den liten, så gränserna är de vanliga."
    assert "Här var den liten, så gränserna är de vanliga" in text
    assert tratt.overdispersion == "ingen" and "Ingen justering för överspridning" in tratt.metod
    # 2c: "Tabellen kallar det säkerställt lägre (95 %)" -- the label the library gives Kursköping
    k = tratt.punkter.set_index(C.KOMMUNKOD).loc[D.KOD]
    assert "*säkerställt lägre (95 %)*" in text
    assert k[cmp.SKILLNAD] == Comparison.LOWER and k[cmp.NIVA] < 0.998
    # 2b: exactly one member above the 99.8 % limit; the smallest member tops the list but is inside the funnel
    p = tratt.punkter
    assert ((p[cmp.SKILLNAD] == Comparison.HIGHER) & (p[cmp.NIVA] >= 0.998)).sum() == 1
    smallest = p.loc[p[C.NAMNARE].idxmin()]
    assert smallest[C.KOMMUNKOD] == ovning2._takter().sort_values(C.VARDE).iloc[-1][C.KOMMUNKOD]
    assert smallest[cmp.SKILLNAD] == Comparison.NO_DIFFERENCE


def test_exercise_3_claims():
    """3d: the security company reports most of what happens at Resecentrum and nothing at Norrby centrum."""
    h = D.handelser()
    res = h[h[C.PLATS] == "Resecentrum"][C.ORGANISATION].value_counts()
    assert res.idxmax() == "Bevakningsbolaget" and res.iloc[0] > res.sum() / 2
    assert "Bevakningsbolaget" not in set(h[h[C.PLATS] == "Norrby centrum"][C.ORGANISATION])
    places = ovning3._counts_per_place().sort_values(ascending=False)
    assert places.index[0] == "Resecentrum"


def test_exercise_5_claims():
    """The guide's common mistakes: 'Bara slump' promises more than the follow-up can deliver, and a
    comparison area needs a larger effect (or longer time)."""
    t = ovning5._mde_tables()
    for years in range(1, 6):
        a, b, c = (float(t[k].loc[years]) for k in ("Bara slump", "Med extra variation",
                                                     "Med extra variation och jämförelseområde"))
        assert a < b < c, years
    assert "Extra variation mellan månaderna" in " ".join(ovning5.variation(ovning5.fore_start(
        D.manadsserie("Centrum")))["Mått"])
    # the SMART goal of 5a (a third lower by 2026, with Norrby) is about what two years can detect
    assert float(t["Med extra variation och jämförelseområde"].loc[2]) == pytest.approx(1 / 3, abs=0.05)


def test_exercise_6_claims():
    text = _notebook_text("06")
    s = D.manadsserie()
    before, after = s["manad"] < D.START_INSATS, s["manad"] >= D.START_INSATS
    norrby = s[C.OMRADE] == "Norrby"
    # "Även Norrby fick färre rapporter under samma tid"
    assert s[norrby & after][C.ANTAL].mean() < s[norrby & before][C.ANTAL].mean()
    # 6d: "Tidsserien för Centrum ensam ger en större minskning än jämförelsen med Norrby"
    assert "Tidsserien för Centrum ensam ger en större minskning än jämförelsen med Norrby" in text
    level = ovning6.tidsserie(s).effect(its.NIVA)
    e = ovning6.fore_efter(s).effect()
    assert (level["varde"] - 1) * 100 < e["forandring_pct"] < 0
    # 6e option b: "mindre än före–efter-siffran säger och med ett brett intervall"
    assert -e["forandring_pct"] < ovning6._naive() and e["forandring_ovre_pct"] - e["forandring_nedre_pct"] > 30
    assert not math.isnan(ovning6._relative())
