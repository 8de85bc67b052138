"""Cell values of a step workbook as Excel, LibreOffice or a hand-edited file leaves them.

Dates may be real dates, Excel serial numbers (a cell that lost its date format) or text in the usual
Swedish forms; numbers may be text with a decimal comma, thousands spaces or a unit ('12 tim',
'1 500 kr'); a formula may have no cached value (a file written by a program that does not calculate) --
simple arithmetic formulas ('=2*3,5') are evaluated, others are reported.

Each parser returns ``(value, error)``; ``error`` is a Swedish "expected ..." text or None.
"""
from __future__ import annotations

import ast
import operator
import re
from datetime import date, datetime, time, timedelta

import pandas as pd

EXCEL_EPOCH = datetime(1899, 12, 30)  # Excel's (and LibreOffice's) day 0 in the 1900 date system
SERIAL_RANGE = (18000, 80000)  # 1949-04-12 .. 2119-01-10: plausible dates stored as serial numbers
DATE_RANGE = (pd.Timestamp("1950-01-01"), pd.Timestamp("2100-12-31"))

_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
           "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8, "september": 9,
           "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d", "%Y.%m.%d")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_UNIT = re.compile(r"\s*(kr|kronor|sek|tim|timmar|h|st|%)\.?\s*$", re.IGNORECASE)
DATE_EXPECTED = "ett datum, t.ex. 2025-03-14"
NUMBER_EXPECTED = "ett tal, t.ex. 12 eller 3,5"


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=") and len(value) > 1


def text_of(value) -> str | None:
    """Any cell value as stripped text (None for empty)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == time(0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    t = str(value).strip()
    return t or None


# ------------------------------------------------------------------------------------------ numbers
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.USub: operator.neg, ast.UAdd: operator.pos}


def eval_arithmetic(formula: str) -> float | None:
    """Value of a formula made only of numbers, + - * / and parentheses ('=2*3,5+1'); else None."""
    body = formula.lstrip("=").strip().replace(",", ".").replace(";", ",")
    if not body or len(body) > 200 or not re.fullmatch(r"[0-9.+\-*/() \t]+", body):
        return None

    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
            return _OPS[type(node.op)](ev(node.operand))
        raise ValueError("not arithmetic")

    try:
        return float(ev(ast.parse(body, mode="eval")))
    except (ValueError, SyntaxError, ZeroDivisionError, TypeError):
        return None


def parse_number(value) -> tuple[float | None, str | None]:
    """A number from a numeric cell or Swedish text ('1 500,50', '12 tim', '−3')."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, NUMBER_EXPECTED
    if isinstance(value, (int, float)):
        return float(value), None
    if isinstance(value, (datetime, date)):
        return None, NUMBER_EXPECTED
    t = _UNIT.sub("", str(value).strip()).replace("\u2212", "-")
    t = _SPACES.sub("", t)
    if not t:
        return None, None
    if "," in t and "." in t:  # 1.234,5
        t = t.replace(".", "")
    t = t.replace(",", ".")
    try:
        return float(t), None
    except ValueError:
        return None, NUMBER_EXPECTED


# ------------------------------------------------------------------------------------------ dates
def _from_serial(x: float) -> pd.Timestamp:
    return pd.Timestamp(EXCEL_EPOCH + timedelta(days=float(x))).normalize()


def parse_date(value) -> tuple[pd.Timestamp | None, str | None]:
    """A date (time of day dropped) from a date cell, an Excel serial number or Swedish text."""
    if value is None:
        return None, None
    if isinstance(value, datetime):
        ts = pd.Timestamp(value).normalize()
    elif isinstance(value, date):
        ts = pd.Timestamp(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not SERIAL_RANGE[0] <= value <= SERIAL_RANGE[1]:
            return None, DATE_EXPECTED
        ts = _from_serial(value)
    else:
        ts = _parse_date_text(str(value))
        if ts is None:
            return None, DATE_EXPECTED
    if not DATE_RANGE[0] <= ts <= DATE_RANGE[1]:
        return None, DATE_EXPECTED + " (mellan 1950 och 2100)"
    return ts, None


def _parse_date_text(text: str) -> pd.Timestamp | None:
    t = " ".join(text.strip().split())
    if not t:
        return None
    t = re.sub(r"[T ]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\.\d+)?$", "", t)  # drop a time of day
    if re.fullmatch(r"\d{5}(?:[.,]\d+)?", t):  # a serial number stored as text
        x = float(t.replace(",", "."))
        return _from_serial(x) if SERIAL_RANGE[0] <= x <= SERIAL_RANGE[1] else None
    t = re.sub(r"^(?:den|d\.)\s+", "", t, flags=re.I)  # 'den 5 mars 2024'
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:\s+|\s*-\s*)(\d{4})", t)  # Swedish short forms: 5/3 2024, 5/3-2024
    if m:
        try:
            return pd.Timestamp(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{1,2})\s*([a-zåäö]+)\.?\s+(\d{4})", t.lower())  # 5 mars 2024
    if m and m.group(2) in _MONTHS:
        try:
            return pd.Timestamp(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            return pd.Timestamp(datetime.strptime(t, fmt))
        except ValueError:
            continue
    return None
