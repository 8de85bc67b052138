"""Steps 4 and 5 on partial data, as a municipality has it: a workbook without activities or without
indicators, incidents that stop before the follow-up date, one year of crime statistics, no survey, no
incident register at all, and Polisen's public feed given as the incident file. Each gives a correct report
(checked values and plain Swedish reasons) or a clear Swedish refusal -- never a traceback."""
from __future__ import annotations

import json
import warnings

import openpyxl
import pandas as pd
import pytest

from lagesbild_methods import paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.steps import step4
from lagesbild_methods.steps.step5 import arsuppfoljning as AR
from lagesbild_methods.steps.step5 import tertial as TE
from lagesbild_methods.steps.step5 import veckobild as VE
from lagesbild_methods.steps.step5.chain import chain_rows
from lagesbild_methods.steps.step5.indicators import follow_up

T3 = (pd.Timestamp("2025-09-01"), pd.Timestamp("2025-12-31"))


def _clear_sheet(src, dst, sheet, keep=lambda row: False):
    wb = openpyxl.load_workbook(src)
    ws = wb[sheet]
    for i in range(2, ws.max_row + 1):
        row = [c.value for c in ws[i]]
        if row[0] is not None and not keep(row):
            for c in ws[i]:
                c.value = None
    wb.save(dst)
    return dst


def _texts(sec) -> str:
    return " ".join(str(p[1]) for p in sec.render() if p[0] in ("md", "note"))


def _table(sec):
    return next(p[1] for p in sec.render() if p[0] == "table")


# ------------------------------------------------------------------------------------------ the workbook
def test_a_workbook_without_indicators_still_gives_the_chain_with_every_path_a_gap(tmp_path):
    book = _clear_sheet(paths.workbook_file("0331"), tmp_path / "utan_indikatorer.xlsx", "Indikatorer")
    lb = TE.load("Heby", arbetsbok_fil=str(book))
    assert follow_up(lb, *T3).empty and "id" in follow_up(lb, *T3).columns
    rows = chain_rows(lb, *T3)
    assert len(rows) > 0 and rows["indikator"].isna().all()
    assert set(rows.loc[rows["atgard"].notna(), "Indikator"]) == {"⚠ ingen indikator"}
    assert f"0 av {len(rows)} vägar genom kedjan är hela" in TE.kedjan(lb).text
    assert "inga indikatorer ännu" in TE.indikatorer(lb).text


def test_a_measure_without_indicator_is_a_gap_and_the_others_are_followed_up(tmp_path):
    book = _clear_sheet(paths.workbook_file("0331"), tmp_path / "a1_utan.xlsx", "Indikatorer",
                        keep=lambda row: row[1] != "Å1")
    lb = TE.load("Heby", arbetsbok_fil=str(book))
    fu = follow_up(lb, *T3)
    assert "I1" not in set(fu["id"]) and len(fu) == 6
    a1 = chain_rows(lb, *T3).query("atgard == 'Å1'")
    assert len(a1) and set(a1["Indikator"]) == {"⚠ ingen indikator"} and set(a1["Vad hände"]) == {"–"}


def test_a_workbook_without_activities_says_so_and_draws_without_warnings(tmp_path):
    book = _clear_sheet(paths.workbook_file("0331"), tmp_path / "utan_aktiviteter.xlsx", "Aktiviteter")
    lb = TE.load("Heby", arbetsbok_fil=str(book))
    sec = TE.aktiviteter(lb)
    assert "inga genomförda aktiviteter under tertialet" in sec.text
    assert set(_table(sec)["Genomförda"]) == {"0"}
    s4 = step4.load("Heby", arbetsbok_fil=str(book))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an empty legend warned in the notebook
        parts = step4.tidslinje(s4).render()
    assert [p[0] for p in parts].count("fig") == 1


# ------------------------------------------------------------------------------------------ incidents
@pytest.fixture(scope="module")
def until_june(tmp_path_factory):
    raw = pd.read_csv(paths.incidents_file("0331"), sep=";", dtype=str)
    path = tmp_path_factory.mktemp("h") / "handelser_till_juni.csv"
    raw[raw["tidpunkt"].str[:10] <= "2025-06-30"].to_csv(path, sep=";", index=False)
    return str(path)


def test_incidents_that_stop_early_give_the_last_complete_tertial_and_refuse_a_later_one(until_june):
    p = TE.period(TE.load("Heby", handelser_fil=until_june))
    assert (p.label, p.end) == ("2025 T1", pd.Timestamp("2025-04-30"))
    with pytest.raises(ParameterError, match=r"Tertialet '2025 T3' finns inte .*2025 T1\)\. Skriv t\.ex\. \"2025 T1\""):
        TE.load("Heby", handelser_fil=until_june, tertial="2025 T3")
    with pytest.raises(ParameterError, match="Veckan '2025-v50' finns inte"):
        VE.load("Heby", handelser_fil=until_june, vecka="2025-v50")


def test_a_year_cut_by_the_register_says_so(until_june):
    lb = AR.load("Heby", handelser_fil=until_june)
    text = AR.oversikt(lb).text.replace("\u202f", " ")
    assert "Året är inte helt" in text and "slutar 30 juni 2025" in text
    assert "Under året till och med 30 juni 2025 genomfördes" in AR.process(lb).text.replace("\u202f", " ")
    # activities after the register's end are not counted in the year
    acts = pd.read_excel(paths.workbook_file("0331"), sheet_name="Aktiviteter")
    assert int(AR.process(lb).facts["aktiviteter"]["genomforda"].sum()) < int(
        (acts["Status"] == "Genomförd").sum())


def test_without_incidents_tertial_and_year_follow_up_what_exists():
    lb = TE.load("Heby", handelser_fil="ingen")
    p = TE.period(lb)  # the tertial of the workbook's latest activity (2025-12-30)
    assert (p.label, p.start, p.end) == ("2025 T3", *T3)
    fu = follow_up(lb, *T3).set_index("id")
    assert fu.loc["I1", "skal"] == "inga händelserapporter angavs (parametern handelser_fil)"
    assert pd.notna(fu.loc["I7", "varde"]) and pd.notna(fu.loc["I6", "varde"])  # crime statistics, survey
    assert "Inga händelserapporter angavs" in TE.oversikt(lb).text
    assert "2 av 7 indikatorer kunde följas upp" in TE.indikatorer(lb).text
    assert TE.period(TE.load("Heby", handelser_fil="ingen", tertial="2025 t2")).label == "2025 T2"
    with pytest.raises(ParameterError, match="Tertialet 'våren' går inte att läsa.*2025 T3"):
        TE.load("Heby", handelser_fil="ingen", tertial="våren")
    ar = AR.load("Heby", handelser_fil="ingen")
    assert (AR.period(ar).start, AR.period(ar).end) == (pd.Timestamp("2025-01-01"), pd.Timestamp("2025-12-31"))
    eff = AR.effekter(ar)
    assert eff.facts["effekter"] == {} and "ingen effekt kan utvärderas" in eff.text
    assert "Vad som hände." in AR.medborgartext(ar).text
    assert [p[0] for p in AR.process(ar).render()].count("fig") == 1


def test_without_incidents_every_weekly_section_says_so():
    lb = VE.load("Heby", handelser_fil="ingen")
    for name in VE.SPEC.sections:
        assert "bygger på kommunens händelserapporter" in getattr(VE, name)(lb).text, name


def test_polisens_feed_is_never_used_to_follow_up_or_evaluate(tmp_path):
    """Polisen publishes an editorial sample without klotter: counting it would call a klotter target reached."""
    months = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
              "november", "december"]
    events = [{"id": 100 + i, "datetime": f"2025-{m:02d}-10 21:15:00 +01:00",
               "name": f"10 {months[m - 1]} 20.40, {t}, Heby",
               "summary": "Händelse.", "url": f"/aktuellt/handelser/2025/{m}/{i}/", "type": t,
               "location": {"name": "Heby", "gps": "59.939637,16.858759"}}
              for i, (m, t) in enumerate([(m, t) for m in range(1, 13) for t in ("Skadegörelse", "Trafikolycka")])]
    feed = tmp_path / "polisen.json"
    feed.write_text(json.dumps(events), encoding="utf-8")
    lb = TE.load("Heby", handelser_fil=str(feed))
    assert lb.incidents is None
    fu = follow_up(lb, *T3).set_index("id")
    assert fu.loc["I1", "skal"].startswith("Polisens händelser från polisen.se är ett för litet urval")
    assert "Målet är nått" not in set(_table(TE.indikatorer(lb))["Mot målet"].iloc[:5])
    assert "redaktionellt urval" in TE.oversikt(lb).text
    ve = VE.load("Heby", handelser_fil=str(feed))
    assert "Polisens händelser från polisen.se används inte" in VE.oversikt(ve).text


# ------------------------------------------------------------------------------------------ statistics and survey
def test_one_year_of_crime_statistics_and_no_survey_give_plain_reasons(tmp_path):
    crime = pd.read_csv(paths.CRIME_FILE, dtype=str)
    only = tmp_path / "brott_2025.csv"
    crime[crime["ar"] == "2025"].to_csv(only, index=False)
    lb = TE.load("Heby", brott_fil=str(only), enkat_fil="ingen")
    table = _table(TE.indikatorer(lb))
    reasons = dict(zip(table["Indikator"].str.split().str[0], table["Mot målet"]))
    assert reasons["I7"] == "Brottsstatistiken saknar 2023"  # the baseline year
    assert reasons["I6"] == "Ingen trygghetsmätning"
    assert "5 av 7 indikatorer kunde följas upp" in TE.indikatorer(lb).text
    totals = tmp_path / "bara_totalt.csv"
    crime[crime["brottstyp"] == "totalt"].to_csv(totals, index=False)
    fu = follow_up(TE.load("Heby", brott_fil=str(totals)), *T3).set_index("id")
    assert fu.loc["I7", "skal"] == "brottsstatistiken saknar brottstypen"
