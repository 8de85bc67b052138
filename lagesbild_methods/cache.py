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


def read_cached(path: str | Path, reader: Callable[..., Any], *, kind: str = "", **options) -> Any:
    """``reader(path, **options)``, parsed once per process for the same file content, kind and options.

    Errors are not cached: a file that fails validation raises again (with its Swedish message) on
    every call. Returns a fresh deep copy on every call.
    """
    digest = file_digest(path)
    key = (kind, f"{getattr(reader, '__module__', '')}.{getattr(reader, '__qualname__', repr(reader))}", digest,
           tuple(sorted((k, repr(v)) for k, v in options.items())))
    with _lock:
        hit = _entries.get(key)
        if hit is not None:
            _entries.move_to_end(key)
            stats["hits"] += 1
            return _copy(hit[0])
    value = reader(path, **options)
    size = _size(value)
    with _lock:
        stats["misses"] += 1
        _entries[key] = (_copy(value), size)
        total = sum(s for _v, s in _entries.values())
        while total > MAX_BYTES and len(_entries) > 1:
            _k, (_v, s) = _entries.popitem(last=False)
            total -= s
    return value


def clear() -> None:
    """Forget every entry (tests; a worker that wants to free memory)."""
    with _lock:
        _entries.clear()
        stats.update(hits=0, misses=0)
