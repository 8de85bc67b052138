"""Templates and their specs stay in step: the committed notebook is the source of the narrative, the spec
the source of the parameters.

A coordinator (or developer) edits a template in JupyterLab and commits it; nothing regenerates the
narrative, so no edit is lost. What the spec owns is written into the notebook by :func:`sync_notebook`
(``tools/build_templates.py``): the cell tagged ``parameters``, the ``lagesbild`` metadata (title, step,
level), and no outputs or execution counts. A test runs :func:`check` so a committed notebook that differs
from its spec (or a README parameter table that differs) fails. :func:`new_notebook_for` writes the
skeleton of a new step's template from its spec: title, parameters, one load cell and one cell per section.
"""
from __future__ import annotations

import copy
import re
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from .. import paths

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
          "language_info": {"name": "python"}}
README = paths.REPO_DIR / "README.md"
_README_BLOCK = re.compile(r"(<!-- parametrar: (?P<mall>[\w-]+)[^>]*-->\n)(?P<body>(?:(?!<!-- ).)*?)\n?(<!-- /parametrar -->)",
                           re.S)


def specs() -> dict:
    from ..steps import specs as _specs

    return _specs()


def template_path(spec, folder: Path = paths.TEMPLATES_DIR) -> Path:
    return Path(folder) / f"{spec.mall}.ipynb"


def _strip(cell) -> None:
    if cell.cell_type == "code":
        cell.outputs = []
        cell.execution_count = None
    cell.metadata.pop("execution", None)


def sync_notebook(nb, spec):
    """A copy of ``nb`` with the spec's parameters cell and metadata, and without outputs."""
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"{spec.mall}: expected exactly one cell tagged 'parameters', found {len(cells)}")
    cells[0].source = spec.parameters_cell()
    for cell in nb.cells:
        _strip(cell)
    nb.metadata.update(KERNEL)
    nb.metadata["lagesbild"] = spec.metadata
    return nb


def new_notebook_for(spec, module: str):
    """Skeleton template for a new step: title, how-to, parameters, load, one heading + call per section."""
    cells = [new_markdown_cell(f"# {spec.titel}"),
             new_markdown_cell("**Så använder du mallen:** ändra värdena i cellen nedan och kör alla celler. "
                               "Tomma filvärden betyder att de medföljande övningsdata används."),
             new_code_cell(spec.parameters_cell(), metadata={"tags": ["parameters"]}),
             new_code_cell(f"from lagesbild_methods.steps import {module}\n"
                           "from lagesbild_methods.steps.report import visa\n\n"
                           f"lb = {module}.load_from(globals())")]
    for name in spec.sections:
        cells += [new_markdown_cell(f"## {name.replace('_', ' ').capitalize()}"),
                  new_code_cell(f"visa({module}.{name}(lb))")]
    nb = new_notebook(cells=cells, metadata={**KERNEL, "lagesbild": spec.metadata})
    for i, c in enumerate(nb.cells):
        c["id"] = f"{spec.mall[:12]}-{i:02d}"
    return nb


def readme_with_tables(text: str, all_specs: dict) -> str:
    """The README text with every marked parameter table replaced by its spec's table."""
    def repl(m):
        spec = all_specs.get(m.group("mall"))
        return m.group(1) + (spec.readme_table() if spec else m.group("body")) + "\n" + m.group(4)
    return _README_BLOCK.sub(repl, text)


def _same(a, b) -> bool:
    return nbformat.writes(a) == nbformat.writes(b)


def check(folder: Path = paths.TEMPLATES_DIR, readme: Path = README) -> list[str]:
    """Differences between committed templates/README and their specs (empty when all agree)."""
    problems = []
    for spec in specs().values():
        path = template_path(spec, folder)
        if not path.is_file():
            problems.append(f"{path.name}: saknas (kör tools/build_templates.py)")
            continue
        nb = nbformat.read(path, as_version=4)
        if not _same(nb, sync_notebook(nb, spec)):
            problems.append(f"{path.name}: parametercellen, metadata eller utdata skiljer sig från mallens spec")
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        if readme_with_tables(text, specs()) != text:
            problems.append(f"{readme.name}: parametertabellen skiljer sig från mallens spec")
    return problems


def write_all(folder: Path = paths.TEMPLATES_DIR, readme: Path = README, modules: dict | None = None) -> list[Path]:
    """Bring every template (and the README tables) in line with its spec; create missing skeletons."""
    written = []
    modules = modules or {}
    for spec in specs().values():
        path = template_path(spec, folder)
        if path.is_file():
            nb = nbformat.read(path, as_version=4)
            new = sync_notebook(nb, spec)
            if _same(nb, new):
                continue
        else:
            new = new_notebook_for(spec, modules.get(spec.mall, f"step{spec.steg}"))
        nbformat.validate(new)
        nbformat.write(new, path)
        written.append(path)
    if readme.is_file():
        text = readme.read_text(encoding="utf-8")
        new_text = readme_with_tables(text, specs())
        if new_text != text:
            readme.write_text(new_text, encoding="utf-8")
            written.append(readme)
    return written
