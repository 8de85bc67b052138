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


def test_step1_checklist_on_own_data_and_local_knowledge(tmp_path):
    """The same bundled files copied out of the practice-data folder count as the municipality's own:
    the law's items become 'Uppfyllt' -- except 'annan information', until local knowledge is added."""
    import shutil

    from lagesbild_methods import inputs, paths
    from lagesbild_methods.steps import step1

    own = {}
    for name in ("brott_fil", "folkmangd_fil", "handelser_fil", "enkat_fil"):
        src = inputs.resolve(name, "", "0331")
        own[name] = str(shutil.copy(src, tmp_path / src.name))
    ctx = step1.load("Heby", 2015, 2025, **own)
    status = step1.lagkrav(ctx).facts["lagkrav_status"]
    assert status == {"kartlaggning": K.UPPFYLLT, "omfattning": K.UPPFYLLT, "konsekvenser": K.UPPFYLLT,
                      "annan_information": K.SAKNAS, "analys": K.UPPFYLLT}
    local = tmp_path / "lokal_kunskap_0331.md"
    local.write_text("## Trygghetsvandring i Heby centrum\nBelysningen vid busstationen är dålig.\n", encoding="utf-8")
    ctx = step1.load("Heby", 2015, 2025, lokal_kunskap_fil=str(local), **own)
    sec = step1.lagkrav(ctx)
    assert set(sec.facts["lagkrav_status"].values()) == {K.UPPFYLLT}
    assert "5 av 5 punkter är uppfyllda" in sec.text and "övningsdata" not in sec.text
    assert "### Trygghetsvandring i Heby centrum" in step1.lokal_kunskap(ctx).text
