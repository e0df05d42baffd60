"""A minimal W3C WebDriver client for headless Chromium through chromedriver (stdlib only).

>>> with Browser.start() as browser:
...     browser.open(Path("index.html"))
...     browser.screenshot(Path("index.png"))

selenium would wrap the same five HTTP calls (new session, navigate, execute script, screenshot,
browser log); speaking them with urllib keeps the test extra free of a new dependency.
"""

from __future__ import annotations

import base64
import contextlib
import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
#: Headless flags: no sandbox (containers), no GPU, and nothing that reaches the network.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--window-size=1100,900",
)


def available() -> bool:
    """Whether Chromium and chromedriver are installed (Debian: chromium, chromium-driver)."""
    return Path(CHROMIUM).exists() and shutil.which("chromedriver") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Browser:
    """One chromedriver process and one headless Chromium session."""

    def __init__(self, driver: subprocess.Popen[bytes], port: int, profile: str) -> None:
        self.driver, self.port, self.profile = driver, port, profile
        self.session = ""

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return json.loads(response.read())["value"]
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"webdriver {method} {path}: {exc.read().decode()[:500]}") from exc

    @classmethod
    @contextlib.contextmanager
    def start(cls) -> Iterator[Browser]:
        """Start chromedriver and a session; both end when the block does."""
        port = _free_port()
        profile = tempfile.mkdtemp(prefix="symkl-chromium-")
        driver = subprocess.Popen(
            [shutil.which("chromedriver") or "chromedriver", f"--port={port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        browser = cls(driver, port, profile)
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    if browser._call("GET", "/status").get("ready"):
                        break
                except (OSError, RuntimeError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("chromedriver did not start within 20 s")
                time.sleep(0.1)
            capabilities = {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "args": [*FLAGS, f"--user-data-dir={profile}"],
                },
                "goog:loggingPrefs": {"browser": "ALL"},
            }
            created = browser._call(
                "POST", "/session", {"capabilities": {"alwaysMatch": capabilities}}
            )
            browser.session = created["sessionId"]
            yield browser
        finally:
            if browser.session:
                with contextlib.suppress(OSError, RuntimeError):
                    browser._call("DELETE", f"/session/{browser.session}")
            driver.terminate()
            try:
                driver.wait(timeout=10)
            except subprocess.TimeoutExpired:
                driver.kill()
            shutil.rmtree(profile, ignore_errors=True)

    def open(self, path: Path) -> None:
        """Load a local file and wait for it (navigation returns once the page has loaded)."""
        self._call("POST", f"/session/{self.session}/url", {"url": path.resolve().as_uri()})

    def run(self, script: str) -> Any:
        """Run JavaScript in the page (the test's probe; the pages themselves have none)."""
        return self._call(
            "POST", f"/session/{self.session}/execute/sync", {"script": script, "args": []}
        )

    def screenshot(self, path: Path) -> None:
        """A PNG of the full page (the window is resized to the page's height first)."""
        for _ in range(2):  # the window includes the browser's frame: measure, resize, again
            height = int(self.run(
                "return Math.ceil(document.body.getBoundingClientRect().bottom) + 32"
            ))  # fmt: skip
            inner = int(self.run("return window.innerHeight"))
            outer = int(self.run("return window.outerHeight"))
            self._call(
                "POST", f"/session/{self.session}/window/rect",
                {"width": 1100, "height": min(max(height + outer - inner, 300), 6000)},
            )  # fmt: skip
        data = self._call("GET", f"/session/{self.session}/screenshot")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def console(self) -> list[dict[str, Any]]:
        """The browser log since the last call (console messages, failed loads)."""
        entries: list[dict[str, Any]] = self._call(
            "POST", f"/session/{self.session}/se/log", {"type": "browser"}
        )
        return entries
