"""kg serve in real headless Chromium (Debian's chromium; `make browser`): a page on another origin cannot
read query results, unless --cors names that origin; the query page and the explorer work under their
Content-Security-Policy.

The explorer tests' driver (tests/chromium.py) resolves no host name at all; here a wrapper executable
lets 127.0.0.1 through (every other name still resolves to nothing) and each tab unblocks http URLs.
"""

from __future__ import annotations

import functools
import http.server
import stat
import sys
import threading
import urllib.parse

import pytest

from tests.chromium import Chromium, find_chromium
from tests.serve.conftest import running

pytestmark = [pytest.mark.browser, pytest.mark.server,
              pytest.mark.skipif(find_chromium() is None,
                                 reason="headless Chromium not installed (Debian: apt-get install chromium, or make browser)")]

WRAPPER = """#!{python}
import os, sys
args = [a if not a.startswith("--host-resolver-rules=") else "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
        for a in sys.argv[1:]]
os.execv({chromium!r}, [{chromium!r}] + args)
"""

ATTACK = """<!DOCTYPE html><html><body><script>
window.outcome = (async () => {
  const found = {};
  try { const r = await fetch('%(target)s'); found.cors = 'read ' + (await r.text()).slice(0, 40); }
  catch (e) { found.cors = 'failed: ' + e; }
  try { const r = await fetch('%(target)s', {mode: 'no-cors'}); found.opaque = r.type + ' ' + (await r.text()).length; }
  catch (e) { found.opaque = 'failed: ' + e; }
  return found;
})();
</script></body></html>"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    wrapper = tmp_path_factory.mktemp("chromium") / "chromium-loopback"
    wrapper.write_text(WRAPPER.format(python=sys.executable, chromium=find_chromium()))
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    with Chromium(executable=str(wrapper)) as chromium:
        yield chromium


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory):
    """A plain web server on another port of 127.0.0.1: another origin, as any website would be."""
    folder = tmp_path_factory.mktemp("site")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def tab(browser, url):
    page = browser.open("about:blank")
    page.send("Network.setBlockedURLs", {"urls": []})
    page.navigate(url)
    return page


def attack(browser, other_origin, endpoint: str) -> dict:
    folder, origin = other_origin
    target = endpoint + "/sparql?query=" + urllib.parse.quote("SELECT ?t WHERE { ?p dcterms:title ?t } LIMIT 1")
    (folder / "attack.html").write_text(ATTACK % {"target": target})
    page = tab(browser, origin + "/attack.html")
    try:
        return page.evaluate("window.outcome")
    finally:
        browser.send("Target.closeTarget", {"targetId": page.target})


def test_a_page_on_another_origin_cannot_read_results(browser, other_origin, seeds_graph):
    seeds_graph.store.flush()
    with running(seeds_graph.store.path) as server:
        found = attack(browser, other_origin, server.url)
    assert found["cors"].startswith("failed: TypeError"), found
    # a no-cors request gets nothing to read: Cross-Origin-Resource-Policy blocks even the opaque body
    assert found["opaque"].startswith("failed") or found["opaque"] == "opaque 0", found


def test_cors_names_the_origins_that_may_read(browser, other_origin, seeds_graph):
    _, origin = other_origin
    with running(seeds_graph.store.path, "--cors", origin) as server:
        found = attack(browser, other_origin, server.url)
    assert found["cors"].startswith("read {"), found  # so the test above would see a read if one could happen


def test_query_page_and_explorer_work_under_their_policy(browser, seeds_graph):
    with running(seeds_graph.store.path) as server:
        page = tab(browser, server.url + "/")
        try:
            page.wait_for("document.querySelectorAll('#examples button').length > 10")
            page.evaluate("document.getElementById('query').value = 'SELECT ?s WHERE { ?s a ckg:SourceFile }'")
            page.evaluate("document.querySelector('#form button').click()")
            page.wait_for("document.getElementById('status').textContent.match(/^(\\d|failed)/)")
            assert not page.evaluate("document.querySelector('#results .error')"), page.evaluate("document.getElementById('results').textContent")
            assert page.evaluate("document.getElementById('status').textContent").startswith("200"), page.evaluate("document.getElementById('status').textContent")
            assert page.evaluate("document.querySelectorAll('#results td').length") > 0
            assert not page.errors(), page.errors()
        finally:
            browser.send("Target.closeTarget", {"targetId": page.target})
        page = tab(browser, server.url + "/explorer")
        try:
            page.wait_for("window.__kg && window.__kg.ready", timeout=60)
            assert not [e for e in page.errors() if "Content Security Policy" in e], page.errors()
        finally:
            browser.send("Target.closeTarget", {"targetId": page.target})


def test_no_other_page_can_frame_the_server(browser, other_origin, seeds_graph):
    folder, origin = other_origin
    with running(seeds_graph.store.path) as server:
        (folder / "frame.html").write_text(f'<iframe src="{server.url}/"></iframe>')
        page = tab(browser, origin + "/frame.html")
        try:
            browser.pump(2)
            assert any("frame-ancestors" in e for e in page.errors()), page.errors()
        finally:
            browser.send("Target.closeTarget", {"targetId": page.target})
