"""Example cases bundled with iizcore (JSON, one case per file); ``make demo`` assesses them.

Every person is invented; AHV numbers and names are absent on purpose.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["case_files"]


def case_files() -> list[Traversable]:
    """The bundled example case files (``*.json``), sorted by name."""
    folder = resources.files("iizcore.examples")
    return sorted((e for e in folder.iterdir() if e.name.endswith(".json")), key=lambda e: e.name)
