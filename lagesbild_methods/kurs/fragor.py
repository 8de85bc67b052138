"""Self-check questions of the course: one object per question, Swedish feedback, no answer in any message.

A question knows how to compute its right answer with the library (``facit``: a function, called only when
an answer is checked), how to read what a participant typed (``tolka``), and one message per misconception
it can recognise. Every message is static text written for the question, so :meth:`Fraga.meddelanden`
lists all of them and the tests can scan them for the answer (nbgrader's lesson: hidden tests must not
leak into feedback).

Status of a check (:class:`Aterkoppling`): ``ratt``, ``nastan`` (a recognised slip close to the answer),
``fel`` (wrong, with the concept named), ``tomt`` (not answered yet: a kind message, never an error)
and ``ogiltigt`` (cannot be read as an answer of this kind).
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .. import fmt
from ..errors import ParameterError

RATT, NASTAN, FEL, TOMT, OGILTIGT = "ratt", "nastan", "fel", "tomt", "ogiltigt"
_PREFIX = {RATT: "Rätt!", NASTAN: "Nästan.", FEL: "Inte riktigt.", TOMT: "Inget svar än.", OGILTIGT: "Svaret går inte att läsa."}
_COLOUR = {RATT: "#1b7837", NASTAN: "#b35806", FEL: "#b35806", TOMT: "#4d4d4d", OGILTIGT: "#b35806"}


@dataclass(frozen=True)
class Aterkoppling:
    """The feedback on one answer. Shows as a short coloured note in JupyterLab and as text when printed."""

    fraga: str
    status: str
    text: str

    @property
    def ratt(self) -> bool:
        return self.status == RATT

    def __str__(self) -> str:
        return f"{_PREFIX[self.status]} {self.text}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return (f"<div role='status' style='border-left:4px solid {_COLOUR[self.status]};padding:.3rem .8rem'>"
                f"<strong>Fråga {html.escape(self.fraga)} – {html.escape(_PREFIX[self.status])}</strong> "
                f"{html.escape(self.text)}</div>")


class Ogiltigt(ValueError):
    """Raised by a reader when an answer cannot be read; the message is Swedish."""


def tomt(svar) -> bool:
    if svar is None:
        return True
    if isinstance(svar, float) and math.isnan(svar):
        return True
    if isinstance(svar, str) and not svar.strip():
        return True
    return isinstance(svar, (list, tuple, set, frozenset, dict)) and len(svar) == 0


def las_tal(svar) -> float:
    """A number typed as 974.8, 974,8, '974,8', '1 234,5' or '45 %'."""
    if isinstance(svar, bool):
        raise Ogiltigt("Skriv ett tal, inte sant eller falskt.")
    if isinstance(svar, (int, float)):
        return float(svar)
    if isinstance(svar, tuple) and len(svar) == 2 and all(isinstance(v, int) for v in svar):
        raise Ogiltigt("I Python blir 12,3 två tal. Skriv 12.3 med punkt, eller ”12,3” inom citattecken.")
    text = str(svar).strip().replace("\u2212", "-").replace("%", "").replace("\u202f", "").replace("\u00a0", "")
    text = re.sub(r"\s+", "", text).replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise Ogiltigt("Skriv ett tal, t.ex. 123.4 (punkt eller komma som decimaltecken).") from None


def normalisera(text) -> str:
    return re.sub(r"\s+", " ", str(text).strip().casefold())


@dataclass(repr=False)
class Fraga:
    """Base class: a key (``"1a"``), the variable the participant fills in, a right-answer message and a
    generic hint that names the concept. Subclasses read and judge the answer."""

    nyckel: str
    variabel: str
    ratt_text: str
    fel_text: str

    def facit(self):  # pragma: no cover - every subclass sets its own
        raise NotImplementedError

    def kontrollera(self, svar) -> Aterkoppling:
        if tomt(svar):
            return Aterkoppling(self.nyckel, TOMT, f"Skriv ditt svar i {self.variabel} och kör cellen igen. "
                                                   "Det gör inget att gissa – återkopplingen hjälper dig vidare.")
        try:
            status, text = self._bedom(svar)
        except Ogiltigt as exc:
            return Aterkoppling(self.nyckel, OGILTIGT, str(exc))
        except Exception:  # noqa: BLE001 - a traceback would show the check's code and, in verbose mode, its locals
            return Aterkoppling(self.nyckel, OGILTIGT, KAN_INTE_BEDOMA)
        return Aterkoppling(self.nyckel, status, text)

    def __repr__(self) -> str:
        """Only what the notebook already says: never the options' feedback, which would give the answer away
        by elimination, nor anything computed."""
        return f"Fråga {self.nyckel} (svaret skrivs i {self.variabel})"

    __str__ = __repr__

    def _bedom(self, svar) -> tuple[str, str]:  # pragma: no cover
        raise NotImplementedError

    def meddelanden(self) -> list[str]:
        """Every message this question can give (for the leak test)."""
        return [self.ratt_text, self.fel_text, KAN_INTE_BEDOMA, *self._egna()]

    def _egna(self) -> list[str]:
        return []

    def facit_text(self) -> str:
        """The right answer as text, for the facilitator guide only (never for a participant)."""
        return str(self.facit())


@dataclass(repr=False)
class Tal(Fraga):
    """A number. Right within ``tolerans`` (absolute) or ``relativ`` (share of the answer), and closer to the
    right answer than to any recognised misconception. ``missar``: (function computing the value a
    misconception gives, its tolerance, status, message). ``procent``: the answer is in percent; an answer
    given as a share (0.45 for 45 %) gets its own hint."""

    berakna: Callable[[], float] = None
    tolerans: float = 0.5
    relativ: float = 0.0
    missar: list = field(default_factory=list)
    procent: bool = False
    decimaler: int = 1

    def facit(self) -> float:
        return float(self.berakna())

    def _nara(self, x: float, target: float, tol: float) -> bool:
        return math.isfinite(target) and abs(x - target) <= max(tol, self.relativ * abs(target))

    def _bedom(self, svar):
        x = las_tal(svar)
        right = self.facit()
        hits = [(abs(x - fn()), status, text) for fn, tol, status, text in self.missar if self._nara(x, fn(), tol)]
        if self._nara(x, right, self.tolerans) and all(abs(x - right) <= d for d, _, _ in hits):
            return RATT, self.ratt_text
        if hits:
            _, status, text = min(hits, key=lambda h: h[0])
            return status, text
        if self.procent and 0 < abs(x) < 1 and self._nara(x * 100, right, self.tolerans):
            return NASTAN, PROCENT_TEXT
        return FEL, self.fel_text

    def _egna(self):
        return [m[3] for m in self.missar] + ([PROCENT_TEXT] if self.procent else [])

    def facit_text(self) -> str:
        return fmt.num(self.facit(), self.decimaler) + (" %" if self.procent else "")


PROCENT_TEXT = "Svaret ska anges i procent, inte som andel: 0,25 skrivs 25."
KAN_INTE_BEDOMA = ("Kontrollen kunde inte bedöma svaret. Kör alla celler ovanför frågan (i JupyterLab: Run > "
                   "Run All Above Selected Cell) och kör sedan svarscellen igen.")


@dataclass(repr=False)
class Val(Fraga):
    """One of a few options (``alternativ``: key -> text shown in the notebook). ``berakna`` returns the right
    key, decided from the library's results. ``om_fel``: key -> why that option is a misconception."""

    alternativ: dict = field(default_factory=dict)
    berakna: Callable[[], str] = None
    om_fel: dict = field(default_factory=dict)

    def facit(self) -> str:
        return self.berakna()

    def _bedom(self, svar):
        key = normalisera(svar).strip("()). ")
        if key not in self.alternativ:
            raise Ogiltigt("Svara med bokstaven för ett av alternativen: " + ", ".join(f"”{k}”" for k in self.alternativ) + ".")
        if key == self.facit():
            return RATT, self.ratt_text
        return FEL, self.om_fel.get(key, self.fel_text)

    def _egna(self):
        return list(self.om_fel.values())

    def facit_text(self) -> str:
        key = self.facit()
        return f"{key}) {self.alternativ[key]}"


@dataclass(repr=False)
class Namn(Fraga):
    """A name among allowed ones (a municipality, a weekday, a place). ``tillatna``: function returning the
    allowed names (shown in the notebook's tables, never only the right one); ``berakna`` the right name;
    ``missar``: (function returning a name that a misconception picks, message). ``ordlista=False`` when the
    allowed names are not listed in the question (municipalities in a table): then the right name must not
    appear in the exercise notebook at all."""

    tillatna: Callable[[], list] = None
    berakna: Callable[[], str] = None
    missar: list = field(default_factory=list)
    vad: str = "ett namn"
    synonymer: dict = field(default_factory=dict)
    ordlista: bool = True  # the allowed names are a short vocabulary listed in the question (ja/nej, weekdays)

    def facit(self) -> str:
        return normalisera(self.berakna())

    def _bedom(self, svar):
        key = normalisera(svar)
        key = self.synonymer.get(key, key)
        allowed = {normalisera(n) for n in self.tillatna()}
        if key not in allowed:
            raise Ogiltigt(f"Skriv {self.vad} precis som det står i tabellen ovanför frågan.")
        if key == self.facit():
            return RATT, self.ratt_text
        for fn, text in self.missar:
            if key == normalisera(fn()):
                return FEL, text
        return FEL, self.fel_text

    def _egna(self):
        return [m[1] for m in self.missar]

    def facit_text(self) -> str:
        return str(self.berakna())


@dataclass(repr=False)
class Mangd(Fraga):
    """A set of item ids (e.g. the statements that rest on data). ``berakna`` returns the right set;
    ``om_med``: item -> why it does not belong (given when the participant includes it); ``saknas``: the
    generic message when something is missing (it never says what)."""

    tillatna: Callable[[], list] = None
    berakna: Callable[[], set] = None
    om_med: dict = field(default_factory=dict)
    saknas: str = ""

    def facit(self) -> frozenset:
        return frozenset(normalisera(x) for x in self.berakna())

    def _bedom(self, svar):
        if isinstance(svar, str):
            items = [svar]
        elif isinstance(svar, (list, tuple, set, frozenset)):
            items = list(svar)
        else:
            raise Ogiltigt("Skriv svaret som en lista inom hakparenteser, med citattecken runt varje del.")
        given = {normalisera(x) for x in items}
        allowed = {normalisera(x) for x in self.tillatna()}
        bad = sorted(given - allowed)
        if bad:
            raise Ogiltigt("Skriv bara sådant som finns i listan ovanför frågan, inom hakparenteser och citattecken. "
                           "Okänt: " + ", ".join(bad) + ".")
        right = self.facit()
        if given == right:
            return RATT, self.ratt_text
        why = {normalisera(k): v for k, v in self.om_med.items()}
        extra = [why[k] for k in sorted(given - right) if k in why]
        if extra:
            return FEL, extra[0]
        if given - right:
            return FEL, self.fel_text
        return NASTAN, self.saknas

    def _egna(self):
        return [*self.om_med.values(), self.saknas]

    def facit_text(self) -> str:
        return ", ".join(sorted(str(x) for x in self.berakna()))


#: Every question of the course by key ("1a", "2c", ...); filled by the exercise modules on import.
FRAGOR: dict[str, Fraga] = {}


def registrera(*fragor: Fraga) -> None:
    for f in fragor:
        if f.nyckel in FRAGOR:
            raise ValueError(f"question {f.nyckel} registered twice")
        FRAGOR[f.nyckel] = f


def kontrollera(nyckel: str, svar: Any = None) -> Aterkoppling:
    """Check the answer to question ``nyckel`` (e.g. ``kurs.kontrollera("1a", svar_1a)``)."""
    fraga = FRAGOR.get(str(nyckel).strip().lower())
    if fraga is None:
        raise ParameterError(f"Det finns ingen fråga {nyckel!r} i kursen. Frågorna är: {', '.join(FRAGOR)}.")
    return fraga.kontrollera(svar)
