"""Hypothesis properties of coordination (issue 4), on the public case strategies."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iizcore import Case, load_canton, unstructure
from iizcore.coordination import (
    AccessBasis,
    CoordinationPlan,
    ParticipantRole,
    check_schedule,
    plan_case,
)
from iizcore.coordination.planner import FORBIDDEN_OVERLAPS
from iizcore.coordination.sharing import applicable_bases
from iizcore.law.determination import Determination, Outcome, Reason, RuleContext
from iizcore.model import InstitutionKind, Labels, LegalRef
from iizcore.testing.strategies import cases_for

K = InstitutionKind
CANTONS = {code: load_canton(code) for code in ("ZH", "BL")}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_RULES = {
    K.ALV_FUND: "alv.entitlement",
    K.IV_OFFICE: "iv.pension",
    K.SOCIAL_ASSISTANCE: "social_assistance.need",
    K.ACCIDENT_INSURANCE: "uv.daily_allowance",
}


@st.composite
def determinations(draw: st.DrawFn, on: date) -> tuple[Determination, ...]:
    """Hand-made determinations with any outcome for the paying institutions."""
    kinds = draw(st.lists(st.sampled_from(sorted(_RULES)), unique=True, max_size=4))
    return tuple(
        Determination(
            kind,
            _RULES[kind],
            draw(st.sampled_from(Outcome)),
            (Reason("test", LegalRef("AVIG", "8"), Labels.same("test")),),
            on,
        )
        for kind in kinds
    )


@st.composite
def planned(draw: st.DrawFn) -> tuple[Case, str, tuple[Determination, ...]]:
    code = draw(st.sampled_from(sorted(CANTONS)))
    case = draw(cases_for(CANTONS[code]))
    return case, code, draw(determinations(case.as_of))


def _plan(case: Case, code: str, dets: tuple[Determination, ...]) -> CoordinationPlan:
    canton = CANTONS[code]
    return plan_case(case, canton, RuleContext(case.as_of, canton.parameters), dets)


@SETTINGS
@given(planned())
def test_every_case_gets_a_plan_whose_lead_participates(
    drawn: tuple[Case, str, tuple[Determination, ...]],
) -> None:
    """Totality; the lead is always a participant; an IIZ case always has a meeting."""
    plan = _plan(*drawn)
    assert plan.lead.institution in plan.participant_kinds
    lead = plan.participant(plan.lead.institution)
    assert lead is not None and ParticipantRole.LEAD in lead.roles
    assert (plan.meeting is not None) == plan.is_iiz_case
    if plan.meeting is not None:
        assert set(plan.meeting.participants) == set(plan.participant_kinds)


@SETTINGS
@given(planned())
def test_social_assistance_never_pays_before_an_eligible_insurance(
    drawn: tuple[Case, str, tuple[Determination, ...]],
) -> None:
    """Subsidiarity (SKOS A.3): social assistance ranks after every insurance that pays."""
    plan = _plan(*drawn)
    assert all(s.refs for s in plan.payments)
    ranks = [s.rank for s in plan.payments]
    assert ranks == list(range(1, len(ranks) + 1))
    sh = [s.rank for s in plan.payments if s.institution is K.SOCIAL_ASSISTANCE]
    insured = [s.rank for s in plan.payments if s.institution.is_insurance]
    assert all(r > i for r in sh for i in insured)
    _, _, dets = drawn
    eligible = {d.institution for d in dets if d.eligible and d.institution.is_insurance}
    listed = {s.institution for s in plan.payments}
    assert eligible <= listed


@SETTINGS
@given(planned())
def test_no_data_access_without_consent_or_legal_basis(
    drawn: tuple[Case, str, tuple[Determination, ...]],
) -> None:
    plan = _plan(*drawn)
    case = drawn[0]
    bases = applicable_bases(case, plan.on)
    for access in plan.data_access:
        if access.basis is AccessBasis.CONSENT:
            assert case.has_consent(access.institution, plan.on)
        else:
            assert access.refs
            assert any(b.covers(access.institution) and b.ref in access.refs for b in bases)
    covered = {a.institution for a in plan.data_access} | {
        n.institution for n in plan.consent_needed
    }
    assert covered == set(plan.participant_kinds)


@SETTINGS
@given(planned())
def test_the_plan_is_deterministic(drawn: tuple[Case, str, tuple[Determination, ...]]) -> None:
    first, second = _plan(*drawn), _plan(*drawn)
    assert first == second
    assert unstructure(first) == unstructure(second)


@SETTINGS
@given(planned())
def test_parallel_offers_never_overlap_where_forbidden(
    drawn: tuple[Case, str, tuple[Determination, ...]],
) -> None:
    plan = _plan(*drawn)
    check_schedule(plan.measures)
    for i, a in enumerate(plan.measures):
        assert a.period.start >= plan.on
        for b in plan.measures[i + 1 :]:
            pair = frozenset({(a.institution, a.measure_type), (b.institution, b.measure_type)})
            if pair in FORBIDDEN_OVERLAPS or (a.institution, a.measure_type) == (
                b.institution,
                b.measure_type,
            ):
                assert not a.period.overlaps(b.period)


@SETTINGS
@given(planned())
def test_no_bfs_number_in_the_plan(drawn: tuple[Case, str, tuple[Determination, ...]]) -> None:
    """Institution ids that carry a municipality's BFS number never leave the planner."""
    _, code, _ = drawn
    plan = _plan(*drawn)
    network = CANTONS[code].network
    local = {i.id for i in network.institutions if len(i.municipalities) == 1}
    ids = {p.institution_id for p in plan.participants} | {m.institution_id for m in plan.measures}
    ids.add(plan.lead.institution_id)
    assert not ids & local


def test_check_schedule_rejects_a_forbidden_overlap() -> None:
    from iizcore import RuleError
    from iizcore.model import Measure, MeasureType, Period

    iv = Measure(K.IV_OFFICE, MeasureType.INTEGRATION_MEASURE, Period(date(2025, 1, 1)))
    course = Measure(K.RAV, MeasureType.COURSE, Period(date(2025, 6, 1), date(2025, 7, 1)))
    with pytest.raises(RuleError, match="must not overlap"):
        check_schedule((iv, course))
    check_schedule(
        (Measure(K.RAV, MeasureType.COURSE, Period(date(2024, 1, 1), date(2024, 12, 31))), iv)
    )
