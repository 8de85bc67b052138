"""A report section: Swedish text, display tables and figures, produced by a step module
and shown in a notebook with :func:`visa`. Sections also carry machine-readable ``facts`` that
tests and the summary use (so the summary never re-computes or contradicts a section).

The suppression policy is applied here, where a section leaves the library: :meth:`Section.render`
(used by :func:`visa` and :attr:`Section.text`) masks every table row, and drops every sentence or figure,
that the context's :class:`~lagesbild_methods.steps.disclosure.Disclosure` hides. Each table must declare
its rows' keys (``keys=None`` for a table without crime counts); an undeclared table is refused.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

import pandas as pd

from .. import columns as C

_UNDECLARED = object()


class UndeclaredTable(RuntimeError):
    """A developer error: a table was added without saying whether it holds suppressible counts."""


@dataclass
class Section:
    facts: dict = field(default_factory=dict)
    policy: object = None  # a Disclosure (set by Context.section())
    _parts: list = field(default_factory=list, repr=False)  # as added, before the policy is applied

    def md(self, text: str, *, about=None) -> "Section":
        """A paragraph. ``about``: keys (brottstyp, year) whose numbers it states; dropped if one is hidden."""
        if text:
            self._parts.append(("md", text, _keys(about)))
        return self

    def note(self, text: str) -> "Section":
        """A small-print caveat shown under a table or figure."""
        if text:
            self._parts.append(("note", text, ()))
        return self

    def table(self, df: pd.DataFrame, caption: str | None = None, *, keys=_UNDECLARED, count: str | None = None,
              keep=(), tokens=None) -> "Section":
        """A display table (values formatted as Swedish strings).

        ``keys``: one key (brottstyp, year) or None per row, naming the count the row shows, or ``None``
        for a table without suppressible crime counts. Hidden rows are masked at render time:
        ``count`` shows '<5'/'..', ``tokens`` columns their token, others '–' except ``keep``.
        """
        spec = None if keys is None or keys is _UNDECLARED else dict(keys=list(keys), count=count, keep=tuple(keep),
                                                                     tokens=dict(tokens or {}))
        self._parts.append(("table", df, caption, _UNDECLARED if keys is _UNDECLARED else spec))
        return self

    def figure(self, fig, *, about=None) -> "Section":
        """A figure; dropped at render time if one of the ``about`` keys is hidden."""
        if fig is not None:
            self._parts.append(("fig", fig, _keys(about)))
        return self

    def extend(self, other: "Section") -> "Section":
        self._parts += other._parts
        self.facts.update(other.facts)
        return self

    @property
    def parts(self) -> list:
        """The parts as they may be shown (same as :meth:`render`): there is no unsuppressed view."""
        return self.render()

    def render(self) -> list:
        """The parts as they may leave the library: ``("md"|"note", text)``, ``("table", df, caption)``,
        ``("fig", fig)``, with the suppression policy applied."""
        out = []
        for part in self._parts:
            kind = part[0]
            if kind == "table":
                df, caption, spec = part[1], part[2], part[3]
                if spec is _UNDECLARED:
                    raise UndeclaredTable(f"Table {caption!r} was added without keys=...: declare which crime counts "
                                          "its rows show (keys=None if none), so the suppression policy can apply.")
                if spec is not None:
                    if self.policy is None:
                        raise UndeclaredTable(f"Table {caption!r} shows counts but the section has no suppression "
                                              "policy: create sections with ctx.section().")
                    df = self.policy.mask(df, spec["keys"], count=spec["count"], keep=spec["keep"],
                                          tokens=spec["tokens"])
                out.append(("table", df, caption))
                continue
            about = part[2]
            if about and self.policy is None:
                raise UndeclaredTable("A sentence or figure names counts but the section has no suppression policy.")
            if about and any(self.policy.hides(k) for k in about):
                continue
            out.append((kind, part[1]))
        return out

    @property
    def text(self) -> str:
        """All Swedish text of the section as shown (for tests and the summary)."""
        out = []
        for p in self.render():
            if p[0] in ("md", "note"):
                out.append(p[1])
            elif p[0] == "table":
                out.append(p[1].to_string())
        return "\n".join(out)


def _keys(about) -> tuple:
    if about is None:
        return ()
    if isinstance(about, tuple) and about and not isinstance(about[0], tuple):
        return (about,)
    return tuple(about)


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

    for part in section.render():
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
