"""Tests for lagesbild_methods.sources.register (EST-style incident registers)."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer

from lagesbild_methods import columns as C
from lagesbild_methods import paths, registry
from lagesbild_methods.errors import InputDataError, ParameterError
from lagesbild_methods.sources.register import mapping_report, read_category_mapping, read_incident_register

FIX = Path(__file__).parent / "fixtures" / "sources"
HEADER = "id;tidpunkt;tidpunkt_till;kategori;plats;omrade;x;y;organisation;allvarlighet;polisanmald;atgard;fritext\n"
GOOD = "H1;2024-05-01 12:00;;Klotter;Torget;Centrum;603857;6646147;Kommunen;1;Nej;;\n"


def _has(err, row, column, name):
    text = str(err)
    hit = any(p.row == row and p.column == column and Path(p.file).name == name for p in err.problems)
    return hit and f"rad {row}" in text and f"kolumn '{column}'" in text and name in text


def test_bundled_format_fixture():
    df = read_incident_register(FIX / "handelser_0331.csv")
    assert list(df.columns) == C.INCIDENT_COLUMNS
    assert str(df[C.TIDPUNKT].dtype) == "datetime64[ns, Europe/Stockholm]"
    assert (df[C.KOMMUNKOD] == "0331").all()  # from the file name
    assert list(df[C.KATEGORI]) == ["klotter", "vald", "inbrott_stold", "buskorning", "brand", "otrygg_plats"]
    assert df.loc[0, C.TIDPUNKT] == pd.Timestamp("2023-01-14 22:15", tz="Europe/Stockholm")
    # 2023-03-26 02:30 does not exist (DST gap) -> moved forward to 03:00 CEST
    assert df.loc[1, C.TIDPUNKT].isoformat() == "2023-03-26T03:00:00+02:00"
    # 2023-10-29 02:30 is ambiguous -> read as summer time; the window ends in winter time
    assert df.loc[2, C.TIDPUNKT].utcoffset().total_seconds() == 7200
    assert df.loc[2, C.TIDPUNKT_TILL].isoformat() == "2023-10-29T07:45:00+01:00"
    assert df[C.ALLVARLIGHET].tolist() == [1, 3, 2, 1, 2, 1]
    assert df[C.POLISANMALD].tolist() == [False, True, True, False, True, False]
    assert np.isnan(df.loc[5, C.X]) and df.loc[0, C.X] == 603857.0


def test_cp1252_comma_wgs84_swedish_dates_and_mapping_file():
    df = read_incident_register(FIX / "handelser_lokal_cp1252.csv", kommunkod="0380",
                                kategori_mappning=FIX / "kategorimappning.csv")
    assert list(df[C.KATEGORI]) == ["skadegorelse", "klotter", "vald"]
    assert list(df[C.TIDPUNKT].dt.strftime("%Y-%m-%d %H:%M")) == ["2024-03-05 14:30", "2024-03-06 09:05",
                                                                  "2024-03-07 21:10"]
    tr = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    e, n = tr.transform(17.638927, 59.858564)
    assert df.loc[0, C.X] == pytest.approx(e) and df.loc[0, C.Y] == pytest.approx(n)
    # independent check: sources notes §6 give Uppsala's point as E 647 795, N 6 638 604
    assert round(df.loc[0, C.X]) == 647795 and round(df.loc[0, C.Y]) == 6638604
    assert df[C.ALLVARLIGHET].tolist() == [2, 1, 3]  # 'Medel' -> 2
    assert df.attrs["omappade_kategorier"] == {}
    assert any("Windows-1252" in n for n in df.attrs["anteckningar"])


def test_excel_register_with_title_row():
    df = read_incident_register(FIX / "handelser_0380.xlsx")
    assert list(df[C.ID]) == ["101", "102", "103"]
    assert list(df[C.KATEGORI]) == ["klotter", "skadegorelse", "nedskrapning"]
    assert df.loc[2, C.TIDPUNKT] == pd.Timestamp("2024-05-19 14:00", tz="Europe/Stockholm")
    assert df.loc[1, C.Y] == 6638610.25


def test_unmapped_as_ovrigt_reports(tmp_path):
    f = tmp_path / "handelser_0331.csv"
    f.write_text(HEADER + GOOD + "H2;2024-05-02 12:00;;Hundbajs;Parken;;;;;;;;\n"
                 "H3;2024-05-03 12:00;;Hundbajs;Parken;;;;;;;;\n", encoding="utf-8")
    df = read_incident_register(f, okand_kategori="ovrigt")
    assert list(df[C.KATEGORI]) == ["klotter", "ovrigt", "ovrigt"]
    assert df.attrs["omappade_kategorier"] == {"Hundbajs": 2}
    assert "Hundbajs: 2 händelser" in mapping_report(df)


def test_mapping_dict_and_bad_mapping():
    m = {"Graffiti": "klotter"}
    df = read_incident_register(FIX / "handelser_lokal_cp1252.csv", kommunkod="0380",
                                kategori_mappning={**m, "Fylla och bråk": "Våld eller hot"})
    assert df[C.KATEGORI].tolist() == ["skadegorelse", "klotter", "vald"]
    with pytest.raises(ParameterError, match="inte är en kategori"):
        read_incident_register(FIX / "handelser_0331.csv", kategori_mappning={"Graffiti": "tagg"})


def test_bad_mapping_file(tmp_path):
    f = tmp_path / "mappning.csv"
    f.write_text("lokal_kategori;kategori\nGraffiti;Klotter\nSnöoväder;väder\n", encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_category_mapping(f)
    assert _has(exc.value, 3, "kategori", "mappning.csv")


BAD = [  # (data lines, row, column)
    ("H1;2024-02-30 12:00;;Klotter;;;;;;;;;\n", 2, "tidpunkt"),  # impossible date
    (GOOD + "H2;2024-13-01 12:00;;Klotter;;;;;;;;;\n", 3, "tidpunkt"),
    (GOOD + "H3;;;Klotter;;;;;;;;;\n", 3, "tidpunkt"),
    (GOOD + "H1;2024-05-02 12:00;;Klotter;;;;;;;;;\n", 3, "id"),  # duplicate id
    (GOOD + "H2;2024-05-02 12:00;;Hundbajs;;;;;;;;;\n", 3, "kategori"),  # unmapped
    (GOOD + "H2;2024-05-02 12:00;;;;;;;;;;;\n", 3, "kategori"),
    (GOOD + "H2;2024-05-02 12:00;;Klotter;;;;;;4;;;\n", 3, "allvarlighet"),
    (GOOD + "H2;2024-05-02 12:00;;Klotter;;;;;;;kanske;;\n", 3, "polisanmald"),
    (GOOD + "H2;2024-05-02 12:00;2024-05-01 12:00;Klotter;;;;;;;;;\n", 3, "tidpunkt_till"),
    (GOOD + "H2;2024-05-02 12:00;;Klotter;;;6646147;603857;;;;;\n", 3, "x"),  # swapped
    (GOOD + "H2;2024-05-02 12:00;;Klotter;;;12;13;;;;;\n", 3, "x"),  # not in Sweden
    (GOOD + "H2;2024-05-02 12:00;;Klotter;;;60385x;6646147;;;;;\n", 3, "x"),
    (GOOD + "H2;2024-05-02 12:00;;Klotter;;;603857;;;;;;\n", 3, "x"),  # only one coordinate
    ("H1;1899-05-01 12:00;;Klotter;;;;;;;;;\n", 2, "tidpunkt"),
]


@pytest.mark.parametrize("lines,row,column", BAD)
def test_bad_register_rows(tmp_path, lines, row, column):
    f = tmp_path / "handelser_0331.csv"
    f.write_text(HEADER + lines, encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_incident_register(f)
    assert _has(exc.value, row, column, "handelser_0331.csv"), str(exc.value)


def test_missing_column_and_unknown_kommun(tmp_path):
    f = tmp_path / "register.csv"
    f.write_text("id;datum\nH1;2024-05-01\n", encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_incident_register(f, kommunkod="0380")
    assert _has(exc.value, 1, "kategori", "register.csv")
    g = tmp_path / "reg2.csv"
    g.write_text("id;tidpunkt;kategori;kommun\nH1;2024-05-01;Klotter;Gotham\n", encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_incident_register(g)
    assert _has(exc.value, 2, "kommunkod", "reg2.csv")


def test_kommun_needed_when_not_in_name(tmp_path):
    f = tmp_path / "register.csv"
    f.write_text(HEADER + GOOD, encoding="utf-8")
    with pytest.raises(InputDataError, match="kommunen framgår inte"):
        read_incident_register(f)
    assert read_incident_register(f, kommunkod="Heby")[C.KOMMUNKOD].tolist() == ["0331"]


def test_row_numbers_follow_multiline_fields(tmp_path):
    f = tmp_path / "handelser_0331.csv"
    f.write_text(HEADER + 'H1;2024-05-01 12:00;;Klotter;;;;;;;;;"rad ett\nrad två"\n'
                 "H2;2024-05-02 12:00;;Klotter;;;;;;9;;;\n", encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_incident_register(f)
    assert _has(exc.value, 4, "allvarlighet", "handelser_0331.csv")  # line 4 in a text editor


def test_missing_file_message():
    with pytest.raises(InputDataError, match="Filen finns inte"):
        read_incident_register(FIX / "finns_inte_0331.csv")


@pytest.mark.skipif(not paths.INCIDENTS_DIR.exists(), reason="bundled övningsdata not generated yet")
@pytest.mark.parametrize("kod", registry.kommuner_i_lan("03"))
def test_bundled_registers_load(kod):
    df = read_incident_register(paths.incidents_file(kod))
    assert (df[C.KOMMUNKOD] == kod).all() and df[C.ID].is_unique
    assert df[C.TIDPUNKT].dt.tz is not None
    assert df[C.TIDPUNKT].min().year == 2023 and df[C.TIDPUNKT].max().year == 2025
    assert set(df[C.KATEGORI]) <= set(C.INCIDENT_KATEGORIER)
