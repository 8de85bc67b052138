"""A change from 0 events has no percentage: the reports say so in words instead of '∞' or 'obegränsad'."""
from __future__ import annotations

import math

from lagesbild_methods.text import followup as TF
from lagesbild_methods.text import stats as X
from lagesbild_methods.verdicts import EffectEvidence

INF = math.inf


def _plain(s: str) -> None:
    assert "∞" not in s and "obegränsad" not in s and "inf" not in s, s


def test_followup_cells_and_sentences_say_from_zero():
    for s in (TF.ratio_cell(INF, 1.4, INF), TF.change_cell(INF, 1.4, INF), TF.ratio_pct(INF)):
        _plain(s)
        assert "från 0 händelser – ingen procentuell förändring" in s.lower()
    assert TF.change_cell(INF, 1.4, INF, unit="brott") == "Från 0 brott – ingen procentuell förändring"
    s = TF.effect_sentence("klotter i området Heby", INF, 2.0, INF, "increase", "övriga händelser i Heby")
    _plain(s)
    assert s.startswith("Klotter i området Heby hade inga händelser före starten")
    # an ordinary ratio is unchanged
    assert TF.change_cell(0.42, 0.28, 0.62).replace("\u202f", " ") == "−58 % (−72 % till −38 %)"
    assert TF.ratio_cell(0.42, 0.28, 0.62) == "0,42 (0,28–0,62)"


def test_citizen_text_from_zero():
    class E:
        model = {"kvot": INF}
    s = TF.citizen_result("Händelser: klotter i Heby", {"evidens": EffectEvidence.COMPARISON, "utvardering": E()})
    _plain(s)
    assert "från 0 händelser" in s


def test_change_between_years_from_zero():
    row = {"varde_1": 0.0, "varde_2": 12.0, "period_1": "2023", "period_2": "2024", "forandring": "increase",
           "forandring_nedre_pct": 50.0, "forandring_ovre_pct": INF, "brottstyp": "bostadsinbrott", "p_varde": 0.01}
    s = X.change_sentence(row)
    _plain(s)
    assert "från 0 brott – ingen procentuell förändring" in s
