"""The county templates executed through the batch runner and read back as HTML: the process follow-up
for Uppsala län on practice data (with a form export full of names and personnummer), and the regional
lägesbild for another county (Blekinge län, five kommuner) on data that cover it -- no names or free text
in either, the hidden small count nowhere in the county text."""
import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import paths, registry
from lagesbild_methods.runner import batch, templates
from lagesbild_methods.sources.samordnarenkat import FRAGOR

CANARIES = ["Kerstin Kanariesson", "Kanariesson", "19750512-1234", "070-123 45 67", "kerstin.kanariesson@example.se",
            "hemlig anteckning"]
LAN = "10"
SMALL = ("1060", "sexualbrott", 2025, 3)  # Olofström: a count of 3 that must never be shown


def _county_data(folder):
    """Crime and population for Blekinge's kommuner, the county and the country (deterministic)."""
    crime = pd.read_csv(paths.CRIME_FILE, dtype={"kommunkod": str})
    pop = pd.read_csv(paths.POPULATION_FILE, dtype={"kommunkod": str})
    riket_c, riket_p = crime[crime.kommunkod == "00"], pop[pop.kommunkod == "00"].set_index("ar")["folkmangd"]
    rng = np.random.default_rng(20261125)
    prows, crows = [], []
    for kod in registry.kommuner_i_lan(LAN):
        base, factor = registry.get(kod).folkmangd_2024[0], rng.lognormal(0, 0.2)
        for ar in range(2014, 2026):
            prows.append((kod, ar, int(base * (1 + 0.004 * (ar - 2024))), "Testdata"))
        for _, r in riket_c.iterrows():
            mu = r.antal / riket_p[r.ar - 1] * base * factor
            n = SMALL[3] if (kod, r.brottstyp, r.ar) == SMALL[:3] else int(rng.poisson(mu))
            crows.append((kod, r.ar, r.brottstyp, n, "Testdata"))
    c = pd.DataFrame(crows, columns=["kommunkod", "ar", "brottstyp", "antal", "kalla"])
    p = pd.DataFrame(prows, columns=["kommunkod", "ar", "folkmangd", "kalla"])
    c = pd.concat([c, riket_c.assign(kalla="Testdata")], ignore_index=True)
    p = pd.concat([p, pop[pop.kommunkod == "00"].assign(kalla="Testdata")], ignore_index=True)
    c.to_csv(folder / "brott_blekinge.csv", index=False)
    p.to_csv(folder / "folkmangd_blekinge.csv", index=False)
    notes = ["Datum;Kommun;Typ;Plats;x;y;Tema;Vem;Anteckning;Deltagare"]
    for i, kod in enumerate(registry.kommuner_i_lan(LAN)):
        notes += [f"2025-04-{10 + i};{registry.get(kod).namn};Trygghetsvandring;Torget;;;;Boende;"
                  f"Mörkt vid torget, sa Kerstin Kanariesson 19750512-1234;Kerstin Kanariesson",
                  f"2025-04-{10 + i};{kod};Medborgardialog;Skolan;;;Narkotika;Föräldrar;hemlig anteckning;"]
    (folder / "dialog.csv").write_text("\n".join(notes) + "\n", encoding="utf-8")
    return folder


def _form_export(folder):
    header = ["Tidstämpel", "Namn", "E-postadress", "Kommun", "Roll"] + [f.text for f in FRAGOR]
    rows = []
    for i, kod in enumerate(registry.kommuner_i_lan("03")):
        answers = {"val": lambda f: f.alternativ[i % len(f.alternativ)],
                   "flerval": lambda f: ";".join(f.alternativ[: 1 + i % 3]),
                   "fritext": lambda f: "Ring Kerstin Kanariesson 070-123 45 67, vi behöver stöd i orsaksanalys"}
        rows.append([f"2025-04-0{1 + i % 9} 10:00", "Kerstin Kanariesson", "kerstin.kanariesson@example.se",
                     registry.get(kod).namn, "Kommunpolis" if i % 2 else "Samordnare"]
                    + [answers[f.typ](f) for f in FRAGOR])
    p = folder / "enkat_export.csv"
    p.write_text("\n".join(";".join(f'"{c}"' for c in r) for r in [header] + rows) + "\n", encoding="utf-8")
    return p


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    data = _county_data(tmp_path_factory.mktemp("data"))
    books = tmp_path_factory.mktemp("arbetsbocker")
    for kod in ("0331", "0360"):
        shutil.copy(next((paths.SYNTH_DIR / "arbetsbocker").glob(f"arbetsbok_{kod}_*.xlsx")), books)
    # the report folder's manifest: Enköping's lägesbild before the follow-up day, Håbo's after it (not counted)
    manifest = books.parent / "manifest.json"
    manifest.write_text(json.dumps({"skapad": "2026-01-20T10:00:00+01:00", "versioner": {}, "rapporter": [
        {"id": "a", "mall": "steg1_lagesbild", "kommunkod": "0381", "kommun": "Enköping", "status": "ok",
         "exempeldata": True, "skapad": "2025-06-01T10:00:00+02:00"},
        {"id": "b", "mall": "steg1_lagesbild", "kommunkod": "0305", "kommun": "Håbo", "status": "ok",
         "exempeldata": True, "skapad": "2026-01-20T10:00:00+01:00"}]}), encoding="utf-8")
    out = tmp_path_factory.mktemp("lan")
    jobs = batch.make_jobs([templates.find("processuppfoljning")], [], out, {
        "per_datum": "2025-12-31", "arbetsbocker_fil": str(books), "manifest_fil": str(manifest),
        "samordnarenkat_fil": str(_form_export(data))}, lan="03")
    jobs += batch.make_jobs([templates.find("lan")], [], out, {
        "brott_fil": str(data / "brott_blekinge.csv"), "folkmangd_fil": str(data / "folkmangd_blekinge.csv"),
        "dialog_fil": str(data / "dialog.csv")}, lan=LAN)
    results, code = batch.run_batch(jobs, out, workers=2, progress=False)
    assert code == 0, [r["fel"] for r in results]
    return out


def _html(out, name):
    (f,) = out.glob(f"*{name}*.html")
    return f.read_text(encoding="utf-8")


def test_process_follow_up_for_uppsala_lan(reports):
    html = _html(reports, "processuppfoljning")
    assert "<title>Processuppföljning – det brottsförebyggande arbetet i länets kommuner – Uppsala län</title>" in html
    for heading in ["Status per kommun och steg", "När är ett steg klart?", "Indikatorer för delrapport och slutrapport",
                    "Enkäten till samordnare och kommunpoliser", "Text att klistra in"]:
        assert heading in html, heading
    # the words and dates are in the table beside the colour-only grid
    table = html[html.index("Status per kommun och steg, 31 december 2025"):]
    table = table[:table.index("</table>")]
    rows = {r[0]: r[1:] for r in (re.findall(r"<td[^>]*>(.*?)</td>", tr) for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S)) if r}
    assert rows["Heby"][0] == "Klart 15 januari 2024 (äldre än ett år)"  # from the workbook
    assert rows["Enköping"][0] == "Klart 1 juni 2025 (övningsdata)"  # from the manifest
    assert rows["Håbo"] == ["Ej påbörjat"] * 6  # its report was made after the follow-up day
    assert sum(r.count("Ej påbörjat") for r in rows.values()) == 6 * 5 + 5  # no workbook: 5 steps; no lägesbild: 5
    assert "Statusmatris med 8 kommuner" in html
    assert 'class="lb-watermark"' in html and not re.search(r"https?://", html)
    assert "Analys och orsaksanalys" in html  # the free-text answers as a theme
    leaked = [c for c in CANARIES if c in html]
    assert not leaked, leaked


def test_regional_lagesbild_for_another_county(reports):
    html = _html(reports, "lan-lagesbild")
    assert "<title>Regional lägesbild – länets kommuner – Blekinge län</title>" in html
    for k in registry.kommuner_i_lan(LAN):
        assert registry.get(k).namn in html
    assert "känner inte till lokalpolisområdena" in html and "kommungrupper" in html
    assert "Ingen skolenkät angavs" in html or "Ingen skolenkät finns" in html
    assert 'class="lb-watermark"' not in html  # the county's own files, no practice data
    assert "Narkotika" in html and "Synpunkter per tema" in html
    leaked = [c for c in CANARIES if c in html]
    assert not leaked, leaked
    imgs = re.findall(r"<img [^>]*>", html)
    assert len(imgs) >= 8 and all('alt="' in i for i in imgs)


def test_the_hidden_small_count_is_nowhere_in_the_county_text(reports):
    html = _html(reports, "lan-lagesbild")
    pop = pd.read_csv(next(reports.parent.glob("data*/folkmangd_blekinge.csv")), dtype={"kommunkod": str})
    base = int(pop[(pop.kommunkod == SMALL[0]) & (pop.ar == SMALL[2] - 1)].folkmangd.iloc[0])
    rate = f"{SMALL[3] / base * 100_000:.0f}"
    row = re.search(r"<td[^>]*>Sexualbrott</td>(.*?)</tr>", html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells[0] == ".."  # Olofström, the first kommun in SCB order
    assert sum(c == ".." for c in cells) >= 2  # and a second cell, so the county total does not give it back
    assert rate not in re.sub(r"<[^>]+>", " ", row).split()
    m = json.loads((reports / "manifest.json").read_text(encoding="utf-8"))
    assert {r["mall"]: r["status"] for r in m["rapporter"]} == {"processuppfoljning_lan": "ok", "lan_lagesbild": "ok"}


@pytest.mark.parametrize("name", ["processuppfoljning", "lan-lagesbild"])
def test_plain_swedish_first_methods_in_the_appendix(reports, name):
    import html as _h

    from lagesbild_methods.steps import metoder

    html = _html(reports, name)
    headings = re.findall(r"<h2[^>]*>(.*?)<", html)
    assert headings[-2:] == ["Om metoderna", "Ord i rapporten"]
    text = _h.unescape(re.sub(r"<[^>]+>", " ", re.sub(r'src="[^"]*"', "", html[html.index("<main>"):])))
    before, appendix = text.split("Om metoderna", 1)
    assert metoder.jargon_in(before) == []
    assert "Små tal i länets rapporter" in appendix and "Fria texter och personuppgifter" in appendix
    assert "Så använder du mallen" not in text  # instructions stay in the notebook


@pytest.mark.parametrize("name", ["processuppfoljning", "lan-lagesbild"])
def test_figures_are_legible_on_a_phone(reports, name):
    """Every figure's text is at least 10 px on a 390 px phone (the figures keep their natural width of
    at most 6 inches; the grids' words and numbers are in the tables beside them)."""
    from urllib.parse import unquote

    from lagesbild_methods.figures.style import svg_min_font_px

    html = _html(reports, name)
    svgs = [unquote(s) for s in re.findall(r'src="data:image/svg\+xml;charset=utf-8,([^"]*)"', html)]
    assert svgs and min(svg_min_font_px(s) for s in svgs) >= 10.0
