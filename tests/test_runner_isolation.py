"""The leak check between reports can fail: without the namespace reset the next report sees the previous
one's variable (the fixture template asserts that ``x_lacka`` from the previous report is gone).

Both ways a worker reuses its interpreter are broken on purpose: reports run in the worker process itself
(the default, :mod:`lagesbild_methods.runner.inprocess`) and reports in a warm kernel (``LAGESBILD_KERNEL``).
The positive case (with the reset) is ``test_kernel_state_does_not_leak_between_reports`` in
``test_runner_batch.py``, whose batch runs all reports in one worker.
"""
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lagesbild_methods.runner import batch, execute, inprocess, templates

FIXTURE = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"


@pytest.mark.parametrize("mode", ["processen", "kernel"])
def test_without_the_reset_the_leak_is_caught(tmp_path, monkeypatch, mode):
    """Break the namespace reset: the second report in the same interpreter must be refused. One thread
    runs both reports in this process, so the patched reset is the one used (a fork-server worker would
    import its own copy)."""
    if mode == "kernel":
        monkeypatch.setenv(execute.KERNEL_ENV, "1")
        monkeypatch.setattr(execute, "RESET_CODE", "import matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n")
    else:
        monkeypatch.delenv(execute.KERNEL_ENV, raising=False)
        inprocess.reset()  # start clean: earlier tests in this process ran the fixture in-process too
        monkeypatch.setattr(inprocess, "reset", lambda: None)
    t = templates.load_template(FIXTURE)
    jobs = batch.make_jobs([t], ["0331", "0319"], tmp_path, {"fel": False})
    with ThreadPoolExecutor(max_workers=1) as ex:
        results, _code = batch.run_batch(jobs, tmp_path, progress=False, executor=ex)
    res = {r["kommunkod"]: r for r in results}
    assert res["0331"]["status"] == "ok"
    assert res["0331"].get("motor") == ("processen" if mode == "processen" else None)
    assert res["0319"]["status"] == "fel" and "state leaked between reports" in res["0319"]["fel"]
