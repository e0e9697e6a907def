"""Coordination of an IIZ case: triage, lead institution, who pays first, the plan.

:func:`plan_case` builds a :class:`CoordinationPlan` for one case on one date
from the federal determinations and the canton's network and hooks;
:mod:`iizcore.coordination.revolving` detects revolving doors in histories;
:mod:`iizcore.coordination.timeline` draws the plan's parallel offers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from iizcore.coordination.plan import (
    CoordinationPlan,
    Criterion,
    EarlyDetectionReport,
    ExpectedGain,
    Lead,
    Meeting,
    Participant,
    ParticipantRole,
    PaymentRole,
    PaymentStep,
    Triage,
)

if TYPE_CHECKING:
    from iizcore.coordination.planner import check_schedule, plan_case
    from iizcore.coordination.revolving import (
        RevolvingDoor,
        RevolvingDoorSummary,
        Stay,
        detect,
        summarize,
    )
    from iizcore.coordination.sharing import (
        AccessBasis,
        ConsentNeeded,
        DataAccess,
        LegalBasis,
        grant_access,
    )
    from iizcore.coordination.timeline import to_dot, to_mermaid

# The plan types load with the package (canton plugins need them when they
# are registered); the planner and the rest load on first use, which keeps
# ``load_canton()`` fast.
_LAZY: Final[dict[str, str]] = {
    "check_schedule": "planner",
    "plan_case": "planner",
    "RevolvingDoor": "revolving",
    "RevolvingDoorSummary": "revolving",
    "Stay": "revolving",
    "detect": "revolving",
    "summarize": "revolving",
    "AccessBasis": "sharing",
    "ConsentNeeded": "sharing",
    "DataAccess": "sharing",
    "LegalBasis": "sharing",
    "grant_access": "sharing",
    "to_dot": "timeline",
    "to_mermaid": "timeline",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'iizcore.coordination' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"iizcore.coordination.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AccessBasis",
    "ConsentNeeded",
    "CoordinationPlan",
    "Criterion",
    "DataAccess",
    "EarlyDetectionReport",
    "ExpectedGain",
    "Lead",
    "LegalBasis",
    "Meeting",
    "Participant",
    "ParticipantRole",
    "PaymentRole",
    "PaymentStep",
    "RevolvingDoor",
    "RevolvingDoorSummary",
    "Stay",
    "Triage",
    "check_schedule",
    "detect",
    "grant_access",
    "plan_case",
    "summarize",
    "to_dot",
    "to_mermaid",
]
