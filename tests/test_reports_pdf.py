"""PDF on request: printed from the same HTML by headless Chromium (A4, page numbers, watermark
on every page); a clear Swedish message where Chromium is missing."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from lagesbild_methods.runner import batch, pdf, templates

FIXTURE = Path(__file__).parent / "fixtures" / "templates" / "testmall.ipynb"
needs_chromium = pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium saknas")


def test_without_chromium_there_is_one_clear_swedish_message(monkeypatch, tmp_path):
    monkeypatch.setenv("LAGESBILD_CHROMIUM", str(tmp_path / "finns-inte"))
    html = tmp_path / "r.html"
    html.write_text("<html lang='sv'><body>x</body></html>", encoding="utf-8")
    results = [{"id": "r", "status": "ok", "html": str(html), "kommun": "Heby"}]
    message = pdf.add_pdfs(results)
    assert message == pdf.NO_CHROMIUM and "Chromium saknas" in message and "HTML-rapporterna är klara" in message
    assert results[0]["pdf"] is None and not (tmp_path / "r.pdf").exists()


@needs_chromium
def test_pdf_is_a4_with_page_numbers_and_the_watermark_on_every_page(tmp_path):
    t = templates.load_template(FIXTURE)
    jobs = batch.make_jobs([t], ["0331"], tmp_path, {"fel": False})
    # a long report: many pages, so "every page" means something
    html = Path(jobs[0]["html"])
    results, code = batch.run_batch(jobs, tmp_path, workers=1, progress=False)
    assert code == 0
    text = html.read_text(encoding="utf-8").replace("</main>", "<p>Rad</p>" * 400 + "</main>")
    html.write_text(text, encoding="utf-8")
    message = pdf.add_pdfs(results, {jobs[0]["id"]: "Testrapport – Heby"})
    assert message is None
    out = Path(results[0]["pdf"])
    data = out.read_bytes()
    assert data[:5] == b"%PDF-" and out == html.with_suffix(".pdf")
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
        assert pages >= 3
        pytest.skip("poppler-utils saknas: sidornas text kontrolleras inte")
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3 and "(A4)" in info
    for i in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(i), "-l", str(i), str(out), "-"], capture_output=True,
                              text=True).stdout
        assert "EXEMPELDATA" in page, f"page {i} has no watermark"
        assert f"sida {i} av {pages}" in page
        assert "Testrapport – Heby" in page


def test_real_data_reports_carry_no_watermark_in_the_footer():
    assert "EXEMPELDATA" not in pdf.footer("Lägesbild – Heby", watermark=False)
    assert "EXEMPELDATA" in pdf.footer("Lägesbild – Heby", watermark=True)
    assert "&lt;b&gt;" in pdf.footer("<b>", watermark=False)  # the title is escaped
