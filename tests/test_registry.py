"""The region registry: every kommun and län of Sweden from the bundled data file, facts with sources."""
import csv

import pytest

from lagesbild_methods import registry as R
from lagesbild_methods.errors import ParameterError
from lagesbild_methods.paths import shared_reference

UPPSALA = ("0305", "0319", "0330", "0331", "0360", "0380", "0381", "0382")


def test_every_kommun_and_lan_of_sweden():
    assert len(R.KOMMUNER) == 290 and len(R.KOMMUNKODER) == 290 and len(R.LAN) == 21
    assert len(R.REGIONS) == 290 + 21 + 1
    assert list(R.KOMMUNKODER) == sorted(R.KOMMUNKODER)  # SCB code order
    for kod, r in R.KOMMUNER.items():
        assert len(kod) == 4 and r.typ == "kommun" and r.lan == kod[:2] and r.lan in R.LAN
    assert sum(len(R.kommuner_i_lan(lan)) for lan in R.LAN) == 290
    assert R.kommuner_i_lan("03") == UPPSALA == R.kommuner_i_lan("Uppsala län") == R.kommuner_i_lan()
    assert len(R.kommuner_i_lan("Stockholms län")) == 26 and R.kommuner_i_lan("09") == ("0980",)
    assert R.get("2180").namn == "Gävle" and R.get("2180").lan_namn == "Gävleborgs län"


def test_population_2024_for_all_with_source():
    for r in list(R.KOMMUNER.values()) + list(R.LAN.values()):
        value, key = r.folkmangd_2024
        assert value > 0 and key in R.SOURCES
    # 2024 figures for all kommuner sum to 10 587 140 (the source note says why this is 570 below riket)
    assert sum(r.folkmangd_2024[0] for r in R.KOMMUNER.values()) == 10_587_140
    assert "570" in R.SOURCES["CC3K"]
    for lan in R.LAN.values():
        assert lan.folkmangd_2024[0] == sum(R.get(k).folkmangd_2024[0] for k in R.kommuner_i_lan(lan.kod))
    assert R.get("Heby").folkmangd_2024 == (14352, "CC3K")
    # the 31 December series keeps only sourced values
    assert R.get("Heby").population(2024) is None and R.get("Heby").population(2025) == 14275
    assert R.get("0180").storlek == R.get("0180").folkmangd_2024[0]


def test_uppsala_extras_and_kommungrupp_only_where_sourced():
    heby = R.get("0331")
    assert heby.kommungrupp == "B4" and heby.lokalpolisomrade == "Norduppland"
    assert heby.centralort.name == "Heby" and heby.centralort.source in R.SOURCES
    assert R.kommungrupp_code("0305") == "KG-A2"
    others = [r for r in R.KOMMUNER.values() if r.lan != "03"]
    assert all(r.kommungrupp is None and r.centralort is None for r in others)
    assert R.kommungrupp_code("Gävle") is None
    for r in R.REGIONS.values():
        assert all(key in R.SOURCES for _v, key in r.folkmangd.values())


@pytest.mark.parametrize("name,kod", [
    ("Heby", "0331"), ("Hebys kommun", "0331"), ("HEBY", "0331"), ("Uppsala", "0380"), ("Uppsala län", "03"),
    ("Uppsala läns", "03"), ("Region Uppsala", "03"), ("Stockholm", "0180"), ("Stockholms län", "01"),
    ("Malung–Sälens kommun", "2023"), ("Borås", "1490"), ("Sverige", "00"), ("Gotland", "0980"),
])
def test_names_in_file_forms(name, kod):
    assert R.code_for_name(name) == kod and R.get(name).kod == kod


def test_lookup_errors_are_swedish_with_a_suggestion():
    with pytest.raises(ParameterError, match="Okänd kommun: 'Hebi'.*Menade du 'Heby'"):
        R.get("Hebi")
    with pytest.raises(ParameterError, match="Okänt län: 'Atlantis'"):
        R.get_lan("Atlantis")
    assert R.get("380").kod == "0380" and R.get_lan("3").kod == "03" and R.get_lan("Västra Götaland").kod == "14"
    assert R.region_name("KG-B4").startswith("Kommungrupp B4")


def test_bundled_file_matches_the_reference_data():
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference saknas")
    with (ref / "real-data" / "sweden_kommuner_folkmangd_2024.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    assert {r["kommun_kod"]: (r["kommun_namn"], int(r["population"])) for r in rows} == {
        k: (r.namn, r.folkmangd_2024[0]) for k, r in R.KOMMUNER.items()}
    with (ref / "real-data" / "uppsala_lan_kommuner_meta.csv").open(encoding="utf-8") as fh:
        meta = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    for m in meta:
        r = R.get(m["kommunkod"])
        assert (r.kommungrupp, r.lokalpolisomrade) == (m["skr_kommungrupp_2017_kod"], m["lokalpolisomrade"])
