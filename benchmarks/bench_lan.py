"""Time the county reports against what a regional analyst would do without them.

    .venv/bin/python benchmarks/bench_lan.py lan 03          # the regional lägesbild: load + every section
    .venv/bin/python benchmarks/bench_lan.py per-kommun 03   # the yardstick: each kommun's step-1 comparison
    .venv/bin/python benchmarks/bench_lan.py process 03      # the process follow-up (8 workbooks)
    .venv/bin/python benchmarks/bench_lan.py workbooks 03    # workbook reads: cold, then warm (per-process cache)
    farm-bench --vs '.venv/bin/python benchmarks/bench_lan.py per-kommun 03' -- \
        .venv/bin/python benchmarks/bench_lan.py lan 03

Without the county template the analyst runs the step-1 report per kommun and copies each kommun's
comparison into one table by hand; the yardstick times the part of that a computer does (load the kommun's
inputs and build its comparison section, for every kommun of the county). Figures are built but not
rendered in both. Each command prints its in-process CPU and wall time (without interpreter start-up).
"""
from __future__ import annotations

import sys
import time


def main(argv: list[str]) -> int:
    what, lan = argv[0], argv[1] if len(argv) > 1 else "03"
    c0, t0 = time.process_time(), time.perf_counter()
    import matplotlib.pyplot as plt

    from lagesbild_methods.steps import lan as L

    if what == "lan":
        ctx = L.load(lan)
        for name in L.SPEC.sections:
            getattr(L, name)(ctx).render()
            plt.close("all")
        extra = f"{len(ctx.area.members)} kommuner, {len(L.SPEC.sections)} avsnitt"
    elif what == "process":
        ctx = L.load_process(lan, per_datum="2025-12-31")
        for name in L.PROCESS_SPEC.sections:
            getattr(L, name)(ctx).render()
            plt.close("all")
        extra = f"{len(ctx.data['arbetsbocker'])} arbetsböcker"
    elif what == "per-kommun":
        from lagesbild_methods import registry
        from lagesbild_methods.steps import step1

        ks = registry.kommuner_i_lan(lan)
        for k in ks:
            ctx = step1.load(k, 2015, 2025)
            step1.jamforelse(ctx).render()
            plt.close("all")
        extra = f"{len(ks)} steg 1-rapporters jämförelseavsnitt"
    elif what == "workbooks":
        from lagesbild_methods.steps.lan import loading

        ctx = L.load_process(lan, per_datum="2025-12-31")  # cold: every workbook parsed
        c1, t1 = time.process_time(), time.perf_counter()
        loading.workbooks(ctx, True)  # warm: the second county template in the same worker
        print(f"kall: {c1 - c0:.2f} s cpu, varm: {time.process_time() - c1:.3f} s cpu "
              f"({time.perf_counter() - t1:.3f} s)")
        extra = f"{len(ctx.data['arbetsbocker'])} arbetsböcker"
    else:
        print("okänt val: lan, process, per-kommun eller workbooks", file=sys.stderr)
        return 2
    print(f"{what} {lan}: {time.process_time() - c0:.2f} s cpu, {time.perf_counter() - t0:.2f} s totalt ({extra})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
