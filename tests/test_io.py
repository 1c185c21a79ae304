"""Files written whole, CSV a spreadsheet shows rather than runs, and citekg's own outputs recognised."""

from __future__ import annotations

import csv
import io

import pytest

from kg._io import GENERATOR_COMMENT, atomic_write_text, is_own_output, spreadsheet_safe
from kg.errors import WriteError
from kg.query.formats import write_result
from kg.store.results import QueryResult, Term


@pytest.mark.parametrize("cell, shown", [
    ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),
    ("+44 20 7946 0000", "'+44 20 7946 0000"),
    ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("-3.5", "-3.5"), ("+12", "+12"), ("1e-3", "1e-3"),
    ("Clinical Commissioning Group", "Clinical Commissioning Group"), ("", ""),
])
def test_spreadsheet_safe(cell, shown):
    assert spreadsheet_safe(cell) == shown


def test_query_csv_neutralises_formulas_but_keeps_numbers():
    result = QueryResult("select", ["title", "n"], [(Term("literal", "=1+1"), Term("literal", "-2"))])
    rows = list(csv.reader(io.StringIO(write_result(result, "csv"))))
    assert rows == [["title", "n"], ["'=1+1", "-2"]]


def test_an_unwritable_file_is_a_write_error_naming_it(tmp_path):
    (tmp_path / "notes").write_text("a file, not a folder")
    with pytest.raises(WriteError, match="notes/out.csv"):
        atomic_write_text(tmp_path / "notes" / "out.csv", "x")


@pytest.mark.parametrize("head, own", [
    (GENERATOR_COMMENT + b"<urn:a> <urn:b> <urn:c> .", True),
    (b'<!DOCTYPE html><html><head><meta charset="utf-8">\n<meta name="generator" content="citekg">', True),
    (b"\x89PNG\r\n\x1a\n....tEXtSoftware\x00citekg", True),
    (b"PMID- 1\nTI  - citekg: a paper about the tool", False),
    (b'<meta name="generator" content="WordPress 6.4">', False),
])
def test_own_outputs_are_recognised(head, own):
    assert is_own_output(head) is own
