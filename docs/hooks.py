"""MkDocs hook: fills the law map with the parameter tables from the bundled data.

The tables are generated at build time from ``iizcore.law.parameters`` and the
canton plugins, so the documentation can never drift from the data.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- parameter-tables -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _tables() -> str:
    from iizcore.hooks import default_registry
    from iizcore.law.parameters import ParameterSet, federal_parameters

    sets: list[tuple[str, ParameterSet | list[Any]]] = [("Federal", federal_parameters())]
    for canton in default_registry().cantons():
        own = [p for p in canton.parameters.values() if p.origin == canton.code]
        sets.append((f"Canton {canton.code}", own))
    out: list[str] = []
    for title, params in sets:
        items = list(params.values()) if isinstance(params, ParameterSet) else params
        out.append(f"### {title} parameters\n")
        if not items:
            out.append("None supplied.\n")
            continue
        for p in sorted(items, key=lambda p: p.name):
            out.append(f"#### `{p.name}`\n")
            if p.description:
                out.append(f"{_cell(p.description)} ({p.unit})\n")
            out.append("| since | value | reference | verified | source |")
            out.append("|---|---|---|---|---|")
            for v in p.values:
                verified = "yes" if v.verified else "**no**"
                out.append(
                    f"| {v.since.isoformat()} | {_cell(v.value)} | {v.ref} | {verified} "
                    f"| {_cell(v.source)} |"
                )
            out.append("")
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if MARKER in markdown:
        return markdown.replace(MARKER, _tables())
    return markdown
