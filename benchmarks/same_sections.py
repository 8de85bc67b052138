"""Are step 1's statistics sections the same before and after a speed change? Value by value, floats exactly.

    .venv/bin/python benchmarks/same_sections.py /tmp/efter.pkl                        # this checkout
    .venv/bin/python benchmarks/same_sections.py /tmp/fore.pkl --rot /tmp/lagesbild_fore  # an older one
    .venv/bin/python benchmarks/same_sections.py --compare /tmp/fore.pkl /tmp/efter.pkl

Writes every part (text, tables, figure data), fact and cached frame of sammanfattning,
vanligaste_problem, jamforelse, utveckling, trygghet, oversikt and kallor_och_begransningar for the eight
kommuner of Uppsala län (two also shareable, one from 2022, one to 2024) as plain values (floats by
``repr``) to a pickle; ``--compare`` lists what differs (cache entries new in the second file are ignored).
Finer than ``same_reports.py``: it sees digits that the reports round away.
"""
import math, pickle, sys
import numpy as np, pandas as pd

def plain(o, depth=0):
    if depth > 8:
        return repr(o)
    if isinstance(o, pd.DataFrame):
        return ("DF", [str(c) for c in o.columns], [str(t) for t in o.dtypes], [plain(list(r), depth + 1) for r in o.itertuples(index=False)], plain(list(o.index), depth+1))
    if isinstance(o, pd.Series):
        return ("S", str(o.dtype), plain(list(o), depth + 1), plain(list(o.index), depth+1))
    if isinstance(o, np.ndarray):
        return ("A", str(o.dtype), plain(o.tolist(), depth + 1))
    if isinstance(o, (float, np.floating)):
        return ("f", repr(float(o)))
    if isinstance(o, (bool, np.bool_)):
        return ("b", bool(o))
    if isinstance(o, (int, np.integer)):
        return ("i", int(o))
    if isinstance(o, (list, tuple)):
        return [plain(x, depth + 1) for x in o]
    if isinstance(o, dict):
        return {str(k): plain(v, depth + 1) for k, v in o.items()}
    if o is None or o is pd.NA or o is pd.NaT:
        return repr(o)
    if hasattr(o, "savefig"):
        out = []
        for ax in o.axes:
            out.append((ax.get_title(), ax.get_xlabel(), ax.get_ylabel(),
                        [plain(l.get_xydata(), depth + 1) for l in ax.lines],
                        [plain(np.asarray(c.get_offsets()), depth + 1) for c in ax.collections],
                        [plain([list(p.get_paths()[0].vertices.ravel()) if p.get_paths() else []], depth+1) for p in ax.collections],
                        [t.get_text() for t in ax.texts],
                        [str(t.get_text()) for t in ax.get_yticklabels()]))
        return ("FIG", out)
    if hasattr(o, "__dict__") and not isinstance(o, type):
        return (type(o).__name__, plain(vars(o), depth + 1))
    return repr(o)

def run(out):
    from lagesbild_methods import registry
    from lagesbild_methods.steps import step1
    import matplotlib.pyplot as plt
    res = {}
    cases = [(k, {}) for k in registry.kommuner_i_lan("03")] + [("0331", {"delbar": True}), ("0380", {"delbar": True}), ("0305", {"ar_fran": 2022}), ("0382", {"ar_till": 2024})]
    for kod, params in cases:
        p = dict(ar_fran=2015, ar_till=2025); p.update(params)
        ctx = step1.load(kod, p.pop("ar_fran"), p.pop("ar_till"), **p)
        key = kod + str(params)
        for name in ("sammanfattning", "vanligaste_problem", "jamforelse", "utveckling", "trygghet", "oversikt", "kallor_och_begransningar"):
            sec = getattr(step1, name)(ctx)
            res[(key, name, "parts")] = plain(sec.parts)
            res[(key, name, "facts")] = plain(sec.facts)
        for ck, cv in ctx.cache.items():
            if isinstance(cv, (pd.DataFrame, pd.Series)):
                res[(key, "cache", ck)] = plain(cv)
        plt.close("all")
    with open(out, "wb") as f:
        pickle.dump(res, f)
    print(len(res), "items")

def compare(a, b):
    A, B = (pickle.load(open(x, "rb")) for x in (a, b))
    bad = 0
    for k in sorted(set(A) | set(B), key=str):
        if k not in A and k[1] == "cache":
            continue
        if k not in A or k not in B:
            print("only in one:", k); bad += 1
        elif A[k] != B[k]:
            print("DIFFERS:", k); bad += 1
    print(f"{len(set(A)&set(B)) - bad} identical, {bad} differ")
    return 1 if bad else 0

if __name__ == "__main__":
    from pathlib import Path
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    if sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    root = sys.argv[sys.argv.index("--rot") + 1] if "--rot" in sys.argv else Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    run(sys.argv[1])
