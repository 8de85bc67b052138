"""Execute one report in a worker process with papermill (Python API), then export it to HTML.

By default the cells run in the worker process itself (papermill engine of :mod:`.inprocess`): no
kernel, no messages, the imports paid once per worker. ``LAGESBILD_KERNEL=1``, or a second thread of a
process that already runs a report, uses a warm kernel instead; ``fresh_kernel=True`` a new kernel per
report.

Kernel reuse: papermill accepts a started kernel manager (``km=``). Between reports the
worker resets the kernel's namespace (``%reset -f``) and closes all figures, so no
variable leaks from one municipality to the next while the heavy imports (pandas,
statsmodels, matplotlib) stay loaded. ``fresh_kernel=True`` starts a new kernel per report
instead (slower, fully isolated).
"""
from __future__ import annotations

import contextlib
import logging
import multiprocessing.util
import os
import socket
import threading
import time
import traceback
from pathlib import Path

from .safe import atomic_write_text

KERNEL_NAME = "python3"
# A new kernel only selects the non-interactive backend; the template's own imports (pandas, statsmodels,
# matplotlib, the step modules) are paid once by the worker's first report and then stay loaded. Importing
# them here would cost the same once per kernel, and be wasted on templates that do not use them.
WARMUP_CODE = "import matplotlib\nmatplotlib.use('Agg')\n"
RESET_CODE = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n"
KERNEL_ENV = "LAGESBILD_KERNEL"  # set: reports run in a warm kernel, not in the worker process
SHARED_ENV = "LAGESBILD_DELAD_CACHE"  # = lagesbild_methods.cache.SHARED_ENV: results the batch's workers share

class _WorkerState(threading.local):
    """Per-thread kernel (a process-pool or Dask worker has one thread; a thread pool gets one kernel per
    thread, so two reports never share a kernel at the same time)."""

    km = None
    fresh = False
    shared = None  # the batch's shared cache folder the kernel was last told about


_state = _WorkerState()
_all_kernels: set = set()  # every kernel this process started, for the shutdown at exit
_exit_hook = {"installed": False}
logging.getLogger("papermill").setLevel(logging.WARNING)


def _batch_env(env) -> None:
    """What a report process needs in a batch (a kernel's environment, or the worker's own when the
    report runs in-process)."""
    env["MPLBACKEND"] = "Agg"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["LAGESBILD_BATCH"] = "1"  # keep full tracebacks in batch runs (see steps.report.install_swedish_errors)
    # one report per core: keep BLAS from starting extra threads that fight the other worker
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")


@contextlib.contextmanager
def _scoped_env():
    """The batch environment (:func:`_batch_env`) in this process while a report runs in it, restored
    afterwards (a thread pool in a test or notebook process must not keep ``LAGESBILD_BATCH``)."""
    saved = dict(os.environ)
    _batch_env(os.environ)
    try:
        yield
    finally:
        for key in set(os.environ) - set(saved):
            del os.environ[key]
        os.environ.update(saved)


def _in_process() -> bool:
    """Run the report in this process (:mod:`.inprocess`) unless ``LAGESBILD_KERNEL`` asks for a warm
    kernel, or another report already runs in this process (a thread pool: that thread gets a kernel)."""
    if os.environ.get(KERNEL_ENV):
        return False
    from . import inprocess

    return inprocess.available()


def _kernel_env() -> dict:
    env = dict(os.environ)
    _batch_env(env)
    env.pop(SHARED_ENV, None)
    if _state.shared:
        env[SHARED_ENV] = _state.shared
    return env


def _start_kernel():
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                       connection_file=os.path.join(_ipc_dir(), f"kernel-{os.getpid()}-{threading.get_ident()}.json"))
    km.start_kernel(env=_kernel_env(), cwd=str(Path.cwd()))
    _state.km = km
    _all_kernels.add(km)
    _install_exit_hook()
    _run_code(km, WARMUP_CODE)
    return km


def _ipc_dir() -> str:
    import tempfile

    d = os.path.join(tempfile.gettempdir(), f"lagesbild-kernels-{os.getuid()}")
    os.makedirs(d, exist_ok=True)
    return d


def _stop(km) -> None:
    try:
        if km is not None and km.has_kernel:
            km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - best effort
        pass
    _all_kernels.discard(km)


def shutdown_worker_kernel() -> None:
    """Stop every kernel this worker process started (runs when the worker exits; Dask workers also
    call it from their plugin's teardown). A worker that is killed outright cannot run it: its kernel
    notices the lost parent (ipykernel's parent poller) and exits by itself."""
    for km in list(_all_kernels):
        _stop(km)
    _state.km = None


def _install_exit_hook() -> None:
    # multiprocessing's exit function runs finalizers in pool workers, Dask worker processes and the
    # main process alike (atexit alone does not run in multiprocessing children)
    if not _exit_hook["installed"]:
        multiprocessing.util.Finalize(None, shutdown_worker_kernel, exitpriority=10)
        _exit_hook["installed"] = True


def worker_init(fresh_kernel: bool = False, environ: dict | None = None) -> None:
    """Process-pool initializer: remember the mode and make sure the kernel dies with the worker.

    ``environ``: the submitting process's environment now (a fork-server worker would otherwise have the
    environment the fork server started with), so kernels see the same settings as in-process runs."""
    if environ is not None:
        os.environ.clear()
        os.environ.update(environ)
        from .. import paths

        paths.refresh()  # the fork server imported paths under the environment it started with
    _state.fresh = bool(fresh_kernel)
    _install_exit_hook()


def _shared_code() -> str:
    """Code that points a warm kernel at this batch's shared cache folder (or at none)."""
    value = f"_os.environ[{SHARED_ENV!r}] = {_state.shared!r}" if _state.shared else f"_os.environ.pop({SHARED_ENV!r}, None)"
    return f"import os as _os\n{value}\ndel _os\n"


def _warm_kernel():
    km = _state.km
    if km is None or not km.is_alive():
        _stop(km)
        km = _start_kernel()
    else:
        _run_code(km, RESET_CODE + _shared_code())
    return km


def _run_code(km, code: str, timeout: float = 120) -> None:
    """Run ``code`` in the kernel through a short-lived client (a client used before papermill's
    run stops receiving replies afterwards, so each call gets its own)."""
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        kc.execute_interactive(code, timeout=timeout, store_history=False, output_hook=lambda msg: None)
    finally:
        kc.stop_channels()


def _error_text(exc: BaseException) -> tuple[str, str]:
    """(short Swedish message, technical detail) for a failed report."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        ename, evalue = exc.ename, exc.evalue
        if ename in {"InputDataError", "ParameterError", "LagesbildError", "NetworkError"}:
            return str(evalue), f"{ename} i cell {exc.exec_count}"
        return (f"Ett oväntat fel inträffade när rapporten kördes (cell {exc.exec_count}): {ename}: {evalue}",
                "".join(exc.traceback[-3:]) if exc.traceback else "")
    return f"Rapporten kunde inte köras: {type(exc).__name__}: {exc}", traceback.format_exc(limit=3)


def partial_name(ipynb: Path, tag: str) -> Path:
    """Where papermill writes the notebook while the report runs (renamed to ``ipynb`` when done).
    A worker killed mid-report leaves it behind; the batch removes leftovers (:func:`leftovers`)."""
    return ipynb.with_name(f".{ipynb.stem}.{tag}.partial.ipynb")


def leftovers(job: dict) -> list[Path]:
    """Files a worker killed mid-report may leave for ``job``: the partial notebook and the temp files of
    an interrupted atomic write. The finished HTML and notebook are never among them."""
    ipynb, html = Path(job["ipynb"]), Path(job["html"])
    found = list(ipynb.parent.glob(f".{ipynb.stem}.*.partial.ipynb")) + list(ipynb.parent.glob(f".{ipynb.stem}.*.running"))
    for p in (ipynb, html):
        found += list(p.parent.glob(f".{p.name}.*.tmp"))
    return found


def run_job(job: dict, fresh_kernel: bool | None = None) -> dict:
    """Execute one job (see batch.make_jobs) and write its HTML and executed notebook.

    Never raises for a failing report: the result dict has ``status`` 'ok' or 'fel' and a Swedish
    ``fel`` message. ``fresh_kernel`` (None = the worker's setting from :func:`worker_init`) starts a new
    kernel for this report instead of the worker's warm one. Callable from any executor: a process pool,
    a thread pool (one kernel per thread) or a Dask worker.
    """
    import papermill

    from .export import notebook_to_html

    t0 = time.perf_counter()
    fresh = _state.fresh if fresh_kernel is None else bool(fresh_kernel)
    _state.shared = job.get("delad_cache") or None  # county-wide results shared by the batch's workers
    if _state.shared:
        os.environ[SHARED_ENV] = _state.shared  # a fresh kernel started by papermill inherits it
    else:
        os.environ.pop(SHARED_ENV, None)
    result = {k: job[k] for k in ("id", "mall", "kommunkod", "kommun", "parametrar", "html", "ipynb")}
    result.update(status="ok", fel=None, detalj=None,
                  arbetare=f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}")
    ipynb = Path(job["ipynb"])
    ipynb.parent.mkdir(parents=True, exist_ok=True)
    tag = f"{os.getpid()}-{threading.get_ident()}"
    partial = partial_name(ipynb, tag)
    running = ipynb.with_name(f".{ipynb.stem}.{tag}.running")  # tells the pool this job had started
    running.touch()
    try:
        kwargs = dict(parameters=job["parametrar"], kernel_name=KERNEL_NAME, progress_bar=False,
                      log_output=False, request_save_on_cell_execute=False)
        if fresh:
            nb_out = papermill.execute_notebook(job["template_path"], str(partial),
                                                shutdown_kernel="immediate", **kwargs)
        elif _in_process():
            from . import inprocess

            result["motor"] = "processen"
            with _scoped_env():
                nb_out = papermill.execute_notebook(job["template_path"], str(partial),
                                                    engine_name=inprocess.ENGINE_NAME, **kwargs)
        else:
            km = _warm_kernel()
            nb_out = papermill.execute_notebook(job["template_path"], str(partial), km=km, **kwargs)
        t_run = time.perf_counter()
        html = notebook_to_html(nb_out, job["titel"], job["watermark"])
        atomic_write_text(Path(job["html"]), html)
        result["sekunder_html"] = round(time.perf_counter() - t_run, 3)  # export share of ``sekunder``
    except Exception as exc:  # noqa: BLE001 - one failing municipality must not stop the batch
        result["status"] = "fel"
        result["fel"], result["detalj"] = _error_text(exc)
    finally:
        # papermill saved the executed notebook (with the failing cell marked) to the partial file
        if partial.exists():
            os.replace(partial, ipynb)
        else:
            result["ipynb"] = None
        result["sekunder"] = round(time.perf_counter() - t0, 3)
        running.unlink(missing_ok=True)
    return result


def was_started(job: dict) -> bool:
    """True if a worker had started ``job`` (and not finished it): its start marker is still there."""
    ipynb = Path(job["ipynb"])
    return any(ipynb.parent.glob(f".{ipynb.stem}.*.running"))
