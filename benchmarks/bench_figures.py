"""CPU cost of a report's figures: drawing them (creation) and saving them the way a report embeds them.

Usage::

    .venv/bin/python benchmarks/bench_figures.py [--kommun 0331 --kommun 0380] [--repeat 5] [--per-figur] [--png]

For each municipality the step-1 sections that hold figures (jamforelse, utveckling, nar, var, trygghet)
are built ``--repeat`` times in one warm process (one more round first, not counted: imports, font cache,
per-worker caches). In each round the CPU seconds (``time.process_time``: a busy shared machine inflates
wall time far more than CPU time) are counted for

* creation: inside the figure functions of ``lagesbild_methods.figures`` (statistics and patterns are
  computed before they are called, so they are not counted), and
* saving: ``figures.style.to_svg`` for each figure, as ``figures.style.show`` does in a report.

Printed: the best round (lowest creation + saving) per report, the median round, bytes embedded in the
HTML and the smallest text on a 390 px phone; with ``--per-figur`` each figure's creation + saving in
the best round; with ``--png`` also ``style.to_png`` (PNG at ``savefig.dpi``) for comparison.

To measure the code of another checkout with the same script (side by side, same load)::

    cd /work/main && PYTHONPATH=$PWD /work/h-figfast/.venv/bin/python /work/h-figfast/benchmarks/bench_figures.py

Results: ``benchmarks/README.md``.
"""
from __future__ import annotations

import argparse
import functools
import os
import statistics
import time

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from lagesbild_methods.figures import maps, pattern_figures, stats_figures, style  # noqa: E402
from lagesbild_methods.runner.export import svg_data_url  # noqa: E402
from lagesbild_methods.steps import step1  # noqa: E402

SECTIONS = ("jamforelse", "utveckling", "nar", "var", "trygghet")
_CREATED: list = []  # (function name, CPU seconds) of the current round, outermost calls only
_DEPTH = [0]


def _timed(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        _DEPTH[0] += 1
        c0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            _DEPTH[0] -= 1
            if _DEPTH[0] == 0:
                _CREATED.append((fn.__name__, time.process_time() - c0))
    return wrapper


def _instrument() -> None:
    """Count the CPU spent inside every public figure function (the sections call them by module)."""
    for mod in (stats_figures, pattern_figures, maps):
        for name in dir(mod):
            fn = getattr(mod, name)
            if callable(fn) and getattr(fn, "__module__", "") == mod.__name__ and not name.startswith("_") \
                    and not isinstance(fn, type):
                setattr(mod, name, _timed(fn))


def one_round(ctx, save) -> dict:
    _CREATED.clear()
    figs = []
    for name in SECTIONS:
        figs += [p[1] for p in getattr(step1, name)(ctx).parts if p[0] == "fig"]
    created = [c for _, c in _CREATED]
    names = [n for n, _ in _CREATED]
    saved, out = [], []
    for f in figs:
        c0 = time.process_time()
        out.append(save(f))
        saved.append(time.process_time() - c0)
    titles = [(f.axes[0].get_title(loc="left") or f.axes[0].get_title()).replace("\n", " ") for f in figs]
    plt.close("all")
    return {"create": created, "save": saved, "names": names, "titles": titles, "out": out,
            "total": sum(created) + sum(saved)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kommun", action="append", help="SCB code (default 0331 Heby and 0380 Uppsala)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--per-figur", action="store_true", help="creation + saving of each figure (best round)")
    ap.add_argument("--png", action="store_true", help="also save as PNG (style.to_png) for comparison")
    args = ap.parse_args()
    _instrument()
    import lagesbild_methods

    print(f"code: {os.path.dirname(lagesbild_methods.__file__)}; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    formats = [("svg", style.to_svg)] + ([("png", style.to_png)] if args.png else [])
    for kod in args.kommun or ["0331", "0380"]:
        ctx = step1.load(kod, 2015, 2025)
        for fmt_name, save in formats:
            one_round(ctx, save)  # warm-up, not counted
            rounds = [one_round(ctx, save) for _ in range(args.repeat)]
            best = min(rounds, key=lambda r: r["total"])
            n = len(best["save"])
            if fmt_name == "svg":
                size = sum(len(svg_data_url(s)) for s in best["out"])
                px = min(style.svg_min_font_px(s) for s in best["out"])
                extra = f", {size / 1000:.0f} kB in the HTML, smallest text {px:.1f} px at 390 px"
            else:
                extra = f", {sum(len(b) for b in best['out']) * 4 / 3 / 1000:.0f} kB in the HTML (base64)"
            print(f"{kod} {fmt_name}: {n} figures, best of {args.repeat}: {best['total']:.2f} s CPU per report "
                  f"(creation {sum(best['create']):.2f} + saving {sum(best['save']):.2f}; "
                  f"{best['total'] / n * 1000:.0f} ms per figure), median "
                  f"{statistics.median(r['total'] for r in rounds):.2f} s, load {os.getloadavg()[0]:.1f}{extra}")
            if args.per_figur and fmt_name == "svg":
                create = best["create"] + [0.0] * (n - len(best["create"]))
                for name, c, s, title in zip(best["names"] + [""] * n, create, best["save"], best["titles"]):
                    print(f"    {c * 1000:5.0f} + {s * 1000:4.0f} ms  {name:22s} {title[:60]}")


if __name__ == "__main__":
    main()
