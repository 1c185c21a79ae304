"""Every sniffer against every fixture: high on its own format's files, zero on all the others.

The fixtures live in one folder per format (``fixtures/<format name>``);
the seeds are two BVS listings and two blog archives as text. Each
parser's own tests keep only what is particular to it (odd heads, ties).
"""

from __future__ import annotations

import contextlib
import gzip
from pathlib import Path

import pytest

import kg
from kg.sources import registry
from kg.sources.inputs import HEAD_BYTES, expand

FIXTURES = Path(__file__).parent / "fixtures"
SEED_FORMATS = {"000": "bvs-listing", "001": "bvs-listing", "002": "blog-archive", "003": "blog-archive"}


def _head(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[:HEAD_BYTES]


def _fixtures() -> list[tuple[str, Path]]:
    """(format the file is written in, file) for every fixture; golden outputs are not sources."""
    return [(folder.name, path) for folder in sorted(FIXTURES.iterdir()) if folder.is_dir()
            for path in sorted(folder.rglob("*")) if path.is_file() and ".golden" not in path.name]


@pytest.mark.parametrize("written_in,path", _fixtures(), ids=lambda v: v if isinstance(v, str) else v.name)
@pytest.mark.parametrize("format_name", registry.names())
def test_a_sniffer_claims_its_own_fixtures_and_no_others(format_name: str, written_in: str, path: Path) -> None:
    score = registry.get(format_name).sniff(_head(path))
    if written_in == format_name:
        assert score > 0.5
    else:
        assert score == 0.0


@pytest.mark.parametrize("format_name", registry.names())
def test_a_sniffer_claims_only_the_seeds_of_its_format(format_name: str, seeds: Path) -> None:
    for path in sorted(seeds.iterdir()):
        score = registry.get(format_name).sniff(_head(path))
        if SEED_FORMATS[path.name[:3]] == format_name:
            assert score > 0.5, path.name
        else:
            assert score == 0.0, path.name


@pytest.mark.parametrize("format_name", registry.names())
def test_an_empty_head_scores_zero(format_name: str) -> None:
    assert registry.get(format_name).sniff("") == 0.0


def _utf8(path: Path) -> bool:
    try:
        path.read_text(encoding="utf-8-sig")
        return True
    except UnicodeDecodeError:  # a UTF-16 export or a PDF: it never comes as a Python string
        return False


@pytest.mark.parametrize("written_in,path", [(f, p) for f, p in _fixtures() if "malformed" not in p.name and _utf8(p)],
                         ids=lambda v: v if isinstance(v, str) else v.name)
def test_a_byte_order_mark_before_text_given_as_a_string_changes_nothing(written_in: str, path: Path) -> None:
    from kg.sources import parse
    from kg.sources.inputs import Source

    text = path.read_text(encoding="utf-8-sig")
    plain = [d.title for d in parse(Source.from_string(text), written_in)]
    marked = [d.title for d in parse(Source.from_string("\ufeff" + text), written_in)]
    assert marked == plain


@pytest.mark.parametrize("name", ["medline/pubmed-policy-set.nbib", "pubmed-xml/truncated.xml"])
def test_a_gzip_compressed_file_reads_as_the_text_it_holds(name: str, tmp_path: Path) -> None:
    plain = FIXTURES / name
    compressed = tmp_path / (plain.name + ".gz")  # any name: the content says it is gzip
    compressed.write_bytes(gzip.compress(plain.read_bytes(), mtime=0))
    unnamed = tmp_path / "download"
    unnamed.write_bytes(compressed.read_bytes())

    def read(path: Path) -> list[tuple]:
        with pytest.warns() if "truncated" in name else contextlib.nullcontext():
            return [(d.title, d.ids, [span.start_line for span in d.sources]) for d in kg.parse(path)]

    assert read(compressed) == read(plain) == read(unnamed)
    assert next(iter(expand([compressed]))).size() == plain.stat().st_size  # progress counts the text's bytes
