"""``iiz verify --canton BL``: run the invariant suite against an installed canton plugin.

Prints one row per invariant (name, the principle it protects, the result,
the examples run) and, for each failure, the shrunk counterexample with
personal identifiers masked. Exit status 0 when every invariant holds, 1
when one fails.
"""

from __future__ import annotations

import argparse
from typing import Any

from rich.markup import escape

from iizcore.cli._output import console, print_json, table
from iizcore.hooks import default_registry


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "verify",
        help="check a canton plugin against every invariant the core promises",
        description="Run every invariant of iizcore.testing.invariants against the installed "
        "plugin of a canton on generated cases; print a table and, for a failure, the shrunk "
        "counterexample with personal identifiers masked.",
    )
    p.add_argument("--canton", required=True, metavar="CODE", help="canton code, e.g. BL")
    p.add_argument(
        "--examples",
        type=int,
        default=100,
        metavar="N",
        help="examples per invariant (default: 100)",
    )
    p.add_argument(
        "--seed", type=int, default=0, metavar="S", help="random seed (default: 0, reproducible)"
    )
    p.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only this invariant (repeatable)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # Imported here: hypothesis is only needed when verifying.
    from iizcore.testing.invariants import Status, verify

    if args.examples < 1:
        console().print("iiz verify: --examples must be at least 1")
        return 2
    canton = default_registry().load(args.canton)
    try:
        results = verify(canton, examples=args.examples, seed=args.seed, only=args.only)
    except ValueError as exc:
        console().print(f"iiz verify: {escape(str(exc))}")
        return 2
    failed = [r for r in results if r.status is Status.FAILED]
    if args.json:
        print_json(
            {
                "canton": canton.code,
                "plugin": canton.plugin_name,
                "version": canton.plugin_version,
                "examples": args.examples,
                "seed": args.seed,
                "passed": not failed,
                "invariants": [
                    {
                        "name": r.invariant.name,
                        "principle": r.invariant.principle,
                        "refs": [str(ref) for ref in r.invariant.refs],
                        "result": r.status.value,
                        "examples": r.examples,
                        "detail": r.detail,
                        "counterexample": r.counterexample.masked() if r.counterexample else None,
                    }
                    for r in results
                ],
            }
        )
        return 1 if failed else 0
    out = console()
    t = table(
        f"Invariants for canton {canton.code} ({canton.plugin_name} {canton.plugin_version}), "
        f"seed {args.seed}",
        "invariant",
        "principle",
        "result",
        "examples",
    )
    style = {Status.PASSED: "green", Status.FAILED: "bold red", Status.UNAVAILABLE: "yellow"}
    for r in results:
        t.add_row(
            r.invariant.name,
            f"{escape(r.invariant.title)}\n[dim]{escape(', '.join(map(str, r.invariant.refs)))}[/]",
            f"[{style[r.status]}]{r.status.value}[/]",
            str(r.examples),
        )
    out.print(t)
    for r in results:
        if r.status is Status.UNAVAILABLE:
            out.print(f"[yellow]{r.invariant.name}[/]: {escape(r.detail)}")
    for r in failed:
        out.rule(f"[bold red]{r.invariant.name}[/] violated")
        out.print(escape(r.invariant.principle))
        if r.counterexample is not None:
            out.print("[bold]Shrunk counterexample[/] (identifiers masked):")
            out.print(escape(r.counterexample.render()), highlight=False)
        else:
            out.print(escape(r.detail))
    summary = f"{len(results) - len(failed)} of {len(results)} invariants hold"
    out.print(f"[bold red]{summary}[/]" if failed else f"[green]{summary}[/]")
    return 1 if failed else 0
