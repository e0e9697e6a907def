"""The interpellation report: `iiz report --canton BL` answers the four questions of 2018/778 from data.

Read and assess a JSONL case file with :func:`assess_file`, aggregate with
:func:`build_report`, render with :func:`to_markdown` or :func:`to_html`.
:func:`run_report` does all of it for a JSONL case file.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from iizcore.hooks import Canton
from iizcore.report.build import (
    DEFAULT_K,
    MAX_SHOWN,
    Assessed,
    AssessFn,
    CostLine,
    InterpellationReport,
    ShownVignette,
    VignetteSet,
    assess_file,
    build_report,
    has_parallel_offers,
    latest_as_of,
)
from iizcore.report.render import to_html, to_markdown

__all__ = [
    "DEFAULT_K",
    "MAX_SHOWN",
    "AssessFn",
    "Assessed",
    "CostLine",
    "InterpellationReport",
    "ShownVignette",
    "VignetteSet",
    "assess_file",
    "build_report",
    "bundled_caseload",
    "has_parallel_offers",
    "latest_as_of",
    "run_report",
    "to_html",
    "to_markdown",
]

#: Report date when the case file holds no readable case.
_EMPTY_FILE_DATE = date(2024, 12, 31)


def bundled_caseload(canton: str) -> Path:
    """The bundled synthetic caseload of ``canton`` (``iizcore/examples/caseload_<cc>.jsonl``).

    Raises:
        FileNotFoundError: if iizcore bundles no caseload for ``canton``.
    """
    path = Path(str(resources.files("iizcore") / "examples" / f"caseload_{canton.lower()}.jsonl"))
    if not path.is_file():
        raise FileNotFoundError(f"no bundled caseload for canton {canton}")
    return path


def run_report(
    canton: Canton,
    cases: Path,
    on: date | None = None,
    *,
    k: int = DEFAULT_K,
    assess: AssessFn | None = None,
) -> InterpellationReport:
    """Read, assess and aggregate the JSONL case file ``cases`` for ``canton``, streaming.

    Each case is assessed on its own as-of date unless ``on`` is given; ``on``
    (default: the latest as-of date of the readable cases, found in a first,
    parse-only pass over the file) dates the report.
    """
    day = on if on is not None else latest_as_of(cases) or _EMPTY_FILE_DATE
    records = assess_file(cases, canton, on, assess=assess)
    return build_report(canton, records, day, source_name=cases.name, k=k)
