"""Small Swedish wording helpers shared by every sentence in the text package."""
from __future__ import annotations

import math

from .. import fmt

#: "100 000 invånare" with the Swedish thin-space thousands separator.
PER_100K = f"{fmt.integer(100_000)} invånare"

#: Swedish list joining and p-value wording live in :mod:`lagesbild_methods.fmt` (also used below the
#: presentation layer); re-exported here for sentence code.
join_sv = fmt.join_sv
p_text = fmt.p_value

_COUNT_WORDS = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]


def get(row, key, default=None):
    """``row[key]`` for a Series/dict row; ``default`` when absent or None."""
    try:
        val = row[key]
    except (KeyError, IndexError, TypeError):
        return default
    return default if val is None else val


def missing(x) -> bool:
    try:
        return x is None or (isinstance(x, float) and math.isnan(x)) or x != x
    except (TypeError, ValueError):
        return False


def cap(text: str) -> str:
    """First letter upper case, the rest as is."""
    return text[:1].upper() + text[1:]


def rate_number(x) -> str:
    """A rate per 100 000 in Swedish format: no decimals from 10, one decimal below."""
    if missing(x):
        return fmt.MISSING
    return fmt.num(x, 0 if abs(float(x)) >= 10 else 1)


def conf_text(conf) -> str:
    """'95 %' for a confidence level 0.95."""
    try:
        c = float(conf)
    except (TypeError, ValueError):
        c = 0.95
    pct = round(c * 100, 1)
    return fmt.pct(pct, 0 if pct == int(pct) else 1, is_fraction=False)


def signed_pct(x, decimals: int = 0) -> str:
    """A signed percent change: '+21 %', '−4 %'."""
    if missing(x):
        return fmt.MISSING
    if math.isinf(x):
        return "obegränsad"
    s = fmt.pct(x, decimals, is_fraction=False)
    return s if s.startswith(fmt.MINUS) or fmt.num(x, decimals) in ("0", "0,0") else "+" + s


def count_word(n: int) -> str:
    """A small count in words ('åtta'), larger ones as digits ('13'): Swedish style for running text."""
    n = int(n)
    return _COUNT_WORDS[n] if 0 <= n < len(_COUNT_WORDS) else fmt.integer(n)


def members_phrase(n: int, noun: str = "kommuner", singular: str = "kommun") -> str:
    """'länets åtta kommuner' / 'länets enda kommun'."""
    return f"länets enda {singular}" if int(n) == 1 else f"länets {count_word(n)} {noun}"
