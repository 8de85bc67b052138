"""Local knowledge in the report: read from the municipality's own file, shown under its own
headings, escaped and never executed (issue 16)."""
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lagesbild_methods.errors import InputDataError
from lagesbild_methods.runner.export import notebook_to_html
from lagesbild_methods.sources import lokal_kunskap as LK
from lagesbild_methods.steps import lokal

TEXT = """Inledande rad om hur texten togs fram.

# Trygghetsvandring i centrum (maj 2025)
Deltagarna pekade ut **gångtunneln** vid stationen som otrygg efter mörkrets inbrott.

- dålig belysning
- klotter

## Uppföljning
Belysningen byts hösten 2025.

# Dialog med unga <script>alert("x")</script>
<img src="https://example.org/spårning.png" onerror="alert(1)">
Se [kommunens sida](https://example.org/sida) och ![karta](https://example.org/karta.png).

```
# ingen rubrik i ett kodblock
```
"""


def _report(markdown: str) -> str:
    nb = new_notebook(cells=[new_markdown_cell("## Lokal kunskap"),
                             new_code_cell("", outputs=[new_output("display_data", {"text/markdown": markdown})])])
    return notebook_to_html(nbformat.from_dict(nb), "Test", watermark=False)


def test_sections_are_split_at_headings(tmp_path):
    f = tmp_path / "lokal_kunskap_0331.md"
    f.write_text(TEXT, encoding="utf-8")
    assert LK.find("0331", tmp_path) == f and LK.find("0380", tmp_path) is None
    secs = LK.read(f)
    assert [(s.rubrik, s.niva) for s in secs] == [
        ("", 0), ("Trygghetsvandring i centrum (maj 2025)", 1), ("Uppföljning", 2),
        ('Dialog med unga <script>alert("x")</script>', 1)]
    assert "# ingen rubrik i ett kodblock" in secs[-1].text  # fenced code is not a heading
    assert secs[2].text == "Belysningen byts hösten 2025."


def test_rendered_text_is_escaped_never_executed_and_fetches_nothing(tmp_path):
    f = tmp_path / "lokal_kunskap_0331.md"
    f.write_text(TEXT, encoding="utf-8")
    html = _report(lokal.render(LK.read(f)))
    body = html[html.index("<main>"):]
    assert "<script" not in body and "&lt;script&gt;" in body
    assert "<img" not in body and "&lt;img" in body  # shown as text, never loaded
    assert "karta.png" not in body and "(bild: karta)" in body  # a Markdown image becomes words
    assert "kommunens sida (https://example.org/sida)" in body
    assert "<a href=\"http" not in body  # links become words, not anchors
    # headings sit under the report's own ## heading, without jumps
    assert "<h3" in body and "Trygghetsvandring i centrum" in body and "<h4" in body and "<h5" not in body
    assert "<strong>gångtunneln</strong>" in body and "<li>dålig belysning</li>" in body


def test_personal_data_is_refused_with_the_line(tmp_path):
    f = tmp_path / "lokal_kunskap_0331.md"
    f.write_text("## Dialog\nKontakt: Anna, 070-123 45 67\nFödd 19850101-1234 bor nära torget.\n", encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        LK.read(f)
    msg = str(err.value)
    assert "rad 2" in msg and "telefonnummer" in msg and "rad 3" in msg and "personnummer" in msg


def test_bad_files_get_a_swedish_message(tmp_path):
    with pytest.raises(InputDataError, match="finns inte"):
        LK.read(tmp_path / "saknas.md")
    doc = tmp_path / "lokal.docx"
    doc.write_bytes(b"PK\x03\x04")
    with pytest.raises(InputDataError, match="ska vara en textfil"):
        LK.read(doc)
    latin = tmp_path / "lokal_kunskap_0319.txt"
    latin.write_bytes("## Gång- och cykelvägen\nÖverfallen sker på kvällen.".encode("cp1252"))
    assert LK.read(latin)[0].rubrik == "Gång- och cykelvägen"


def test_section_without_a_file_says_how_to_add_one(tmp_path):
    sec = lokal.avsnitt("0331", mapp=tmp_path)
    assert "lokal_kunskap_0331.md" in sec.text and sec.facts["lokal_kunskap"] == []
    (tmp_path / "lokal_kunskap_0331.md").write_text("## Polisens bild\nFler anmälningar kring skolan.", encoding="utf-8")
    sec = lokal.avsnitt("0331", mapp=tmp_path)
    assert "### Polisens bild" in sec.text and "kommunens egen" in sec.text
