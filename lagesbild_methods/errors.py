"""Error types that carry where a problem is (file, row, column) and what was expected.

Every message shown to a coordinator is Swedish. The CLI catches :class:`LagesbildError`
and prints ``str(err)`` only -- never a traceback.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in an input: where it is and what is wrong, in Swedish.

    ``row`` is the 1-based row number as a user sees it in Excel or a text editor
    (header row = 1, first data row = 2) when the file has a header.
    """

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: str | None = None

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"fil {Path(self.file).name}")
        if self.row is not None:
            where.append(f"rad {self.row}")
        if self.column:
            where.append(f"kolumn '{self.column}'")
        text = self.message
        if self.value is not None:
            text += f" Hittade: '{self.value}'."
        if self.expected:
            text += f" Förväntat: {self.expected}."
        return (", ".join(where) + ": " + text) if where else text


class LagesbildError(Exception):
    """Base class for errors a user can act on. ``str()`` is a Swedish message."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        super().__init__(message)

    def __str__(self) -> str:  # message followed by each problem on its own line
        head = super().__str__()
        if not self.problems:
            return head
        lines = [head] + [f"  - {p}" for p in self.problems[:50]]
        if len(self.problems) > 50:
            lines.append(f"  ... och {len(self.problems) - 50} problem till.")
        return "\n".join(lines)


class InputDataError(LagesbildError):
    """A file or frame does not match its data contract. Nothing is loaded."""

    def __init__(self, file: str | Path | None, problems: list[Problem], summary: str | None = None):
        self.file = str(file) if file is not None else None
        name = Path(self.file).name if self.file else "indata"
        n = len(problems)
        head = summary or (
            f"Filen {name} kunde inte läsas in: {n} problem hittades. Inget har lästs in."
            if n != 1
            else f"Filen {name} kunde inte läsas in: 1 problem hittades. Inget har lästs in."
        )
        super().__init__(head, problems)


class ParameterError(LagesbildError):
    """A template or function parameter is wrong (unknown name, bad value)."""


class NetworkError(LagesbildError):
    """A network source could not be reached; the message tells how to work offline."""
