"""Step 1 on issue 10: one verdict per comparison, one level stated once, suppression for the whole
publication (the same decision in every report of the county, derived values hidden with their counts)."""
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths
from lagesbild_methods.steps import step1
from lagesbild_methods.verdicts import Comparison


@pytest.fixture(scope="module")
def heby():
    return step1.load("Heby", 2015, 2025)


def _text(*sections) -> str:
    return "\n".join(p[1] for s in sections for p in s.render() if p[0] in ("md", "note"))


def test_level_and_extra_variation_stated_once(heby):
    text = _text(step1.vanligaste_problem(heby), step1.jamforelse(heby), step1.utveckling(heby))
    assert text.count("på 95\u202f%-nivån") == 1
    assert "varierar mer från år till år än slumpen ensam förklarar" in text
    assert "99,8" not in text


def test_table_sentence_and_funnel_give_one_verdict(heby):
    t = step1.crime.latest_table(heby).set_index(C.BROTTSTYP)
    for b in ("totalt", "stoldbrott"):
        fun = step1.jamforelse(heby, brottstyp=b).facts["tratt"]
        pts = fun.punkter.set_index(C.KOMMUNKOD)
        assert pts.loc[heby.kod, "skillnad"] == t.loc[b, "mot_lan"]
        significant = pts.loc[heby.kod, "skillnad"] in (Comparison.HIGHER, Comparison.LOWER)
        outside = not (pts.loc[heby.kod, "tratt_nedre_95"] <= pts.loc[heby.kod, C.VARDE]
                       <= pts.loc[heby.kod, "tratt_ovre_95"])
        assert significant == outside
        assert fun.overdispersion == "arsvariation"


def test_every_report_of_the_county_hides_the_same_cells(heby):
    other = step1.load("Knivsta", 2015, 2025)
    a, b = heby.disclosure.publication, other.disclosure.publication
    assert a.equals(b) and a["dold"].sum() > 0
    assert set(a.loc[a["dold"], "visning"]) == {".."}


def test_change_and_trend_of_a_hidden_count_are_hidden(tmp_path):
    crime = pd.read_csv(paths.CRIME_FILE, dtype={C.KOMMUNKOD: str})
    sel = (crime[C.KOMMUNKOD] == "0331") & (crime[C.BROTTSTYP] == "vald_i_nara_relation_man")
    crime.loc[sel & (crime[C.AR] == 2024), C.ANTAL] = 2  # hidden (primary)
    crime.loc[sel & (crime[C.AR] == 2025), C.ANTAL] = 9  # shown
    f = tmp_path / "brott.csv"
    crime.to_csv(f, index=False)
    ctx = step1.load("Heby", 2015, 2025, brott_fil=str(f))
    assert ctx.disclosure.hidden("vald_i_nara_relation_man", 2024)
    table = next(p[1] for p in step1.vanligaste_problem(ctx).render() if p[0] == "table")
    row = table[table["Brottstyp"] == "Våld i nära relation (män)"].iloc[0]
    assert row["Antal 2025"] == "9" and row["Förändring från 2024"] == "dolt"  # 9 and +350 % would give back 2
    trend = next(p[1] for p in step1.utveckling(ctx).render() if p[0] == "table")
    trow = trend[trend["Brottstyp"] == "Våld i nära relation (män)"].iloc[0]
    assert trow["Årlig förändring"] == "–" and trow["Bedömning"] == "dolt"
