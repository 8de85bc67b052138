"""patterns.multitest.holm: statsmodels' Holm numbers, without statsmodels' full garbage collection."""
import gc

import numpy as np
from statsmodels.stats.multitest import multipletests

from lagesbild_methods.patterns.multitest import holm


def test_holm_is_statsmodels_holm_without_a_garbage_collection():
    p = np.array([0.01, 0.04, 0.03, 0.2, np.float64(0.0005), 0.5])
    collections = []

    def record(phase, info):
        if phase == "start":
            collections.append(info["generation"])

    builtin_collect = gc.collect
    was_enabled = gc.isenabled()
    gc.disable()  # only an explicit gc.collect() could collect now
    gc.callbacks.append(record)
    try:
        got = holm(p, alpha=0.05)
        assert collections == []
        multipletests(p, alpha=0.05, method="holm")  # the reason for holm(): a full collection here
        assert collections == [2]
    finally:
        gc.callbacks.remove(record)
        if was_enabled:
            gc.enable()
    assert gc.collect is builtin_collect
    assert got.tolist() == multipletests(p, alpha=0.05, method="holm")[1].tolist()
    assert got[4] == 0.0005 * 6 and got[3] == 0.4
