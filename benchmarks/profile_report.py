"""Where the time of one step-1 report goes, in a warm process (no notebook, no kernel).

    .venv/bin/python benchmarks/profile_report.py [--kommun Heby] [--varv 3] [--cprofile]

Runs the step-1 sections for one municipality ``--varv`` times in one process (the first run pays the
imports) and prints, for the last run: loading the inputs, building each section, and turning each
figure into image bytes the way the report does (``figures.style.show``'s path).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECTIONS = ("oversikt", "sammanfattning", "vanligaste_problem", "jamforelse", "utveckling", "nar", "var",
            "trygghet", "kallor_och_begransningar", "lagkrav")


def one_report(kommun: str, render) -> dict:
    from lagesbild_methods.steps import step1

    t = {}
    t0 = time.perf_counter()
    ctx = step1.load(kommun, 2015, 2025)
    t["load"] = time.perf_counter() - t0
    figs = []
    for name in SECTIONS:
        t0 = time.perf_counter()
        sec = getattr(step1, name)(ctx)
        t[name] = time.perf_counter() - t0
        figs += [p[1] for p in sec.parts if p[0] == "fig"]
    t0 = time.perf_counter()
    nbytes = sum(len(render(f)) for f in figs)
    t["figures_to_bytes"] = time.perf_counter() - t0
    t["n_figures"] = len(figs)
    t["figure_bytes"] = nbytes
    import matplotlib.pyplot as plt

    plt.close("all")
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kommun", default="Heby")
    ap.add_argument("--varv", type=int, default=3)
    ap.add_argument("--cprofile", action="store_true")
    args = ap.parse_args()
    from lagesbild_methods.figures.style import to_png

    for i in range(args.varv):
        if args.cprofile and i == args.varv - 1:
            import cProfile
            import pstats

            prof = cProfile.Profile()
            prof.enable()
        t = one_report(args.kommun, to_png)
    if args.cprofile:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    total = sum(v for k, v in t.items() if k not in ("n_figures", "figure_bytes"))
    for k, v in t.items():
        print(f"{k:28s} {v:8.3f}" if isinstance(v, float) else f"{k:28s} {v}")
    print(f"{'total':28s} {total:8.3f}")


if __name__ == "__main__":
    main()
