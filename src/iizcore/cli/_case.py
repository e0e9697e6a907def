"""Shared helpers of ``iiz assess`` and ``iiz plan``: reading a case file, parsing a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from iizcore.errors import InputError
from iizcore.io import loads
from iizcore.model import Case

__all__ = ["parse_date", "read_case"]


def read_case(path: str) -> Case:
    """The case in the JSON file ``path``.

    Raises:
        InputError: if the file cannot be read, or naming the bad field's path.
    """
    try:
        text = Path(path).read_bytes()
    except OSError as exc:
        raise InputError("", f"cannot read the case file ({exc.strerror})") from None
    return loads(text, Case)


def parse_date(value: str | None) -> date | None:
    """``--on YYYY-MM-DD`` as a date (None when not given)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InputError("--on", "not a date (expected YYYY-MM-DD)") from None
