"""Tests for the registry of input kinds (lagesbild_methods.sources.kinds/.reading): detection, read(),
messages that fit where the user is, registering a kind from another module, refusals."""
import re
from pathlib import Path

import pandas as pd
import pytest

from lagesbild_methods import sources
from lagesbild_methods.errors import InputDataError, LagesbildError, ParameterError
from lagesbild_methods.sources import kinds, reading

FIX = Path(__file__).parent / "fixtures" / "sources"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "real-data"
EXCEPTION_NAME = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b|Traceback|NAType|object of type")


@pytest.mark.parametrize("name,kind,contract,rows", [
    ("anmalda_brott.csv", "brott", "brott", 8),
    ("folkmangd.csv", "folkmangd", "folkmangd", 6),
    ("handelser_0331.csv", "handelser", "handelser", 6),
    ("handelser_0380.xlsx", "handelser", "handelser", 3),
    ("trygghetsmatning_0331.csv", "enkat", "enkat", 33),
    ("bra_anmalda_brott_kommunerna_2024.csv", "bra-kommun", "brott", 12),
    ("bra_anmalda_brott_kommuner_2021.csv", "bra-kommun", "brott", 12),
    ("bra_indikatorer_Heby.xlsx", "bra-indikatorer", "brott", 99),
    ("ntu_lan_2017_2019.xlsx", "ntu", "ntu", 54),
    ("kategorimappning.csv", "kategorimappning", "kategorimappning", 3),
])
def test_every_fixture_is_detected_and_read(name, kind, contract, rows):
    assert sources.detect_kind(FIX / name) == kind
    df = sources.read(FIX / name, contract)
    assert len(df) == rows
    assert df.attrs["typ"] == kind and df.attrs["filer"] == [str(FIX / name)]
    assert isinstance(df.attrs["varningar"], list) and isinstance(df.attrs["anteckningar"], list)


def test_expect_from_param_and_contract_columns():
    df = sources.read(FIX / "bra_anmalda_brott_kommunerna_2024.csv", param="brott_fil")
    assert list(df.columns) == ["kommunkod", "ar", "brottstyp", "antal", "kalla"]
    heby = df[df.kommunkod == "0331"].iloc[0]
    assert (int(heby.ar), int(heby.antal)) == (2024, 1380)
    assert any("bara det totala antalet" in n for n in df.attrs["anteckningar"])


def test_wrong_kind_for_parameter_names_parameter_and_what_file_is(tmp_path):
    f = tmp_path / "handelser.json"
    f.write_text('[{"id": 1, "datetime": "2025-01-25 7:34:06 +01:00", "name": "25 januari 02.54, Rån, Heby", '
                 '"type": "Rån", "location": {"name": "Heby", "gps": "59.9,16.8"}}]', encoding="utf-8")
    with pytest.raises(InputDataError) as e:
        sources.read(f, param="brott_fil")
    msg = str(e.value)
    assert "Polisens händelser" in msg and "parametern brott_fil" in msg and "anmälda brott" in msg
    # the same file is fine where events are expected
    assert len(sources.read(f, param="handelser_fil", kommunkod="0331")) == 1


def test_unknown_file_message_fits_where_the_user_is(tmp_path):
    f = tmp_path / "okand.csv"
    f.write_text("a;b;c\nx;y;z\n", encoding="utf-8")
    with pytest.raises(InputDataError) as nb:
        sources.read(f, "polisen", param="polisen_fil")
    with pytest.raises(InputDataError) as cli:
        sources.read(f, "polisen", cli=True)
    with pytest.raises(InputDataError) as py:
        sources.read(f)
    assert "parametern polisen_fil" in str(nb.value) and "--typ" not in str(nb.value)
    assert "--typ" in str(cli.value) and "parametern" not in str(cli.value)
    assert 'typ="' in str(py.value) and "Kunde inte avgöra" in str(py.value)


def test_fallback_reader_names_missing_column(tmp_path):
    """A file given as brott_fil that no kind recognises is read by the tidy reader, which names what is missing."""
    f = tmp_path / "brott.csv"
    f.write_text("kommun;år;antal\nHeby;2024;1380\n", encoding="utf-8")
    with pytest.raises(InputDataError) as e:
        sources.read(f, param="brott_fil")
    assert "kolumn 'kommunkod'" in str(e.value) and "parametern brott_fil" in str(e.value)


def test_explicit_type_and_family(tmp_path):
    assert sources.read(FIX / "bra_anmalda_brott_kommunerna_2024.csv", typ="bra").attrs["typ"] == "bra-kommun"
    with pytest.raises(ParameterError) as e:
        sources.read(FIX / "folkmangd.csv", typ="nosuch", cli=True)
    assert "--typ" in str(e.value) and "bra-kommun" in str(e.value)
    with pytest.raises(InputDataError) as e:
        sources.read(FIX / "folkmangd.csv", "brott", typ="folkmangd")
    assert "ska vara anmälda brott" in str(e.value)


@pytest.mark.parametrize("text,needle", [
    ('{"title": "Folkmängd", "variables": [{"code": "Region"}]}', "metadata"),
    ('{"query": [], "response": {"format": "json"}}', "frågekropp"),
    ('{"values": [{"id": "N07540", "title": "x", "description": "y"}]}', "nyckeltal"),
    ('{"type": "FeatureCollection", "features": []}', "kartfil"),
])
def test_refusals_explain_what_the_file_is(tmp_path, text, needle):
    f = tmp_path / "svar.json"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(InputDataError) as e:
        sources.read(f)
    assert needle in str(e.value)


def test_register_kind_from_another_module(tmp_path):
    kinds.register_contract("testkontrakt", "testdata", ("a",))
    kind = kinds.Kind("test-kind", "en testfil", {"testkontrakt": lambda p, o: pd.DataFrame({"a": [o.get("x")]})},
                      lambda s: 50 if s.header[:1] == ["magisk"] else 0, (".csv",))
    sources.register_kind(kind)
    try:
        with pytest.raises(ValueError):
            sources.register_kind(kinds.Kind("test-kind", "x", {"testkontrakt": kind.produces["testkontrakt"]},
                                             kind.detect))
        f = tmp_path / "t.csv"
        f.write_text("magisk;b\n1;2\n", encoding="utf-8")
        df = sources.read(f, "testkontrakt", x=7)
        assert df.attrs["typ"] == "test-kind" and df["a"].tolist() == [7]
        assert "test-kind" in sources.KINDS.choices()
    finally:
        kinds.KINDS._kinds.pop("test-kind")
        kinds.CONTRACTS.pop("testkontrakt")


def test_unexpected_failure_inside_a_reader_is_swedish(tmp_path, monkeypatch):
    def boom(path, opts):
        raise TypeError("float() argument must be a string or a real number, not 'NAType'")
    k = sources.KINDS.get("brott")
    monkeypatch.setitem(k.produces, "brott", boom)  # produces is a plain dict
    reading.clear_cache()
    with pytest.raises(LagesbildError) as e:
        sources.read(FIX / "anmalda_brott.csv", param="brott_fil")
    msg = str(e.value)
    assert "anmalda_brott.csv (parametern brott_fil)" in msg
    assert not EXCEPTION_NAME.search(msg) and "float()" not in msg
    assert isinstance(e.value.__cause__, TypeError)  # developers keep the cause


def test_cache_returns_independent_copies():
    reading.clear_cache()
    a = sources.read(FIX / "folkmangd.csv", "folkmangd")
    before = list(a.attrs["varningar"])
    assert before == ["År saknas mitt i serien (Heby (0331): 2018). Trender och förändringar över glappet bygger "
                      "på färre år än perioden antyder."]  # the fixture has Heby 2017 and 2019
    a.loc[0, "folkmangd"] = -1
    a.attrs["varningar"].append("x")
    b = sources.read(FIX / "folkmangd.csv", "folkmangd")
    assert (b["folkmangd"] > 0).all() and b.attrs["varningar"] == before


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not available")
@pytest.mark.parametrize("name,kind,contract", [
    ("api-examples/scb_pxweb_v1_BefolkningNy_data_POST_response.json", "scb-v1", "folkmangd"),
    ("api-examples/scb_pxweb_v2_TAB638_data_POST_jsonstat2_response.json", "scb-jsonstat2", "folkmangd"),
    ("api-examples/kolada_v3_data_kpi_N00945_RECONSTRUCTED.json", "kolada", "jamforelse"),
    ("api-examples/polisen_api_events_uppsala_lan_sample.json", "polisen", "polisen"),
    ("polisen_events_uppsala_lan_2023-2026.csv", "polisen", "handelser"),
])
def test_genuine_files_are_detected(name, kind, contract):
    assert sources.detect_kind(SHARED / name) == kind
    assert len(sources.read(SHARED / name, contract, kommunkod="0380" if contract == "handelser" else None)) > 0
