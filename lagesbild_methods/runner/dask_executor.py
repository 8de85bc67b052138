"""Run a batch on Dask distributed (optional extra: ``pip install -e '.[dask]'``).

``lagesbild kor ... --dask tcp://schemaläggare:8786`` connects to a running scheduler;
``--dask lokal`` starts a ``LocalCluster`` on this machine with ``--jobb`` worker processes (one thread
each). The jobs are the same as for the local pool and go through the same code (:mod:`.pool`): each
Dask worker runs its reports in its own process (:mod:`.inprocess`), writes its report atomically to ``--ut`` (which must be a folder every
worker can reach, e.g. a shared network drive), and a worker lost mid-report has its job moved to
another worker by Dask and, past that, retried by the runner.
"""
from __future__ import annotations

from contextlib import contextmanager

from ..errors import ParameterError

LOCAL = {"lokal", "local"}


def available() -> bool:
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


def _require():
    try:
        import distributed
    except ImportError:
        raise ParameterError("Dask är inte installerat. Installera tillägget med: pip install -e '.[dask]' "
                             "(eller kör utan --dask).") from None
    return distributed


def kernel_plugin():
    """A worker plugin that stops the worker's kernel when the worker closes."""
    distributed = _require()

    class KernelCleanup(distributed.WorkerPlugin):
        name = "lagesbild-kernel"

        def teardown(self, worker):
            from .execute import shutdown_worker_kernel

            shutdown_worker_kernel()

    return KernelCleanup()


@contextmanager
def dask_executor(address: str, workers: int = 2):
    """Yield a ``concurrent.futures``-style executor on Dask; close what was started here on exit.

    ``address`` is a scheduler address (``tcp://host:8786``) or ``lokal`` for a LocalCluster with
    ``workers`` single-threaded worker processes.
    """
    distributed = _require()
    import dask

    cluster = None
    # a report is one long task in its own kernel: no work stealing, no memory-based pausing by Dask
    with dask.config.set({"distributed.scheduler.work-stealing": False}):
        try:
            if str(address).strip().lower() in LOCAL:
                cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None, silence_logs=50)
                client = distributed.Client(cluster)
                where = f"Dask LocalCluster ({workers} arbetare)"
            else:
                client = distributed.Client(address, timeout="20s")
                where = f"Dask {address}"
        except (OSError, TimeoutError) as exc:
            if cluster is not None:
                cluster.close()
            raise ParameterError(f"Kunde inte ansluta till Dask-schemaläggaren '{address}': {exc}. "
                                 "Kontrollera adressen (t.ex. tcp://server:8786) eller använd --dask lokal.") from None
        try:
            client.register_plugin(kernel_plugin())
            ex = client.get_executor(pure=False)
            ex.description = where
            ex.workers = len(client.scheduler_info().get("workers", {})) or workers
            ex.client = client
            yield ex
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
