"""Steps 4 and 5 rendered end to end through the batch runner and read back from the HTML: the year report
names each measure with its cause and problem ids and states the effect with its interval; the planted effect
is recovered inside its interval and the null effect is reported as "ingen påvisbar effekt"; a canary
personnummer written into the workbook never reaches a shareable report. One municipality renders all four
templates (Knivsta: a clear planted effect, forvantad_z >= 4); Heby renders steps 4 and 5 (year) with a
workbook full of canaries. The full batch (8 municipalities) is ``make reports``."""
from __future__ import annotations

import html as H
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lagesbild_methods import paths
from lagesbild_methods.runner import batch, templates
from lagesbild_methods.sources.workbook import read_workbook
from lagesbild_methods.steps.step5 import ord as ord5
from lagesbild_methods.synth_workbook import read_planted
from lagesbild_methods.workbook import schema as S
from workbook_testdata import CANARY, CANARY_MAIL, CANARY_PHONE, CANARY_PNR

MALLAR = ["steg4_genomforande", "steg5_veckobild", "steg5_tertial", "steg5_arsuppfoljning"]
KOD = "0330"  # Knivsta


def canary_workbook(src: Path, dst: Path) -> Path:
    """A copy of a practice workbook with the canary in every filled private cell and appended to publishable
    text cells (measures, promise): free text must never show, publishable text only scrubbed. References
    (the measure id in Aktiviteter and Indikatorer) stay intact, so the report still has its effects."""
    shutil.copy(src, dst)
    wb = openpyxl.load_workbook(dst)
    for sheet in S.SHEETS:
        ws = wb[sheet.name]
        head = [c.value for c in ws[1]]
        for col in sheet.columns:
            if col.header not in head:
                continue
            j = head.index(col.header) + 1
            for i in range(2, ws.max_row + 1):
                if ws.cell(i, 1).value is None or all(ws.cell(i, k).value is None for k in range(2, len(head) + 1)):
                    continue
                if col.kind == "private":
                    ws.cell(i, j).value = CANARY
                elif col.kind == "text" and col.key in ("atgard", "lofte", "operativt_mal") and ws.cell(i, j).value:
                    ws.cell(i, j).value = f"{ws.cell(i, j).value} ({CANARY_PNR})"
    wb.save(dst)
    return dst


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("steg45")
    book = canary_workbook(paths.workbook_file("0331"), out / "arbetsbok_heby_kanarie.xlsx")
    jobs = batch.make_jobs([templates.find(m) for m in MALLAR], [KOD], out)
    jobs += batch.make_jobs([templates.find(m) for m in ("steg4_genomforande", "steg5_arsuppfoljning")], ["0331"],
                            out, {"arbetsbok_fil": str(book)})
    results, code = batch.run_batch(jobs, out, workers=2, progress=False)
    assert code == 0, [r["fel"] for r in results if r["status"] != "ok"]
    return out


def _html(out: Path, kod: str, mall: str) -> str:
    (f,) = out.glob(f"{kod}_*_{mall.replace('_', '-')}.html")
    return f.read_text(encoding="utf-8")


def _text(page: str) -> str:
    body = re.sub(r"<(style|script)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", H.unescape(re.sub(r"<[^>]+>", " ", body)).replace("\u202f", " "))


def _table_rows(page: str, caption: str) -> list[list[str]]:
    i = page.index(caption)
    table = page[i:page.index("</table>", i)]
    return [[_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S) if "<td" in row]


def _interval(cell: str) -> tuple[float, float, float]:
    m = re.fullmatch(r"(\d+,\d+) \((\d+,\d+)–(\d+,\d+)\)", cell)
    assert m, cell
    return tuple(float(x.replace(",", ".")) for x in m.groups())


@pytest.mark.parametrize("mall,titel,rubriker", [
    ("steg4_genomforande", "Genomförande (steg 4)", ["Plan och genomförande", "Status per åtgärd",
                                                     "Avvikelser från planen", "Arbetstid och kostnader"]),
    ("steg5_veckobild", "Veckobild (steg 5, uppföljning)", ["Den senaste perioden", "Nya eller växande platser",
                                                             "Flaggor", "Pågående åtgärder", "Kedjan"]),
    ("steg5_tertial", "Tertialuppföljning (steg 5)", ["Indikatorer mot baslinje och mål", "Genomfört under tertialet",
                                                      "Kedjan: från problem till resultat"]),
    ("steg5_arsuppfoljning", "Årsuppföljning och utvärdering (steg 5)", [
        "Effekter", "Processuppföljning", "Kedjan: från problem till resultat", "Till invånarna"]),
])
def test_every_template_renders_in_swedish_without_code(reports, mall, titel, rubriker):
    page = _html(reports, KOD, mall)
    assert '<html lang="sv">' in page and f"<title>{titel} – Knivsta</title>" in page
    for h in rubriker:
        assert h in page, h
    text = _text(page)
    # method names and terms only in the appendix (the reports' rule), split at its heading
    parts = re.split(r'<h2 id="Om-metoderna"', page)
    assert len(parts) == (1 if mall in ("steg4_genomforande", "steg5_veckobild") else 2)
    before = _text(parts[0])
    assert ord5.jargon_in(before) == [], ord5.jargon_in(before)
    if len(parts) == 2:  # the terms are still there, in the appendix
        assert {"relativ effektstorlek", "regressionsmodell", "överspridning"} & set(ord5.jargon_in(_text(parts[1])))
    assert "Så använder du mallen" not in text  # instructions are for the notebook, not the report
    assert not re.search(r"https?://", page) and "<script" not in page
    assert "Traceback" not in text and "Warning" not in text and "import " not in text and "visa(" not in text
    assert "EXEMPELDATA" in page
    alts = re.findall(r'<img [^>]*alt="([^"]*)"', page)
    assert alts and all(len(a) > 40 for a in alts)


def test_veckobild_is_one_page(reports):
    page = _html(reports, KOD, "steg5_veckobild")
    assert page.count("<img") == 1 and len(_text(page)) < 9000


def test_year_report_names_measure_cause_problem_and_the_effect_with_interval(reports):
    page = _html(reports, KOD, "steg5_arsuppfoljning")
    text = _text(page)
    planted = read_planted().set_index(["kommunkod", "typ"])
    effect, null = planted.loc[(KOD, "effekt")], planted.loc[(KOD, "nolleffekt")]
    chain = read_workbook(paths.workbook_file(KOD)).kedja()
    for p in (effect, null):
        mine = chain[chain["atgard"] == p["atgard_id"]]
        causes, probs = ", ".join(mine["orsak"].unique()), ", ".join(mine["problem"].unique())
        assert probs == p["problem_id"]
        assert f"{p['atgard_id']} (riktad mot orsak {causes} i problem {probs}; indikator {p['indikator_id']})" in text
    rows = {r[0]: r for r in _table_rows(page, "Effekter: före och efter åtgärdens start")}
    header = ["Indikator", "Åtgärd", "Start", "Jämförelse", "Kvot mot jämförelsen (95 % KI)",
              "Tidsserien: nivåändring (95 % KI)", "Evidens"]
    heads = re.findall(r"<th[^>]*>(.*?)</th>", page[page.index("Effekter: före och efter"):], flags=re.S)[:len(header)]
    assert [_text(h).strip() for h in heads] == header
    col = header.index("Kvot mot jämförelsen (95 % KI)")
    appendix = {r[0]: r for r in _table_rows(page, "Kvot i modellen och relativ effektstorlek")}
    est, lo, hi = _interval(rows[effect["indikator_id"]][col])
    # the planted effect: the interval excludes 1 and contains the true ratio (the workbook expects a clear signal)
    assert effect["forvantad_z"] >= 4 and hi < 1 and lo <= effect["sann_kvot"] <= hi
    assert rows[effect["indikator_id"]][header.index("Evidens")].startswith("Tecken på effekt")
    assert rows[effect["indikator_id"]][1].startswith(effect["atgard_id"])
    assert appendix[effect["indikator_id"]][1] == rows[effect["indikator_id"]][col]  # the same model ratio
    res_est, res_lo, res_hi = _interval(appendix[effect["indikator_id"]][2])
    assert res_est == pytest.approx(1 / est, abs=0.02) and res_lo > 1
    # the null effect: an honest "no detectable effect" with an interval around 1
    est0, lo0, hi0 = _interval(rows[null["indikator_id"]][col])
    assert lo0 <= 1 <= hi0 and rows[null["indikator_id"]][header.index("Evidens")] == "Ingen påvisbar effekt"
    # the effect sentence states the change with its interval, and the caveat is there
    pct = round((1 - est) * 100)
    assert re.search(rf"minskade med {pct} % jämfört med övriga händelser i \w+ \(95 % konfidensintervall "
                     rf"−\d+ % till −\d+ %\): en säkerställd minskning", text)
    assert "inte ett bevis för att åtgärden orsakade den" in text
    assert "Vad vi lovade." in text and "Vad vi gjorde." in text and "Vad som hände." in text


@pytest.mark.parametrize("kod", [KOD, "0331"])
def test_planted_effects_lie_inside_the_intervals_the_year_report_shows(reports, kod):
    """Read back from the rendered report: each planted ratio (effect and null) inside the model's interval and
    its inverse inside the relative effect size's interval. Heby's planted effect is one the generator did not
    expect to be clear (forvantad_z < 4); all eight municipalities are checked on the same functions in
    tests/test_steps_step5.py."""
    page = _html(reports, kod, "steg5_arsuppfoljning")
    rows = {r[0]: r for r in _table_rows(page, "Effekter: före och efter åtgärdens start")}
    appendix = {r[0]: r for r in _table_rows(page, "Kvot i modellen och relativ effektstorlek")}
    planted = read_planted()
    for _, p in planted[planted["kommunkod"] == kod].iterrows():
        row = rows[p["indikator_id"]]
        _est, lo, hi = _interval(row[4])
        _res, res_lo, res_hi = _interval(appendix[p["indikator_id"]][2])
        assert lo <= p["sann_kvot"] <= hi, (kod, p["typ"], lo, hi)
        assert res_lo <= 1 / p["sann_kvot"] <= res_hi, (kod, p["typ"], res_lo, res_hi)
        assert (row[6] == "Ingen påvisbar effekt") == (p["typ"] == "nolleffekt"), row[6]


def test_tertial_shows_each_indicator_against_baseline_and_target(reports):
    page = _html(reports, KOD, "steg5_tertial")
    rows = _table_rows(page, "mot baslinje och mål")
    assert [r[0].split()[0] for r in rows] == list(read_workbook(paths.workbook_file(KOD)).indikatorer["id"])
    for r in rows:
        if r[2] != "–":
            assert re.fullmatch(r"[\d ,]+( per år| %)? \([\d ,]+–[\d ,]+\)", r[2].replace("\u202f", " ")), r[2]


@pytest.mark.parametrize("mall", ["steg4_genomforande", "steg5_arsuppfoljning"])
def test_canaries_in_the_workbook_never_reach_a_shareable_report(reports, mall):
    page = _html(reports, "0331", mall)
    for secret in (CANARY_PNR, CANARY_PNR[2:], CANARY_PHONE, CANARY_MAIL, "Kanarie"):
        assert secret not in page, secret
    # the publishable text around the canary is still there, scrubbed
    assert "[personnummer borttaget]" in page


@pytest.mark.parametrize("mall", MALLAR)
def test_the_practice_workbooks_free_text_never_reaches_a_report(reports, mall):
    page = _html(reports, KOD, mall)
    book = read_workbook(paths.workbook_file(KOD))
    private = [c.key for s in S.SHEETS for c in s.columns if c.kind == "private" and c.key in book.blad[s.key]]
    free = [str(t) for s in S.SHEETS for c in s.columns if c.kind == "private"
            for t in book.blad[s.key][c.key].dropna() if "070-174" in str(t)]
    assert private and len(free) > 20
    assert not [t for t in free if t in page or H.escape(t) in page]
    assert not re.search(r"07\d-\d{3} \d{2} \d{2}", page), "a phone number reached the report"


def test_index_groups_reports_by_municipality_and_step(reports):
    idx = (reports / "index.html").read_text(encoding="utf-8")
    groups = re.findall(r"<tbody>(.*?)</tbody>", idx, flags=re.S)
    heads = [re.search(r'<th colspan="\d+" scope="rowgroup">(.*?)</th>', g).group(1) for g in groups]
    assert heads == ["Heby", "Knivsta"]  # Swedish alphabetical order, one group each
    knivsta = re.findall(r'<tr><th scope="row"><a href="([^"]+)">Knivsta</a></th><td>([^<]*)</td><td>([^<]*)</td>',
                         groups[1])
    assert [h for h, _, _ in knivsta] == ["0330_knivsta_steg4-genomforande.html",
                                          "0330_knivsta_steg5-arsuppfoljning.html",
                                          "0330_knivsta_steg5-tertial.html", "0330_knivsta_steg5-veckobild.html"]
    assert [s for _, s, _ in knivsta] == ["Steg 4", "Steg 5", "Steg 5", "Steg 5"]
    assert knivsta[0][2] == "Genomförande (steg 4)"
