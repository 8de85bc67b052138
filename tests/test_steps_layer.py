"""The shared steps layer: area and period, the one input loader, the cache and the suppression policy
applied where a section leaves the library."""
from pathlib import Path

import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.steps import context, inputs
from lagesbild_methods.steps.context import Area, Period
from lagesbild_methods.steps.disclosure import Disclosure
from lagesbild_methods.steps.report import Section, UndeclaredTable
from lagesbild_methods.steps.spec import Param, Spec

FIX = Path(__file__).parent / "fixtures" / "sources"

COUNTY = Spec("testlan", "Test för ett län", 9, "lan", (
    Param("lan", "03", "länets namn eller kod", area="lan"),
    Param("ar_fran", 2015, "första år"), Param("ar_till", 2025, "sista år"),
    Param("delbar", True, "delas"), Param("namnarear", "foregaende", "nämnare", choices=("foregaende", "samma")),
    Param("brott_fil", "", "brott", kind="brott", bundled=True),
    Param("folkmangd_fil", "", "folkmängd", kind="folkmangd", bundled=True),
))


def test_area_of_kommun_lan_and_country():
    heby = Area.of("Heby")
    assert heby.typ == "kommun" and heby.lan == "03" and heby.members == ("0331",)
    assert heby.benchmarks == ("03", "00")
    lan = Area.of("Gävleborgs län")
    assert lan.typ == "lan" and len(lan.members) == 10 and lan.benchmarks == ("00",)
    assert len(Area.of("riket").members) == 290
    with pytest.raises(ParameterError, match="är inte en kommun"):
        Area.of("Uppsala län", allowed=("kommun",))


def test_period_shrinks_to_the_data_with_a_note():
    notes = []
    p = Period.of(2010, 2030).within([2015, 2020, 2025], "Brottsstatistiken", notes)
    assert (p.ar_fran, p.ar_till) == (2015, 2025) and "2015–2025" in notes[0]
    with pytest.raises(ParameterError, match="senare än"):
        Period.of(2025, 2015)


def test_county_report_loads_through_the_same_loader():
    ctx = context.load(COUNTY, lan="Uppsala län")
    assert ctx.kod == "03" and ctx.area.typ == "lan" and ctx.lan_namn == "Uppsala län"
    assert (ctx.crime[C.KOMMUNKOD] == "03").any() and ctx.synthetic
    assert set(ctx.files) == {"brott_fil", "folkmangd_fil"}
    # the policy covers the county's own counts
    assert set(ctx.disclosure.cells[C.AR]) <= set(ctx.years)


def test_county_sum_added_from_its_kommuner_when_missing():
    df = pd.read_csv(paths.CRIME_FILE, dtype={"kommunkod": str})
    no_county = df[df.kommunkod != "03"]
    notes = []
    out = inputs.add_county_sum(no_county, "03", notes)
    got = out[(out.kommunkod == "03") & (out.ar == 2025) & (out.brottstyp == "totalt")].antal.item()
    assert got == df[(df.kommunkod == "03") & (df.ar == 2025) & (df.brottstyp == "totalt")].antal.item()
    assert notes == [("brott_fil", "Uppsala län har räknats som summan av länets åtta kommuner.")]
    # a county with a missing kommun gets no sum (a partial sum would understate the county)
    partial = no_county[no_county.kommunkod != "0331"]
    assert not (inputs.add_county_sum(partial, "03", []).kommunkod == "03").any()


def test_one_file_of_brås_kommun_csv_gives_a_report_without_crashing():
    from lagesbild_methods.steps import step1

    ctx = step1.load("Heby", 2015, 2025, brott_fil=str(FIX / "bra_anmalda_brott_kommunerna_2024.csv"))
    assert (ctx.ar_fran, ctx.ar_till) == (2024, 2024)
    assert any("bara det totala antalet brott" in n for n in ctx.notes)
    assert any("summan av länets åtta kommuner" in n for n in ctx.notes)
    text = step1.vanligaste_problem(ctx).text
    assert "kan inte bedömas: underlaget saknar uppgifter för 2023" in text
    assert "utveckling" and step1.utveckling(ctx).text and step1.sammanfattning(ctx).text


def test_missing_given_file_names_the_parameter():
    from lagesbild_methods.steps import step1

    with pytest.raises(ParameterError, match="Enkätfilen finns inte"):
        step1.load("Heby", 2015, 2025, enkat_fil="/finns/inte.csv")


def test_cache_computes_once():
    ctx = context.load(COUNTY, lan="03")
    calls = []
    ctx.cached("x", lambda: calls.append(1) or 42)
    assert ctx.cached("x", lambda: calls.append(1) or 0) == 42 and calls == [1]


def _policy():
    types = ["vald_mot_barn", "stoldbrott", "bilbrott", "skadegorelse"]
    own = pd.DataFrame({C.KOMMUNKOD: "0319", C.AR: [2024] * 4 + [2025] * 4, C.BROTTSTYP: types * 2,
                        C.ANTAL: [12, 240, 35, 90, 3, 250, 40, 95]})
    return Disclosure.for_counts(own, delbar=True)


def test_exit_masks_hidden_rows_and_drops_hidden_sentences_and_figures():
    import matplotlib.pyplot as plt

    pol = _policy()
    assert pol.hidden("vald_mot_barn", 2025) and pol.shown("vald_mot_barn", 2025) == "<5"
    sec = Section(policy=pol)
    table = pd.DataFrame({"Brottstyp": ["Våld mot barn", "Stöldbrott"], "Antal": ["3", "250"],
                          "Per 100 000": ["31", "2 600"]})
    sec.table(table, "t", keys=[("vald_mot_barn", 2025), ("stoldbrott", 2025)], count="Antal", keep=("Brottstyp",),
              tokens={"Per 100 000": "dolt"})
    sec.md("Våld mot barn: 3 brott.", about=[("vald_mot_barn", 2025)])
    sec.md("Stöld: 250 brott.", about=[("stoldbrott", 2025)])
    sec.figure(plt.figure(), about=[("vald_mot_barn", None)])
    shown = sec.render()
    out = shown[0][1]
    assert out.iloc[0].tolist() == ["Våld mot barn", "<5", "dolt"] and out.iloc[1].tolist() == ["Stöldbrott", "250", "2 600"]
    assert [p[0] for p in shown] == ["table", "md"] and "3 brott" not in sec.text
    assert sec.parts[0][1].equals(out) and len(sec.parts) == 2  # there is no unsuppressed view of a section
    plt.close("all")


def test_a_table_that_does_not_declare_its_rows_is_refused():
    sec = Section(policy=_policy())
    sec.table(pd.DataFrame({"a": [1]}), "ny tabell")
    with pytest.raises(UndeclaredTable, match="keys="):
        sec.render()
    bare = Section().table(pd.DataFrame({"a": [1]}), keys=[("stoldbrott", 2025)])
    with pytest.raises(UndeclaredTable, match="ctx.section"):
        bare.render()


def test_not_shareable_policy_hides_nothing():
    own = pd.DataFrame({C.KOMMUNKOD: "0319", C.AR: 2025, C.BROTTSTYP: ["vald_mot_barn"], C.ANTAL: [3]})
    pol = Disclosure.for_counts(own, delbar=False)
    assert not pol.hidden("vald_mot_barn", 2025) and pol.shown("vald_mot_barn", 2025) == "3"
