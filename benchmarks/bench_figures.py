"""Cost and size of a report's figures: SVG (text as text, the choice) against PNG.

Usage: ``.venv/bin/python benchmarks/bench_figures.py [--kommun 0331 --kommun 0380] [--repeat 3]``

Builds every figure of the step-1 report for each municipality (the sections are built once,
outside the timing), then saves each figure the way ``figures.style.show`` would, as

* SVG: ``style.to_svg`` (the house choice; text kept as text, dense scatters rasterised), and
* PNG: ``style.to_png`` at ``savefig.dpi`` (150) -- what a user gets from ``fig.savefig(...png)``,
  and the way the reports were made before.

Reported per municipality and format: seconds per report (sum over figures, best of ``--repeat``),
bytes embedded in the HTML (SVG percent-encoded as in the report, PNG as base64) and the smallest
text in CSS px on a 390 px phone (report column 358 px). Targets (issue 16 with the engineer
"scale"): figure cost well under 1 s per report, report <= 1 MB, text >= 10 px on the phone.

Measured on the shared 2-core machine (November 2026, other engineers' jobs running; noisy):
see ``benchmarks/README.md``.
"""
from __future__ import annotations

import argparse
import base64
import time

import matplotlib

matplotlib.use("Agg")

from lagesbild_methods.figures import style  # noqa: E402
from lagesbild_methods.runner.export import svg_data_url  # noqa: E402
from lagesbild_methods.steps import step1  # noqa: E402


def report_figures(kod: str) -> list:
    ctx = step1.load(kod, 2015, 2025)
    figs = []
    for build in (step1.jamforelse, step1.utveckling, step1.nar, step1.var, step1.trygghet):
        figs += [p[1] for p in build(ctx).parts if p[0] == "fig"]
    return figs


def measure(figs: list, fmt: str, repeat: int) -> tuple[float, float, int, float]:
    """Best-of-``repeat`` wall and CPU seconds to save all figures, embedded bytes, smallest phone text (px)."""
    best, cpu, size = float("inf"), float("inf"), 0
    for _ in range(repeat):  # style.legible() is idempotent: later rounds save the same figures again
        t0, c0 = time.perf_counter(), time.process_time()
        out = [style.to_svg(f) if fmt == "svg" else style.to_png(f) for f in figs]
        best = min(best, time.perf_counter() - t0)
        cpu = min(cpu, time.process_time() - c0)
        size = sum(len(svg_data_url(s)) for s in out) if fmt == "svg" else sum(len(base64.b64encode(b)) for b in out)
    # same layout in both formats: the smallest text on the phone is read from the SVG
    min_px = min(style.svg_min_font_px(style.to_svg(f)) for f in figs)
    return best, cpu, size, min_px


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--kommun", action="append", help="SCB code (default 0331 Heby and 0380 Uppsala)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import os

    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for kod in args.kommun or ["0331", "0380"]:
        figs = report_figures(kod)
        for fmt in ("svg", "png"):
            sec, cpu, size, px = measure(figs, fmt, args.repeat)
            print(f"{kod} {fmt}: {len(figs)} figures, {sec:.2f} s wall / {cpu:.2f} s CPU per report "
                  f"({cpu / len(figs) * 1000:.0f} ms CPU per figure), {size / 1000:.0f} kB in the HTML, "
                  f"smallest text {px:.1f} px at 390 px")


if __name__ == "__main__":
    main()
