"""The records in a JSON export, with the lines they start and end on.

API responses, dumps and reference-manager exports wrap their records in
different envelopes; :func:`json_records` finds the records in all of them:

- an array of records (CSL-JSON, a saved list): ``[{…}, {…}]``;
- a list response: OpenAlex ``{"meta": …, "results": [{…}]}``, a Crossref
  dump ``{"items": [{…}]}`` or envelope ``{"message": {"items": [{…}]}}``;
- one record, bare or in a Crossref envelope ``{"message-type": "work", "message": {…}}``;
- JSON Lines: one record per line (OpenAlex snapshots), read line by line.

Each record comes with its first and last line and its number (1-based).
The records of one JSON document are found with :class:`json.JSONDecoder`'s
``raw_decode``, element by element, so a file cut short still gives every
record before the cut and then a :class:`~kg.errors.ParseError` naming the
line where the broken record starts. Except for JSON Lines, the document is
held in memory while it is read (API pages hold at most a few hundred works;
a Crossref dump file a few thousand).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TextIO

from kg.errors import ParseError
from kg.sources._common import clean

__all__ = ["JsonRecord", "json_records", "looks_like_json", "as_dict", "as_list", "text", "first_text"]

_DECODER = json.JSONDecoder()
_WHITESPACE = " \t\r\n"
LIST_KEYS = ("results", "items")  # where list responses keep their records


@dataclass(frozen=True)
class JsonRecord:
    """One record of a JSON export: the decoded object, its lines and its number."""

    value: Any
    start_line: int
    end_line: int
    number: int


def looks_like_json(head: str) -> bool:
    """Whether ``head`` starts (after white space and a byte-order mark) like a JSON object or array."""
    return head.lstrip("\ufeff" + _WHITESPACE)[:1] in ("{", "[")


def json_records(stream: TextIO, source: str) -> Iterator[JsonRecord | ParseError]:
    """The records of ``stream``, in order; a ParseError for a record that cannot be decoded."""
    first = stream.readline()
    second = stream.readline()
    if _is_json_lines(first, second):
        yield from _json_lines([first, second], stream, source)
        return
    text = (first + second + stream.read()).lstrip("\ufeff")
    yield from _document(text, source)


def _is_json_lines(first: str, second: str) -> bool:
    """A first line that is a whole JSON object, and a second that starts another: JSON Lines (a
    pretty-printed document's first line is not a whole object; a one-line document has no second)."""
    line = first.strip().lstrip("\ufeff")
    if not (line.startswith("{") and line.endswith("}") and second.lstrip().startswith("{")):
        return False
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _json_lines(head: list[str], stream: TextIO, source: str) -> Iterator[JsonRecord | ParseError]:
    number = 0

    def lines() -> Iterator[str]:
        yield from head
        yield from stream

    for line_no, line in enumerate(lines(), 1):
        text = line.strip().lstrip("\ufeff")
        if not text:
            continue
        number += 1
        try:
            value = json.loads(text)
        except ValueError as exc:
            yield ParseError(f"line is not a whole JSON record ({_reason(exc)}; truncated file?)", source=source,
                             line=line_no, column=getattr(exc, "colno", None), record=str(number))
            continue
        yield JsonRecord(value, line_no, line_no, number)


class _Lines:
    """Line numbers of offsets in a text, found by counting as offsets grow."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1

    def at(self, offset: int) -> int:
        if offset < self.offset:  # offsets only grow while records are read; restart otherwise
            self.offset, self.line = 0, 1
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _document(text: str, source: str) -> Iterator[JsonRecord | ParseError]:
    lines = _Lines(text)
    start = _skip(text, 0)
    if start >= len(text):
        return
    if text[start] == "[":
        yield from _array(text, start, lines, source)
        return
    if text[start] != "{":
        raise ParseError("not JSON: expected '{' or '[' at the start", source=source, line=lines.at(start))
    found = yield from _envelope(text, start, lines, source)
    if found is None:  # a bare record
        try:
            value, end = _DECODER.raw_decode(text, start)
        except ValueError as exc:
            yield _broken(exc, text, start, lines, source, 1)
            return
        if isinstance(value, dict):
            yield JsonRecord(value, lines.at(start), lines.at(end), 1)
        rest = _skip(text, end)
        if rest < len(text):
            yield ParseError("text after the JSON record", source=source, line=lines.at(rest), record="2")


def _envelope(text: str, start: int, lines: _Lines, source: str):
    """Walk the members of the object at ``start``; yield the records of a list member (``results``,
    ``items``) or of ``message``. Returns True when it found records, None when the object is itself a record."""
    position = _skip(text, start + 1)
    while position < len(text) and text[position] != "}":
        try:
            key, position = _DECODER.raw_decode(text, position)
        except ValueError:
            return None
        position = _skip(text, position)
        if position >= len(text) or text[position] != ":" or not isinstance(key, str):
            return None
        position = _skip(text, position + 1)
        if key in LIST_KEYS and text[position:position + 1] == "[":
            yield from _array(text, position, lines, source)
            return True
        if key == "message" and text[position:position + 1] == "{":
            inner = yield from _envelope(text, position, lines, source)
            if inner:
                return True
            try:
                value, end = _DECODER.raw_decode(text, position)
            except ValueError as exc:
                yield _broken(exc, text, position, lines, source, 1)
                return True
            yield JsonRecord(value, lines.at(position), lines.at(end), 1)
            return True
        try:
            _, position = _DECODER.raw_decode(text, position)
        except ValueError:
            return None
        position = _skip(text, position)
        if text[position:position + 1] == ",":
            position = _skip(text, position + 1)
    return None


def _array(text: str, start: int, lines: _Lines, source: str) -> Iterator[JsonRecord | ParseError]:
    position = _skip(text, start + 1)
    number = 0
    while position < len(text) and text[position] != "]":
        number += 1
        try:
            value, end = _DECODER.raw_decode(text, position)
        except ValueError as exc:
            yield _broken(exc, text, position, lines, source, number)
            return
        first = lines.at(position)
        if isinstance(value, dict):
            yield JsonRecord(value, first, lines.at(end), number)
        else:
            yield ParseError(f"item is a JSON {type(value).__name__}, not a record (an object)", source=source,
                             line=first, record=str(number))
        position = _skip(text, end)
        if text[position:position + 1] == ",":
            position = _skip(text, position + 1)
        elif text[position:position + 1] != "]":
            yield ParseError("expected ',' or ']' after a record (truncated file?)", source=source,
                             line=lines.at(min(position, len(text))), record=str(number + 1))
            return
    if position >= len(text):
        yield ParseError("the list of records is not closed: the file ends inside it (truncated file?)",
                         source=source, line=lines.at(len(text)), record=str(number + 1))


def _broken(exc: ValueError, text: str, start: int, lines: _Lines, source: str, number: int) -> ParseError:
    at = getattr(exc, "pos", start)
    cut = at >= len(text.rstrip()) - 1 or _reason(exc).startswith("Unterminated")
    where = f"the file ends inside it (truncated file?): {_reason(exc)}" if cut else _reason(exc)
    return ParseError(f"record starting here cannot be decoded: {where}", source=source, line=lines.at(start),
                      record=str(number))


def _reason(exc: ValueError) -> str:
    return getattr(exc, "msg", None) or str(exc)


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in _WHITESPACE:
        position += 1
    return position


# ---------------------------------------------------------------- reading values of unknown shape

def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is an object, else an empty one (a field of the wrong shape reads as missing)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is an array, else an empty one."""
    return value if isinstance(value, list) else []


def text(value: Any) -> str | None:
    """A string or number as clean text; ``None`` for anything else or nothing."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return clean(value) if isinstance(value, str) else None


def first_text(value: Any) -> str | None:
    """The first non-empty text of an array (Crossref's ``"title": ["…"]``), or the value itself."""
    if isinstance(value, list):
        return next((v for v in map(text, value) if v), None)
    return text(value)
