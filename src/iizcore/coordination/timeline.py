"""Pictures of a plan's parallel offers: a Mermaid Gantt chart and a Graphviz DOT timeline.

Open-ended offers (still running, no end set by law) are drawn up to a
display horizon of :data:`OPEN_HORIZON_DAYS` after the plan date and marked
"open"; the horizon is a drawing choice, not a legal value. The pictures
carry no personal data: institution kinds, measure types and dates only.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from iizcore.coordination.plan import CoordinationPlan
from iizcore.model.labels import Lang
from iizcore.model.measure import Measure

__all__ = ["OPEN_HORIZON_DAYS", "to_dot", "to_mermaid"]

#: How far an open-ended offer is drawn after the plan date.
OPEN_HORIZON_DAYS: Final = 90

_OPEN: Final[dict[Lang, str]] = {"de": "offen", "fr": "ouvert", "it": "aperto", "en": "open"}
_EARLY: Final[dict[Lang, str]] = {
    "de": "Meldung Früherfassung IV",
    "fr": "Communication détection précoce AI",
    "it": "Comunicazione rilevamento tempestivo AI",
    "en": "IV early-detection report",
}


def _clean(text: str) -> str:
    """Text safe inside Mermaid and DOT labels."""
    return re.sub(r"[:#;\"{}<>\[\]]", " ", text).strip()


def _end(m: Measure, on: date) -> tuple[date, bool]:
    if m.period.end is not None:
        return m.period.end, False
    return max(m.period.start, on) + timedelta(days=OPEN_HORIZON_DAYS), True


def to_mermaid(plan: CoordinationPlan, lang: Lang = "de") -> str:
    """The plan as a Mermaid Gantt chart: one section per institution, milestones for meetings."""
    lines = [
        "gantt",
        f"    title IIZ {plan.canton} {plan.on.isoformat()}",
        "    dateFormat YYYY-MM-DD",
    ]
    for i, m in enumerate(plan.measures):
        end, is_open = _end(m, plan.on)
        label = _clean(m.measure_type.labels.get(lang))
        if is_open:
            label = f"{label} ({_OPEN[lang]})"
        lines.append(f"    section {_clean(m.institution.labels.get(lang))}")
        tag = "active, " if m.period.start <= plan.on else ""
        lines.append(f"    {label} :{tag}m{i}, {m.period.start.isoformat()}, {end.isoformat()}")
    milestones: list[tuple[str, date]] = []
    if plan.early_detection is not None:
        milestones.append((_EARLY[lang], plan.early_detection.due))
    if plan.meeting is not None:
        milestones.append((plan.meeting.form.labels.get(lang), plan.meeting.due))
    if milestones:
        lines.append("    section IIZ")
        for j, (label, day) in enumerate(milestones):
            lines.append(f"    {_clean(label)} :milestone, k{j}, {day.isoformat()}, 0d")
    return "\n".join(lines)


def to_dot(plan: CoordinationPlan, lang: Lang = "de") -> str:
    """The plan as a Graphviz DOT timeline: the plan date fans out to the offers run in parallel."""
    lines = [
        f'digraph "IIZ {plan.canton} {plan.on.isoformat()}" {{',
        "  rankdir=LR;",
        "  node [shape=box];",
        f'  plan [label="{plan.on.isoformat()}\\n{_clean(plan.lead.institution.labels.get(lang))}"'
        ", shape=ellipse];",
    ]
    for i, m in enumerate(plan.measures):
        end, is_open = _end(m, plan.on)
        until = _OPEN[lang] if is_open else end.isoformat()
        label = (
            f"{_clean(m.institution.labels.get(lang))}\\n"
            f"{_clean(m.measure_type.labels.get(lang))}\\n"
            f"{m.period.start.isoformat()} – {until}"
        )
        lines.append(f'  m{i} [label="{label}"];')
        lines.append(f"  plan -> m{i};")
    if plan.early_detection is not None:
        lines.append(
            f'  early [label="{_clean(_EARLY[lang])}\\n{plan.early_detection.due.isoformat()}",'
            " shape=diamond];"
        )
        lines.append("  plan -> early;")
    if plan.meeting is not None:
        lines.append(
            f'  meeting [label="{_clean(plan.meeting.form.labels.get(lang))}\\n'
            f'{plan.meeting.due.isoformat()}", shape=hexagon];'
        )
        lines.append("  plan -> meeting;")
    lines.append("}")
    return "\n".join(lines)
