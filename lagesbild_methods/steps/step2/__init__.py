"""Step 2: orsaksanalys (cause analysis) -- a skeleton on the shared steps layer.

It shows what a new step needs: a parameter spec (:data:`SPEC`), section functions (:mod:`.sections`) and
the narrative in ``templates/steg2_orsaksanalys.ipynb``. Loading, caching, suppression and the template's
parameters cell come from the shared layer. The content of the analysis comes with the steps issue.
"""
from __future__ import annotations

import importlib

from .spec import SPEC

_SECTIONS = {"problemet": "sections", "brottstriangeln": "sections", "BROTTSTRIANGELN": "sections"}


def __getattr__(name: str):
    if name in _SECTIONS:
        return getattr(importlib.import_module(f".{_SECTIONS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load(kommun: str, **params):
    from .. import context

    return context.load(SPEC, kommun=kommun, **params)


def load_from(namespace: dict):
    """The context from the template's parameter variables (``step2.load_from(globals())``)."""
    from .. import context

    return context.load_from(SPEC, namespace)


__all__ = ["SPEC", "load", "load_from", *_SECTIONS]
