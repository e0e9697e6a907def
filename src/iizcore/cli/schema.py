"""``iiz schema TYPE``: the JSON Schema of a model type."""

from __future__ import annotations

import argparse
from typing import Any, Final

from iizcore.cli._output import print_json
from iizcore.io import json_schema
from iizcore.model import Case, Institution, Network, Person

TYPES: Final[dict[str, type[Any]]] = {
    "case": Case,
    "person": Person,
    "network": Network,
    "institution": Institution,
}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "schema", help="print the JSON Schema of a model type"
    )
    p.add_argument("type", choices=sorted(TYPES), help="the model type")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print_json(json_schema(TYPES[args.type]))
    return 0
