"""Extra variation between years (overdispersion) of yearly counts, estimated from the data.

Reported crime counts vary more from year to year than a Poisson model says: reporting campaigns,
one active offender, a changed police routine. A change test that ignores this calls ordinary
year-to-year swings "säkerställd" (issue 10: 21-68 % false alarms at 150-2 000 crimes a year with
10 % extra variation). This module estimates the extra variation so that every test (change,
trend, benchmark comparison, funnel) can use the same number.

Model (negative binomial, NB2): the count of year t is NB with mean mu_t = pop_t exp(a + b t)
and variance mu_t (1 + alpha mu_t). ``alpha`` is the squared coefficient of variation of the
*true* rate around its smooth (log-linear) path: alpha = 0.01 means the rate itself wobbles about
10 % from year to year. Because alpha is a relative quantity it is comparable between a small and
a large municipality, which is what makes pooling sensible.

Estimator: each series gets a Poisson GLM with log(population) offset and a linear trend
(intercept only below 5 years; ``statsmodels``). alpha is then the moment (Pearson) estimator of
MASS::theta.mm (Venables & Ripley 2002; Breslow 1984): the value that makes the Pearson
chi-square sum(O - mu)^2 / (mu (1 + alpha mu)) equal to the residual degrees of freedom, solved
with ``scipy.optimize.brentq`` and truncated at 0 (no extra variation).

Pooling: a yearly series gives 9 degrees of freedom in 11 years, too few for a stable estimate,
so alpha is shared, and the choice is made per series:

1. ``own``: the series alone, if it has ``min_df`` degrees of freedom (monthly data, long series);
2. ``peers``: for a kommun, all kommuner of the frame (the county's), all categories. Each
   category's kommuner form a pool with its moment estimate; the pools are combined by their
   precision at alpha = 0, (sum mu)^2 / 2 df, so the large categories, which carry the information
   on alpha, decide it, and a small category is not judged with its own noisy estimate (which
   made the tests conservative at 5 events a year);
3. ``peers_category``: the category's own kommun pool instead, when it varies clearly more than
   the combined value (Pearson test without the single most extreme year, p < ``check_level``: a
   change being tested must not by itself widen the test);
4. ``categories``: for a county, the country or a kommungrupp (no peers): its categories combined
   the same way;
5. ``own`` with at least 5 degrees of freedom when the pools are short, else ``all`` (every series
   of the frame combined, if that has 5), else ``assumed`` (:data:`ALPHA_ASSUMED`, 10 % extra
   variation: too few years to estimate it; an estimate from 1-4 degrees of freedom, widened by its
   t calibration, would be meaningless).

Finally a series that varies clearly more than its pool (Pearson test of the pool's alpha on the
own series without its most extreme year, p < ``check_level``) gets its own estimate, so a volatile series is never judged with
its calmer neighbours' variation. The common alpha across categories is an assumption (the
bundled exercise data are built that way, as a split of one negative-binomial total); steps 3 and
the own-series check are the guard against it.

Evidence first: the estimate is used only when its pool's Pearson test of "no extra variation" has
p < ``evidence_level`` (0.05); otherwise alpha = 0. The pools have tens to hundreds of degrees of
freedom dominated by the large series, so any variation that matters is found (unlike the old
switch on a single 9-df series, which missed it in 10-12 % of flat series); without this step the
noise of an estimate truncated at 0 made every test conservative at large counts (3-4 % instead of 5 %
false alarms at 2 000 events a year).

Small degrees of freedom: the alpha used by the tests is the estimate times
(t_{df, 0.975} / z_{0.975})^2, the Student-t calibration of a variance estimated with df degrees
of freedom (at 20 df: x 1.10; at 9 df: x 1.33). For combined pools df is the effective number
(sum w)^2 / sum(w^2/df_i): a county whose alpha rests on its largest crime type has about 9. With alpha = 0 the tests are the ordinary exact
/ mid-p Poisson tests.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from scipy import optimize as _opt
from scipy import stats as _st

from .. import columns as C
from ..errors import ParameterError
from .rates import _as_float, check_columns, validate_counts
from .seriesfit import TREND_FROM_YEARS, fit_many, fit_series  # noqa: F401 (fit_series: public via this module)

#: alpha used when it cannot be estimated (a single year): 10 % extra variation of the rate.
ALPHA_ASSUMED = 0.01
#: Degrees of freedom a pool needs before its estimate is used.
MIN_DF = 20
#: Fewer degrees of freedom than this give no usable estimate at all (alpha is then assumed).
MIN_DF_FALLBACK = 5
#: A series whose own Pearson test against the pooled alpha has p below this gets its own alpha.
CHECK_LEVEL = 0.01
#: The estimate is used only when its pool shows extra variation (Pearson test of alpha = 0, p below
#: this); otherwise the tests stay Poisson. With pooled degrees of freedom (hundreds, dominated by the
#: large series) the test finds any extra variation that matters; without it the noise of a truncated
#: estimate around 0 makes every test conservative at large counts.
EVIDENCE_LEVEL = 0.05

#: Output columns.
OVERSPRIDNING = "overspridning"  # alpha used by the tests (t-calibrated)
SKATTNING = "overspridning_skattning"  # the pool's raw moment estimate
FRIHETSGRADER = "overspridning_df"  # residual degrees of freedom of the pool
KALLA = "overspridning_kalla"  # which pool: own, peers, categories, all, assumed
P_VARDE = "overspridning_p"  # p-value of "no extra variation" (Pearson chi-square of the pool)
ANTAL_AR = "antal_ar"

SOURCES = ("own", "peers", "peers_category", "categories", "all", "assumed")


def _is_kommun(code) -> bool:
    s = str(code)
    return len(s) == 4 and s.isdigit()


def pearson(counts, mus, alpha: float) -> float:
    """Pearson chi-square sum (O - mu)^2 / (mu (1 + alpha mu)) over cells with mu > 0."""
    o = np.asarray(counts, dtype=float)
    m = np.asarray(mus, dtype=float)
    ok = m > 0
    return float(np.sum((o[ok] - m[ok]) ** 2 / (m[ok] * (1 + alpha * m[ok]))))


def moment_alpha(counts, mus, df: int) -> float:
    """NB2 alpha from the Pearson moment equation (MASS::theta.mm), truncated at 0.

    Solves sum (O - mu)^2 / (mu (1 + alpha mu)) = df. Returns NaN when df < 1.
    """
    if df < 1:
        return float("nan")
    f0 = pearson(counts, mus, 0.0) - df
    if f0 <= 0:
        return 0.0
    hi = 1.0
    while pearson(counts, mus, hi) - df > 0 and hi < 1e12:
        hi *= 10
    return float(_opt.brentq(lambda a: pearson(counts, mus, a) - df, 0.0, hi, xtol=1e-14, rtol=1e-10))


def calibration(df: float, confidence: float = 0.95) -> float:
    """(t_{df} / z)^2 at the two-sided level: the factor by which an alpha estimated with ``df``
    degrees of freedom is widened before it is used in a normal-theory or exact test."""
    if not np.isfinite(df) or df <= 0:
        return 1.0
    q = 1 - (1 - confidence) / 2
    return float((_st.t.ppf(q, df) / _st.norm.ppf(q)) ** 2)


class _Pool:
    """Pearson statistics of a set of series: the truncated moment estimate ``alpha``, an
    untruncated one for combining (negative when the spread is below Poisson; linearised there),
    its precision weight at alpha = 0 ((sum mu)^2 / 2 df) and the p-value of "no extra variation"."""

    __slots__ = ("alpha", "raw", "weight", "df", "x2", "p", "counts", "mus")

    def __init__(self, counts, mus, df):
        self.counts, self.mus = counts, mus
        self.df = int(df)
        self.x2 = pearson(counts, mus, 0.0)
        total = float(np.sum(mus))
        if self.df >= 1:
            self.alpha = moment_alpha(counts, mus, self.df)
            self.raw = self.alpha if self.x2 >= self.df else (self.x2 - self.df) / max(total, 1e-300)
            self.weight = total ** 2 / (2 * self.df)
            self.p = float(_st.chi2.sf(self.x2, self.df))
        else:
            self.alpha = self.raw = self.p = float("nan")
            self.weight = 0.0

    def p_against(self, alpha: float) -> float:
        """p-value of the Pearson test of this pool's spread against a given alpha (upper tail), leaving
        out the single largest contribution (and one degree of freedom): one extreme year, such as the
        change about to be tested, must not by itself make a series count as volatile."""
        if self.df < 2:
            return 1.0
        o, m = np.asarray(self.counts, dtype=float), np.asarray(self.mus, dtype=float)
        ok = m > 0
        contrib = (o[ok] - m[ok]) ** 2 / (m[ok] * (1 + alpha * m[ok]))
        if contrib.size == 0:
            return 1.0
        return float(_st.chi2.sf(contrib.sum() - contrib.max(), self.df - 1))


def combine(pools: list) -> tuple[float, int, float, float]:
    """(alpha, df, effective df, p) of several pools: the precision-weighted mean of their untruncated
    estimates (weights (sum mu)^2 / 2 df, so large series, which carry the information on alpha,
    dominate), truncated at 0; the effective degrees of freedom of that mean, (sum w)^2 / sum(w^2/df)
    (a mean dominated by one 9-df pool has about 9), for the t calibration; and the p-value of the
    Pearson test of "no extra variation" over all of them."""
    use = [p for p in pools if p.df >= 1 and p.weight > 0]
    if not use:
        return float("nan"), 0, float("nan"), float("nan")
    w = np.array([p.weight for p in use])
    dfs = np.array([p.df for p in use], dtype=float)
    alpha = max(0.0, float(np.sum(w * np.array([p.raw for p in use])) / w.sum()))
    df = int(dfs.sum())
    df_eff = float(w.sum() ** 2 / np.sum(w ** 2 / dfs))
    return alpha, df, df_eff, float(_st.chi2.sf(sum(p.x2 for p in use), df))


def estimate_extra_variation(df: pd.DataFrame, *, series: Sequence[str] = (C.KOMMUNKOD, C.BROTTSTYP),
                             count: str = C.ANTAL, denominator: str = C.FOLKMANGD, year: str = C.AR,
                             area: str = C.KOMMUNKOD, category: str = C.BROTTSTYP,
                             is_peer: Callable[[object], bool] = _is_kommun, min_df: int = MIN_DF,
                             check_level: float = CHECK_LEVEL, evidence_level: float = EVIDENCE_LEVEL,
                             confidence: float = 0.95) -> pd.DataFrame:
    """Extra year-to-year variation (NB2 alpha) of every series in a yearly count frame.

    Parameters
    ----------
    df : DataFrame
        Long frame with ``series`` keys, ``year``, ``count`` and ``denominator`` (population); e.g.
        the county's kommuner, the county and the country, all categories, all years. Rows with a
        missing count or population are left out of the estimate (they stay missing elsewhere).
    series : keys identifying one series (default kommun x crime type).
    area, category : the columns that define peers (same category, other kommuner) and the
        category pool (same area, other categories). Either may be absent from ``series``.
    is_peer : which areas pool with each other (default: four-digit kommun codes).
    min_df : degrees of freedom a pool needs (default 20).
    check_level : level of the per-series test against its pool's alpha.
    evidence_level : the estimate is used only when its pool's test of "no extra variation" has p
        below this (default 0.05); otherwise the tests use alpha = 0 (Poisson).
    confidence : level whose t quantile calibrates alpha for small df.

    Returns
    -------
    DataFrame
        One row per series: the keys, ``antal_ar``, ``overspridning`` (alpha for the tests, after
        the t calibration), ``overspridning_skattning`` (the pool's estimate), ``overspridning_df``,
        ``overspridning_kalla`` (``own``/``peers``/``categories``/``all``/``assumed``) and
        ``overspridning_p`` (p-value of the pool's test of "no extra variation").
    """
    series = [s for s in series if s in df.columns]
    check_columns(df, [*series, year, count, denominator])
    o_all = _as_float(df[count], count)
    e_all = _as_float(df[denominator], denominator)
    validate_counts(o_all, e_all, count, denominator, allow_count_above_denominator=True,
                    index=range(1, len(df) + 1))
    if min_df < 1:
        raise ParameterError("min_df måste vara minst 1.")
    d = df[series].copy()
    d["_y"] = pd.to_numeric(df[year]).to_numpy(dtype=float)
    d["_o"], d["_e"] = o_all, e_all
    d = d[np.isfinite(d["_o"]) & np.isfinite(d["_e"])]
    fits: dict = {}
    n_years: dict = {}
    groups = d.groupby(series, dropna=False, sort=True) if series else [((), d)]
    keys, data = [], []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        g = g.sort_values("_y")
        keys.append(key)
        data.append((g["_y"].to_numpy(), g["_o"].to_numpy(), g["_e"].to_numpy()))
        n_years[key] = int(g["_y"].nunique())
    for key, (y, o, e), (mu, dfr) in zip(keys, data, fit_many(data)):
        fits[key] = (o, mu, dfr)
    # every key listed, also those whose rows were all missing
    all_keys = [k if isinstance(k, tuple) else (k,) for k in
                (df[series].drop_duplicates().itertuples(index=False, name=None) if series else [()])]
    for k in all_keys:
        fits.setdefault(k, (np.zeros(0), np.zeros(0), 0))
        n_years.setdefault(k, 0)

    pos = {name: i for i, name in enumerate(series)}
    cache: dict = {}

    def pool(keys: tuple) -> _Pool:
        if keys not in cache:
            o = np.concatenate([fits[k][0] for k in keys]) if keys else np.zeros(0)
            m = np.concatenate([fits[k][1] for k in keys]) if keys else np.zeros(0)
            cache[keys] = _Pool(o, m, sum(fits[k][2] for k in keys))
        return cache[keys]

    keys_sorted = tuple(sorted(fits, key=lambda k: tuple(map(str, k))))
    group_cache: dict = {}

    def groups_of(key) -> tuple[str, list, tuple | None]:
        """The pools a series is combined with, and its own category's pool."""
        a_val = key[pos[area]] if area in pos else None
        c_val = key[pos[category]] if category in pos else None
        if area in pos and is_peer(a_val):
            gkey = ("peers",)
            if gkey not in group_cache:
                peers = [k for k in keys_sorted if is_peer(k[pos[area]])]
                cats = sorted({k[pos[category]] for k in peers}, key=str) if category in pos else [None]
                group_cache[gkey] = {c: tuple(k for k in peers if c is None or k[pos[category]] == c) for c in cats}
            by_cat = group_cache[gkey]
            return "peers", [pool(v) for v in by_cat.values()], by_cat.get(c_val)
        if area in pos:
            gkey = ("area", a_val)
            if gkey not in group_cache:
                group_cache[gkey] = {k: (k,) for k in keys_sorted if k[pos[area]] == a_val}
            return "categories", [pool(v) for v in group_cache[gkey].values()], (key,)
        return "all", [pool((k,)) for k in keys_sorted], (key,)

    rows = []
    for key in all_keys:
        own = pool((key,))
        source, alpha_hat, dfp, p_val = "assumed", ALPHA_ASSUMED, np.nan, np.nan
        if own.df >= min_df:
            source, alpha_hat, dfp, p_val = "own", own.alpha, own.df, own.p
        else:
            name, pools, cat_keys = groups_of(key)
            a_comb, df_comb, df_eff, p_comb = combine(pools)
            if df_comb >= min_df:
                source, alpha_hat, dfp, p_val = name, a_comb, df_eff, p_comb
                cat = pool(cat_keys) if cat_keys else None
                # a category that varies clearly more than the combined value keeps its own pool
                if (cat is not None and len(pools) > 1 and cat_keys != (key,) and cat.df >= 1
                        and cat.alpha > a_comb and cat.p_against(a_comb) < check_level):
                    source, alpha_hat, dfp, p_val = "peers_category", cat.alpha, cat.df, cat.p
            elif own.df >= MIN_DF_FALLBACK:
                source, alpha_hat, dfp, p_val = "own", own.alpha, own.df, own.p
            else:
                a_all, df_all, df_all_eff, p_all = combine([pool((k,)) for k in keys_sorted])
                if df_all >= MIN_DF_FALLBACK:
                    source, alpha_hat, dfp, p_val = "all", a_all, df_all_eff, p_all
        if source not in ("own", "assumed") and own.df >= 1:
            # a series that varies clearly more than its pool keeps its own estimate
            if own.alpha > alpha_hat and own.p_against(alpha_hat) < check_level:
                source, alpha_hat, dfp, p_val = "own", own.alpha, own.df, own.p
        if source == "assumed":
            used = ALPHA_ASSUMED
        elif not (p_val < evidence_level):
            used = 0.0  # no evidence of extra variation in the pool: Poisson
        else:
            used = alpha_hat * calibration(dfp, confidence)
        row = dict(zip(series, key))
        row.update({ANTAL_AR: n_years[key], OVERSPRIDNING: used, SKATTNING: alpha_hat, FRIHETSGRADER: dfp,
                    KALLA: source, P_VARDE: p_val})
        rows.append(row)
    return pd.DataFrame(rows, columns=[*series, ANTAL_AR, OVERSPRIDNING, SKATTNING, FRIHETSGRADER, KALLA, P_VARDE])


def lookup(estimates: pd.DataFrame, keys: dict, default: float = ALPHA_ASSUMED) -> float:
    """The alpha used for one series of :func:`estimate_extra_variation` (``default`` if absent)."""
    m = np.ones(len(estimates), dtype=bool)
    for k, v in keys.items():
        if k in estimates.columns:
            m &= (estimates[k] == v).to_numpy()
    hit = estimates.loc[m, OVERSPRIDNING]
    return float(hit.iloc[0]) if len(hit) else float(default)


def resolve(df: pd.DataFrame, extra_variation, *, by: Sequence[str], count: str = C.ANTAL,
            denominator: str = C.FOLKMANGD, year: str = C.AR) -> Callable[[dict], tuple[float, str]]:
    """Turn an ``extra_variation`` argument into a lookup ``keys -> (alpha, source)``.

    ``"auto"``/None: estimated from ``df`` with the series ``by``; a number: that alpha for every
    series (source ``"given"``); a frame from :func:`estimate_extra_variation`: looked up on the
    keys it shares with ``by`` (series it lacks get :data:`ALPHA_ASSUMED`, source ``"assumed"``).
    """
    if isinstance(extra_variation, pd.DataFrame):
        est = extra_variation
        check_columns(est, [OVERSPRIDNING, KALLA], "tabellen med extra variation")
    elif extra_variation is None or (isinstance(extra_variation, str) and extra_variation == "auto"):
        est = estimate_extra_variation(df, series=by, count=count, denominator=denominator, year=year)
    elif isinstance(extra_variation, str):
        raise ParameterError(f"Okänt värde för extra variation: '{extra_variation}'. Ange 'auto', ett tal "
                             "(0 = ingen extra variation) eller en tabell från estimate_extra_variation.")
    else:
        try:
            value = float(extra_variation)
        except (TypeError, ValueError):
            raise ParameterError("Den extra variationen måste vara 'auto', ett tal eller en tabell.") from None
        if not value >= 0:
            raise ParameterError("Den extra variationen måste vara ett tal större än eller lika med 0.")
        return lambda keys: (value, "given")
    shared = [k for k in by if k in est.columns]
    table = {tuple(r[:-2]): (float(r[-2]), str(r[-1]))
             for r in est[[*shared, OVERSPRIDNING, KALLA]].itertuples(index=False, name=None)}

    def get(keys: dict) -> tuple[float, str]:
        return table.get(tuple(keys.get(k) for k in shared), (ALPHA_ASSUMED, "assumed"))
    return get
