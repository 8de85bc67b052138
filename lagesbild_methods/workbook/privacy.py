"""The shareable view of a step workbook: what a report marked ``delbar`` may show.

Free text (every column of kind ``private``: descriptions, what was done, contact persons, internal
comments) never reaches it. What does: ids, list values (categories, statuses, techniques), links,
numbers (hours, costs, baselines, targets), dates and counts -- and short text only from columns the
schema declares publishable (``kind == "text"``), cut to :data:`schema.SHORT_TEXT_MAX` characters and
scrubbed of personnummer (and samordningsnummer), phone numbers and e-mail addresses.
"""
from __future__ import annotations

import re

import pandas as pd

from . import schema as S

# 10 or 12 digits with an optional separator before the last four: 19121212-1212, 121212-1212,
# 191212121212, 121212+1212 (over 100 years), samordningsnummer (day + 60) included.
_PNR = re.compile(r"(?<![\d-])(?:\d{2})?\d{6}\s?[-+]?\s?\d{4}(?![\d])")
# Swedish phone numbers: 070-174 06 55, 08-123 456 78, 018-12 34 56, +46 70 123 45 67, 0046 ...
_PHONE = re.compile(r"(?<![\d\w])(?:\+46|0046|0)[\s-]*\(?0?\d{1,3}\)?(?:[\s-]*\d){5,10}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PNR_TOKEN, PHONE_TOKEN, EMAIL_TOKEN = "[personnummer borttaget]", "[telefonnummer borttaget]", "[e-post borttagen]"


def scrub(text, max_len: int | None = S.SHORT_TEXT_MAX):
    """``text`` without personnummer, phone numbers and e-mail addresses, cut to ``max_len`` characters.

    Missing values pass through. Cutting happens after scrubbing, so a number split by the cut cannot
    survive in part.
    """
    if text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA:
        return text
    t = _EMAIL.sub(EMAIL_TOKEN, str(text))
    t = _PNR.sub(PNR_TOKEN, t)
    t = _PHONE.sub(PHONE_TOKEN, t)
    if max_len is not None and len(t) > max_len:
        t = t[: max_len - 1].rstrip() + "…"
    return t


def shareable_columns(sheet: S.Sheet) -> list[str]:
    """The columns of a sheet that may appear in a shareable report (never ``private`` ones)."""
    return [c.key for c in sheet.columns if c.publishable and c.key != "nyckel"]


def shareable_sheet(frame: pd.DataFrame, sheet: S.Sheet) -> pd.DataFrame:
    cols = shareable_columns(sheet)
    out = frame.reindex(columns=cols).copy()
    for c in sheet.columns:
        if c.key in cols and c.kind == "text":
            out[c.key] = out[c.key].map(scrub).astype("object")
    return out.reset_index(drop=True)


def shareable_view(book) -> dict[str, pd.DataFrame]:
    """Shareable frames of a read workbook (:class:`~lagesbild_methods.sources.workbook.Arbetsbok`).

    Keys: one per sheet (publishable columns only), ``sammanfattning`` (counts per sheet and what the
    causes rest on, hours and costs), ``fynd`` (findings without the values found, messages scrubbed).
    """
    out = {s.key: shareable_sheet(book.blad[s.key], s) for s in S.SHEETS}
    out["sammanfattning"] = summary(book)
    f = book.fynd.drop(columns=["varde"], errors="ignore").copy()
    f["meddelande"] = f["meddelande"].map(lambda t: scrub(t, None))
    out["fynd"] = f.reset_index(drop=True)
    return out


def summary(book) -> pd.DataFrame:
    """Counts a report can always show: rows per sheet, causes by what they rest on, measures by status,
    activity hours and costs, findings by severity."""
    rows = [("Antal rader", S.SHEET_BY_KEY[k].name, len(book.blad[k])) for k in S.SHEET_BY_KEY]
    for label, key, col in (("Orsaker som vilar på", "orsaker", "underlag"), ("Åtgärder med status", "atgarder", "status"),
                            ("Aktiviteter med status", "aktiviteter", "status")):
        vc = book.blad[key][col].value_counts()
        rows.extend((label, str(v), int(n)) for v, n in vc.items())
    act = book.blad["aktiviteter"]
    rows.append(("Summa", "Timmar", float(act["timmar"].sum())))
    rows.append(("Summa", "Kostnad (kr)", float(act["kostnad"].sum())))
    for sev, n in book.fynd["allvarlighet"].value_counts().items():
        rows.append(("Fynd", str(sev), int(n)))
    return pd.DataFrame(rows, columns=["vad", "varde", "antal"])
