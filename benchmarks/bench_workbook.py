"""Time the step workbook: read back a practice workbook (all six sheets, findings, links) against what a
user would do instead (``pandas.read_excel(sheet_name=None)``, which gives raw sheets and no checks), and
create / merge a workbook.

    .venv/bin/python benchmarks/bench_workbook.py read 0380        # our reader
    .venv/bin/python benchmarks/bench_workbook.py pandas 0380      # the yardstick
    .venv/bin/python benchmarks/bench_workbook.py create /tmp/x    # create a new workbook (Heby)
    farm-bench --vs '.venv/bin/python benchmarks/bench_workbook.py pandas 0380' -- \
        .venv/bin/python benchmarks/bench_workbook.py read 0380

Each command prints its own in-process time too (without interpreter start-up).
"""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path


def main(argv: list[str]) -> int:
    what, arg = argv[0], argv[1] if len(argv) > 1 else "0380"
    t0 = time.perf_counter()
    if what == "read":
        from lagesbild_methods import synth_workbook as W
        from lagesbild_methods.sources.workbook import read_workbook

        book = read_workbook(W.workbook_path(arg))
        n = sum(len(v) for v in book.blad.values())
        extra = f"{len(book.fynd)} fynd, {len(book.lankar)} länkar"
    elif what == "pandas":
        import pandas as pd

        from lagesbild_methods import synth_workbook as W

        sheets = pd.read_excel(W.workbook_path(arg), sheet_name=None)
        n = sum(len(v) for v in sheets.values())
        extra = f"{len(sheets)} blad (råa)"
    elif what == "create":
        from lagesbild_methods import workbook_cli, workbook_problems

        out = Path(arg) / "arbetsbok_0331_heby.xlsx"
        out.unlink(missing_ok=True)
        frame = workbook_problems.problems_from_files("0331")
        t1 = time.perf_counter()
        workbook_cli.write(out, "0331", frame, today=date(2024, 1, 15))
        n, extra = len(frame), f"problemförslag {t1 - t0:.2f} s, skriva {time.perf_counter() - t1:.2f} s"
    else:
        print("okänt val: read | pandas | create", file=sys.stderr)
        return 2
    print(f"{what}: {n} rader, {extra}, {time.perf_counter() - t0:.2f} s i processen")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
