"""Are two batch runs' reports the same, apart from timestamps? (a check after a speed change)

    .venv/bin/python benchmarks/same_reports.py FOLDER_BEFORE FOLDER_AFTER

Compares every report HTML (not index.html) present in both folders after replacing timestamps
(``bench_scale.normalised``); prints how many are identical, lists those that differ with the first
differing line, and exits 1 if any differ or a report is missing from one side.
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import normalised  # noqa: E402


def main(before: Path, after: Path) -> int:
    a = {p.name: p for p in before.glob("*.html") if p.name != "index.html"}
    b = {p.name: p for p in after.glob("*.html") if p.name != "index.html"}
    same, differ = 0, []
    for name in sorted(a.keys() & b.keys()):
        x = normalised(a[name].read_text(encoding="utf-8"))
        y = normalised(b[name].read_text(encoding="utf-8"))
        if x == y:
            same += 1
            continue
        first = next((d for d in difflib.unified_diff(x.splitlines(), y.splitlines(), lineterm="", n=0)
                      if d[:1] in "+-" and not d.startswith(("+++", "---"))), "")
        differ.append(f"{name}: {first[:200]}")
    missing = sorted(a.keys() ^ b.keys())
    print(f"{same} reports identical apart from timestamps, {len(differ)} differ, {len(missing)} in only one folder")
    for d in differ:
        print("  differs:", d)
    for m in missing:
        print("  only in one folder:", m)
    return 1 if differ or missing or not same else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
