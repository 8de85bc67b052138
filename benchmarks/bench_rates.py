"""Time rates with intervals for 10 000 rows (issue 3: must be well under a second).

Run: .venv/bin/python benchmarks/bench_rates.py
"""
import time

import numpy as np
import pandas as pd

from lagesbild_methods.stats import rates


def main(n: int = 10_000, repeats: int = 5) -> None:
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"antal": rng.integers(0, 5000, n), "folkmangd": rng.integers(5000, 300_000, n)})
    rates(df)  # warm up imports
    for conf in (0.95, (0.95, 0.998)):
        best = min(_time(df, conf) for _ in range(repeats))
        print(f"{n} rader, konfidens {conf}: {best * 1000:.1f} ms (bästa av {repeats})")


def _time(df, conf):
    t0 = time.perf_counter()
    rates(df, confidence=conf)
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
