"""A papermill engine that runs a notebook's cells in the worker process itself, without a kernel.

Why: in a batch the kernel was most of the runner's overhead. Every display (Markdown, HTML tables,
SVG figures of ~300 kB per report) travelled as JSON over ZeroMQ from the kernel to papermill's client,
which parsed every message (dates included) again; the worker and its kernel each held the imports.
Here the worker *is* the interpreter: an IPython ``InteractiveShell`` runs the cells, and its display
publisher, display hook and traceback printer write nbformat outputs straight into the notebook. Papermill
still parameterises the notebook, keeps the cell metadata, writes the executed notebook and raises
``PapermillExecutionError`` for a failing cell, exactly as with its kernel engine.

Isolation between reports is that of the warm kernel it replaces: the namespace is reset and figures are
closed before every report, and modules (with their caches keyed by file content) stay loaded. Fault
isolation stays with the process: a report that crashes the interpreter takes its worker down and the
pool retries it (``pool.run_all``). A fresh kernel per report (``--ny-kernel``) remains for full isolation.

One report at a time per process (a lock): output capture is per process. A second thread of the same
process (a thread pool) gets a kernel instead (:func:`available`). Only writes from the thread running the
report go into the report; other threads' prints (a Dask worker's) pass through to the real streams.
"""
from __future__ import annotations

import contextlib
import io
import sys
import threading

from nbformat import from_dict
from papermill.engines import Engine, papermill_engines

ENGINE_NAME = "lagesbild-inprocess"
_lock = threading.Lock()


class _Recorder:
    """The outputs of the cell that is running, in the order they were produced (nbformat v4 output
    dicts; not validated one by one: papermill validates the whole notebook when it writes it)."""

    def __init__(self, count: int | None = None):
        self.outputs: list = []
        self.count = count  # the cell's execution count

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text
        else:
            self.outputs.append(from_dict({"output_type": "stream", "name": name, "text": text}))

    def display(self, data: dict, metadata: dict | None) -> None:
        self.outputs.append(from_dict({"output_type": "display_data", "data": dict(data),
                                       "metadata": dict(metadata or {})}))

    def result(self, data: dict, metadata: dict | None) -> None:
        self.outputs.append(from_dict({"output_type": "execute_result", "data": dict(data),
                                       "metadata": dict(metadata or {}), "execution_count": self.count}))

    def error(self, ename: str, evalue: str, traceback: list) -> None:
        self.outputs.append(from_dict({"output_type": "error", "ename": ename, "evalue": evalue,
                                       "traceback": list(traceback)}))

    def clear(self) -> None:
        self.outputs.clear()


_current = {"recorder": None}


class _ThreadStream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` while a report runs: the running thread's writes become stream
    outputs; every other thread writes to the original stream."""

    def __init__(self, original, name: str, recorder: _Recorder, thread: int):
        super().__init__()
        self.original, self.name_, self.recorder, self.thread = original, name, recorder, thread

    def write(self, text: str) -> int:
        if threading.get_ident() == self.thread:
            self.recorder.stream(self.name_, text)
        elif self.original is not None:
            self.original.write(text)
        return len(text)

    def flush(self) -> None:
        if self.original is not None and threading.get_ident() != self.thread:
            self.original.flush()

    def isatty(self) -> bool:
        return False

    @property
    def encoding(self):
        return "utf-8"


def _shell():
    """The process's IPython shell (created once; None if another kind of shell owns the process, e.g. when
    the runner is called from inside a JupyterLab kernel)."""
    from IPython.core.interactiveshell import InteractiveShell

    if InteractiveShell.initialized():
        shell = InteractiveShell.instance()
        return shell if isinstance(shell, _shell_class()) else None
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no sqlite history file per worker
    config.InteractiveShell.colors = "nocolor"
    main = sys.modules.get("__main__")
    shell = _shell_class().instance(config=config)
    # IPython makes its namespace module ``__main__``; outside a report the process keeps its own (spawned
    # processes, e.g. Dask's, read ``__main__.__spec__``), and the namespace module gets a ``__spec__``
    shell.user_module.__spec__ = None
    _restore_main(main)
    return shell


def _restore_main(main) -> None:
    if main is None:
        sys.modules.pop("__main__", None)
    else:
        sys.modules["__main__"] = main


@contextlib.contextmanager
def _as_main(shell):
    """The report's namespace is ``__main__`` while it runs (as in a kernel), the process's own after."""
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = shell.user_module
    try:
        yield
    finally:
        _restore_main(main)


_classes: dict = {}


def _shell_class():
    """The shell class, built on first use (IPython is imported only by processes that run reports)."""
    if "shell" in _classes:
        return _classes["shell"]
    from IPython.core.displayhook import DisplayHook
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets import Type

    class Publisher(DisplayPublisher):
        def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
            rec = _current["recorder"]
            if rec is not None:
                rec.display(data, metadata)

        def clear_output(self, wait=False):
            rec = _current["recorder"]
            if rec is not None:
                rec.clear()

    class Hook(DisplayHook):
        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            rec = _current["recorder"]
            if rec is not None:
                rec.result(format_dict, md_dict)

        def finish_displayhook(self):
            pass

    class Shell(InteractiveShell):
        displayhook_class = Type(Hook)
        display_pub_class = Type(Publisher)

        def _showtraceback(self, etype, evalue, stb):
            rec = _current["recorder"]
            if rec is None:
                return super()._showtraceback(etype, evalue, stb)
            rec.error(getattr(etype, "__name__", str(etype)), str(evalue), stb)

    _classes["shell"] = Shell
    return Shell


def available() -> bool:
    """True if this thread can run a report in-process now (no other report runs in this process, and no
    foreign IPython shell owns it)."""
    if not _lock.acquire(blocking=False):
        return False
    try:
        return _shell() is not None
    finally:
        _lock.release()


def reset() -> None:
    """Before a report: an empty namespace (as ``%reset -f``) and no figures left from the last one."""
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=False)
        shell.execution_count = 1
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


class InProcessEngine(Engine):
    """Papermill engine: execute the cells in this process's IPython shell."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs):
        with _lock:
            shell = _shell()
            if shell is None:
                raise RuntimeError("Processen har redan ett annat IPython-skal; kör med en kernel i stället.")
            with _as_main(shell):
                reset()
                for index, cell in enumerate(nb_man.nb.cells):
                    if cell.cell_type != "code":
                        continue
                    nb_man.cell_start(cell, index)
                    ok = _run_cell(shell, cell)
                    if not ok:
                        nb_man.cell_exception(cell, index)
                    nb_man.cell_complete(cell, index)
                    if not ok:
                        break
        return nb_man.nb


def _run_cell(shell, cell) -> bool:
    """Run one cell; its outputs go into ``cell.outputs``. False if it raised."""
    count = shell.execution_count
    rec = _Recorder(count)
    _current["recorder"] = rec
    me = threading.get_ident()
    saved = sys.stdout, sys.stderr
    sys.stdout = _ThreadStream(saved[0], "stdout", rec, me)
    sys.stderr = _ThreadStream(saved[1], "stderr", rec, me)
    try:
        result = shell.run_cell(cell.source, store_history=True, silent=False)
    finally:
        sys.stdout, sys.stderr = saved
        _current["recorder"] = None
    cell.execution_count = count
    cell.outputs = rec.outputs
    return result.success


papermill_engines.register(ENGINE_NAME, InProcessEngine)
