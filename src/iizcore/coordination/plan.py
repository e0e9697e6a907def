"""The coordination plan (Koordinationsplan) and its parts: frozen attrs value objects.

A :class:`CoordinationPlan` is what :func:`iizcore.coordination.plan_case`
returns for one case on one date: whether it is an IIZ case (triage), the lead
institution (Fallführung), who pays first and who advances (ATSG Art. 70–71,
ATSG Art. 22 Abs. 2, IVV Art. 85bis), the participants, the offers scheduled
in parallel (as :class:`~iizcore.model.Measure` with periods), the meeting due
(Fachkonferenz, runder Tisch, Fallkonferenz), the IV early-detection report,
consent-checked data access, and the expected gain against the sequential
path.

Every class here is JSON-serialisable with :func:`iizcore.io.unstructure`, and
a plan can be read back with :func:`iizcore.io.structure` — except its
``data_access``: a :class:`~iizcore.coordination.DataAccess` is made only by
:func:`~iizcore.coordination.grant_access`, which checks the person's consent
and the legal bases against the case, and a plan alone has no case. A plan
read from JSON therefore has no grants (``data_access == ()``); its
``consent_needed`` list is kept.
The cost allocation (:mod:`iizcore.costs`) reads :attr:`CoordinationPlan.participants`,
:attr:`CoordinationPlan.lead`, :attr:`CoordinationPlan.measures` and
:attr:`CoordinationPlan.meeting`.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from attrs import field, frozen
from cattrs.gen import make_dict_structure_fn, override

from iizcore.coordination.sharing import ConsentNeeded, DataAccess
from iizcore.io.convert import converter
from iizcore.model._validate import non_empty
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.measure import Measure
from iizcore.model.network import CollaborationForm
from iizcore.model.reference import LegalRef

__all__ = [
    "CoordinationPlan",
    "Criterion",
    "EarlyDetectionReport",
    "ExpectedGain",
    "Lead",
    "Meeting",
    "Participant",
    "ParticipantRole",
    "PaymentRole",
    "PaymentStep",
    "Triage",
]


@frozen
class Criterion:
    """One triage criterion (is this an IIZ case?) with its result and reason.

    ``code`` is stable (``"iiz.multiple_institutions"``; cantonal criteria are
    prefixed with the canton, ``"bl.assessment_centre"``). ``refs`` are the
    provisions the criterion rests on; ``source`` names the document for a
    criterion that rests on documented cantonal practice rather than an
    article.
    """

    code: str = field(validator=non_empty)
    met: bool
    reason: Labels
    refs: tuple[LegalRef, ...] = ()
    source: str | None = None


@frozen
class Triage:
    """The triage of a case: an IIZ case when at least one criterion is met.

    ``decided_by`` is ``"iizcore"`` for the federal default criteria, or the
    name of the canton plugin whose ``iiz_triage_criteria`` hook answered.
    """

    criteria: tuple[Criterion, ...]
    decided_by: str = "iizcore"

    @property
    def is_iiz_case(self) -> bool:
        """Whether any criterion is met."""
        # A plain loop, not any() over a generator: read several times per assessed case.
        for c in self.criteria:  # noqa: SIM110
            if c.met:
                return True
        return False

    @property
    def met(self) -> tuple[Criterion, ...]:
        """The criteria that are met, in order."""
        return tuple(c for c in self.criteria if c.met)


@frozen
class Lead:
    """The lead institution (Fallführung) and the rule that chose it.

    ``rule`` is a stable code (``"iiz.lead.health"``); ``reason`` explains the
    rule in the plan. ``institution_id`` is the concrete institution of the
    canton's network where known.
    """

    institution: InstitutionKind
    rule: str = field(validator=non_empty)
    reason: Labels
    institution_id: str | None = None
    refs: tuple[LegalRef, ...] = ()
    source: str | None = None
    decided_by: str = "iizcore"


class PaymentRole(enum.StrEnum):
    """The role of an institution in the order of payment."""

    PRIMARY = "primary"
    """Pays as the institution responsible by law (an insurance before social assistance)."""
    ADVANCE = "advance"
    """Pays in advance while responsibility is disputed or a claim is pending (Vorleistung)."""
    SUBSIDIARY = "subsidiary"
    """Pays only what no prior institution covers (social assistance, subsidiarity)."""
    PENDING = "pending"
    """Responsibility is being examined; pays once it is decided (e.g. an IV claim)."""


@frozen
class PaymentStep:
    """One step in the order of payment: who pays, in which role, and who reimburses.

    Steps are ranked (1 pays first). An advance names the institution it
    recovers from: the liable insurer reimburses the advancing one (ATSG
    Art. 71); social assistance claims the IV back payment (ATSG Art. 22
    Abs. 2, IVV Art. 85bis).
    """

    rank: int
    institution: InstitutionKind
    role: PaymentRole
    reason: Labels
    refs: tuple[LegalRef, ...]
    recovers_from: InstitutionKind | None = None
    recovery_refs: tuple[LegalRef, ...] = ()
    since: date | None = None
    """The day the step takes effect when it is not the plan date: the ALV advances from
    the person's registration with the IV on (AVIV Art. 15 Abs. 3), which the plan
    schedules with the early-detection report. ``None``: in effect on the plan date."""


class ParticipantRole(enum.StrEnum):
    """Why an institution takes part in the plan."""

    LEAD = "lead"
    PAYS = "pays"
    ADVANCES = "advances"
    EXAMINES = "examines"
    """Examines its responsibility (IV early detection, a pending claim)."""
    PROVIDES_MEASURE = "provides_measure"
    COORDINATES = "coordinates"
    """The canton's IIZ coordination office (Geschäftsstelle IIZ)."""


@frozen
class Participant:
    """An institution taking part in the plan; ``institution_id`` from the canton's network."""

    institution: InstitutionKind
    roles: tuple[ParticipantRole, ...]
    institution_id: str | None = None
    name: Labels | None = None


@frozen
class Meeting:
    """The case-level meeting due: Fachkonferenz, runder Tisch or Fallkonferenz.

    ``form`` is one of the canton network's collaboration forms;
    ``participants`` are the institution kinds invited (the lead included) and
    ``with_person`` says whether the person is at the table.
    """

    form: CollaborationForm
    due: date
    convened_by: InstitutionKind
    participants: tuple[InstitutionKind, ...]
    with_person: bool
    reason: Labels
    refs: tuple[LegalRef, ...] = ()


@frozen
class EarlyDetectionReport:
    """The report to the IV for early detection (Meldung zur Früherfassung, IVG Art. 3a–3c).

    ``due`` is the day the report can be made: the day the incapacity
    reaches the dated threshold (``iv.early_detection_min_incapacity_days``),
    or the plan date when the threshold has already passed or the law in
    force sets none.
    """

    due: date
    incapacity_days: int
    reported_by: InstitutionKind
    reason: Labels
    refs: tuple[LegalRef, ...]


@frozen
class ExpectedGain:
    """Days until the right institution acts: sequential path against the coordinated plan.

    ``sequential_days`` counts from the plan date until the last institution
    would start if each waited for the previous one to finish;
    ``parallel_days`` until the last one starts in the plan; ``days_saved``
    is the difference (never negative).
    """

    sequential_days: int
    parallel_days: int
    reason: Labels

    @property
    def days_saved(self) -> int:
        return max(0, self.sequential_days - self.parallel_days)


@frozen
class CoordinationPlan:
    """The coordination plan of one case on one date.

    Totality: every case gets a plan. For a case that is not an IIZ case the
    plan still names the single responsible institution as lead and the
    order of payment, without a meeting.
    """

    case_id: str
    canton: str
    on: date
    triage: Triage
    lead: Lead
    participants: tuple[Participant, ...]
    payments: tuple[PaymentStep, ...]
    measures: tuple[Measure, ...] = ()
    meeting: Meeting | None = None
    early_detection: EarlyDetectionReport | None = None
    data_access: tuple[DataAccess, ...] = ()
    consent_needed: tuple[ConsentNeeded, ...] = ()
    gain: ExpectedGain | None = None

    @property
    def is_iiz_case(self) -> bool:
        """Whether triage found an IIZ case."""
        return self.triage.is_iiz_case

    @property
    def participant_kinds(self) -> tuple[InstitutionKind, ...]:
        """The institution kinds of the participants, in plan order."""
        return tuple(p.institution for p in self.participants)

    def participant(self, kind: InstitutionKind) -> Participant | None:
        """The participant of ``kind``, if any."""
        return next((p for p in self.participants if p.institution is kind), None)


def _plan_structure_hook() -> Any:
    # cattrs' own hook for the plan, told to leave data_access at its default; the
    # key itself is dropped before, since unknown keys are errors. Generated on first
    # use: generating it took ≈ 9 ms of every import of a canton (issue 9), and few
    # programs read plans back.
    built: list[Any] = []

    def structure_plan(data: Any, cls: type[CoordinationPlan]) -> CoordinationPlan:
        if not built:
            built.append(
                make_dict_structure_fn(
                    CoordinationPlan,
                    converter,
                    _cattrs_forbid_extra_keys=True,
                    data_access=override(omit=True),
                )
            )
        if isinstance(data, dict) and "data_access" in data:
            data = {k: v for k, v in data.items() if k != "data_access"}
        return built[0](data, cls)  # type: ignore[no-any-return]

    return structure_plan


converter.register_structure_hook(CoordinationPlan, _plan_structure_hook())
