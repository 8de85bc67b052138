"""The runner on other executors, and a worker killed mid-batch (local pool and Dask).

The fixture template ``avbrottsmall`` kills the worker process running it (SIGKILL to itself when the
report runs in the worker, to its kernel's parent otherwise) when it runs for the municipality named in ``offer`` (the first time only) or in ``alltid``
(every time); a marker file records the killed worker's pid. The batch must still finish every other
report, the killed job must have run again in another worker, and no partial file may be left.
"""
from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lagesbild_methods.runner import batch, templates

FIXTURES = Path(__file__).parent / "fixtures" / "templates"
ONCE, ALWAYS = "0319", "0330"


def _jobs(tmp_path: Path, out: Path, kommuner: list[str], offer: str = "", alltid: str = "") -> list[dict]:
    t = templates.load_template(FIXTURES / "avbrottsmall.ipynb")
    return batch.make_jobs([t], kommuner, out, {"markering": str(tmp_path), "offer": offer, "alltid": alltid})


def _pid(arbetare: str) -> int:
    return int(arbetare.split(":")[1])


def _no_partial_files(out: Path) -> None:
    left = [p.name for p in out.rglob("*") if re.search(r"partial|\.tmp$|\.running$", p.name)]
    assert not left, f"partial files left: {left}"


def _killed_once_and_retried(tmp_path: Path, results: list[dict]) -> dict:
    marker = tmp_path / f"dodad-{ONCE}.txt"
    assert marker.is_file(), "the template did not kill its worker (the test would prove nothing)"
    victim = next(r for r in results if r["kommunkod"] == ONCE)
    assert victim["status"] == "ok"
    assert _pid(victim["arbetare"]) != int(marker.read_text()), "the killed job must have run again elsewhere"
    html = Path(victim["html"]).read_text(encoding="utf-8")
    assert f"Rapport för {ONCE}" in html and html.rstrip().endswith("</html>")
    return victim


def test_local_pool_survives_killed_workers(tmp_path):
    """One report kills its worker once (retried, finishes); one kills every worker it runs on (run alone
    after two losses, then given up with a Swedish message). The innocent reports lost with them when the
    pool broke all finish."""
    out = tmp_path / "ut"
    kommuner = ["0331", ONCE, "0380", ALWAYS, "0305"]
    results, code = batch.run_batch(_jobs(tmp_path, out, kommuner, ONCE, ALWAYS), out, workers=2, progress=False)
    status = {r["kommunkod"]: r["status"] for r in results}
    assert code == 1 and status == {"0331": "ok", ONCE: "ok", "0380": "ok", ALWAYS: "fel", "0305": "ok"}
    assert _killed_once_and_retried(tmp_path, results)["forsok"] >= 2
    bad = next(r for r in results if r["kommunkod"] == ALWAYS)
    assert bad["forsok"] == 3 and "Arbetsprocessen avbröts 3 gånger" in bad["fel"]
    assert not Path(bad["html"]).exists()
    assert "Arbetsprocessen avbröts" in (out / "index.html").read_text(encoding="utf-8")
    _no_partial_files(out)


def test_any_concurrent_futures_executor(tmp_path):
    """A thread pool runs the same jobs; two reports never share an interpreter at the same time."""
    out = tmp_path / "ut"
    with ThreadPoolExecutor(max_workers=2) as ex:
        results, code = batch.run_batch(_jobs(tmp_path, out, ["0331", "0380", "0305"]), out, progress=False,
                                        executor=ex)
    assert code == 0, [(r["kommunkod"], r["status"], r["fel"], r["detalj"]) for r in results]
    for r in results:
        assert f"Rapport för {r['kommunkod']}" in Path(r["html"]).read_text(encoding="utf-8")
    # two threads, never in the same interpreter at once: one runs its reports in this process, the other in
    # a kernel (the in-process engine takes one report at a time per process)
    assert len({r["arbetare"] for r in results}) == 2, [(r["arbetare"], r.get("motor")) for r in results]
    assert json.loads((out / "manifest.json").read_text())["utforare"] == "ThreadPoolExecutor"
    _no_partial_files(out)


def test_dask_local_cluster_survives_a_killed_worker(tmp_path):
    pytest.importorskip("distributed")
    from lagesbild_methods.runner.dask_executor import dask_executor

    out = tmp_path / "ut"
    with dask_executor("lokal", workers=2) as ex:
        results, code = batch.run_batch(_jobs(tmp_path, out, ["0331", ONCE, "0380"], ONCE), out, progress=False,
                                        executor=ex)
    assert code == 0 and all(r["status"] == "ok" for r in results)
    _killed_once_and_retried(tmp_path, results)
    assert json.loads((out / "manifest.json").read_text())["utforare"] == "Dask LocalCluster (2 arbetare)"
    _no_partial_files(out)


def test_dask_missing_gives_swedish_message(monkeypatch):
    import builtins

    from lagesbild_methods.errors import ParameterError
    from lagesbild_methods.runner.dask_executor import dask_executor

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(ParameterError, match=r"Dask är inte installerat.*\[dask\]"):
        with dask_executor("lokal"):
            pass


def test_select_kommuner_by_county():
    from lagesbild_methods.errors import ParameterError

    assert batch.select_kommuner(None) == batch.select_kommuner("03") == batch.select_kommuner("Uppsala län")
    assert len(batch.select_kommuner("alla")) == 290 and "2584" in batch.select_kommuner("alla")
    with pytest.raises(ParameterError, match="Okänt län"):
        batch.select_kommuner("99")
