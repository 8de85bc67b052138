"""Small numbers in shareable reports: suppression for the whole publication (issue 10).

* :func:`suppress_publication` (``publication.py``): one decision for everything a set of
  shareable reports shows together (the county's kommuner, the county, every category and year),
  with the linear relations a reader can use (county = sum of its kommuner; categories <= total).
  Primary cells: counts 1-4 in sensitive categories. Secondary cells: the cheapest complementary
  cells found with an integer attacker (``attack.py``, ``scipy.optimize.milp``) until no hidden
  count can be recovered exactly and no primary cell can be narrowed below 1-4. One symbol for
  every hidden cell (:data:`DOLT`), one footnote (:data:`FOTNOT_PUBLIKATION`).
* :func:`derived_hidden`: whether a change, a trend or a pooled value rests on a hidden cell (then
  it must not be shown either).
* ``table.py``: the older table-by-table functions (:func:`suppress_table`, :func:`suppress_long`),
  kept for existing callers; they protect one table at a time only.
"""
from .attack import AttackResult, attack
from .publication import (DOLT, FOTNOT_PUBLIKATION, ORSAK, PRIMAR_ORSAK, SEKUNDAR_ORSAK, Relations,
                          derived_hidden, publication_relations, suppress_publication)
from .table import FOTNOT, PRIMAR, SEKUNDAR, suppress_long, suppress_table, unstable_flag

__all__ = ["DOLT", "FOTNOT", "FOTNOT_PUBLIKATION", "ORSAK", "PRIMAR", "PRIMAR_ORSAK", "SEKUNDAR", "SEKUNDAR_ORSAK",
           "AttackResult", "Relations", "attack", "derived_hidden", "publication_relations", "suppress_long",
           "suppress_publication", "suppress_table", "unstable_flag"]
