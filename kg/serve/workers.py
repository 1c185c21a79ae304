"""Queries run in worker processes, where they can be stopped.

Each worker is a child Python process (running :func:`_main`) that opens
the store read-only and answers one job at a time over a socket: it checks
the query's shape and that it is read-only (:mod:`kg.store.guard`), runs it,
reads the answer lazily and stops at the row or byte limit, so that no more
than the limit is ever held, and sends back the serialised body. Its memory
is capped (``RLIMIT_DATA``, else ``RLIMIT_AS``) and each job's CPU time too
(``RLIMIT_CPU``); the server kills it at the wall-clock limit and starts
another, so a runaway query frees its slot. On Linux a worker also moves
into a network namespace of its own where it can, so even a query that got
past the checks could not reach another address. A worker exits when the
server does, however the server ends: a lifeline pipe closes and a thread
in the worker sees it.

:class:`WorkerPool` is the server's side: blocking calls, meant for threads.
"""

from __future__ import annotations

import ctypes
import json
import math
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kg.errors import QueryError, UsageError
from kg.graph import KnowledgeGraph
from kg.serve.render import render_graph, render_rows
from kg.store import query_error
from kg.store.guard import ReadOnlyError, check_read_only, check_shape
from kg.network.thin import READABLE, thinning_with
from kg.store.oxigraph import OxigraphStore
from kg.viz import explorer_html
from kg.vocab.namespaces import PREFIXES

__all__ = ["Limits", "Reply", "WorkerPool", "WorkerError", "store_fingerprint"]

#: Stack of the thread that runs a job: rdflib's parser recurses deeply on nested queries.
JOB_STACK = 256 << 20
#: A worker whose resident memory grew this much past its start is replaced after its answer.
RECYCLE_GROWTH = 256 << 20


@dataclass(frozen=True)
class Limits:
    """What one query may use."""

    timeout: float = 30.0  # wall-clock seconds
    max_rows: int = 10_000  # rows (or triples) in an answer; the rest are cut
    max_bytes: int = 32 << 20  # bytes of an answer; rows past it are cut
    max_memory: int = 1 << 30  # bytes of memory a worker may allocate beyond its start
    max_length: int = 100_000  # characters of a query
    max_depth: int = 128  # bracket nesting of a query


@dataclass(frozen=True)
class Reply:
    """A worker's answer: HTTP status, media type, body, whether rows were cut."""

    status: int
    media: str
    body: bytes
    truncated: bool = False
    headers: dict[str, str] = field(default_factory=dict)


class WorkerError(Exception):
    """A job could not be answered: ``status`` (503 busy or too slow or too big, 500 crashed) and why."""

    def __init__(self, status: int, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.retry_after = status, message, retry_after


def store_fingerprint(path: Path) -> str:
    """A string that changes whenever the Oxigraph store at ``path`` is written (its files' names,
    sizes and modification times); ``""`` when it cannot be read."""
    try:
        entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(path) if e.is_file())
    except OSError:
        return ""
    newest = max((m for _, _, m in entries), default=0)
    return f"{newest}-{len(entries)}-{sum(s for _, s, _ in entries)}"


# ============================================================ the server's side

class _Worker:
    """One worker process and its two descriptors: jobs (a socket) and the lifeline (a pipe)."""

    def __init__(self, store: Path, limits: Limits, generation: int, quiet: bool) -> None:
        ours, theirs = socket.socketpair()
        life_read, self._life_write = os.pipe()
        self.generation = generation
        self.process = subprocess.Popen(
            [sys.executable, "-c", "import sys; from kg.serve.workers import _main; _main(sys.argv[1:])",
             str(theirs.fileno()), str(life_read), str(store),
             json.dumps(asdict(limits))],
            pass_fds=(theirs.fileno(), life_read), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL if quiet else None)
        theirs.close()
        os.close(life_read)
        self.conn = Connection(os.dup(ours.fileno()))
        ours.close()
        self.ready = False

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            raise WorkerError(500, "a query worker did not start")
        hello = json.loads(self.conn.recv_bytes())
        if hello.get("status") != "ready":
            raise WorkerError(500, f"a query worker could not open the store: {hello.get('message')}")
        self.ready = True

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()
        try:
            os.close(self._life_write)
        except OSError:
            pass


class WorkerPool:
    """``size`` workers on the store at ``store``; :meth:`run` sends a job to an idle one. Workers of an
    older build of the store are replaced (:meth:`check_store`). Thread-safe; blocking."""

    def __init__(self, store: str | os.PathLike[str], limits: Limits = Limits(), size: int = 2,
                 quiet: bool = True) -> None:
        self.store = Path(store)
        self.limits, self.size, self.quiet = limits, size, quiet
        self.generation = 0
        self.fingerprint = store_fingerprint(self.store)
        self.changed_at = time.time()
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._running: dict[_Worker, float] = {}  # worker -> deadline
        self._lock = threading.Lock()
        self._checked = 0.0
        self._closed = False

    # ------------------------------------------------------------ life
    def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        workers = [self._spawn() for _ in range(self.size)]
        for worker in workers:
            try:
                worker.wait_ready(60)
            except WorkerError:
                self.close()
                raise
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store, self.limits, self.generation, self.quiet)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, worker: _Worker | None) -> None:
        """Kill ``worker`` (if any) and put a fresh one in the idle queue once it is ready."""
        if worker is not None:
            worker.kill()
            with self._lock:
                self._all.discard(worker)
        if self._closed:
            return
        fresh = self._spawn()
        try:
            fresh.wait_ready(60)
        except WorkerError:
            fresh.kill()
            with self._lock:
                self._all.discard(fresh)
            time.sleep(1)  # the store may be mid-write; try again rather than lose the slot
            threading.Thread(target=self._replace, args=(None,), daemon=True).start()
            return
        if self._closed:
            fresh.kill()
            return
        self._idle.put(fresh)

    def _replace_later(self, worker: _Worker) -> None:
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()

    def close(self) -> None:
        """Kill every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    # ------------------------------------------------------------ store changes
    def check_store(self, every: float = 1.0) -> bool:
        """Whether the store changed since the workers opened it (looked at most once per ``every``
        seconds); if it did, workers are replaced as they come free, so later queries see the new build."""
        now = time.monotonic()
        if now - self._checked < every:
            return False
        self._checked = now
        fingerprint = store_fingerprint(self.store)
        if fingerprint == self.fingerprint:
            return False
        with self._lock:
            self.fingerprint, self.changed_at = fingerprint, time.time()
            self.generation += 1
        return True

    def retry_after(self) -> int:
        """Seconds until a running job must have ended (at least 1)."""
        with self._lock:
            deadlines = list(self._running.values())
        return max(1, math.ceil(min(deadlines) - time.monotonic())) if deadlines else 1

    # ------------------------------------------------------------ jobs
    def run(self, job: dict[str, Any], wait: float = 0.0, timeout: float | None = None) -> Reply:
        """Send ``job`` to an idle worker (waiting up to ``wait`` seconds for one) and return its
        :class:`Reply`; :class:`WorkerError` when none is free, past the time limit (the worker is
        killed and replaced) or when the worker died."""
        try:
            worker = self._idle.get(timeout=wait) if wait > 0 else self._idle.get_nowait()
        except queue.Empty:
            raise WorkerError(503, "every query worker is busy; try again shortly",
                              retry_after=self.retry_after()) from None
        if worker.generation != self.generation:  # opened before the store last changed
            worker.kill()
            with self._lock:
                self._all.discard(worker)
            worker = self._spawn()
            try:
                worker.wait_ready(60)
            except WorkerError:
                self._replace_later(worker)
                raise
        limit = timeout if timeout is not None else self.limits.timeout
        deadline = time.monotonic() + limit
        with self._lock:
            self._running[worker] = deadline
        healthy = False
        try:
            worker.conn.send_bytes(json.dumps(job).encode("utf-8"))
            if not worker.conn.poll(limit):
                raise WorkerError(503, f"the query ran longer than {limit:g} s and was stopped",
                                  retry_after=1)
            head = json.loads(worker.conn.recv_bytes())
            body = worker.conn.recv_bytes() if worker.conn.poll(max(5.0, deadline - time.monotonic())) else None
            if body is None:
                raise WorkerError(500, "a query worker stopped answering")
            healthy = not head.get("retire")
            return Reply(head["status"], head["media"], body, bool(head.get("truncated")), head.get("headers", {}))
        except (EOFError, OSError):
            raise WorkerError(*self._death(worker)) from None
        finally:
            with self._lock:
                self._running.pop(worker, None)
            if healthy and not self._closed:
                self._idle.put(worker)
            else:
                self._replace_later(worker)

    def _death(self, worker: _Worker) -> tuple[int, str]:
        """Why a worker's socket closed mid-job: its exit status as an HTTP status and a message."""
        try:
            code = worker.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return 500, "a query worker stopped answering"
        megabytes = self.limits.max_memory >> 20
        if code in (-signal.SIGXCPU, -signal.SIGKILL):
            return 503, f"the query used more than {self.limits.timeout:g} s of processor time and was stopped"
        if code in (-signal.SIGABRT, 3):  # Rust aborts when an allocation fails
            return 503, f"the query needed more than {megabytes:,} MB of memory and was stopped"
        return 500, f"the query engine failed on this query (worker exit status {code})"


# ============================================================ the worker's side

def _deny_network() -> bool:
    """Move this (still single-threaded) process into a network namespace of its own, with no
    interface but a loopback that is down. Linux only, best effort: False where it is not allowed."""
    if not sys.platform.startswith("linux"):
        return False
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    libc = ctypes.CDLL(None, use_errno=True)
    flags = clone_newnet if os.geteuid() == 0 else clone_newnet | clone_newuser
    return libc.unshare(flags) == 0


def _die_with_parent(lifeline: int) -> None:
    """Exit as soon as the server is gone: it holds the lifeline's write end, so a read here sees EOF."""
    def watch() -> None:
        try:
            while os.read(lifeline, 1):
                pass
        finally:
            os._exit(0)
    # (not PR_SET_PDEATHSIG: it fires when the server *thread* that started the worker ends)
    threading.Thread(target=watch, daemon=True).start()


def _cap_memory(extra: int) -> None:
    name = "RLIMIT_DATA" if sys.platform.startswith("linux") else "RLIMIT_AS"
    which = getattr(resource, name)
    used = _vm_field("VmData" if name == "RLIMIT_DATA" else "VmSize")
    _, hard = resource.getrlimit(which)
    wanted = used + extra
    try:
        resource.setrlimit(which, (wanted if hard == resource.RLIM_INFINITY else min(wanted, hard), hard))
    except (ValueError, OSError):
        pass  # not enforced here (macOS): the wall-clock limit still stops the query


def _cap_cpu(seconds: float) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + seconds) + 1
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def _vm_field(name: str) -> int:
    """A size from /proc/self/status in bytes (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class _Job:
    """Runs jobs against the store inside a worker."""

    def __init__(self, store_path: str, limits: Limits) -> None:
        import pyoxigraph

        self.pyoxigraph = pyoxigraph
        self.path = store_path
        self.store = pyoxigraph.Store.read_only(store_path)
        self.limits = limits
        self._graph: KnowledgeGraph | None = None

    def run(self, job: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        try:
            if job.get("op") == "explorer":
                return self.explorer(str(job.get("view") or "comention"), job.get("era"), int(job.get("size") or 500))
            return self.query(job["query"], job.get("select_media"), job.get("graph_media"))
        except QueryError as exc:
            return _text(400, f"query error: {exc}")
        except ReadOnlyError as exc:
            return _text(403, str(exc))
        except MemoryError:
            return _text(503, f"the query needed more than {self.limits.max_memory >> 20:,} MB of memory "
                              "and was stopped", retire=True)
        except (OSError, RuntimeError, ValueError, TypeError) as exc:
            return _text(500, f"the query engine failed: {exc}")

    def query(self, sparql: str, select_media: str | None, graph_media: str | None) -> tuple[dict[str, Any], bytes]:
        limits = self.limits
        shape = check_shape(sparql, max_length=limits.max_length, max_depth=limits.max_depth)
        try:
            form = check_read_only(sparql, shape)
        except QueryError as exc:
            # Oxigraph's own message says where it stops, as `kg query` does. The scan found no SERVICE,
            # so parsing it on an empty store calls nothing out.
            try:
                self.pyoxigraph.Store().query(sparql, prefixes=dict(PREFIXES))
            except SyntaxError as syntax:
                raise query_error(syntax, sparql) from syntax
            raise exc from None
        media = select_media if form in ("select", "ask") else graph_media
        if media is None:
            return _text(406, "no acceptable format: results come as JSON, XML, CSV or TSV, graphs as "
                              "Turtle, N-Triples, JSON-LD or RDF/XML")
        try:
            answer = self.store.query(sparql, use_default_graph_as_union=True, prefixes=dict(PREFIXES))
        except SyntaxError as exc:
            raise query_error(exc, sparql) from exc
        if form in ("select", "ask"):
            body, truncated = render_rows(answer, media, limits.max_rows, limits.max_bytes)
        else:
            body, truncated = render_graph(answer, media, limits.max_rows, limits.max_bytes, dict(PREFIXES))
        return {"status": 200, "media": media, "truncated": truncated}, body

    def explorer(self, view: str, era: str | None, size: int) -> tuple[dict[str, Any], bytes]:
        """The explorer page of ``view`` in ``era`` (an era's name or years), thinned to at most ``size`` nodes
        and four links a node (the server checked the three); a view or era the graph cannot make is a 400."""
        if self._graph is None:  # one per worker: the catalogue of names is read once
            self._graph = KnowledgeGraph(OxigraphStore(self.path, read_only=True))
        graph = self._graph
        years = era if era and (era[0].isdigit() or era[0] == "-") else None
        thinning = thinning_with(READABLE, max_nodes=size, max_edges=min(READABLE.max_edges or 4 * size, 4 * size))
        try:
            page = explorer_html(graph, view, years=years, era=None if years else era, thinning=thinning,
                                 controls="url")
        except UsageError as exc:
            return _text(400, str(exc))
        return {"status": 200, "media": "text/html"}, page.encode("utf-8")


def _text(status: int, message: str, retire: bool = False) -> tuple[dict[str, Any], bytes]:
    return {"status": status, "media": "text/plain", "retire": retire}, (message + "\n").encode("utf-8")


def _main(argv: list[str]) -> None:
    """A worker's life: arguments JOB_FD LIFELINE_FD STORE LIMITS_JSON."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group; the server stops us
    jobs_fd, lifeline, store_path, limits = int(argv[0]), int(argv[1]), argv[2], Limits(**json.loads(argv[3]))
    isolated = _deny_network()
    _die_with_parent(lifeline)
    conn = Connection(jobs_fd)
    try:
        runner = _Job(store_path, limits)
        import rdflib.plugins.sparql.parser  # noqa: F401 - built once, before the first query is timed
    except (OSError, ImportError) as exc:
        conn.send_bytes(json.dumps({"status": "failed", "message": str(exc)}).encode("utf-8"))
        return
    _cap_memory(limits.max_memory)
    threading.stack_size(JOB_STACK)
    start_rss = _vm_field("VmRSS")
    conn.send_bytes(json.dumps({"status": "ready", "network_isolated": isolated}).encode("utf-8"))
    while True:
        try:
            job = json.loads(conn.recv_bytes())
        except EOFError:
            return
        _cap_cpu(limits.timeout)
        outcome: list[tuple[dict[str, Any], bytes]] = []
        thread = threading.Thread(target=lambda: outcome.append(runner.run(job)))
        thread.start()
        thread.join()
        head, body = outcome[0] if outcome else _text(500, "the query engine failed", retire=True)
        if start_rss and _vm_field("VmRSS") - start_rss > RECYCLE_GROWTH:
            head["retire"] = True  # memory the allocator keeps; a fresh worker starts small again
        conn.send_bytes(json.dumps(head).encode("utf-8"))
        conn.send_bytes(body)
        if head.get("retire"):
            return

