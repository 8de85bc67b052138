"""Aoristic spreading: incidents known only to have happened within a window (Ratcliffe 2002).

Ratcliffe, J. H. (2002). Aoristic signatures and the spatio-temporal analysis of high volume crime
patterns. *Journal of Quantitative Criminology* 18(1), 23-43. Each incident with a from-to window
is spread over the hours it covers in proportion to the overlap.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import InputDataError, Problem
from .timing import TZ, WEEKDAYS_SV, _parts, check_incidents, local_minutes


def utc_minutes(ts: pd.Series) -> np.ndarray:
    """Minutes since 1970-01-01 00:00 UTC (int64): elapsed time, unaffected by clock changes."""
    return np.asarray(ts.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(), dtype="datetime64[m]").astype(np.int64)


def _local_slot(utc_hours: np.ndarray) -> np.ndarray:
    """Hour-of-week code (weekday * 24 + hour, Swedish wall clock) of UTC hour slots.

    Sweden's offsets are whole hours, so every UTC hour is exactly one wall-clock hour: on the
    autumn night the hour 02-03 occurs twice (two slots), on the spring night it does not occur.
    """
    uniq, inv = np.unique(utc_hours, return_inverse=True)
    local = pd.DatetimeIndex(pd.to_datetime(uniq * 3600, unit="s", utc=True)).tz_convert(TZ)
    code = local.day_of_week.to_numpy() * 24 + local.hour.to_numpy()
    return code[inv]


def aoristic_hour_weekday(incidents: pd.DataFrame, *, max_hours: float = 168.0) -> pd.DataFrame:
    """Hour x weekday table where incidents with a from-to window are spread over the window.

    Each incident with ``tidpunkt_till`` later than ``tidpunkt`` contributes overlap/duration to
    every hour it covers (Ratcliffe 2002, minute resolution). Durations and overlaps are *elapsed*
    time: a 30-minute window across the autumn clock change (02:50 summer time -> 02:20 winter time)
    is valid and its weight goes to the hour 02-03 (which happens twice that night); the hour
    02-03 on the spring night does not exist and never gets weight. Exact incidents contribute 1 to
    their wall-clock hour. Windows longer than ``max_hours`` carry almost no information about the
    hour and are left out (their number is in ``attrs["utelamnade"]``). Totals equal the number of
    incidents used.

    Returns a 7 x 24 float frame like :func:`timing.hour_weekday_counts` with ``attrs`` ``exakta``,
    ``spridda``, ``utelamnade``.
    """
    check_incidents(incidents)
    s_loc = local_minutes(incidents[C.TIDPUNKT])
    s = utc_minutes(incidents[C.TIDPUNKT])
    if C.TIDPUNKT_TILL in incidents.columns and incidents[C.TIDPUNKT_TILL].notna().any():
        check_incidents(incidents, (C.TIDPUNKT, C.TIDPUNKT_TILL))
        till = incidents[C.TIDPUNKT_TILL]
        has = till.notna().to_numpy()
        e = np.where(has, utc_minutes(till.fillna(incidents[C.TIDPUNKT])), s)
    else:
        has = np.zeros(len(s), bool)
        e = s.copy()
    if (e < s).any():
        bad = np.flatnonzero(e < s)[:50]
        raise InputDataError(None, [Problem("Sluttiden ligger före starttiden.", row=int(r) + 2,
                                            column=C.TIDPUNKT_TILL) for r in bad],
                             summary=f"{int((e < s).sum())} händelser har tidpunkt_till före tidpunkt.")
    dur = e - s
    spread = has & (dur > 0)
    too_long = spread & (dur > max_hours * 60)
    exact = ~spread
    spread &= ~too_long
    hp = _parts(s_loc[exact])
    table = np.bincount(hp["weekday"] * 24 + hp["hour"], minlength=168).astype(float)
    if spread.any():
        ss, ee = s[spread], e[spread]
        h0, h1 = ss // 60, (ee - 1) // 60
        nslot = (h1 - h0 + 1).astype(np.int64)
        rep = np.repeat(np.arange(len(ss)), nslot)
        within = np.arange(nslot.sum()) - np.repeat(np.cumsum(nslot) - nslot, nslot)
        slot = h0[rep] + within
        overlap = np.minimum(ee[rep], (slot + 1) * 60) - np.maximum(ss[rep], slot * 60)
        wts = overlap / (ee - ss)[rep]
        table += np.bincount(_local_slot(slot), weights=wts, minlength=168)
    out = pd.DataFrame(table.reshape(7, 24), index=pd.Index(WEEKDAYS_SV, name="veckodag"),
                       columns=pd.RangeIndex(24, name="timme"))
    out.attrs.update(exakta=int(exact.sum()), spridda=int(spread.sum()), utelamnade=int(too_long.sum()))
    return out
