"""Steps: one subpackage per step of the method, composing analysis and presentation into
:class:`~lagesbild_methods.steps.report.Section` objects that a template displays with ``visa``.

The shared layer every step extends: :mod:`.spec` (one parameter spec per template), :mod:`.context` (area,
period, parameters, data, one cache, the suppression policy), :mod:`.inputs` (the one input loader),
:mod:`.disclosure` (the suppression policy), :mod:`.report` (sections and the single exit, ``visa``) and
:mod:`.common` (computations several steps share).
"""


def specs() -> dict:
    """Every template's parameter spec by template name (``steg1_lagesbild`` ...)."""
    from .step1 import SPEC as STEG1
    from .step2 import SPEC as STEG2
    from .step3 import SPEC as STEG3
    from .step4.spec import SPEC as STEG4
    from .step5.spec import SPECS as STEG5
    from .lan import PROCESS_SPEC as LAN_PROCESS, SPEC as LAN

    return {s.mall: s for s in (STEG1, STEG2, STEG3, STEG4, *STEG5, LAN, LAN_PROCESS)}


def spec_for(mall: str):
    """The spec of template ``mall`` (file stem), or None for a template without one."""
    return specs().get(mall)
