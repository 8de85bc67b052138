"""Tests for lagesbild_methods.sources.polisen (Polisen events API)."""
import json
from pathlib import Path

import pandas as pd
import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.sources import polisen

# Hand-written events in the API's shape covering every variant seen 2023-2026 (sources notes §5).
EVENTS = [
    {"id": 1, "datetime": "2023-05-13 7:19:16 +02:00", "name": "13 maj 00:55, Misshandel, Östhammar",
     "summary": "s", "url": "/aktuellt/handelser/2023/maj/13/x/", "type": "Misshandel",
     "location": {"name": "Östhammar", "gps": "60.259302,18.365341"}},
    {"id": 2, "datetime": "2024-01-11 7:33:59 +01:00", "name": "11 januari 00.56, Trafikolycka, personskada, Uppsala",
     "summary": "s", "url": "https://polisen.se/aktuellt/handelser/2024/x/", "type": "Trafikolycka, personskada",
     "location": {"name": "Uppsala", "gps": "59.858564,17.638927"}},
    {"id": 3, "datetime": "2026-01-23 13:16:53 +01:00", "name": "23 januari 08.24, Misshandel, Tierp",
     "summary": "s", "url": "/a/", "type": "Misshandel", "location": {"name": "Uppsala län", "gps": "60.009226,17.271459"}},
    {"id": 4, "datetime": "2026-01-02 9:00:00 +01:00", "name": "31 december 23.50, Brand, Uppsala län",
     "summary": "s", "url": "/b/", "type": "Brand", "location": {"name": "Uppsala län", "gps": "60.009226,17.271459"}},
    {"id": 5, "datetime": "2025-02-11 05:30:27 +01:00", "name": "11 februari 05.30, Sammanfattning natt, Uppsala län",
     "summary": "s", "url": "/c/", "type": "Sammanfattning natt", "location": {"name": "Uppsala län", "gps": "60.0,17.2"}},
    {"id": 6, "datetime": "2025-03-01 12:00:00 +01:00", "name": "01 mars 11.00, Ny typ av händelse, Knivsta",
     "summary": "s", "url": "/d/", "type": "Ny typ av händelse", "location": {"name": "Knivsta", "gps": "59.72612,17.792036"}},
]


def test_variants():
    df = polisen.read_polisen_events(EVENTS)
    assert list(df.columns) == polisen.EVENT_COLUMNS
    by = df.set_index(C.ID)
    assert by.loc["1", polisen.PUBLICERAD].isoformat() == "2023-05-13T07:19:16+02:00"  # hour '7' padded
    assert by.loc["1", C.TIDPUNKT].isoformat() == "2023-05-13T00:55:00+02:00"
    assert by.loc["2", C.TIDPUNKT].isoformat() == "2024-01-11T00:56:00+01:00"  # '.' separator
    assert by.loc["2", polisen.TYP] == "Trafikolycka, personskada" and by.loc["2", C.KATEGORI] == "traffic"
    assert by.loc["3", C.KOMMUNKOD] == "0360" and by.loc["3", polisen.HARLEDNING] == "namnets_slut"
    assert by.loc["4", C.KOMMUNKOD] == "03" and by.loc["4", polisen.HARLEDNING] == "endast_lan"
    assert by.loc["4", C.TIDPUNKT].isoformat() == "2025-12-31T23:50:00+01:00"  # previous year
    assert "5" not in by.index and df.attrs["sammanfattningar"] == 1
    assert by.loc["6", C.KATEGORI] == "other" and df.attrs["okanda_typer"] == ["Ny typ av händelse"]
    assert by.loc["1", polisen.URL].startswith("https://polisen.se/aktuellt/")
    assert by.loc["2", polisen.URL] == "https://polisen.se/aktuellt/handelser/2024/x/"
    assert by.loc["1", C.KATEGORI] == "violence" and by.loc["1", polisen.KATEGORI_SV] == "Våld"
    with_digests = polisen.read_polisen_events(EVENTS, inkludera_sammanfattningar=True)
    assert len(with_digests) == len(EVENTS)


def test_filter_kommun_and_caveat():
    df = polisen.read_polisen_events(EVENTS, kommuner=["Tierp"])
    assert df[C.ID].tolist() == ["3"]
    text = polisen.polisen_forbehall("0360")
    assert "redaktionellt urval" in text and "inte platsen för händelsen" in text and "per invånare" in text
    assert "Tierp" in text
    assert set(polisen.POLISEN_KATEGORIER) == {"violence", "property", "narcotics", "fraud", "traffic",
                                               "public_order", "weapons", "other"}


def test_bad_datetime_and_missing_fields(tmp_path):
    bad = [dict(EVENTS[0], datetime="igår kväll")]
    f = tmp_path / "events.json"
    f.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        polisen.read_polisen_events(f)
    p = exc.value.problems[0]
    assert Path(p.file).name == "events.json" and p.row == 1 and p.column == "datetime"
    with pytest.raises(InputDataError, match="Händelse nr 2 saknar fält"):
        polisen.read_polisen_events([EVENTS[0], {"id": 9}])
    g = tmp_path / "events2.json"
    g.write_text('{"not": "a list"}', encoding="utf-8")
    with pytest.raises(InputDataError, match="inte en lista"):
        polisen.read_polisen_events(g)


def test_archive_csv_bad_row(tmp_path):
    f = tmp_path / "arkiv.csv"
    f.write_text("# source: test\nid,datetime,name,summary,url,type,location_name,location_gps\n"
                 '1,2023-05-13 7:19:16 +02:00,"13 maj 00:55, Misshandel, Heby",s,/a/,Misshandel,Heby,"59.9,16.8"\n'
                 '2,2023-13-13 7:19:16 +02:00,"13 maj 00:55, Misshandel, Heby",s,/a/,Misshandel,Heby,"59.9,16.8"\n',
                 encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        polisen.read_polisen_events(f)
    p = exc.value.problems[0]
    assert (Path(p.file).name, p.row, p.column) == ("arkiv.csv", 4, "datetime")
    assert "rad 4" in str(exc.value)


def test_api_url():
    url = polisen.api_url(["Uppsala", "Uppsala län"], "2025-01")
    # ';' separates places (kept as is), a space is %20 (not '+', which a server may keep as a plus sign)
    assert url == "https://polisen.se/api/events?locationname=Uppsala;Uppsala%20l%C3%A4n&DateTime=2025-01"


# --- genuine data (skips when ../shared is absent) -------------------------------------------------
# sources.md §5: counts 2024+2025 per kommun and category (from the CSV; digests left out)
EXPECTED_2024_2025 = {
    "0305": [12, 23, 3, 1, 38, 8, 0, 15], "0319": [5, 4, 0, 3, 11, 4, 0, 4], "0330": [7, 24, 3, 2, 38, 4, 0, 3],
    "0331": [3, 4, 1, 0, 25, 2, 1, 9], "0360": [6, 14, 0, 2, 35, 24, 0, 12],
    "0380": [161, 212, 15, 12, 298, 104, 19, 109], "0381": [29, 41, 3, 3, 100, 17, 3, 27],
    "0382": [8, 10, 1, 3, 19, 9, 0, 20],
}
ORDER = ["violence", "property", "narcotics", "fraud", "traffic", "public_order", "weapons", "other"]


def _real(name):
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference is not available")
    return ref / "real-data" / name


@pytest.mark.parametrize("name", ["api-examples/polisen_api_events_uppsala_lan_2023-2026.json",
                                  "polisen_events_uppsala_lan_2023-2026.csv"])
def test_real_events_attributed_and_counted(name):
    df = polisen.read_polisen_events(_real(name))
    assert len(df) + df.attrs["sammanfattningar"] == 2549
    assert df[C.TIDPUNKT].notna().all() and df[polisen.PUBLICERAD].notna().all()
    sub = df[df[polisen.PUBLICERAD].dt.year.isin([2024, 2025])]
    tab = pd.crosstab(sub[C.KOMMUNKOD], sub[C.KATEGORI]).reindex(columns=ORDER, fill_value=0)
    for kod, expected in EXPECTED_2024_2025.items():
        assert tab.loc[kod].tolist() == expected, kod
    assert df.attrs["okanda_typer"] == []


def test_real_events_match_archive_derivation():
    df = polisen.read_polisen_events(_real("api-examples/polisen_api_events_uppsala_lan_2023-2026.json"))
    ref = pd.read_csv(_real("polisen_events_uppsala_lan_2023-2026.csv"), comment="#", dtype=str)
    m = df.merge(ref[["id", "kommunkod", "kommun_derivation"]], on="id")
    coded = m["kommunkod_y"].notna()
    assert (m.loc[coded, "kommunkod_x"] == m.loc[coded, "kommunkod_y"]).all()
    assert (m.loc[~coded, "kommunkod_x"] == "03").all()  # county-only events
    assert (m[polisen.HARLEDNING] == "namnets_slut").sum() == (m["kommun_derivation"] == "name_suffix").sum()


def test_real_sample_file():
    df = polisen.read_polisen_events(_real("api-examples/polisen_api_events_uppsala_lan_sample.json"))
    assert len(df) == 7
    assert df.loc[df[C.ID] == "626233", C.KOMMUNKOD].item() == "0380"  # 2026: county location, kommun in name
