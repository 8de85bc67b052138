"""Shared inputs read once per process, keyed by file content.

A batch worker (a warm kernel, a pool process, a Dask worker) makes one report after another. The
county and national tables, the population file and the registry are the same for every report; the
municipality's own files (incidents, survey) are not. :func:`read_cached` parses a file once per
process and hands out copies afterwards:

* **keyed by content**: the key is a BLAKE2 digest of the file's bytes (plus the reader, its options
  and the kind of input), not its path or modification time, so a file replaced in place -- even with
  the same size and time stamp -- is read again, and the same bytes under another path are read once;
* **no leaks**: every caller gets its own deep copy (values and ``attrs``), so one report changing
  its frame cannot change what the next report sees; options that select rows (such as a
  municipality code) are part of the key;
* **bounded**: least recently used entries are dropped beyond ``MAX_BYTES`` of frames.

Hashing costs about 1 ms per MB; parsing and validating the same file costs 100-1 000 times more.

:func:`memoized` does the same for *computations* that are identical for many reports of a batch, such
as the publication-wide suppression decision (the same for every shareable report of a county) and the
extra-variation estimate (the same for every kommun of a county and kommungrupp). The key is the content
of the arguments (every frame hashed with its index, columns, dtypes and ``attrs``), never a
municipality's name alone, so two reports get the same result only when they hand in the same numbers.
Within a batch the workers also share these results through a folder the runner creates for the batch
and names in ``LAGESBILD_DELAD_CACHE`` (one pickle per key, written atomically, never created by a
worker; a worker that cannot read it just computes), so a county's decision is made once per batch.

Ground layer: imports nothing from the package.
"""
from __future__ import annotations

import copy
import hashlib
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable

MAX_BYTES = 512 * 1024 * 1024
SHARED_ENV = "LAGESBILD_DELAD_CACHE"  # folder of results shared by the workers of one batch (set by the runner)

_entries: "OrderedDict[tuple, tuple[Any, int]]" = OrderedDict()
_lock = threading.Lock()
stats = {"hits": 0, "misses": 0}


def file_digest(path: str | Path) -> str:
    """BLAKE2b digest of the file's bytes (hex)."""
    h = hashlib.blake2b(digest_size=20)
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _size(value) -> int:
    try:
        return int(value.memory_usage(deep=True).sum())
    except AttributeError:
        return 0


def _copy(value):
    if hasattr(value, "copy") and hasattr(value, "attrs"):  # DataFrame / Series
        out = value.copy(deep=True)
        out.attrs = copy.deepcopy(value.attrs)
        return out
    return copy.deepcopy(value)


def _lookup(key):
    """The stored entry for ``key`` (counted as a hit and made most recent), or None."""
    with _lock:
        hit = _entries.get(key)
        if hit is not None:
            _entries.move_to_end(key)
            stats["hits"] += 1
        return hit


def read_cached(path: str | Path, reader: Callable[..., Any], *, kind: str = "", **options) -> Any:
    """``reader(path, **options)``, parsed once per process for the same file content, kind and options.

    Errors are not cached: a file that fails validation raises again (with its Swedish message) on
    every call. Returns a fresh deep copy on every call.
    """
    digest = file_digest(path)
    key = (kind, f"{getattr(reader, '__module__', '')}.{getattr(reader, '__qualname__', repr(reader))}", digest,
           tuple(sorted((k, repr(v)) for k, v in options.items())))
    hit = _lookup(key)
    if hit is not None:
        return _copy(hit[0])
    value = reader(path, **options)
    with _lock:
        stats["misses"] += 1
    _store(key, value)
    return value


def _store(key, value) -> None:
    size = _size(value)
    with _lock:
        _entries[key] = (_copy(value), size)
        total = sum(s for _v, s in _entries.values())
        while total > MAX_BYTES and len(_entries) > 1:
            _k, (_v, s) = _entries.popitem(last=False)
            total -= s


class _Unkeyable(Exception):
    """An argument whose content cannot be put into a key (a callable, an object): do not memoize."""


def _feed(h, value) -> None:
    """Feed ``value``'s content into the hash ``h`` (type-tagged, so 1, 1.0, '1' and True differ)."""
    import numpy as np
    import pandas as pd

    if value is None or isinstance(value, (bool, int, float, str, bytes)):
        h.update(f"{type(value).__name__}:{value!r};".encode())
    elif isinstance(value, (pd.DataFrame, pd.Series)):
        h.update(f"{type(value).__name__}{value.shape}".encode())
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        h.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
        h.update(repr(list(frame.index.names)).encode())
        h.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        _feed(h, dict(value.attrs))
    elif isinstance(value, np.ndarray):
        h.update(f"nd{value.dtype}{value.shape}".encode())
        h.update(np.ascontiguousarray(value).tobytes() if value.dtype != object else repr(value.tolist()).encode())
    elif isinstance(value, (list, tuple)):
        h.update(f"{type(value).__name__}{len(value)}[".encode())
        for v in value:
            _feed(h, v)
        h.update(b"]")
    elif isinstance(value, (set, frozenset)):
        h.update(f"set{len(value)}[".encode())
        for r in sorted(repr(v) for v in value):
            h.update(r.encode() + b",")
        h.update(b"]")
    elif isinstance(value, dict):
        h.update(f"dict{len(value)}{{".encode())
        for k in sorted(value, key=repr):
            _feed(h, k)
            _feed(h, value[k])
        h.update(b"}")
    elif isinstance(value, (np.integer, np.floating, np.bool_)):
        _feed(h, value.item())
    else:
        raise _Unkeyable(type(value).__name__)


def content_key(*args, **kwargs) -> str:
    """A digest of the content of ``args`` and ``kwargs`` (frames, arrays, numbers, strings, containers).

    Raises ``_Unkeyable`` for anything else (callables, arbitrary objects)."""
    h = hashlib.blake2b(digest_size=20)
    _feed(h, list(args))
    _feed(h, dict(kwargs))
    return h.hexdigest()


def _shared_path(key: tuple) -> Path | None:
    import os

    folder = os.environ.get(SHARED_ENV)
    if not folder or not os.path.isdir(folder):
        return None
    h = hashlib.blake2b(repr(key).encode(), digest_size=20).hexdigest()
    return Path(folder) / f"{key[1]}-{h}.pkl"


def _shared_get(key: tuple):
    import pickle

    path = _shared_path(key)
    if path is None or not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001 - unreadable: compute instead
        return None


def _shared_put(key: tuple, value) -> None:
    import os
    import pickle
    import tempfile

    path = _shared_path(key)
    if path is None or path.exists():
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass


def memoized(kind: str):
    """Decorator: compute ``fn(*args, **kwargs)`` once per process (and, in a batch, once per batch:
    see ``SHARED_ENV``) for the same argument *content*.

    Every caller gets its own deep copy of the result; errors are not cached; a call with an argument
    whose content cannot be keyed (a callable, an object) is simply computed. ``wrapper.uncached`` is
    the plain function (benchmarks, tests)."""
    import functools

    def deco(fn):
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            try:
                key = ("memo", kind, name, content_key(*args, **kwargs))
            except _Unkeyable:
                return fn(*args, **kwargs)
            hit = _lookup(key)
            if hit is not None:
                return _copy(hit[0])
            value = _shared_get(key)
            if value is not None:  # another worker of this batch computed it
                with _lock:
                    stats["shared"] = stats.get("shared", 0) + 1
                _store(key, value)
                return value
            value = fn(*args, **kwargs)
            with _lock:
                stats["misses"] += 1
            _store(key, value)
            _shared_put(key, value)
            return value

        wrapper.uncached = fn
        return wrapper

    return deco


def clear() -> None:
    """Forget every entry (tests; a worker that wants to free memory)."""
    with _lock:
        _entries.clear()
        stats.clear()
        stats.update(hits=0, misses=0)
