"""Rules never read the clock (review finding C4).

Determinism tests compare two calls in one process and cannot see a rule that
reads today's date: both calls get the same day. This test reads the source
instead: no rule, coordination or cost module may call ``date.today()``,
``datetime.now()``, ``datetime.today()``, ``datetime.utcnow()``, ``time.time()``
or their relatives. Dates are explicit arguments (``RuleContext.on``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import iizcore

_ROOT = Path(iizcore.__file__).parent
#: Packages holding rule, coordination and cost code.
_CHECKED = ("law", "coordination", "costs")
#: (receiver, attribute) pairs that read the clock.
_CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
}
#: Names that read the clock when imported bare (``from time import time``).
_CLOCK_IMPORTS = {("time", n) for n in ("time", "time_ns", "localtime", "gmtime")}


def _receiver(node: ast.expr) -> str | None:
    # ``date.today()`` → "date"; ``datetime.datetime.now()`` → "datetime".
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def clock_reads(source: str, filename: str = "<source>") -> list[str]:
    """Every clock read in ``source`` as ``"line: call"``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            pair = (_receiver(node.func.value), node.func.attr)
            if pair in _CLOCK_CALLS:
                found.append(f"{node.lineno}: {pair[0]}.{pair[1]}()")
        if isinstance(node, ast.ImportFrom) and node.module == "time":
            for alias in node.names:
                if ("time", alias.name) in _CLOCK_IMPORTS:
                    found.append(f"{node.lineno}: from time import {alias.name}")
    return found


def _modules() -> list[Path]:
    return sorted(p for package in _CHECKED for p in (_ROOT / package).rglob("*.py"))


def test_the_checked_packages_exist() -> None:
    """Guard against a vacuous pass: the packages are there and hold code."""
    for package in _CHECKED:
        assert (_ROOT / package / "__init__.py").is_file(), package
    assert len(_modules()) > 10


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(_ROOT)))
def test_no_clock_in_rules(path: Path) -> None:
    """No rule, coordination or cost module reads the clock."""
    assert clock_reads(path.read_text(encoding="utf-8"), str(path)) == []


@pytest.mark.parametrize(
    "source",
    [
        "from datetime import date\nx = date.today()\n",
        "import datetime\nx = datetime.datetime.now()\n",
        "from datetime import datetime\nx = datetime.utcnow()\n",
        "import time\nx = time.time()\n",
        "from time import time\n",
    ],
)
def test_the_check_finds_clock_reads(source: str) -> None:
    """The checker itself catches each form."""
    assert clock_reads(source)


def test_the_check_ignores_explicit_dates() -> None:
    assert clock_reads("from datetime import date\nx = date(2025, 1, 1)\ny = x.today\n") == []
