"""CPU of step 1's statistics sections (sammanfattning, vanligaste_problem, jamforelse, utveckling, trygghet)
per report, with the time spent drawing their figures (``figures.stats_figures``) separated out.

    .venv/bin/python benchmarks/profile_stats_sections.py --kommun Heby --kommun Uppsala --varv 3
    # the same for an older commit, side by side in the same minutes (the load changes quickly):
    git archive 6903fd3 | tar -x -C /tmp/lagesbild_fore
    .venv/bin/python benchmarks/profile_stats_sections.py --rot /tmp/lagesbild_fore --kommun Heby

Each kommun runs ``--varv`` times in one warm process; the first run pays imports and the per-worker
caches and is not counted; the least CPU (``time.process_time``) of the other runs is printed (a busy
shared machine only ever adds). The memoized count intervals are cleared before every run, so a run does
not profit from the previous run of the same kommun. Figures are drawn but not saved (saving is
``profile_report.py``'s ``figures_to_bytes``).
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

SECTIONS = ("sammanfattning", "vanligaste_problem", "jamforelse", "utveckling", "trygghet")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kommun", action="append")
    ap.add_argument("--varv", type=int, default=3)
    ap.add_argument("--rot", help="the repository whose lagesbild_methods is measured (default: this one)")
    args = ap.parse_args()
    sys.path.insert(0, str(Path(args.rot).resolve() if args.rot else Path(__file__).resolve().parents[1]))
    import matplotlib.pyplot as plt

    from lagesbild_methods.figures import stats_figures as SF
    from lagesbild_methods.stats import ratetest
    from lagesbild_methods.steps import step1

    drawing, depth = [0.0], [0]
    for name in ("ranked_dot_plot", "funnel_plot", "rate_over_time"):
        def timed(f):
            @functools.wraps(f)
            def g(*a, **k):
                depth[0] += 1
                c = time.process_time()
                try:
                    return f(*a, **k)
                finally:
                    depth[0] -= 1
                    if depth[0] == 0:
                        drawing[0] += time.process_time() - c
            return g
        setattr(SF, name, timed(getattr(SF, name)))
    clear = getattr(getattr(ratetest, "_count_interval", None), "cache_clear", lambda: None)
    print(f"{'kommun':12s} {'statistics':>10s} {'drawing':>8s} {'total':>7s}  " + " ".join(s[:10] for s in SECTIONS))
    rows = []
    for kommun in args.kommun or ["Heby"]:
        best = None
        for i in range(max(args.varv, 2)):
            ctx = step1.load(kommun, 2015, 2025)
            clear()
            drawing[0] = 0.0
            t = {}
            for name in SECTIONS:
                c = time.process_time()
                getattr(step1, name)(ctx)
                t[name] = time.process_time() - c
            plt.close("all")
            total = sum(t.values())
            if i and (best is None or total - drawing[0] < best[0]):
                best = (total - drawing[0], drawing[0], total, t)
        rows.append(best)
        print(f"{kommun:12s} {best[0]:10.3f} {best[1]:8.3f} {best[2]:7.3f}  "
              + " ".join(f"{best[3][s]:10.3f}" for s in SECTIONS))
    n = len(rows)
    print(f"{'mean':12s} {sum(r[0] for r in rows) / n:10.3f} {sum(r[1] for r in rows) / n:8.3f} "
          f"{sum(r[2] for r in rows) / n:7.3f}   (CPU s, load {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
