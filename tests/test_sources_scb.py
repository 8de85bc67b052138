"""Tests for lagesbild_methods.sources.scb (PxWeb v1 JSON and v2 JSON-stat2)."""
import json
from pathlib import Path

import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import InputDataError
from lagesbild_methods.paths import shared_reference
from lagesbild_methods.sources import scb

V1_REGION = {  # shape of a v1 response with a Region selection (sources notes §3.2); values from registry (RF)
    "columns": [{"code": "Region", "text": "region", "type": "d"}, {"code": "Tid", "text": "år", "type": "t"},
                {"code": "BE0101N1", "text": "Folkmängd", "type": "c"}],
    "comments": [],
    "data": [{"key": ["0380", "2017"], "values": ["219914"]}, {"key": ["0380", "2018"], "values": ["225164"]},
             {"key": ["0331", "2017"], "values": ["13854"]}],
    "metadata": [{"infofile": "BE0101", "updated": "2019-02-21", "label": "x", "source": "SCB"}],
}


def _jsonstat(values):
    """A JSON-stat2 dataset 2 regions x 2 sexes x 2 years (last dimension fastest)."""
    return {"version": "2.0", "class": "dataset", "id": ["Region", "Kon", "ContentsCode", "Tid"], "size": [2, 2, 1, 2],
            "dimension": {"Region": {"category": {"index": {"0380": 0, "0331": 1}}},
                          "Kon": {"category": {"index": {"1": 0, "2": 1}}},
                          "ContentsCode": {"category": {"index": {"BE0101N1": 0}}},
                          "Tid": {"category": {"index": {"2017": 0, "2018": 1}}}},
            "value": values}


def test_v1_with_region():
    df = scb.read_pxweb_v1(V1_REGION)
    assert list(df.columns) == C.POPULATION_COLUMNS
    got = {(k, a): v for k, a, v in zip(df[C.KOMMUNKOD], df[C.AR], df[C.FOLKMANGD])}
    assert got == {("0331", 2017): 13854, ("0380", 2017): 219914, ("0380", 2018): 225164}


def test_jsonstat2_order_and_sum_over_sex():
    # men/women per year: 0380: m 2017=100, m 2018=101, w 2017=110, w 2018=111; 0331: 200,201,210,211
    df = scb.read_jsonstat2(_jsonstat([100, 101, 110, 111, 200, 201, 210, 211]))
    got = {(k, a): v for k, a, v in zip(df[C.KOMMUNKOD], df[C.AR], df[C.FOLKMANGD])}
    assert got == {("0380", 2017): 210, ("0380", 2018): 212, ("0331", 2017): 410, ("0331", 2018): 412}
    long = scb.decode_jsonstat2(_jsonstat([100, 101, 110, 111, 200, 201, 210, 211]))
    row = long[(long.Region == "0331") & (long.Kon == "2") & (long.Tid == "2017")]
    assert row["value"].item() == 210


def test_query_bodies():
    q = scb.pxweb_v1_query(["0380"], [2017, 2018])
    assert q["query"][1]["selection"]["values"] == ["BE0101N1"] and q["response"]["format"] == "json"
    assert scb.pxweb_v2_body(["0380"], [2024])["selection"][2] == {"variableCode": "Tid", "valueCodes": ["2024"]}


def test_bad_responses(tmp_path):
    f = tmp_path / "scb.json"
    f.write_text('{"columns": [], ', encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        scb.read_scb_population(f)
    assert "scb.json" in str(exc.value) and "inte giltig JSON" in str(exc.value)
    bad = json.loads(json.dumps(V1_REGION))
    bad["data"][1]["values"] = ["många"]
    g = tmp_path / "scb_v1.json"
    g.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        scb.read_scb_population(g)
    p = exc.value.problems[0]
    assert Path(p.file).name == "scb_v1.json" and p.column == "BE0101N1" and p.value == "många"
    with pytest.raises(InputDataError, match="size anger"):
        scb.read_jsonstat2(dict(_jsonstat([1] * 8), size=[2, 2, 1, 3]))
    h = tmp_path / "scb_neg.json"
    neg = json.loads(json.dumps(V1_REGION))
    neg["data"][0]["values"] = ["-5"]
    h.write_text(json.dumps(neg), encoding="utf-8")
    with pytest.raises(InputDataError) as exc:
        scb.read_scb_population(h)
    assert any(p.column == C.FOLKMANGD for p in exc.value.problems)


def _real(name):
    ref = shared_reference()
    if ref is None:
        pytest.skip("../shared/reference is not available")
    return ref / "real-data" / "api-examples" / name


def test_real_v1_riket_2017():
    df = scb.read_scb_population(_real("scb_pxweb_v1_BefolkningNy_data_POST_response.json"))
    got = dict(zip(df[C.AR], df[C.FOLKMANGD]))
    assert (df[C.KOMMUNKOD] == "00").all()
    assert got == {2015: 9851017, 2016: 9995153, 2017: 10120242}  # sources.md §3.4 / §8 check (3)


def test_real_jsonstat2_value():
    path = _real("scb_pxweb_v2_TAB638_data_POST_jsonstat2_response.json")
    long = scb.decode_jsonstat2(path)
    row = long.iloc[0]
    assert (row.Region, row.Civilstand, row.Alder, row.Kon, row.Tid, row.value) == ("00", "OG", "0", "1", "2024", 50937)
    df = scb.read_scb_population(path)
    assert df[[C.KOMMUNKOD, C.AR, C.FOLKMANGD]].values.tolist() == [["00", 2024, 50937]]


def test_real_query_example_matches_builder():
    body = json.loads(_real("scb_pxweb_v1_BefolkningNy_query_body_EXAMPLE.json").read_text(encoding="utf-8"))
    regions = body["query"][0]["selection"]["values"]
    years = body["query"][2]["selection"]["values"]
    assert scb.pxweb_v1_query(regions, years) == body
