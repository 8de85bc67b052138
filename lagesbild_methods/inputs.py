"""Resolve template data parameters to absolute paths (empty string = the bundled data).

Templates take their data paths as parameters named ``*_fil``. An empty value means
"use the bundled övningsdata". Resolving here (not in the notebook's working directory)
keeps paths valid whatever papermill's ``cwd`` is.
"""
from __future__ import annotations

from pathlib import Path

from . import paths
from .errors import ParameterError

# parameter name -> function(kommunkod) -> default bundled path
DEFAULTS = {
    "brott_fil": lambda kod: paths.CRIME_FILE,
    "folkmangd_fil": lambda kod: paths.POPULATION_FILE,
    "handelser_fil": lambda kod: paths.incidents_file(kod),
    "enkat_fil": lambda kod: paths.survey_file(kod),
    "arbetsbok_fil": lambda kod: paths.workbook_file(kod),
}


def resolve(name: str, value: str | Path | None, kommunkod: str) -> Path:
    """Absolute path for a ``*_fil`` parameter; '' or None -> the bundled default."""
    if value in (None, ""):
        if name not in DEFAULTS:
            raise ParameterError(f"Parametern '{name}' saknar värde och har ingen standardfil.")
        return Path(DEFAULTS[name](kommunkod)).resolve()
    p = Path(str(value)).expanduser()
    if not p.is_absolute():
        p = (Path.cwd() / p)
    return p.resolve()


def is_synthetic(path: Path) -> bool:
    """True if ``path`` lies in the bundled synthetic data folder."""
    try:
        Path(path).resolve().relative_to(paths.SYNTH_DIR.resolve())
        return True
    except ValueError:
        return False
