"""Accessibility checks of reports (lag 2018:1937 om tillgänglighet till digital offentlig service,
which points to EN 301 549 / WCAG 2.1 AA): axe-core run in headless Chromium, plus layout
measurements at phone width, and screenshots.

axe-core is the npm package ``axe-core`` (``make browser`` installs it into ``.venv/axe``); its
path can also be given in ``LAGESBILD_AXE``. Nothing here is needed to make a report.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from ..paths import PACKAGE_DIR
from .browser import Browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def find_axe() -> Path | None:
    """Path of ``axe.min.js``, or None."""
    env = os.environ.get("LAGESBILD_AXE")
    candidates = [Path(env)] if env else []
    root = PACKAGE_DIR.parent
    candidates += [root / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js",
                   root / "node_modules" / "axe-core" / "axe.min.js"]
    return next((p for p in candidates if p.is_file()), None)


def axe_violations(browser: Browser, html_path: Path, axe_js: Path, width: int = 1280) -> list[dict]:
    """axe-core's violations for one page (rules for WCAG 2.1 A/AA and best practice)."""
    page = browser.open(Path(html_path).resolve().as_uri(), width=width, height=900, mobile=width < 600)
    try:
        page.evaluate(Path(axe_js).read_text(encoding="utf-8"))
        options = json.dumps({"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        result = page.evaluate(f"axe.run(document, {options}).then(r => r.violations.map(v => ({{id: v.id, "
                               f"impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))"
                               f"}})))", await_promise=True)
    finally:
        page.close()
    return result or []


LAYOUT_JS = """(() => {
  const doc = document.documentElement;
  const imgs = [...document.images].map(i => ({w: i.clientWidth, natural: i.naturalWidth,
      svg: i.src.startsWith('data:image/svg+xml') ? decodeURIComponent(i.src.split(',')[1]) : null}));
  const frames = [...document.querySelectorAll('.lb-tabellram')].map(f => {
      const t = f.querySelector('table'); const r = f.getBoundingClientRect();
      return {frame_right: r.right, table_width: t ? t.scrollWidth : 0, frame_width: f.clientWidth,
              scrolls: f.scrollWidth > f.clientWidth, overflow: getComputedStyle(f).overflowX};});
  const headings = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1]);
  return {page_width: doc.scrollWidth, viewport: window.innerWidth, imgs, frames, headings,
          lang: doc.lang, title: document.title};
})()"""


def layout(browser: Browser, html_path: Path, width: int) -> dict:
    """What a reader at ``width`` CSS px gets: page width (no sideways page scroll), every table
    frame (does it scroll, is anything cut off), image widths and the SVG sources, heading levels."""
    page = browser.open(Path(html_path).resolve().as_uri(), width=width, height=900, mobile=width < 600)
    try:
        return page.evaluate(LAYOUT_JS)
    finally:
        page.close()


def screenshots(html_paths: list[Path], out_dir: Path, widths=(390, 1280)) -> list[Path]:
    """Full-page screenshots of each report at each width (``<name>_<width>px.png``)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with Browser(timeout=120) as browser:
        for html_path in html_paths:
            for w in widths:
                page = browser.open(Path(html_path).resolve().as_uri(), width=w, height=844 if w < 600 else 900,
                                    mobile=w < 600)
                written.append(page.screenshot(out_dir / f"{Path(html_path).stem}_{w}px.png"))
                page.close()
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m lagesbild_methods.runner.a11y SKÄRMBILDSMAPP RAPPORT.html ...``: screenshots at
    390 and 1 280 px."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print("Användning: python -m lagesbild_methods.runner.a11y MAPP RAPPORT.html [RAPPORT.html ...]",
              file=sys.stderr)
        return 2
    for p in screenshots([Path(a) for a in args[1:]], Path(args[0])):
        print(p)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
