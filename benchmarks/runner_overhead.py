"""What the runner adds to one report in a warm worker: ``run_job`` (papermill with the in-process engine,
namespace reset, HTML export, atomic writes) against the floor (the same sections, figures and tables
without a notebook), in one process, CPU seconds.

    .venv/bin/python benchmarks/runner_overhead.py --kommun Heby [--varv 2]

The first ``run_job`` pays the county-wide results and the first reads (as a worker's first report does);
the later rounds show the steady state.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kommun", default="Heby")
    ap.add_argument("--varv", type=int, default=2)
    args = ap.parse_args()
    os.environ.update(LAGESBILD_BATCH="1", MPLBACKEND="Agg")
    import lagesbild_methods.runner.boot  # noqa: F401 - what a pool worker has before its first report
    from profile_report import SECTIONS

    import matplotlib.pyplot as plt

    from lagesbild_methods.figures.style import to_svg
    from lagesbild_methods.runner.batch import make_jobs
    from lagesbild_methods.runner.execute import run_job
    from lagesbild_methods.runner.templates import find
    from lagesbild_methods.steps import step1
    from lagesbild_methods.steps.report import table_html

    def floor(kod: str) -> None:
        ctx = step1.load(kod, 2015, 2025)
        for name in SECTIONS:
            for part in getattr(step1, name)(ctx).parts:
                if part[0] == "fig":
                    to_svg(part[1])
                elif part[0] == "table":
                    table_html(part[1], part[2])
        plt.close("all")

    out = Path(tempfile.mkdtemp(prefix="runner-overhead-"))
    job = make_jobs([find("steg1")], [args.kommun], out)[0]
    c = time.process_time()
    first = run_job(job)
    print(f"first run_job: {time.process_time() - c:.2f} s CPU ({first['status']}, {first.get('motor')})")
    for _ in range(args.varv):
        c = time.process_time()
        r = run_job(job)
        t_job = time.process_time() - c
        c = time.process_time()
        floor(job["kommunkod"])
        t_floor = time.process_time() - c
        print(f"run_job {t_job:.2f} s CPU (of which HTML export {r['sekunder_html']:.2f} s wall), floor {t_floor:.2f} s: "
              f"runner adds {t_job - t_floor:+.2f} s ({os.getloadavg()[0]:.1f} load)")


if __name__ == "__main__":
    main()
