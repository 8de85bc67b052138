"""Finding the workbook's sheets and columns as a user may have left them: headers in another case or
without å/ä/ö, shortened ('Motivering' for 'Motivering (intern)'), sheets renamed or moved (recognised
by their headers). Pure functions on text; the reader and the writer's merge both use them.
"""
from __future__ import annotations

import re
import unicodedata

from . import schema as S

HEADER_SCAN_ROWS = 6  # the header row is looked for among the first rows of a sheet


def header_key(text) -> str:
    """'Åtgärd' -> 'atgard', 'När – start' -> 'nar_start', 'Vem (ansvarig verksamhet)' -> 'vem_ansvarig_verksamhet'."""
    t = unicodedata.normalize("NFKD", str(text).replace("\ufeff", "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", t.strip().lower()).strip("_")


def _known(sheet: S.Sheet) -> dict[str, str]:
    keys: dict[str, str] = {}
    for c in sheet.columns:
        keys.setdefault(header_key(c.header), c.key)
        keys.setdefault(c.key, c.key)
    return keys


def match_headers(cells, sheet: S.Sheet) -> dict[str, int]:
    """Column key -> 0-based position for the header cells of one row."""
    exact = _known(sheet)
    found: dict[str, int] = {}
    for i, h in enumerate(cells):
        k = header_key(h) if h is not None else ""
        if not k:
            continue
        key = exact.get(k)
        if key is None:  # a shortened or lengthened header, when it points to one column only
            cands = {v for hk, v in exact.items() if hk.startswith(k + "_") or k.startswith(hk + "_")}
            key = cands.pop() if len(cands) == 1 else None
        if key is not None and key not in found:
            found[key] = i
    return found


def find_header(rows, sheet: S.Sheet) -> tuple[int, dict[str, int]] | None:
    """(0-based row index, positions) of the row among the first ones that best matches the sheet's headers."""
    best = None
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        m = match_headers(row, sheet)
        if "id" in m and len(m) >= 2 and (best is None or len(m) > len(best[1])):
            best = (i, m)
    return best


def locate_sheets(names: list[str], rows_of) -> dict[str, str]:
    """Sheet key -> sheet name in the file: by name (any case, without å/ä/ö), else by its headers.

    ``rows_of(name)`` returns the first rows of a sheet as tuples of cell values.
    """
    found: dict[str, str] = {}
    by_key = {header_key(n): n for n in names}
    for s in S.SHEETS:
        name = by_key.get(header_key(s.name))
        if name is not None:
            found[s.key] = name
    reserved = {header_key(S.HELP_SHEET), header_key(S.LIST_SHEET)}
    free = [n for n in names if n not in found.values() and header_key(n) not in reserved]
    for s in S.SHEETS:
        if s.key in found:
            continue
        scored = []
        for n in free:
            hit = find_header(rows_of(n), s)
            if hit and len(hit[1]) >= max(3, len(s.columns) // 2):
                scored.append((len(hit[1]), n))
        if scored:
            found[s.key] = max(scored)[1]
            free.remove(found[s.key])
    return found
