"""Batch execution: parallel reports, failure isolation, index, manifest, self-contained HTML."""
import json
import re
from pathlib import Path

import pytest

from lagesbild_methods.runner import batch, templates

FIXTURE = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"


@pytest.fixture(scope="module")
def batch_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("rapporter")
    t = templates.load_template(FIXTURE)
    jobs = batch.make_jobs([t], ["0331", "0319", "0380"], out, {"fel": False})
    jobs[1]["parametrar"]["fel"] = True  # Älvkarleby fails with a Swedish data error
    # one worker: all three reports run one after the other in the same warm kernel, so the leak check in
    # the template (Uppsala must not see Heby's variable) cannot be dodged by how two workers pick jobs
    results, code = batch.run_batch(jobs, out, workers=1, progress=False)
    return out, results, code


def test_one_failure_does_not_stop_the_others(batch_run):
    out, results, code = batch_run
    status = {r["kommun"]: r["status"] for r in results}
    assert status == {"Heby": "ok", "Älvkarleby": "fel", "Uppsala": "ok"}
    assert code == 1
    assert (out / "0331_heby_testmall.html").is_file()
    assert (out / "0380_uppsala_testmall.html").is_file()
    assert not (out / "0319_alvkarleby_testmall.html").exists()
    # the failed run's executed notebook is kept for diagnosis
    assert (out / "notebooks" / "0319_alvkarleby_testmall.ipynb").is_file()


def test_failed_report_shows_swedish_error_in_index(batch_run):
    out, results, _ = batch_run
    idx = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in idx
    assert "Misslyckades" in idx and "rad 3, kolumn &#x27;antal&#x27;" in idx
    assert 'href="0331_heby_testmall.html"' in idx
    assert 'href="notebooks/0319_alvkarleby_testmall.ipynb"' in idx
    assert not re.search(r"https?://", idx)


def test_manifest_records_parameters_inputs_versions(batch_run):
    out, results, _ = batch_run
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert m["versioner"]["papermill"] and m["versioner"]["lagesbild"]
    heby = next(r for r in m["rapporter"] if r["kommunkod"] == "0331")
    assert heby["status"] == "ok" and heby["sekunder"] > 0
    assert heby["parametrar"]["kommun"] == "0331"
    files = {i["parameter"]: i for i in heby["indata"]}
    assert files["brott_fil"]["fil"].endswith("anmalda_brott.csv")


def test_html_report_is_self_contained_and_clean(batch_run):
    out, _, _ = batch_run
    html = (out / "0331_heby_testmall.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert "Rapport för Heby" in html
    assert not re.search(r"https?://", html), "external URL in report"
    assert "<script" not in html
    assert "registry.get" not in html and "print(" not in html, "code leaked into the report"
    assert "intern varning" not in html, "stderr leaked into the report"
    assert "In&nbsp;[" not in html and "Out[" not in html
    imgs = re.findall(r"<img [^>]*>", html)
    assert imgs and all('src="data:image/svg+xml;charset=utf-8,' in i or 'src="data:image/png;base64,' in i for i in imgs)
    assert 'alt="Testdiagram för Heby"' in html


def test_kernel_state_does_not_leak_between_reports(batch_run):
    # the template asserts that a variable set by the previous report in the same kernel is gone;
    # tests/test_runner_isolation.py shows this fails when the reset is removed
    _, results, _ = batch_run
    status = {r["kommunkod"]: r["status"] for r in results}
    assert status["0331"] == "ok" and status["0380"] == "ok"


def test_unknown_parameter_stops_before_running(tmp_path):
    from lagesbild_methods.errors import ParameterError

    t = templates.load_template(FIXTURE)
    with pytest.raises(ParameterError, match="Okänd parameter 'fell'"):
        batch.make_jobs([t], ["0331"], tmp_path, {"fell": True})
    assert not any(tmp_path.iterdir())


def test_county_level_template_gets_one_job(tmp_path):
    from dataclasses import replace

    t = replace(templates.load_template(FIXTURE), niva="lan", key="lansoversikt", titel="Länsöversikt")
    jobs = batch.make_jobs([t], ["0331", "0380"], tmp_path)
    assert len(jobs) == 1 and jobs[0]["kommunkod"] == "03" and jobs[0]["kommun"] == "Uppsala län"
    assert jobs[0]["html"].endswith("03_uppsala-lan_lansoversikt.html")


def test_every_job_name_is_a_safe_file_name(tmp_path):
    t = templates.load_template(FIXTURE)
    jobs = batch.make_jobs([t], ["0319", "0382", "0305"], tmp_path)
    for job in jobs:
        name = Path(job["html"]).name
        assert re.fullmatch(r"[0-9]{2,4}_[a-z0-9-]+_[a-z0-9-]+\.html", name), name
        assert Path(job["html"]).parent == tmp_path.resolve()
