"""``read``: one entry point from a file (or many) to the validated tidy frame of a contract.

``read(path_or_paths, expect="brott", param="brott_fil", kommunkod="0331")``

* ``path_or_paths`` -- a file, a list of files, a folder (every data file in it) or a glob
  (``"data/bra_*.csv"``). Several files are combined into one series: rows that occur in two files with
  the same values count once (noted), rows that contradict each other are refused with both files named.
* ``expect`` -- the contract (``"brott"``, ``"folkmangd"``, ``"handelser"``, ``"enkat"``, ``"jamforelse"``,
  ``"ntu"``, ``"polisen"``, ``"kategorimappning"``, ``"skadevikter"``); from ``param`` when not given.
* ``param`` -- the template parameter the file was given as; messages then name it. ``cli=True``: the
  message names the command-line flag ``--typ`` instead.
* ``typ`` -- a kind or family name (``"bra-kommun"``, ``"scb"``) to skip detection.
* other keyword options go to the kind's reader (``ar``, ``kategori_mappning``, ``okand_kategori``, ``blad``, …).

The frame carries ``attrs``: ``typ`` (kind name), ``typ_namn`` (Swedish label), ``filer``,
``anteckningar`` (notes for the report) and ``varningar`` (plausibility warnings the report must show).
Every failure is a :class:`~lagesbild_methods.errors.LagesbildError` with a Swedish message; no Python
exception name or English library text reaches the user.
"""
from __future__ import annotations

import copy
import glob as globmod
from pathlib import Path

import pandas as pd

from ..errors import InputDataError, LagesbildError, ParameterError, Problem
from . import plausibility
from .kinds import CONTRACTS, DATA_SUFFIXES, PARAM_CONTRACT, Kind, Where, detect

#: contracts where a file without rows is a fact (no incidents that month), not a mistake
MAY_BE_EMPTY = ("handelser", "polisen")
_CACHE: dict[tuple, pd.DataFrame] = {}
_CACHE_MAX = 16


# --------------------------------------------------------------------------------------------
# which files
# --------------------------------------------------------------------------------------------
def _is_data_file(p: Path) -> bool:
    return (p.is_file() and p.suffix.lower() in DATA_SUFFIXES and not p.name.startswith((".", "~$"))
            and not p.name.endswith(".json.json"))


def expand(source, where: Where = Where()) -> list[Path]:
    """The files ``source`` stands for: a path, a list/tuple of paths, a folder or a glob pattern."""
    if isinstance(source, (list, tuple)):
        out: list[Path] = []
        for s in source:
            out.extend(expand(s, where))
        if not out:
            raise ParameterError(_given(where) + "är en tom lista. Ange minst en fil.")
        return _unique(out)
    if source is None or str(source).strip() == "":
        raise ParameterError(_given(where) + "saknar filnamn.")
    text = str(source)
    p = Path(text).expanduser()
    if p.is_dir():
        files = sorted(q for q in p.iterdir() if _is_data_file(q))
        if not files:
            raise ParameterError(f"Mappen {p} ({_label(where)}) innehåller inga datafiler (CSV, Excel eller JSON).")
        return files
    if any(ch in text for ch in "*?[") and not p.exists():
        files = sorted(Path(f) for f in globmod.glob(str(p)) if _is_data_file(Path(f)))
        if not files:
            raise ParameterError(f"Inga filer matchar mönstret {text} ({_label(where)}).")
        return files
    return [p]


def _unique(paths: list[Path]) -> list[Path]:
    seen, out = set(), []
    for p in paths:
        key = str(p.resolve()) if p.exists() else str(p)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _label(where: Where) -> str:
    return f"parametern {where.param}" if where.param else ("på kommandoraden" if where.cli else "angiven fil")


def _given(where: Where) -> str:
    return (f"Parametern {where.param} " if where.param else "Filangivelsen ")


# --------------------------------------------------------------------------------------------
# one file
# --------------------------------------------------------------------------------------------
def _cache_key(path: Path, kind: Kind, contract: str, opts: dict):
    try:
        st = path.stat()
        frozen = tuple(sorted((k, repr(v)) for k, v in opts.items()
                              if isinstance(v, (str, int, float, bool, tuple, type(None), Path, list))))
        if len(frozen) != len(opts):
            return None
        return (str(path.resolve()), st.st_size, st.st_mtime_ns, kind.name, contract, frozen)
    except OSError:
        return None


def _copy(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.attrs = copy.deepcopy(df.attrs)
    return out


def _relabel(err: LagesbildError, path: Path, where: Where) -> LagesbildError:
    """The same error, its first line naming the template parameter the file was given as."""
    if not where.param or not isinstance(err, InputDataError):
        return err
    head = str(err).split("\n", 1)[0]
    if f"parametern {where.param}" in head:
        return err
    name = path.name
    if name in head:
        head = head.replace(name, f"{name} (parametern {where.param})", 1)
    else:
        head = f"{head} (parametern {where.param})"
    new = InputDataError(err.file, err.problems, summary=head)
    return new


def read_one(path: Path, kind: Kind, contract: str, where: Where, opts: dict) -> pd.DataFrame:
    """Read one file of a known kind into ``contract`` (cached by path, size and modification time)."""
    key = _cache_key(path, kind, contract, opts)
    if key is not None and key in _CACHE:
        return _copy(_CACHE[key])
    reader = kind.produces[contract]
    try:
        df = reader(path, opts)
    except LagesbildError as err:
        raise _relabel(err, path, where) from None
    except RecursionError:
        raise _unexpected(path, where) from None
    except Exception as exc:  # never let English library text reach a coordinator
        raise _unexpected(path, where) from exc
    df.attrs.setdefault("anteckningar", [])
    df.attrs.setdefault("varningar", [])
    if df.empty:
        if contract not in MAY_BE_EMPTY:
            raise _relabel(InputDataError(str(path), [Problem(
                "Filen innehåller inga datarader.", str(path), None, None, None,
                "minst en rad med data under rubrikraden")]), path, where)
        df.attrs["varningar"].append(f"Filen {path.name} innehåller inga händelser.")
    try:
        plausibility.apply(df, contract, str(path))
    except LagesbildError as err:
        raise _relabel(err, path, where) from None
    df.attrs["typ"] = kind.name
    df.attrs["typ_namn"] = kind.label
    df.attrs["filer"] = [str(path)]
    if key is not None:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = df
        return _copy(df)
    return df


def _unexpected(path: Path, where: Where) -> InputDataError:
    msg = (f"Filen {where.file_ref(path)} kunde inte tolkas: innehållet följer inte formatet som filen ser ut att "
           "ha. Öppna filen och jämför med beskrivningen i docs/hamta_data.md, eller kör 'lagesbild validera' "
           "på filen. Om filen kommer direkt från källan: rapportera felet till paketets utvecklare.")
    return InputDataError(str(path), [], summary=msg)


def clear_cache() -> None:
    _CACHE.clear()


# --------------------------------------------------------------------------------------------
# the public entry point
# --------------------------------------------------------------------------------------------
def resolve_contract(expect: str | None, param: str | None) -> str | None:
    contract = expect or (PARAM_CONTRACT.get(param) if param else None)
    if contract is not None and contract not in CONTRACTS:
        raise ParameterError(f"Okänt dataformat '{contract}'. Välj ett av: " + ", ".join(CONTRACTS) + ".")
    return contract


def read(source, expect: str | None = None, *, param: str | None = None, kommunkod: str | None = None,
         typ: str | None = None, cli: bool = False, **options) -> pd.DataFrame:
    """Read ``source`` (file, list, folder or glob) into the validated tidy frame of contract ``expect``.

    See the module docstring. Raises :class:`~lagesbild_methods.errors.LagesbildError` (Swedish).
    """
    where = Where(param, cli)
    contract = resolve_contract(expect, param)
    paths = expand(source, where)
    opts = dict(options)
    if kommunkod is not None:
        opts["kommunkod"] = kommunkod
    parts: list[tuple[Path, Kind, pd.DataFrame]] = []
    for p in paths:
        try:
            kind = detect(p, contract, typ=typ, where=where)
        except LagesbildError as err:
            raise _relabel(err, p, where) from None
        c = contract or next(iter(kind.produces))
        if contract is None and len(paths) > 1:
            contract = c
        parts.append((p, kind, read_one(p, kind, c, where, opts)))
    if len(parts) == 1:
        return parts[0][2]
    from .combine import combine
    out = combine(parts, contract, where)
    # checks across files (e.g. kommuner from one file, the county from another)
    return plausibility.apply(out, contract, None, summary=(
        "Filerna " + ", ".join(p.name for p, _, _ in parts) + (f" (parametern {param})" if param else "")
        + " går inte ihop: uppgifterna är orimliga tillsammans. Inget har lästs in."))
