"""The course notebooks run where the course happens: every exercise and every solution is executed in a real
Jupyter kernel (one kernel for all, its namespace reset between notebooks, as a participant's JupyterLab
runs them), and every exercise renders to a self-contained HTML handout.

Strict: each check in a solution must answer "Rätt!"; each check in an unanswered exercise must say kindly
that no answer has been given; no cell may fail. (nbval leaves these notebooks to this test, see
``notebooks/conftest.py``, so they run once.)
"""
from __future__ import annotations

import re
import time

import nbformat
import pytest

from lagesbild_methods.kurs import utdelning as U

EXERCISES = [p for p in U.ovningar() if not p.name.startswith("00_")]
SOLUTIONS = U.ovningar(losningar=True)


@pytest.fixture(scope="module")
def executed():
    t0 = time.perf_counter()
    out = U.kor(EXERCISES + SOLUTIONS)
    out["_sekunder"] = time.perf_counter() - t0
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


def test_no_cell_fails_or_warns_in_english(executed):
    for p in EXERCISES + SOLUTIONS:
        for c in executed[p].cells:
            for o in c.get("outputs", []):
                assert o.get("output_type") != "error", (p.name, c.source)
                if o.get("output_type") == "stream" and o.get("name") == "stderr":
                    assert "Traceback" not in o["text"] and "Error" not in o["text"], (p.name, o["text"])


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


def test_all_course_notebooks_run_in_modest_time(executed):
    # one kernel for 7 exercises and 7 solutions; reported in the course README, not a benchmark
    print(f"\n{len(EXERCISES) + len(SOLUTIONS)} kursnotebooks på {executed['_sekunder']:.1f} s")
    assert executed["_sekunder"] < 300
