"""Template discovery and parameter validation (before any kernel starts).

papermill silently ignores a misspelt parameter; we refuse it with a Swedish message
and a suggestion.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import nbformat

from .. import paths
from ..errors import ParameterError


@dataclass(frozen=True)
class Template:
    path: Path
    key: str  # file stem, e.g. "steg1_lagesbild"
    titel: str
    steg: int | None
    niva: str  # "kommun" (one report per municipality) or "lan" (one county report)
    parameters: dict  # name -> {"default": repr string, "type": inferred type name, "help": str}


def _parameters_cell(nb) -> str | None:
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            return cell.source
    return None


@lru_cache(maxsize=64)
def _load(path_str: str, mtime: float) -> Template:
    import papermill

    path = Path(path_str)
    nb = nbformat.read(path, as_version=4)
    if _parameters_cell(nb) is None:
        raise ParameterError(f"Mallen {path.name} saknar en cell taggad 'parameters'.")
    meta = nb.metadata.get("lagesbild", {})
    params = papermill.inspect_notebook(str(path))
    return Template(path=path, key=path.stem, titel=meta.get("titel", path.stem),
                    steg=meta.get("steg"), niva=meta.get("niva", "kommun"),
                    parameters={k: {"default": v.get("default"), "type": _infer_type(v),
                                    "help": v.get("help", "")} for k, v in params.items()})


def _infer_type(spec: dict) -> str | None:
    """Type name from papermill's hint, else from the literal default value."""
    import ast

    hinted = spec.get("inferred_type_name")
    if hinted and hinted != "None":
        return hinted
    try:
        value = ast.literal_eval(str(spec.get("default")))
    except (ValueError, SyntaxError):
        return None
    return {bool: "bool", int: "int", float: "float", str: "str", list: "list", tuple: "list",
            dict: "dict"}.get(type(value))


def load_template(path: Path) -> Template:
    path = Path(path).resolve()
    if not path.is_file():
        raise ParameterError(f"Mallen finns inte: {path}")
    return _load(str(path), path.stat().st_mtime)


def discover(folder: Path = paths.TEMPLATES_DIR) -> list[Template]:
    """All templates in ``folder`` (notebooks with a ``parameters`` cell), ordered by step."""
    out = [load_template(p) for p in sorted(Path(folder).glob("*.ipynb"))]
    return sorted(out, key=lambda t: (t.steg if t.steg is not None else 99, t.key))


def find(name: str, folder: Path = paths.TEMPLATES_DIR) -> Template:
    """Find a template by key ('steg1_lagesbild'), prefix ('steg1') or path."""
    p = Path(name)
    if p.suffix == ".ipynb" and p.exists():
        return load_template(p)
    templates = discover(folder)
    hits = [t for t in templates if t.key == name] or [t for t in templates if t.key.startswith(name)]
    if len(hits) == 1:
        return hits[0]
    names = ", ".join(t.key for t in templates)
    if not hits:
        raise ParameterError(f"Hittar ingen mall som heter '{name}'. Tillgängliga mallar: {names}.")
    raise ParameterError(f"'{name}' passar flera mallar ({', '.join(t.key for t in hits)}); ange hela namnet.")


_TYPES = {"int": (int,), "float": (int, float), "str": (str,), "bool": (bool,), "list": (list, tuple),
          "dict": (dict,)}


def spec_of(template: Template):
    """The template's parameter spec (:mod:`lagesbild_methods.steps.spec`), or None for a template without one."""
    from ..steps import spec_for

    return spec_for(template.key)


def validate_parameters(template: Template, given: dict) -> dict:
    """Check ``given`` before any kernel starts.

    With a spec (every shipped template): names, types, allowed values and the area are checked by
    :meth:`Spec.validate`, all problems in one Swedish message listing the allowed values. Without one
    (a test fixture, a user's own notebook): names and simple types against the ``parameters`` cell.
    Returns a clean dict. Raises :class:`ParameterError` in Swedish.
    """
    spec = spec_of(template)
    if spec is not None:
        return spec.validate(given, fill=False)
    problems = []
    clean = {}
    for name, value in given.items():
        if name not in template.parameters:
            close = difflib.get_close_matches(name, list(template.parameters), n=1)
            hint = f" Menade du '{close[0]}'?" if close else ""
            problems.append(f"Okänd parameter '{name}' för mallen {template.key}.{hint}")
            continue
        expected = template.parameters[name]["type"]
        ok_types = _TYPES.get(expected or "", None)
        if ok_types and value is not None and not isinstance(value, ok_types):
            if expected == "float" and isinstance(value, bool):
                pass
            else:
                problems.append(f"Parametern '{name}' ska vara av typen {_sv_type(expected)}, fick {value!r}.")
                continue
        if expected == "int" and isinstance(value, bool):
            problems.append(f"Parametern '{name}' ska vara ett heltal, fick {value!r}.")
            continue
        clean[name] = value
    if problems:
        known = ", ".join(template.parameters)
        raise ParameterError("Fel i parametrarna: " + " ".join(problems) + f" Mallens parametrar: {known}.")
    return clean


def _sv_type(t: str | None) -> str:
    return {"int": "heltal", "float": "tal", "str": "text", "bool": "sant/falskt (True/False)",
            "list": "lista", "dict": "uppslagslista"}.get(t or "", str(t))


def parse_cli_value(text: str):
    """Parse a ``-p namn=värde`` value from the command line: int, float, True/False, list or text."""
    import ast

    low = text.strip()
    if low.lower() in {"true", "sant", "ja"}:
        return True
    if low.lower() in {"false", "falskt", "nej"}:
        return False
    try:
        val = ast.literal_eval(low)
        if isinstance(val, (int, float, list, tuple, dict)):
            return list(val) if isinstance(val, tuple) else val
    except (ValueError, SyntaxError):
        pass
    return text
