"""The rule that picks which practice problem carries the planted effect and which the planted null
(lagesbild_methods/synth_workbook_roles.py): a category that already changed by chance is skipped, in every
municipality alike -- checked on a register built here, where the answer is known."""
from __future__ import annotations

import numpy as np
import pandas as pd

from lagesbild_methods import columns as C
from lagesbild_methods.synth_workbook_roles import chance_change, choose_roles

STARTS = ["2024-05-01", "2024-04-01", "2024-09-01", "2024-06-01"]


def _register(drop: dict[str, float], seed: int = 3) -> pd.DataFrame:
    """Incidents 2023-2025 in area 'A': categories a, b, c (about 5 a month each) and 'ovrigt' (40 a month),
    with a category's rate multiplied by ``drop[cat]`` from May 2024."""
    rng = np.random.default_rng(seed)
    rows = []
    for m in pd.period_range("2023-01", "2025-12", freq="M"):
        for cat, rate in (("a", 5.0), ("b", 5.0), ("c", 5.0), ("ovrigt", 40.0)):
            lam = rate * (drop.get(cat, 1.0) if m >= pd.Period("2024-05", "M") else 1.0)
            n = int(round(lam))  # exact expected counts: no chance at all, only what is built in
            rows += [(m.start_time + pd.Timedelta(days=int(d)), cat) for d in rng.integers(0, 28, n)]
    df = pd.DataFrame(rows, columns=[C.TIDPUNKT, C.KATEGORI])
    df[C.TIDPUNKT] = df[C.TIDPUNKT].dt.tz_localize("Europe/Stockholm")
    df[C.OMRADE] = "A"
    return df


CANDIDATES = [(0, "a", "A"), (1, "b", "A"), (2, "c", "A")]


def test_flat_series_keep_the_priority_order():
    roles = choose_roles(CANDIDATES, STARTS, _register({}))
    assert roles == {0: ("effekt", pd.Timestamp("2024-05-01")), 1: ("nolleffekt", pd.Timestamp("2024-04-01"))}


def test_a_category_that_already_fell_carries_neither_effect_nor_null():
    inc = _register({"a": 0.4})
    assert chance_change(inc, "a", "A", {"a", "b", "c"}, pd.Timestamp("2024-05-01"))["z"] > 3
    roles = choose_roles(CANDIDATES, STARTS, inc)
    assert 0 not in roles
    assert roles == {1: ("effekt", pd.Timestamp("2024-05-01")), 2: ("nolleffekt", pd.Timestamp("2024-04-01"))}


def test_a_category_that_rose_is_skipped_too():
    roles = choose_roles(CANDIDATES, STARTS, _register({"b": 2.0}))
    assert roles == {0: ("effekt", pd.Timestamp("2024-05-01")), 2: ("nolleffekt", pd.Timestamp("2024-04-01"))}
