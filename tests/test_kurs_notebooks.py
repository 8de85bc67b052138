"""The course notebooks run where the course happens: every exercise and every solution is executed in a real
Jupyter kernel (one kernel for all, its namespace reset between notebooks, as a participant's JupyterLab
runs them), and every exercise renders to a self-contained HTML handout.

Strict: each check in a solution must answer "Rätt!"; each check in an unanswered exercise must say kindly
that no answer has been given; no cell may fail. (nbval leaves these notebooks to this test, see
``notebooks/conftest.py``, so they run once.)
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from lagesbild_methods.kurs import utdelning as U

EXERCISES = [p for p in U.ovningar() if not p.name.startswith("00_")]
SOLUTIONS = U.ovningar(losningar=True)
KOM_IGANG = U.KURS_DIR / "00_kom_igang.ipynb"


def _kom_igang_answered(folder) -> Path:
    """The getting-started notebook with both answers filled in as a participant would (the right rate, typed
    with a decimal comma, and the library's verdict), next to the original."""
    from lagesbild_methods import stats
    from lagesbild_methods.sources.tidy import read_crime_csv, read_population_csv
    from lagesbild_methods.verdicts import Change

    brott, folkmangd = read_crime_csv(), read_population_csv()
    b = brott[(brott.kommunkod == "0331") & (brott.ar == 2025) & (brott.brottstyp == "bostadsinbrott")]
    rate = float(stats.rates(stats.join_population(b, folkmangd)).varde.iloc[0])
    j = stats.join_population(brott[(brott.kommunkod == "0331") & (brott.brottstyp == "narkotikabrott")], folkmangd)
    verdict = stats.change_between_periods(j, 2024, 2025).forandring.iloc[0]
    word = {Change.INCREASE: "ökning", Change.DECREASE: "minskning"}.get(verdict, "osäkert")
    nb = nbformat.read(KOM_IGANG, as_version=4)
    for c in nb.cells:
        c.source = c.source.replace("mitt_svar = None", f'mitt_svar = "{rate:.1f}".replace(".", ",")')
        c.source = c.source.replace("min_bedomning = None", f'min_bedomning = "{word}"')
    target = Path(folder) / KOM_IGANG.name
    nbformat.write(nb, target)
    return target


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    answered = _kom_igang_answered(tmp_path_factory.mktemp("kom_igang"))
    out = U.kor([KOM_IGANG, answered] + EXERCISES + SOLUTIONS)  # one kernel for all 16 (benchmarks/bench_kurs.py)
    out["_kom_igang_svar"] = out.pop(answered)
    return out


def _checks(nb) -> list[tuple[str, str]]:
    """(question key, the check's text output) for every answer cell of an executed notebook."""
    found = []
    for c in nb.cells:
        keys = U.fragor_i(nbformat.v4.new_notebook(cells=[c])) if c.cell_type == "code" else []
        if keys:
            text = "".join(o.get("data", {}).get("text/plain", "") for o in c.outputs
                           if o.get("output_type") == "execute_result")
            found.append((keys[0], text))
    return found


def test_there_are_six_to_eight_exercises_with_solutions():
    assert 6 <= len(EXERCISES) <= 8
    assert [p.name for p in EXERCISES] == [p.name for p in SOLUTIONS]
    for p in EXERCISES:
        k = nbformat.read(p, as_version=4).metadata["kurs"]
        assert 20 <= k["minuter"] <= 40 and k["titel"] and k["bedomning"] and k["version"] == "ovning"


def test_every_solution_gets_right_on_every_question(executed):
    for p in SOLUTIONS:
        checks = _checks(executed[p])
        assert len(checks) >= 4, p.name
        for key, text in checks:
            assert text.startswith("Rätt!"), f"{p.name}, fråga {key}: {text}"


def test_every_unanswered_exercise_runs_and_is_kind(executed):
    for p in EXERCISES:
        checks = _checks(executed[p])
        assert [k for k, _ in checks] == [k for k, _ in _checks(executed[U.LOSNINGAR_DIR / p.name])]
        for key, text in checks:
            assert text.startswith("Inget svar än.") and f"svar_{key}" in text, (p.name, key, text)


def _printed(nb) -> list[str]:
    """What each code cell printed (stdout), in order."""
    return ["".join(o.get("text", "") for o in c.get("outputs", []) if o.get("name") == "stdout")
            for c in nb.cells if c.cell_type == "code"]


def test_kom_igang_runs_unanswered_and_answered(executed):
    """The getting-started notebook (run here, not by nbval, so it shares the kernel): kind when unanswered,
    right when answered as a participant types it."""
    unanswered = [t for t in _printed(executed[KOM_IGANG]) if t.strip()]
    answered = [t for t in _printed(executed["_kom_igang_svar"]) if t.strip()]
    assert len(unanswered) == len(answered) == 2
    assert all(t.startswith("Du har inte fyllt i något svar än.") for t in unanswered), unanswered
    assert all(t.startswith("Rätt!") for t in answered), answered


_ENGLISH = re.compile(r"\b(no_change|not_assessed|increase|decrease|increasing|decreasing|NaN|nan|None|True|False|"
                      r"inf|Traceback|Error|dtype|object)\b")


def test_no_cell_fails_or_warns_in_english(executed):
    for p in [KOM_IGANG, "_kom_igang_svar"] + EXERCISES + SOLUTIONS:
        name = getattr(p, "name", p)
        for c in executed[p].cells:
            for o in c.get("outputs", []):
                assert o.get("output_type") != "error", (name, c.source)
                if o.get("output_type") == "stream" and o.get("name") == "stderr":
                    assert "Traceback" not in o["text"] and "Error" not in o["text"], (name, o["text"])
                # what a participant reads: tables, sentences and feedback, all Swedish (no library codes)
                shown = o.get("text", "") + o.get("data", {}).get("text/plain", "") + o.get("data", {}).get("text/html", "")
                hit = _ENGLISH.search(shown)
                assert hit is None, (name, c.source, hit and shown[max(0, hit.start() - 80):hit.end() + 80])


def test_figures_have_swedish_alt_text(executed):
    n = 0
    for p in EXERCISES:
        for c in executed[p].cells:
            for o in c.get("outputs", []):
                if "image/svg+xml" in o.get("data", {}):
                    alt = o.get("metadata", {}).get("image/svg+xml", {}).get("alt", "")
                    assert len(alt) > 20 and "ingen beskrivning" not in alt, (p.name, alt)
                    n += 1
    assert n >= 8


def test_handouts_are_self_contained_swedish_html(executed):
    for p in EXERCISES:
        html = U.till_html(executed[p])
        nb = executed[p]
        assert 'lang="sv"' in html and "<script" not in html and "http://" not in html and "https://" not in html
        assert "kurs.kontrollera" not in html and "Inget svar än" not in html and "import " not in html
        for key in U.fragor_i(nb):
            assert f"Ditt svar på fråga {key}" in html
        assert f"Övning {nb.metadata['kurs']['ovning']}" in html
        assert re.search(r"<img[^>]+alt=\"[^\"]{20,}", html) or "<table" in html
        assert "Övningsdata" in html and "påhittad" in html


def test_cli_writes_handouts(executed, tmp_path, monkeypatch, capsys):
    from lagesbild_methods import cli

    monkeypatch.setattr(U, "kor", lambda notebooks: {q: executed[q] for q in notebooks})
    assert cli.main(["kurs", "--utdelning", "--ovning", "7", "--ovning", "1", "--ut", str(tmp_path)]) == 0
    files = sorted(f.name for f in tmp_path.iterdir())
    assert files == ["01_ar_okningen_verklig.html", "07_dela_sakert.html"]
    assert cli.main(["kurs", "--utdelning", "--losningar", "--ovning", "2", "--ut", str(tmp_path)]) == 0
    solution = (tmp_path / "02_jamfora_kommuner_losning.html").read_text(encoding="utf-8")
    assert "Fråga 2b – rätt svar:" in solution and "Storhamn" in solution and "Ditt svar" not in solution
    assert cli.main(["kurs", "--ovning", "9"]) == 1
    assert "Det finns ingen övning 9" in capsys.readouterr().err
    assert cli.main(["kurs"]) == 0
    assert "03_nar_och_var.ipynb" in capsys.readouterr().out


def _forked_kernel_run(queue) -> None:
    """What a report-runner worker does after a fork: a synchronous kernel manager and nbclient."""
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    km = KernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
        NotebookClient(nb, km=km, timeout=60).execute()
        queue.put(nb.cells[0].outputs[0]["text"].strip())
    finally:
        km.shutdown_kernel(now=True)


def test_a_forked_worker_still_runs_kernels_afterwards(executed):
    """The course run leaves no background thread or event-loop bookkeeping in this process: a process forked
    afterwards (the report runner's pool, later in the same test session) can drive a kernel. With the
    synchronous kernel manager in ``utdelning.kor`` the child waited forever at its first kernel call."""
    import multiprocessing as mp
    import threading

    import jupyter_core.utils

    assert [t.name for t in threading.enumerate()] == ["MainThread"] or not any(
        t.name.endswith(" - runner") for t in threading.enumerate())
    assert threading.current_thread().name not in jupyter_core.utils._runner_map
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_forked_kernel_run, args=(queue,))
    child.start()
    child.join(90)
    hung = child.is_alive()
    if hung:
        child.kill()
        child.join()
    assert not hung, "a forked process hung at its first kernel call after the course run"
    assert queue.get(timeout=5) == "42"
