"""Holm's adjustment of several p-values (statsmodels), without statsmodels' full garbage collection.

``statsmodels.stats.multitest.multipletests(method="holm")`` calls ``gc.collect()`` after the
adjustment (statsmodels 0.14-0.15). In a report process, with pandas frames of Python strings and
matplotlib figures alive, one full collection costs 0,1-0,3 s CPU, more than the rest of the step-1
"när" section. :func:`holm` calls the same function with ``gc.collect`` replaced by a no-op for the
duration of the call (under a lock; a skipped collection never changes a result), so the numbers
are statsmodels' own.
"""
from __future__ import annotations

import gc
import threading

import numpy as np

_LOCK = threading.Lock()


def holm(pvalues, alpha: float = 0.05) -> np.ndarray:
    """Holm-adjusted p-values, in the order given (``multipletests(..., method="holm")[1]``)."""
    from statsmodels.stats.multitest import multipletests

    with _LOCK:
        collect = gc.collect
        gc.collect = lambda *args, **kwargs: 0
        try:
            return multipletests(np.asarray(pvalues, float), alpha=alpha, method="holm")[1]
        finally:
            gc.collect = collect
