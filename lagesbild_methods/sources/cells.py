"""Cell parsing shared by the readers: Swedish numbers and local date-times, vectorised over a column."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

TZ = "Europe/Stockholm"
# Characters used as thousands separators in Swedish files: space, no-break space, thin spaces.
_THOUSANDS = re.compile(r"[ \u00a0\u202f\u2009']")


MISSING_MARKERS = frozenset({"..", ".", "…", "x", "X", "XX", "NA", "N/A"})


def parse_numbers(s: pd.Series, *, missing_markers: frozenset[str] = MISSING_MARKERS) -> tuple[pd.Series, pd.Series]:
    """Parse Swedish-formatted numbers: '2 537', '10 538,3', '1.234,5', '−3', '..' (missing).

    Returns (float values, mask of cells that were not empty, not a missing marker and not a number).
    """
    t = s.astype("str").str.strip()
    t = t.mask(s.isna())
    marker = t.isin(list(missing_markers))
    u = t.mask(marker).str.replace("\u2212", "-", regex=False).str.replace(_THOUSANDS, "", regex=True)
    # '1.234,5' (dot thousands + comma decimal) -> drop dots; otherwise a single comma is the decimal sign
    both = u.str.contains(".", regex=False) & u.str.contains(",", regex=False)
    u = u.mask(both.fillna(False), u.str.replace(".", "", regex=False))
    u = u.str.replace(",", ".", regex=False)
    vals = pd.to_numeric(u, errors="coerce").astype("float64")
    vals = vals.where(np.isfinite(vals.to_numpy()) | vals.isna())  # 'inf', '1e999' are not numbers here
    bad = t.notna() & ~marker & vals.isna()
    return vals, bad


def parse_integers(s: pd.Series, **kw) -> tuple[pd.Series, pd.Series]:
    """Like :func:`parse_numbers` but also flags non-whole numbers; values as ``Int64``."""
    vals, bad = parse_numbers(s, **kw)
    frac = vals.notna() & (vals != np.floor(vals))
    out = vals.where(~frac).round().astype("Int64")
    return out, bad | frac


# --------------------------------------------------------------------------------------------
# dates and times
# --------------------------------------------------------------------------------------------
_DT_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y",
    "%Y%m%d %H:%M", "%Y%m%d",
)


def parse_local_datetimes(s: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse Swedish date-times into tz-aware ``Europe/Stockholm`` timestamps.

    Accepted: '2024-03-05 14:30', '2024-03-05T14:30:00', '2024-3-5 9.05', '2024-03-05 kl. 14.30',
    '5/3/2024 14:30', '05.03.2024 14.30', '20240305', a date alone (midnight). Local wall-clock time is
    localised to Europe/Stockholm; a time that does not exist (spring DST gap) moves forward, an ambiguous
    time (autumn) is read as summer time. Returns (timestamps, mask of unparseable non-empty cells).
    """
    t = s.astype("str").str.strip().mask(s.isna())
    u = (t.str.replace("T", " ", regex=False)
          .str.replace(r"\s*kl\.?\s*", " ", regex=True)
          .str.replace(r"(\d)\s*\+\d\d:?\d\d$|Z$", r"\1", regex=True)
          .str.replace(r"\s+", " ", regex=True)
          # time written 14.30 after a space -> 14:30
          .str.replace(r"(\s\d{1,2})\.(\d{2})(?:\.(\d{2}))?$", lambda m: f"{m[1]}:{m[2]}" + (f":{m[3]}" if m[3] else ""),
                       regex=True)
          .str.replace(r"\.\d+$", "", regex=True))
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for fmt in _DT_FORMATS:
        todo = out.isna() & u.notna()
        if not todo.any():
            break
        out.loc[todo] = pd.to_datetime(u[todo], format=fmt, errors="coerce")
    bad = u.notna() & out.isna()
    aware = out.dt.tz_localize(TZ, ambiguous=np.ones(len(out), dtype=bool), nonexistent="shift_forward")
    return aware, bad
