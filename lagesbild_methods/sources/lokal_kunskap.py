"""Local knowledge (lokal kunskap) written by the municipality: a Markdown or text file per
municipality whose sections appear in the report under their own heading.

Brå's guidance says a lägesbild must be complemented with what statistics cannot show:
dialogues with residents, trygghetsvandringar, the police's and the social services' knowledge.
The coordinator writes it in a plain file, e.g. ``lokal_kunskap_0331.md``::

    ## Trygghetsvandring i centrum (maj 2025)
    Deltagarna pekade ut gångtunneln vid stationen som otrygg efter mörkrets inbrott ...

    ## Medborgardialog med unga
    ...

This module only reads and checks the file (UTF-8 or Windows-1252, at most ``MAX_BYTES``; no
personal identity numbers or phone numbers, which must never reach a report) and returns the
sections as plain text. It never interprets HTML or runs anything; rendering (escaped) is done by
:mod:`lagesbild_methods.steps.lokal`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputDataError, Problem
from .common import decode

MAX_BYTES = 200_000
SUFFIXES = (".md", ".txt", ".markdown")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+ ]?\d{4}(?!\d)")
_PHONE = re.compile(r"(?<!\d)(?:\+46|0)\s?7\d[\s-]?\d{3}[\s-]?\d{2}[\s-]?\d{2}(?!\d)")


@dataclass(frozen=True)
class LocalSection:
    """One section of the file: its heading (empty for text before the first heading), its
    Markdown heading level (1-6; 0 for that text) and its body as written (not yet escaped)."""

    rubrik: str
    niva: int
    text: str


def find(kommunkod: str, folder: str | Path) -> Path | None:
    """The local-knowledge file for a municipality in ``folder``: ``lokal_kunskap_<kod>.md`` (or
    ``.txt``), else ``<kod>_lokal_kunskap.md``; None if there is none."""
    folder = Path(folder)
    for stem in (f"lokal_kunskap_{kommunkod}", f"{kommunkod}_lokal_kunskap"):
        for suffix in SUFFIXES:
            p = folder / f"{stem}{suffix}"
            if p.is_file():
                return p
    return None


def read(path: str | Path) -> list[LocalSection]:
    """Read and check a local-knowledge file; raise :class:`InputDataError` (Swedish, with the line)
    when it cannot be used."""
    p = Path(path)
    if not p.is_file():
        raise InputDataError(p, [Problem("Filen med lokal kunskap finns inte.", file=str(p),
                                         expected="en Markdown- eller textfil, t.ex. lokal_kunskap_0331.md")])
    if p.suffix.lower() not in SUFFIXES:
        raise InputDataError(p, [Problem("Lokal kunskap ska vara en textfil.", file=str(p), value=p.suffix,
                                         expected="en fil som slutar på .md eller .txt (skriv texten i "
                                                  "Anteckningar, VS Code eller spara från Word som oformaterad text)")])
    data = p.read_bytes()
    if len(data) > MAX_BYTES:
        raise InputDataError(p, [Problem("Filen är för stor för ett avsnitt i rapporten.", file=str(p),
                                         value=f"{len(data)} byte", expected=f"högst {MAX_BYTES} byte text")])
    text, _enc = decode(data, p)
    problems = []
    for i, line in enumerate(text.splitlines(), start=1):
        if _PERSONNUMMER.search(line):
            problems.append(Problem("Raden ser ut att innehålla ett personnummer. Personuppgifter får inte "
                                    "stå i en lägesbild.", file=str(p), row=i,
                                    expected="texten utan personnummer (beskriv grupper och platser, inte personer)"))
        elif _PHONE.search(line):
            problems.append(Problem("Raden ser ut att innehålla ett telefonnummer. Personuppgifter får inte "
                                    "stå i en lägesbild.", file=str(p), row=i, expected="texten utan telefonnummer"))
    if problems:
        raise InputDataError(p, problems)
    return parse(text)


def parse(text: str) -> list[LocalSection]:
    """Split Markdown text into sections at its headings (ATX style, ``#`` to ``######``).

    Empty sections (a heading without text and without subsections) are kept: the heading alone
    says that something is planned. Lines inside fenced code blocks are never headings.
    """
    sections: list[LocalSection] = []
    rubrik, niva, body = "", 0, []
    fenced = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        m = None if fenced else _HEADING.match(line)
        if m:
            if rubrik or "".join(body).strip():
                sections.append(LocalSection(rubrik, niva, "\n".join(body).strip("\n")))
            rubrik, niva, body = m.group(2).strip(), len(m.group(1)), []
        else:
            body.append(line)
    if rubrik or "".join(body).strip():
        sections.append(LocalSection(rubrik, niva, "\n".join(body).strip("\n")))
    return sections
