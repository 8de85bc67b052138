"""The course material of lagesbild (grundkurs i praktiskt brottsförebyggande arbete).

Exercise notebooks in ``notebooks/`` call :func:`kontrollera` to check an answer::

    from lagesbild_methods import kurs
    svar_1a = None  # skriv ditt svar här
    kurs.kontrollera("1a", svar_1a)

* :mod:`.data`      the fictional training municipality Kursköping (practice data, made up, in memory)
* :mod:`.fragor`    the self-check framework: questions, Swedish feedback, no answer in any message
* :mod:`.ovning1` … :mod:`.ovning7`  helpers and questions of each exercise
* :mod:`.kom_igang` the two checks of the getting-started notebook (``kontrollera_takt``, ``kontrollera_bedomning``)
"""
from . import ovning1, ovning2, ovning3, ovning4, ovning5, ovning6, ovning7  # noqa: F401 - register the questions
from .fragor import FRAGOR, Aterkoppling, kontrollera
from .kom_igang import kontrollera_bedomning, kontrollera_takt


def visa(fig) -> None:
    """Show a figure in the notebook as SVG with its Swedish alt text (the house's ``figures.style.show``)."""
    from ..figures.style import show

    show(fig)

__all__ = ["FRAGOR", "Aterkoppling", "kontrollera", "kontrollera_bedomning", "kontrollera_takt", "visa"]
