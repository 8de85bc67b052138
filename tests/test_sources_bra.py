"""Tests for lagesbild_methods.sources.bra (Brå kommun CSV, Indikatorer workbook, NTU län workbook)."""
from pathlib import Path

import openpyxl
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError, ParameterError
from lagesbild_methods.sources import bra

FIX = Path(__file__).parent / "fixtures" / "sources"


def _has(err, row, column, name):
    text = str(err)
    hit = any(p.row == row and p.column == column and Path(p.file).name == name for p in err.problems)
    return hit and f"rad {row}" in text and f"kolumn '{column}'" in text and name in text


def test_fixture_bytes_are_the_real_variant():
    raw = (FIX / "bra_anmalda_brott_kommunerna_2024.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfKommun;Antal;Per 100 000 inv.\r\n")
    raw21 = (FIX / "bra_anmalda_brott_kommuner_2021.csv").read_bytes()
    assert raw21.startswith(b"\xef\xbb\xbfAle kommun;2731;8547\r\n")


def test_kommun_csv_2024_header_bom_thousands():
    df = bra.read_bra_kommun_csv(FIX / "bra_anmalda_brott_kommunerna_2024.csv", med_takt=True)
    assert list(df.columns) == C.CRIME_COLUMNS + [bra.PER_100000]
    assert len(df) == 12 and (df[C.AR] == 2024).all() and (df[C.BROTTSTYP] == "totalt").all()
    got = dict(zip(df[C.KOMMUNKOD], df[C.ANTAL]))
    assert got["0380"] == 27020 and got["0381"] == 5512 and got["0319"] == 1265
    assert df.loc[df[C.KOMMUNKOD] == "0380", bra.PER_100000].item() == 10914.0
    assert got["00"] == 1508913  # Brå's national row "Hela landet" is the country
    # kommuner of other counties are coded from the bundled list of all 290 municipalities
    assert (got["1440"], got["1489"], got["2023"]) == (2537, 4293, 1120) and df.attrs["ej_kodade"] == []


def test_kommun_csv_2021_headerless_suffix_and_genitive():
    df = bra.read_bra_kommun_csv(FIX / "bra_anmalda_brott_kommuner_2021.csv")
    got = dict(zip(df[C.KOMMUNKOD], df[C.ANTAL]))
    assert got["0331"] == 1301  # "Hebys kommun" (genitive)
    assert got["0382"] == 1510  # "Östhammars kommun"
    assert got["0380"] == 24418
    assert (df[C.AR] == 2021).all()
    assert got["2023"] == 1042 and got["2506"] == 210  # "Malung–Sälens kommun" (en dash), "Arjeplogs kommun"
    assert df.attrs["ej_kodade"] == ["Stockholm stadsdel Kungsholmen"]  # 2021: city districts are not kommuner
    assert got["00"] == 1468143  # "Sverige totalt"


def test_kommun_csv_other_counties_with_user_codes():
    df = bra.read_bra_kommun_csv(FIX / "bra_anmalda_brott_kommuner_2021.csv",
                                 namn_till_kod={"Ale": "1440", "Arjeplog": "2506", "Malung-Sälen": "2023"})
    got = dict(zip(df[C.KOMMUNKOD], df[C.ANTAL]))
    assert got["1440"] == 2731 and got["2506"] == 210 and got["2023"] == 1042


def test_kommun_csv_selected_and_unknown_kommun():
    df = bra.read_bra_kommun_csv(FIX / "bra_anmalda_brott_kommunerna_2024.csv", kommuner=["Heby", "0380"])
    assert sorted(df[C.KOMMUNKOD]) == ["0331", "0380"]
    with pytest.raises(ParameterError, match="Okänd kommun: 'Atlantis'"):
        bra.read_bra_kommun_csv(FIX / "bra_anmalda_brott_kommunerna_2024.csv", kommuner=["Atlantis"])
    with pytest.raises(InputDataError, match="Kommunen finns inte i filen: Gävle"):
        bra.read_bra_kommun_csv(FIX / "bra_anmalda_brott_kommunerna_2024.csv", kommuner=["Gävle"])


def test_kommun_csv_year_needed(tmp_path):
    f = tmp_path / "brott.csv"
    f.write_bytes((FIX / "bra_anmalda_brott_kommunerna_2024.csv").read_bytes())
    with pytest.raises(InputDataError, match="Året"):
        bra.read_bra_kommun_csv(f)
    assert len(bra.read_bra_kommun_csv(f, 2024)) == 12


def test_kommun_csv_year_in_header(tmp_path):
    f = tmp_path / "brott.csv"
    f.write_bytes("\ufeffKommun;Antal 2023;Per 100 000 inv. 2023\r\nHeby;1 355;9 560\r\n".encode("utf-8"))
    df = bra.read_bra_kommun_csv(f)
    assert df[["kommunkod", "ar", "antal"]].values.tolist() == [["0331", 2023, 1355]]


def test_kommun_csv_cp1252_variant(tmp_path):
    f = tmp_path / "kommuner 2023.csv"
    f.write_bytes("Kommun;Antal;Per 100 000 inv.\r\nÄlvkarleby;1 201;12 500\r\nHåbo;2 300;10 000\r\n".encode("cp1252"))
    df = bra.read_bra_kommun_csv(f)
    assert dict(zip(df[C.KOMMUNKOD], df[C.ANTAL])) == {"0319": 1201, "0305": 2300}


BAD_CSV = [  # (content, row, column)
    ("Kommun;Antal;Per 100 000 inv.\r\nHeby;ett tusen;9660\r\n", 2, "Antal"),
    ("Kommun;Antal;Per 100 000 inv.\r\nHeby;1380;9660\r\nTierp;-4;100\r\n", 3, "Antal"),
    ("Kommun;Antal;Per 100 000 inv.\r\nHeby;1380;9660\r\nHeby;1380;9660\r\n", 3, "Kommun"),
    ("Kommun;Antal;Per 100 000 inv.\r\nHeby;1380;hög\r\n", 2, "Per 100 000 inv."),
    ("Ale kommun;2731;8547\r\nHebys kommun;;9095\r\n", 2, "kolumn 2"),
    ("Kommun;Antal;Per 100 000 inv.\r\n;1380;9660\r\n", 2, "Kommun"),
]


@pytest.mark.parametrize("content,row,column", BAD_CSV)
def test_bad_kommun_csv(tmp_path, content, row, column):
    f = tmp_path / "anmalda 2024.csv"
    f.write_bytes(b"\xef\xbb\xbf" + content.encode("utf-8"))
    with pytest.raises(InputDataError) as exc:
        bra.read_bra_kommun_csv(f)
    assert _has(exc.value, row, column, "anmalda 2024.csv"), str(exc.value)


def test_indikatorer_workbook():
    df = bra.read_bra_indikatorer(FIX / "bra_indikatorer_Heby.xlsx", med_takt=True)
    assert set(df[C.KOMMUNKOD]) == {"0331", "03", "00"}
    assert set(df[C.BROTTSTYP]) == set(C.BROTTSTYPER) - {"totalt", "sexualbrott"}
    heby = df[df[C.KOMMUNKOD] == "0331"].set_index([C.AR, C.BROTTSTYP])[C.ANTAL]
    assert heby[(2024, "skadegorelse")] == 22  # sheet 2: 10*2 + 2
    assert heby[(2022, "vald_mot_barn")] == 70 + 80 + 90 + 100  # four sheets summed
    assert heby.isna().sum() == 1 and heby.isna()[(2022, "vald_i_nara_relation_man")]  # '..'
    assert df.attrs["overhoppade_blad"] == ["Information", "Misshandel-NTU"]
    riket = df[(df[C.KOMMUNKOD] == "00") & (df[C.BROTTSTYP] == "trafikbrott")]
    assert list(riket[C.ANTAL]) == [150000, 150001, 150002]
    assert riket[bra.PER_100000].tolist() == [95.5] * 3  # decimal comma parsed


def test_indikatorer_unknown_region_and_bad_value(tmp_path):
    wb = openpyxl.load_workbook(FIX / "bra_indikatorer_Heby.xlsx")
    wb["Narkotikabrott"]["A3"] = "Atlantis"
    wb["Stöldbrott"]["C4"] = "många"
    f = tmp_path / "Gotham.xlsx"
    wb.save(f)
    with pytest.raises(InputDataError) as exc:
        bra.read_bra_indikatorer(f)
    assert _has(exc.value, 3, "Region", "Gotham.xlsx")
    assert "Okänd region i bladet 'Narkotikabrott'" in str(exc.value)


def test_indikatorer_bad_value_names_sheet_row_column(tmp_path):
    wb = openpyxl.load_workbook(FIX / "bra_indikatorer_Heby.xlsx")
    wb["Stöldbrott"]["C4"] = "många"
    f = tmp_path / "Heby.xlsx"
    wb.save(f)
    with pytest.raises(InputDataError) as exc:
        bra.read_bra_indikatorer(f)
    assert _has(exc.value, 4, "Antal 2023", "Heby.xlsx")
    assert "Stöldbrott" in str(exc.value)


def test_ntu_workbook():
    df = bra.read_ntu_lan(FIX / "ntu_lan_2017_2019.xlsx")
    assert set(df["indikator"]) == {"R4.1", "R4.11"}
    assert set(df["grupp"]) == {"Samtliga 16–84 år", "Män", "Kvinnor"}
    up = df[(df[C.KOMMUNKOD] == "03") & (df["indikator"] == "R4.1") & (df["grupp"] == "Män")].set_index(C.AR)
    assert up.loc[2017, C.VARDE] == 10.0 and up[C.VARDE].isna()[2018]  # '..'
    assert (up.loc[2019, C.NEDRE], up.loc[2019, C.OVRE]) == (9.5, 12.5)  # CI columns, latest year only
    assert up.loc[[2017, 2018], C.NEDRE].isna().all()
    assert (df.loc[df["omrade"] == "Gävleborgs län", C.KOMMUNKOD] == "21").all()


def test_ntu_bad_cell(tmp_path):
    wb = openpyxl.load_workbook(FIX / "ntu_lan_2017_2019.xlsx")
    wb["R4.11"]["D5"] = 140
    f = tmp_path / "ntu.xlsx"
    wb.save(f)
    with pytest.raises(InputDataError) as exc:
        bra.read_ntu_lan(f)
    assert _has(exc.value, 5, "D", "ntu.xlsx")


def test_not_an_excel_file(tmp_path):
    f = tmp_path / "Heby.xlsx"
    f.write_text("det här är ingen arbetsbok", encoding="utf-8")
    with pytest.raises(InputDataError, match="heter .xlsx men är en textfil"):
        bra.read_bra_indikatorer(f)
    f.write_bytes(b"PK\x03\x04" + b"\x00" * 40)  # a broken zip (interrupted download)
    with pytest.raises(InputDataError, match="Excel-filen kunde inte öppnas: den är skadad"):
        bra.read_bra_indikatorer(f)
