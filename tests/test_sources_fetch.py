"""Tests for lagesbild_methods.sources.fetch -- offline, with an injected fake opener (no live calls)."""
import hashlib
import io
import json
import urllib.error

import pytest

from lagesbild_methods import columns as C
from lagesbild_methods.errors import NetworkError
from lagesbild_methods.sources import fetch


class FakeOpener:
    """Records requests and answers from a dict url -> bytes (or an exception)."""

    def __init__(self, answers):
        self.answers = answers
        self.requests = []

    def __call__(self, req, timeout=None):
        self.requests.append(req)
        ans = self.answers[req.full_url]
        if isinstance(ans, Exception):
            raise ans
        return io.BytesIO(ans)


class Clock:
    def __init__(self):
        self.t = 1000.0
        self.slept = []

    def __call__(self):
        return self.t

    def sleep(self, s):
        self.slept.append(s)
        self.t += s


EVENT = [{"id": 7, "datetime": "2025-01-25 7:34:06 +01:00", "name": "25 januari 02.54, Narkotikabrott, Uppsala",
          "summary": "s", "url": "/x/", "type": "Narkotikabrott", "location": {"name": "Uppsala", "gps": "59.8,17.6"}}]


def _fetcher(tmp_path, answers, **kw):
    clock = Clock()
    op = FakeOpener(answers)
    return fetch.Fetcher(tmp_path / "cache", opener=op, sleep=clock.sleep, clock=clock, **kw), op, clock


def test_polisen_user_agent_cache_sidecar_and_rate_limit(tmp_path):
    from lagesbild_methods.sources import polisen
    url = polisen.api_url(polisen.default_platser(), "2025-01")
    body = json.dumps(EVENT).encode()
    f, op, clock = _fetcher(tmp_path, {url: body})
    df, hit = fetch.hamta_polisen(None, "2025-01", fetcher=f)
    assert df[C.KOMMUNKOD].tolist() == ["0380"]
    assert op.requests[0].get_header("User-agent").startswith("lagesbild/")
    meta = json.loads(hit.fil.with_suffix(".json.json").read_text(encoding="utf-8"))
    assert meta["url"] == url and meta["sha256"] == hashlib.sha256(body).hexdigest() and meta["hamtad"].endswith("+00:00")
    assert hit.fil.read_bytes() == body
    fetch.hamta_polisen(None, "2025-01", fetcher=f)  # second call: at least 10 s later
    assert clock.slept == [pytest.approx(10.0)]
    assert len(op.requests) == 2


def test_offline_uses_cache_and_fails_clearly_without(tmp_path):
    url = "https://api.kolada.se/v3/data/kpi/N07540/municipality/0380/year/2025?per_page=5000"
    page = {"values": [{"kpi": "N07540", "municipality": "0380", "period": 2025,
                        "values": [{"count": 1, "gender": "T", "status": "", "value": 11137.49693}]}], "next_url": None}
    f, op, _ = _fetcher(tmp_path, {url: json.dumps(page).encode()})
    fetch.hamta_kolada("N07540", ["0380"], [2025], fetcher=f)
    off = fetch.Fetcher(tmp_path / "cache", offline=True, opener=lambda *a, **k: pytest.fail("network used"))
    df, hits = fetch.hamta_kolada("N07540", ["0380"], [2025], fetcher=off)
    assert hits[0].fran_cache and df[C.VARDE].item() == pytest.approx(11137.49693)
    with pytest.raises(NetworkError, match="Ingen sparad kopia"):
        fetch.hamta_kolada("N07540", ["0381"], [2025], fetcher=off)


def test_no_network_message_and_stale_cache_fallback(tmp_path):
    url = "https://polisen.se/api/events?DateTime=2025"
    down = urllib.error.URLError("Name or service not known")
    f, _, _ = _fetcher(tmp_path, {url: down})
    with pytest.raises(NetworkError) as exc:
        f.get(url, kalla="polisen")
    assert "Kunde inte nå polisen.se" in str(exc.value) and "övningsdata" in str(exc.value)
    ok, _, _ = _fetcher(tmp_path, {url: b"[]"})
    ok.get(url, kalla="polisen")
    again, _, _ = _fetcher(tmp_path, {url: down})
    assert again.get(url, kalla="polisen").fran_cache


@pytest.mark.parametrize("code,text", [(403, "User-Agent"), (404, "finns inte"), (429, "För många anrop"),
                                       (503, "Försök igen senare")])
def test_http_errors_in_swedish(tmp_path, code, text):
    url = "https://polisen.se/api/events"
    err = urllib.error.HTTPError(url, code, "x", {}, None)
    f, _, _ = _fetcher(tmp_path, {url: err})
    with pytest.raises(NetworkError, match=text):
        f.get(url, kalla="polisen")


def test_hourly_cap(tmp_path):
    urls = {f"https://polisen.se/api/events?DateTime=2025-01-{d:02d}": b"[]" for d in range(1, 31)}
    urls.update({f"https://polisen.se/api/events?DateTime=2025-02-{d:02d}": b"[]" for d in range(1, 29)})
    urls.update({"https://polisen.se/api/events?DateTime=2025-03-01": b"[]",
                 "https://polisen.se/api/events?DateTime=2025-03-02": b"[]",
                 "https://polisen.se/api/events?DateTime=2025-03-03": b"[]"})
    f, _, clock = _fetcher(tmp_path, urls)
    keys = list(urls)
    for u in keys[:60]:
        f.get(u, kalla="polisen")
    # 60 calls 10 s apart take < 1 hour: the 61st is refused
    with pytest.raises(NetworkError, match="Högst 60 anrop per timme"):
        f.get(keys[60], kalla="polisen")


def test_scb_post_body(tmp_path):
    from lagesbild_methods.sources import scb
    resp = {"columns": [{"code": "Region", "type": "d"}, {"code": "Tid", "type": "t"}, {"code": "BE0101N1", "type": "c"}],
            "data": [{"key": ["0380", "2017"], "values": ["219914"]}]}
    f, op, _ = _fetcher(tmp_path, {scb.V1_URL: json.dumps(resp).encode()})
    df, hit = fetch.hamta_scb_folkmangd(["0380"], [2017], fetcher=f)
    assert df[C.FOLKMANGD].item() == 219914
    req = op.requests[0]
    assert req.get_method() == "POST" and json.loads(req.data) == scb.pxweb_v1_query(["0380"], [2017])
    meta = json.loads(hit.fil.with_suffix(".json.json").read_text(encoding="utf-8"))
    assert json.loads(meta["fragekropp"]) == scb.pxweb_v1_query(["0380"], [2017])
