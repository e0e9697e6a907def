"""Streaming JSONL (one JSON document per line) with errors located at their line.

:func:`read_jsonl` reads a file line by line — at flat memory, however long
the file — and yields, for every non-blank line, either the structured
value or the :class:`~iizcore.errors.InputError` that line raised, with
:attr:`~iizcore.errors.InputError.line` set. It never stops at a bad line:
malformed JSON, invalid fields, bytes that are not UTF-8, an over-long line
and a truncated last line (no final newline, cut-off JSON) each become one
error, and reading goes on.

Blank lines (only whitespace) are not records: they are skipped and not
yielded. Line numbers count every physical line, blank ones included, as an
editor shows them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final, Protocol, TypeVar

from attrs import frozen

from iizcore.errors import InputError
from iizcore.io.convert import loads

__all__ = ["MAX_LINE_BYTES", "RawLine", "iter_raw_lines", "parse_line", "read_jsonl"]

T = TypeVar("T")

#: Longest line read (bytes, newline included); a longer line is rejected, not loaded.
MAX_LINE_BYTES: Final = 4 * 1024 * 1024

_CHUNK: Final = 64 * 1024


class _Digest(Protocol):
    def update(self, data: bytes, /) -> None: ...


@frozen
class RawLine:
    """One physical line of a JSONL file, unparsed.

    ``end`` is the byte offset just after the line (its newline included):
    a run that stopped after this line resumes reading at ``end``.
    ``complete`` is False for a last line without a final newline;
    ``too_long`` marks a line longer than the limit, whose ``data`` is empty.
    """

    number: int
    data: bytes
    end: int
    complete: bool = True
    too_long: bool = False

    @property
    def blank(self) -> bool:
        """Whether the line holds only whitespace (and is therefore no record)."""
        return not self.too_long and not self.data.strip()


def iter_raw_lines(
    stream: IO[bytes],
    *,
    first_line: int = 1,
    offset: int = 0,
    max_line_bytes: int = MAX_LINE_BYTES,
    digest: _Digest | None = None,
) -> Iterator[RawLine]:
    """The lines of a binary ``stream`` read from ``offset``, numbered from ``first_line``.

    Memory stays flat: a line longer than ``max_line_bytes`` is skipped in
    chunks and reported with ``too_long=True`` instead of being held whole.
    ``digest`` (a :mod:`hashlib` object) is updated with every byte read.
    """
    position = offset
    number = first_line
    while True:
        data = stream.readline(max_line_bytes + 1)
        if not data:
            return
        position += len(data)
        if digest is not None:
            digest.update(data)
        if len(data) > max_line_bytes and not data.endswith(b"\n"):
            # Skip the rest of the over-long line without keeping it.
            while True:
                rest = stream.readline(_CHUNK)
                position += len(rest)
                if digest is not None:
                    digest.update(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield RawLine(number, b"", position, complete=True, too_long=True)
        else:
            complete = data.endswith(b"\n")
            yield RawLine(number, data, position, complete=complete)
        number += 1


def parse_line(raw: RawLine, cls: type[T]) -> T:
    """The value of ``cls`` on ``raw``'s line.

    Raises:
        InputError: with :attr:`~iizcore.errors.InputError.line` set to the
            line number and the field path of the problem; a cut-off last
            line says so.
    """
    if raw.too_long:
        raise InputError("", "line too long (more than the line limit of bytes)", line=raw.number)
    try:
        return loads(raw.data, cls)
    except InputError as exc:
        if not raw.complete and exc.path == "" and exc.reason.startswith("not valid JSON"):
            raise InputError(
                "", f"truncated last line (no final newline): {exc.reason}", line=raw.number
            ) from None
        raise exc.at_line(raw.number) from None


def read_jsonl(
    source: str | os.PathLike[str] | IO[bytes],
    cls: type[T],
    *,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Iterator[T | InputError]:
    """Each non-blank line of ``source`` as a ``cls`` value, or the InputError at its line.

    ``source`` is a path or a binary stream. Errors are yielded, not raised,
    so that one bad line never hides the lines after it.
    """
    if isinstance(source, str | os.PathLike):
        with Path(source).open("rb") as stream:
            yield from _read(stream, cls, max_line_bytes)
    else:
        yield from _read(source, cls, max_line_bytes)


def _read(stream: IO[bytes], cls: type[T], max_line_bytes: int) -> Iterator[T | InputError]:
    for raw in iter_raw_lines(stream, max_line_bytes=max_line_bytes):
        if raw.blank:
            continue
        try:
            yield parse_line(raw, cls)
        except InputError as exc:
            yield exc
