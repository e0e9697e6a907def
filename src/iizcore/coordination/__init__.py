"""Coordination of an IIZ case: triage, lead institution, who pays first, the plan.

:func:`plan_case` builds a :class:`CoordinationPlan` for one case on one date
from the federal determinations and the canton's network and hooks;
:mod:`iizcore.coordination.revolving` detects revolving doors in histories;
:mod:`iizcore.coordination.timeline` draws the plan's parallel offers.
"""

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
