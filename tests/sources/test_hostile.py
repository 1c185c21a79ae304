"""Every parser fed hostile input: random text, and real fixtures cut short or garbled.

A parser may yield records or ParseError values; it must never raise
anything else (a ParseError, when it ends the file, is also acceptable).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import ParseError
from kg.model import Document
from kg.sources import registry
from tests.conftest import SEEDS

FIXTURES = Path(__file__).parent / "fixtures"
FORMAT_NAMES = registry.names()


def _samples() -> list[Path]:
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    if SEEDS.is_dir():
        files += sorted(SEEDS.iterdir())
    return files


SAMPLES = _samples()


def _run(fmt_name: str, text: str) -> None:
    fmt = registry.get(fmt_name)
    assert isinstance(fmt.sniff(text), float)
    try:
        for item in fmt.parse(io.StringIO(text), "fuzz"):
            assert isinstance(item, (Document, ParseError)), type(item)
            if isinstance(item, ParseError):
                assert item.source == "fuzz"
    except ParseError as exc:  # allowed: the file as a whole cannot be read
        assert exc.source == "fuzz"


@pytest.mark.parametrize("fmt_name", FORMAT_NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_random_text(fmt_name, text):
    _run(fmt_name, text)


@pytest.mark.parametrize("fmt_name", FORMAT_NAMES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_real_samples_cut_and_garbled(fmt_name, data):
    if not SAMPLES:
        pytest.skip("no fixture files")
    path = data.draw(st.sampled_from(SAMPLES))
    text = path.read_text(encoding="utf-8", errors="replace")
    cut = data.draw(st.integers(min_value=0, max_value=len(text)))
    noise = data.draw(st.text(max_size=30))
    at = data.draw(st.integers(min_value=0, max_value=cut))
    _run(fmt_name, text[:at] + noise + text[at:cut])
