"""Keep the notebook templates in step with their parameter specs.

    .venv/bin/python tools/build_templates.py           # write parameters cells, metadata, README tables
    .venv/bin/python tools/build_templates.py --check   # exit 1 if anything differs (the tests do this)

The committed notebooks in ``templates/`` are the source of the narrative: edit them in JupyterLab and
commit them; this tool never rewrites a narrative or call cell, so an edit made in JupyterLab is not lost.
The spec of each template (``lagesbild_methods/steps/<step>/spec.py``) is the source of its parameters: this
tool writes the cell tagged ``parameters``, the ``lagesbild`` metadata and the README parameter table from
it, and strips outputs. A spec without a notebook gets a skeleton (title, parameters, load, one call per
section) to fill with narrative. ``notebooks/`` (course material) is hand-kept.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lagesbild_methods.runner import template_sync  # noqa: E402


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = template_sync.check()
        for p in problems:
            print(p, file=sys.stderr)
        return 1 if problems else 0
    for path in template_sync.write_all():
        print(f"skrev {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
