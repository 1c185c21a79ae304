"""Where sources come from: files, folders, standard input and strings.

A :class:`Source` is a named, re-readable text: parsing may need to read it
twice (once to sniff, once to parse; or twice to merge duplicates), so
standard input is spooled to a temporary file first. A gzip-compressed file
(PubMed's baseline ``pubmed25n0001.xml.gz``, an ``export.nbib.gz``) is read as
the text it holds, whatever its name.
"""

from __future__ import annotations

import atexit
import codecs
import gzip
import hashlib
import io
import os
import re
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from kg._io import is_own_output, is_store_folder
from kg.errors import ParseError

__all__ = ["Source", "expand", "HEAD_BYTES"]

HEAD_BYTES = 16384  # how much of a source the sniffers see
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Source:
    """One input: a file on disk, spooled standard input, or a string.

    ``name`` is what messages show (the path as the user gave it);
    ``key`` is a stable name for the graph, independent of the working
    directory: the path relative to the folder given, or the file name.
    """

    name: str
    key: str
    path: Path | None = None
    text: str | None = None
    in_folder: bool = False  # found by expanding a folder (not named on its own)

    def open_binary(self) -> BinaryIO:
        """The raw bytes."""
        if self.path is not None:
            try:
                raw = open(self.path, "rb")  # noqa: SIM115 - closed below, once its first bytes are read
            except OSError as exc:
                raise ParseError(f"cannot read: {exc.strerror or exc}", source=self.name) from exc
            with raw:
                compressed = raw.read(2) == _GZIP_MAGIC
            return gzip.open(self.path, "rb") if compressed else open(self.path, "rb")  # type: ignore[return-value]
        return io.BytesIO((self.text or "").encode("utf-8"))

    def open_text(self) -> TextIO:
        """The text, decoded: UTF-8 (with or without BOM), else the declared or Windows-1252 encoding."""
        if self.text is not None:
            return io.StringIO(self.text.removeprefix("\ufeff"))  # as utf-8-sig does for files
        raw = self.open_binary()
        encoding = _guess_encoding(raw.read(65536))
        raw.seek(0)
        return io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=None)

    def size(self) -> int:
        """The size in bytes (of the file, or of the text as UTF-8)."""
        if self.path is not None:
            try:
                with open(self.path, "rb") as raw:
                    if raw.read(2) == _GZIP_MAGIC:  # the text's size, from the gzip trailer (modulo 4 GiB)
                        raw.seek(-4, os.SEEK_END)
                        return int.from_bytes(raw.read(4), "little") or self.path.stat().st_size
                return self.path.stat().st_size
            except OSError:
                return 0
        return len((self.text or "").encode("utf-8"))

    def head(self) -> str:
        """The first few KB of text, for sniffing."""
        with self.open_text() as stream:
            return stream.read(HEAD_BYTES)

    def sha256(self) -> str:
        """The content hash (hex) of the raw bytes."""
        digest = hashlib.sha256()
        with self.open_binary() as raw:
            for block in iter(lambda: raw.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    @classmethod
    def from_string(cls, text: str, name: str = "<string>") -> Source:
        """A source held in memory."""
        return cls(name=name, key=name, text=text)


def _guess_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 4:  # a character cut by the sample's end
            return "utf-8"
    declared = re.search(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", sample, re.I) or \
        re.search(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_-]+)""", sample)
    if declared:
        name = declared[1].decode("ascii").lower()
        try:
            codecs.lookup(name)
            return name
        except LookupError:
            pass
    return "cp1252"


def expand(inputs: Iterable[str | os.PathLike[str]], *, stdin: BinaryIO | None = None,
           exclude: Iterable[str | os.PathLike[str]] = ()) -> Iterator[Source]:
    """The sources behind command-line arguments.

    A file is itself; a folder is every non-hidden file below it, sorted,
    leaving out store folders (so ``kg build .`` does not read its own
    ``kg-store``), the files in ``exclude`` (the build's own output file)
    and the files citekg wrote (graphs, explorer pages, plots:
    :func:`kg._io.is_own_output`); ``-`` is standard input (spooled to a
    temporary file). A missing path raises :class:`ParseError`.
    """
    excluded = {_resolved(p) for p in exclude}
    for item in inputs:
        text = os.fspath(item)
        if text == "-":
            yield _spool_stdin(stdin or sys.stdin.buffer)
            continue
        path = Path(text)
        if path.is_dir():
            for file in _files_below(path):
                if _resolved(file) not in excluded and not _own_output(file):
                    yield Source(name=str(file), key=file.relative_to(path).as_posix(), path=file, in_folder=True)
        elif path.is_file():
            if _resolved(path) not in excluded:
                yield Source(name=text, key=path.name, path=path)
        else:
            raise ParseError("no such file or folder", source=text)


def _resolved(path: str | os.PathLike[str]) -> Path:
    try:
        return Path(path).resolve()
    except OSError:
        return Path(os.path.abspath(path))


def _own_output(file: Path) -> bool:
    try:
        with open(file, "rb") as raw:
            return is_own_output(raw.read(8192))
    except OSError:
        return False


def _files_below(folder: Path) -> list[Path]:
    found = []
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not _hidden(name) and not is_store_folder(Path(top, name))]
        found.extend(Path(top, name) for name in files if not _hidden(name))
    return sorted(found)


def _hidden(name: str) -> bool:
    return name.startswith(".") or name.endswith("~")


def _spool_stdin(stream: BinaryIO) -> Source:
    spool = tempfile.NamedTemporaryFile(prefix="citekg-stdin-", delete=False)
    with spool:
        for block in iter(lambda: stream.read(1 << 20), b""):
            spool.write(block)
    atexit.register(_remove, spool.name)
    return Source(name="<stdin>", key="stdin", path=Path(spool.name))


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
