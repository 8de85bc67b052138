"""Honest checklists: 'Uppfyllt' only with the section and real data (issue 16)."""
from pathlib import Path

from lagesbild_methods.steps import kontroll as K

ALL = {"vanligaste", "utveckling", "jamforelse", "trygghet", "nar", "var", "lokal_kunskap"}
REAL = {k: Path(f"/egna/{k}.csv") for k in ("brott_fil", "folkmangd_fil", "handelser_fil", "enkat_fil",
                                           "lokal_kunskap_fil")}


def synthetic_if_under(folder: str):
    return lambda p: str(p).startswith(folder)


def test_practice_data_is_never_uppfyllt():
    inputs = {k: Path(f"/ovningsdata/{k}.csv") for k in REAL}
    t = K.checklist(K.LAGKRAV, ALL, inputs, synthetic_if_under("/ovningsdata"))
    assert set(t["Status"]) == {K.OVNINGSDATA}
    assert all("övningsdata" in s for s in t["I rapporten"])
    assert K.summary(t).startswith("0 av 5 punkter är uppfyllda; 5 bygger på övningsdata")


def test_real_data_and_sections_make_every_item_uppfyllt():
    t = K.checklist(K.LAGKRAV, ALL, REAL, synthetic_if_under("/ovningsdata"))
    assert set(t["Status"]) == {K.UPPFYLLT} and K.summary(t) == "5 av 5 punkter är uppfyllda."


def test_a_missing_section_or_file_says_what_to_add():
    inputs = dict(REAL, enkat_fil=None, lokal_kunskap_fil=None)
    sections = ALL - {"trygghet", "lokal_kunskap"}
    t = K.checklist(K.LAGKRAV, sections, inputs, synthetic_if_under("/ovningsdata")).set_index("Krav")
    assert t.loc["Brottslighetens konsekvenser", "Status"] == K.SAKNAS
    assert "trygghetsmätning" in t.loc["Brottslighetens konsekvenser", "I rapporten"]
    # 'annan information' needs the incident reports AND the local knowledge
    assert t.loc["Annan information av betydelse", "Status"] == K.SAKNAS
    assert t.loc["Kartläggning av brottsligheten", "Status"] == K.UPPFYLLT


def test_mixed_inputs_need_every_required_file_real():
    inputs = dict(REAL, folkmangd_fil=Path("/ovningsdata/folkmangd.csv"))
    t = K.checklist(K.BRA_FRAGOR, ALL, inputs, synthetic_if_under("/ovningsdata"), header="Brås fråga")
    t = t.set_index("Brås fråga")
    assert t.loc["Hur stor är risken?", "Status"] == K.OVNINGSDATA  # rates need real population too
    assert t.loc["Vilka problem är vanligast?", "Status"] == K.UPPFYLLT
    # a section that exists without its data is not enough
    t2 = K.checklist(K.BRA_FRAGOR, ALL, dict(REAL, handelser_fil=None), synthetic_if_under("/x")).set_index("Krav")
    assert t2.loc["Var sker problemen?", "Status"] == K.SAKNAS
