"""``iiz costs``: who pays which franc of IIZ — the financing report over a set of cases."""

from __future__ import annotations

import argparse
import contextlib
import io
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from iizcore.cli._case import UsageError, parse_date
from iizcore.cli._output import console, print_json, table
from iizcore.coordination.plan import CoordinationPlan
from iizcore.costs import (
    CaseItems,
    CostAllocation,
    FinancingReport,
    allocate_case,
    allocate_items,
    financing_report,
)
from iizcore.errors import InputError
from iizcore.hooks import Canton, load_canton
from iizcore.io import structure
from iizcore.io.jsonl import iter_raw_lines, parse_line
from iizcore.model import Case


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "costs", help="who pays which franc of IIZ: financing report over cases"
    )
    p.add_argument(
        "file",
        nargs="?",
        help="JSONL file, one document a line: a case, a coordination plan (as `iiz plan "
        "--format json` prints it; its data_access is not read, grants are re-checked only "
        'against a case), or {"case_id", "on", "items"} with hand-made cost items',
    )
    p.add_argument("--canton", required=True, help="canton code, e.g. BL")
    p.add_argument(
        "--example",
        action="store_true",
        help="use the canton's bundled synthetic caseload instead of FILE",
    )
    p.add_argument("--limit", type=_positive, default=None, help="read at most N documents")
    p.add_argument("--on", default=None, help="assess cases on this date (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run)


def _documents(args: argparse.Namespace, canton: Canton) -> Iterator[tuple[int, Any]]:
    """The documents of FILE or of the bundled caseload, read line by line; a bad line stops."""
    if args.example and args.file:
        raise UsageError("give FILE or --example, not both")
    if args.example:
        entry = resources.files("iizcore") / "examples" / f"caseload_{canton.code.lower()}.jsonl"
        if not entry.is_file():
            raise InputError("--example", f"no bundled caseload for canton {canton.code}")
        source: str | io.BytesIO = io.BytesIO(entry.read_bytes())
    elif args.file:
        source = args.file
    else:
        raise UsageError("give a JSONL file or --example")
    count = 0
    with contextlib.ExitStack() as stack:
        stream = (
            source
            if isinstance(source, io.BytesIO)
            else stack.enter_context(Path(source).open("rb"))
        )
        # Through io.jsonl: bytes that are not UTF-8, a cut-off last line and an over-long
        # line become an InputError at their line, like any bad JSON.
        for raw in iter_raw_lines(stream):
            if raw.blank:
                continue
            if args.limit is not None and count >= args.limit:
                return
            count += 1
            yield raw.number, parse_line(raw, Any)


def allocation_of(doc: Any, canton: Canton, on: date | None) -> CostAllocation:
    """The allocation of one input document (case, plan, or hand-made items)."""
    if not isinstance(doc, dict):
        raise InputError("", "expected a JSON object")
    if "items" in doc:
        return allocate_items(structure(doc, CaseItems), canton)
    if "triage" in doc:
        plan = structure(doc, CoordinationPlan)
        return allocate_case(plan, canton, on or plan.on)
    from iizcore.assessment import assess

    case = structure(doc, Case)
    assessment = assess(case, canton, on)
    costs = assessment.costs
    if isinstance(costs, CostAllocation):
        return costs
    return allocate_case(assessment, canton, assessment.on, case=case)


def run(args: argparse.Namespace) -> int:
    on = parse_date(args.on)
    canton = load_canton(args.canton)
    allocations = []
    for number, doc in _documents(args, canton):
        try:
            allocations.append(allocation_of(doc, canton, on))
        except InputError as exc:
            raise exc.at_line(number) from None
    report = financing_report(allocations)
    if args.json:
        print_json(report.to_dict())
    else:
        print_report(report)
    return 0


def print_report(report: FinancingReport) -> None:
    """The report as rich tables."""
    out = console()
    title = f"IIZ costs {', '.join(report.cantons) or '—'}: {report.cases} cases"
    if report.illustrative_rates:
        out.print(
            "[bold]Amounts use iizcore's ILLUSTRATIVE example rates — example data, not law.[/bold]"
        )
    t = table(f"{title} — by financing source", "source", "CHF")
    for source, amount in report.by_source:
        t.add_row(source.labels.de, _chf(amount))
    t.add_row("[bold]total[/bold]", f"[bold]{_chf(report.total)}[/bold]")
    out.print(t)
    k = table("By item kind", "item kind", "CHF")
    for kind, amount in report.by_kind:
        k.add_row(kind.labels.de, _chf(amount))
    out.print(k)
    sources = [s for s, _ in report.by_source]
    x = table("By item kind and source", "item kind", *(s.labels.de for s in sources))
    cells = {(kind, s): m for kind, s, m in report.by_kind_and_source}
    for kind, _ in report.by_kind:
        x.add_row(
            kind.labels.de, *(_chf(cells[(kind, s)]) if (kind, s) in cells else "" for s in sources)
        )
    out.print(x)
    p = table("By institution (what each finally bears)", "institution", "kind", "source", "CHF")
    for party, amount in report.by_party:
        p.add_row(
            party.id, party.kind.value if party.kind else "—", party.source.value, _chf(amount)
        )
    out.print(p)
    out.print(f"Reimbursed by liable institutions: {_chf(report.reimbursed)}")
    out.print("Key bases used:")
    for basis in report.bases:
        out.print(f"  - {basis}", markup=False)
    for note in report.notes[:20]:
        out.print(f"Note: {note}", markup=False)


def _chf(amount: Any) -> str:
    return str(amount).removeprefix("CHF ")
