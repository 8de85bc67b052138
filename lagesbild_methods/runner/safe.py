"""Safe file names and atomic writes."""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

_TRANSLIT = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O", "é": "e", "É": "E"})


def slug(text: str, max_len: int = 60) -> str:
    """A file-name-safe ASCII slug: 'Älvkarleby' -> 'alvkarleby', '../x y' -> 'x-y'.

    Only ``[a-z0-9-]`` survive; path separators, dots and spaces can never reach the file system.
    """
    t = "".join(ch if ch.isalnum() else "-" for ch in str(text).translate(_TRANSLIT))
    t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode("ascii").lower()
    t = re.sub(r"[^a-z0-9]+", "-", t).strip("-")
    return (t[:max_len].strip("-")) or "namnlos"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temp file in the same folder, then ``os.replace``.

    After an interruption either the old file or the complete new one exists, never half a file.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp creates 0600; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))
