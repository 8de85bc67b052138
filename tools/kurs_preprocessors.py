"""Tiny notebook preprocessors for the course (in the style of nbgrader's): each does one thing.

The solution notebooks in ``notebooks/losningar/`` are the source. An exercise is the solution with the
answers removed::

    exercise = apply(solution, [ClearOutputs(), RemoveTagged({"losning", "handledare"}), StripSolutions(),
                                CleanMetadata("ovning")])

* :class:`StripSolutions` replaces each region between ``### LÖSNING`` and ``### SLUT`` in a code cell with
  one line per answer variable assigned there: ``svar_1a = None  # skriv ditt svar här``.
* :class:`RemoveTagged` drops cells with a tag: ``losning`` (the worked answer, solutions only) and
  ``handledare`` (notes for the trainer: timing, discussion questions, common mistakes; they go to the
  facilitator guide).
* :class:`ClearOutputs` and :class:`CleanMetadata` make the files stable, so regenerating changes nothing.
"""
from __future__ import annotations

import ast
import copy
import re

import nbformat

BEGIN, END = "### LÖSNING", "### SLUT"
PLACEHOLDER = "None  # skriv ditt svar här"
_REGION = re.compile(rf"^[ \t]*{re.escape(BEGIN)}[ \t]*\n(?P<body>.*?)^[ \t]*{re.escape(END)}[ \t]*(?:\n|$)",
                     re.M | re.S)


class Preprocessor:
    """A callable that takes a notebook and returns a new one (the input is never changed)."""

    def __call__(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        nb = copy.deepcopy(nb)
        nb.cells = [c for c in (self.cell(c) for c in nb.cells) if c is not None]
        return nb

    def cell(self, cell):
        return cell


class ClearOutputs(Preprocessor):
    def cell(self, cell):
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        return cell


class RemoveTagged(Preprocessor):
    def __init__(self, tags):
        self.tags = set(tags)

    def cell(self, cell):
        return None if self.tags & set(cell.get("metadata", {}).get("tags", [])) else cell


def answer_names(code: str) -> list[str]:
    """The names a solution region assigns at top level (``svar_1a = ...``), in order."""
    names = []
    for node in ast.parse(code).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AnnAssign, ast.AugAssign)) else []
        for t in targets:
            if isinstance(t, ast.Name) and t.id not in names:
                names.append(t.id)
    return names


class StripSolutions(Preprocessor):
    """Replace every solution region with ``<name> = None  # skriv ditt svar här`` per assigned name."""

    def cell(self, cell):
        if cell.cell_type != "code" or (BEGIN not in cell.source and END not in cell.source):
            return cell

        def repl(m):
            names = answer_names(m.group("body"))
            if not names:
                raise ValueError(f"solution region without an answer variable:\n{m.group(0)}")
            return "".join(f"{n} = {PLACEHOLDER}\n" for n in names)

        cell.source = _REGION.sub(repl, cell.source)
        if BEGIN in cell.source or END in cell.source:
            raise ValueError(f"unbalanced solution markers in cell:\n{cell.source}")
        return cell


class KeepSolutions(Preprocessor):
    """Check that every solution region is well formed (the solution keeps it as it is)."""

    def cell(self, cell):
        if cell.cell_type == "code" and (BEGIN in cell.source or END in cell.source):
            StripSolutions().cell(copy.deepcopy(cell))
        return cell


class CleanMetadata(Preprocessor):
    """Notebook metadata: kernelspec, language and the course block (with ``version``); cell metadata:
    tags only. Cell ids are kept (the source notebook's)."""

    def __init__(self, version: str):
        self.version = version

    def __call__(self, nb):
        nb = super().__call__(nb)
        kurs = dict(nb.metadata.get("kurs", {}))
        kurs["version"] = self.version
        nb.metadata = nbformat.NotebookNode({
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"}, "kurs": kurs})
        nb.nbformat, nb.nbformat_minor = 4, 5
        return nb

    def cell(self, cell):
        tags = cell.get("metadata", {}).get("tags", [])
        cell.metadata = nbformat.NotebookNode({"tags": list(tags)} if tags else {})
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
        cell.pop("attachments", None) if not cell.get("attachments") else None
        return cell


def apply(nb, steps):
    for step in steps:
        nb = step(nb)
    return nb


def to_exercise(solution):
    return apply(solution, [ClearOutputs(), RemoveTagged({"losning", "handledare"}), StripSolutions(),
                            CleanMetadata("ovning")])


def to_solution(solution):
    return apply(solution, [ClearOutputs(), KeepSolutions(), CleanMetadata("losning")])
