"""Entry points of one group, read from the distributions' metadata on ``sys.path``.

What :func:`importlib.metadata.entry_points` answers, for the common case of
installed packages in plain directories (``site-packages``, a virtual
environment, editable installs whose ``*.dist-info`` lies there), without
importing :mod:`importlib.metadata`: that import alone (it pulls in the
``email`` package to read metadata headers) took about 27 ms of the 146 ms
that ``import iizcore`` plus loading one canton took (issue 9). Wherever the
environment holds more than plain directories — a zip or egg file on
``sys.path``, or an import hook that provides distributions of its own — the
answer comes from :mod:`importlib.metadata` itself, so nothing is missed.

Like :mod:`importlib.metadata`, a distribution found twice (the same
normalised name in two places on ``sys.path``) counts once, where it is found
first.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from attrs import frozen

__all__ = ["FoundEntryPoint", "entry_points"]

#: ``module``, ``module:attr.path`` and an optional ``[extras]``, as in the entry-point
#: specification (the pattern of :class:`importlib.metadata.EntryPoint`).
_VALUE: Final = re.compile(
    r"(?P<module>[\w.]+)\s*(:\s*(?P<attr>[\w.]+)\s*)?((?P<extras>\[.*\])\s*)?$"
)
_SUFFIXES: Final = (".dist-info", ".egg-info")


@frozen
class FoundEntryPoint:
    """One entry point: its name and value, and the name and version of its distribution."""

    name: str
    value: str
    dist_name: str
    dist_version: str

    def load(self) -> Any:
        """The object the value names: a module, or an attribute path within it."""
        match = _VALUE.match(self.value)
        if match is None:
            raise ValueError(f"entry point {self.name!r}: malformed value {self.value!r}")
        found: Any = importlib.import_module(match.group("module"))
        attrs = match.group("attr")
        for part in attrs.split(".") if attrs else ():
            found = getattr(found, part)
        return found


def entry_points(group: str) -> list[FoundEntryPoint]:
    """The entry points of ``group`` of every installed distribution, each distribution once."""
    if not _plain_environment():
        return _from_importlib_metadata(group)
    found: list[FoundEntryPoint] = []
    seen: set[str] = set()
    for entry in sys.path:
        for info in _metadata_dirs(entry):
            key = _normalised(info.name.rsplit(".", 1)[0].split("-", 1)[0])
            if key in seen:
                continue
            seen.add(key)
            found.extend(_group_of(info, group))
    return found


def _plain_environment() -> bool:
    """Whether every distribution lies in a plain directory on ``sys.path``.

    An import hook other than the standard path finder may provide distributions
    (``find_distributions``), and a zip file or an egg on the path may hold some; all
    of these are left to :mod:`importlib.metadata`.
    """
    for finder in sys.meta_path:
        if getattr(finder, "find_distributions", None) is not None and not _is_path_finder(finder):
            return False
    return not any(entry.endswith(".egg") or Path(entry).is_file() for entry in sys.path if entry)


def _is_path_finder(finder: object) -> bool:
    # The standard path-based finder (a class, registered as itself).
    return getattr(finder, "__module__", None) == "_frozen_importlib_external" and (
        getattr(finder, "__name__", None) == "PathFinder"
    )


def _metadata_dirs(entry: str) -> Iterator[Path]:
    try:
        with os.scandir(entry or ".") as children:
            found = sorted(c.path for c in children if c.name.endswith(_SUFFIXES) and c.is_dir())
    except OSError:  # not a directory (a missing zip, a file), or unreadable
        return
    for path in found:
        yield Path(path)


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()


def _group_of(info: Path, group: str) -> Iterator[FoundEntryPoint]:
    try:
        text = (info / "entry_points.txt").read_text(encoding="utf-8")
    except OSError:
        return
    entries = list(_section(text, group))
    if not entries:
        return
    name, version = _name_and_version(info)
    for ep_name, value in entries:
        yield FoundEntryPoint(ep_name, value, name, version)


def _section(text: str, group: str) -> Iterator[tuple[str, str]]:
    """``(name, value)`` of each entry in section ``[group]`` of an ``entry_points.txt``."""
    current: str | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            continue
        if current == group and "=" in line:
            name, _, value = line.partition("=")
            yield name.strip(), value.strip()


def _name_and_version(info: Path) -> tuple[str, str]:
    """The ``Name`` and ``Version`` headers of the distribution's metadata."""
    base = info.name
    filename = "METADATA" if base.endswith(".dist-info") else "PKG-INFO"
    name = version = ""
    try:
        with (info / filename).open(encoding="utf-8") as headers:
            for line in headers:
                if not line.strip():
                    break  # the headers end at the first blank line
                key, _, value = line.partition(":")
                if key == "Name" and not name:
                    name = value.strip()
                elif key == "Version" and not version:
                    version = value.strip()
                if name and version:
                    break
    except OSError:
        pass  # the directory's own name below
    stem = base.rsplit(".", 1)[0]
    dir_name, _, dir_version = stem.partition("-")
    return name or dir_name, version or dir_version or "0"


def _from_importlib_metadata(group: str) -> list[FoundEntryPoint]:
    import importlib.metadata

    return [
        FoundEntryPoint(
            ep.name,
            ep.value,
            ep.dist.name if ep.dist is not None else ep.name,
            ep.dist.version if ep.dist is not None else "0",
        )
        for ep in importlib.metadata.entry_points(group=group)
    ]
