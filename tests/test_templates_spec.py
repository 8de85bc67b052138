"""One parameter spec per template: the parameters cell, the README table, `lagesbild mallar` and the
runner's check before any kernel starts all come from it; committed notebooks equal their source."""
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from lagesbild_methods import cli, paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.runner import batch, template_sync, templates
from lagesbild_methods.steps import specs
from lagesbild_methods.steps.step1 import SPEC

ROOT = Path(__file__).resolve().parents[1]


def _params_cell(path):
    nb = nbformat.read(path, as_version=4)
    return next(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))


@pytest.mark.parametrize("mall", sorted(specs()))
def test_committed_template_equals_its_spec(mall):
    spec = specs()[mall]
    path = paths.TEMPLATES_DIR / f"{mall}.ipynb"
    assert _params_cell(path) == spec.parameters_cell()
    assert nbformat.read(path, as_version=4).metadata["lagesbild"] == spec.metadata
    # papermill reads the same names, defaults and help texts back from the cell
    t = templates.load_template(path)
    assert list(t.parameters) == spec.names
    assert all(t.parameters[p.name]["help"] == p.help for p in spec.params)
    assert (t.titel, t.steg, t.niva) == (spec.titel, spec.steg, spec.niva)


def test_readme_tables_equal_the_specs_and_the_checker_agrees():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for spec in specs().values():
        assert spec.readme_table() in text
    assert template_sync.check() == []
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_templates.py"), "--check"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_an_edit_made_in_jupyterlab_survives_the_build(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    shutil.copy(paths.TEMPLATES_DIR / "steg1_lagesbild.ipynb", folder)
    readme = tmp_path / "README.md"
    readme.write_text("<!-- parametrar: steg1_lagesbild -->\ngammal tabell\n<!-- /parametrar -->\n", encoding="utf-8")
    path = folder / "steg1_lagesbild.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += "\n\nEgen rad från kommunen."  # a coordinator's edit of the narrative
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = 'kommun = "Tierp"'  # a stale parameters cell
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", text="utdata")]
    nbformat.write(nb, path)
    assert any("steg1_lagesbild" in p for p in template_sync.check(folder, readme))
    template_sync.write_all(folder, readme)
    out = nbformat.read(path, as_version=4)
    assert out.cells[0].source.endswith("Egen rad från kommunen.")  # kept
    assert _params_cell(path) == SPEC.parameters_cell()  # restored from the spec
    assert all(not c.get("outputs") for c in out.cells if c.cell_type == "code")
    assert SPEC.readme_table() in readme.read_text(encoding="utf-8")
    # a spec without a notebook gets a skeleton: title, parameters, load, one call per section
    skeleton = nbformat.read(folder / "steg2_orsaksanalys.ipynb", as_version=4)
    code = "\n".join(c.source for c in skeleton.cells if c.cell_type == "code")
    assert "step2.load_from(globals())" in code and "visa(step2.brottstriangeln(lb))" in code


def test_spec_refuses_wrong_values_with_the_allowed_ones():
    with pytest.raises(ParameterError) as exc:
        SPEC.validate({"kadens": "kvartal"})
    assert str(exc.value) == ('Okänt värde för parametern kadens: \'kvartal\'. Tillåtna värden: "vecka", "manad", '
                              '"tertial", "ar".')
    with pytest.raises(ParameterError, match="ska vara ett heltal.*Menade du 'ar_till'"):
        SPEC.validate({"ar_fran": "tjugo", "ar_tll": 2024})
    with pytest.raises(ParameterError, match="'Uppsala län' är inte en kommun"):
        SPEC.validate({"kommun": "Uppsala län"})
    ok = SPEC.validate({"ar_till": "2024", "delbar": False})
    assert ok["ar_till"] == 2024 and ok["delbar"] is False and ok["kadens"] == "tertial"


def test_cli_refuses_a_wrong_value_before_any_kernel_starts(monkeypatch, tmp_path, capsys):
    started = []
    monkeypatch.setattr(batch, "run_batch", lambda *a, **k: started.append(a) or ([], 0))
    from lagesbild_methods.runner import execute

    monkeypatch.setattr(execute, "run_job", lambda *a, **k: started.append(a))
    out = tmp_path / "rapporter"
    code = cli.main(["kor", "--mall", "steg1", "--kommun", "Heby", "-p", "kadens=kvartal", "--ut", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and started == [] and not out.exists()
    assert err.startswith("Fel: Okänt värde för parametern kadens: 'kvartal'.")
    assert '"vecka", "manad", "tertial", "ar"' in err and "Traceback" not in err


def test_mallar_lists_allowed_values_and_file_kinds(capsys):
    assert cli.main(["mallar"]) == 0
    out = capsys.readouterr().out
    assert 'kadens = "tertial" ["vecka", "manad", "tertial", "ar"]' in out
    assert 'brott_fil = "" [fil: brott]' in out and "steg2_orsaksanalys" in out


def test_new_step_needs_only_spec_sections_and_narrative():
    from lagesbild_methods.steps import step2

    ctx = step2.load("Älvkarleby", problem="P4")
    assert ctx.problem == "P4" and {"brott_fil", "folkmangd_fil", "arbetsbok_fil"} <= set(ctx.files)
    assert step2.problemet(ctx).text.startswith("Orsaksanalysen gäller **P4 ")
    assert set(step2.brottstriangeln(ctx).facts["perspektiv"]) == {"Plats/situation", "Brottsutsatt", "Gärningsperson"}
    jobs = batch.make_jobs([templates.find("steg2")], ["0319"], paths.REPORTS_DIR, {"problem": "P4"})
    assert jobs[0]["parametrar"]["problem"] == "P4"
    with pytest.raises(ParameterError, match="Tillåtna värden"):
        batch.make_jobs([templates.find("steg2")], ["0319"], paths.REPORTS_DIR, {"kadens": "kvartal"})


def test_alla_runs_the_kommuner_of_the_chosen_county(monkeypatch, capsys, tmp_path):
    seen = {}

    def fake_run_batch(jobs, out, **kw):
        seen["jobs"] = jobs
        return [], 0

    monkeypatch.setattr(batch, "run_batch", fake_run_batch)
    assert cli.main(["kor", "--mall", "steg1", "--alla-kommuner", "--lan", "Gävleborgs län", "--ut", str(tmp_path)]) == 0
    assert sorted(j["kommunkod"] for j in seen["jobs"]) == sorted(registry_codes("21"))
    assert cli.main(["kor", "--mall", "steg1", "--alla-kommuner", "--ut", str(tmp_path)]) == 0
    assert len(seen["jobs"]) == 8  # the default county is Uppsala län
    assert cli.main(["kor", "--alla-kommuner", "--lan", "Atlantis"]) == 1
    assert "Okänt län: 'Atlantis'" in capsys.readouterr().err


def registry_codes(lan):
    from lagesbild_methods import registry

    return registry.kommuner_i_lan(lan)
