"""The county's input kinds: youth survey (ANDT), the coordinators' form export, dialogue notes and report
manifests -- read through the registry, with Swedish errors, and with no names, personnummer or free text
left in what they return (canary values in every input)."""
import json

import pandas as pd
import pytest

from lagesbild_methods import registry, sources
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.sources import dialog, rapportmanifest, samordnarenkat, teman, ungdomsenkat

CANARIES = ["Kerstin Kanariesson", "Kanariesson", "Bo Kanarieberg", "19750512-1234", "750512-1234",
            "070-123 45 67", "kerstin.kanariesson@example.se", "hemlig anteckning"]


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def _no_canary(df: pd.DataFrame):
    dump = df.to_csv() + repr(df.attrs)
    found = [c for c in CANARIES if c in dump]
    assert not found, found


@pytest.fixture
def coordinators(tmp_path):
    q = {f.kod: f.text for f in samordnarenkat.FRAGOR}
    header = ["Tidstämpel", "Namn", "E-postadress", "Kommun", "Roll", q["lagesbild_finns"], q["underlag"],
              q["behov_fritext"], "Mobilnummer"]
    rows = [
        ["2025-04-02 10:00", "Kerstin Kanariesson", "kerstin.kanariesson@example.se", "Heby", "Trygghetssamordnare",
         "Ja", "Kolada;NTU;Brås statistik;", "Ring Kerstin Kanariesson 070-123 45 67 (pnr 19750512-1234), vi behöver "
         "statistik på områdesnivå", "070-123 45 67"],
        ["2025-04-03 11:00", "Bo Kanarieberg", "bo@example.se", "0380", "Kommunpolis", "Kanske",
         "Kolada, Vår egen hemliga lista", "hemlig anteckning om en granne", ""],
        ["2025-04-03 12:00", "", "", "Okändby", "Chef", "Nej", "", "", ""],
    ]
    text = "\n".join(";".join(f'"{c}"' for c in r) for r in [header] + rows) + "\n"
    return _write(tmp_path / "forms_export.csv", text)


def test_coordinator_export_is_read_without_personal_data(coordinators):
    assert sources.detect_kind(coordinators) == "samordnarenkat"
    df = sources.read(coordinators, expect="samordnarenkat", param="samordnarenkat_fil")
    _no_canary(df)
    assert df.attrs["respondenter"] == 3 and df.attrs["personkolumner"] == 3
    assert set(df["roll"]) == {"Kommunal samordnare", "Kommunpolis", "Chef eller beslutsfattare"}
    assert set(df["kommunkod"].dropna()) == {"0331", "0380"}  # 'Okändby' is counted without a kommun
    first = df[(df["respondent"] == "1") & (df["fraga"] == "underlag")]["svar"].tolist()
    assert first == ["Brås statistik", "Kolada", "NTU"]
    second = df[(df["respondent"] == "2") & (df["fraga"] == "underlag")]["svar"].tolist()
    assert second == ["Kolada", samordnarenkat.ANNAT]  # a write-in is counted, its text is not kept
    assert df[(df["respondent"] == "2") & (df["fraga"] == "lagesbild_finns")]["svar"].tolist() == [samordnarenkat.ANNAT]
    free = df[df["fraga"] == "behov_fritext"]
    assert set(free["svar"]) == {"Statistik och data", teman.OVRIGT}
    assert any("inte känns igen" in n for n in df.attrs["anteckningar"])


def test_a_form_without_known_questions_is_refused_in_swedish(tmp_path):
    p = _write(tmp_path / "annat.csv", "Fråga A;Fråga B\nx;y\n")
    with pytest.raises(InputDataError, match="inga frågor som känns igen"):
        samordnarenkat.read_coordinator_survey(p)


@pytest.fixture
def notes(tmp_path):
    text = ("Datum;Kommun;Typ;Plats;x;y;Tema;Vem;Anteckning;Deltagare;Kontaktperson\n"
            "2025-05-02;Heby;Trygghetsvandring;Gångtunneln vid stationen;612000;6650000;;Boende;"
            "Mörkt och lamporna trasiga, sa Kerstin Kanariesson 070-123 45 67;Kerstin Kanariesson, Bo Kanarieberg;"
            "kerstin.kanariesson@example.se\n"
            "2025-05-02;Heby;Trygghetsvandring;Utanför 19750512-1234;;;Narkotika;Kerstin Kanariesson (boende);"
            "hemlig anteckning;;\n"
            "2025-05-03;0380;Medborgardialog med boende;Resecentrum;;;;Unga;Ungdomar samlas och det blir stök och "
            "klotter;;\n")
    return _write(tmp_path / "dialog.csv", text)


def test_dialogue_notes_are_coded_and_the_text_dropped(notes):
    assert sources.detect_kind(notes) == "dialog"
    df = sources.read(notes, expect="dialog", param="dialog_fil")
    _no_canary(df)
    assert df.attrs["noteringar"] == 3
    one = df[df["notering"] == 1]
    assert one["tema"].tolist() == ["Belysning och fysisk miljö"] and one["tema_kalla"].iloc[0] == "kodat ur fritext"
    assert one["x"].iloc[0] == 612000 and one["typ"].iloc[0] == "Trygghetsvandring"
    two = df[df["notering"] == 2]
    assert two["tema"].tolist() == ["Narkotika"] and two["tema_kalla"].iloc[0] == "angivet"
    assert two["vem"].iloc[0] == "Boende" and "personnummer borttaget" in two["plats"].iloc[0]
    three = df[df["notering"] == 3]
    assert set(three["tema"]) == {"Ungdomar som samlas och stör", "Skadegörelse och klotter"}
    assert three["kommunkod"].iloc[0] == "0380" and three["typ"].iloc[0] == "Medborgardialog"


def test_dialogue_positions_in_wgs84_and_errors_name_row_and_column(tmp_path):
    town = registry.get("0360").centralort  # Tierp: WGS84 and SWEREF 99 TM of the same point
    p = _write(tmp_path / "d.csv", f"datum;kommun;plats;lat;lon;tema;vem\n2025-01-10;Tierp;Torget;{town.lat};{town.lon};"
                                   "Nedskräpning;Boende\n")
    df = dialog.read_dialogue_notes(p)
    assert abs(df["x"].iloc[0] - town.e) < 5 and abs(df["y"].iloc[0] - town.n) < 5
    bad = _write(tmp_path / "bad.csv", "datum;kommun;tema\n2025-13-45;Heby;Narkotika\n2025-01-02;Narnia;Narkotika\n")
    with pytest.raises(InputDataError) as err:
        dialog.read_dialogue_notes(bad)
    msg = str(err.value)
    assert "rad 2" in msg and "kolumn 'datum'" in msg and "rad 3" in msg and "Okänd eller saknad kommun" in msg


def test_youth_survey_microdata_to_long_form(tmp_path):
    p = _write(tmp_path / "lhu.csv",
               "respondent;ar;skolkommun;hemkommun;arskurs;kon;alkohol_12man;rokning;okand_kolumn\n"
               "a1;2023;Uppsala;Heby;Gymnasiet år 2;Tjej;Ja;Ibland;x\n"
               "a2;2023;0331;331;9;kille;nej;;y\n")
    assert sources.detect_kind(p) == "ungdomsenkat"
    df = sources.read(p, expect="ungdomsenkat", param="ungdomsenkat_fil")
    assert df.attrs["respondenter"] == 2 and df.attrs["okanda_kolumner"] == ["okand_kolumn"]
    a1 = df[df["respondent"] == "a1"].set_index("fraga")
    assert a1.loc["alkohol_12man", "svar"] == "Ja" and a1.loc["rokning", "svar"] == "Ibland"
    assert a1["skolkommun"].iloc[0] == "0380" and a1["hemkommun"].iloc[0] == "0331"
    assert a1["arskurs"].iloc[0] == "gy 2" and a1["kon"].iloc[0] == "Flicka"
    assert df[df["respondent"] == "a2"]["svar"].tolist() == ["Nej"]  # empty cell = no answer


def test_youth_survey_errors_name_row_column_and_expected_values(tmp_path):
    p = _write(tmp_path / "lhu.csv", "respondent;ar;hemkommun;arskurs;alkohol_12man\n"
                                     "1;2023;Heby;åk 8;Ja\n2;2023;Heby;åk 9;Kanske\n")
    with pytest.raises(InputDataError) as err:
        ungdomsenkat.read_youth_survey(p)
    msg = str(err.value)
    assert "rad 2, kolumn 'arskurs'" in msg and "åk 7, åk 9 eller gy 2" in msg
    assert "rad 3, kolumn 'alkohol_12man'" in msg and "'Vill inte svara'" in msg


def test_manifest_reader_old_and_new_formats(tmp_path):
    old = {"skapad": "2025-03-01T10:00:00+01:00", "versioner": {}, "rapporter": [
        {"id": "0331_heby_steg1", "mall": "steg1_lagesbild", "kommunkod": "0331", "kommun": "Heby", "status": "ok",
         "exempeldata": True}]}
    new = {"skapad": "2025-06-01T10:00:00+02:00", "versioner": {}, "rapporter": [
        {"id": "0331_heby_steg5", "mall": "steg5_uppfoljning", "kommunkod": "0331", "status": "fel",
         "skapad": "2025-05-30T09:00:00+02:00"},
        {"id": "03_lan", "mall": "lan_lagesbild", "kommunkod": "03", "status": "ok"}]}
    (tmp_path / "a").mkdir()
    _write(tmp_path / "a" / "manifest.json", json.dumps(old))
    b = _write(tmp_path / "b.json", json.dumps(new))
    df = sources.read(tmp_path / "a" / "manifest.json", expect="rapportmanifest")
    assert df["steg"].tolist() == [1] and df["skapad"].iloc[0] == pd.Timestamp("2025-03-01 10:00", tz="Europe/Stockholm")
    df = rapportmanifest.read_manifest(b)
    assert df["steg"].isna().tolist() == [False, True] and df["skapad"].iloc[0].month == 5
    assert rapportmanifest.read_manifest(tmp_path / "a")["kommunkod"].tolist() == ["0331"]
    with pytest.raises(InputDataError, match="inte ett rapportmanifest"):
        rapportmanifest.read_manifest(_write(tmp_path / "x.json", '{"a": 1}'))


def test_theme_coding_matches_stems_and_compounds():
    L = teman.DIALOG_TEMAN
    assert teman.code_themes("Flera cykelstölder vid stationen", L) == ["Inbrott och stöld"]
    assert teman.code_themes("klottrade väggar", L) == ["Skadegörelse och klotter"]
    assert teman.code_themes("Vädret var fint", L) == [teman.OVRIGT]
    assert teman.code_themes("", L) == [] and teman.code_themes(None, L) == []
    assert teman.code_themes("vi saknar en gemensam lägesbild", teman.SAMORDNAR_TEMAN) == [teman.OVRIGT]
    assert teman.is_personal_column("e_postadress") and teman.is_personal_column("namn")
    assert not teman.is_personal_column("kommun")


def test_practice_files_are_deterministic_and_match_the_bundled_ones(tmp_path):
    from lagesbild_methods import synth_lan

    written = synth_lan.generate_all(tmp_path)
    for kind, path in written.items():
        assert path.read_bytes() == synth_lan.default_path(kind).read_bytes(), kind
    pupils = pd.read_csv(written["ungdomsenkat"], sep=";", dtype=str)
    gy = pupils[(pupils.arskurs == "gy 2") & (pupils.hemkommun == "0319")]
    assert (gy.skolkommun != gy.hemkommun).mean() > 0.3  # gymnasium pupils often go to school elsewhere
    assert set(pupils.hemkommun) == set(registry.kommuner_i_lan("03"))
