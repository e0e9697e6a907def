"""``iiz cantons``: the installed canton plugins."""

from __future__ import annotations

import argparse
from typing import Any

from iizcore.cli._output import console, print_json, table
from iizcore.hooks import HOOK_API_VERSION, default_registry


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "cantons", help="list the installed canton plugins with versions"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    cantons = default_registry().cantons()
    rows = [
        {
            "code": c.code,
            "name": c.info.names.de,
            "plugin": c.plugin_name,
            "version": c.plugin_version,
            "hook_api_version": c.info.hook_api_version,
            "languages": list(c.info.languages),
        }
        for c in cantons
    ]
    if args.json:
        print_json({"hook_api_version": HOOK_API_VERSION, "cantons": rows})
        return 0
    t = table(
        f"Canton plugins (iizcore hook API {HOOK_API_VERSION})",
        "canton",
        "name",
        "plugin",
        "version",
        "hook API",
        "languages",
    )
    for c in cantons:
        t.add_row(
            c.code,
            c.info.names.de,
            c.plugin_name,
            c.plugin_version,
            str(c.info.hook_api_version),
            ", ".join(c.info.languages),
        )
    console().print(t)
    if not rows:
        console().print("No canton plugin installed (entry-point group iizcore.cantons).")
    return 0
