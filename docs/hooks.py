"""MkDocs hook: fills the law map with the rules and the parameter tables.

The tables are generated at build time from the rule modules of
``iizcore.law`` (their docstrings cite the provisions), from
``iizcore.law.parameters`` and from the canton plugins, so the documentation
can never drift from the code and the data.
"""

from __future__ import annotations

from typing import Any

MARKER = "<!-- parameter-tables -->"
RULES_MARKER = "<!-- rule-tables -->"


def _rules() -> str:
    import importlib
    import inspect

    from iizcore.law.rules import RULE_MODULES

    out: list[str] = []
    for name in RULE_MODULES:
        module = importlib.import_module(f"iizcore.law.{name}")
        title = (inspect.getdoc(module) or name).split("\n")[0]
        out.append(f"### `iizcore.law.{name}`\n\n{_cell(title)}\n")
        out.append("| function | what, and the provision it applies |")
        out.append("|---|---|")
        for fn_name in getattr(module, "__all__", []):
            fn = getattr(module, fn_name)
            if inspect.isfunction(fn):
                summary = (inspect.getdoc(fn) or "").split("\n")[0]
                out.append(f"| `{fn_name}` | {_cell(summary)} |")
        out.append("")
    return "\n".join(out)


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
    if RULES_MARKER in markdown:
        markdown = markdown.replace(RULES_MARKER, _rules())
    if MARKER in markdown:
        markdown = markdown.replace(MARKER, _tables())
    return markdown
