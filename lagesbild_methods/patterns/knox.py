"""The Knox near-repeat test: pairs of events close in space and time, against permuted times.

As in Ratcliffe's Near Repeat Calculator and the R package ``NearRepeat`` (Steenbeek, github
wsteenbeek/NearRepeat @ f48d213): every pair of events (i < j) is put in a spatial band by its
distance (Manhattan by default) and a temporal band by |days apart|; bands are half-open [lo, hi)
intervals, and the labels say exactly that (the NRC's "8 to 14 days" actually means [7, 14) -- a
documented off-by-one we do not copy). The null distribution permutes the event times over the
events (spatial positions fixed), ``nrep`` times with a seeded generator;
p = (#{sim >= obs} + 1)/(nrep + 1); Knox ratio = observed / mean of the simulations.

Speed (the same tables as counting every pair for every permutation, only fewer pairs looked at):

* The pairs closer than the largest finite distance edge are found once
  (:meth:`scipy.spatial.cKDTree.query_pairs`); their number per distance band does not change under
  a permutation of times, nor does the distribution of |t_i - t_j| over all pairs. So an open last
  distance band ([d, Inf)) is the column total minus the closer bands, and an open last time band
  is the row total minus the earlier time bands: neither needs its pairs enumerated.
* What is left, per permutation, are the pairs that are close in space *and* in time. Two events in
  different connected components of the "closer than d" graph (:func:`scipy.sparse.csgraph.
  connected_components`) are never close in space, so for each permutation the events are sorted by
  (component, permuted time) and only pairs inside a component and within the largest finite time
  edge are enumerated (a window per event from :func:`numpy.searchsorted`): for Uppsala's register
  about a tenth of the close pairs. Permutations are handled in batches with one ``bincount``, the
  batch size bounded so that memory stays ~ a few million pairs.

The permutations are drawn exactly as before (``rng.permutation(n)``, one after another from
``numpy.random.default_rng(seed)``), so the same seed gives the same tables and p-values.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from .. import columns as C
from .. import fmt
from ..errors import ParameterError
from .timing import check_incidents, local_minutes

#: Automatic number of permutations: 999, or 299 when that would mean more than this many pair
#: evaluations (299 is still enough for a band to survive Holm over 12 bands at 5 %: 12/300 < 0.05).
KNOX_PAIR_BUDGET = 1_000_000_000
#: Larger registers are tested on a seeded simple random sample of this many events
#: (:func:`knox_incidents`): the work grows with the square of the events (Göteborg's 15 000 practice events
#: took 12 s, a big city's real register could take minutes), while a few thousand events already detect
#: a near-repeat pattern. The sample is a valid test of the same hypothesis, with less power; the report
#: says that a sample was used. Above the largest register of Uppsala län (7 600 events).
KNOX_MAX_EVENTS = 8_000
#: Pairs enumerated per batch of permutations (bounds memory: ~ 100 bytes per pair).
PAIRS_PER_BATCH = 1_500_000


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


def _bands(v: np.ndarray, edges: np.ndarray, nb: int, below: int) -> np.ndarray:
    """Band k of each value as ``searchsorted(edges, v, 'right') - 1`` for bands 0..nb-1; ``nb`` at or past
    ``edges[nb]``, ``below`` under ``edges[0]``. Values are >= 0; from 0, by a few comparisons (faster)."""
    if edges[0] == 0 and nb < 100:
        whole = v.dtype.kind in "iu"
        k = np.zeros(v.shape, dtype=np.int8)
        for e in edges[1:nb + 1]:
            k += v >= (math.ceil(e) if whole else e)  # v >= 50.5 <=> v >= 51 for whole numbers
        return k
    k = np.searchsorted(edges, v, side="right") - 1
    return np.where(k < 0, below, np.minimum(k, nb))


class _CloseInSpaceAndTime:
    """Counts, per permutation of times, the pairs close in space and time by (distance band, time band).

    ``tables(perms)`` returns an array (len(perms), nsf + 1, ntf + 2) and the number of pairs looked
    at: rows = the finite distance bands counted from pairs, then a row for "none of them"; columns
    = the finite time bands counted from pairs, then "at or past the last of them", then "closer in
    time than the first edge". Whole metres (Manhattan) and whole days are differenced in int32
    (exact: the same numbers as in float).
    """

    def __init__(self, xs, ys, td, group, se, te, nsf, ntf, p):
        self.n = n = len(xs)
        self.p, self.se, self.te, self.nsf, self.ntf = p, se, te, nsf, ntf
        self.order = np.argsort(td, kind="stable")  # time rank -> index of the time
        self.ts = td[self.order]
        self.rank_of = np.empty(n, dtype=np.int64)
        self.rank_of[self.order] = np.arange(n)
        labels, self.group = np.unique(group, return_inverse=True)  # -1 (no close partner) first
        self.lone = 0 if len(labels) and labels[0] < 0 else -1
        self.group = self.group.astype(np.int16 if len(labels) < 2 ** 15 else np.int64)  # int16: radix sort
        self.ngroups = len(labels)
        self.dmax = te[ntf]  # pairs this far apart in time or more are not counted from pairs
        span = float(self.ts[-1] - self.ts[0]) if n else 0.0
        whole_days = bool(np.all(td == np.round(td))) and span < 2 ** 30
        self.margin = 0.5 if whole_days else 1.0  # window generously; the exact band is looked up after
        self.width = 2.0 ** math.ceil(math.log2(span + self.dmax + 2 * self.margin + 2))
        self.tcols = ntf + 2
        self.t_rel = (self.ts - self.ts[0]).astype(np.int32) if whole_days and n else None
        extent = float(np.ptp(xs) + np.ptp(ys)) if n else 0.0
        whole_metres = (p == 1 and bool(np.all(xs == np.round(xs)) and np.all(ys == np.round(ys)))
                        and extent < 2 ** 30)
        if whole_metres and n:  # x and y as one int64 word (two int32): one gather per pair
            self.xy = np.column_stack([xs - xs.min(), ys - ys.min()]).astype(np.int32)
        else:
            self.xy = None
            self.xs, self.ys = xs, ys
        self.cell_lut = None
        rmax = se[nsf]
        if self.xy is not None and self.t_rel is not None and (math.ceil(rmax) + 1) * (self.dmax + 2) <= 2 ** 22:
            # cell (distance band * columns + time band) of every whole distance (capped at the last
            # counted edge: farther is "no band" all the same) and every whole number of days in the window
            self.dist_cap = int(math.ceil(rmax))
            self.dt_size = int(self.dmax + self.margin) + 1
            ds = np.arange(self.dist_cap + 1)
            dts = np.arange(self.dt_size)
            self.cell_lut = ((_bands(ds, se, nsf, nsf).astype(np.int32) * self.tcols)[:, None]
                             + _bands(dts, te, ntf, ntf + 1)[None, :]).ravel()

    def tables(self, perms: np.ndarray) -> tuple[np.ndarray, int]:
        reps, n = perms.shape
        rows = np.arange(reps)[:, None]
        ev = np.empty_like(perms)  # ev[r, k] = the event that holds the k-th smallest time
        ev[rows, self.rank_of[perms]] = np.arange(n)
        grp = self.group[ev]
        o = np.argsort(grp, axis=1, kind="stable")  # by component, then by time (ranks already ascending)
        ev = np.take_along_axis(ev, o, axis=1).ravel()
        grp = np.take_along_axis(grp, o, axis=1)
        o = o.ravel()
        t = self.ts[o]
        key = ((rows * self.ngroups + grp.astype(np.float64)) * self.width).ravel() + (t - self.ts[0] if n else t)
        pos = np.arange(reps * n)
        w = np.searchsorted(key, key + (self.dmax + self.margin), side="left") - pos - 1
        w[grp.ravel() == self.lone] = 0
        total = int(w.sum())
        # pair k = (a, b): a repeats each position w times, b = the next w positions after it
        b = np.arange(total)
        b -= np.repeat(np.cumsum(w) - w - pos - 1, w)
        if self.t_rel is not None:
            ti = self.t_rel[o]
            dt = ti[b]
            dt -= np.repeat(ti, w)
        else:
            dt = t[b] - np.repeat(t, w)  # >= 0: the same values as |t_i - t_j|
        if self.xy is not None:
            xy = self.xy[ev]
            d = xy.view(np.int64).ravel()[b].view(np.int32).reshape(-1, 2)
            d -= np.repeat(xy, w, axis=0)
            np.abs(d, out=d)
            dist = d[:, 0] + d[:, 1]
        else:
            x, y = self.xs[ev], self.ys[ev]
            if self.p == 1:
                dist = np.abs(np.repeat(x, w) - x[b]) + np.abs(np.repeat(y, w) - y[b])
            else:
                dist = np.hypot(np.repeat(x, w) - x[b], np.repeat(y, w) - y[b])
        if self.cell_lut is not None:  # whole metres and days: the cell from one table
            np.minimum(dist, self.dist_cap, out=dist)
            dist *= self.dt_size
            dist += dt
            code = self.cell_lut[dist]
        else:
            code = _bands(dist, self.se, self.nsf, self.nsf).astype(np.int32) * self.tcols
            code += _bands(dt, self.te, self.ntf, self.ntf + 1)
        cells = (self.nsf + 1) * self.tcols
        ends = np.cumsum(w.reshape(reps, n).sum(axis=1))  # the pairs of a permutation are consecutive
        out = np.empty((reps, self.nsf + 1, self.tcols), dtype=np.int64)
        for r, (lo, hi) in enumerate(zip(np.concatenate([[0], ends[:-1]]), ends)):
            out[r] = np.bincount(code[lo:hi], minlength=cells).reshape(self.nsf + 1, self.tcols)
        return out, total


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Connected component of each event in the graph of close pairs; -1 for an event with no close pair."""
    g = coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    _, lab = connected_components(g, directed=False)
    has = np.zeros(n, bool)
    has[i] = True
    has[j] = True
    return np.where(has, lab, -1)


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
    open_s, open_t = math.isinf(se[-1]), math.isinf(te[-1])
    nsf, ntf = ns - open_s, nt - open_t  # bands counted from pairs; an open last band by subtraction
    rmax = se[-2] if open_s else se[-1]
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
    keep = (sb >= 0) & (sb < nsf)
    i, j, sb = i[keep], j[keep], sb[keep]
    per_band = np.bincount(sb, minlength=nsf)  # close pairs per distance band: fixed under permutation
    if nrep is None:
        nrep = 999 if len(sb) * 999 <= KNOX_PAIR_BUDGET else 299
    tot = _all_pair_time_counts(np.sort(td), te) if open_s else None  # also fixed under permutation
    counter = _CloseInSpaceAndTime(xs, ys, td, _components(n, i, j), se, te, nsf, ntf, p)

    def full(f: np.ndarray) -> np.ndarray:  # (reps, nsf+1, ntf+2) -> (reps, ns, nt)
        out = np.zeros((len(f), ns, nt))
        out[:, :nsf, :ntf] = f[:, :nsf, :ntf]
        if open_t:
            out[:, :nsf, -1] = per_band - f[:, :nsf, :ntf].sum(axis=2) - f[:, :nsf, ntf + 1]
        if open_s:
            out[:, -1] = tot - out[:, :-1].sum(axis=1)
        return out

    f, npairs = counter.tables(np.arange(n)[None, :])
    obs = full(f)[0]
    sims = np.zeros((max(nrep, 0), ns, nt))
    if nrep > 0:
        rng = np.random.default_rng(seed)
        batch = max(1, min(nrep, PAIRS_PER_BATCH // max(npairs, 1), 2_000_000 // max(n, 1)))
        for start in range(0, nrep, batch):  # the same permutations, in the same order, as one at a time
            perms = np.stack([rng.permutation(n) for _ in range(min(batch, nrep - start))])
            sims[start:start + len(perms)] = full(counter.tables(perms)[0])
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
                   temporal_bands=(0, 8, 15, 22, np.inf), *, nrep: int | None = None,
                   max_events: int | None = KNOX_MAX_EVENTS, **kwargs) -> pd.DataFrame:
    """:func:`knox_test` on an incidents frame (``x, y, tidpunkt``; rows without coordinates dropped).

    Times are whole Swedish calendar days (as police dates in NearRepeat), so [0, 8) means 0-7 days apart.
    ``nrep=None`` chooses 999 or, for very many close pairs, 299 permutations (see :func:`knox_test`).
    More than ``max_events`` events (None: no limit): the test runs on a simple random sample of
    ``max_events`` of them, drawn with its own generator seeded from ``seed``; ``attrs['urval_av']`` is then
    the number of events the sample was drawn from (see :data:`KNOX_MAX_EVENTS`).
    """
    from .grid import valid_xy

    check_incidents(incidents)
    ok = valid_xy(incidents)
    d = incidents[ok]
    total = len(d)
    if max_events is not None and total > max_events:
        rng = np.random.default_rng([int(kwargs.get("seed", 1)), 2024])  # not the permutations' stream
        d = d.iloc[np.sort(rng.choice(total, size=int(max_events), replace=False))]
    days = (local_minutes(d[C.TIDPUNKT]) // 1440).astype(float)
    out = knox_test(d[C.X].to_numpy(float), d[C.Y].to_numpy(float), days, spatial_bands,
                    temporal_bands, nrep=nrep, **kwargs)
    if len(d) < total:
        out.attrs["urval_av"] = total
    return out
