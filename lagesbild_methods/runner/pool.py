"""Run jobs on any ``concurrent.futures``-style executor, retrying jobs whose worker was lost.

Three kinds of executor are used:

* the default, a local process pool (``forkserver`` on Linux) whose workers run their reports in
  their own process (:func:`local_pool`, :mod:`.inprocess`). A worker that dies (killed, out of memory) breaks the whole pool; the jobs
  that had not finished are run again in a new pool.
* any object with ``submit(fn, *args)`` returning a future, e.g. a ``ThreadPoolExecutor`` (one thread
  runs its reports in-process, the others in a kernel each) or Dask's ``client.get_executor()`` (see :mod:`.dask_executor`; Dask itself moves the
  task of a lost worker to another worker before it reports a failure).
* a zero-argument callable that returns a new executor: the runner creates one, and a new one if the
  current one breaks, and shuts down what it created.

A job whose future fails (the worker was lost, the executor broke) is submitted again, at most
``max_attempts`` times in all; after that it is recorded as failed with a Swedish message and the batch
goes on. A report that fails inside its notebook is not retried: ``run_job`` returns it as 'fel'.
After the batch, files a killed worker left half-written are removed (:func:`execute.leftovers`).
"""
from __future__ import annotations

import multiprocessing as mp
import os
import sys
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, ProcessPoolExecutor, wait
from typing import Callable

from .execute import leftovers, run_job, was_started, worker_init

MAX_ATTEMPTS = 3
MAX_ROUNDS = 12  # pools in one batch at most (a pool that breaks before any job starts makes no progress)


def mp_context():
    """``forkserver`` on Linux, ``spawn`` elsewhere; ``LAGESBILD_MP`` overrides.

    Not ``fork``: a process that has run a notebook before (a test session, a JupyterLab kernel calling
    the runner) holds jupyter_core's background event-loop thread; a forked worker inherits the object but
    not the thread and waits for it forever when it starts its first kernel (seen: the suite hung in
    ``start_new_kernel_client`` after the course tests). The fork server is a fresh interpreter that has
    imported the libraries and step modules once (:mod:`.boot`), so workers start warm.
    """
    method = os.environ.get("LAGESBILD_MP", "forkserver" if sys.platform.startswith("linux") else "spawn")
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["lagesbild_methods.runner.boot"])
    return ctx


def start_fork_server() -> None:
    """Start the fork server now, if the local pool uses one: it imports the libraries (:mod:`.boot`) in
    the background while the caller plans the batch, instead of after it."""
    ctx = mp_context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def local_pool(workers: int, fresh_kernel: bool = False) -> Callable[[], Executor]:
    """A factory of local process pools; each worker runs its reports in its own process (or keeps a warm
    kernel, with ``LAGESBILD_KERNEL``) and is forked warm from the fork server."""
    def make() -> Executor:
        return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context(), initializer=worker_init,
                                   initargs=(fresh_kernel, dict(os.environ)))
    make.description = f"lokal processpool ({workers} processer)"
    make.workers = workers
    return make


def _lost(job: dict, attempts: int, exc: BaseException) -> dict:
    res = {k: job[k] for k in ("id", "mall", "kommunkod", "kommun", "parametrar", "html", "ipynb")}
    res.update(status="fel", detalj=f"{type(exc).__name__}: {exc}", sekunder=None, ipynb=None, arbetare=None,
               fel=f"Arbetsprocessen avbröts {attempts} gånger medan rapporten kördes (till exempel slut på "
                   "minne eller en avbruten dator); rapporten skapades inte.")
    return res


def run_all(jobs: list[dict], executor, *, fresh_kernel: bool | None = None, max_attempts: int = MAX_ATTEMPTS,
            on_result: Callable[[dict, dict], None] | None = None) -> dict[str, dict]:
    """Run every job on ``executor`` (an executor or a factory of executors); return {job id: result}.

    ``on_result(job, result)`` is called as each report finishes (progress bar). Each result carries
    ``forsok``, the number of attempts it took.

    With a factory (the local pool), a dead worker breaks the pool and every job that was in it is lost,
    the guilty one and its innocent neighbours alike. Lost jobs run again in a new pool; a job lost twice
    runs alone (one job per pool), so that a report that kills every worker it runs on is identified,
    given up after ``max_attempts`` and cannot take the others down with it.
    """
    attempts = {j["id"]: 0 for j in jobs}
    done: dict[str, dict] = {}

    def finish(job, res):
        res["forsok"] = attempts[job["id"]]
        done[job["id"]] = res
        if on_result is not None:
            on_result(job, res)

    if hasattr(executor, "submit"):
        _run_on(executor, list(jobs), attempts, finish, fresh_kernel, max_attempts, resubmit=True)
    else:
        pending = list(jobs)
        for _round in range(MAX_ROUNDS):
            if not pending:
                break
            shared = [j for j in pending if attempts[j["id"]] < 2]
            alone = [j for j in pending if attempts[j["id"]] >= 2]
            lost: list[dict] = []
            for group in ([shared] if shared else []) + [[j] for j in alone]:
                ex = executor()
                try:
                    lost += _run_on(ex, group, attempts, finish, fresh_kernel, max_attempts, resubmit=False,
                                    isolated=len(group) == 1 and attempts[group[0]["id"]] >= 2)
                finally:
                    ex.shutdown(wait=True, cancel_futures=True)
            pending = lost
        for job in pending:  # pools kept breaking before these jobs could start
            finish(job, _lost(job, max(attempts[job["id"]], 1), RuntimeError("no pool survived")))
    for job in jobs:
        for p in leftovers(job):
            p.unlink(missing_ok=True)
    return done


def _run_on(ex, group: list[dict], attempts: dict, finish, fresh_kernel, max_attempts: int, *,
            resubmit: bool, isolated: bool = False) -> list[dict]:
    """Submit ``group`` to ``ex`` and collect; return the jobs to run again in a new executor.

    ``resubmit``: the executor survives a lost worker (Dask, threads), so a lost job is submitted to it
    again; otherwise lost jobs are returned for a new executor.
    """
    again: list[dict] = []
    futures = {}

    def submit(job):
        attempts[job["id"]] += 1
        try:
            fut = ex.submit(run_job, job, fresh_kernel)
            futures[fut] = job
            return fut
        except (BrokenExecutor, RuntimeError) as exc:  # broken or shut down
            if not resubmit and futures:  # this pool broke while filling it: a new pool takes the job
                attempts[job["id"]] -= 1
                again.append(job)
            else:
                finish(job, _lost(job, attempts[job["id"]], exc))
            return None

    for job in group:
        submit(job)
    waiting = set(futures)
    while waiting:
        finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
        for fut in finished:
            job = futures.pop(fut)
            try:
                res = fut.result()
            except Exception as exc:  # noqa: BLE001 - the worker was lost (killed, crashed, broken pool)
                if not resubmit and not was_started(job):  # queued, not run, when the pool broke
                    attempts[job["id"]] -= 1
                    again.append(job)
                elif attempts[job["id"]] >= max_attempts or isolated:
                    finish(job, _lost(job, attempts[job["id"]], exc))
                elif resubmit:
                    fut2 = submit(job)
                    if fut2 is not None:
                        waiting.add(fut2)
                else:
                    again.append(job)
                continue
            finish(job, res)
    for job in again:  # clear the start markers of lost jobs before the next pool runs them
        for p in leftovers(job):
            p.unlink(missing_ok=True)
    return again
