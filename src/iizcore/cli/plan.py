"""``iiz plan CASE.json --canton ZH``: the coordination plan alone, as a table, JSON or picture."""

from __future__ import annotations

import argparse
from typing import Any, cast

from iizcore.assessment import assess
from iizcore.cli._case import parse_date, read_case
from iizcore.cli._output import console, print_json
from iizcore.cli.assess import print_plan
from iizcore.coordination.timeline import to_dot, to_mermaid
from iizcore.io import unstructure
from iizcore.model.labels import LANGUAGES, Lang

__all__ = ["register", "run"]


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "plan", help="show a case's coordination plan (table, JSON, Mermaid or DOT timeline)"
    )
    p.add_argument("case", metavar="CASE.json", help="the case as JSON")
    p.add_argument(
        "--canton",
        default=None,
        help="canton code (default: the person's canton of residence; must be that canton)",
    )
    p.add_argument("--on", help="date of the plan, YYYY-MM-DD (default: the case's as_of)")
    p.add_argument("--lang", choices=LANGUAGES, default="de", help="language (default: de)")
    p.add_argument(
        "--format",
        choices=("table", "json", "mermaid", "dot"),
        default="table",
        help="output format (default: table)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    plan = assess(read_case(args.case), args.canton, parse_date(args.on)).plan
    lang = cast(Lang, args.lang)
    if args.format == "json":
        print_json(unstructure(plan))
    elif args.format == "mermaid":
        print(to_mermaid(plan, lang))
    elif args.format == "dot":
        print(to_dot(plan, lang))
    else:
        print_plan(console(), plan, lang)
    return 0
