"""Exercises, solutions and the facilitator guide come from one source (the solution notebooks), through tiny
preprocessors; regenerating changes nothing."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


P = _load("kurs_preprocessors")
B = _load("build_kurs")


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata["kurs"] = {"ovning": 9, "titel": "Prov", "minuter": 20}
    return nb


def test_regenerating_changes_nothing():
    assert B.check() == []


def test_check_notices_a_hand_edited_exercise(tmp_path, monkeypatch):
    sol_dir = tmp_path / "losningar"
    sol_dir.mkdir()
    src = next(B.SOLUTIONS.glob("07_*.ipynb"))
    (sol_dir / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(B, "NOTEBOOKS", tmp_path)
    monkeypatch.setattr(B, "SOLUTIONS", sol_dir)
    monkeypatch.setattr(B, "GUIDE", tmp_path / "HANDLEDNING.md")
    assert B.main([]) == 0 and B.check() == []
    ex = tmp_path / src.name
    nb = nbformat.read(ex, as_version=4)
    nb.cells[0].source += "\nEn rad som någon skrev direkt i övningen."
    nbformat.write(nb, ex)
    assert any("inaktuell" in p and src.name in p for p in B.check())


def test_strip_solutions_leaves_one_empty_answer_per_variable():
    cell = nbformat.v4.new_code_cell('x = 1\n### LÖSNING\nsvar_9a = 140 / 14_363 * 100_000\nsvar_9b = "b"\n'
                                     '### SLUT\nkurs.kontrollera("9a", svar_9a)')
    out = P.to_exercise(_nb(cell)).cells[0].source
    assert out == ('x = 1\nsvar_9a = None  # skriv ditt svar här\nsvar_9b = None  # skriv ditt svar här\n'
                   'kurs.kontrollera("9a", svar_9a)')
    assert "140" not in out and "LÖSNING" not in out


@pytest.mark.parametrize("source", ["### LÖSNING\nsvar = 1\n", "svar = 1\n### SLUT\n", "### LÖSNING\nprint(1)\n### SLUT\n"])
def test_malformed_solution_regions_are_refused(source):
    with pytest.raises(ValueError):
        P.to_exercise(_nb(nbformat.v4.new_code_cell(source)))
    with pytest.raises(ValueError):
        P.to_solution(_nb(nbformat.v4.new_code_cell(source)))


def test_tagged_cells_and_outputs():
    worked = nbformat.v4.new_markdown_cell("Lösning: 140 / 14 363", metadata={"tags": ["losning"]})
    notes = nbformat.v4.new_markdown_cell("**Tidsplan**", metadata={"tags": ["handledare"]})
    code = nbformat.v4.new_code_cell("1 + 1", metadata={"scrolled": True, "tags": ["x"]})
    code.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)]
    code.execution_count = 1
    ex = P.to_exercise(_nb(worked, notes, code))
    assert [c.source for c in ex.cells] == ["1 + 1"]
    assert ex.cells[0].outputs == [] and ex.cells[0].execution_count is None
    assert dict(ex.cells[0].metadata) == {"tags": ["x"]} and ex.metadata["kurs"]["version"] == "ovning"
    sol = P.to_solution(_nb(worked, notes, code))
    assert len(sol.cells) == 3 and sol.metadata["kurs"]["version"] == "losning"


def test_exercises_hold_no_solution_and_solutions_hold_notes():
    for sol_path in B.solution_paths():
        ex = nbformat.read(B.NOTEBOOKS / sol_path.name, as_version=4)
        sol = nbformat.read(sol_path, as_version=4)
        assert not any(set(c.metadata.get("tags", [])) & {"losning", "handledare"} for c in ex.cells)
        assert not any("LÖSNING" in c.source for c in ex.cells)
        assert any("handledare" in c.metadata.get("tags", []) for c in sol.cells), sol_path.name
        assert all(not c.get("outputs") for c in ex.cells + sol.cells if c.cell_type == "code")
        assert B.question_keys(ex) == B.question_keys(sol)


def test_guide_has_plan_answers_and_notes():
    guide = B.GUIDE.read_text(encoding="utf-8")
    from lagesbild_methods.kurs import alla_fragor

    fragor = alla_fragor()
    for sol_path in B.solution_paths():
        k = nbformat.read(sol_path, as_version=4).metadata["kurs"]
        assert f"## Övning {k['ovning']}: {k['titel']} ({k['minuter']} min)" in guide
    for key, f in fragor.items():
        assert f"| {key} | {f.facit_text().replace('|', '/')} |" in guide
    for heading in ("**Tidsplan", "**Diskussionsfrågor**", "**Vanliga misstag**", "## Upplägg"):
        assert guide.count(heading) >= (1 if heading == "## Upplägg" else len(B.solution_paths()))


def test_readme_course_section_lists_every_exercise():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Kursen" in readme and "lagesbild kurs --utdelning" in readme and "HANDLEDNING.md" in readme
    assert "Så börjar du som kursledare" in readme and "jupyter lab notebooks/" in readme and "00_kom_igang" in readme
    for sol_path in B.solution_paths():
        k = nbformat.read(sol_path, as_version=4).metadata["kurs"]
        assert f"`{sol_path.stem}`" in readme and f"| {k['minuter']} min |" in readme, sol_path.name


def test_course_notebooks_are_valid_for_jupyterlab():
    for path in sorted(B.NOTEBOOKS.glob("*.ipynb")) + B.solution_paths():
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        assert nb.metadata["kernelspec"]["name"] == "python3", path.name
