"""Run the course notebooks and render them as self-contained HTML handouts.

``lagesbild kurs --utdelning`` executes each exercise (one Jupyter kernel for all, its namespace reset
between notebooks, as the report runner does) and writes one HTML file per exercise with the runner's
exporter (:func:`lagesbild_methods.runner.export.notebook_to_html`): no code, figures embedded with alt
text, no external URL, ``lang="sv"``, the "Exempeldata" watermark. Each answer cell becomes a line to write
on, so the handout works on paper and on a screen beside JupyterLab.

Like the runner, this module reads notebook files (the course material in ``notebooks/``).
"""
from __future__ import annotations

import copy
import html
import os
import re
import threading
from pathlib import Path

import nbformat

from .. import paths

KURS_DIR = paths.NOTEBOOKS_DIR
LOSNINGAR_DIR = KURS_DIR / "losningar"
_CHECK = re.compile(r"kurs\.kontrollera\(\s*[\"'](?P<key>\w+)[\"']")
RESET = "%reset -f\nimport matplotlib.pyplot as _plt\n_plt.close('all')\ndel _plt"


def ovningar(losningar: bool = False) -> list[Path]:
    """The exercise notebooks (or their solutions), in order."""
    return sorted((LOSNINGAR_DIR if losningar else KURS_DIR).glob("[0-9][0-9]_*.ipynb"))


def valj(ovning: list[int] | None, losningar: bool = False) -> list[Path]:
    """The exercises with the given numbers (all when None), with a Swedish error for a missing number."""
    from ..errors import ParameterError

    alla = ovningar(losningar)
    if not ovning:  # the exercises; the getting-started notebook (00) only when asked for
        return [p for p in alla if not p.name.startswith("00_")]
    by_number = {int(p.name[:2]): p for p in alla}
    missing = [n for n in ovning if n not in by_number]
    if missing:
        raise ParameterError(f"Det finns ingen övning {', '.join(map(str, missing))}. Övningarna är: "
                             f"{', '.join(str(n) for n in sorted(by_number) if n > 0)}.")
    return [by_number[n] for n in ovning]


def _env() -> dict:
    env = dict(os.environ)
    env["MPLBACKEND"] = "Agg"
    env.setdefault("PYTHONWARNINGS", "ignore::DeprecationWarning")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return env


def kor(notebooks: list[Path], *, timeout: int = 600) -> dict[Path, nbformat.NotebookNode]:
    """Execute notebooks one after the other in one kernel; returns the executed copies by path.

    A cell that raises stops that notebook (nbclient's ``CellExecutionError``) and the error propagates:
    course notebooks must run from top to bottom without an error.

    The kernel is driven asynchronously on an event loop of its own, in a thread of its own, and both are
    gone when this returns. The synchronous kernel manager would leave jupyter_core's background "runner"
    thread and event loop behind in the calling process; a process forked afterwards (the report runner's
    worker pool, e.g. later in the same test session) inherits the runner's bookkeeping without its thread
    and hangs at its first kernel call.
    """
    import asyncio

    result: dict = {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        try:
            result["out"] = loop.run_until_complete(_kor(notebooks, timeout))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            result["error"] = exc
        finally:
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    worker = threading.Thread(target=run, name="lagesbild-kurs")
    worker.start()
    worker.join()
    if "error" in result:
        raise result["error"]
    return result["out"]


async def _kor(notebooks: list[Path], timeout: int) -> dict[Path, nbformat.NotebookNode]:
    import tempfile

    from jupyter_client.manager import AsyncKernelManager
    from nbclient import NotebookClient

    out: dict[Path, nbformat.NotebookNode] = {}
    folder = Path(tempfile.gettempdir()) / f"lagesbild-kernels-{os.getuid()}"
    folder.mkdir(parents=True, exist_ok=True)
    km = AsyncKernelManager(kernel_name="python3", transport="ipc",
                            connection_file=str(folder / f"kurs-{os.getpid()}-{threading.get_ident()}.json"))
    await km.start_kernel(env=_env(), cwd=str(KURS_DIR))
    try:
        for path in notebooks:
            nb = nbformat.read(path, as_version=4)
            nb.cells.insert(0, nbformat.v4.new_code_cell(RESET, id="lagesbild-reset"))
            client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                                    resources={"metadata": {"path": str(path.parent)}})
            try:
                await client.async_execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
            nb.cells.pop(0)
            out[path] = nb
    finally:
        await km.shutdown_kernel(now=True)
    return out


def fragor_i(nb) -> list[str]:
    """The question keys checked in a notebook, in order."""
    return [m.group("key") for c in nb.cells if c.cell_type == "code" for m in _CHECK.finditer(c.source)]


def som_utdelning(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An executed exercise prepared for paper: every answer cell becomes a line to write the answer on
    (in a solution: the right answer, computed by the self-check); trainer notes are dropped."""
    nb = copy.deepcopy(nb)
    solution = nb.metadata.get("kurs", {}).get("version") == "losning"
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"handledare", "losning"}:
            continue
        keys = [m.group("key") for m in _CHECK.finditer(cell.source)] if cell.cell_type == "code" else []
        if keys:
            cells.extend(nbformat.v4.new_markdown_cell(_answer_line(k, solution)) for k in keys)
            continue
        if cell.cell_type == "code":
            cell.outputs = [_as_display(o) for o in cell.get("outputs", [])]
        cells.append(cell)
    nb.cells = cells
    return nb


def _as_display(output):
    """The report template shows display data only: a cell's last value (a table) and printed sentences
    become display data too."""
    if output.get("output_type") == "execute_result":
        return nbformat.v4.new_output("display_data", data=output.get("data", {}), metadata=output.get("metadata", {}))
    if output.get("output_type") == "stream" and output.get("name") == "stdout":
        paragraphs = [html.escape(p.strip()).replace("\n", "<br>") for p in output.get("text", "").split("\n\n") if p.strip()]
        return nbformat.v4.new_output("display_data", data={"text/html": "".join(f"<p>{p}</p>" for p in paragraphs)})
    return output


def _answer_line(key: str, solution: bool) -> str:
    if solution:
        from . import alla_fragor

        return f"**Fråga {key} – rätt svar:** {alla_fragor()[key].facit_text()}"
    return f"**Ditt svar på fråga {key}:** " + "\\_" * 24


def titel(nb) -> str:
    k = nb.metadata.get("kurs", {})
    if "ovning" in k:
        return f"Övning {k['ovning']}: {k.get('titel', '')}" + (" – lösning" if k.get("version") == "losning" else "")
    return "Kursmaterial"


def till_html(nb: nbformat.NotebookNode) -> str:
    """The handout of an executed course notebook as one self-contained HTML string."""
    from ..runner.export import notebook_to_html

    return notebook_to_html(som_utdelning(nb), titel(nb), watermark=True)


def skriv_utdelningar(notebooks: list[Path], ut: Path) -> list[Path]:
    """Execute ``notebooks`` and write one handout each to ``ut`` (atomically); returns the files."""
    from ..runner.safe import atomic_write_text

    ut.mkdir(parents=True, exist_ok=True)
    written = []
    for path, nb in kor(notebooks).items():
        target = ut / (path.stem + ("_losning" if path.parent == LOSNINGAR_DIR else "") + ".html")
        atomic_write_text(target, till_html(nb))
        written.append(target)
    return written
