"""SCB population through PxWeb: v1 JSON (table BefolkningNy, content BE0101N1) and v2 JSON-stat2 (TAB638).

Both are turned into the population contract ``kommunkod, ar, folkmangd, kalla``. Variables other than
Region and Tid (Civilstand, Alder, Kon) are summed; an 'Alder' value 'tot' (total) is used alone when
present so that ages are not counted twice. A response without a Region variable (Region eliminated)
is the whole country ('00'). Response shapes: sources notes §3 (PxWeb API documentation; genuine responses
from the rOpenGov/pxweb test fixtures).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import columns as C
from .common import load_json, fail
from .schemas import contract_problems
from ..errors import InputDataError

V1_URL = "https://api.scb.se/OV0104/v1/doris/sv/ssd/BE/BE0101/BE0101A/BefolkningNy"
V2_URL = "https://statistikdatabasen.scb.se/api/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2"
CONTENT_POPULATION = "BE0101N1"
KALLA_V1 = "SCB, Folkmängd 31 december (BefolkningNy, PxWeb)"
KALLA_V2 = "SCB, Folkmängd 31 december (TAB638, PxWebApi v2)"


def _load_json(source, file: str | None):
    return load_json(source, "ett svar från SCB:s API i JSON-format", file)


def pxweb_v1_query(regioner: list[str], ar: list[int | str] | None) -> dict:
    """POST body for BefolkningNy: population (BE0101N1) for ``regioner`` and years ``ar`` (None: every year).

    Civilstånd, ålder and kön are left out, so SCB sums over them (eliminable variables).
    """
    tid = ({"filter": "item", "values": [str(a) for a in ar]} if ar else {"filter": "all", "values": ["*"]})
    return {
        "query": [
            {"code": "Region", "selection": {"filter": "item", "values": [str(r) for r in regioner]}},
            {"code": "ContentsCode", "selection": {"filter": "item", "values": [CONTENT_POPULATION]}},
            {"code": "Tid", "selection": tid},
        ],
        "response": {"format": "json"},
    }


def pxweb_v2_body(regioner: list[str], ar: list[int | str]) -> dict:
    """POST body for PxWebApi v2 table TAB638 (JSON-stat2 output requested in the URL)."""
    return {"selection": [
        {"variableCode": "Region", "valueCodes": [str(r) for r in regioner]},
        {"variableCode": "ContentsCode", "valueCodes": [CONTENT_POPULATION]},
        {"variableCode": "Tid", "valueCodes": [str(a) for a in ar]},
    ]}


def _to_population(long: pd.DataFrame, value: str, kalla: str, file) -> pd.DataFrame:
    """Sum a long frame with dimension columns to the population contract."""
    if "Alder" in long and (long["Alder"] == "tot").any():
        long = long[long["Alder"] == "tot"]
    if "Region" not in long:
        long = long.assign(Region="00")
    if "Tid" not in long:
        fail(file, "Svaret saknar variabeln Tid (år).", expected="en fråga som väljer år (Tid)")
    if long[value].isna().any():
        n = int(long[value].isna().sum())
        fail(file, f"Svaret innehåller {n} saknade värden.", column=value,
             expected="folkmängd för varje vald region och år")
    agg = long.groupby(["Region", "Tid"], sort=True)[value].sum().reset_index()
    out = pd.DataFrame({
        C.KOMMUNKOD: agg["Region"].astype("str"),
        C.AR: pd.to_numeric(agg["Tid"], errors="coerce").astype("Int64"),
        C.FOLKMANGD: agg[value].round().astype("int64"),
        C.KALLA: kalla,
    })
    if out[C.AR].isna().any():
        fail(file, "Ett år i svaret är inte ett årtal.", column="Tid", value=agg.loc[out[C.AR].isna(), "Tid"].iloc[0],
             expected="årtal som 2024")
    out[C.AR] = out[C.AR].astype("int64")
    out[C.KALLA] = out[C.KALLA].astype("str")
    problems = contract_problems(out, "folkmangd", file, index_is_row=False, strict_codes=False)
    if problems:
        raise InputDataError(file, problems)
    return out


def read_pxweb_v1(source, *, kalla: str = KALLA_V1, innehall: str = CONTENT_POPULATION) -> pd.DataFrame:
    """Read a PxWeb v1 JSON response (``{"columns", "data"}``) into the population contract.

    ``source`` is a path or the parsed JSON. Values are strings in the response ('5157443').
    """
    obj, file = _load_json(source, None)
    if not isinstance(obj, dict) or "columns" not in obj or "data" not in obj:
        fail(file, "Filen är inte ett PxWeb-svar (v1).", expected="JSON med 'columns' och 'data' från api.scb.se")
    cols = obj["columns"]
    dims = [c["code"] for c in cols if c.get("type") in ("d", "t")]
    contents = [c["code"] for c in cols if c.get("type") == "c"]
    if innehall not in contents:
        fail(file, f"Svaret innehåller inte folkmängd ({innehall}).", column="columns",
             value=", ".join(contents), expected=f"tabellinnehållet {innehall} (Folkmängd)")
    k = contents.index(innehall)
    keys = [d["key"] for d in obj["data"]]
    vals = [d["values"][k] for d in obj["data"]]
    long = pd.DataFrame(keys, columns=dims, dtype="str") if keys else pd.DataFrame(columns=dims, dtype="str")
    num = pd.to_numeric(pd.Series(vals, dtype="str").str.replace(r"\s", "", regex=True), errors="coerce")
    bad = num.isna() & ~pd.Series(vals, dtype="str").isin(["..", "."])
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        fail(file, "Ett värde i svaret är inte ett tal.", column=innehall, value=vals[i],
             expected="folkmängd som heltal")
    long["v"] = num.to_numpy()
    return _to_population(long, "v", kalla, file)


def decode_jsonstat2(source) -> pd.DataFrame:
    """Decode a JSON-stat 2.0 dataset into a long frame: one column per dimension id (category codes)
    plus ``value``. Values are in row-major order of ``id``/``size`` (last dimension fastest).
    """
    obj, file = _load_json(source, None)
    if not isinstance(obj, dict) or obj.get("class") != "dataset" or "id" not in obj:
        fail(file, "Filen är inte ett JSON-stat2-dataset.", expected="svar från PxWebApi v2 med outputFormat=json-stat2")
    ids, sizes = obj["id"], obj["size"]
    codes = []
    for d, n in zip(ids, sizes):
        index = obj["dimension"][d]["category"]["index"]
        if isinstance(index, list):
            ordered = index
        else:
            ordered = [c for c, _ in sorted(index.items(), key=lambda kv: kv[1])]
        if len(ordered) != n:
            fail(file, f"Dimensionen {d} har {len(ordered)} kategorier men size anger {n}.", column=d)
        codes.append(ordered)
    values = obj["value"]
    total = int(np.prod(sizes)) if sizes else 0
    if isinstance(values, dict):  # sparse form {"pos": value}
        dense = [None] * total
        for pos, v in values.items():
            dense[int(pos)] = v
        values = dense
    if len(values) != total:
        fail(file, f"Svaret har {len(values)} värden men dimensionerna ger {total}.", column="value")
    grid = pd.MultiIndex.from_product(codes, names=ids).to_frame(index=False)
    grid = grid.astype("str")
    grid["value"] = pd.to_numeric(pd.Series(values, dtype="object"), errors="coerce").to_numpy()
    return grid


def read_jsonstat2(source, *, kalla: str = KALLA_V2, innehall: str = CONTENT_POPULATION) -> pd.DataFrame:
    """Read a PxWebApi v2 JSON-stat2 response (TAB638) into the population contract."""
    obj, file = _load_json(source, None)
    long = decode_jsonstat2(obj)
    if "ContentsCode" in long:
        if innehall not in set(long["ContentsCode"]):
            fail(file, f"Svaret innehåller inte folkmängd ({innehall}).", column="ContentsCode",
                 value=", ".join(sorted(set(long["ContentsCode"]))), expected=innehall)
        long = long[long["ContentsCode"] == innehall].drop(columns="ContentsCode")
    return _to_population(long, "value", kalla, file)


def read_scb_population(path: str | Path) -> pd.DataFrame:
    """Read an SCB population response of either API version (detected from its content)."""
    obj, file = _load_json(path, None)
    if isinstance(obj, dict) and obj.get("class") == "dataset":
        return read_jsonstat2(obj) if file is None else _with_file(read_jsonstat2, obj, file)
    return _with_file(read_pxweb_v1, obj, file)


def _with_file(fn, obj, file):
    try:
        return fn(obj)
    except InputDataError as err:  # re-label with the file name
        raise InputDataError(file, [p.__class__(p.message, file, p.row, p.column, p.value, p.expected)
                                    for p in err.problems]) from None
