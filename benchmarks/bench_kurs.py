"""Benchmark: running the course notebooks in one kernel (what ``make test`` and ``lagesbild kurs --utdelning``
do) against one ``jupyter nbconvert --execute`` per notebook (what a trainer, or nbval, would do otherwise: a
fresh kernel, with its imports, for every notebook).

    .venv/bin/python benchmarks/bench_kurs.py              # the getting-started notebook, 7 exercises, 7 solutions
    .venv/bin/python benchmarks/bench_kurs.py --antal 4    # the first 4 of them (quicker on a shared machine)

Both sides execute the same notebooks from top to bottom; the one-kernel side resets the namespace between
notebooks (``%reset -f``) but keeps the imported modules and the self-checks' cached answers.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--antal", type=int, default=0, help="only the first N notebooks (0 = all)")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT))
    from lagesbild_methods.kurs import utdelning as U

    notebooks = [U.KURS_DIR / "00_kom_igang.ipynb"] + U.valj(None) + U.valj(None, losningar=True)
    if args.antal:
        notebooks = notebooks[: args.antal]

    t0 = time.perf_counter()
    U.kor(notebooks)
    one_kernel = time.perf_counter() - t0

    env = {**os.environ, "MPLBACKEND": "Agg"}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for i, nb in enumerate(notebooks):
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "notebook", "--output-dir", tmp,
                            "--output", f"{i:02d}_{nb.name}", str(nb)], check=True, cwd=nb.parent, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    per_notebook = time.perf_counter() - t0

    print(f"{len(notebooks)} kursnotebooks")
    print(f"  en kärna för alla (lagesbild kurs / make test): {one_kernel:6.1f} s")
    print(f"  jupyter nbconvert --execute per notebook:       {per_notebook:6.1f} s")
    print(f"  kvot: {one_kernel / per_notebook:.2f}")


if __name__ == "__main__":
    main()
