"""Tests for lagesbild_methods.sources.cli: `validera` and `hamta` through argparse, no tracebacks."""
import argparse
from pathlib import Path

import pytest

from lagesbild_methods.sources import cli

FIX = Path(__file__).parent / "fixtures" / "sources"


def run(argv):
    parser = argparse.ArgumentParser(prog="lagesbild")
    sub = parser.add_subparsers(dest="kommando")
    cli.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


@pytest.mark.parametrize("name,kind", [
    ("anmalda_brott.csv", "brott"), ("folkmangd.csv", "folkmangd"), ("handelser_0331.csv", "handelser"),
    ("trygghetsmatning_0331.csv", "enkat"), ("bra_anmalda_brott_kommunerna_2024.csv", "bra-kommun"),
    ("bra_anmalda_brott_kommuner_2021.csv", "bra-kommun"), ("bra_indikatorer_Heby.xlsx", "bra-indikatorer"),
    ("ntu_lan_2017_2019.xlsx", "ntu"), ("handelser_0380.xlsx", "handelser"),
])
def test_detect_and_validate_good_files(name, kind, capsys):
    assert cli.detect_kind(FIX / name) == kind
    assert run(["validera", str(FIX / name)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"OK: {name}")


def test_validera_with_mapping_and_kommun(capsys):
    code = run(["validera", str(FIX / "handelser_lokal_cp1252.csv"), "--kommun", "Uppsala", "--mappning",
                str(FIX / "kategorimappning.csv")])
    assert code == 0
    assert "Windows-1252" in capsys.readouterr().out


@pytest.mark.parametrize("content,needle", [
    ("id;tidpunkt;kategori\nH1;2024-02-30 10:00;Klotter\n", "rad 2, kolumn 'tidpunkt'"),
    ("id;tidpunkt;kategori\nH1;2024-02-03 10:00;Snö\n", "rad 2, kolumn 'kategori'"),
])
def test_validera_bad_file_no_traceback(tmp_path, capsys, content, needle):
    f = tmp_path / "handelser_0331.csv"
    f.write_text(content, encoding="utf-8")
    assert run(["validera", str(f)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("FEL: Filen handelser_0331.csv kunde inte läsas in")
    assert needle in err and "Traceback" not in err


def test_validera_unknown_kind_missing_file_and_empty(tmp_path, capsys):
    f = tmp_path / "okand.csv"
    f.write_text("a;b;c\nx;y;z\n", encoding="utf-8")
    assert run(["validera", str(f)]) == 1
    assert "--typ" in capsys.readouterr().err
    assert run(["validera", str(tmp_path / "saknas.csv")]) == 1
    assert "Filen finns inte" in capsys.readouterr().err
    e = tmp_path / "tom.csv"
    e.write_bytes(b"")
    assert run(["validera", str(e), "--typ", "handelser"]) == 1
    assert "tom" in capsys.readouterr().err


def test_validera_explicit_type_mismatch(capsys):
    assert run(["validera", str(FIX / "folkmangd.csv"), "--typ", "brott"]) == 1
    err = capsys.readouterr().err
    assert "kolumn 'brottstyp'" in err and "Traceback" not in err


def test_hamta_offline_without_cache(tmp_path, capsys):
    code = run(["hamta", "polisen", "--offline", "--cache", str(tmp_path)])
    assert code == 1
    assert "Ingen sparad kopia" in capsys.readouterr().err


def test_hamta_bad_parameters(tmp_path, capsys):
    assert run(["hamta", "scb", "--offline", "--cache", str(tmp_path)]) == 1
    assert "Ange vilka år" in capsys.readouterr().err
    assert run(["hamta", "scb", "--ar", "tjugo", "--offline", "--cache", str(tmp_path)]) == 1
    assert "Ogiltiga år" in capsys.readouterr().err
    assert run(["hamta", "bra", "--ar", "2019", "--offline", "--cache", str(tmp_path)]) == 1
    assert "--url" in capsys.readouterr().err
    assert run(["hamta", "kolada", "--kommun", "Atlantis", "--offline", "--cache", str(tmp_path)]) == 1
    assert "Okänd kommun" in capsys.readouterr().err


def test_hamta_from_cache_writes_csv(tmp_path, capsys):
    import json
    from lagesbild_methods.sources import fetch, polisen
    url = polisen.api_url(polisen.default_platser(), None)
    events = [{"id": 7, "datetime": "2025-01-25 7:34:06 +01:00", "name": "25 januari 02.54, Rån, Heby",
               "summary": "s", "url": "/x/", "type": "Rån", "location": {"name": "Heby", "gps": "59.9,16.8"}}]
    f = fetch.Fetcher(tmp_path, opener=lambda req, timeout=None: __import__("io").BytesIO(json.dumps(events).encode()))
    f.get(url, kalla="polisen")
    out = tmp_path / "ut" / "polisen.csv"
    assert run(["hamta", "polisen", "--offline", "--cache", str(tmp_path), "--ut", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Hämtat från cache" in text and "redaktionellt urval" in text
    from lagesbild_methods import sources
    back = sources.read(out, param="handelser_fil", kommunkod="0331")  # the file kor reads, unchanged
    assert back["id"].tolist() == ["7"] and back.attrs["typ"] == "polisen"


def test_validera_series_and_som(tmp_path, capsys):
    files = [str(FIX / "anmalda_brott.csv"), str(FIX / "bra_anmalda_brott_kommunerna_2024.csv")]
    assert run(["validera", *files]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: anmalda_brott.csv, bra_anmalda_brott_kommunerna_2024.csv") and "överlappar" in out
    # --som checks a file as a template parameter would: a population file is not crime statistics
    assert run(["validera", str(FIX / "folkmangd.csv"), "--som", "brott"]) == 1
    err = capsys.readouterr().err
    assert "ska vara anmälda brott" in err and "Traceback" not in err
