"""CPU of the step-1 "var" and "nar" sections, and of their statistics without the figures (issue 17).

    .venv/bin/python benchmarks/bench_var_nar.py                      # the 8 kommuner of Uppsala län
    .venv/bin/python benchmarks/bench_var_nar.py --kommun Uppsala --kommun Heby --varv 3
    PYTHONPATH=/path/to/old/checkout .venv/bin/python benchmarks/bench_var_nar.py   # the code before a change

For each kommun, in one warm process, the last of ``--varv`` runs (CPU seconds, ``time.process_time``;
a busy shared machine inflates wall time, not CPU time): the whole sections ``nar`` and ``var`` as the
report builds them (statistics, text and drawing the figures; saving the figures is not included), and
the analysis calls alone: the Knox test, the repeat yardstick, the rest of ``var`` (hot places, relative
hot places, place tables, concentration, repeat places) and the statistics of ``nar`` (time tests,
annual wheel, special days, control limits).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

if not os.environ.get("PYTHONPATH"):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def cpu(f):
    t = time.process_time()
    out = f()
    return time.process_time() - t, out


def measure(kommun: str) -> dict:
    import matplotlib.pyplot as plt

    from lagesbild_methods import columns as C
    from lagesbild_methods.patterns import concentration, control, grid, hotplaces, hotspot, repeats, timing
    from lagesbild_methods.steps import step1
    from lagesbild_methods.steps.common import incidents_or_none
    from lagesbild_methods.steps.step1.incidents import _study_area
    from lagesbild_methods.steps.step1.spec import KADENSER
    from lagesbild_methods.text import patterns as PT

    ctx = step1.load(kommun, 2015, 2025)
    inc = incidents_or_none(ctx)
    t: dict = {"handelser": 0 if inc is None else len(inc)}
    t["nar"] = cpu(lambda: step1.nar(ctx))[0]
    plt.close("all")
    t["var"] = cpu(lambda: step1.var(ctx))[0]
    plt.close("all")
    if inc is None:
        return t
    t["knox"], knox = cpu(lambda: repeats.knox_incidents(inc))
    t["knox"] += cpu(lambda: PT.knox_sentence(knox))[0]
    t["yardstick"] = cpu(lambda: repeats.repeat_yardstick(inc))[0]

    def rest_of_var():
        grid.place_counts(inc, top=10)
        grid.place_counts(inc, by=C.OMRADE)
        concentration.concentration_summary(concentration.counts_per_unit(inc, C.PLATS))
        concentration.lorenz_curve(concentration.counts_per_unit(inc, C.PLATS))
        area = _study_area(ctx)
        res = hotspot.hotspot_gistar(inc, None, area=area)
        hotplaces.hot_places(res, inc, top=10)
        grid.place_positions(inc)
        for cat in inc[C.KATEGORI].value_counts().index[:2]:
            rel = hotplaces.hotspot_relative(inc, cat, grid=res[["kol", "rad", "x", "y", "yta", "antal"]])
            hotplaces.hot_places(rel, inc[inc[C.KATEGORI] == cat], top=3)
        grid.grid_counts(inc, res.attrs["cell_size"], area=area)
        repeats.repeat_places(inc)

    t["var_ovrigt"] = cpu(rest_of_var)[0]

    def nar_statistics():
        timing.aoristic_hour_weekday(inc) if inc[C.TIDPUNKT_TILL].notna().any() else timing.hour_weekday_counts(inc)
        tests = timing.time_tests(inc)
        PT.time_pattern_sentence(tests["timme"])
        timing.annual_wheel(inc)
        timing.special_day_effect(inc)
        control.control_flags(timing.period_counts(inc, KADENSER[ctx.kadens], end=ctx.handelser_till))

    t["nar_statistik"] = cpu(nar_statistics)[0]
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kommun", action="append")
    ap.add_argument("--varv", type=int, default=2)
    args = ap.parse_args()
    from lagesbild_methods import registry

    import lagesbild_methods

    kommuner = args.kommun or list(registry.kommuner_i_lan("03"))
    print(f"code: {Path(lagesbild_methods.__file__).parent.parent}")
    cols = ["handelser", "nar", "var", "knox", "yardstick", "var_ovrigt", "nar_statistik"]
    print(f"{'kommun':14s}" + "".join(f"{c:>14s}" for c in cols) + "   load")
    for k in kommuner:
        for _ in range(args.varv):
            t = measure(k)
        print(f"{k:14s}" + "".join(f"{t[c]:14d}" if isinstance(t.get(c), int) else f"{t.get(c, float('nan')):14.3f}"
                                   for c in cols) + f"   {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
