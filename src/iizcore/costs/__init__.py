"""Cost allocation: who pays which franc of IIZ, exact to 0.05 CHF, with the basis of every key.

* :mod:`~iizcore.costs.items` — cost items (case management, joint
  assessments, meetings, coordination office, measures, advances) and parties;
* :mod:`~iizcore.costs.keys` — the keys and their bases; the canton hook
  ``iiz_cost_keys``;
* :mod:`~iizcore.costs.exact` — the largest-remainder division on the 0.05 grid;
* :mod:`~iizcore.costs.allocate` — :func:`allocate` and :func:`allocate_case`;
* :mod:`~iizcore.costs.report` — the financing report;
* :mod:`~iizcore.costs.rates` — prices (inputs; the bundled ones are illustrative).
"""

from iizcore.costs.allocate import (
    CostAllocation,
    Flow,
    ItemAllocation,
    Share,
    allocate,
    allocate_case,
    allocate_items,
    reimbursement_key,
)
from iizcore.costs.exact import split
from iizcore.costs.items import (
    Advance,
    AdvanceBasis,
    CaseItems,
    Contribution,
    CostItem,
    CostItemKind,
    FinancingSource,
    Party,
    advance,
    case_management,
    coordination_office,
    joint_assessment,
    measure,
    meeting,
)
from iizcore.costs.keys import (
    BasisKind,
    ByEffort,
    ByInvolvement,
    CostKeyRule,
    FederalLumpSum,
    FixedPercentages,
    Key,
    KeyBasis,
    KeyMethod,
    LeadPays,
    OwnCosts,
    Reimbursement,
    cantonal_key_rules,
    load_cost_keys,
)
from iizcore.costs.rates import CostRates, illustrative_rates
from iizcore.costs.report import FinancingReport, financing_report

__all__ = [
    "Advance",
    "AdvanceBasis",
    "BasisKind",
    "ByEffort",
    "ByInvolvement",
    "CaseItems",
    "Contribution",
    "CostAllocation",
    "CostItem",
    "CostItemKind",
    "CostKeyRule",
    "CostRates",
    "FederalLumpSum",
    "FinancingReport",
    "FinancingSource",
    "FixedPercentages",
    "Flow",
    "ItemAllocation",
    "Key",
    "KeyBasis",
    "KeyMethod",
    "LeadPays",
    "OwnCosts",
    "Party",
    "Reimbursement",
    "Share",
    "advance",
    "allocate",
    "allocate_case",
    "allocate_items",
    "cantonal_key_rules",
    "case_management",
    "coordination_office",
    "financing_report",
    "illustrative_rates",
    "joint_assessment",
    "load_cost_keys",
    "measure",
    "meeting",
    "reimbursement_key",
    "split",
]
