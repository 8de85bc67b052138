"""The course material of lagesbild (grundkurs i praktiskt brottsförebyggande arbete).

Exercise notebooks in ``notebooks/`` call :func:`kontrollera` to check an answer::

    from lagesbild_methods import kurs
    svar_1a = None  # skriv ditt svar här
    kurs.kontrollera("1a", svar_1a)

* :mod:`.data`       the fictional training municipality Kursköping (practice data, made up, in memory)
* :mod:`.fragor`     the self-check framework: questions, Swedish feedback, no answer in any message
* :mod:`.ovning1` … :mod:`.ovning7`  helpers and questions of each exercise
* :mod:`.kom_igang`  the two checks of the getting-started notebook (``kontrollera_takt``, ``kontrollera_bedomning``)
* :mod:`.utdelning`, :mod:`.cli`  running the notebooks and rendering handouts (``lagesbild kurs``)

Importing this package is light (the command line imports :mod:`.cli` for every ``lagesbild`` command);
the exercise modules, and with them pandas and statsmodels, load on the first check.
"""
from __future__ import annotations

import importlib

OVNINGAR = tuple(f"ovning{i}" for i in range(1, 8))


def alla_fragor() -> dict:
    """Every question of the course by key, after loading the exercise modules that register them."""
    from .fragor import FRAGOR

    for name in OVNINGAR:
        importlib.import_module(f"{__name__}.{name}")
    return FRAGOR


def kontrollera(nyckel: str, svar=None):
    """Check the answer to question ``nyckel`` (e.g. ``kurs.kontrollera("1a", svar_1a)``): a Swedish comment
    that explains a wrong answer without revealing the right one."""
    from .fragor import kontrollera as _check

    alla_fragor()
    return _check(nyckel, svar)


def visa(fig) -> None:
    """Show a figure in the notebook as SVG with its Swedish alt text (the house's ``figures.style.show``)."""
    from ..figures.style import show

    show(fig)


def kontrollera_takt(*args, **kwargs) -> str:
    from .kom_igang import kontrollera_takt as _f

    return _f(*args, **kwargs)


def kontrollera_bedomning(*args, **kwargs) -> str:
    from .kom_igang import kontrollera_bedomning as _f

    return _f(*args, **kwargs)


kontrollera_takt.__doc__ = "Check a participant's rate per 100 000 (see :func:`.kom_igang.kontrollera_takt`)."
kontrollera_bedomning.__doc__ = "Check a judgement of a change (see :func:`.kom_igang.kontrollera_bedomning`)."

__all__ = ["alla_fragor", "kontrollera", "kontrollera_bedomning", "kontrollera_takt", "visa"]
