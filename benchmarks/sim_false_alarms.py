"""False alarms and power of the "säkerställd" verdicts on simulated county data (issue 10).

Usage::

    .venv/bin/python benchmarks/sim_false_alarms.py            # full run (a few minutes)
    .venv/bin/python benchmarks/sim_false_alarms.py --reps 40 --before-reps 10  # quick look

Scenario (one replicate): a county of eight kommuner of equal size (20 000 inhabitants), 11 years
(2015-2025) and five crime types whose *constant* true rates make each kommun expect 5, 20, 150,
500 and 2 000 events a year (as a report has small and large categories side by side). Counts are
Poisson, or negative binomial with 10 % or 20 % extra variation of the true rate from year to year
(NB2 alpha = 0.01 and 0.04, the same for every type, independent per kommun and year). The county
is the sum.

For every replicate the library is used as the reports use it: ``estimate_extra_variation`` on
the kommuner and the county, then per kommun

* **change**: ``change_between_periods(2024 -> 2025, method=REPORT_METHOD)`` with that estimate;
* **trend**: ``trend`` 2015-2025 (negative binomial GLM with the pooled alpha);
* **benchmark**: the kommun against the county (``funnel(..., overdispersion="arsvariation")``,
  the same test as ``compare_with_region(..., method="midp")``, tested equal in
  tests/test_stats_change.py).

Every "säkerställd" (increase or decrease, higher or lower) is a false alarm. Beside them, the
methods the reports used before issue 10 on the same data: the exact conditional Poisson test
(change), Poisson GLM switching to NB only after a significant Pearson test (trend), and the
kommun's exact/Byar interval against the county value taken as fixed (benchmark).

Power: four of the eight kommuner drop by 20 % from 2023 (150 events a year before); the share of
those kommuner whose pooled 2020-2022 -> 2023-2025 change is a "säkerställd minskning".
Goal (issue 10): 4-6 % false alarms for Poisson data, at most 6 % with extra variation.
"""
from __future__ import annotations

import argparse
import importlib
import time

import numpy as np
import pandas as pd

from lagesbild_methods import columns as C
from lagesbild_methods.stats import REPORT_METHOD, change_between_periods, estimate_extra_variation, trend
from lagesbild_methods.verdicts import Change, Comparison, Trend

F = importlib.import_module("lagesbild_methods.stats.funnel")
RT = importlib.import_module("lagesbild_methods.stats.ratetest")
K = importlib.import_module("lagesbild_methods.stats.compare")

YEARS = np.arange(2015, 2026)
K_KOMMUNER = 8
POP = 20_000.0
LAMBDAS = (5, 20, 150, 500, 2000)
CVS = (0.0, 0.1, 0.2)
CODES = [f"03{i:02d}" for i in range(K_KOMMUNER)]


def draw(rng, mu: np.ndarray, cv: float) -> np.ndarray:
    if cv == 0:
        return rng.poisson(mu)
    size = 1 / cv ** 2
    return rng.negative_binomial(size, size / (size + mu))


CATS = [f"typ_{lam}" for lam in LAMBDAS]


def frame(o: np.ndarray) -> pd.DataFrame:
    """Long frame of counts o[kommun, type, year] plus the county (sum)."""
    rows = [(CODES[i], int(y), CATS[c], int(o[i, c, j]), POP)
            for i in range(K_KOMMUNER) for c in range(len(CATS)) for j, y in enumerate(YEARS)]
    rows += [("03", int(y), CATS[c], int(o[:, c, j].sum()), POP * K_KOMMUNER)
             for c in range(len(CATS)) for j, y in enumerate(YEARS)]
    return pd.DataFrame(rows, columns=[C.KOMMUNKOD, C.AR, C.BROTTSTYP, C.ANTAL, C.FOLKMANGD])


def _mu(scale=None) -> np.ndarray:
    mu = np.empty((K_KOMMUNER, len(LAMBDAS), YEARS.size))
    mu[:] = np.asarray(LAMBDAS, dtype=float)[None, :, None]
    return mu


def _count(verdicts: pd.Series, cats: pd.Series, significant) -> dict:
    hit = verdicts.isin(significant).to_numpy()
    return {c: int(hit[(cats == c).to_numpy()].sum()) for c in CATS}


def one_replicate(rng, cv: float, before: bool) -> dict:
    """Number of kommuner called significant, per (method, type)."""
    o = draw(rng, _mu(), cv)
    df = frame(o)
    kommuner = df[df[C.KOMMUNKOD] != "03"]
    est = estimate_extra_variation(df)
    out = {}
    ch = change_between_periods(kommuner, 2024, 2025, method=REPORT_METHOD, extra_variation=est)
    out["change"] = _count(ch["forandring"], ch[C.BROTTSTYP], [Change.INCREASE, Change.DECREASE])
    tr = trend(kommuner, extra_variation=est)
    out["trend"] = _count(tr["trend"], tr[C.BROTTSTYP], [Trend.INCREASING, Trend.DECREASING])
    bench = {}
    for c in CATS:
        last = kommuner[(kommuner[C.AR] == 2025) & (kommuner[C.BROTTSTYP] == c)]
        alpha_lan = float(est.loc[(est[C.KOMMUNKOD] == "03") & (est[C.BROTTSTYP] == c), "overspridning"].iloc[0])
        fun = F.funnel(last, overdispersion="arsvariation", extra_variation=est, region_extra_variation=alpha_lan,
                       grid=[POP])
        bench[c] = int(fun.punkter[K.SKILLNAD].isin([Comparison.HIGHER, Comparison.LOWER]).sum())
    out["benchmark"] = bench
    if before:
        old_ch = change_between_periods(kommuner, 2024, 2025, method="exact-cond", extra_variation=0.0)
        out["change_before"] = _count(old_ch["forandring"], old_ch[C.BROTTSTYP], [Change.INCREASE, Change.DECREASE])
        pois = trend(kommuner, family="poisson")
        over = (pois["dispersion_p"] < 0.05).to_numpy()
        verdicts = pois["trend"].copy()
        if over.any():
            sel = pois.loc[over, [C.KOMMUNKOD, C.BROTTSTYP]]
            nb = trend(kommuner.merge(sel, on=[C.KOMMUNKOD, C.BROTTSTYP]), family="negbin")
            verdicts[over] = nb.set_index([C.KOMMUNKOD, C.BROTTSTYP]).loc[
                list(map(tuple, sel.to_numpy())), "trend"].to_numpy()
        out["trend_before"] = _count(verdicts, pois[C.BROTTSTYP], [Trend.INCREASING, Trend.DECREASING])
        last = kommuner[kommuner[C.AR] == 2025]
        lan = df[(df[C.KOMMUNKOD] == "03") & (df[C.AR] == 2025)]
        old_cmp = K.compare_with_benchmark(last, lan, on=[C.AR, C.BROTTSTYP])
        out["benchmark_before"] = _count(old_cmp[K.SKILLNAD], old_cmp[C.BROTTSTYP],
                                         [Comparison.HIGHER, Comparison.LOWER])
    return out


def power_replicate(rng, cv: float, before: bool) -> dict:
    """Four of the eight kommuner drop by 20 % from 2023 in the 150-a-year type."""
    mu = _mu()
    c150 = LAMBDAS.index(150)
    mu[:4, c150, YEARS >= 2023] *= 0.8
    df = frame(draw(rng, mu, cv))
    kommuner = df[df[C.KOMMUNKOD] != "03"]
    est = estimate_extra_variation(df)
    p1, p2 = [2020, 2021, 2022], [2023, 2024, 2025]
    sub = kommuner[kommuner[C.BROTTSTYP] == CATS[c150]]
    ch = change_between_periods(sub, p1, p2, method=REPORT_METHOD, extra_variation=est)
    out = {"power": int((ch["forandring"].iloc[:4] == Change.DECREASE).sum())}
    if before:
        old = change_between_periods(sub, p1, p2, method="exact-cond", extra_variation=0.0)
        out["power_before"] = int((old["forandring"].iloc[:4] == Change.DECREASE).sum())
    return out


def exact_poisson_size(mu_area: float, mu_rest: float, level: float = 0.05) -> float:
    """Exact false-alarm rate of the conditional mid-p test (area against rest, or one year against the
    other) for Poisson counts when no extra variation is found: sum over the total N of P(N) times the
    binomial probability beyond the limits the library's own test gives for that N
    (``ratetest.area_count_limits``, the test turned around)."""
    from scipy import stats as st

    mu = mu_area + mu_rest
    pi = mu_area / mu
    span = 8 * np.sqrt(mu) + 10
    total = 0.0
    for n in range(max(1, int(mu - span)), int(mu + span) + 1):
        lo, hi = RT.area_count_limits(n, mu, mu_area, confidence=1 - level)
        reject = st.binom.cdf(np.ceil(lo) - 1, n, pi) + st.binom.sf(np.floor(hi), n, pi)
        total += st.poisson.pmf(n, mu) * reject
    return float(total)


def main(argv=None) -> pd.DataFrame:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reps", type=int, default=125, help="replicates per setting (8 kommuner x 5 types each)")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument("--before-reps", type=int, default=30,
                    help="replicates (of --reps) that also run the methods used before issue 10 (0 = none)")
    args = ap.parse_args(argv)
    rng = np.random.default_rng(args.seed)
    t0 = time.perf_counter()
    rows = []
    for cv in CVS:
        tot: dict = {}
        for r in range(args.reps):
            for method, per_cat in one_replicate(rng, cv, r < args.before_reps).items():
                for c, v in per_cat.items():
                    tot[(method, c)] = tot.get((method, c), 0) + v
        for lam, c in zip(LAMBDAS, CATS):
            row = {"extra_variation": f"{int(cv * 100)} %" if cv else "Poisson", "events_per_year": lam}
            for method in ("change", "trend", "benchmark", "change_before", "trend_before", "benchmark_before"):
                if (method, c) in tot:
                    reps = min(args.reps, args.before_reps) if method.endswith("_before") else args.reps
                    row[method] = 100 * tot[(method, c)] / (reps * K_KOMMUNER)
            rows.append(row)
            print(f"  {row['extra_variation']:>8} {lam:>5}/år: " + ", ".join(
                f"{k} {v:.1f} %" for k, v in row.items() if k not in ("extra_variation", "events_per_year")),
                flush=True)
    out = pd.DataFrame(rows)
    power_rows = []
    for cv in CVS:
        tot = {}
        for r in range(args.reps):
            for k, v in power_replicate(rng, cv, r < args.before_reps).items():
                tot[k] = tot.get(k, 0) + v
        power_rows.append({"extra_variation": f"{int(cv * 100)} %" if cv else "Poisson",
                           **{k: 100 * v / ((min(args.reps, args.before_reps) if k.endswith("_before") else args.reps)
                                            * 4) for k, v in tot.items()}})
    power = pd.DataFrame(power_rows)
    exact = pd.DataFrame([{"events_per_year": lam,
                           "change": 100 * exact_poisson_size(lam, lam),
                           "benchmark": 100 * exact_poisson_size(lam, lam * (K_KOMMUNER - 1))} for lam in LAMBDAS])
    n_tests = args.reps * K_KOMMUNER
    se = 100 * np.sqrt(0.05 * 0.95 / n_tests)
    pd.set_option("display.width", 160)
    print(f"\nFalse alarms in % (constant true rate; {args.reps} replicates x {K_KOMMUNER} kommuner = {n_tests} "
          f"tests per cell, Monte Carlo SE at 5 %: {se:.1f} points; *_before: the methods before issue 10 on the "
          f"first {min(args.reps, args.before_reps)} replicates; seed {args.seed}; {time.perf_counter() - t0:.0f} s)")
    print(out.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    print("\nExact false alarms in % of the same change and benchmark tests for Poisson data when no extra "
          "variation is found (no simulation; the Monte Carlo cells above scatter around these):")
    print(exact.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print(f"\nPower in %: 20 % drop at 150 events a year, 2020-2022 against 2023-2025 ({args.reps * 4} kommuner)")
    print(power.to_string(index=False, float_format=lambda v: f"{v:.1f}"))
    return out


if __name__ == "__main__":
    main()
