"""Interactive notebooks show a user error as one Swedish message, not a traceback."""
import os

import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from nbformat.v4 import new_code_cell, new_notebook


def _run(env_extra=None):
    nb = new_notebook(cells=[new_code_cell("from lagesbild_methods.steps import step1\n"
                                           "from lagesbild_methods.steps.report import visa"),
                             new_code_cell('step1.load("Gotham", 2015, 2025)')],
                      metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    old = {k: os.environ.get(k) for k in ("LAGESBILD_BATCH", "LAGESBILD_TRACEBACK")}
    for k in old:
        os.environ.pop(k, None)
    os.environ.update(env_extra or {})
    try:
        with pytest.raises(CellExecutionError) as err:
            NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    finally:
        for k, v in old.items():
            os.environ.pop(k, None)
            if v is not None:
                os.environ[k] = v
    return err.value, nb.cells[1].outputs


def test_user_error_is_one_swedish_box_in_jupyterlab():
    err, outputs = _run()
    assert err.ename == "ParameterError"  # the cell still fails, so "run all" stops here
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<strong>Fel:</strong> Okänd kommun" in html
    assert not any(o.get("output_type") == "error" for o in outputs)
    assert "Traceback" not in str(outputs)


def test_traceback_kept_for_developers():
    _, outputs = _run({"LAGESBILD_TRACEBACK": "1"})
    assert any(o.get("output_type") == "error" for o in outputs)
