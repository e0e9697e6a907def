"""``iiz report --canton BL``: the interpellation report (2018/778) from a case file."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from iizcore.errors import InputError
from iizcore.hooks import load_canton
from iizcore.report import DEFAULT_K, bundled_caseload, run_report, to_html, to_markdown


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a date YYYY-MM-DD") from None


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
    p.add_argument("--on", type=_date, help="assess every case on this date (YYYY-MM-DD)")
    p.add_argument("-k", type=int, default=DEFAULT_K, help="k of the k-anonymity check")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
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
    report = run_report(canton, cases, args.on, k=args.k)
    text = to_html(report) if args.format == "html" else to_markdown(report)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
        print(
            f"{canton.code}: {report.read} read, {report.assessed} assessed, "
            f"{len(report.rejected)} rejected -> {args.out}",
            file=sys.stderr,
        )
    return 0
