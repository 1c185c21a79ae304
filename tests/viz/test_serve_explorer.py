"""kg serve's /explorer: view, era and size from the URL, thinned and capped, cached per store state."""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.request

import pytest

from kg.serve.app import EXPLORER_MAX_NODES
from tests.network.graphs import demo_store
from tests.serve.conftest import running

pytestmark = [pytest.mark.server,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="kg serve's workers need Linux")]


@pytest.fixture(scope="module")
def server(request, tmp_path_factory):
    with running(demo_store(request, tmp_path_factory)) as served:
        yield served


def get(url: str):
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), error.headers


def page_data(body: str) -> dict:
    return json.loads(re.search(r'id="kg-data">(.*?)</script>', body, re.S).group(1))


def test_view_era_and_size_come_from_the_url(server):
    status, body, headers = get(server.url + "/explorer?view=full&era=ccg&size=30")
    assert status == 200 and "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    data = page_data(body)
    assert data["view"] == "full" and "CCG era" in data["scope"]
    assert len(data["nodes"]) <= 30 and len(data["edges"]) <= 4 * 30
    assert data["thinning"]["settings"]["max_nodes"] == 30 and data["controls"]["max_nodes"] == "size=N"
    status, again, _ = get(server.url + "/explorer?view=full&era=ccg&size=30")
    assert again == body  # the same page, from the cache


def test_the_default_is_a_readable_comention_map(server):
    status, body, _ = get(server.url + "/explorer")
    data = page_data(body)
    assert status == 200 and data["view"] == "comention" and len(data["nodes"]) <= 500 and len(data["edges"]) <= 2000


@pytest.mark.parametrize("query, message", [
    ("view=everything", "no view called"),
    ("size=0", "size= takes"),
    (f"size={EXPLORER_MAX_NODES + 1}", "size= takes"),
    ("size=lots", "size= takes"),
    ("era=%3Cscript%3E", "era= takes"),
    ("era=victorian", "no policy era called"),
    ("view=ego:Nothing%20of%20the%20kind", "nothing called"),
])
def test_bad_parameters_are_refused(server, query, message):
    status, body, _ = get(server.url + "/explorer?" + query)
    assert status == 400 and message in body.lower(), body
    assert "<script>" not in body
