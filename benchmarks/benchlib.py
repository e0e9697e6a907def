"""Shared helpers of the benchmark scripts: timing, statistics, the cases, output.

The cases are the bundled synthetic caseloads (``iizcore/examples/caseload_<cc>.jsonl``,
drawn once with iizcore's public hypothesis strategies by
:mod:`iizcore.report.synthetic`), cycled with fresh ids when a benchmark needs
more cases than the file holds: no second case generator to keep in step.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import attrs

import iizcore
from iizcore import Case
from iizcore.io.jsonl import read_jsonl
from iizcore.report import bundled_caseload

ROOT = Path(__file__).resolve().parent
CANTONS = ("BL", "ZH")
#: Dates of the OpenFisca comparison's persons (``iiz_subset``): the parameter changes of 2021-2025.
DATES = (date(2021, 6, 1), date(2023, 3, 1), date(2024, 9, 1), date(2025, 7, 1))


# -- timing ------------------------------------------------------------------------------


def percentile(values: Sequence[float], p: float) -> float:
    """The ``p``-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[rank]


def time_each(fn: Callable[[Any], object], items: Sequence[Any], repeat: int = 1) -> list[float]:
    """Seconds per call of ``fn(item)``, one timing per item and repetition."""
    clock = time.perf_counter
    out: list[float] = []
    for _ in range(repeat):
        for item in items:
            t0 = clock()
            fn(item)
            out.append(clock() - t0)
    return out


def summary_us(seconds: Sequence[float]) -> dict[str, float]:
    """Median, p95, mean, maximum and count of per-call timings, in microseconds."""
    return {
        "median_us": round(statistics.median(seconds) * 1e6, 2),
        "p95_us": round(percentile(seconds, 95) * 1e6, 2),
        "mean_us": round(statistics.fmean(seconds) * 1e6, 2),
        "max_us": round(max(seconds) * 1e6, 2),
        "calls": len(seconds),
    }


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "iizcore": iizcore.__version__,
    }


# -- cases --------------------------------------------------------------------------------


@cache
def bundled_cases(canton: str) -> tuple[Case, ...]:
    """Every case of the canton's bundled synthetic caseload (read once per process)."""
    out = []
    for item in read_jsonl(bundled_caseload(canton), Case):
        if not isinstance(item, Case):
            raise item
        out.append(item)
    return tuple(out)


def load_cases(canton: str, n: int) -> list[Case]:
    """``n`` cases of ``canton``: the bundled caseload's first ``n``, cycled with fresh ids beyond it."""
    base = bundled_cases(canton)
    if n <= len(base):
        return list(base[:n])
    return list(cycle_ids(base, n))


def cycle_ids(cases: Sequence[Case], n: int) -> Iterator[Case]:
    """``n`` cases cycling over ``cases`` with fresh ids (cheap: attrs.evolve of the id only)."""
    for i in range(n):
        base = cases[i % len(cases)]
        yield attrs.evolve(base, id=f"c{i}")


# -- output --------------------------------------------------------------------------------


def table(rows: Iterable[Sequence[object]], header: Sequence[str]) -> str:
    """A plain-text table (no dependency)."""
    body = [[str(c) for c in r] for r in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)
    ]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in body]
    return "\n".join(out)


def dump_json(data: object, path: Path | None) -> None:
    """Write ``data`` as JSON to ``path`` (stdout if None)."""
    text = json.dumps(data, indent=2, default=str)
    if path is None:
        sys.stdout.write(text + "\n")
    else:
        path.write_text(text + "\n", encoding="utf-8")
