"""The iizcore domain model: attrs value objects, frozen, with no rule logic."""

from iizcore.model.ahv import AHVNumber
from iizcore.model.case import Benefit, Case, Claim, ClaimOutcome, Consent, EndReason, Spell
from iizcore.model.institution import Institution, InstitutionKind, MeasureType, Offer
from iizcore.model.labels import LANGUAGES, Labels, Lang
from iizcore.model.measure import Measure
from iizcore.model.money import Money, round_to_5_rappen
from iizcore.model.network import (
    Agreement,
    CollaborationForm,
    Municipality,
    Network,
    ProjectStatus,
    StructuralProject,
)
from iizcore.model.period import Period
from iizcore.model.person import (
    ContributionPeriod,
    Education,
    Employment,
    EmploymentStatus,
    Exemption,
    ExemptionReason,
    Health,
    HealthCause,
    Household,
    HouseholdMember,
    MemberRole,
    Person,
    Qualification,
    Residence,
    ResidenceStatus,
    Sex,
)
from iizcore.model.reference import LegalRef

__all__ = [
    "LANGUAGES",
    "AHVNumber",
    "Agreement",
    "Benefit",
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
    "Institution",
    "InstitutionKind",
    "Labels",
    "Lang",
    "LegalRef",
    "Measure",
    "MeasureType",
    "MemberRole",
    "Money",
    "Municipality",
    "Network",
    "Offer",
    "Period",
    "Person",
    "ProjectStatus",
    "Qualification",
    "Residence",
    "ResidenceStatus",
    "Sex",
    "Spell",
    "StructuralProject",
    "round_to_5_rappen",
]
