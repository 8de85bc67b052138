"""Step 5: uppföljning och utvärdering (follow-up and evaluation) in the programme's three rhythms.

Three templates, one module each (specs in :mod:`.spec`, where the choice of three templates is explained):

* :mod:`.veckobild` (``templates/steg5_veckobild.ipynb``) -- one page for the weekly or fortnightly meeting;
* :mod:`.tertial` (``templates/steg5_tertial.ipynb``) -- each indicator against baseline and target;
* :mod:`.arsuppfoljning` (``templates/steg5_arsuppfoljning.ipynb``) -- the yearly evaluation.

A template does ``from lagesbild_methods.steps.step5 import tertial as steg5`` and then
``lb = steg5.load_from(globals())`` and ``visa(steg5.<section>(lb))``. Shared pieces: :mod:`.periods` (which
week, tertial or year), :mod:`.indicators` (indicators against baseline and target), :mod:`.evaluation`
(before/after with comparison and interrupted time series per measure, and the strength of evidence) and
:mod:`.chain` (the whole chain problem -> orsak -> åtgärd -> genomfört -> indikator -> resultat, in every report).
"""
from __future__ import annotations

from .spec import AR, SPECS, TERTIAL, VECKOBILD

__all__ = ["AR", "SPECS", "TERTIAL", "VECKOBILD"]
