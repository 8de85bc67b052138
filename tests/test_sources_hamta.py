"""Fetch, then use: `lagesbild hamta` writes files that the templates read unchanged. Offline round trip from
recorded responses (written here in the genuine response shapes; no network at test time)."""
import argparse
import io
import json
import urllib.parse
from pathlib import Path

import pytest

from lagesbild_methods import sources
from lagesbild_methods.sources import cli, scb

# SCB via Regionfakta, folkmängd 31 december 2017 and 2018 (as in lagesbild_methods/registry.py)
POP = {"03": (368971, 376354), "0305": (21083, 21564), "0319": (9402, 9392), "0330": (18064, 18720),
       "0331": (13854, 13910), "0360": (20930, 21127), "0380": (219914, 225164), "0381": (43797, 44429),
       "0382": (21927, 22048)}


def scb_response(body: dict) -> dict:
    regions = next(q["selection"]["values"] for q in body["query"] if q["code"] == "Region")
    tid = next(q["selection"] for q in body["query"] if q["code"] == "Tid")
    assert tid == {"filter": "all", "values": ["*"]}  # every year the table has
    data = [{"key": [r, str(y)], "values": [str(POP[r][i])]} for r in regions for i, y in enumerate((2017, 2018))]
    return {"columns": [{"code": "Region", "text": "region", "type": "d"}, {"code": "Tid", "text": "år", "type": "t"},
                        {"code": "BE0101N1", "text": "Folkmängd", "type": "c"}], "comments": [], "data": data,
            "metadata": [{"infofile": "BE0101", "updated": "2019-02-21T09:30:00Z", "label": "Folkmängd",
                          "source": "Statistiska centralbyrån"}]}


# Kolada N07540 2025 (sources notes §2.2, real values) and N01951 2025 (Kolada, real values), two pages
KOLADA = {"N07540": {"0331": 9496.86, "0380": 11137.49693}, "N01951": {"0331": 14275, "0380": 249726}}


def kolada_page(url: str) -> dict:
    vals = [{"kpi": k, "municipality": m, "period": 2025,
             "values": [{"count": 1, "gender": "T", "status": "", "value": v}]}
            for k, per in KOLADA.items() for m, v in per.items()]
    if "page=2" in url:
        return {"values": vals[2:], "next_url": None}
    return {"values": vals[:2], "next_url": url + "&page=2"}


EVENTS = [
    {"id": 567740, "datetime": "2025-01-25 7:34:06 +01:00", "name": "25 januari 02.54, Narkotikabrott, Uppsala",
     "summary": "Man greps.", "url": "/aktuellt/handelser/2025/januari/25/a/", "type": "Narkotikabrott",
     "location": {"name": "Uppsala", "gps": "59.858564,17.638927"}},
    {"id": 567741, "datetime": "2025-01-26 6:00:00 +01:00", "name": "26 januari 06.00, Sammanfattning natt, "
     "Uppsala län", "summary": "Lugn natt.", "url": "/s/", "type": "Sammanfattning natt",
     "location": {"name": "Uppsala län", "gps": "60.009226,17.271459"}},
    {"id": 567742, "datetime": "2025-01-27 23:10:00 +01:00", "name": "27 januari 22.40, Misshandel, Heby",
     "summary": "Bråk.", "url": "/aktuellt/handelser/2025/januari/27/b/", "type": "Misshandel",
     "location": {"name": "Uppsala län", "gps": "60.009226,17.271459"}},
]


@pytest.fixture
def recorded(monkeypatch):
    calls = []

    def opener(req, timeout=None):
        url = req.full_url
        calls.append(url)
        host = urllib.parse.urlsplit(url).hostname
        if host == "api.scb.se":
            body = scb_response(json.loads(req.data.decode("utf-8")))
        elif host == "api.kolada.se":
            body = kolada_page(url)
        elif host == "polisen.se":
            assert req.get_header("User-agent", "").startswith("lagesbild/")
            body = EVENTS
        else:
            raise AssertionError(url)
        return io.BytesIO(json.dumps(body).encode("utf-8"))

    monkeypatch.setattr("urllib.request.urlopen", opener)
    monkeypatch.setattr("time.sleep", lambda s: None)
    return calls


def run(argv):
    parser = argparse.ArgumentParser(prog="lagesbild")
    sub = parser.add_subparsers(dest="kommando")
    cli.register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


def round_trip(tmp_path, argv, name, capsys):
    """Fetch once (recording into the cache), then again offline; both files must be identical."""
    cache = tmp_path / "cache"
    first, second = tmp_path / "a" / name, tmp_path / "b" / name
    assert run(["hamta", *argv, "--cache", str(cache), "--ut", str(first)]) == 0
    assert run(["hamta", *argv, "--cache", str(cache), "--ut", str(second), "--offline"]) == 0
    out = capsys.readouterr().out
    assert "Hämtat från nätet" in out and "Hämtat från cache" in out and "ange filen som" in out
    assert first.read_bytes() == second.read_bytes()
    return second


def test_population_of_a_whole_county_all_years(tmp_path, recorded, capsys):
    f = round_trip(tmp_path, ["scb", "--lan", "03", "--ar", "alla"], "folkmangd.csv", capsys)
    df = sources.read(f, param="folkmangd_fil")  # what the template does with folkmangd_fil
    assert df.attrs["typ"] == "folkmangd" and len(df) == 18
    got = {(k, int(a)): int(v) for k, a, v in zip(df.kommunkod, df.ar, df.folkmangd)}
    assert got[("0380", 2017)] == 219914 and got[("03", 2018)] == 376354
    # the county equals its eight kommuner (sources notes §3.4: a check that passes for 2017 and 2018)
    k = df[df.kommunkod.str.len() == 4].groupby("ar").folkmangd.sum()
    assert k[2017] == 368971 and k[2018] == 376354 and df.attrs["varningar"] == []
    assert run(["validera", str(f), "--som", "folkmangd"]) == 0


def test_kolada_pages_become_comparison_figures(tmp_path, recorded, capsys):
    f = round_trip(tmp_path, ["kolada", "--kommun", "Heby", "--kommun", "0380", "--kpi", "N07540", "--kpi", "N01951",
                              "--ar", "2025"], "kolada.csv", capsys)
    assert sum("api.kolada.se" in c for c in recorded) == 2  # next_url followed
    df = sources.read(f, param="jamforelse_fil")
    row = df[(df.kpi == "N07540") & (df.kommunkod == "0380")].iloc[0]
    assert row.varde == pytest.approx(11137.49693) and row.enhet == "antal per 100 000 invånare"
    pop = sources.read(f, param="folkmangd_fil")  # N01951 gives population
    assert dict(zip(pop.kommunkod, pop.folkmangd)) == {"0331": 14275, "0380": 249726}
    j = round_trip(tmp_path / "json", ["kolada", "--kommun", "Heby", "--kommun", "0380", "--kpi", "N07540", "--kpi",
                                       "N01951", "--ar", "2025"], "kolada.json", capsys)
    assert sources.read(j, "jamforelse").equals(df)


@pytest.mark.parametrize("name", ["polisen.json", "polisen.csv"])
def test_polisen_events_json_and_csv(tmp_path, recorded, capsys, name):
    f = round_trip(tmp_path, ["polisen", "--lan", "03", "--datum", "2025-01"], name, capsys)
    url = next(c for c in recorded if "polisen.se" in c)
    assert "locationname=Håbo;" in urllib.parse.unquote(url) and "Uppsala län" in urllib.parse.unquote(url)
    heby = sources.read(f, param="handelser_fil", kommunkod="0331")
    assert heby["id"].tolist() == ["567742"]  # kommun from the name when Polisen gives only the county
    assert any("1 sammanfattning" in n for n in heby.attrs["anteckningar"])
    assert sources.incident_source(heby).kod == "polisen"


def test_query_without_years_asks_for_all():
    assert scb.pxweb_v1_query(["0331"], None)["query"][2]["selection"] == {"filter": "all", "values": ["*"]}


def test_bra_written_file_reads_back(tmp_path, monkeypatch, capsys):
    data = "\ufeffKommun;Antal;Per 100 000 inv.\r\nHeby;1 380;9 660\r\nGävle;9 900;9 800\r\n".encode("utf-8")
    monkeypatch.setattr("urllib.request.urlopen", lambda req, timeout=None: io.BytesIO(data))
    monkeypatch.setattr("time.sleep", lambda s: None)
    out = tmp_path / "brott_2024.csv"
    assert run(["hamta", "bra", "--ar", "2024", "--cache", str(tmp_path / "c"), "--ut", str(out)]) == 0
    df = sources.read(out, param="brott_fil")
    assert dict(zip(df.kommunkod, df.antal)) == {"0331": 1380, "2180": 9900}  # every kommun keeps its code
    assert Path(out).read_text(encoding="utf-8").startswith("kommunkod,ar,brottstyp,antal,kalla\n")
