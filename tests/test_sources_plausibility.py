"""Plausibility checks: each refuses or warns as decided in sources/plausibility.py, naming file, row, column."""
from datetime import date

import pytest

from lagesbild_methods import sources
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.sources import plausibility

HEAD = "id;tidpunkt;kategori;x;y\n"
HEBY = "603857;6646147"  # Heby centralort, SWEREF 99 TM
UPPSALA = "647795;6638604"  # Uppsala centre: 44 km outside Heby


def register(tmp_path, rows, name="handelser_0331.csv"):
    f = tmp_path / name
    f.write_text(HEAD + "".join(rows), encoding="utf-8")
    return f


def test_date_after_today_is_refused_with_row_and_column(tmp_path):
    future = date.today().year + 10
    f = register(tmp_path, [f"H1;2024-05-01 12:00;Klotter;{HEBY}\n", f"H2;{future}-11-09 12:00;Klotter;{HEBY}\n"])
    with pytest.raises(InputDataError) as e:
        sources.read(f, param="handelser_fil", kommunkod="0331")
    msg = str(e.value)
    assert "rad 3, kolumn 'tidpunkt'" in msg and "efter dagens datum" in msg and "parametern handelser_fil" in msg


def test_date_before_1990_is_refused(tmp_path):
    f = register(tmp_path, [f"H1;1989-12-31 23:00;Klotter;{HEBY}\n"])
    with pytest.raises(InputDataError, match="rad 2, kolumn 'tidpunkt'.*före 1990"):
        sources.read(f, "handelser", kommunkod="0331")


def test_a_few_positions_outside_the_municipality_warn_and_are_not_used(tmp_path):
    rows = [f"H{i};2024-05-0{i} 12:00;Klotter;{HEBY}\n" for i in range(1, 5)]
    rows.append(f"H9;2024-05-09 12:00;Klotter;{UPPSALA}\n")
    df = sources.read(register(tmp_path, rows), "handelser", kommunkod="0331")
    assert len(df) == 5
    assert df.loc[df.id == "H9", ["x", "y"]].isna().all(axis=None)  # emptied: no map of all Sweden
    assert df.loc[df.id == "H1", "x"].item() == 603857
    (w,) = df.attrs["varningar"]
    assert "1 händelse" in w and "rad 6" in w and "utanför kommunen" in w


def test_most_positions_outside_refuse(tmp_path):
    rows = [f"H{i};2024-05-0{i} 12:00;Klotter;{UPPSALA}\n" for i in range(1, 4)]
    with pytest.raises(InputDataError) as e:
        sources.read(register(tmp_path, rows), "handelser", kommunkod="0331")
    assert "3 av 3 positioner ligger utanför kommunen" in str(e.value) and "rad 2" in str(e.value)


def test_positions_near_the_border_are_accepted(tmp_path):
    from lagesbild_methods.sources import geo
    area = geo.municipality_area("0331")
    x0, y0, x1, y1 = area.bounds
    # a point just beyond the westernmost vertex (1 km): within the tolerance for simplified boundaries
    ring = max(area.rings, key=len)
    west = ring[ring[:, 0].argmin()]
    d = plausibility.distance_outside("0331", [west[0] - 1000], [west[1]])
    assert 900 < d[0] <= 1000
    far = plausibility.distance_outside("0331", [x0 - 10000], [west[1]])
    assert far[0] >= 10000


def test_contradictory_mapping_refused_duplicate_warned(tmp_path):
    f = tmp_path / "mappning.csv"
    f.write_text("lokal_kategori;kategori\nGraffiti;Klotter\nGRAFFITI;skadegorelse\n", encoding="utf-8")
    with pytest.raises(InputDataError) as e:
        sources.read(f, param="kategori_fil")
    assert "rad 3" in str(e.value) and "på rad 2 på Klotter" in str(e.value)
    f.write_text("lokal_kategori;kategori\nGraffiti;Klotter\nGraffiti;klotter\n", encoding="utf-8")
    df = sources.read(f, param="kategori_fil")
    assert len(df) == 1 and "rad 3" in df.attrs["varningar"][0]


def crime(tmp_path, rows, name="brott.csv"):
    f = tmp_path / name
    f.write_text("kommunkod,ar,brottstyp,antal,kalla\n" + "".join(r + ",Brå\n" for r in rows), encoding="utf-8")
    return f


def test_a_type_larger_than_the_total_is_refused(tmp_path):
    f = crime(tmp_path, ["0331,2024,totalt,1380", "0331,2024,skadegorelse,2100"])
    with pytest.raises(InputDataError) as e:
        sources.read(f, param="brott_fil")
    assert "Skadegörelsebrott (2\u202f100) är fler än samtliga brott" in str(e.value) and "Heby (0331) 2024" in str(e.value)


def test_kommuner_summing_above_the_county_warn_and_county_above_country_refuses(tmp_path):
    df = sources.read(crime(tmp_path, ["0331,2024,totalt,1380", "0380,2024,totalt,27020", "03,2024,totalt,25000"]),
                      "brott")
    assert any("summerar till mer än länets" in w for w in df.attrs["varningar"])
    with pytest.raises(InputDataError, match="större än för hela riket"):
        sources.read(crime(tmp_path, ["03,2024,totalt,2000", "00,2024,totalt,1500"], "b2.csv"), "brott")


def test_check_across_files(tmp_path):
    """The county from one file and the country from another are checked together."""
    a = crime(tmp_path, ["03,2024,totalt,2000"], "lan.csv")
    b = crime(tmp_path, ["00,2024,totalt,1500"], "riket.csv")
    with pytest.raises(InputDataError) as e:
        sources.read([a, b], param="brott_fil")
    assert "lan.csv, riket.csv (parametern brott_fil) går inte ihop" in str(e.value)


def test_future_year_refused(tmp_path):
    y = date.today().year + 1
    with pytest.raises(InputDataError, match=f"år {y} finns inte än"):
        sources.read(crime(tmp_path, [f"0331,{y},totalt,1380"]), "brott")


def test_population_checks(tmp_path):
    f = tmp_path / "folk.csv"
    f.write_text("kommunkod,ar,folkmangd,kalla\n0380,2017,219914,SCB\n03,2017,200000,SCB\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="större än länets"):
        sources.read(f, "folkmangd")
    f.write_text("kommunkod,ar,folkmangd,kalla\n0331,2017,13854,SCB\n0331,2018,1391,SCB\n", encoding="utf-8")
    df = sources.read(f, "folkmangd")
    assert "Heby (0331) 2017–2018: 13\u202f854 → 1\u202f391" in df.attrs["varningar"][0]
