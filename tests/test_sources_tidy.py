"""Tests for lagesbild_methods.sources.tidy (package's own tidy CSVs, incl. the bundled övningsdata)."""
from pathlib import Path

import pytest

from lagesbild_methods import columns as C
from lagesbild_methods import paths
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.sources.tidy import read_crime_csv, read_population_csv

FIX = Path(__file__).parent / "fixtures" / "sources"


def _has(err: InputDataError, row, column, name):
    """True if some problem names this file, row and column -- and the printed text says so too."""
    text = str(err)
    hit = any(p.row == row and p.column == column and Path(p.file).name == name for p in err.problems)
    return hit and f"rad {row}" in text and f"kolumn '{column}'" in text and name in text


def test_crime_fixture_types_and_values():
    df = read_crime_csv(FIX / "anmalda_brott.csv")
    assert list(df.columns) == C.CRIME_COLUMNS
    assert df[C.ANTAL].dtype == "Int64" and df[C.AR].dtype == "int64"
    assert set(df[C.KOMMUNKOD]) == {"0380", "0331", "03", "00", "KG-B4"}
    assert df.loc[(df[C.KOMMUNKOD] == "0380") & (df[C.AR] == 2024) & (df[C.BROTTSTYP] == "totalt"), C.ANTAL].item() == 27020
    assert df[C.ANTAL].isna().sum() == 1  # suppressed at source stays missing, not 0


def test_population_fixture_and_bra_rate_uppsala_2018():
    pop = read_population_csv(FIX / "folkmangd.csv")
    p2017 = pop.loc[(pop[C.KOMMUNKOD] == "0380") & (pop[C.AR] == 2017), C.FOLKMANGD].item()
    assert p2017 == 219914
    # Brå's published Uppsala 2018 rate (UNT: 23 174 brott, 10 538 per 100 000) uses the population of
    # 31 December of the previous year (sources notes §2.1).
    assert round(23174 / p2017 * 100000) == 10538


def test_excel_dropped_leading_zero_is_restored(tmp_path):
    f = tmp_path / "folk.csv"
    f.write_text("kommunkod;ar;folkmangd;kalla\n380;2017;219914;SCB\n3;2017;368971;SCB\n", encoding="utf-8")
    df = read_population_csv(f)
    assert list(df[C.KOMMUNKOD]) == ["0380", "03"]


@pytest.mark.skipif(not paths.CRIME_FILE.exists(), reason="bundled övningsdata not generated yet")
def test_bundled_files_load():
    crime = read_crime_csv()
    pop = read_population_csv()
    assert {"0380", "03", "00"} <= set(crime[C.KOMMUNKOD])
    assert set(crime[C.BROTTSTYP]) <= set(C.BROTTSTYPER)
    assert (crime[C.ANTAL].dropna() >= 0).all()
    assert pop[C.AR].min() <= 2014 and (pop[C.FOLKMANGD] > 0).all()


BAD = [  # (content, row, column)
    ("kommunkod,ar,brottstyp,antal,kalla\n0380,2024,totalt,-5,X\n", 2, "antal"),
    ("kommunkod,ar,brottstyp,antal,kalla\n0380,2024,totalt,12,X\n0999,2024,totalt,1,X\n", 3, "kommunkod"),
    ("kommunkod,ar,brottstyp,antal,kalla\n0380,2024,totalt,12,X\n0380,2024,totalt,13,X\n", 3, "kommunkod"),
    ("kommunkod,ar,brottstyp,antal,kalla\n0380,2024,mord,12,X\n", 2, "brottstyp"),
    ("kommunkod,ar,brottstyp,antal,kalla\n0380,tjugo,totalt,12,X\n", 2, "ar"),
    ("kommunkod,ar,brottstyp,antal,kalla\n0380,2024,totalt,12.5,X\n", 2, "antal"),
    ("kommunkod,ar,brottstyp,antal\n0380,2024,totalt,12\n", 1, "kalla"),
]


@pytest.mark.parametrize("content,row,column", BAD)
def test_bad_crime_files(tmp_path, content, row, column):
    f = tmp_path / "brott_fel.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_crime_csv(f)
    assert _has(exc.value, row, column, "brott_fel.csv"), str(exc.value)
    assert "Inget har lästs in" in str(exc.value)


def test_bad_population_zero_and_all_problems_at_once(tmp_path):
    f = tmp_path / "folk_fel.csv"
    f.write_text("kommunkod,ar,folkmangd,kalla\n0380,2017,0,X\n0331,1800,5,X\n0330,2017,abc,X\n", encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        read_population_csv(f)
    err = exc.value
    assert _has(err, 2, "folkmangd", "folk_fel.csv")
    assert _has(err, 3, "ar", "folk_fel.csv")
    assert _has(err, 4, "folkmangd", "folk_fel.csv")
    assert len(err.problems) == 3


def test_harm_weights_read_codes_labels_and_decimal_comma(tmp_path):
    from lagesbild_methods.sources.tidy import read_harm_weights

    f = tmp_path / "vikter.csv"
    f.write_text("kategori;vikt\nVåld eller hot;10\nklotter;0,5\nInbrott eller stöld;4\n", encoding="utf-8")
    w = read_harm_weights(f)
    assert dict(zip(w.kategori, w.vikt)) == {"vald": 10.0, "klotter": 0.5, "inbrott_stold": 4.0}


@pytest.mark.parametrize("body,row,column,text", [
    ("kategori;vikt\nVåld eller hot;-1\n", 2, "vikt", "negativ"),
    ("kategori;vikt\nVåld eller hot;mycket\n", 2, "vikt", "inte ett tal"),
    ("kategori;vikt\nVåld eller hot;0\n", 2, "vikt", "noll"),
    ("kategori;vikt\nKlotter;1\nVåld eller hot;inf\n", 3, "vikt", "inte ett tal"),
    ("kategori;vikt\nKlotter;1\nVåld eller hot;1e999\n", 3, "vikt", "inte ett tal"),
    ("kategori;vikt\nKlotter;\n", 2, "vikt", "saknas"),
    ("kategori;vikt\nKlotter;1\nTrafikolycka;2\n", 3, "kategori", "Okänd händelsekategori"),
    ("kategori;vikt\nKlotter;1\nklotter;2\n", 3, "kategori", "finns redan på rad 2"),
    ("kategori;poang\nKlotter;1\n", 1, "vikt", "saknas i rubrikraden"),
])
def test_harm_weights_bad_input_names_file_row_column(tmp_path, body, row, column, text):
    from lagesbild_methods.errors import InputDataError
    from lagesbild_methods.sources.tidy import read_harm_weights

    f = tmp_path / "vikter.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(InputDataError) as err:
        read_harm_weights(f)
    p = err.value.problems[0]
    assert (p.row, p.column) == (row, column) and text in p.message + (p.expected or "")
    assert "vikter.csv" in str(err.value) and f"rad {row}" in str(err.value)


def test_reading_twice_uses_the_cache_but_sees_a_changed_file(tmp_path):
    import os

    f = tmp_path / "folkmangd.csv"
    f.write_text("kommunkod,ar,folkmangd,kalla\n0331,2024,14350,SCB\n", encoding="utf-8")
    a = read_population_csv(f)
    a.loc[0, "folkmangd"] = 1  # callers get copies: changing one never changes the next read
    assert read_population_csv(f)["folkmangd"].iloc[0] == 14350
    f.write_text("kommunkod,ar,folkmangd,kalla\n0331,2024,99999,SCB\n", encoding="utf-8")
    st = f.stat()
    os.utime(f, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert read_population_csv(f)["folkmangd"].iloc[0] == 99999
