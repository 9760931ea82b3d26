"""Opens a local HTML file in Debian's headless Chromium and reports what the page did.

Chromium is driven through its DevTools protocol over a pipe (``--remote-debugging-pipe``:
JSON messages separated by NUL bytes on file descriptors 3 and 4), so the check needs no
WebSocket client and no network port. It records every request the page makes, waits for the
load event, counts images that did not decode, and saves a full-page screenshot as PNG.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# As the machine's own probe starts it: no sandbox as root, no GPU, and no background traffic
# (the page's own requests are what the check is about).
_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--remote-debugging-pipe"]


@dataclass
class PageCheck:
    screenshot: Path
    images: int                       # <img> elements on the page
    broken_images: list[str]          # alt text of those that did not decode
    requests: list[str] = field(default_factory=list)   # every URL the page asked for
    title: str = ""
    text: str = ""                    # the page's visible text (document.body.innerText)

    def network_requests(self) -> list[str]:
        """Requests that would leave the machine (anything but data: and the file itself)."""
        return [u for u in self.requests if not u.startswith(("data:", "file:"))]


class _DevTools:
    def __init__(self, proc: subprocess.Popen[bytes], write_fd: int, read_fd: int) -> None:
        self.proc, self.w, self.r = proc, write_fd, read_fd
        self.buf = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, session: str | None = None, timeout: float = 30,
             **params: Any) -> dict[str, Any]:
        self.next_id += 1
        msg: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self.w, json.dumps(msg).encode() + b"\0")
        end = time.monotonic() + timeout
        while True:
            m = self._read(end - time.monotonic(), method)
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"chromium: {method}: {m['error']}")
                return dict(m.get("result", {}))
            self.events.append(m)

    def wait_for(self, method: str, timeout: float) -> dict[str, Any]:
        end = time.monotonic() + timeout
        while True:
            for k, e in enumerate(self.events):
                if e.get("method") == method:
                    return self.events.pop(k)
            self.events.append(self._read(end - time.monotonic(), method))

    def _read(self, timeout: float, waiting_for: str) -> dict[str, Any]:
        while b"\0" not in self.buf:
            ready, _, _ = select.select([self.r], [], [], max(timeout, 0))
            if not ready:
                raise TimeoutError(f"chromium: no answer to {waiting_for}")
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise RuntimeError(f"chromium exited (code {self.proc.poll()})")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\0", 1)
        return dict(json.loads(raw))


def check_page(html: Path, screenshot: Path, width: int = 1280, timeout: float = 60) -> PageCheck:
    """Loads ``html`` in headless Chromium, screenshots the whole page into ``screenshot``."""
    to_chrome_r, to_chrome_w = os.pipe()
    from_chrome_r, from_chrome_w = os.pipe()
    with tempfile.TemporaryDirectory(prefix="okoce-chromium-") as profile:
        # Chromium reads commands from fd 3 and writes answers to fd 4. Every other descriptor
        # of ours is non-inheritable (os.pipe's default), so close_fds=False leaks nothing, and
        # it is needed: closing happens after preexec_fn, and would close 3 and 4 again.
        def fds() -> None:
            # Via fresh copies, so that a pipe end already sitting on 3 or 4 is not lost.
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        proc = subprocess.Popen([CHROMIUM, *_FLAGS, f"--user-data-dir={profile}"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, preexec_fn=fds, close_fds=False)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        dt = _DevTools(proc, to_chrome_w, from_chrome_r)
        try:
            target = dt.call("Target.createTarget", url="about:blank")["targetId"]
            s = dt.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            dt.call("Network.enable", session=s)
            dt.call("Page.enable", session=s)
            dt.call("Emulation.setDeviceMetricsOverride", session=s, width=width, height=900,
                    deviceScaleFactor=1, mobile=False)
            dt.call("Page.navigate", session=s, url=html.resolve().as_uri())
            dt.wait_for("Page.loadEventFired", timeout)
            probe = ("JSON.stringify({title: document.title, images: document.images.length,"
                     " text: document.body ? document.body.innerText : '',"
                     " broken: Array.from(document.images).filter(i => !i.complete ||"
                     " i.naturalWidth === 0).map(i => i.alt || i.src.slice(0, 40))})")
            result = dt.call("Runtime.evaluate", session=s, expression=probe,
                             returnByValue=True)["result"]["value"]
            page = json.loads(result)
            shot = dt.call("Page.captureScreenshot", session=s, format="png",
                           captureBeyondViewport=True, timeout=timeout)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
            requests = [e["params"]["request"]["url"] for e in dt.events
                        if e.get("method") == "Network.requestWillBeSent"]
            return PageCheck(screenshot, page["images"], page["broken"], requests,
                             page["title"], page["text"])
        finally:
            try:
                dt.call("Browser.close", timeout=5)
            except (RuntimeError, TimeoutError, OSError):
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            os.close(to_chrome_w)
            os.close(from_chrome_r)
