"""Tests for lagesbild_methods.sources.kolada (Kolada API v3)."""
import csv
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.sources import kolada

PAGE1 = {"values": [
    {"kpi": "N07540", "municipality": "0380", "period": 2025,
     "values": [{"count": 1, "gender": "T", "status": "", "value": 11137.49693}]},
    {"kpi": "N07540", "municipality": "G123", "period": 2025,
     "values": [{"count": 8, "gender": "T", "status": "", "value": 9000.0}]},
    {"kpi": "N00610", "municipality": "0003", "period": 2024,
     "values": [{"count": 1, "gender": "T", "status": "", "value": 70.0},
                {"count": 1, "gender": "K", "status": "", "value": 62.0},
                {"count": 1, "gender": "M", "status": "", "value": None}]},
], "next_url": "https://api.kolada.se/v3/data/kpi/N07540/year/2025?page=2"}
PAGE2 = {"values": [{"kpi": "N07540", "municipality": "0000", "period": 2025,
                     "values": [{"count": 1, "gender": "T", "status": "", "value": 12000.0}]}], "next_url": None}


def test_pages_groups_genders_and_ids():
    df = kolada.read_kolada_data([PAGE1, PAGE2])
    assert list(df.columns) == kolada.KOLADA_COLUMNS
    assert "G123" not in set(df[C.KOMMUNKOD])
    assert set(df[C.KOMMUNKOD]) == {"0380", "03", "00"}
    up = df[(df[C.KOMMUNKOD] == "0380")]
    assert up[C.VARDE].item() == pytest.approx(11137.49693) and up[C.KALLA].item() == "Kolada N07540"
    reg = df[df[C.KOMMUNKOD] == "03"].set_index(kolada.KON)[C.VARDE]
    assert reg["K"] == 62.0 and reg.isna()["M"]
    assert len(kolada.read_kolada_data([PAGE1, PAGE2], kon="T")) == 3
    assert kolada.next_url(PAGE1).endswith("page=2") and kolada.next_url(PAGE2) is None
    assert kolada.next_url({"values": [], "next_url": ""}) is None


def test_urls_and_ids():
    assert kolada.data_url("N07540", ["0380", "03"], [2024, 2025]) == (
        "https://api.kolada.se/v3/data/kpi/N07540/municipality/0380,0003/year/2024,2025?per_page=5000")
    assert kolada.to_kolada_id("00") == "0000" and kolada.from_kolada_id("0003") == "03"


def test_bad_response(tmp_path):
    f = tmp_path / "kolada.json"
    f.write_text('{"data": []}', encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        kolada.read_kolada_data(f)
    assert "kolada.json" in str(exc.value) and "Kolada" in str(exc.value)
    g = tmp_path / "kolada2.json"
    g.write_text('{"values": [{"kpi": "N07540", "period": 2025, "values": []}]}', encoding="utf-8")
    with pytest.raises(InputDataError, match="municipality"):
        kolada.read_kolada_data(g)


def _real(name):
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference is not available")
    return ref / "real-data" / name


def test_kpi_table_matches_catalogue():
    with open(_real("kolada_kpi_catalogue_crime_safety.csv"), encoding="utf-8") as fh:
        rows = {r["id"]: r for r in csv.DictReader(line for line in fh if not line.startswith("#"))}
    for kpi, meta in kolada.KOLADA_KPI.items():
        if kpi == "N01951":  # denominator, not in the crime/safety catalogue
            continue
        assert rows[kpi]["title"] == meta["titel"], kpi
        assert rows[kpi]["municipality_type"] == meta["typ"], kpi
    assert set(v["brottstyp"] for v in kolada.KOLADA_KPI.values()) - {None} <= set(C.BROTTSTYPER)


def test_real_shapes():
    data = kolada.read_kolada_data(_real("api-examples/kolada_v3_data_kpi_N00945_RECONSTRUCTED.json"))
    assert len(data) == 6 and data.loc[(data[C.KOMMUNKOD] == "0180") & (data[C.AR] == 2020), C.VARDE].item() == 40.8
    mun = kolada.read_kolada_municipalities(_real("api-examples/kolada_v3_municipality_uppsala_lan_RECONSTRUCTED.json"))
    assert dict(zip(mun["kolada_id"], mun[C.KOMMUNKOD]))["0003"] == "03" and len(mun) == 10
    kpi = kolada.read_kolada_kpi(_real("api-examples/kolada_v3_kpi_metadata_crime_RECONSTRUCTED.json"))
    assert set(kpi["id"]) == {"N07403", "N07540", "U07452", "N00610"}
