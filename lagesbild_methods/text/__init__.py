"""The text package: every Swedish sentence and verdict label a report shows (presentation layer).

Submodules:

* :mod:`.common`   -- shared wording helpers (list joining and p-values from :mod:`lagesbild_methods.fmt`,
                      signed percent, rates per 100 000, counts in words);
* :mod:`.verdicts` -- the wording of every verdict enum (:mod:`lagesbild_methods.verdicts`); the only place
                      a verdict becomes words;
* :mod:`.stats`    -- sentences for rates, changes, comparisons, trends, shares and funnels, never stronger
                      than the statistics;
* :mod:`.patterns` -- sentences that say how sure each time or place pattern is;
* :mod:`.places`   -- hot places (list, table), relative hot spots, the repeat yardstick and the
                      announcement of the cell size / bandwidth with their template parameters.

The names below are re-exported so ``from lagesbild_methods import text as T; T.change_sentence(row)`` works.
"""
from .common import (PER_100K, cap, conf_text, count_word, join_sv, members_phrase, missing, p_text, rate_number,
                     signed_pct)
from .stats import (BROTT_FRASER, SMALL_NUMBER_NOTE, change_sentence, comparison_sentence, crime_phrase,
                    funnel_sentence, rate_sentence, share_sentence, trend_sentence)
from .verdicts import (CHANGE_SHORT_SV, CHANGE_SV, COMPARISON_SHORT_SV, COMPARISON_SV, CONTROL_FLAG_SV, HOTSPOT_SV,
                       TARGET_SV, TREND_SV, as_verdict, change_label, change_short, comparison_label, comparison_short,
                       control_flag_label, hotspot_label, level_number, level_text, target_label, trend_label)

__all__ = [
    "BROTT_FRASER", "CHANGE_SHORT_SV", "CHANGE_SV", "COMPARISON_SHORT_SV", "COMPARISON_SV", "CONTROL_FLAG_SV",
    "HOTSPOT_SV", "PER_100K", "SMALL_NUMBER_NOTE", "TARGET_SV", "TREND_SV", "as_verdict", "cap", "change_label", "change_sentence",
    "change_short", "comparison_label", "comparison_sentence", "comparison_short", "conf_text", "control_flag_label",
    "count_word", "crime_phrase", "funnel_sentence", "hotspot_label", "join_sv", "level_number", "level_text",
    "members_phrase", "missing", "p_text", "rate_number", "rate_sentence", "share_sentence", "signed_pct",
    "target_label", "trend_label", "trend_sentence",
]
