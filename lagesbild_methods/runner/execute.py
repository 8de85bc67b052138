"""Execute one report in a worker process: papermill (Python API) into a kernel that the
worker keeps warm between reports, then in-process HTML export.

Kernel reuse: papermill accepts a started kernel manager (``km=``). Between reports the
worker resets the kernel's namespace (``%reset -f``) and closes all figures, so no
variable leaks from one municipality to the next while the heavy imports (pandas,
statsmodels, matplotlib) stay loaded. ``fresh_kernel=True`` starts a new kernel per report
instead (slower, fully isolated).
"""
from __future__ import annotations

import logging
import multiprocessing.util
import os
import time
import traceback
from pathlib import Path

from .safe import atomic_write_text

KERNEL_NAME = "python3"
WARMUP_CODE = (
    "import pandas, numpy, scipy.stats, statsmodels.api, matplotlib\n"
    "matplotlib.use('Agg')\n"
    "import matplotlib.pyplot, seaborn\n"
    "import lagesbild_methods.steps.step1, lagesbild_methods.steps.report\n"
    "import lagesbild_methods.patterns.timing, lagesbild_methods.patterns.grid, lagesbild_methods.patterns.hotspot\n"
    "import lagesbild_methods.figures.maps, lagesbild_methods.figures.pattern_figures\n"
)
RESET_CODE = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt\n"

_state: dict = {"km": None, "fresh": False}
logging.getLogger("papermill").setLevel(logging.WARNING)


def _kernel_env() -> dict:
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["LAGESBILD_BATCH"] = "1"  # keep full tracebacks in batch runs (see steps.report.install_swedish_errors)
    # one report per core: keep BLAS from starting extra threads that fight the other worker
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    return env


def _start_kernel():
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                       connection_file=os.path.join(_ipc_dir(), f"kernel-{os.getpid()}.json"))
    km.start_kernel(env=_kernel_env(), cwd=str(Path.cwd()))
    _state["km"] = km
    _run_code(km, WARMUP_CODE)
    return km


def _ipc_dir() -> str:
    import tempfile

    d = os.path.join(tempfile.gettempdir(), f"lagesbild-kernels-{os.getuid()}")
    os.makedirs(d, exist_ok=True)
    return d


def shutdown_worker_kernel() -> None:
    """Stop this worker's kernel (registered to run when the worker process exits)."""
    km = _state.get("km")
    try:
        if km is not None and km.has_kernel:
            km.shutdown_kernel(now=True)
    except Exception:  # noqa: BLE001 - best effort at exit
        pass
    _state["km"] = None


def worker_init(fresh_kernel: bool = False) -> None:
    """Process-pool initializer: remember the mode and make sure the kernel dies with the worker."""
    _state["fresh"] = bool(fresh_kernel)
    multiprocessing.util.Finalize(None, shutdown_worker_kernel, exitpriority=10)


def _warm_kernel():
    km = _state.get("km")
    if km is None or not km.is_alive():
        shutdown_worker_kernel()
        km = _start_kernel()
    else:
        _run_code(km, RESET_CODE)
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


def run_job(job: dict) -> dict:
    """Execute one job (see batch.make_jobs) and write its HTML and executed notebook.

    Never raises: the result dict has ``status`` 'ok' or 'fel' and a Swedish ``fel`` message.
    """
    import papermill

    from .export import notebook_to_html

    t0 = time.perf_counter()
    result = {k: job[k] for k in ("id", "mall", "kommunkod", "kommun", "parametrar", "html", "ipynb")}
    result.update(status="ok", fel=None, detalj=None)
    ipynb = Path(job["ipynb"])
    ipynb.parent.mkdir(parents=True, exist_ok=True)
    partial = ipynb.with_name(f".{ipynb.stem}.{os.getpid()}.partial.ipynb")
    try:
        kwargs = dict(parameters=job["parametrar"], kernel_name=KERNEL_NAME, progress_bar=False,
                      log_output=False, request_save_on_cell_execute=False)
        if _state["fresh"]:
            nb_out = papermill.execute_notebook(job["template_path"], str(partial),
                                                shutdown_kernel="immediate", **kwargs)
        else:
            km = _warm_kernel()
            nb_out = papermill.execute_notebook(job["template_path"], str(partial), km=km, **kwargs)
        html = notebook_to_html(nb_out, job["titel"], job["watermark"])
        atomic_write_text(Path(job["html"]), html)
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
    return result
