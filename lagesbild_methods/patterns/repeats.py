"""Repeats: the same place again within N days, with a shuffled-time yardstick; near repeats (Knox).

The Knox test lives in :mod:`.knox` and is re-exported here (``repeats.knox_test``,
``repeats.knox_incidents``) for the callers that know it by this module.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import columns as C
from ..errors import ParameterError
from .knox import (KNOX_PAIR_BUDGET, band_label, band_text, knox_incidents,  # noqa: F401 (re-exported)
                   knox_test)
from .timing import check_incidents, local_minutes

#: Permutations are shuffled in batches of about this many values (bounds memory).
BATCH_VALUES = 2_000_000


def repeat_places(incidents: pd.DataFrame, *, within_days: float = 30, by: str = C.PLATS) -> pd.DataFrame:
    """Repeat incidents at the same place: a later incident within ``within_days`` of the previous one.

    Returns one row per place with ``antal`` (incidents), ``upprepade`` (incidents that came within
    ``within_days`` after the previous one at the place), ``andel_upprepade`` and
    ``kortaste_dagar`` (shortest gap in days), sorted by ``upprepade`` then ``antal``; places with
    a missing name are left out. ``attrs["andel_upprepade"]`` is the share over all incidents.
    """
    check_incidents(incidents, (C.TIDPUNKT, by))
    if not within_days > 0:
        raise ParameterError("Antal dagar för upprepning måste vara större än noll.")
    d = pd.DataFrame({"plats": incidents[by], "t": local_minutes(incidents[C.TIDPUNKT]) / 1440.0})
    d = d.dropna(subset=["plats"]).sort_values(["plats", "t"], kind="stable")
    gap = d.groupby("plats", sort=False)["t"].diff()
    d["rep"] = gap <= within_days
    d["gap"] = gap
    g = d.groupby("plats").agg(antal=("t", "size"), upprepade=("rep", "sum"), kortaste_dagar=("gap", "min"))
    g["andel_upprepade"] = g["upprepade"] / g["antal"]
    g = g.reset_index().rename(columns={"plats": by})
    g = g.sort_values(["upprepade", "antal"], ascending=False, kind="stable").reset_index(drop=True)
    g.attrs["andel_upprepade"] = float(d["rep"].sum() / len(d)) if len(d) else float("nan")
    g.attrs["inom_dagar"] = within_days
    return g


def _repeat_share(codes: np.ndarray, t: np.ndarray, within: float) -> float:
    """Share of incidents that came within ``within`` days after the previous one at the same place."""
    order = np.lexsort((t, codes))
    c, tt = codes[order], t[order]
    same = c[1:] == c[:-1]
    return float(np.count_nonzero(same & (np.diff(tt) <= within)) / len(c)) if len(c) else float("nan")


def _shuffled_repeat_shares(codes: np.ndarray, t: np.ndarray, within: float, perms: np.ndarray) -> np.ndarray:
    """:func:`_repeat_share` for each row of ``perms`` (event i gets the time ``t[perm[i]]``), all at once.

    The times are sorted once; for a permutation, the events listed in the order of their new times
    are sorted stably by place (a radix sort of small integers), which gives each place's times in
    order -- the same consecutive differences as sorting by (place, time).
    """
    reps, n = perms.shape
    order = np.argsort(t, kind="stable")
    rank_of = np.empty(n, dtype=np.int64)
    rank_of[order] = np.arange(n)
    ev = np.empty_like(perms)  # ev[r, k] = the event that holds the k-th smallest time
    ev[np.arange(reps)[:, None], rank_of[perms]] = np.arange(n)
    place = codes.astype(np.int16 if codes.max(initial=0) < 2 ** 15 else np.int64)[ev]
    o = np.argsort(place, axis=1, kind="stable")
    place = np.take_along_axis(place, o, axis=1)
    tt = t[order][o]
    repeat = (place[:, 1:] == place[:, :-1]) & (np.diff(tt, axis=1) <= within)
    return np.count_nonzero(repeat, axis=1) / n


def repeat_yardstick(incidents: pd.DataFrame, *, within_days: float = 30, by: str = C.PLATS,
                     nrep: int = 199, seed: int = 1) -> dict:
    """Is the repeat share larger than chance would give? Shuffled-time expectation.

    The times of the incidents are permuted over the incidents (places fixed, as in the Knox
    test), ``nrep`` times with a seeded generator, and the share of repeats within ``within_days``
    recomputed: that is what the same number of incidents at the same places would give if the
    timing at a place carried no information. A place with many incidents always has repeats, so
    the share itself says little; the ratio to the shuffled share says whether incidents really
    follow each other. One-sided Monte Carlo p = (#{shuffled >= observed} + 1)/(nrep + 1).

    Returns a dict: ``andel`` (observed share), ``forvantad_andel`` (mean shuffled share),
    ``intervall`` (2.5 and 97.5 % of the shuffled shares), ``kvot``, ``pvarde``, ``permutationer``,
    ``inom_dagar``, ``handelser`` (incidents with a place name).
    """
    check_incidents(incidents, (C.TIDPUNKT, by))
    if not within_days > 0:
        raise ParameterError("Antal dagar för upprepning måste vara större än noll.")
    if nrep < 1:
        raise ParameterError("Antalet permutationer måste vara minst 1.")
    d = pd.DataFrame({"plats": incidents[by], "t": local_minutes(incidents[C.TIDPUNKT]) / 1440.0}).dropna()
    codes = pd.factorize(d["plats"])[0].astype(np.int64)
    t = d["t"].to_numpy()
    obs = _repeat_share(codes, t, within_days)
    rng = np.random.default_rng(seed)
    sims = np.full(nrep, np.nan)
    batch = max(1, BATCH_VALUES // max(len(t), 1))
    for start in range(0, nrep, batch):  # the same permutations, in the same order, as one at a time
        perms = np.stack([rng.permutation(len(t)) for _ in range(min(batch, nrep - start))])
        if len(t):
            sims[start:start + len(perms)] = _shuffled_repeat_shares(codes, t, within_days, perms)
    mean = float(sims.mean()) if len(sims) else float("nan")
    return {"andel": obs, "forvantad_andel": mean,
            "intervall": (float(np.quantile(sims, 0.025)), float(np.quantile(sims, 0.975))),
            "kvot": obs / mean if mean > 0 else float("nan"),
            "pvarde": float((np.sum(sims >= obs - 1e-12) + 1) / (nrep + 1)),
            "permutationer": int(nrep), "inom_dagar": within_days, "handelser": int(len(d))}
