"""Every published format through sources.read: SCB web-table exports (CSV/xlsx), PxWeb v1/v2, Kolada as
comparison figures and as population (N01951), Brå variants; published figures checked where we have them."""
import json
from pathlib import Path

import pytest

from lagesbild_methods import sources
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.sources import kolada

FIX = Path(__file__).parent / "fixtures" / "sources"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / "real-data"


def pop(df):
    return {(k, int(a)): int(v) for k, a, v in zip(df.kommunkod, df.ar, df.folkmangd)}


def test_scb_csv_export_with_title_iso8859_and_kon_summed():
    raw = (FIX / "scb_folkmangd_region_ar_2017_2018.csv").read_bytes()
    assert raw.startswith(b'"Folkm\xe4ngden efter region') and b"\r\n\r\n" in raw  # ISO-8859-1, title + blank
    df = sources.read(FIX / "scb_folkmangd_region_ar_2017_2018.csv", param="folkmangd_fil")
    assert df.attrs["typ"] == "scb-tabell"
    got = pop(df)
    # published SCB figures (via Regionfakta): Uppsala 219 914 (2017), 225 164 (2018); county 368 971
    assert got[("0380", 2017)] == 219914 and got[("0380", 2018)] == 225164 and got[("03", 2017)] == 368971


def test_scb_xlsx_export_with_footnotes():
    df = sources.read(FIX / "scb_folkmangd_export.xlsx", "folkmangd")
    assert df.attrs["typ"] == "scb-tabell"
    assert pop(df)[("00", 2017)] == 10120242 and len(df) == 8


@pytest.mark.parametrize("text,encoding", [
    # semicolon, UTF-8 with BOM, content named in the year columns, an extra content column to leave out
    ('\ufeff"region";"Folkmängd 2017";"Folkmängd 2018";"Folkökning 2018"\r\n"0331 Heby";13854;13910;56\r\n', "utf-8"),
    # long layout: region, år, value
    ('region,år,Folkmängd\n"0331 Heby",2017,13854\n"0331 Heby",2018,13910\n', "utf-8"),
    # totals present: use them alone, not summed with the parts
    ('region;kön;2017;2018\n0331 Heby;män;7000;7000\n0331 Heby;kvinnor;6854;6910\n0331 Heby;totalt;13854;13910\n',
     "cp1252"),
])
def test_scb_export_variants(tmp_path, text, encoding):
    f = tmp_path / "tabell.csv"
    f.write_bytes(text.encode(encoding))
    assert pop(sources.read(f, "folkmangd")) == {("0331", 2017): 13854, ("0331", 2018): 13910}


def test_scb_export_missing_value_names_row_and_column(tmp_path):
    f = tmp_path / "tabell.csv"
    f.write_text('"Folkmängd"\n\n"region","2017","2018"\n"0331 Heby",13854,..\n', encoding="utf-8")
    with pytest.raises(InputDataError) as e:
        sources.read(f, param="folkmangd_fil")
    assert "rad 4, kolumn '2018'" in str(e.value) and "saknas" in str(e.value)


def test_kolada_values_are_comparison_figures_with_definitions(tmp_path):
    body = {"values": [{"kpi": "N07540", "municipality": "0380", "period": 2025,
                        "values": [{"count": 1, "gender": "T", "status": "", "value": 11137.49693}]},
                       {"kpi": "N00610", "municipality": "0380", "period": 2025,
                        "values": [{"count": 1, "gender": "T", "status": "", "value": 61.0}]}],
            "next_url": None}
    f = tmp_path / "kolada.json"
    f.write_text(json.dumps(body), encoding="utf-8")
    df = sources.read(f, param="jamforelse_fil")
    row = df[df.kpi == "N07540"].iloc[0]
    assert row.varde == pytest.approx(11137.49693) and row.enhet == "antal per 100 000 invånare"
    assert "antal/100 000" in row.titel and "antal" not in df.columns
    assert df[df.kpi == "N00610"].enhet.item() == "procent"
    # never as counts: as brott_fil the file is refused with the reason
    with pytest.raises(InputDataError) as e:
        sources.read(f, param="brott_fil")
    assert "per 100 000 invånare" in str(e.value) and "jämförelsetal" in str(e.value)


def test_kolada_population_n01951(tmp_path):
    vals = {"0380": 249726, "0331": 14275}
    body = {"values": [{"kpi": "N01951", "municipality": k, "period": 2025,
                        "values": [{"count": 1, "gender": "T", "status": "", "value": v}]} for k, v in vals.items()]}
    f = tmp_path / "n01951.json"
    f.write_text(json.dumps(body), encoding="utf-8")
    df = sources.read(f, param="folkmangd_fil")
    assert pop(df) == {("0380", 2025): 249726, ("0331", 2025): 14275}
    assert df.kalla.iloc[0].startswith("Kolada N01951")


def test_unit_of_titles():
    assert kolada.unit_of("Anmälda brott totalt, antal/100 000 inv") == "antal per 100 000 invånare"
    assert kolada.unit_of("Trygghet och säkerhet - Kommunindex") == "index"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not available")
def test_genuine_pxweb_responses_give_published_figures():
    v1 = sources.read(SHARED / "api-examples/scb_pxweb_v1_BefolkningNy_data_POST_response.json", "folkmangd")
    assert pop(v1)[("00", 2017)] == 10120242  # riket 2017 = sum of the genuine fixture (sources notes §3.4)
    v2 = sources.read(SHARED / "api-examples/scb_pxweb_v2_TAB638_data_POST_jsonstat2_response.json", "folkmangd")
    assert v2.attrs["typ"] == "scb-jsonstat2" and len(v2) == 1


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared not available")
def test_genuine_polisen_csv_counts_and_digests():
    df = sources.read(SHARED / "polisen_events_uppsala_lan_2023-2026.csv", "polisen")
    assert len(df) + df.attrs["sammanfattningar"] == 2549 and df.attrs["sammanfattningar"] == 12


def test_published_uppsala_2018_rate_from_genuine_format_files(tmp_path):
    """Uppsala 2018: 23 174 reported crimes (Brå, via UNT), 219 914 inhabitants 31 Dec 2017 (SCB via Regionfakta),
    10 538 per 100 000 -- from a Brå kommun CSV and an SCB web-table export, both in their published formats."""
    from lagesbild_methods import stats
    bra = tmp_path / "Anmälda brott i kommunerna 2018.csv"
    bra.write_bytes(("\ufeffKommun;Antal;Per 100 000 inv.\r\nUppsala;23 174;10 538\r\n").encode("utf-8"))
    scb_csv = tmp_path / "BE0101N1.csv"
    scb_csv.write_bytes('"Folkmängden efter region och år"\r\n\r\n"region","2017","2018"\r\n'
                        '"0380 Uppsala",219914,225164\r\n'.encode("iso-8859-1"))
    brott = sources.read(bra, param="brott_fil")
    folk = sources.read(scb_csv, param="folkmangd_fil")
    r = stats.crime_rates(brott[(brott.kommunkod == "0380") & (brott.ar == 2018)], folk).iloc[0]
    assert int(r["antal"]) == 23174 and int(r["folkmangd"]) == 219914
    assert round(r["varde"]) == 10538
