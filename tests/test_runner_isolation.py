"""The warm-kernel leak check can fail: without the namespace reset the next report sees the previous
one's variable (the fixture template asserts that ``x_lacka`` from the previous report is gone).

The positive case (with the reset) is ``test_kernel_state_does_not_leak_between_reports`` in
``test_runner_batch.py``, whose batch runs all reports in one warm kernel.
"""
import multiprocessing
import os
from pathlib import Path

import pytest

from lagesbild_methods.runner import batch, execute, templates

FIXTURE = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"


@pytest.mark.skipif(os.environ.get("LAGESBILD_MP", "fork") != "fork" or "fork" not in multiprocessing.get_all_start_methods(),
                    reason="the patched reset reaches the worker only through fork")
def test_without_the_reset_the_leak_is_caught(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "RESET_CODE", "import matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n")
    t = templates.load_template(FIXTURE)
    jobs = batch.make_jobs([t], ["0331", "0319"], tmp_path, {"fel": False})
    results, _code = batch.run_batch(jobs, tmp_path, workers=1, progress=False)
    res = {r["kommunkod"]: r for r in results}
    assert res["0331"]["status"] == "ok"
    assert res["0319"]["status"] == "fel" and "state leaked between reports" in res["0319"]["fel"]
