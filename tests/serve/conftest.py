"""Real `kg serve` processes on 127.0.0.1 for the endpoint's tests, and plain HTTP helpers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running `kg serve`: its process and base URL."""

    process: subprocess.Popen
    url: str
    port: int

    def workers(self) -> list[int]:
        """The process ids of its worker processes (Linux /proc)."""
        return children(self.process.pid)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (from /proc/PID/task/*/children)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def rss(pids: list[int]) -> int:
    """Resident memory of the processes, in bytes."""
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


@contextlib.contextmanager
def running(store: Path, *args: str, workers: int = 2):
    """`kg serve --store STORE ARGS` in its own process until the block ends."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", str(port),
                                "--quiet", "--workers", str(workers), *args],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if process.poll() is not None:
                pytest.fail("kg serve exited: " + process.stderr.read().decode())
            try:
                urllib.request.urlopen(url + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("kg serve did not start")
        yield Server(process, url, port)
    finally:
        server = Server(process, url, port)
        server.stop()


def request(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
            timeout: float = 60):
    """(status, headers, body text) of one HTTP request; HTTP errors are answers too."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def ask(url: str, query: str, accept: str = "application/sparql-results+json", timeout: float = 60):
    """POST ``query`` to ``url``/sparql as a form."""
    return request(url + "/sparql", urllib.parse.urlencode({"query": query}).encode(),
                   {"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"}, timeout=timeout)


def raw(port: int, data: bytes, timeout: float = 15) -> bytes:
    """Send bytes on a fresh connection and return what comes back before the server closes it
    (or ``timeout`` passes)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks) and b"connection: close" not in b"".join(chunks).lower():
                head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                length = [int(l.split(b":")[1]) for l in head.lower().split(b"\r\n") if l.startswith(b"content-length:")]
                if length and len(body) >= length[0]:
                    break
        return b"".join(chunks)


@pytest.fixture(scope="module")
def seeds_store(seeds_graph) -> Path:
    """The seeds store on disk, flushed, for servers to open read-only."""
    seeds_graph.store.flush()
    return seeds_graph.store.path


@pytest.fixture(scope="module")
def served(seeds_store):
    """One `kg serve` on the seeds store for the module: 5 s, 50 rows, two workers."""
    if not sys.platform.startswith("linux"):
        pytest.skip("these tests read /proc to watch the server's processes (Linux)")
    with running(seeds_store, "--timeout", "5", "--max-rows", "50") as server:
        yield server


