"""``iiz assess CASE.json --canton ZH``: determinations with their articles, then the plan."""

from __future__ import annotations

import argparse
from typing import Any, cast

from rich.console import Console

from iizcore.assessment import Assessment, assess
from iizcore.cli._case import parse_date, read_case
from iizcore.cli._output import console, print_json, table
from iizcore.coordination.plan import CoordinationPlan
from iizcore.io import unstructure
from iizcore.model.labels import LANGUAGES, Lang

__all__ = ["print_plan", "register", "run"]


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "assess", help="assess a case: determinations with articles and the coordination plan"
    )
    p.add_argument("case", metavar="CASE.json", nargs="?", help="the case as JSON")
    p.add_argument("--canton", default="ZH", help="canton code (default: ZH)")
    p.add_argument("--on", help="date of the assessment, YYYY-MM-DD (default: the case's as_of)")
    p.add_argument("--lang", choices=LANGUAGES, default="de", help="language (default: de)")
    p.add_argument("--json", action="store_true", help="print the assessment as JSON")
    p.add_argument("--trace", action="store_true", help="include every rule applied")
    batch = p.add_argument_group("batch (instead of CASE.json)")
    batch.add_argument("--jsonl", metavar="FILE", help="assess every case of a JSONL file")
    batch.add_argument("--out", metavar="FILE", help="batch: assessments, one JSON per line")
    batch.add_argument("--rejects", metavar="FILE", help="batch: rejected lines, with reasons")
    batch.add_argument("--resume", action="store_true", help="batch: go on after an interruption")
    batch.add_argument("--workers", type=int, default=1, help="batch: processes (default: 1)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.jsonl or args.case is None:
        return _run_batch(args)
    case = read_case(args.case)
    result = assess(case, args.canton, parse_date(args.on), trace=args.trace)
    if args.json:
        print_json(unstructure(result))
        return 0
    out = console()
    lang = cast(Lang, args.lang)
    _print_determinations(out, result, lang)
    print_plan(out, result.plan, lang)
    if result.trace:
        t = table("Trace", "rule", "inputs", "result", "articles")
        for step in result.trace:
            inputs = ", ".join(f"{k}={v}" for k, v in step.inputs)
            t.add_row(step.rule, inputs, step.result, "; ".join(str(r) for r in step.refs))
        out.print(t)
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    from iizcore.batch import run_batch_with_progress
    from iizcore.errors import InputError

    if not (args.jsonl and args.out and args.rejects):
        raise InputError("", "give CASE.json, or --jsonl FILE with --out FILE and --rejects FILE")
    s = run_batch_with_progress(
        args.jsonl, args.out, args.rejects, args.canton, parse_date(args.on),
        resume=args.resume, workers=args.workers,
    )  # fmt: skip
    console().print(f"read {s.read} = assessed {s.assessed} + rejected {s.rejected}")
    return 0 if s.rejected == 0 else 1


def _print_determinations(out: Console, result: Assessment, lang: Lang) -> None:
    t = table(
        f"Determinations — {result.canton}, {result.on.isoformat()}",
        "rule",
        "outcome",
        "articles",
        "amounts",
    )
    for d in result.determinations:
        figures = [f"{a.name}: {a.value}" for a in d.amounts]
        figures += [f"{q.name}: {q.value} {q.unit}" for q in d.quantities]
        figures += [f"{k.name}: {k.day.isoformat()}" for k in d.dates]
        t.add_row(
            f"{d.rule}\n{d.institution.labels.get(lang)}",
            d.outcome.value,
            "\n".join(str(r) for r in d.refs),
            "\n".join(figures),
        )
    out.print(t)


def print_plan(out: Console, plan: CoordinationPlan, lang: Lang) -> None:
    """The coordination plan as rich tables."""
    verdict = "IIZ case" if plan.is_iiz_case else "no IIZ case"
    t = table(
        f"Triage — {verdict} ({plan.triage.decided_by})", "met", "criterion", "reason", "basis"
    )
    for c in plan.triage.criteria:
        basis = "; ".join(str(r) for r in c.refs) or (c.source or "")
        t.add_row("yes" if c.met else "no", c.code, c.reason.get(lang), basis)
    out.print(t)
    lead = plan.lead
    out.print(
        f"Lead institution (Fallführung): {lead.institution.labels.get(lang)}"
        f"{f' [{lead.institution_id}]' if lead.institution_id else ''} — {lead.reason.get(lang)}"
        f" ({'; '.join(str(r) for r in lead.refs) or lead.source or lead.rule})"
    )
    p = table("Who pays first", "rank", "institution", "role", "reason", "articles", "recovers")
    for s in plan.payments:
        recovers = (
            f"{s.recovers_from.labels.get(lang)} ({'; '.join(str(r) for r in s.recovery_refs)})"
            if s.recovers_from is not None
            else ""
        )
        p.add_row(
            str(s.rank),
            s.institution.labels.get(lang),
            s.role.value,
            s.reason.get(lang),
            "; ".join(str(r) for r in s.refs),
            recovers,
        )
    out.print(p)
    m = table("Offers (in parallel)", "institution", "measure", "from", "until", "basis")
    for measure in plan.measures:
        m.add_row(
            measure.institution.labels.get(lang),
            measure.measure_type.labels.get(lang),
            measure.period.start.isoformat(),
            measure.period.end.isoformat() if measure.period.end else "open",
            "; ".join(str(r) for r in measure.legal_basis),
        )
    out.print(m)
    if plan.early_detection is not None:
        e = plan.early_detection
        out.print(
            f"IV early detection: due {e.due.isoformat()}, by {e.reported_by.labels.get(lang)} — "
            f"{e.reason.get(lang)} ({'; '.join(str(r) for r in e.refs)})"
        )
    if plan.meeting is not None:
        mt = plan.meeting
        who = ", ".join(k.labels.get(lang) for k in mt.participants)
        person = " + person" if mt.with_person else ""
        out.print(f"Meeting: {mt.form.labels.get(lang)} by {mt.due.isoformat()} — {who}{person}")
    d = table("Data sharing", "institution", "ground", "articles")
    for a in plan.data_access:
        d.add_row(a.institution.labels.get(lang), a.basis.value, "; ".join(str(r) for r in a.refs))
    for n in plan.consent_needed:
        d.add_row(n.institution.labels.get(lang), "consent needed", n.reason.get(lang))
    out.print(d)
    if plan.gain is not None:
        g = plan.gain
        out.print(
            f"Expected gain: {g.days_saved} days ({g.sequential_days} sequential, "
            f"{g.parallel_days} coordinated) — {g.reason.get(lang)}"
        )
