"""Step 2: orsaksanalys (cause analysis) -- a skeleton on the shared steps layer.

It shows what a new step needs: a parameter spec (:data:`SPEC`), section functions (:mod:`.sections`) and
the narrative in ``templates/steg2_orsaksanalys.ipynb``. Loading, caching, suppression and the template's
parameters cell come from the shared layer. The content of the analysis comes with the steps issue.
"""
from __future__ import annotations

from .. import context as _context
from ..context import Context
from .sections import BROTTSTRIANGELN, brottstriangeln, problemet
from .spec import SPEC


def load(kommun: str, **params) -> Context:
    return _context.load(SPEC, kommun=kommun, **params)


def load_from(namespace: dict) -> Context:
    """The context from the template's parameter variables (``step2.load_from(globals())``)."""
    return _context.load_from(SPEC, namespace)


__all__ = ["BROTTSTRIANGELN", "SPEC", "Context", "brottstriangeln", "load", "load_from", "problemet"]
