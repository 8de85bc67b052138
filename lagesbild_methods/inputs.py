"""Resolve template data parameters to absolute paths (empty string = the bundled data).

Templates take their data paths as parameters named ``*_fil``. An empty value means
"use the bundled övningsdata". Resolving here (not in the notebook's working directory)
keeps paths valid whatever papermill's ``cwd`` is.
"""
from __future__ import annotations

from pathlib import Path

from . import paths
from .errors import ParameterError

#: A ``*_fil`` parameter given as one of these leaves that input out of the report (steps.inputs says so).
LEAVE_OUT = ("ingen", "inga", "-")


def _practice(name: str):
    def default(kod: str) -> Path:
        from . import synth_national  # bundled files for Uppsala län; generated on demand elsewhere

        return synth_national.practice_path(name, kod)
    return default


# parameter name -> function(kommunkod) -> default practice-data path
DEFAULTS = {name: _practice(name) for name in ("brott_fil", "folkmangd_fil", "handelser_fil", "enkat_fil")}
DEFAULTS["arbetsbok_fil"] = lambda kod: paths.workbook_file(kod)  # practice step workbooks (Uppsala län)


def resolve(name: str, value: str | Path | None, kommunkod: str, *, generate: bool = True) -> Path:
    """Absolute path for a ``*_fil`` parameter; '' or None -> the practice data (övningsdata).

    Practice data outside Uppsala län are generated on first use (``generate=False``: only the path,
    e.g. when the runner plans a batch and the workers will generate them in parallel).
    """
    if value in (None, ""):
        if name not in DEFAULTS:
            raise ParameterError(f"Parametern '{name}' saknar värde och har ingen standardfil.")
        p = Path(DEFAULTS[name](kommunkod)).resolve()
    else:
        p = Path(str(value)).expanduser()
        if not p.is_absolute():
            p = (Path.cwd() / p)
        p = p.resolve()
    if generate and not p.exists():
        from . import synth_national

        synth_national.ensure(p)
    return p


def is_synthetic(path: Path) -> bool:
    """True if ``path`` is practice data: the bundled folder or the generated practice data."""
    try:
        Path(path).resolve().relative_to(paths.SYNTH_DIR.resolve())
        return True
    except ValueError:
        pass
    try:
        Path(path).resolve().relative_to((paths.CACHE_DIR / "ovningsdata").resolve())
        return True
    except ValueError:
        return False
