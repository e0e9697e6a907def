"""Shared helpers of the ``iiz`` subcommands: reading a case file, parsing a date."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Final

from iizcore.errors import InputError
from iizcore.io import loads
from iizcore.model import Case

__all__ = ["UsageError", "parse_date", "read_case"]


class UsageError(Exception):
    """The command line combines options wrongly; ``iiz`` prints it as one line, status 2."""


_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")


def read_case(path: str) -> Case:
    """The case in the JSON file ``path``.

    Raises:
        OSError: if the file cannot be read (``iiz`` prints it as one line).
        InputError: naming the bad field's path.
    """
    return loads(Path(path).read_bytes(), Case)


def parse_date(value: str | None, option: str = "--on") -> date | None:
    """``--on YYYY-MM-DD`` as a date (None when not given); other forms are refused.

    Raises:
        InputError: at ``option`` if the value is not a date written YYYY-MM-DD.
    """
    if value is None:
        return None
    try:
        if _ISO_DATE.fullmatch(value) is None:
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InputError(option, "not a date (expected YYYY-MM-DD)") from None
