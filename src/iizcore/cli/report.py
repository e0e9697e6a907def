"""``iiz report --canton BL``: the interpellation report (2018/778) from a case file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from iizcore.cli._case import parse_date
from iizcore.errors import InputError
from iizcore.hooks import load_canton
from iizcore.report import DEFAULT_K, bundled_caseload, run_report, to_html, to_markdown


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "report", help="the interpellation report: projects, parallel offers, vignettes, costs"
    )
    p.add_argument("--canton", required=True, help="canton code, e.g. BL")
    p.add_argument(
        "--cases",
        type=Path,
        help="JSONL case file (default: the bundled synthetic caseload of the canton)",
    )
    p.add_argument("--format", choices=("md", "html"), default="md", help="output format")
    p.add_argument("--out", type=Path, help="write the report to this file (default: stdout)")
    p.add_argument("--on", help="assess every case on this date (YYYY-MM-DD)")
    p.add_argument("-k", type=int, default=DEFAULT_K, help="k of the k-anonymity check")
    p.set_defaults(run=run)


def _prepare_out(out: Path) -> None:
    """Create the folder of ``out`` if it is missing but its own parent exists.

    A whole missing tree is more likely a typo than a wish: it is refused.
    """
    folder = out.parent
    if folder.is_dir():
        return
    if not folder.parent.is_dir():
        raise InputError("--out", "the folder does not exist (nor its parent)")
    folder.mkdir()


def run(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    canton = load_canton(args.canton)
    if args.cases is not None:
        cases: Path = args.cases
        if not cases.is_file():
            raise InputError("--cases", "no such file")
    else:
        try:
            cases = bundled_caseload(canton.code)
        except FileNotFoundError:
            raise InputError(
                "--cases", f"no bundled caseload for {canton.code}; give one"
            ) from None
    if args.k < 1:
        raise InputError("-k", "must be at least 1")
    if args.out is not None:
        _prepare_out(args.out)
    report = run_report(canton, cases, on, k=args.k)
    text = to_html(report) if args.format == "html" else to_markdown(report)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(
            f"{canton.code}: {report.read} read, {report.assessed} assessed, "
            f"{len(report.rejected)} rejected -> {args.out}",
            file=sys.stderr,
        )
    return 0
