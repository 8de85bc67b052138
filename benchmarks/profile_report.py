"""Where the CPU of one step-1 report goes, in a warm process (no notebook, no kernel).

    .venv/bin/python benchmarks/profile_report.py [--kommun Heby] [--varv 3] [--cprofile] [--format svg|png]
    .venv/bin/python benchmarks/profile_report.py --kommun Heby --kommun Uppsala --kommun 1480

Runs the step-1 sections for each municipality ``--varv`` times in one process (the first run pays the
imports, font cache and the per-worker caches) and prints, for the last run, CPU seconds
(``time.process_time``; a busy shared machine inflates wall time, not CPU time) and wall seconds of:
loading the inputs, building each section (statistics, patterns, drawing the figures) and turning each
figure into the bytes the report embeds (SVG by default, as ``figures.style.show`` does).
``--figurer`` lists the cost of each figure. The load average is printed beside the numbers.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECTIONS = ("oversikt", "sammanfattning", "vanligaste_problem", "jamforelse", "utveckling", "nar", "var",
            "trygghet", "lokal_kunskap", "kallor_och_begransningar", "lagkrav", "om_metoderna", "ordlista")


class Clock:
    def __init__(self):
        self.cpu, self.wall = time.process_time(), time.perf_counter()

    def lap(self) -> tuple[float, float]:
        c, w = time.process_time(), time.perf_counter()
        out = (c - self.cpu, w - self.wall)
        self.cpu, self.wall = c, w
        return out


def one_report(kommun: str, render, per_figure: bool = False) -> dict:
    from lagesbild_methods.steps import step1
    from lagesbild_methods.steps.report import table_html

    t: dict = {}
    clk = Clock()
    ctx = step1.load(kommun, 2015, 2025)
    t["load"] = clk.lap()
    figs, tables = [], []
    for name in SECTIONS:
        sec = getattr(step1, name)(ctx)
        parts = sec.parts
        t[name] = clk.lap()
        figs += [(name, p[1]) for p in parts if p[0] == "fig"]
        tables += [p for p in parts if p[0] == "table"]
    for p in tables:
        table_html(p[1], p[2])
    t["tables_to_html"] = clk.lap()
    nbytes = 0
    for name, f in figs:
        nbytes += len(render(f))
        if per_figure:
            c, w = clk.lap()
            title = f.axes[0].get_title() if f.axes else ""
            print(f"    figure {name:12s} {c:6.3f} CPU  {title[:60]!r}")
    t["figures_to_bytes"] = clk.lap() if not per_figure else (0.0, 0.0)
    t["n_figures"] = len(figs)
    t["figure_bytes"] = nbytes
    import matplotlib.pyplot as plt

    plt.close("all")
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kommun", action="append")
    ap.add_argument("--varv", type=int, default=3)
    ap.add_argument("--cprofile", action="store_true")
    ap.add_argument("--figurer", action="store_true", help="the CPU of each figure")
    ap.add_argument("--format", choices=["svg", "png"], default="svg")
    args = ap.parse_args()
    from lagesbild_methods.figures.style import to_png, to_svg

    render = to_svg if args.format == "svg" else to_png
    for kommun in args.kommun or ["Heby"]:
        for i in range(args.varv):
            last = i == args.varv - 1
            if args.cprofile and last:
                import cProfile
                import pstats

                prof = cProfile.Profile()
                prof.enable()
            t = one_report(kommun, render, per_figure=args.figurer and last)
        if args.cprofile:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
        print(f"\n{kommun}: last of {args.varv} runs, load {os.getloadavg()[0]:.1f}")
        print(f"{'':28s} {'CPU s':>8s} {'wall s':>8s}")
        cpu = wall = 0.0
        for k, v in t.items():
            if isinstance(v, tuple):
                cpu += v[0]
                wall += v[1]
                print(f"{k:28s} {v[0]:8.3f} {v[1]:8.3f}")
            else:
                print(f"{k:28s} {v}")
        print(f"{'total':28s} {cpu:8.3f} {wall:8.3f}")


if __name__ == "__main__":
    main()
