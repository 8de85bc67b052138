"""Verdicts are values: ASCII codes from the analysis layer, Swedish wording only in the text package."""
import importlib
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import text as X
from lagesbild_methods import verdicts as V
from lagesbild_methods import text as PT

PKG = Path(__file__).resolve().parents[1] / "lagesbild_methods"
T = importlib.import_module("lagesbild_methods.stats.trend")
K = importlib.import_module("lagesbild_methods.stats.compare")


@pytest.mark.parametrize("kind", V.ALL)
def test_codes_are_ascii_and_round_trip(kind):
    for m in kind:
        assert re.fullmatch(r"[a-z_]+", m.value)
        assert kind(m.value) is m and m == m.value
        assert kind(str(pd.Series([m]).astype(str).iloc[0])) is m  # survives a CSV round trip


def test_every_verdict_has_swedish_wording():
    for m in V.Change:
        assert X.change_label(m) and X.change_short(m) and X.change_label(m.value) == X.change_label(m)
    for m in V.Trend:
        assert X.trend_label(m)
    for m in V.Comparison:
        assert X.comparison_label(m) and X.comparison_short(m)
    for m in V.ControlFlag:
        assert PT.control_flag_label(m)
    for m in V.Target:
        assert X.target_label(m) and X.target_label(m.value) == X.target_label(m)
    assert PT.hotspot_label(V.HotSpot.HOT) == "het punkt" and PT.hotspot_label("cold") == "kall punkt"
    assert X.comparison_label("higher", 0.998) == "Säkerställt högre (99,8 %)"
    assert X.comparison_label(V.Comparison.LOWER, 0.95) == "Säkerställt lägre (95 %)"
    assert X.comparison_short("higher", 0.95) == "högre" and X.comparison_short("lower", 0.998) == "lägre (99,8 %)"
    assert X.trend_label(float("nan")) == "–"


def test_statistics_return_members_not_words():
    df = pd.DataFrame({C.KOMMUNKOD: "0331", C.BROTTSTYP: "x", C.AR: [2023, 2024], C.ANTAL: [100, 160],
                       C.FOLKMANGD: [1e5, 1e5]})
    ch = T.change_between_periods(df, 2023, 2024).iloc[0]
    assert ch[T.FORANDRING] is V.Change.INCREASE
    out = K.compare_with_benchmark(pd.DataFrame({C.ANTAL: [40, 20], C.FOLKMANGD: [10_000] * 2}), 200.0)
    assert out[K.SKILLNAD].tolist() == [V.Comparison.HIGHER, V.Comparison.NO_DIFFERENCE]
    assert out[K.NIVA].iloc[0] == 0.998 and np.isnan(out[K.NIVA].iloc[1])
    # the old constant names still name the verdicts
    assert T.OKNING is V.Change.INCREASE and K.HOGRE_95 is K.HOGRE_998 is V.Comparison.HIGHER


_WORDS = ["Säkerställd ökning", "Säkerställd minskning", "Säkerställt högre", "Säkerställt lägre",
          "Säkerställt ökande", "Säkerställt minskande", "Ingen säkerställd", "högre än väntat",
          "lägre än väntat", '"het punkt"', '"kall punkt"']


def test_verdict_wording_lives_only_in_the_text_package():
    allowed = set((PKG / "text").glob("*.py"))
    offenders = []
    for path in PKG.rglob("*.py"):
        if path in allowed:
            continue
        code = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PKG)}: {w}" for w in _WORDS if w in code]
    assert offenders == []
