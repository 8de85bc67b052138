"""A county report never shows a kommun's hidden small count: not in a table, a sentence or a figure, and
not by subtraction from the county's total (the policy hides a second cell). School-survey shares of
small groups are hidden too."""
import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths, registry
from lagesbild_methods.steps import lan as L
from lagesbild_methods.steps.lan import youth as andt
from lagesbild_methods.steps.lan.policy import CountyPolicy

Y = 2025


def _crime_with_small_count(tmp_path, kod="0319", typ="sexualbrott", value=2) -> str:
    df = pd.read_csv(paths.CRIME_FILE, dtype={"kommunkod": str})
    m = (df.kommunkod == kod) & (df.brottstyp == typ) & (df.ar == Y)
    old = int(df.loc[m, "antal"].iloc[0])
    df.loc[m, "antal"] = value
    county = (df.kommunkod == "03") & (df.brottstyp == typ) & (df.ar == Y)
    df.loc[county, "antal"] = df.loc[county, "antal"] - old + value
    p = tmp_path / "brott.csv"
    df.to_csv(p, index=False)
    return str(p)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):
    path = _crime_with_small_count(tmp_path_factory.mktemp("lanpolicy"))
    return L.load("03", brott_fil=path, brottstyper="sexualbrott,totalt")


def test_the_small_count_and_a_complementary_cell_are_hidden(ctx):
    pol = CountyPolicy.for_context(ctx)
    assert pol.hidden_in("0319", "sexualbrott", Y)
    others = [k for k in registry.kommuner_i_lan("03") if k != "0319" and pol.hidden_in(k, "sexualbrott", Y)]
    assert others, "the county total minus the shown kommuner would give the hidden count back"
    assert not pol.hidden_in("0380", "totalt", Y)


def test_no_section_names_the_hidden_count(ctx):
    sec = L.kommunerna(ctx)
    table = next(p[1] for p in sec.render() if p[0] == "table")
    row = table[table["Brottstyp"] == "Sexualbrott"].iloc[0]
    assert row["Älvkarleby"] == ".."
    pop = ctx.population
    p0319 = int(pop[(pop.kommunkod == "0319") & (pop.ar == Y - 1)].folkmangd.iloc[0])
    hidden_rate = 2 / p0319 * 100_000
    shown = re.sub(r"[^\d,]", " ", row.to_string())
    assert f"{hidden_rate:.0f}" not in shown.split()
    texts = []
    for name in ("sammanfattning", "kommunerna", "tratt", "utveckling", "gemensamma_problem", "andt"):
        s = getattr(L, name)(ctx)
        texts.append(s.text)
        if name == "tratt":
            assert "sexualbrott" in s.facts["tratt_typer"]
            assert any("visas inte i diagrammen för sexualbrott" in p[1] for p in s.render() if p[0] == "note")
        if name == "gemensamma_problem":
            assert "Älvkarleby" not in s.text.split("Sexualbrott")[1].split("\n")[0] if "Sexualbrott" in s.text else True
    for t in texts:
        assert not re.search(r"Älvkarleby[^.\n]{0,80}sexualbrott|sexualbrott[^.\n]{0,80}Älvkarleby", t, re.I)


def test_the_county_hides_exactly_what_the_kommun_reports_hide(ctx):
    """One publication-wide decision (stats.suppress_publication) for the eight kommuner and the county."""
    from lagesbild_methods.steps import step1

    pol = CountyPolicy.for_context(ctx)
    kommun = step1.load("Knivsta", ctx.ar_fran, ctx.ar_till, brott_fil=ctx.files["brott_fil"])
    pub = kommun.disclosure.publication
    hidden = {(str(k), b, int(y)) for k, b, y, d in zip(pub[C.KOMMUNKOD], pub[C.BROTTSTYP], pub[C.AR], pub["dold"]) if d}
    assert ("0319", "sexualbrott", Y) in hidden
    county = {(k, b, y) for k in [*registry.kommuner_i_lan("03"), "03"] for b in C.BROTTSTYPER
              for y in range(ctx.ar_fran - 1, ctx.ar_till + 1) if pol.hidden_in(k, b, y)}
    assert county == hidden


def test_shareable_false_shows_everything(ctx):
    internal = dataclasses.replace(ctx, params={**ctx.params, "delbar": False}, cache={})
    assert not CountyPolicy.for_context(internal).any_hidden()
    table = next(p[1] for p in L.kommunerna(internal).render() if p[0] == "table")
    assert table[table["Brottstyp"] == "Sexualbrott"]["Älvkarleby"].iloc[0] != ".."


def _youth_file(tmp_path) -> str:
    rng = np.random.default_rng(7)
    rows = []
    sizes = {"0380": 1200, "0381": 300, "0331": 40, "0319": 8}
    for kod, n in sizes.items():
        for i in range(n):
            yes = i < {"0380": 60, "0381": 20, "0331": 3, "0319": 1}[kod]
            rows.append({"respondent": f"{kod}-{i}", "ar": 2023, "skolkommun": kod, "hemkommun": kod,
                         "arskurs": "åk 9", "kon": "Flicka" if rng.random() < .5 else "Pojke",
                         "narkotika_nagon_gang": "Ja" if yes else "Nej"})
    p = tmp_path / "skolenkat.csv"
    pd.DataFrame(rows).to_csv(p, sep=";", index=False)
    return str(p)


def test_school_survey_small_groups_are_hidden(tmp_path):
    crime = tmp_path / "brott.csv"
    crime.write_bytes(paths.CRIME_FILE.read_bytes())  # a copy: real-data mode, no practice files are added
    ctx = L.load("03", brott_fil=str(crime), ungdomsenkat_fil=_youth_file(tmp_path))
    sh = andt.shares(ctx).set_index(C.KOMMUNKOD)
    assert not sh.loc["0380", "dold"] and not sh.loc["0381", "dold"]
    assert sh.loc["0331", "dold"]  # 3 of 40: too few with the answer
    assert sh.loc["0319", "dold"]  # 8 pupils: too small a group
    assert not sh.loc["03", "dold"]  # 1 548 pupils in the county: a whole-percent share hides the count
    text = L.andt(ctx).text
    assert "7,5" not in text and "8 %" not in text.split("Heby")[1].split("\n")[0]
    small = _youth_file(tmp_path)
    df = pd.read_csv(small, sep=";", dtype=str)
    df[df.hemkommun.isin(["0331", "0319", "0381"])].to_csv(small, sep=";", index=False)
    ctx = L.load("03", brott_fil=str(crime), ungdomsenkat_fil=small)
    sh = andt.shares(ctx).set_index(C.KOMMUNKOD)
    assert sh.loc["03", "dold"]  # 348 pupils: the county share could give the hidden counts back
