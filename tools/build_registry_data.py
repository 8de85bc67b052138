"""Write ``lagesbild_methods/resources/registry/regioner.csv``: every kommun (290) and län (21) of Sweden.

Run once when the reference facts change (needs ``../shared/reference/real-data``); the output is
committed and read by :mod:`lagesbild_methods.registry`. Facts are carried over, not the files:

* kommun codes, names and 2024 population: ``sweden_kommuner_folkmangd_2024.csv`` (SCB figures via
  dnouri/crimecity3k ``data/municipalities/population.csv``), cross-checked against the names and
  county codes in ``sweden_kommuner_290.geojson`` (okfse/sweden-geojson, from Valmyndigheten);
* county codes: ``sweden_lan_21.geojson`` (property ``l_id``); the official county names
  ("Uppsala län", "Stockholms län" ...) follow SCB's "Län och kommuner i kodnummerordning";
* SKR kommungrupp 2017: ``uppsala_lan_kommuner_meta.csv`` (Axelsson2000/data LanKommunDeso.csv),
  so only the eight kommuner of Uppsala län have a sourced group.

    python tools/build_registry_data.py
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "reference" / "real-data"
OUT = REPO / "lagesbild_methods" / "resources" / "registry" / "regioner.csv"

# SCB's official county names by code (the geojson carries short names only).
LAN_NAMN = {
    "01": "Stockholms län", "03": "Uppsala län", "04": "Södermanlands län", "05": "Östergötlands län",
    "06": "Jönköpings län", "07": "Kronobergs län", "08": "Kalmar län", "09": "Gotlands län",
    "10": "Blekinge län", "12": "Skåne län", "13": "Hallands län", "14": "Västra Götalands län",
    "17": "Värmlands län", "18": "Örebro län", "19": "Västmanlands län", "20": "Dalarnas län",
    "21": "Gävleborgs län", "22": "Västernorrlands län", "23": "Jämtlands län", "24": "Västerbottens län",
    "25": "Norrbottens län",
}
HEADER = """\
# Every kommun (290) and län (21) of Sweden, and the country. Written by tools/build_registry_data.py.
# kod, namn, lan: SCB (Län och kommuner i kodnummerordning), via sweden_kommuner_folkmangd_2024.csv and
#   okfse/sweden-geojson (Valmyndigheten); county codes from sweden_lan_21.geojson (l_id).
# kommungrupp_2017: SKR Kommungruppsindelning 2017 (via Axelsson2000/data LanKommunDeso.csv); only where sourced.
# folkmangd_2024: source key in kalla_folkmangd_2024 (see kallor.csv); county = sum of its kommuner.
"""


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def main() -> int:
    if not REAL.is_dir():
        print(f"Hittar inte {REAL}; verktyget behöver ../shared/reference/real-data.", file=sys.stderr)
        return 1
    kommuner = _rows(REAL / "sweden_kommuner_folkmangd_2024.csv")
    geo = json.loads((REAL / "sweden_kommuner_290.geojson").read_text(encoding="utf-8"))
    geo_by = {f["properties"]["id"]: f["properties"] for f in geo["features"]}
    lan_geo = json.loads((REAL / "sweden_lan_21.geojson").read_text(encoding="utf-8"))
    lan_codes = sorted(f"{int(f['properties']['l_id']):02d}" for f in lan_geo["features"])
    assert lan_codes == sorted(LAN_NAMN), "county codes differ from SCB's list"
    kg = {r["kommunkod"]: r["skr_kommungrupp_2017_kod"] for r in _rows(REAL / "uppsala_lan_kommuner_meta.csv")}
    assert len(kommuner) == 290
    for r in kommuner:
        g = geo_by[r["kommun_kod"]]
        assert g["kom_namn"] == r["kommun_namn"] and g["lan_code"] == r["kommun_kod"][:2], r
    out = [("00", "Riket", "riket", "", "", "", "")]
    for lan in lan_codes:
        pop = sum(int(r["population"]) for r in kommuner if r["kommun_kod"][:2] == lan)
        out.append((lan, LAN_NAMN[lan], "lan", lan, "", str(pop), "CC3K_SUM"))
    for r in sorted(kommuner, key=lambda r: r["kommun_kod"]):
        kod = r["kommun_kod"]
        out.append((kod, r["kommun_namn"], "kommun", kod[:2], kg.get(kod, ""), r["population"], "CC3K"))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["kod", "namn", "typ", "lan", "kommungrupp_2017", "folkmangd_2024", "kalla_folkmangd_2024"])
        w.writerows(out)
    print(f"{OUT.relative_to(REPO)}: {len(out)} rader")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
