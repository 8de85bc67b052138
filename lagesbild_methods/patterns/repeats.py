"""Repeats: the same place again within N days, and near repeats (the Knox test).

Knox test as in Ratcliffe's Near Repeat Calculator and the R package ``NearRepeat``
(Steenbeek, github wsteenbeek/NearRepeat @ f48d213): every pair of events (i < j) is put in a
spatial band by its distance (Manhattan by default) and a temporal band by |days apart|; bands are
half-open [lo, hi) intervals, and the labels say exactly that (the NRC's "8 to 14 days" actually
means [7, 14) -- a documented off-by-one we do not copy). The null distribution permutes the
event times over the events (spatial positions fixed), ``nrep`` times with a seeded generator;
p = (#{sim >= obs} + 1)/(nrep + 1); Knox ratio = observed / mean of the simulations.

Speed: only pairs closer than the largest finite distance edge are enumerated
(:meth:`scipy.spatial.cKDTree.query_pairs`). When the last spatial band is open ([d, Inf)), its row
is the column total of all pairs minus the closer bands; the column totals (distribution of
|t_i - t_j| over all pairs) do not change under a permutation of times, so the open band needs
no enumeration of the far pairs. Permutations are vectorised over replicates.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from .timing import check_incidents, local_minutes


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
    sims = np.array([_repeat_share(codes, t[rng.permutation(len(t))], within_days) for _ in range(nrep)])
    mean = float(sims.mean()) if len(sims) else float("nan")
    return {"andel": obs, "forvantad_andel": mean,
            "intervall": (float(np.quantile(sims, 0.025)), float(np.quantile(sims, 0.975))),
            "kvot": obs / mean if mean > 0 else float("nan"),
            "pvarde": float((np.sum(sims >= obs - 1e-12) + 1) / (nrep + 1)),
            "permutationer": int(nrep), "inom_dagar": within_days, "handelser": int(len(d))}


def band_label(lo: float, hi: float, unit: str) -> str:
    """Exact label of a half-open band: '[0, 100) m' style, Swedish number format."""
    def f(v):
        return "∞" if math.isinf(v) else fmt.num(v, 0 if float(v).is_integer() else 2)
    return f"[{f(lo)}, {f(hi)}) {unit}"


def band_text(lo: float, hi: float, unit: str) -> str:
    """Swedish words for a half-open band: 'från 0 till under 100 m', '300 m eller mer'."""
    def f(v):
        return fmt.num(v, 0 if float(v).is_integer() else 2)
    if math.isinf(hi):
        return f"{f(lo)} {unit} eller mer"
    return f"från {f(lo)} till under {f(hi)} {unit}"


def _check_edges(edges, what) -> np.ndarray:
    e = np.asarray(edges, float)
    if e.ndim != 1 or len(e) < 2 or np.any(np.diff(e) <= 0) or e[0] < 0 or np.isnan(e).any():
        raise ParameterError(f"Gränserna för {what} måste vara minst två stigande tal från 0 och uppåt.")
    return e


def _times_in_days(t) -> np.ndarray:
    s = pd.Series(t)
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return local_minutes(s) / 1440.0
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return np.asarray(s.to_numpy(), dtype="datetime64[m]").astype(np.int64) / 1440.0
    return s.to_numpy(dtype=float)


#: Automatic number of permutations: 999, or 299 when that would mean more than this many pair
#: evaluations (299 is still enough for a band to survive Holm over 12 bands at 5 %: 12/300 < 0.05).
KNOX_PAIR_BUDGET = 1_000_000_000


def knox_test(x, y, t, spatial_bands, temporal_bands, *, method: str = "manhattan", nrep: int | None = 999,
              seed: int = 1) -> pd.DataFrame:
    """Knox near-repeat test: pairs per (distance band, time band) against permuted times.

    Parameters
    ----------
    x, y : coordinates in metres (SWEREF 99 TM for Swedish data).
    t : times as tz-aware/naive datetimes (converted to days, Swedish wall clock) or numbers of days.
    spatial_bands, temporal_bands : increasing edges; band k is [edge_k, edge_{k+1}); the last edge
        may be ``inf``.
    method : ``"manhattan"`` (as NearRepeat/NRC default) or ``"euclidean"``.
    nrep : number of permutations (0 = observed table only; ``None`` = 999, or 299 when the close
        pairs times 999 exceed :data:`KNOX_PAIR_BUDGET`).
    seed : seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    Long frame: ``avstand_fran, avstand_till, avstand_band`` ('[0, 100) m'), ``avstand_text``,
    ``tid_fran, tid_till, tid_band`` ('[0, 7) dagar'), ``tid_text``, ``observerat`` (pairs),
    ``forvantat`` (mean over permutations), ``knox_kvot``, ``knox_kvot_median``, ``pvarde``.
    """
    xs = np.asarray(x, float)
    ys = np.asarray(y, float)
    td = _times_in_days(t)
    if not (len(xs) == len(ys) == len(td)):
        raise ParameterError("x, y och tid måste vara lika långa.")
    if np.isnan(xs).any() or np.isnan(ys).any() or np.isnan(td).any():
        raise ParameterError("Knox-testet kräver koordinater och tid för alla händelser.")
    if method not in ("manhattan", "euclidean"):
        raise ParameterError("method ska vara 'manhattan' eller 'euclidean'.")
    se = _check_edges(spatial_bands, "avstånd")
    te = _check_edges(temporal_bands, "tid")
    n = len(xs)
    ns, nt = len(se) - 1, len(te) - 1
    open_last = math.isinf(se[-1])
    rmax = se[-2] if open_last else se[-1]
    p = 1 if method == "manhattan" else 2
    if n >= 2:
        pairs = cKDTree(np.column_stack([xs, ys])).query_pairs(rmax, p=p, output_type="ndarray")
    else:
        pairs = np.empty((0, 2), dtype=np.int64)
    i, j = pairs[:, 0], pairs[:, 1]
    if p == 1:
        dist = np.abs(xs[i] - xs[j]) + np.abs(ys[i] - ys[j])
    else:
        dist = np.hypot(xs[i] - xs[j], ys[i] - ys[j])
    sb = np.searchsorted(se, dist, side="right") - 1  # [lo, hi)
    keep = (sb >= 0) & (sb < (ns - 1 if open_last else ns))
    i, j, sb = i[keep], j[keep], sb[keep]

    integer_days = bool(n and np.all(td == np.round(td)) and np.all(np.isinf(te) | (te == np.round(te)))
                        and np.ptp(td) < 2 ** 30)
    nt1 = nt + 1  # an extra "outside every band" column instead of boolean masks (faster)
    if integer_days:  # whole days: band lookup by table instead of searchsorted
        span = int(np.ptp(td)) + 1
        lut = np.searchsorted(te, np.arange(span + 1), side="right") - 1
        lut = np.where((lut < 0) | (lut >= nt), nt, lut).astype(np.int32)
        td_int = (td - td.min()).astype(np.int32)
    order = np.argsort(i, kind="stable")
    i32, j32 = i[order].astype(np.int32), j[order].astype(np.int32)
    sbnt = (sb[order] * nt1).astype(np.int32)

    def one(perm_days):  # counts (ns, nt) for one assignment of times; memory ~ number of pairs
        if integer_days:
            tb = lut[np.abs(perm_days[i32] - perm_days[j32])]
        else:
            tb = np.searchsorted(te, np.abs(perm_days[i32] - perm_days[j32]), side="right") - 1
            tb = np.where((tb < 0) | (tb >= nt), nt, tb).astype(np.int32)
        return np.bincount(sbnt + tb, minlength=ns * nt1).reshape(ns, nt1)[:, :nt]

    if nrep is None:
        nrep = 999 if len(i32) * 999 <= KNOX_PAIR_BUDGET else 299
    base = td_int if integer_days else td
    obs = one(base).astype(float)
    if open_last:
        # all-pair temporal totals are invariant under permutation of times
        order = np.sort(td)
        tot = _all_pair_time_counts(order, te)
        obs[-1] = tot - obs[:-1].sum(axis=0)
    sims = np.zeros((max(nrep, 0), ns, nt))
    if nrep > 0:
        rng = np.random.default_rng(seed)
        for r in range(nrep):  # one permutation at a time: memory stays ~ pairs, not reps x pairs
            sims[r] = one(base[rng.permutation(n)])
            if open_last:
                sims[r, -1] = tot - sims[r, :-1].sum(axis=0)
    rows = []
    for a in range(ns):
        for b in range(nt):
            o = obs[a, b]
            if nrep > 0:
                sv = sims[:, a, b]
                mean, med = sv.mean(), np.median(sv)
                pv = (np.sum(sv >= o) + 1) / (nrep + 1)
            else:
                mean = med = pv = np.nan
            rows.append({"avstand_fran": se[a], "avstand_till": se[a + 1],
                         "avstand_band": band_label(se[a], se[a + 1], "m"),
                         "avstand_text": band_text(se[a], se[a + 1], "m"),
                         "tid_fran": te[b], "tid_till": te[b + 1],
                         "tid_band": band_label(te[b], te[b + 1], "dagar"),
                         "tid_text": band_text(te[b], te[b + 1], "dagar"),
                         "observerat": int(o), "forvantat": mean,
                         "knox_kvot": o / mean if mean and mean > 0 else np.nan,
                         "knox_kvot_median": o / med if med and med > 0 else np.nan,
                         "pvarde": pv})
    out = pd.DataFrame(rows)
    out.attrs.update(antal_handelser=n, antal_par=n * (n - 1) // 2, permutationer=nrep, seed=seed,
                     avstandsmatt="Manhattan" if p == 1 else "euklidiskt")
    return out


def _all_pair_time_counts(sorted_t: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Number of pairs i < j with |t_i - t_j| in each [edge_k, edge_{k+1}) band, without n^2 memory.

    For sorted times, #pairs with difference < d = sum_i (#j > i with t_j < t_i + d).
    """
    n = len(sorted_t)
    idx = np.arange(n)

    def below(d):
        if math.isinf(d):
            return n * (n - 1) // 2
        return int(np.sum(np.maximum(np.searchsorted(sorted_t, sorted_t + d, side="left") - idx - 1, 0)))

    cum = np.array([below(d) for d in edges], dtype=float)
    return np.diff(cum)


def knox_incidents(incidents: pd.DataFrame, spatial_bands=(0, 1, 101, 201, 301, np.inf),
                   temporal_bands=(0, 8, 15, 22, np.inf), *, nrep: int | None = None, **kwargs) -> pd.DataFrame:
    """:func:`knox_test` on an incidents frame (``x, y, tidpunkt``; rows without coordinates dropped).

    Times are whole Swedish calendar days (as police dates in NearRepeat), so [0, 8) means 0-7 days apart.
    ``nrep=None`` chooses 999 or, for very many close pairs, 299 permutations (see :func:`knox_test`).
    """
    from .grid import valid_xy

    check_incidents(incidents)
    ok = valid_xy(incidents)
    d = incidents[ok]
    days = (local_minutes(d[C.TIDPUNKT]) // 1440).astype(float)
    return knox_test(d[C.X].to_numpy(float), d[C.Y].to_numpy(float), days, spatial_bands,
                     temporal_bands, nrep=nrep, **kwargs)
