"""Polisen's feed for what it is: own name and caveat, category table, digests counted and explained, no places."""
import json
from pathlib import Path

import pytest

from lagesbild_methods import sources
from lagesbild_methods.sources import polisen_facts as P

FIX = Path(__file__).parent / "fixtures" / "sources"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "real-data"


def ev(i, typ, place="Heby", loc="Heby", when="2025-01-25 7:34:06 +01:00", hhmm="02.54"):
    return {"id": i, "datetime": when, "name": f"25 januari {hhmm}, {typ}, {place}", "summary": "Text.",
            "url": f"/aktuellt/{i}/", "type": typ, "location": {"name": loc, "gps": "59.939637,16.858759"}}


@pytest.fixture
def feed(tmp_path):
    events = [ev(1, "Misshandel"), ev(2, "Misshandel, grov"), ev(3, "Trafikolycka, personskada"),
              ev(4, "Stöld/inbrott", loc="Uppsala län"),  # 2026 style: kommun only in the name
              ev(5, "Brand", place="Uppsala län", loc="Uppsala län"),  # county only
              ev(6, "Sammanfattning natt", place="Uppsala län", loc="Uppsala län"),
              ev(7, "Sammanfattning vecka", place="Uppsala län", loc="Uppsala län"),
              ev(8, "Misshandel", place="Uppsala", loc="Uppsala")]
    f = tmp_path / "polisen.json"
    f.write_text(json.dumps(events, ensure_ascii=False), encoding="utf-8")
    return f


def test_polisen_as_incidents_has_its_own_name_caveat_and_no_places(feed):
    df = sources.read(feed, param="handelser_fil", kommunkod="0331")
    assert sorted(df.id) == ["1", "2", "3", "4"]
    src = P.incident_source(df)
    assert src.kod == "polisen" and not src.ar_kommunens_register and not src.har_platser
    assert "Polisens publicerade händelser" in src.namn and "Kommunens" not in src.namn + src.kalla
    assert "redaktionellt urval" in src.forbehall and "Heby" in src.forbehall
    assert df[["plats", "omrade", "x", "y"]].isna().all(axis=None)  # nothing to rank or map
    assert df.attrs["anteckningar"][0] == src.forbehall


def test_digests_and_county_only_events_are_counted_and_explained(feed):
    df = sources.read(feed, "handelser", kommunkod="0331")
    said = P.notes(df)
    assert any(s.startswith("2 sammanfattningar") and "inte enskilda händelser" in s for s in said)
    assert any(s.startswith("1 händelse i länet") for s in said)
    assert all(s in df.attrs["anteckningar"] for s in said)


def test_category_table_counts_types(feed):
    df = sources.read(feed, "handelser", kommunkod="0331")
    t = P.category_table(df)
    assert t.iloc[0].to_dict() == {"kategori": "violence", "kategori_sv": "Våld", "antal": 2,
                                   "typer": "Misshandel (1), Misshandel, grov (1)"}
    assert t["antal"].sum() == len(df) == 4
    raw = sources.read(feed, "polisen", kommunkod="0331")  # the events frame gives the same table
    assert P.category_table(raw).equals(t)


def test_register_is_the_municipalitys_own():
    df = sources.read(FIX / "handelser_0331.csv", "handelser")
    src = P.incident_source(df)
    assert src.kod == "register" and src.ar_kommunens_register and src.forbehall is None
    assert src.namn == "Kommunens händelseregister (EST)" and "handelser_0331.csv" in src.kalla
    assert P.notes(df) == [] and P.category_table(df).empty


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not available")
def test_genuine_archive_category_table_matches_sources_notes():
    # sources notes §5: Uppsala 2024+2025 violence 161, property 212, traffic 298
    df = sources.read(SHARED / "polisen_events_uppsala_lan_2023-2026.csv", "polisen", kommunkod="0380")
    df = df[df.publicerad.dt.year.isin([2024, 2025])]
    t = P.category_table(df).set_index("kategori")["antal"]
    assert (t["violence"], t["property"], t["traffic"]) == (161, 212, 298)
