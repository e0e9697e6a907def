"""``iiz costs``: who pays which franc of IIZ — the financing report over a set of cases."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

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
from iizcore.model import Case


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "costs", help="who pays which franc of IIZ: financing report over cases"
    )
    p.add_argument(
        "file",
        nargs="?",
        help="JSONL file, one document a line: a case, a coordination plan, "
        'or {"case_id", "on", "items"} with hand-made cost items',
    )
    p.add_argument("--canton", required=True, help="canton code, e.g. BL")
    p.add_argument(
        "--example",
        action="store_true",
        help="use the canton's bundled synthetic caseload instead of FILE",
    )
    p.add_argument("--limit", type=int, default=None, help="read at most N lines")
    p.add_argument(
        "--on", type=date.fromisoformat, default=None, help="assess cases on this date (YYYY-MM-DD)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run)


def _lines(args: argparse.Namespace, canton: Canton) -> Iterator[tuple[int, str]]:
    if args.example:
        entry = resources.files("iizcore") / "examples" / f"caseload_{canton.code.lower()}.jsonl"
        if not entry.is_file():
            raise InputError("--example", f"no bundled caseload for canton {canton.code}")
        text = entry.read_text(encoding="utf-8")
    elif args.file:
        try:
            text = Path(args.file).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError("file", f"cannot read: {exc.strerror}") from None
    else:
        raise InputError("file", "give a JSONL file or --example")
    count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if args.limit is not None and count >= args.limit:
            return
        count += 1
        yield number, line


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
    canton = load_canton(args.canton)
    allocations = []
    for number, line in _lines(args, canton):
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError("", f"not valid JSON ({exc.msg})", line=number) from None
        try:
            allocations.append(allocation_of(doc, canton, args.on))
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
