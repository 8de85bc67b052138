"""The warm-kernel leak check can fail: without the namespace reset the next report sees the previous
one's variable (the fixture template asserts that ``x_lacka`` from the previous report is gone).

The positive case (with the reset) is ``test_kernel_state_does_not_leak_between_reports`` in
``test_runner_batch.py``, whose batch runs all reports in one warm kernel.
"""
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


from lagesbild_methods.runner import batch, execute, templates

FIXTURE = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"


def test_without_the_reset_the_leak_is_caught(tmp_path, monkeypatch):
    """Break the namespace reset: the second report on the same warm kernel must be refused. One thread
    runs both reports in this process, so the patched reset is the one used (a fork-server worker would
    import its own copy)."""
    monkeypatch.setattr(execute, "RESET_CODE", "import matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n")
    t = templates.load_template(FIXTURE)
    jobs = batch.make_jobs([t], ["0331", "0319"], tmp_path, {"fel": False})
    with ThreadPoolExecutor(max_workers=1) as ex:
        results, _code = batch.run_batch(jobs, tmp_path, progress=False, executor=ex)
    res = {r["kommunkod"]: r for r in results}
    assert res["0331"]["status"] == "ok"
    assert res["0319"]["status"] == "fel" and "state leaked between reports" in res["0319"]["fel"]
