"""``kg build --dask``: the batches mapped as tasks on a real Dask cluster (two worker processes on 127.0.0.1)
give the graph of a local build, byte for byte, and Ctrl-C stops the cluster's work leaving whole sources."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from click.testing import CliRunner

import kg
from kg.builder import BuildOptions
from kg.cli import cli
from kg.errors import UsageError

distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "sources" / "fixtures"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Three sources of three formats."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(FIXTURES / "medline" / "pubmed-policy-set.nbib", folder / "a.nbib")
    shutil.copy(FIXTURES / "blog-archive" / "category-archive.txt", folder / "b.txt")
    shutil.copy(FIXTURES / "wordpress" / "tag-archive-nhs.html", folder / "c.html")
    return folder


def built(corpus: Path, tmp_path: Path, name: str, **options) -> bytes:
    out = tmp_path / f"{name}.nq"
    graph = kg.build([corpus], store=tmp_path / f"store-{name}", output=out, options=BuildOptions(**options))
    graph.close()
    return out.read_bytes()


def cluster_processes(parent: psutil.Process) -> list[psutil.Process]:
    """The live worker processes (nannies and workers) under ``parent``, not multiprocessing's resource tracker."""
    found = []
    for child in parent.children(recursive=True):
        try:
            if child.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def test_a_dask_build_on_a_local_cluster_gives_the_graph_of_a_local_build(corpus, tmp_path):
    expected = built(corpus, tmp_path, "local", jobs=2)
    assert built(corpus, tmp_path, "dask", jobs=2, dask="local", batch_size=2) == expected
    assert cluster_processes(psutil.Process()) == [], "the local cluster outlived the build"


def test_a_dask_build_on_a_scheduler_by_address_gives_the_same_graph(corpus, tmp_path):
    expected = built(corpus, tmp_path, "local", jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                                  processes=True) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        assert built(corpus, tmp_path, "remote", jobs=1, dask=cluster.scheduler_address, batch_size=3) == expected
        with distributed.Client(cluster) as client:  # the build left the cluster running, idle
            assert len(client.nthreads()) == 2
            assert all(not tasks for tasks in client.processing().values())


def test_a_dask_address_that_is_not_one_is_refused_before_any_work(corpus, tmp_path):
    with pytest.raises(UsageError, match="tcp://HOST:PORT"):
        kg.build([corpus], store=tmp_path / "store", options=BuildOptions(dask="my-cluster"))
    assert not (tmp_path / "store").exists()
    result = CliRunner().invoke(cli, ["build", str(corpus), "--store", str(tmp_path / "store"), "--dask", "nowhere"])
    assert result.exit_code == 2 and "--dask nowhere: give 'local' or a scheduler's address" in result.stderr


@pytest.mark.slow
def test_ctrl_c_stops_a_dask_build_and_its_cluster_and_leaves_whole_sources(tmp_path):
    from tests.test_interrupts import whole_sources_only

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(corpus / "papers.nbib"),
                    "--records", "1500"], check=True, capture_output=True)
    store = tmp_path / "store"
    process = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store),
                                "--dask", "local", "-j", "2"], stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:  # until the cluster works and the store fills
        if store.exists() and sum(f.stat().st_size for f in store.iterdir()) > 200_000 \
                and len(cluster_processes(psutil.Process(process.pid))) >= 2:
            break
        time.sleep(0.2)
    assert process.poll() is None, "the build ended before it could be interrupted"
    cluster = cluster_processes(psutil.Process(process.pid))
    assert len(cluster) >= 2
    process.send_signal(signal.SIGINT)
    stderr = process.communicate(timeout=120)[1]
    assert process.returncode == 130, stderr[-2000:]
    assert "stopped" in stderr and "Traceback" not in stderr
    time.sleep(1.0)
    assert not [p for p in cluster if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert whole_sources_only(store) == []
