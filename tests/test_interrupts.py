"""Stopping work never leaves processes behind or sources half-loaded (real ``kg build`` processes and signals),
derived graphs are replaced in one transaction, and a failing disk is a one-line error."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pyoxigraph
import pytest

import kg
from kg.builder import DERIVED_GRAPHS
from kg.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "sources"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A generated MEDLINE export big enough to take a while to build (1,500 records)."""
    folder = tmp_path_factory.mktemp("corpus")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(folder / "papers.nbib"),
                    "--records", "1500"], check=True, capture_output=True)
    return folder


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


def wait_for_progress(process: subprocess.Popen, store: Path, timeout: float = 240) -> None:
    """Until the build has written into its store and its workers are up (or it ended)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        children = psutil.Process(process.pid).children(recursive=True)
        if len(children) >= 2 and store.exists() and sum(f.stat().st_size for f in store.iterdir()) > 200_000:
            return
        time.sleep(0.2)


def whole_sources_only(store: Path) -> list[str]:
    """Problems with the store: graphs that are neither stamped sources nor derived graphs."""
    native = pyoxigraph.Store.read_only(str(store))
    stamped = {r[0].value for r in native.query(
        "SELECT ?g WHERE { GRAPH ?g { ?g <https://w3id.org/citekg/ontology#sha256> ?sha } }")}
    graphs = {g.value for g in native.named_graphs()}
    return sorted(graphs - stamped - set(DERIVED_GRAPHS))


@pytest.mark.parametrize("signal_number, status", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_build_and_every_worker_and_leaves_whole_sources(corpus, tmp_path, signal_number,
                                                                            status):
    store = tmp_path / "store"
    process = subprocess.Popen(kg_command("build", str(corpus), "--store", str(store), "-j", "2"),
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    wait_for_progress(process, store)
    assert process.poll() is None, "the build ended before it could be interrupted"
    workers = psutil.Process(process.pid).children(recursive=True)
    sent = time.monotonic()
    process.send_signal(signal_number)
    stderr = process.communicate(timeout=120)[1]
    stopped_in = time.monotonic() - sent
    assert process.returncode == status, stderr[-2000:]
    assert "stopped" in stderr and "Traceback" not in stderr
    assert stopped_in < 60  # seconds on a busy shared machine; the point is that it stops at all
    time.sleep(0.5)
    assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    assert whole_sources_only(store) == []
    rebuilt = kg.build([corpus], store=store)  # finishes what was stopped
    assert rebuilt.report.records == 1500
    rebuilt.close()


def test_a_build_killed_outright_is_cleaned_up_by_the_next(corpus, tmp_path):
    store = tmp_path / "store"
    process = subprocess.Popen(kg_command("build", str(corpus), "--store", str(store), "-j", "2", "-q"),
                               start_new_session=True)
    wait_for_progress(process, store)
    workers = psutil.Process(process.pid).children(recursive=True)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    time.sleep(2)
    assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]  # they die with it
    graph = kg.build([corpus], store=store)
    assert graph.report.records == 1500
    assert all(g not in graph.store.graph_names() for g in graph.report.incomplete)
    graph.close()
    assert whole_sources_only(store) == []


REPLACE = """
import sys, pyoxigraph
from kg.store.oxigraph import OxigraphStore
store = OxigraphStore(sys.argv[1])
new = "".join(f'<urn:s{i}> <urn:p> "new {i}" <urn:g> .\\n' for i in range(200_000)).encode()
print("replacing", flush=True)
store.replace_graphs({"urn:g": new})
print("replaced", flush=True)
"""


def test_a_graph_replacement_killed_half_way_leaves_the_old_graph_or_the_new_one(tmp_path):
    path = tmp_path / "store"
    store = OxigraphStore(path)
    store.load(["".join(f'<urn:s{i}> <urn:p> "old {i}" <urn:g> .\n' for i in range(200_000)).encode()])
    store.close()
    process = subprocess.Popen([sys.executable, "-c", REPLACE, str(path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "replacing"
    time.sleep(1.0)
    process.kill()
    process.wait()
    values = {q.object.value.split()[0] for q in pyoxigraph.Store.read_only(str(path))}
    assert values in ({"old"}, {"new"})


def test_a_full_disk_is_a_one_line_error_and_the_old_file_stays(tmp_path):
    store = tmp_path / "store"
    kg.build([EXAMPLES / "export-revalidation.nbib"], store=store).close()
    out = tmp_path / "graph.nt"
    out.write_text("the earlier file\n")
    limit = "import resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); " \
            "resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000)); from kg.cli import main; " \
            "sys.argv[0] = 'kg'; main()"
    done = subprocess.run([sys.executable, "-c", limit, "export", "--store", str(store), "--view", "documents",
                           "-o", str(tmp_path / "view.graphml"), "-q"], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and "cannot write" in done.stderr and "view.graphml" in done.stderr
    serialize = f"import kg; kg.KnowledgeGraph.open({str(store)!r}).serialize({str(out)!r})"
    writer = subprocess.run([sys.executable, "-c", limit.split("from kg.cli")[0] + serialize],
                            capture_output=True, text=True)
    assert writer.returncode != 0 and "WriteError" in writer.stderr and "graph.nt" in writer.stderr
    assert out.read_text() == "the earlier file\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".graph.nt")]  # no temporary file left
