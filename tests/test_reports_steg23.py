"""Steps 2 and 3 executed end to end through the batch runner for the smallest municipality, on its practice
workbook edited with canary personal data and broken links; checked by reading the HTML reports."""
from __future__ import annotations

import html
import re

import openpyxl
import pytest

from lagesbild_methods.runner import batch, templates
from lagesbild_methods.workbook import schema as S
from steps23_testdata import SECRETS, canary_workbook

KOD = "0319"  # Älvkarleby


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    wb = canary_workbook(tmp_path_factory.mktemp("arbetsbok"), KOD)
    out = tmp_path_factory.mktemp("steg23")
    tpls = [templates.find("steg2_orsaksanalys"), templates.find("steg3_atgardsplan")]
    jobs = batch.make_jobs(tpls, [KOD], out, {"arbetsbok_fil": str(wb)})
    results, code = batch.run_batch(jobs, out, workers=2, progress=False)
    assert code == 0, [r["fel"] for r in results]
    pages = {t.key: next(out.glob(f"{KOD}_*_{t.key.replace('_', '-')}.html")).read_text(encoding="utf-8")
             for t in tpls}
    return pages, wb


def tables(page: str) -> dict[str, list[list[str]]]:
    """Every captioned table of a report: caption -> rows of cell texts (header row first)."""
    out = {}
    for cap, body in re.findall(r"<p class=.lb-caption.[^>]*><strong>(.*?)</strong></p>\s*(?:<div[^>]*>\s*)?<table[^>]*>(.*?)</table>",
                                page, re.S):
        rows = [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r,
                                                                                      re.S)]
                for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
        out[html.unescape(cap)] = rows
    return out


def _sheet(path, sheet: S.Sheet) -> list[dict]:
    ws = openpyxl.load_workbook(path, data_only=True)[sheet.name]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], r)) for r in rows[1:] if any(v is not None for v in r[1:])]


def test_every_measure_in_the_step3_report_cites_its_cause_and_problem_ids(reports):
    pages, wb = reports
    plan = tables(pages["steg3_atgardsplan"])["Åtgärdsplan för Älvkarleby (Brås format)"]
    header, rows = plan[0], {r[0]: dict(zip(plan[0], r)) for r in plan[1:]}
    assert header[:3] == ["Id", "Problem", "Orsak"] and header[3:] == ["Åtgärd", "Operativa mål", "När", "Vem",
                                                                       "Uppföljning"]
    problem_of = {r["Id"]: r["Problem"] for r in _sheet(wb, S.ORSAKER)}
    measures = _sheet(wb, S.ATGARDER)
    assert len(measures) == len(rows) == 8  # seven practice measures (Å1-Å7) and one added without a cause
    for m in measures:
        row = rows[m["Id"]]
        cited = [c.strip() for c in str(m["Orsak"]).split(",")] if m["Orsak"] else []
        if not cited:
            assert row["Orsak"] == "⚠ saknas" and row["Problem"] == "⚠ saknas", m["Id"]
            continue
        for c in cited:
            assert (c in row["Orsak"].split(", ")) if c in problem_of else (f"{c} (⚠ finns inte)" in row["Orsak"])
        expected = list(dict.fromkeys(problem_of[c] for c in cited if c in problem_of))
        assert row["Problem"] == ", ".join(expected), m["Id"]
    assert "O99 (⚠ finns inte)" in rows["Å2"]["Orsak"]
    assert "**Brutna länkar:**" not in pages["steg3_atgardsplan"]  # markdown was rendered
    assert "<strong>Brutna länkar:</strong> Å2 och Å8" in pages["steg3_atgardsplan"]


def test_reports_have_their_sections_figures_and_no_code(reports):
    pages, _ = reports
    s2, s3 = pages["steg2_orsaksanalys"], pages["steg3_atgardsplan"]
    assert "<title>Orsaksanalys (steg 2) – Älvkarleby</title>" in s2
    for heading in ("prioriteringsmatris", "Problemtriangeln", "Fiskbensdiagram", "Händelsekedjan",
                    "Vad vilar orsakerna på?", "Luckor i orsaksanalysen"):
        assert heading in s2, heading
    for heading in ("Åtgärdsplanen", "Är målen SMARTA?", "Baslinjer ur data", "Hur stor förändring kan uppföljningen visa?",
                    "Medborgarlöfte"):
        assert heading in s3, heading
    assert "Prioriteringsmatris enligt Brås kriterier" in tables(s2).__repr__()
    for page, n in ((s2, 8), (s3, 1)):
        imgs = re.findall(r"<img [^>]*>", page)
        assert len(imgs) >= n and all(re.search(r'src="data:image/(?:png;base64|svg\+xml)', i) for i in imgs)
        assert all(len(re.search(r'alt="([^"]*)"', i).group(1)) > 30 for i in imgs)
        assert "EXEMPELDATA" in page and not re.search(r"https?://", page)
        assert "import " not in page and "visa(" not in page and "Traceback" not in page
    assert 'alt="Brottstriangeln för problemet P1' in s2 and 'alt="Fiskbensdiagram för problemet P1' in s2
    assert "kan en minskning på" in s3 and "upptäckas efter" in s3


def test_canary_personal_data_never_reaches_a_shareable_report(reports):
    pages, _ = reports
    for key, page in pages.items():
        for secret in SECRETS:
            assert secret not in page, (key, secret)
    assert "[personnummer borttaget]" in pages["steg3_atgardsplan"]  # the publishable cell was scrubbed, not lost
