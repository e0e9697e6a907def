"""Shared output helpers for the ``iiz`` subcommands (rich tables, JSON)."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["console", "print_json", "table"]


def console() -> Console:
    """A console on standard output (no colour codes when piped)."""
    return Console(soft_wrap=False)


def table(title: str, *columns: str) -> Table:
    """A rich table with ``columns``."""
    t = Table(title=title, title_justify="left")
    for col in columns:
        t.add_column(col)
    return t


def print_json(data: Any) -> None:
    """``data`` as indented JSON on standard output."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
