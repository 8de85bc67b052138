"""The in-process papermill engine (runner.inprocess): outputs in order and in nbformat, errors as papermill
reports them, the process's ``__main__`` left alone, other threads' prints not in the report, and the same
notebook outputs as a kernel gives."""
from __future__ import annotations

import sys
import threading
import time

import nbformat
import papermill
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from papermill.exceptions import PapermillExecutionError

from lagesbild_methods.runner import inprocess


def _nb(*sources: str):
    nb = new_notebook(cells=[new_code_cell(s) for s in sources])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _run(nb, tmp_path, **kw):
    path = tmp_path / "in.ipynb"
    nbformat.write(nb, path)
    return papermill.execute_notebook(str(path), str(tmp_path / "ut.ipynb"), engine_name=inprocess.ENGINE_NAME,
                                      progress_bar=False, kernel_name="python3", **kw)


def test_outputs_in_order_and_in_nbformat(tmp_path):
    nb = _run(_nb(
        "import sys\nfrom IPython.display import HTML, display\nprint('först')\ndisplay(HTML('<b>mitten</b>'))\n"
        "print('sist', file=sys.stderr)\n1 + 1",
        "x = 5\nprint(x)",
    ), tmp_path)
    first, second = nb.cells[0].outputs, nb.cells[1].outputs
    assert [o.output_type for o in first] == ["stream", "display_data", "stream", "execute_result"]
    assert first[0].name == "stdout" and first[0].text == "först\n"
    assert first[1].data["text/html"] == "<b>mitten</b>"
    assert first[2].name == "stderr" and first[2].text == "sist\n"
    assert first[3].data["text/plain"] == "2" and first[3].execution_count == nb.cells[0].execution_count
    assert second[0].text == "5\n" and nb.cells[1].execution_count == nb.cells[0].execution_count + 1
    nbformat.validate(nbformat.read(tmp_path / "ut.ipynb", as_version=4))  # a valid notebook on disk


def test_a_failing_cell_is_reported_like_the_kernel_engine(tmp_path):
    with pytest.raises(PapermillExecutionError) as info:
        _run(_nb("a = 1", "raise ValueError('fel värde')", "b = 2"), tmp_path)
    assert info.value.ename == "ValueError" and info.value.evalue == "fel värde"
    saved = nbformat.read(tmp_path / "ut.ipynb", as_version=4)
    code = [c for c in saved.cells if c.cell_type == "code"]
    assert code[1].outputs[-1].output_type == "error" and code[1].metadata.papermill.status == "failed"
    assert code[2].execution_count is None  # nothing after the failing cell ran


def test_the_namespace_is_reset_and_main_restored(tmp_path):
    main = sys.modules["__main__"]
    _run(_nb("lacka = 1"), tmp_path)
    assert sys.modules["__main__"] is main
    nb = _run(_nb("print('lacka' in globals(), __name__)"), tmp_path)
    assert nb.cells[0].outputs[0].text == "False __main__\n"


def test_other_threads_do_not_write_into_the_report(tmp_path, capsys):
    stop = threading.Event()

    def chatter():
        while not stop.is_set():
            print("bakgrundstråd")
            time.sleep(0.01)

    t = threading.Thread(target=chatter)
    t.start()
    try:
        nb = _run(_nb("import time\nfor i in range(3):\n    print('rapport', i)\n    time.sleep(0.05)"), tmp_path)
    finally:
        stop.set()
        t.join()
    assert nb.cells[0].outputs[0].text == "rapport 0\nrapport 1\nrapport 2\n"
    assert "bakgrundstråd" in capsys.readouterr().out


def test_one_report_at_a_time_per_process():
    assert inprocess.available()
    with inprocess._lock:
        assert not inprocess.available()  # a second thread would get a kernel


def test_same_outputs_as_a_kernel(tmp_path, monkeypatch):
    """The fixture template (Markdown, an SVG figure with alt text, a stderr line) gives the same outputs
    in-process as in a kernel (papermill's own engine), so the HTML export cannot tell them apart."""
    from pathlib import Path

    monkeypatch.setenv("MPLBACKEND", "Agg")
    fixture = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"
    params = {"kommun": "0331"}
    kernel = papermill.execute_notebook(str(fixture), str(tmp_path / "k.ipynb"), parameters=params,
                                        progress_bar=False, kernel_name="python3")
    here = papermill.execute_notebook(str(fixture), str(tmp_path / "p.ipynb"), parameters=params,
                                      engine_name=inprocess.ENGINE_NAME, progress_bar=False, kernel_name="python3")

    def outputs(nb):
        return [[(o.output_type, o.get("name"), o.get("text"), dict(o.get("data", {})), dict(o.get("metadata", {})))
                 for o in c.outputs] for c in nb.cells if c.cell_type == "code"]

    assert outputs(here) == outputs(kernel)
    assert any(o[0] == "display_data" and "image/svg+xml" in o[3] for cell in outputs(here) for o in cell)


def test_a_worker_takes_the_folders_from_the_environment_it_is_given(monkeypatch, tmp_path):
    """Pool workers are forked from a server that imported ``paths`` earlier, perhaps under another
    environment; ``worker_init`` hands them the caller's environment and the folders follow it."""
    import os

    from lagesbild_methods import paths
    from lagesbild_methods.runner import execute

    before = dict(os.environ)
    try:
        env = dict(os.environ, LAGESBILD_DATA=str(tmp_path / "data"), LAGESBILD_CACHE=str(tmp_path / "cache"))
        execute.worker_init(False, env)
        assert paths.DATA_DIR == (tmp_path / "data").resolve()
        assert paths.SYNTH_DIR == (tmp_path / "data" / "ovningsdata").resolve()
        assert paths.CACHE_DIR == (tmp_path / "cache").resolve()
    finally:
        os.environ.clear()
        os.environ.update(before)
        paths.refresh()
    assert paths.DATA_DIR == paths.REPO_DIR.joinpath("data").resolve() or "LAGESBILD_DATA" in before
