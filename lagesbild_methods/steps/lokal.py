"""The report section "Lokal kunskap": the municipality's own text, escaped, under its own headings.

A step section calls :func:`avsnitt` (or :func:`render` for the Markdown alone). The text is the
coordinator's and is shown as text: HTML is escaped (``<script>`` is shown, never run), images
and links are turned into plain words (a report must not fetch anything), headings are placed
under the section's own heading so that the heading structure has no jumps.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from ..sources import lokal_kunskap as LK
from .report import Section

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]*)[^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+)>")

EMPTY = ("Ingen lokal kunskap har lagts till ännu. Skriv iakttagelser från medborgardialoger, "
         "trygghetsvandringar, polisens och socialtjänstens lägesbilder i en textfil, t.ex. "
         "lokal_kunskap_{kod}.md, och ange den i parametern lokal_kunskap_fil.")


def _safe(text: str) -> str:
    """Markdown that can only render as text: HTML escaped, images and links as plain words."""
    text = _IMAGE.sub(lambda m: f"(bild: {m.group(1) or 'utan beskrivning'})", text)
    text = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})" if m.group(2) else m.group(1), text)
    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = html.escape(text, quote=False)
    text = text.replace("://", ":&#47;&#47;")  # a web address stays readable but is never made a link
    # a line that starts with spaces would become a code block; keep it as ordinary text
    return "\n".join(line.lstrip() if not line.lstrip().startswith(("-", "*", "+")) and not re.match(r"\s*\d+[.)]\s", line)
                     else line for line in text.split("\n"))


def render(sections: list[LK.LocalSection], top_level: int = 3) -> str:
    """Markdown for the sections: the file's shallowest heading becomes ``top_level`` (### under
    the report's ## section), deeper ones follow, never deeper than ######."""
    levels = [s.niva for s in sections if s.niva]
    base = min(levels) if levels else 1
    out = []
    for s in sections:
        if s.rubrik:
            level = min(6, top_level + (s.niva - base))
            out.append("#" * level + " " + html.escape(s.rubrik, quote=False).replace("#", "&#35;"))
        if s.text.strip():
            out.append(_safe(s.text))
    return "\n\n".join(out)


def avsnitt(kommunkod: str, fil: str | Path = "", mapp: str | Path | None = None) -> Section:
    """The "Lokal kunskap" section for a municipality: from ``fil`` if given, else from the file
    found in ``mapp`` (see :func:`lagesbild_methods.sources.lokal_kunskap.find`); without a file
    the section says how to add one."""
    sec = Section()
    path = Path(fil) if fil else (LK.find(kommunkod, mapp) if mapp else None)
    if path is None:
        sec.md(EMPTY.format(kod=kommunkod))
        sec.facts["lokal_kunskap"] = []
        return sec
    sections = LK.read(path)
    sec.facts["lokal_kunskap"] = sections
    sec.facts["lokal_kunskap_fil"] = str(path)
    if not sections:
        sec.md(EMPTY.format(kod=kommunkod))
        return sec
    sec.md(f"Texten nedan är kommunens egen och kommer från filen {html.escape(path.name)}. Den är inte "
           "kontrollerad av lagesbild; den kompletterar statistiken med det som siffrorna inte visar.")
    sec.md(render(sections))
    return sec
