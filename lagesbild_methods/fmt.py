"""Swedish number and date formatting (decimal comma, thin-space thousands) via babel.

No ``locale`` is used: the machines have no ``sv_SE`` locale. Thousands are separated by
U+202F NARROW NO-BREAK SPACE (a thin space that never breaks a number across lines).
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from datetime import date, datetime

from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal as _babel_format_decimal

LOCALE = "sv_SE"
THIN_SPACE = "\u202f"
MINUS = "\u2212"  # typographic minus, as in Swedish print
EN_DASH = "\u2013"
MISSING = "–"  # shown for a missing value


def _is_missing(x) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or bool(x != x)
    except (TypeError, ValueError):
        return False


def _fix(text: str) -> str:
    # babel's Swedish grouping symbol is a no-break space; we use a narrow one.
    return text.replace("\xa0", THIN_SPACE).replace("-", MINUS).replace("\u2212", MINUS)


def num(x, decimals: int = 0) -> str:
    """Format a number: ``num(10538.25, 1) == '10 538,3'`` (thin space, decimal comma)."""
    if _is_missing(x):
        return MISSING
    if math.isinf(float(x)):  # e.g. a change from 0 events or an open interval limit
        return "∞" if float(x) > 0 else "−∞"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    # Round half away from zero, as in Swedish print (Python's round() is half-to-even).
    q = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if q == 0:
        q = abs(q)  # no "-0"
    return _fix(_babel_format_decimal(q, format=pattern, locale=LOCALE, decimal_quantization=False))


def year_ranges(years) -> str:
    """Years as Swedish ranges: ``year_ranges([2015, 2016, 2017, 2020]) == '2015–2017, 2020'``."""
    years = sorted({int(y) for y in years})
    if not years:
        return MISSING
    out, start = [], years[0]
    for a, b in zip(years, years[1:] + [None]):
        if b != a + 1:
            out.append(str(start) if start == a else f"{start}–{a}")
            start = b
    return ", ".join(out)


def integer(x) -> str:
    """Format a count: ``integer(23174) == '23 174'``."""
    return num(x, 0)


def pct(share, decimals: int = 0, *, is_fraction: bool = True) -> str:
    """Format a share as Swedish percent: ``pct(0.253) == '25 %'`` (space before %)."""
    if _is_missing(share):
        return MISSING
    value = float(share) * 100 if is_fraction else float(share)
    return f"{num(value, decimals)}{THIN_SPACE}%"


def interval(lower, upper, decimals: int = 0, *, percent: bool = False, is_fraction: bool = True) -> str:
    """Format a confidence interval as ``'9 800–11 200'`` (en dash), or in percent."""
    if _is_missing(lower) or _is_missing(upper):
        return MISSING
    if percent:
        lo = num(float(lower) * (100 if is_fraction else 1), decimals)
        hi = num(float(upper) * (100 if is_fraction else 1), decimals)
        return f"{lo}{EN_DASH}{hi}{THIN_SPACE}%"
    return f"{num(lower, decimals)}{EN_DASH}{num(upper, decimals)}"


def _rounded(x: float, decimals: int) -> Decimal:
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def decimals_for_interval(lower, upper, decimals: int = 0, *, null: float = 0.0, max_decimals: int = 6) -> int:
    """Decimals at which a confidence interval shows on screen what it says about ``null``.

    Returns the smallest number >= ``decimals`` at which each rounded limit lies on the same side
    of ``null`` (0 for a difference or a change in percent, 1 for a ratio) as the limit itself. A
    significant change from -4,02 % to -0,005 % thus prints as "-4,020 till -0,005" rather than the
    contradictory "-4,0 till 0,0". An interval that contains ``null`` needs no extra decimals.
    Capped at ``max_decimals``; missing or infinite limits keep ``decimals``.
    """
    try:
        lo, hi = float(lower), float(upper)
    except (TypeError, ValueError):
        return decimals
    nul = Decimal(repr(float(null)))
    for d in range(decimals, max(decimals, max_decimals) + 1):
        ok = True
        if math.isfinite(lo) and lo > null and not _rounded(lo, d) > nul:
            ok = False
        if math.isfinite(hi) and hi < null and not _rounded(hi, d) < nul:
            ok = False
        if ok:
            return d
    return max(decimals, max_decimals)


def p_value(p, level: float = 0.05) -> str:
    """A p-value in Swedish format that never reads as the wrong side of ``level``.

    'p < 0,001', 'p = 0,003', 'p = 0,04', 'p = 0,0499' (not 'p = 0,05' for a p just below 0,05);
    a p-value that still rounds to ``level`` at four decimals is written 'p < 0,05'; 'p saknas'
    when missing. (Two decimals, three below 0,01, more only where needed.)
    """
    if _is_missing(p):
        return "p saknas"
    p = float(p)
    if p < 0.001:
        return f"p < {num(0.001, 3)}"
    base = 3 if p < 0.01 else 2
    lev = Decimal(repr(float(level)))
    for d in range(base, 5):
        shown = _rounded(p, d)
        if (shown < lev) == (p < level):
            return f"p = {num(p, d)}"
    return f"p < {num(level, max(2, -Decimal(repr(float(level))).as_tuple().exponent))}"


def date_sv(d: date | datetime, fmt: str = "long") -> str:
    """Format a date in Swedish: ``date_sv(date(2025,3,1)) == '1 mars 2025'``."""
    if isinstance(d, datetime):
        d = d.date()
    if fmt == "long":
        return _babel_format_date(d, format="d MMMM y", locale=LOCALE)
    return d.isoformat()


_SV_ORDER = {c: i for i, c in enumerate("abcdefghijklmnopqrstuvwxyzåäö")}


def swedish_sort_key(text: str) -> tuple:
    """Sort key for Swedish alphabetical order (Å, Ä, Ö after Z, in that order).

    Python's default ordering puts Ä before Å; Swedish puts Å before Ä before Ö.
    """
    t = str(text).lower()
    return tuple((_SV_ORDER.get(ch, 100 + ord(ch)) if ch.isalpha() else ord(ch) - 1000) for ch in t)


def swedish_sorted(items, key=None):
    """Return items sorted in Swedish alphabetical order."""
    key = key or (lambda x: x)
    return sorted(items, key=lambda x: swedish_sort_key(key(x)))


# --------------------------------------------------------------------------- Swedish words
#: Month and weekday names (one list each for the whole package).
MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
             "oktober", "november", "december"]
MONTHS_SHORT_SV = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
WEEKDAYS_SV = ["måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag"]
WEEKDAYS_PLURAL_SV = ["måndagar", "tisdagar", "onsdagar", "torsdagar", "fredagar", "lördagar", "söndagar"]
WEEKDAYS_SHORT_SV = ["mån", "tis", "ons", "tor", "fre", "lör", "sön"]


def join_sv(items) -> str:
    """Join words the Swedish way: ``join_sv(['a', 'b', 'c']) == 'a, b och c'`` (empty items dropped)."""
    items = [str(i) for i in items if i is not None and str(i) != ""]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]

