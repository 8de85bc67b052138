"""The county's reports: the regional lägesbild and the follow-up of the kommuner's process.

Two templates on the shared steps layer, both ``niva: lan`` (one report per county; ``lagesbild kor
--mall lan --lan 01``):

* ``templates/lan_lagesbild.ipynb`` (:data:`SPEC`): every kommun of the county side by side on every shared
  indicator (:mod:`.compare`: kommunerna, tratt, kommungrupp), the county against the country, the
  lokalpolisområden and problems shared by several kommuner (:mod:`.development`), what each kommun
  prioritised (:mod:`.priorities`), trygghet per kommun (:mod:`.survey`), ANDT beside crime (:mod:`.youth`),
  medborgardialoger (:mod:`.dialogues`); overview, summary and sources (:mod:`.overview`).
* ``templates/processuppfoljning_lan.ipynb`` (:data:`PROCESS_SPEC`): the status matrix kommun x step, Brå's
  "klart när" checklist, the delrapport/slutrapport indicators with a text ready to paste (:mod:`.process`)
  and the coordinators' survey (:mod:`.survey`).

Counts of a kommun are shown under the county policy (:mod:`.policy`); free text never leaves the sources
layer (themes only). Section modules load on first use so importing the specs stays light.
"""
from __future__ import annotations

from ..lazy import lazy_getattr
from .spec import PROCESS_SPEC, SPEC

_SECTIONS = {
    "oversikt": "overview", "sammanfattning": "overview", "kallor": "overview", "processoversikt": "overview",
    "processkallor": "overview", "om_metoderna": "overview", "ordlista": "overview",
    "kommunerna": "compare", "tratt": "compare", "kommungrupp": "compare",
    "utveckling": "development", "lokalpolisomraden": "development", "gemensamma_problem": "development",
    "prioriteringar": "priorities",
    "trygghet": "survey", "samordnarenkat": "survey",
    "andt": "youth", "ANDT_MATT": "youth",
    "dialog": "dialogues",
    "statusmatris": "process", "klart_nar": "process", "rapportering": "process",
}

__getattr__ = lazy_getattr(__name__, _SECTIONS)


def load(lan: str = "03", **params):
    """The regional lägesbild's context (parameters as in :data:`SPEC`)."""
    from .loading import load as _load

    return _load(SPEC, lan=lan, **params)


def load_from(namespace: dict):
    """The regional lägesbild's context from the template's variables (``lan.load_from(globals())``)."""
    from .loading import load_from as _load_from

    return _load_from(SPEC, namespace)


def load_process(lan: str = "03", **params):
    """The process follow-up's context (parameters as in :data:`PROCESS_SPEC`)."""
    from .loading import load as _load

    return _load(PROCESS_SPEC, lan=lan, **params)


def load_process_from(namespace: dict):
    from .loading import load_from as _load_from

    return _load_from(PROCESS_SPEC, namespace)


__all__ = ["PROCESS_SPEC", "SPEC", "load", "load_from", "load_process", "load_process_from", *_SECTIONS]
