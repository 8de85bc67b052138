"""Tests for lagesbild_methods.sources.common and .schemas (encodings, numbers, dates, contracts)."""
import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.sources import common, schemas


def test_decode_variants():
    assert common.decode("Östhammar".encode("utf-8"), None) == ("Östhammar", "utf-8")
    assert common.decode(b"\xef\xbb\xbf" + "Håbo".encode(), None) == ("Håbo", "utf-8-sig")
    assert common.decode("Älvkarleby".encode("cp1252"), None) == ("Älvkarleby", "cp1252")


def test_sniff_separator():
    assert common.sniff_separator(["a;b;c", "1,5;2;3"]) == ";"
    assert common.sniff_separator(["a,b,c", "1,2,3"]) == ","
    assert common.sniff_separator(["a\tb", "1\t2"]) == "\t"


def test_parse_numbers_swedish():
    s = pd.Series(["2 537", "10 538,3", "1.234,5", "\u22123", "..", None, "abc", "1\u202f000"], dtype="str")
    vals, bad = common.parse_numbers(s)
    assert vals.tolist()[:4] == [2537.0, 10538.3, 1234.5, -3.0]
    assert pd.isna(vals[4]) and pd.isna(vals[5]) and vals[7] == 1000.0
    assert bad.tolist() == [False, False, False, False, False, False, True, False]


def test_parse_datetimes_formats():
    s = pd.Series(["2024-03-05 14:30", "2024-03-05T14:30:00", "5/3/2024 14:30", "05.03.2024 14.30",
                   "2024-03-05 kl. 14.30", "2024-3-5 14:30", "20240305", "2024-02-30 10:00", None], dtype="str")
    ts, bad = common.parse_local_datetimes(s)
    want = pd.Timestamp("2024-03-05 14:30", tz="Europe/Stockholm")
    assert (ts[:6] == want).all()
    assert ts[6] == pd.Timestamp("2024-03-05", tz="Europe/Stockholm")
    assert bad.tolist() == [False] * 7 + [True, False]


def test_validate_frame_row_numbers():
    df = pd.DataFrame({C.KOMMUNKOD: ["0380", "0380"], C.AR: [2017, 2017], C.FOLKMANGD: [219914, -1],
                       C.KALLA: ["SCB", "SCB"]}).astype({C.KOMMUNKOD: "str", C.KALLA: "str"})
    with pytest.raises(InputDataError) as exc:
        schemas.validate_frame(df, "folkmangd", "min_tabell.csv")
    rows = {(p.row, p.column) for p in exc.value.problems}
    assert (3, C.FOLKMANGD) in rows and (3, C.KOMMUNKOD) in rows  # negative + duplicate on row 3
    assert "Dubblett" in str(exc.value)
    ok = df.iloc[:1]
    assert schemas.validate_frame(ok, "folkmangd") is ok


def test_cp1252_file_row_numbers(tmp_path):
    f = tmp_path / "x.csv"
    f.write_bytes("a;b\r\nÅ;1\r\n\r\nÖ;2\r\n".encode("cp1252"))
    raw = common.read_delimited(f)
    assert raw.header == ["a", "b"] and raw.line_numbers == [2, 4] and raw.encoding == "cp1252"
