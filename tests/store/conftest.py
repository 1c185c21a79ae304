"""Real triple-store servers on 127.0.0.1 for the remote-store tests: Oxigraph (the `oxigraph` PyPI
package's binary) and OpenLink Virtuoso (Debian's virtuoso-opensource, installed by `make test`).

Each runs as a child process that dies with the test run (Linux parent-death signal), in a temporary
folder, on free ports, and is stopped when its tests end."""

from __future__ import annotations

import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
VIRTUOSO = shutil.which("virtuoso-t") or shutil.which("virtuoso-t", path="/usr/bin:/usr/sbin")
#: the administrator account of a new Virtuoso database (this one lives in a temporary folder on 127.0.0.1)
VIRTUOSO_USER = ("dba", "dba")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def start_server(command: list[str], ready_url: str, log: Path, seconds: float, cwd: Path | None = None):
    """Start ``command`` and wait until ``ready_url`` answers 200; fail with its log if it does not."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=cwd,
                                   preexec_fn=_die_with_parent)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(ready_url, timeout=2) as response:
                if response.status == 200:
                    return process
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    stop_server(process)
    pytest.fail(f"{command[0]} did not start within {seconds:g} s:\n" + log.read_text(errors="replace")[-2000:])


def stop_server(process: subprocess.Popen, seconds: float = 30) -> None:
    """Stop a server started by :func:`start_server` (SIGTERM, then SIGKILL)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def server(tmp_path):
    """An Oxigraph server on a free local port: its query URL's base (``…/query`` queries it)."""
    if OXIGRAPH is None:
        pytest.skip("the oxigraph server binary is not installed (pip install 'citekg[server]')")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start_server([OXIGRAPH, "serve", "--location", str(tmp_path / "remote"), "--bind", f"127.0.0.1:{port}"],
                           url + "/query?query=ASK%7B%7D", tmp_path / "oxigraph.log", 30)
    yield url
    stop_server(process)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., {dir}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
MaxQueryMem = 256M
ThreadsPerQuery = 2
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 120
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A Virtuoso server (Debian's virtuoso-opensource) on free local ports: its SPARQL endpoint URL.

    A new database, whose administrator is dba/dba; answers are capped at 10,000 rows, as Debian's
    default configuration does."""
    if VIRTUOSO is None:
        pytest.skip("Virtuoso is not installed: `make virtuoso` (or `make test`) installs Debian's "
                    "virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "www").mkdir()
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
    url = f"http://127.0.0.1:{http_port}/sparql"
    process = start_server([VIRTUOSO, "+foreground", "+configfile", str(ini)], url + "?query=ASK%7B%7D",
                           folder / "console.log", 120, cwd=folder)
    yield url
    stop_server(process, 60)
