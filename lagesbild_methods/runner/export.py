"""Convert an executed notebook to one self-contained Swedish HTML report.

No code cells, no prompts, images embedded as base64 with their alt text, no external URL
(no CDN script, no web font; URLs inside CSS comments are stripped), ``lang="sv"``, a visible
"Exempeldata" watermark when the report rests on synthetic data.
"""
from __future__ import annotations

import copy
import re
from functools import lru_cache

import nbformat

from ..paths import PACKAGE_DIR

TEMPLATE_DIR = PACKAGE_DIR / "resources" / "nbconvert"
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_STYLE_BLOCK = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)


@lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    exp = HTMLExporter(
        template_name="lagesbild",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        anchor_link_text="",  # no "¶" after headings in a report meant for reading
    )
    return exp


def _strip_css_comments(html: str) -> str:
    return _STYLE_BLOCK.sub(lambda m: m.group(1) + _CSS_COMMENT.sub("", m.group(2)) + m.group(3), html)


def _clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what must never reach a shared report: papermill's injected-parameter cell,
    cells tagged ``remove``/``dold``, error tracebacks and stderr streams."""
    nb = copy.deepcopy(nb)
    keep = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"injected-parameters", "parameters", "remove", "dold"}:
            continue
        if cell.cell_type == "code":
            cell.outputs = [o for o in cell.get("outputs", [])
                            if o.get("output_type") != "error"
                            and not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        keep.append(cell)
    nb.cells = keep
    return nb


def notebook_to_html(nb: nbformat.NotebookNode, title: str, watermark: bool) -> str:
    """Render an executed notebook to a self-contained HTML string (see module docstring)."""
    nb = _clean_notebook(nb)
    nb.metadata["title"] = title
    body, _resources = _exporter().from_notebook_node(nb, resources={"lagesbild": {"watermark": bool(watermark)}})
    return _strip_css_comments(body)
