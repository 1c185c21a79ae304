"""Drive headless Chromium over the DevTools protocol, for the explorer's tests and benchmark.

Test support, not part of the wheel. The browser is Debian's ``chromium``
(``make browser`` installs it); the protocol runs over a pair of pipes
(``--remote-debugging-pipe``: file descriptors 3 and 4, messages ended by a
NUL byte), so no port is opened and nothing beyond the standard library is
needed. Networking is off: host names resolve to nothing, http(s) and ws(s)
URLs are blocked, and every request the page tries is recorded so a test can
show there were none but ``file:`` and ``data:`` ones. ``$KG_CHROMIUM`` names
another executable; ``$KG_CHROMIUM_LOG=FILE`` keeps Chromium's own log.

Used as::

    with Chromium() as browser:
        page = browser.open("file:///tmp/graph.html")
        page.wait_for("window.__kg && window.__kg.ready")
        page.screenshot("explorer.png")
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Chromium", "Page", "BrowserError", "find_chromium"]

BLOCKED_URLS = ["http://*", "https://*", "ws://*", "wss://*", "ftp://*"]


class BrowserError(RuntimeError):
    """Chromium could not be started, died, or answered a command with an error."""


def find_chromium() -> str | None:
    """The Chromium executable: ``$KG_CHROMIUM``, else ``chromium`` or ``chromium-browser`` on the PATH."""
    for candidate in (os.environ.get("KG_CHROMIUM"), "chromium", "chromium-browser", "/usr/bin/chromium"):
        if candidate and (path := shutil.which(candidate)):
            return path
    return None


def _above(fd: int, lowest: int) -> int:
    """``fd`` moved to a descriptor number >= ``lowest`` (the original is closed)."""
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, lowest)
    os.close(fd)
    return moved


@dataclass
class _Events:
    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    log_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_log: list[str] = field(default_factory=list)


class Chromium:
    """A headless Chromium process, closed on exit from a ``with`` block."""

    def __init__(self, executable: str | None = None, width: int = 1400, height: int = 900,
                 timeout: float = 30.0) -> None:
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError("Chromium not found: install Debian's chromium package (make browser) "
                               "or set KG_CHROMIUM")
        self.width, self.height, self.timeout = width, height, timeout
        self._profile = tempfile.mkdtemp(prefix="kg-chromium-")
        self._next = 0
        self._buffer = b""
        self._pages: dict[str, Page] = {}
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the child's ends go above 9, so that putting them on 3 and 4 cannot overwrite one with the other
        to_browser_r, from_browser_w = (_above(fd, 10) for fd in (to_browser_r, from_browser_w))
        args = [self.executable, "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
                "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--no-default-browser-check", "--disable-sync", "--disable-extensions", "--mute-audio",
                "--disable-features=Translate,OptimizationHints,MediaRouter,DialMediaRouteProvider",
                "--host-resolver-rules=MAP * ~NOTFOUND", "--allow-file-access-from-files",
                f"--window-size={width},{height}", f"--user-data-dir={self._profile}", "about:blank"]
        # a tiny Python trampoline puts the pipes on descriptors 3 and 4, where Chromium expects them
        trampoline = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
                      "os.execv(sys.argv[3], sys.argv[3:])")
        log = os.environ.get("KG_CHROMIUM_LOG")
        self._process = subprocess.Popen(
            [sys.executable, "-c", trampoline, str(to_browser_r), str(from_browser_w), *args],
            pass_fds=(to_browser_r, from_browser_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=open(log, "ab") if log else subprocess.DEVNULL, start_new_session=True)
        os.close(to_browser_r)
        os.close(from_browser_w)
        try:
            self.send("Browser.getVersion")
        except BaseException:
            self.close()
            raise

    # -------------------------------------------------------------- protocol
    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer (events that arrive meanwhile are dispatched)."""
        self._next += 1
        ident = self._next
        message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode("utf-8") + b"\0")
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == ident:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self._dispatch(reply)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_browser], [], [], left)
            if ready:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise BrowserError("Chromium closed the DevTools pipe (it exited)")
                self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def pump(self, seconds: float = 0.0) -> None:
        """Dispatch the events that arrive within ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                message = self._receive(deadline) if seconds > 0 or b"\0" in self._buffer else None
            except BrowserError as exc:
                if "in time" in str(exc):
                    return
                raise
            if message is None:
                return
            self._dispatch(message)

    def _dispatch(self, message: dict[str, Any]) -> None:
        page = self._pages.get(message.get("sessionId", ""))
        if page is None:
            return
        method, params = message.get("method", ""), message.get("params", {})
        if method == "Target.attachedToTarget" and params.get("targetInfo", {}).get("type") == "iframe":
            child = Page(self, params["sessionId"], params["targetInfo"]["targetId"])
            self._pages[child.session] = child
            page.children.append(child)
            self._prepare(child)  # it waits for the debugger: set it up before it runs
            child.send("Runtime.runIfWaitingForDebugger")
            return
        page._event(method, params)

    def _prepare(self, page: Page) -> None:
        for method, params in (("Network.enable", {}), ("Network.setBlockedURLs", {"urls": BLOCKED_URLS}),
                               ("Runtime.enable", {}), ("Log.enable", {}),
                               ("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True,
                                                         "flatten": True})):
            page.send(method, params)

    # -------------------------------------------------------------- pages
    def open(self, url: str, wait: bool = True) -> Page:
        """A new tab, with networking blocked and events recorded, navigated to ``url``."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session, target)
        self._pages[session] = page
        self._prepare(page)
        page.send("Page.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": self.width, "height": self.height, "deviceScaleFactor": 1, "mobile": False})
        page.navigate(url, wait)
        return page

    def close(self) -> None:
        """Close the browser and remove its profile."""
        if self._process.poll() is None:
            try:
                self.send("Browser.close", timeout=5)
            except (BrowserError, OSError):
                pass
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One tab: evaluate script, wait for a condition, click, type, take screenshots; ``events`` records
    console errors, uncaught exceptions, error log entries, dialogs and every request."""

    def __init__(self, browser: Chromium, session: str, target: str) -> None:
        self.browser, self.session, self.target = browser, session, target
        self.events = _Events()
        self.children: list[Page] = []  # out-of-process iframes, each its own session
        self._loaded = False

    def _event(self, method: str, params: dict[str, Any]) -> None:
        ev = self.events
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = params.get("args", [])
            ev.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in args))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            ev.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            ev.log_errors.append(params["entry"].get("text", ""))
        elif method == "Network.requestWillBeSent":
            ev.requests.append(params.get("request", {}).get("url", ""))
        elif method == "Page.javascriptDialogOpening":
            ev.dialogs.append(params.get("message", ""))
            self.browser.send("Page.handleJavaScriptDialog", {"accept": True}, self.session)
        elif method == "Runtime.consoleAPICalled" and params.get("type") == "log":
            ev.console_log.append(" ".join(str(a.get("value", "")) for a in params.get("args", [])))
        elif method == "Page.loadEventFired":
            self._loaded = True

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """A DevTools command in this tab."""
        return self.browser.send(method, params, self.session)

    def navigate(self, url: str, wait: bool = True) -> None:
        """Go to ``url``; with ``wait``, until its load event."""
        self._loaded = False
        self.send("Page.navigate", {"url": url})
        if wait:
            deadline = time.monotonic() + self.browser.timeout
            while not self._loaded:
                if time.monotonic() > deadline:
                    raise BrowserError(f"{url} did not finish loading")
                self.browser.pump(0.05)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (awaited if a promise); a thrown error raises BrowserError."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise BrowserError(details.get("exception", {}).get("description") or details.get("text", "script error"))
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float | None = None, interval: float = 0.05) -> Any:
        """Poll ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + (timeout or self.browser.timeout)
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for: {expression}")
            self.browser.pump(interval)

    def click(self, x: float, y: float) -> None:
        """A real left click at page coordinates."""
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                   "buttons": 1 if kind == "mousePressed" else 0, "clickCount": 1})

    def type(self, selector: str, text: str) -> None:
        """Focus the element ``selector`` and type ``text`` into it as keyboard input."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})

    def press(self, key: str) -> None:
        """Press and release a key such as ``Enter``."""
        codes = {"Enter": 13, "Escape": 27, "Backspace": 8}
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": codes.get(key, 0)}
            if kind == "keyDown" and key == "Enter":
                params["text"] = "\r"
            self.send("Input.dispatchKeyEvent", params)

    def screenshot(self, path: str | os.PathLike[str]) -> Path:
        """Save a PNG of the viewport."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(base64.b64decode(data))
        return target

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error log entries so far, its iframes' included."""
        ev = self.events
        return ev.console_errors + ev.exceptions + ev.log_errors + [e for c in self.children for e in c.errors()]

    def requests(self) -> list[str]:
        """The URL of every request the page and its iframes tried."""
        return self.events.requests + [r for c in self.children for r in c.requests()]

    def dialogs(self) -> list[str]:
        """The messages of any alert, confirm or prompt the page or its iframes opened."""
        return self.events.dialogs + [d for c in self.children for d in c.dialogs()]
