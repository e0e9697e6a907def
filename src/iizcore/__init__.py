"""iizcore — Swiss interinstitutional collaboration (IIZ), computable.

The public API is what this module exports; everything else may change.
The model, I/O, parameters and hooks load with ``import iizcore``; the
rules, coordination, costs, privacy, batch and report parts load on first
use (``iizcore.assessment`` imports them), so that importing stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Final

from iizcore.errors import IIZError, InputError, ParameterError, PluginError, RuleError
from iizcore.hooks import (
    HOOK_API_VERSION,
    Canton,
    CantonInfo,
    CantonRegistry,
    available_cantons,
    hookimpl,
    load_canton,
)
from iizcore.io import dumps, json_schema, loads, structure, unstructure
from iizcore.law.parameters import Parameter, ParameterSet, ParameterValue, federal_parameters
from iizcore.model import (
    Agreement,
    AHVNumber,
    Benefit,
    Case,
    Claim,
    ClaimOutcome,
    CollaborationForm,
    Consent,
    ContributionPeriod,
    Education,
    Employment,
    EmploymentStatus,
    EndReason,
    Exemption,
    ExemptionReason,
    Health,
    HealthCause,
    Household,
    HouseholdMember,
    Institution,
    InstitutionKind,
    Labels,
    LegalRef,
    Measure,
    MeasureType,
    MemberRole,
    Money,
    Municipality,
    Network,
    Offer,
    Period,
    Person,
    ProjectStatus,
    Qualification,
    Residence,
    ResidenceStatus,
    Sex,
    Spell,
    StructuralProject,
)

if TYPE_CHECKING:
    from iizcore.assessment import Assessment, assess
    from iizcore.batch import BatchSummary, Rejection, run_batch
    from iizcore.coordination import CoordinationPlan, detect, plan_case
    from iizcore.costs import (
        CostAllocation,
        CostItem,
        FinancingReport,
        allocate,
        allocate_case,
        financing_report,
    )
    from iizcore.io.jsonl import read_jsonl
    from iizcore.law.determination import (
        Amount,
        Determination,
        KeyDate,
        Outcome,
        Quantity,
        Reason,
        RuleContext,
        Trace,
        TraceStep,
    )
    from iizcore.privacy import Pseudonymiser, Vignette, k_anonymise, make_vignette
    from iizcore.report import build_report, run_report
    from iizcore.summary import AssessmentSummary, summarize

#: Names loaded on first use, by module.
_LAZY: Final[dict[str, str]] = {
    "Assessment": "iizcore.assessment",
    "assess": "iizcore.assessment",
    "BatchSummary": "iizcore.batch",
    "Rejection": "iizcore.batch",
    "run_batch": "iizcore.batch",
    "CoordinationPlan": "iizcore.coordination",
    "detect": "iizcore.coordination",
    "plan_case": "iizcore.coordination",
    "CostAllocation": "iizcore.costs",
    "CostItem": "iizcore.costs",
    "FinancingReport": "iizcore.costs",
    "allocate": "iizcore.costs",
    "allocate_case": "iizcore.costs",
    "financing_report": "iizcore.costs",
    "read_jsonl": "iizcore.io.jsonl",
    "Amount": "iizcore.law.determination",
    "Determination": "iizcore.law.determination",
    "KeyDate": "iizcore.law.determination",
    "Outcome": "iizcore.law.determination",
    "Quantity": "iizcore.law.determination",
    "Reason": "iizcore.law.determination",
    "RuleContext": "iizcore.law.determination",
    "Trace": "iizcore.law.determination",
    "TraceStep": "iizcore.law.determination",
    "Pseudonymiser": "iizcore.privacy",
    "Vignette": "iizcore.privacy",
    "k_anonymise": "iizcore.privacy",
    "make_vignette": "iizcore.privacy",
    "build_report": "iizcore.report",
    "run_report": "iizcore.report",
    "AssessmentSummary": "iizcore.summary",
    "summarize": "iizcore.summary",
}


def __getattr__(name: str) -> Any:
    if name == "__version__":
        found = globals()["__version__"] = _version()
        return found
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'iizcore' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    __version__: str


def _version() -> str:
    # Read on first use: importing importlib.metadata costs ≈ 27 ms (issue 9).
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("iizcore")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0"


__all__ = [  # noqa: RUF022 - eager names first, then the lazy ones
    "HOOK_API_VERSION",
    "AHVNumber",
    "Agreement",
    "Benefit",
    "Canton",
    "CantonInfo",
    "CantonRegistry",
    "Case",
    "Claim",
    "ClaimOutcome",
    "CollaborationForm",
    "Consent",
    "ContributionPeriod",
    "Education",
    "Employment",
    "EmploymentStatus",
    "EndReason",
    "Exemption",
    "ExemptionReason",
    "Health",
    "HealthCause",
    "Household",
    "HouseholdMember",
    "IIZError",
    "InputError",
    "Institution",
    "InstitutionKind",
    "Labels",
    "LegalRef",
    "Measure",
    "MeasureType",
    "MemberRole",
    "Money",
    "Municipality",
    "Network",
    "Offer",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "ParameterValue",
    "Period",
    "Person",
    "PluginError",
    "ProjectStatus",
    "Qualification",
    "Residence",
    "ResidenceStatus",
    "RuleError",
    "Sex",
    "Spell",
    "StructuralProject",
    "__version__",
    "available_cantons",
    "dumps",
    "federal_parameters",
    "hookimpl",
    "json_schema",
    "load_canton",
    "loads",
    "structure",
    "unstructure",
    # loaded on first use
    "Amount",
    "Assessment",
    "AssessmentSummary",
    "BatchSummary",
    "CoordinationPlan",
    "CostAllocation",
    "CostItem",
    "Determination",
    "FinancingReport",
    "KeyDate",
    "Outcome",
    "Pseudonymiser",
    "Quantity",
    "Reason",
    "Rejection",
    "RuleContext",
    "Trace",
    "TraceStep",
    "Vignette",
    "allocate",
    "allocate_case",
    "assess",
    "build_report",
    "detect",
    "financing_report",
    "k_anonymise",
    "make_vignette",
    "plan_case",
    "read_jsonl",
    "run_batch",
    "run_report",
    "summarize",
]
