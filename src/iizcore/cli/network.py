"""``iiz network CANTON``: a canton's IIZ network as a table, JSON, Mermaid or DOT."""

from __future__ import annotations

import argparse
import re
from typing import Any

from iizcore.cli._output import console, print_json, table
from iizcore.hooks import load_canton
from iizcore.io import unstructure
from iizcore.model import InstitutionKind, Network


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("network", help="show a canton's IIZ network")
    p.add_argument("canton", help="canton code, e.g. ZH")
    p.add_argument(
        "--format",
        choices=("table", "json", "mermaid", "dot"),
        default="table",
        help="output format (default: table)",
    )
    p.add_argument(
        "--all",
        action="store_true",
        help="table: list every municipal social service instead of a summary",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    network = load_canton(args.canton).network
    if args.format == "json":
        print_json(unstructure(network))
    elif args.format == "mermaid":
        print(to_mermaid(network))
    elif args.format == "dot":
        print(to_dot(network))
    else:
        _print_table(network, show_all=args.all)
    return 0


def _groups(network: Network) -> list[tuple[str, str, list[str]]]:
    """(node id, label, institution ids) — municipal social services grouped into one node."""
    groups: list[tuple[str, str, list[str]]] = []
    municipal = [
        i
        for i in network.institutions
        if i.kind is InstitutionKind.SOCIAL_ASSISTANCE and i.municipalities
    ]
    for inst in network.institutions:
        if inst in municipal:
            continue
        groups.append((_node(inst.id), inst.name.de, [inst.id]))
    if municipal:
        served = sum(len(i.municipalities) for i in municipal)
        groups.append(
            (
                "municipal_social_services",
                f"{len(municipal)} municipal social services ({served} municipalities)",
                [i.id for i in municipal],
            )
        )
    return groups


def _node(ident: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", ident)


def _hub(network: Network) -> str | None:
    return _node(network.coordination_office) if network.coordination_office else None


def to_mermaid(network: Network) -> str:
    """The network as a Mermaid flowchart: the coordination office linked to every member."""
    lines = ["flowchart LR"]
    hub = _hub(network)
    for node, label, _ in _groups(network):
        lines.append(f'    {node}["{label.replace(chr(34), "")}"]')
    for node, _, _ in _groups(network):
        if hub and node != hub:
            lines.append(f"    {hub} --- {node}")
    return "\n".join(lines)


def to_dot(network: Network) -> str:
    """The network as a Graphviz DOT graph."""
    lines = [f'graph "IIZ {network.canton}" {{', "  rankdir=LR;", "  node [shape=box];"]
    hub = _hub(network)
    for node, label, _ in _groups(network):
        lines.append(f'  {node} [label="{label.replace(chr(34), "")}"];')
    for node, _, _ in _groups(network):
        if hub and node != hub:
            lines.append(f"  {hub} -- {node};")
    lines.append("}")
    return "\n".join(lines)


def _print_table(network: Network, *, show_all: bool) -> None:
    out = console()
    t = table(f"IIZ network {network.canton}", "id", "kind", "name", "serves", "verified")
    municipal = 0
    for inst in network.institutions:
        if inst.kind is InstitutionKind.SOCIAL_ASSISTANCE and inst.municipalities and not show_all:
            municipal += 1
            continue
        serves = (
            "canton" if not inst.municipalities else f"{len(inst.municipalities)} municipalities"
        )
        t.add_row(inst.id, inst.kind.value, inst.name.de, serves, "yes" if inst.verified else "no")
    if municipal:
        t.add_row(
            "…", "social_assistance", f"{municipal} municipal social services", "see --all", ""
        )
    out.print(t)
    office = network.coordination_office
    out.print(f"Coordination office: {network.institution(office).name.de if office else '—'}")
    forms = ", ".join(f.labels.de for f in network.collaboration_forms) or "—"
    out.print(f"Collaboration forms: {forms}")
    for principle in network.principles:
        out.print(f"Principle: {principle}")
    if network.register_date:
        out.print(
            f"Municipality register: {len(network.municipalities)} municipalities "
            f"as of {network.register_date.isoformat()}"
        )
    p = table("Structural projects", "project", "status", "years", "participants", "verified")
    for proj in network.projects:
        years = f"{proj.start_year or '?'}–{proj.end_year or ''}"
        p.add_row(
            proj.name,
            proj.status.value,
            years,
            ", ".join(k.value for k in proj.participants),
            "yes" if proj.verified else "no",
        )
    out.print(p)
