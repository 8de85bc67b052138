"""The index keeps every report: runs merge into manifest.json and index.html (issue 16)."""
import json
import re
from pathlib import Path

import pytest

from lagesbild_methods.runner import batch, index, templates

FIXTURE = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"


def _run(out: Path, kommuner: list[str], fail: set[str] = frozenset(), extra: dict | None = None):
    t = templates.load_template(FIXTURE)
    jobs = batch.make_jobs([t], kommuner, out, {"fel": False, **(extra or {})})
    for j in jobs:
        j["parametrar"]["fel"] = j["kommunkod"] in fail
    return batch.run_batch(jobs, out, workers=1, progress=False)


def _rows(out: Path) -> dict[str, str]:
    idx = (out / "index.html").read_text(encoding="utf-8")
    return {re.sub(r"<[^>]+>", "", m.group(1)): m.group(0) for m in re.finditer(r"<tr><th scope=\"row\">(.*?)</th>.*?</tr>", idx, re.S)}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    out = tmp_path_factory.mktemp("index")
    _run(out, ["0331", "0380"])
    first = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    _, code = _run(out, ["0319"])  # one municipality
    return out, first, code


def test_a_one_municipality_run_keeps_the_other_reports(two_runs):
    out, first, code = two_runs
    assert code == 0
    rows = _rows(out)
    assert set(rows) == {"Heby", "Uppsala", "Älvkarleby"}
    assert 'href="0331_heby_testmall.html"' in rows["Heby"]
    m = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {r["kommun"] for r in m["rapporter"]} == {"Heby", "Uppsala", "Älvkarleby"}
    assert len(m["korningar"]) == 2 and m["korningar"][-1]["rapporter"] == ["0319_alvkarleby_testmall"]
    # each report keeps the date of the run that made it; the older ones are marked as such
    dates = {r["kommun"]: r["skapad"] for r in m["rapporter"]}
    assert dates["Heby"] == first["skapad"] and dates["Älvkarleby"] == m["skapad"]
    assert "Från en tidigare körning" in rows["Heby"] and "Från en tidigare körning" not in rows["Älvkarleby"]


def test_changed_input_marks_a_report_inaktuell(tmp_path):
    from lagesbild_methods import paths

    own = tmp_path / "brott.csv"
    own.write_bytes(paths.CRIME_FILE.read_bytes())
    out = tmp_path / "ut"
    _, code = _run(out, ["0331"], extra={"brott_fil": str(own)})
    assert code == 0
    assert "Inaktuell" not in _rows(out)["Heby"]
    own.write_bytes(own.read_bytes() + b"\n")  # the data changed after the report was made
    index.update(out, [], {"skapad": "2030-01-01T00:00:00+01:00"})
    assert "Inaktuell: indata har ändrats" in _rows(out)["Heby"] and "brott.csv" in _rows(out)["Heby"]


def test_a_failed_rerun_keeps_a_link_to_the_previous_good_report(tmp_path):
    _run(tmp_path, ["0331"])
    _, code = _run(tmp_path, ["0331"], fail={"0331"})
    assert code == 1
    row = _rows(tmp_path)["Heby"]
    assert "Misslyckades" in row and "föregående rapport från" in row
    assert 'href="0331_heby_testmall.html"' in row
    m = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    (rep,) = m["rapporter"]
    assert rep["status"] == "fel" and rep["tidigare"]["html"].endswith("0331_heby_testmall.html")


def test_merge_drops_deleted_reports_and_reads_old_manifests(tmp_path):
    kept = tmp_path / "a.html"
    kept.write_text("x")
    old = {"skapad": "2026-01-01T10:00:00+01:00", "sekunder_totalt": 3.0, "arbetsprocesser": 2,
           "rapporter": [{"id": "a", "status": "ok", "html": str(kept), "kommun": "Heby", "kommunkod": "0331"},
                         {"id": "b", "status": "ok", "html": str(tmp_path / "borta.html"), "kommun": "Tierp",
                          "kommunkod": "0360"}]}
    run = {"skapad": "2026-02-01T10:00:00+01:00", "sekunder_totalt": 1.0}
    new = index.merge(old, [{"id": "c", "status": "ok", "html": str(kept), "kommun": "Knivsta",
                             "kommunkod": "0330"}], run)
    assert [r["id"] for r in new["rapporter"]] == ["a", "c"]  # b's file is gone
    assert new["rapporter"][0]["skapad"] == old["skapad"]  # an old manifest had only the run's date
    assert [k["skapad"] for k in new["korningar"]] == [old["skapad"], run["skapad"]]
    assert new["skapad"] == run["skapad"]


def test_index_is_usable_on_a_phone(two_runs):
    out, _, _ = two_runs
    idx = (out / "index.html").read_text(encoding="utf-8")
    assert 'name="viewport"' in idx and "@media (max-width: 640px)" in idx
    # the link is the first cell (the municipality's name), so it is never off-screen
    assert re.search(r'<tr><th scope="row"><a href="0331_heby_testmall.html">Heby</a></th>', idx)
    assert 'role="region" tabindex="0"' in idx and not re.search(r"https?://", idx)
