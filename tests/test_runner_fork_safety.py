"""The local pool works when called from a process that has run notebooks before.

A process that has executed a notebook with a running event loop (a test session, a JupyterLab kernel that
calls the runner) holds jupyter_core's background loop thread. A ``fork``-ed worker inherits that object but
not its thread and waits forever when it starts its first kernel; the suite hung like this in CI order
(course tests before the index tests). The pool therefore uses a fork server. The check runs in a
subprocess with a time limit, so a regression fails instead of hanging the suite.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "templates"

SCRIPT = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from jupyter_core.utils import run_sync

    async def _noop():
        return 1

    async def _inside_a_running_loop():
        return run_sync(_noop)()  # starts jupyter_core's runner thread, as nbclient does inside papermill

    assert asyncio.run(_inside_a_running_loop()) == 1
    from lagesbild_methods.runner import batch, templates

    tmp, fixtures = Path(sys.argv[1]), Path(sys.argv[2])
    t = templates.load_template(fixtures / "avbrottsmall.ipynb")
    jobs = batch.make_jobs([t], ["0331"], tmp / "ut", {"markering": str(tmp), "offer": "", "alltid": ""})
    results, code = batch.run_batch(jobs, tmp / "ut", workers=1, progress=False)
    print("STATUS", code, [r["status"] for r in results])
""")


def _run(tmp_path: Path, method: str | None) -> subprocess.CompletedProcess | None:
    env = dict(os.environ)
    env.pop("LAGESBILD_MP", None)
    if method:
        env["LAGESBILD_MP"] = method
    try:
        return subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path), str(FIXTURES)], env=env,
                              capture_output=True, text=True, timeout=180)
    except subprocess.TimeoutExpired:
        return None


def test_pool_after_notebooks_in_the_same_process(tmp_path):
    done = _run(tmp_path, None)
    assert done is not None, "the batch hung: a worker inherited a dead event-loop thread (fork after threads)"
    assert "STATUS 0 ['ok']" in done.stdout, done.stdout + done.stderr[-2000:]
