"""Fetchers for the network sources with a local cache, a User-Agent and polite rate limits.

Standard library only (``urllib``). Every response is stored in ``paths.CACHE_DIR/<källa>/<sha>.<ext>``
with a sidecar JSON (``.json``) holding the source URL, the request body, the time of retrieval (UTC,
ISO 8601) and the SHA-256 of the content. With ``offline=True`` -- or when the network is unreachable
and a cached copy exists -- the cached copy is used; without one a :class:`NetworkError` explains in
Swedish how to work offline. Tests inject ``opener`` (no live calls).

Rate limits: polisen.se requires a real User-Agent, at least 10 s between calls, at most 60 calls per
hour (polisen.se, "Regler för användning" of the API); SCB allows ~10 calls / 10 s (v1) and Kolada has
no published limit -- we wait 1 s resp. 0.2 s between calls.
"""
from __future__ import annotations

import hashlib
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .. import __version__, paths
from ..errors import NetworkError

USER_AGENT = (f"lagesbild/{__version__} (kommunal lokal lägesbild; Python urllib; "
              "https://github.com/lagesbild/lagesbild)")
MIN_INTERVAL_S: dict[str, float] = {"polisen.se": 10.0, "api.scb.se": 1.0, "statistikdatabasen.scb.se": 0.4,
                                    "api.kolada.se": 0.2, "bra.se": 1.0}
MAX_PER_HOUR: dict[str, int] = {"polisen.se": 60}
TIMEOUT_S = 30


@dataclass(frozen=True)
class Hamtning:
    """A fetched (or cached) response: content bytes and the sidecar metadata."""

    content: bytes
    url: str
    hamtad: str  # ISO 8601 UTC time of retrieval
    sha256: str
    fran_cache: bool
    fil: Path

    def json(self):
        return json.loads(self.content.decode("utf-8-sig"))


class Fetcher:
    """HTTP GET/POST with cache, User-Agent and per-host rate limits.

    Parameters
    ----------
    cache_dir : where responses are stored (default ``paths.CACHE_DIR``).
    opener : callable ``(request, timeout) -> response`` (default ``urllib.request.urlopen``); tests pass a fake.
    offline : never touch the network; use the cache only.
    sleep, clock : injectable for tests (``time.sleep``, ``time.monotonic``).
    """

    def __init__(self, cache_dir: Path | None = None, *, opener: Callable | None = None, offline: bool = False,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 user_agent: str = USER_AGENT):
        self.cache_dir = Path(cache_dir) if cache_dir is not None else paths.CACHE_DIR
        self.opener = opener or urllib.request.urlopen
        self.offline = offline
        self.sleep, self.clock = sleep, clock
        self.user_agent = user_agent
        self._last: dict[str, float] = {}
        self._calls: dict[str, list[float]] = {}

    # -- cache ------------------------------------------------------------------------------
    def cache_path(self, kalla: str, url: str, body: bytes | None, ext: str) -> Path:
        key = hashlib.sha256(url.encode() + b"\n" + (body or b"")).hexdigest()[:24]
        return self.cache_dir / kalla / f"{key}.{ext}"

    def _read_cache(self, path: Path) -> Hamtning | None:
        side = path.with_suffix(path.suffix + ".json")
        if not (path.exists() and side.exists()):
            return None
        meta = json.loads(side.read_text(encoding="utf-8"))
        content = path.read_bytes()
        return Hamtning(content, meta["url"], meta["hamtad"], meta["sha256"], True, path)

    def _write_cache(self, path: Path, url: str, body: bytes | None, content: bytes, kalla: str) -> Hamtning:
        path.parent.mkdir(parents=True, exist_ok=True)
        sha = hashlib.sha256(content).hexdigest()
        now = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
        meta = {"url": url, "metod": "POST" if body else "GET", "fragekropp": body.decode("utf-8") if body else None,
                "hamtad": now, "sha256": sha, "byte": len(content), "kalla": kalla, "user_agent": self.user_agent}
        path.with_suffix(path.suffix + ".json").write_text(json.dumps(meta, ensure_ascii=False, indent=2),
                                                           encoding="utf-8")
        return Hamtning(content, url, now, sha, False, path)

    # -- rate limits -----------------------------------------------------------------------------
    def _wait_turn(self, host: str) -> None:
        gap = next((v for h, v in MIN_INTERVAL_S.items() if host == h or host.endswith("." + h)), 0.0)
        now = self.clock()
        last = self._last.get(host)
        if last is not None and now - last < gap:
            self.sleep(gap - (now - last))
        cap = next((v for h, v in MAX_PER_HOUR.items() if host == h or host.endswith("." + h)), None)
        if cap is not None:
            recent = [t for t in self._calls.get(host, []) if self.clock() - t < 3600]
            if len(recent) >= cap:
                raise NetworkError(f"Högst {cap} anrop per timme till {host} är tillåtna. Vänta en stund och "
                                   "försök igen – eller använd det som redan finns i cachen (--offline).")
            self._calls[host] = recent
        self._last[host] = self.clock()
        self._calls.setdefault(host, []).append(self._last[host])

    # -- fetch -----------------------------------------------------------------------------------
    def get(self, url: str, *, kalla: str, body: dict | None = None, ext: str = "json",
            refresh: bool = True) -> Hamtning:
        """Fetch ``url`` (POST JSON ``body`` if given) or return the cached copy.

        ``refresh=False`` returns a cached copy without a network call when one exists.
        """
        data = json.dumps(body, ensure_ascii=False).encode("utf-8") if body is not None else None
        path = self.cache_path(kalla, url, data, ext)
        cached = self._read_cache(path)
        if self.offline or (cached is not None and not refresh):
            if cached is None:
                raise NetworkError(f"Ingen sparad kopia finns för {url} och programmet körs utan nätverk "
                                   f"(--offline). Kör kommandot en gång med nätverk, eller använd övningsdata.")
            return cached
        host = urllib.parse.urlsplit(url).hostname or ""
        self._wait_turn(host)
        req = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                     headers={"User-Agent": self.user_agent, "Accept": "application/json, */*",
                                              **({"Content-Type": "application/json"} if data else {})})
        try:
            with self.opener(req, timeout=TIMEOUT_S) as resp:
                content = resp.read()
        except urllib.error.HTTPError as err:
            raise NetworkError(_http_message(err.code, url)) from None
        except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as err:
            if cached is not None:
                return cached
            reason = getattr(err, "reason", err)
            raise NetworkError(
                f"Kunde inte nå {host} ({reason}). Kontrollera nätverket. Utan nätverk fungerar paketet med "
                "övningsdata och med filer som redan hämtats (cachen); du kan också ladda ned filen i en "
                "webbläsare och läsa in den med 'lagesbild validera FIL'.") from None
        return self._write_cache(path, url, data, content, kalla)


def _http_message(code: int, url: str) -> str:
    if code == 403:
        return (f"Servern nekade anropet (403) till {url}. Polisen kräver en riktig User-Agent; kontrollera att "
                "du använder paketets hämtkommando och inte har ändrat User-Agent.")
    if code == 404:
        return f"Adressen finns inte (404): {url}. Kontrollera adressen – Brå byter nedladdningsadress varje år."
    if code == 429:
        return (f"För många anrop (429) till {url}. Vänta minst en minut; Polisen tillåter högst ett anrop per "
                "10 sekunder och 60 per timme.")
    if code >= 500:
        return f"Servern svarade med fel {code} för {url}. Försök igen senare."
    return f"Servern svarade med fel {code} för {url}."


# --------------------------------------------------------------------------------------------
# high-level fetchers: return (tidy frame, Hamtning)
# --------------------------------------------------------------------------------------------
def hamta_polisen(platser: list[str] | None = None, datum: str | None = None, *, fetcher: Fetcher | None = None):
    """Fetch Polisen events for ``platser`` (default the 8 kommuner + "Uppsala län") and parse them."""
    from . import polisen
    f = fetcher or Fetcher()
    url = polisen.api_url(platser or polisen.default_platser(), datum)
    hit = f.get(url, kalla="polisen")
    events = hit.json()
    return polisen.read_polisen_events(events), hit


def hamta_scb_folkmangd(regioner: list[str], ar: list[int] | None, *, fetcher: Fetcher | None = None):
    """Fetch population 31 December (BefolkningNy, PxWeb v1) for ``regioner`` and years ``ar`` (None: all)."""
    from . import scb
    f = fetcher or Fetcher()
    hit = f.get(scb.V1_URL, kalla="scb", body=scb.pxweb_v1_query(regioner, ar))
    return scb.read_pxweb_v1(hit.json()), hit


def hamta_kolada(kpi: list[str] | str, kommuner: list[str] | None = None, ar: list[int] | None = None, *,
                 fetcher: Fetcher | None = None, max_sidor: int = 50):
    """Fetch Kolada v3 data values, following ``next_url`` page by page."""
    from . import kolada
    f = fetcher or Fetcher()
    url = kolada.data_url(kpi, kommuner, ar)
    pages, hits = [], []
    while url and len(pages) < max_sidor:
        hit = f.get(url, kalla="kolada")
        page = hit.json()
        pages.append(page)
        hits.append(hit)
        url = kolada.next_url(page)
    return kolada.read_kolada_data(pages), hits


def hamta_bra_kommun_csv(url: str, ar: int, *, fetcher: Fetcher | None = None, kommuner: list[str] | None = None):
    """Download Brå's "Anmälda brott i kommunerna" CSV from ``url`` (the link changes every year) and read it."""
    from . import bra
    f = fetcher or Fetcher()
    hit = f.get(url, kalla="bra", ext="csv")
    return bra.read_bra_kommun_csv(hit.fil, ar, kommuner=kommuner), hit


# Brå download links for "Anmälda brott i kommunerna" (sources notes §2.1(a)); ids change every year.
BRA_KOMMUN_CSV_URL: dict[int, str] = {
    2021: "https://bra.se/download/18.2e6195c8190a64a78d4201c4/1723120294356/anmalda_brott_kommuner_2021.csv",
    2023: "https://bra.se/download/18.349839a519329944199b20/1731934941054/Anmalda%20brott%20i%20kommunerna%202023.csv",
    2024: "https://bra.se/download/18.41109aad195b25241f818dbf/1742982579590/Anm%C3%A4lda%20brott%20kommunerna%202024.csv",
    2025: "https://bra.se/download/18.3b6b697b19d24d83762a45f/1774625599791/Anm%C3%A4lda%20brott%20kommunerna%202025.csv",
}
