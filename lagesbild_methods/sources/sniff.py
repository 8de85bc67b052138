"""A cheap look at a file for the detectors of :mod:`.kinds`: suffix, start of the text, header, sheet names."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from .common import EXCEL_SUFFIXES, ascii_key, check_file, decode, open_workbook, sniff_separator


# --------------------------------------------------------------------------------------------
class Sniff:
    """What detection may look at: suffix, the first 64 kB as text, the header cells, sheet names.

    Properties are computed on first use, so a detector that only needs the suffix costs nothing.
    Errors a user can act on (missing/empty file, encrypted or broken workbook) are raised in Swedish.
    """

    HEAD_BYTES = 65536

    def __init__(self, path: str | Path):
        self.path = check_file(path)
        self.suffix = self.path.suffix.lower()
        self.is_excel = self.suffix in EXCEL_SUFFIXES or self.suffix == ".xls"

    @cached_property
    def text(self) -> str:
        """Decoded start of a text/JSON file ('' for Excel)."""
        if self.is_excel:
            return ""
        with open(self.path, "rb") as fh:
            data = fh.read(self.HEAD_BYTES)
        return decode(data, self.path)[0]

    @cached_property
    def json_start(self) -> str:
        """First non-blank character if the file looks like JSON ('{' or '['), else ''."""
        t = self.text.lstrip("\ufeff \t\r\n")
        return t[:1] if t[:1] in ("{", "[") and (self.suffix in (".json", "") or t[:2] in ('{"', '[{', "[\n", "[]"))\
            else ""

    @cached_property
    def lines(self) -> list[str]:
        """Non-empty, non-comment lines of a text file (at most 30)."""
        out = []
        for ln in self.text.splitlines():
            if ln.strip() and not ln.startswith("#"):
                out.append(ln)
                if len(out) >= 30:
                    break
        return out

    @cached_property
    def separator(self) -> str:
        return sniff_separator(self.lines)

    @cached_property
    def rows(self) -> list[list[str]]:
        """First rows as cells: text files split by the sniffed separator; Excel: first sheet's first rows."""
        if self.is_excel:
            return [cells for _, cells in self.sheet_head(0)]
        import csv
        try:
            return [[c.strip().strip('"').replace("\ufeff", "") for c in rec]
                    for rec in csv.reader(self.lines[:12], delimiter=self.separator)]
        except csv.Error:  # e.g. a field longer than the csv module allows: the reader explains it
            return []

    @cached_property
    def header(self) -> list[str]:
        """ASCII keys of the header: the first row with at least two filled cells ('Område' -> 'omrade')."""
        for row in self.rows[:10]:
            if sum(bool(c) for c in row) >= 2:
                return [ascii_key(c) for c in row]
        return [ascii_key(c) for c in self.rows[0]] if self.rows else []

    @cached_property
    def _workbook(self):
        return open_workbook(self.path)

    @cached_property
    def sheetnames(self) -> list[str]:
        return list(self._workbook.sheetnames) if self.is_excel else []

    def sheet_head(self, index: int, n: int = 8) -> list[tuple[int, list[str]]]:
        """First ``n`` non-empty rows of sheet ``index`` as (row number, cells)."""
        if not self.is_excel or index >= len(self.sheetnames):
            return []
        ws = self._workbook.worksheets[index]
        out = []
        for i, row in enumerate(ws.iter_rows(values_only=True, max_row=n * 3), start=1):
            cells = [("" if v is None else str(v)).strip() for v in row]
            if any(cells):
                out.append((i, cells))
                if len(out) >= n:
                    break
        return out

    @property
    def tabular(self) -> bool:
        """A table with a header of two or more columns, or a text line split by some separator."""
        if len(self.header) >= 2:
            return True
        first = self.lines[0] if self.lines else ""
        return not self.is_excel and not self.json_start and any(sep in first for sep in ";,\t|")

    def check_json(self) -> None:
        """Raise the Swedish JSON error if the whole file is not valid JSON."""
        import json

        from .filecheck import json_error
        try:
            json.loads(decode(self.path.read_bytes(), self.path)[0])
        except json.JSONDecodeError as exc:
            raise json_error(self.path, exc, "en komplett JSON-fil, som den laddades ned") from None
        except RecursionError:
            pass

    def close(self) -> None:
        if "_workbook" in self.__dict__:
            self._workbook.close()
