"""A report section: Swedish text, display tables and figures, produced by a step module
and shown in a notebook with :func:`visa`. Sections also carry machine-readable ``facts`` that
tests and the summary use (so the summary never re-computes or contradicts a section)."""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from .. import columns as C


@dataclass
class Section:
    parts: list = field(default_factory=list)
    facts: dict = field(default_factory=dict)

    def md(self, text: str) -> "Section":
        if text:
            self.parts.append(("md", text))
        return self

    def note(self, text: str) -> "Section":
        """A small-print caveat shown under a table or figure."""
        if text:
            self.parts.append(("note", text))
        return self

    def table(self, df: pd.DataFrame, caption: str | None = None) -> "Section":
        self.parts.append(("table", df, caption))
        return self

    def figure(self, fig) -> "Section":
        if fig is not None:
            self.parts.append(("fig", fig))
        return self

    def extend(self, other: "Section") -> "Section":
        self.parts += other.parts
        self.facts.update(other.facts)
        return self

    @property
    def text(self) -> str:
        """All Swedish text of the section (for tests and the summary)."""
        out = []
        for p in self.parts:
            if p[0] in ("md", "note"):
                out.append(p[1])
            elif p[0] == "table":
                out.append(p[1].to_string())
        return "\n".join(out)


def table_html(df: pd.DataFrame, caption: str | None = None) -> str:
    """A display table as HTML (values already formatted as Swedish strings). Never shows private columns."""
    leaked = set(df.columns) & C.PRIVATE_COLUMNS
    if leaked:
        raise ValueError(f"private columns must never be shown: {sorted(leaked)}")
    body = df.to_html(index=False, escape=True, border=0, classes="lb-tabell", na_rep="–")
    cap = f"<p class='lb-caption'><strong>{html.escape(caption)}</strong></p>" if caption else ""
    return cap + body


def visa(section: Section) -> None:
    """Display a section in a notebook: Markdown text, HTML tables and PNG figures with alt text."""
    from IPython.display import HTML, Markdown, display

    from ..figures.style import show

    for part in section.parts:
        kind = part[0]
        if kind == "md":
            display(Markdown(part[1]))
        elif kind == "note":
            display(Markdown("<small>" + part[1] + "</small>"))
        elif kind == "table":
            display(HTML(table_html(part[1], part[2])))
        elif kind == "fig":
            show(part[1])


def install_swedish_errors() -> bool:
    """In an interactive notebook (JupyterLab), show a user error as one Swedish message instead of a
    Python traceback. Not installed in batch runs (``LAGESBILD_BATCH``), where the runner reports the
    error in the index and keeps the full notebook for diagnosis, nor when ``LAGESBILD_TRACEBACK`` is set.
    Returns True if the handler was installed.
    """
    import os

    if os.environ.get("LAGESBILD_BATCH") or os.environ.get("LAGESBILD_TRACEBACK"):
        return False
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipykernel
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    from ..errors import LagesbildError

    def _handler(shell, etype, evalue, tb, tb_offset=None):
        from IPython.display import HTML, display

        lines = html.escape(str(evalue)).splitlines()
        body = "<br>".join(lines)
        display(HTML(f"<div style='border-left:4px solid #b00020;padding:.4rem .8rem;background:#fdecea'>"
                     f"<strong>Fel:</strong> {body}</div>"))
        return []

    shell.set_custom_exc((LagesbildError,), _handler)
    return True


install_swedish_errors()
