"""Series from many files: every *_fil takes a file, a list, a folder or a glob; overlaps and conflicts."""
import shutil
from pathlib import Path

import pytest

from lagesbild_methods import sources
from lagesbild_methods.errors import InputDataError, ParameterError

FIX = Path(__file__).parent / "fixtures" / "sources"
BOM, CRLF = "\ufeff", "\r\n"


def bra_csv(path: Path, rows: list[str]) -> Path:
    """A Brå 'Anmälda brott i kommunerna' file as published from 2023 on (BOM, ';', CRLF)."""
    path.write_bytes((BOM + CRLF.join(["Kommun;Antal;Per 100 000 inv."] + rows) + CRLF).encode("utf-8"))
    return path


@pytest.fixture
def bra_folder(tmp_path):
    d = tmp_path / "bra"
    d.mkdir()
    shutil.copy(FIX / "bra_anmalda_brott_kommuner_2021.csv", d / "anmalda_brott_kommuner_2021.csv")
    bra_csv(d / "Anmälda brott i kommunerna 2023.csv", ["Heby;1 355;9 560", "Uppsala;26 000;10 700"])
    shutil.copy(FIX / "bra_anmalda_brott_kommunerna_2024.csv", d / "Anmälda brott kommunerna 2024.csv")
    return d


def _heby(df):
    h = df[(df.kommunkod == "0331") & (df.brottstyp == "totalt")].sort_values("ar")
    return dict(zip(h.ar.astype(int), h.antal.astype(int)))


def test_folder_of_yearly_bra_files_is_one_series(bra_folder):
    df = sources.read(bra_folder, param="brott_fil")
    assert _heby(df) == {2021: 1301, 2023: 1355, 2024: 1380}
    assert df.attrs["typ"] == "bra-kommun" and len(df.attrs["filer"]) == 3
    assert not df.duplicated(["kommunkod", "ar", "brottstyp"]).any()
    # 2022 is missing for every kommun: a warning on the frame that the report shows
    assert any("2022" in w and "Heby (0331)" in w for w in df.attrs["varningar"])


def test_glob_and_list_give_the_same_series(bra_folder):
    by_glob = sources.read(str(bra_folder / "*202[34].csv"), "brott")
    by_list = sources.read([bra_folder / "Anmälda brott i kommunerna 2023.csv",
                            bra_folder / "Anmälda brott kommunerna 2024.csv"], "brott")
    assert _heby(by_glob) == _heby(by_list) == {2023: 1355, 2024: 1380}
    assert by_glob.attrs["varningar"] == []


def test_overlapping_identical_rows_count_once_with_a_note(tmp_path):
    # the tidy fixture has Heby 2024 = 1 380 and Uppsala 2024 = 27 020, as in Brå's 2024 file
    df = sources.read([FIX / "anmalda_brott.csv", FIX / "bra_anmalda_brott_kommunerna_2024.csv"], "brott")
    heby = df[(df.kommunkod == "0331") & (df.ar == 2024) & (df.brottstyp == "totalt")]
    assert len(heby) == 1 and int(heby.antal.iloc[0]) == 1380
    assert any("överlappar för år 2024" in n for n in df.attrs["anteckningar"])
    assert df.attrs["typ"] == "blandad"


def test_contradicting_files_are_refused_naming_both(tmp_path):
    a = bra_csv(tmp_path / "prel 2024.csv", ["Heby;1 380;9 660"])
    b = bra_csv(tmp_path / "slutlig 2024.csv", ["Heby;1 402;9 810"])
    with pytest.raises(InputDataError) as e:
        sources.read([a, b], param="brott_fil")
    msg = str(e.value)
    assert "prel 2024.csv" in msg and "slutlig 2024.csv" in msg and "parametern brott_fil" in msg
    assert "Heby (0331) 2024 totalt" in msg and "1 380" in msg.replace("\u202f", " ") and \
        "1 402" in msg.replace("\u202f", " ")


def test_population_series_conflict_and_gap(tmp_path):
    a = tmp_path / "folk_a.csv"
    a.write_text("kommunkod,ar,folkmangd,kalla\n0331,2017,13854,SCB\n0331,2018,13910,SCB\n", encoding="utf-8")
    b = tmp_path / "folk_b.csv"
    b.write_text("kommunkod,ar,folkmangd,kalla\n0331,2018,13910,SCB\n0331,2021,14303,SCB\n", encoding="utf-8")
    df = sources.read([a, b], param="folkmangd_fil")
    assert sorted(df.ar) == [2017, 2018, 2021]
    assert any("2019–2020" in w for w in df.attrs["varningar"])
    c = tmp_path / "folk_c.csv"
    c.write_text("kommunkod,ar,folkmangd,kalla\n0331,2021,14300,SCB\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="Motstridiga uppgifter för Heby"):
        sources.read([b, c], param="folkmangd_fil")


def test_incident_registers_by_month_without_id_column(tmp_path):
    head = "tidpunkt;kategori;plats\n"
    (tmp_path / "handelser_0331_jan.csv").write_text(head + "2024-01-05 10:00;Klotter;Torget\n", encoding="utf-8")
    (tmp_path / "handelser_0331_feb.csv").write_text(head + "2024-02-05 10:00;Klotter;Torget\n", encoding="utf-8")
    df = sources.read(str(tmp_path / "handelser_0331_*.csv"), param="handelser_fil", kommunkod="0331")
    assert len(df) == 2 and df["id"].is_unique


def test_same_incident_in_two_exports_counts_once_but_changed_one_is_refused(tmp_path):
    head = "id;tidpunkt;kategori\n"
    a = tmp_path / "a.csv"
    a.write_text(head + "H1;2024-01-05 10:00;Klotter\nH2;2024-01-06 10:00;Klotter\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text(head + "H2;2024-01-06 10:00;Klotter\nH3;2024-01-07 10:00;Brand\n", encoding="utf-8")
    df = sources.read([a, b], "handelser", kommunkod="0331")
    assert sorted(df.id) == ["H1", "H2", "H3"]
    c = tmp_path / "c.csv"
    c.write_text(head + "H2;2024-01-06 10:00;Brand\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="kategori klotter i a.csv men brand i c.csv"):
        sources.read([a, c], "handelser", kommunkod="0331")


@pytest.mark.parametrize("given,needle", [
    ("*.nosuch", "Inga filer matchar"),
    ([], "tom lista"),
])
def test_empty_selections_are_explained(tmp_path, given, needle):
    src = str(tmp_path / given) if isinstance(given, str) else given
    with pytest.raises(ParameterError) as e:
        sources.read(src, param="brott_fil")
    assert needle in str(e.value) and "brott_fil" in str(e.value)


def test_empty_folder_and_mixed_contracts(tmp_path):
    with pytest.raises(ParameterError, match="innehåller inga datafiler"):
        sources.read(tmp_path, param="folkmangd_fil")
    with pytest.raises(InputDataError, match="ska vara anmälda brott"):
        sources.read([FIX / "anmalda_brott.csv", FIX / "folkmangd.csv"])
