"""Benchmark: the batch runner against a naive loop of the papermill CLI + jupyter nbconvert CLI.

    .venv/bin/python benchmarks/bench_batch.py [--mall steg1_lagesbild] [--jobb 2]

Both produce one HTML report per municipality for all eight municipalities from the same
template and bundled data. The goal (issue 2) is a ratio of at most 0.2 (batch / naive loop).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mall", default="steg1_lagesbild")
    ap.add_argument("--jobb", type=int, default=2)
    ap.add_argument("--naiv-antal", type=int, default=8, help="number of municipalities in the naive loop")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT))
    from lagesbild_methods import registry
    from lagesbild_methods.runner.templates import find

    tpl = find(args.mall)
    kommuner = list(registry.kommuner_i_lan())
    tmp = Path(tempfile.mkdtemp(prefix="bench-batch-"))
    try:
        t_batch = run([str(BIN / "lagesbild"), "kor", "--mall", str(tpl.path), "--alla-kommuner", "--jobb",
                       str(args.jobb), "--tyst", "--ut", str(tmp / "batch")])
        n_html = len(list((tmp / "batch").glob("*.html"))) - 1
        naive_dir = tmp / "naive"
        naive_dir.mkdir()
        t_naive = 0.0
        for kod in kommuner[: args.naiv_antal]:
            out_nb = naive_dir / f"{kod}.ipynb"
            t_naive += run([str(BIN / "papermill"), str(tpl.path), str(out_nb), "-p", "kommun", kod,
                            "--no-progress-bar"])
            t_naive += run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out_nb)])
        t_naive_all = t_naive * len(kommuner) / args.naiv_antal
        print(f"template: {tpl.key}; municipalities: {len(kommuner)}; batch reports written: {n_html}")
        print(f"batch runner (lagesbild kor, {args.jobb} workers): {t_batch:.1f} s")
        print(f"naive loop (papermill CLI + nbconvert CLI, sequential): {t_naive_all:.1f} s"
              + (" (extrapolated)" if args.naiv_antal < len(kommuner) else ""))
        print(f"ratio batch/naive: {t_batch / t_naive_all:.3f} (goal <= 0.2)")
        print(f"machine: {os.cpu_count()} cores")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
