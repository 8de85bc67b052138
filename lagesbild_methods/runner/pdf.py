"""PDF on request (``lagesbild kor ... --pdf``): each HTML report printed by headless Chromium.

The PDF is the same HTML, printed with the report's print stylesheet: A4 portrait, a footer on
every page with the report's title and "sida N av M", and on practice data the word EXEMPELDATA
both in that footer and as the report's diagonal watermark (a fixed element, which Chromium
repeats on every printed page). Where Chromium is missing, no PDF is made and the caller gets one
clear Swedish message; the HTML reports are not affected.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

from .browser import Browser, BrowserError, find_chromium

NO_CHROMIUM = ("PDF kunde inte skapas: webbläsaren Chromium saknas på den här datorn. HTML-rapporterna är "
               "klara. Installera Chromium (paketet chromium, t.ex. med 'make browser') och kör igen med --pdf, "
               "eller skriv ut HTML-rapporten till PDF från din webbläsare.")


def footer(title: str, watermark: bool) -> str:
    """Chromium footer template (its own tiny document: inline styles, explicit font size)."""
    mark = ('<span style="color:#b00020;font-weight:700">EXEMPELDATA – syntetiska övningsdata</span> · '
            if watermark else "")
    return ('<div style="font-family:system-ui,Arial,sans-serif;font-size:8pt;color:#333;width:100%;'
            'padding:0 14mm;display:flex;justify-content:space-between;gap:8mm">'
            f'<span>{html.escape(title)}</span><span style="white-space:nowrap">{mark}sida '
            '<span class="pageNumber"></span> av <span class="totalPages"></span></span></div>')


def html_to_pdf(html_path: Path, pdf_path: Path, title: str, watermark: bool, browser: Browser) -> Path:
    """Print one HTML report to ``pdf_path`` (written atomically)."""
    page = browser.open(Path(html_path).resolve().as_uri(), width=1100, height=1400)
    data = page.pdf(footer_html=footer(title, watermark))
    pdf_path = Path(pdf_path)
    tmp = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, pdf_path)
    page.close()
    return pdf_path


def add_pdfs(results: list[dict], titles: dict[str, str] | None = None) -> str | None:
    """Print every successful report in ``results`` next to its HTML (``.pdf``); sets ``r["pdf"]``.

    Returns None when all went well, else one Swedish message (Chromium missing, or which reports
    could not be printed). Never raises: the HTML reports stand on their own.
    """
    todo = [r for r in results if r.get("status") == "ok" and r.get("html")]
    if not todo:
        return None
    if find_chromium() is None:
        for r in todo:
            r["pdf"] = None
        return NO_CHROMIUM
    failed = []
    try:
        with Browser(timeout=120) as browser:
            for r in todo:
                pdf = Path(r["html"]).with_suffix(".pdf")
                title = (titles or {}).get(r["id"]) or r.get("titel") or f"{r.get('mall', '')} – {r.get('kommun', '')}"
                try:
                    r["pdf"] = str(html_to_pdf(Path(r["html"]), pdf, title, bool(r.get("exempeldata")), browser))
                except (BrowserError, OSError) as exc:
                    r["pdf"] = None
                    failed.append(f"{r.get('kommun')}: {exc}")
    except (BrowserError, OSError) as exc:
        for r in todo:
            r.setdefault("pdf", None)
        return f"PDF kunde inte skapas: {exc}"
    if failed:
        return "PDF kunde inte skapas för " + "; ".join(failed)
    return None
