"""A file being read: decoded line by line, with line numbers, progress and its issues.

Bytes are read and decoded a block of whole lines at a time, and a block holding a non-UTF-8
byte line by line, so that byte is reported on its own line and the rest of the file is still
checked; a byte-order mark on line 1 is dropped. Every format's reader
(:mod:`~truce.formats.csvfile`, :mod:`~truce.formats.jsonl`, :mod:`~truce.formats.geojson`,
:mod:`~truce.formats.actors`) reads through a :class:`Source` and reports problems on it.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from truce.formats.issues import Issue

Progress = Callable[[int, int], None]
BLOCK = 1 << 20  # bytes of whole lines read, hashed and decoded at once


@dataclass
class Source:
    """A file being read: its name for messages, its size, and the issues found while reading."""

    path: Path
    progress: Progress | None = None
    issues: list[Issue] = field(default_factory=list)
    bad_lines: dict[int, str] = field(default_factory=dict)
    done: int = 0
    digest: Any = field(default_factory=hashlib.sha256)

    @property
    def name(self) -> str:
        return str(self.path)

    @property
    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def issue(self, code: str, line: int, column: str, message: str, value: object = "") -> Issue:
        found = Issue(code, self.name, line, column, "" if value is None else str(value), message)
        self.issues.append(found)
        return found

    def text_lines(self) -> Iterator[str]:
        """Decoded lines (newlines kept); a bad byte is an issue and decoded as U+FFFD."""
        return chain.from_iterable(self._blocks())

    def _blocks(self) -> Iterator[Iterable[str]]:
        """The file's lines a block of whole lines at a time: hashed and decoded at once and
        split in C, or line by line where a byte of the block is not UTF-8 (to name it)."""
        number = 0
        total = self.size
        report = self.progress
        with self.path.open("rb") as handle:
            update = self.digest.update
            while raws := handle.readlines(BLOCK):
                block = b"".join(raws)
                self.done += len(block)
                update(block)
                lines: Iterable[str]
                try:
                    text = block.decode("utf-8")
                except UnicodeDecodeError:
                    lines = [self._decoded(raw, number + at) for at, raw in enumerate(raws, 1)]
                    if number == 0 and lines[0].startswith("\ufeff"):
                        lines[0] = lines[0][1:]
                else:
                    if number == 0 and text.startswith("\ufeff"):
                        text = text[1:]
                    lines = io.StringIO(text, newline="\n")  # split at "\n" only, as read
                number += len(raws)
                yield lines
                if report is not None:
                    report(self.done, total)
        if report is not None and number == 0:
            report(self.done, total)

    def _decoded(self, raw: bytes, number: int) -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            self.bad_lines[number] = (
                f"byte {error.start + 1} of line {number} is not UTF-8; save the file as UTF-8"
            )
            return raw.decode("utf-8", "replace")

    def encoding_problem(self, first: int, last: int) -> str | None:
        """The message of a non-UTF-8 line among lines ``first..last``, if any."""
        if not self.bad_lines:
            return None
        for number in range(first, last + 1):
            if number in self.bad_lines:
                return self.bad_lines[number]
        return None

    def empty(self) -> bool:
        """True (and an empty-file issue) when the file has nothing but white space."""
        with self.path.open("rb") as handle:
            head = handle.read(4096)
        if head.strip().lstrip(b"\xef\xbb\xbf").strip():
            return False
        self.issue("empty-file", 1, "", "the file is empty; expected a header line and rows")
        return True


def whole_text(source: Source) -> str | None:
    """The whole file as text (GeoJSON, YAML: small files), or None after an issue."""
    chunks = list(source.text_lines())
    if source.bad_lines:
        for number, message in source.bad_lines.items():
            source.issue("bad-encoding", number, "", message)
        return None
    content = "".join(chunks)
    if not content.strip():
        source.issue("empty-file", 1, "", "the file is empty")
        return None
    return content
