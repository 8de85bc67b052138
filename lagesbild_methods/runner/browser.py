"""Headless Chromium driven over the DevTools protocol through a pipe (no network port, no
websocket library, no browser download): print a report to PDF, take screenshots, run a script.

Used for ``lagesbild kor --pdf``, for ``make skarmbilder`` and for the accessibility test (axe-core).
Chromium is the Debian package ``chromium`` (or ``LAGESBILD_CHROMIUM``); where it is missing,
:func:`find_chromium` returns None and callers say so in Swedish.
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ..errors import LagesbildError

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--hide-scrollbars",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-default-apps", "--disable-extensions", "--mute-audio", "--no-default-browser-check",
         "--font-render-hinting=none"]


class BrowserError(LagesbildError):
    """Chromium is missing, did not start or did not answer."""


def find_chromium() -> str | None:
    """Path of a Chromium executable, or None."""
    env = os.environ.get("LAGESBILD_CHROMIUM")
    if env:
        return env if Path(env).exists() else shutil.which(env)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


class Browser:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, timeout: float = 60.0):
        exe = find_chromium()
        if exe is None:
            raise BrowserError("Chromium saknas på den här datorn, så ingen PDF eller skärmbild kan skapas. "
                               "Installera paketet chromium (t.ex. 'sudo apt-get install chromium' eller "
                               "'make browser') och försök igen. HTML-rapporterna påverkas inte.")
        self.timeout = timeout
        self._profile = tempfile.mkdtemp(prefix="lagesbild-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # the child's ends go above 10 first, so that putting them on fds 3 and 4 cannot clobber either
        a = fcntl.fcntl(to_child_r, fcntl.F_DUPFD_CLOEXEC, 10)
        b = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_child_r)
        os.close(from_child_w)

        def _pipes_on_3_and_4():  # runs in the child between fork and exec
            os.dup2(a, 3)
            os.dup2(b, 4)

        cmd = [exe, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-pipe", "about:blank"]
        quiet = subprocess.DEVNULL if not os.environ.get("LAGESBILD_BROWSER_LOG") else None
        try:
            # close_fds=False keeps fds 3 and 4 (dup2 makes them inheritable); Python opens every
            # other descriptor non-inheritable, so nothing else leaks into the browser
            self.proc = subprocess.Popen(cmd, preexec_fn=_pipes_on_3_and_4, close_fds=False,
                                         stdin=subprocess.DEVNULL, stdout=quiet, stderr=quiet)
        finally:
            os.close(a)
            os.close(b)
        self._buf = b""
        self._id = 0
        self._events: list[dict] = []

    # ------------------------------------------------------------------ protocol
    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise BrowserError(f"Chromium svarade med fel på {method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._events.append(reply)

    def _read(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                raise BrowserError("Chromium svarade inte (tidsgränsen nåddes eller processen avslutades).")
            ready, _, _ = select.select([self._from_child], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium avslutades oväntat.")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def wait_event(self, method: str, session: str | None = None) -> dict:
        while True:
            for i, ev in enumerate(self._events):
                if ev.get("method") == method and (session is None or ev.get("sessionId") == session):
                    return self._events.pop(i)
            self._events.append(self._read())

    # ------------------------------------------------------------------ pages
    def open(self, url: str, width: int = 1280, height: int = 900, scale: float = 1.0,
             mobile: bool = False) -> "Page":
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        page.send("Page.enable")
        page.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height,
                                                         "deviceScaleFactor": scale, "mobile": mobile})
        page.send("Page.navigate", {"url": url})
        self.wait_event("Page.loadEventFired", session)
        return page

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close")
                except (BrowserError, OSError):
                    pass
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        finally:
            for fd in (self._to_child, self._from_child):
                try:
                    os.close(fd)
                except OSError:
                    pass
            shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> "Browser":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class Page:
    def __init__(self, browser: Browser, session: str, target: str):
        self.browser, self.session, self.target = browser, session, target

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, self.session)

    def evaluate(self, expression: str, await_promise: bool = False):
        res = self.send("Runtime.evaluate", {"expression": expression, "awaitPromise": await_promise,
                                             "returnByValue": True})
        if "exceptionDetails" in res:
            raise BrowserError(f"Skriptet i Chromium misslyckades: {res['exceptionDetails'].get('text')}")
        return res.get("result", {}).get("value")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        data = self.send("Page.captureScreenshot", params)["data"]
        Path(path).write_bytes(base64.b64decode(data))
        return Path(path)

    def pdf(self, footer_html: str = "", header_html: str = "") -> bytes:
        """A4 portrait, margins from the page's @page rule, header/footer on every page."""
        res = self.send("Page.printToPDF", {
            "paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True, "preferCSSPageSize": True,
            "displayHeaderFooter": bool(footer_html or header_html),
            "headerTemplate": header_html or "<span></span>", "footerTemplate": footer_html or "<span></span>",
            "marginTop": 0.6, "marginBottom": 0.7, "marginLeft": 0.55, "marginRight": 0.55})
        return base64.b64decode(res["data"])
