"""Fixtures for the report tests: a small synthetic caseload and a rule-based test assessor.

The small caseload is the first 300 cases of the bundled BL caseload (drawn with
the public strategies by :mod:`iizcore.report.synthetic`; reading is faster than
drawing them again).

The assessor builds real :class:`~iizcore.coordination.plan.CoordinationPlan`
objects from simple, visible rules (health problem → IV early detection,
parallel RAV and IV measures, round table), so that the report's aggregation
can be checked against an independent recount. The end-to-end tests use
:func:`iizcore.assessment.assess` itself.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from attrs import frozen

from iizcore.coordination.plan import (
    CoordinationPlan,
    Criterion,
    EarlyDetectionReport,
    ExpectedGain,
    Lead,
    Meeting,
    Participant,
    ParticipantRole,
    Triage,
)
from iizcore.hooks import Canton, load_canton
from iizcore.io.jsonl import read_jsonl
from iizcore.model import Case, CollaborationForm, InstitutionKind, Labels, LegalRef, MeasureType
from iizcore.model.measure import Measure
from iizcore.model.period import Period
from iizcore.report import bundled_caseload

K = InstitutionKind


@frozen
class FakeAllocation:
    shares: dict[Any, Any]


@frozen
class RuleAssessment:
    plan: CoordinationPlan
    determinations: tuple[Any, ...] = ()
    costs: Any = None


def rule_based_assess(case: Case, canton: Canton, on: date) -> RuleAssessment:
    """A transparent assessor: health → IV; young without qualification → vocational guidance."""
    from iizcore.costs.items import Party
    from iizcore.model import Money

    health = case.person.health.has_health_problem
    young = not case.person.education.qualification.is_vocational_qualification
    lead_kind = K.IV_OFFICE if health else (K.VOCATIONAL_GUIDANCE if young else K.RAV)
    iiz = health or young
    measures: tuple[Measure, ...] = ()
    meeting = None
    early = None
    if health:
        measures = (
            Measure(K.RAV, MeasureType.COURSE, Period(on, on + timedelta(days=90))),
            Measure(
                K.IV_OFFICE,
                MeasureType.EARLY_INTERVENTION,
                Period(on + timedelta(days=30), on + timedelta(days=200)),
            ),
        )
        early = EarlyDetectionReport(
            on + timedelta(days=10), 30, K.RAV, Labels.same("x"), (LegalRef("IVG", "3b"),)
        )
    if iiz and case.person.household.size > 1:
        meeting = Meeting(
            CollaborationForm.ROUND_TABLE,
            on,
            lead_kind,
            (lead_kind, K.SOCIAL_ASSISTANCE),
            True,
            Labels.same("x"),
        )
    plan = CoordinationPlan(
        case_id=case.id,
        canton=canton.code,
        on=on,
        triage=Triage((Criterion("test.iiz", iiz, Labels.same("x")),)),
        lead=Lead(lead_kind, "test.lead", Labels.same("x")),
        participants=(Participant(lead_kind, (ParticipantRole.LEAD,)),),
        payments=(),
        measures=measures,
        meeting=meeting,
        early_detection=early,
        gain=ExpectedGain(200 if health else 60, 10, Labels.same("x")),
    )
    shares = {Party.of(lead_kind): Money.chf("250.05")} if iiz else {}
    if meeting is not None:
        shares[Party.of(K.SOCIAL_ASSISTANCE)] = Money.chf("80.10")
    return RuleAssessment(plan=plan, costs=FakeAllocation(shares))


@pytest.fixture(scope="session")
def bl() -> Canton:
    return load_canton("BL")


@pytest.fixture(scope="session")
def small_caseload(bl: Canton) -> list[Case]:
    cases = []
    for item in read_jsonl(bundled_caseload("BL"), Case):
        assert isinstance(item, Case), item
        cases.append(item)
        if len(cases) == 300:
            return cases
    raise AssertionError("the bundled BL caseload holds fewer than 300 cases")
