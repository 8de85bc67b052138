"""Holidays, eves and school holidays: do they have more incidents than ordinary days?

The ``holidays`` library (Sweden, ``language="sv"``; categories public, de_facto, optional).
Expected counts for a special day are the mean of the same weekday in the surrounding weeks
(excluding other special days); exact Poisson tail probabilities.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .. import columns as C
from ..errors import ParameterError
from .timing import _window, check_incidents, local_minutes

_HOLIDAY_TYPE = {"public": "allmän helgdag", "de_facto": "helgafton (de facto)", "optional": "aftondag"}


def special_days(years, *, school_holidays=None) -> pd.DataFrame:
    """Swedish public holidays and eves (``holidays`` library, language "sv") plus school holidays.

    Julafton, midsommarafton and nyårsafton come from the ``de_facto`` category, valborgsmässoafton,
    påskafton and pingstafton from ``optional``. School holidays differ between municipalities and
    years, so none are shipped: pass ``school_holidays`` as a frame or list of dicts with
    ``namn, start, slut`` (inclusive dates), e.g. ``{"namn": "Sportlov", "start": "2025-02-17",
    "slut": "2025-02-23"}``.

    Returns ``datum`` (Timestamp, naive), ``namn`` and ``typ``; parenthesised remarks such as
    "(från kl. 14.00)" are removed from the names so the same day matches across years.
    """
    import holidays as _hol

    years = sorted({int(y) for y in np.atleast_1d(years)})
    rows = []
    for cat, typ in _HOLIDAY_TYPE.items():
        h = _hol.country_holidays("SE", years=years, language="sv", categories=(cat,))
        for d, name in h.items():
            for part in str(name).split(";"):
                clean = part.split("(")[0].strip()
                if clean.lower() == "söndag":
                    continue
                rows.append((pd.Timestamp(d), clean, typ))
    if school_holidays is not None:
        sh = pd.DataFrame(school_holidays)
        missing = {"namn", "start", "slut"} - set(sh.columns)
        if missing:
            raise ParameterError("Skollov ska anges med kolumnerna namn, start och slut.")
        for r in sh.itertuples(index=False):
            for d in pd.date_range(pd.to_datetime(r.start), pd.to_datetime(r.slut), freq="D"):
                rows.append((d, str(r.namn), "skollov"))
    out = pd.DataFrame(rows, columns=["datum", "namn", "typ"])
    return out.drop_duplicates().sort_values(["datum", "namn"]).reset_index(drop=True)


def special_day_effect(incidents: pd.DataFrame, *, start=None, end=None, school_holidays=None,
                       day_start_hour: int = 6, weeks_around: int = 4) -> pd.DataFrame:
    """Incidents on holidays, eves and school holidays compared with ordinary days.

    A "dygn" runs from ``day_start_hour`` (default 06:00) to the same hour next day, so the night
    after Valborgsmässoafton counts to Valborg. The expected count for each occurrence is the mean
    of the same weekday 1..``weeks_around`` weeks before and after (special days excluded), summed
    over occurrences of the same ``namn``; one-sided exact Poisson tail probabilities
    (``p_hog`` = P(X >= obs), ``p_lag`` = P(X <= obs)).

    Returns ``namn, typ, dagar, antal, forvantat, kvot, p_hog, p_lag`` sorted by ``kvot`` descending.
    """
    check_incidents(incidents)
    if not 0 <= int(day_start_hour) <= 23:
        raise ParameterError("day_start_hour ska vara en timme mellan 0 och 23.")
    s, e = _window(incidents, start, end)
    m = local_minutes(incidents[C.TIDPUNKT]) - int(day_start_hour) * 60
    day = m // 1440
    d0, d1 = (s - pd.Timestamp("1970-01-01")).days, (e - pd.Timestamp("1970-01-01")).days
    keep = (day >= d0) & (day <= d1)
    daily = np.bincount(day[keep] - d0, minlength=d1 - d0 + 1).astype(float)
    sd = special_days(range(s.year, e.year + 1), school_holidays=school_holidays)
    sd = sd[(sd["datum"] >= s) & (sd["datum"] <= e)]
    if sd.empty:
        return pd.DataFrame(columns=["namn", "typ", "dagar", "antal", "forvantat", "kvot", "p_hog", "p_lag"])
    idx = ((sd["datum"] - pd.Timestamp("1970-01-01")).dt.days - d0).to_numpy()
    special = np.zeros(len(daily), bool)
    special[idx] = True
    offs = np.concatenate([-7 * np.arange(1, weeks_around + 1), 7 * np.arange(1, weeks_around + 1)])
    nb = idx[:, None] + offs[None, :]
    ok = (nb >= 0) & (nb < len(daily))
    nbc = np.clip(nb, 0, len(daily) - 1)
    ok &= ~special[nbc]
    vals = np.where(ok, daily[nbc], 0.0)
    expected = np.divide(vals.sum(1), ok.sum(1), out=np.full(len(idx), np.nan), where=ok.sum(1) > 0)
    occ = pd.DataFrame({"namn": sd["namn"].to_numpy(), "typ": sd["typ"].to_numpy(),
                        "antal": daily[idx], "forvantat": expected})
    g = occ.groupby(["namn", "typ"], sort=False).agg(dagar=("antal", "size"), antal=("antal", "sum"),
                                                      forvantat=("forvantat", "sum")).reset_index()
    g["antal"] = g["antal"].astype(int)
    g["kvot"] = g["antal"] / g["forvantat"].where(g["forvantat"] > 0)
    g["p_hog"] = stats.poisson.sf(g["antal"] - 1, g["forvantat"])
    g["p_lag"] = stats.poisson.cdf(g["antal"], g["forvantat"])
    return g.sort_values("kvot", ascending=False, na_position="last").reset_index(drop=True)
