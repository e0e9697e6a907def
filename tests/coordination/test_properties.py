"""Hypothesis properties of coordination (issue 4), on the public case strategies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iizcore import Case, RuleError, load_canton
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
from iizcore.model import InstitutionKind, Labels, LegalRef, Measure, MeasureType, Period
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


def test_the_plan_is_deterministic_across_processes_and_hash_seeds() -> None:
    """The same cases give the same plans in another interpreter with another hash seed:
    no set or dict iteration order leaks into the plan (iteration order of str-keyed sets
    changes with PYTHONHASHSEED)."""
    script = (
        "import json, sys\n"
        "from iizcore import load_canton, unstructure, loads, Case\n"
        "from iizcore.coordination import plan_case\n"
        "from iizcore.law.determination import RuleContext\n"
        "from iizcore.examples import case_files\n"
        "out = []\n"
        "for f in case_files():\n"
        "    case = loads(f.read_bytes(), Case)\n"
        "    canton = load_canton(case.person.residence.canton)\n"
        "    ctx = RuleContext(case.as_of, canton.parameters)\n"
        "    out.append(unstructure(plan_case(case, canton, ctx)))\n"
        "json.dump(out, sys.stdout, sort_keys=True)\n"
    )

    def run(seed: str) -> str:
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        return done.stdout

    first, second = run("1"), run("4242")
    assert first and first == second
    assert len(json.loads(first)) >= 4


_SCHEDULED = st.sampled_from(
    [
        (K.IV_OFFICE, MeasureType.INTEGRATION_MEASURE),
        (K.IV_OFFICE, MeasureType.VOCATIONAL_MEASURE),
        (K.IV_OFFICE, MeasureType.EARLY_INTERVENTION),
        (K.RAV, MeasureType.COURSE),
        (K.RAV, MeasureType.EMPLOYMENT_PROGRAMME),
        (K.RAV, MeasureType.WORK_PLACEMENT),
        (K.RAV, MeasureType.COUNSELLING),
        (K.VOCATIONAL_GUIDANCE, MeasureType.CAREER_GUIDANCE),
    ]
)


@st.composite
def scheduled(draw: st.DrawFn) -> Measure:
    kind, mtype = draw(_SCHEDULED)
    start = draw(st.dates(date(2024, 1, 1), date(2025, 12, 31)))
    length = draw(st.none() | st.integers(0, 400))
    end = None if length is None else start + timedelta(days=length)
    return Measure(kind, mtype, Period(start, end))


@settings(max_examples=300, deadline=None)
@given(st.lists(scheduled(), max_size=5))
def test_check_schedule_rejects_exactly_the_forbidden_overlaps(measures: list[Measure]) -> None:
    """check_schedule raises iff two measures overlap in time and are the same offer twice or
    a pair of FORBIDDEN_OVERLAPS (IV daily allowance, IVG Art. 22, with an ALV labour-market
    measure, AVIG Art. 15; ATSG Art. 69)."""
    forbidden = any(
        a.period.overlaps(b.period)
        and (
            (a.institution, a.measure_type) == (b.institution, b.measure_type)
            or frozenset({(a.institution, a.measure_type), (b.institution, b.measure_type)})
            in FORBIDDEN_OVERLAPS
        )
        for i, a in enumerate(measures)
        for b in measures[i + 1 :]
    )
    if forbidden:
        with pytest.raises(RuleError, match="must not overlap"):
            check_schedule(measures)
    else:
        check_schedule(measures)


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


@SETTINGS
@given(planned())
def test_published_ids_say_no_more_than_the_district(
    drawn: tuple[Case, str, tuple[Determination, ...]],
) -> None:
    """An institution id in the plan belongs to a service of the whole canton or of whole
    districts: a regional service of part of a district would narrow the residence."""
    _, code, _ = drawn
    plan = _plan(*drawn)
    network = CANTONS[code].network
    ids = {p.institution_id for p in plan.participants} | {m.institution_id for m in plan.measures}
    ids.add(plan.lead.institution_id)
    for inst_id in ids - {None}:
        served = network.institution(str(inst_id)).municipalities
        districts = {m.district for m in network.municipalities if m.bfs in served}
        whole = {m.bfs for m in network.municipalities if m.district in districts}
        assert not served or (served == whole and len(served) > 1)


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
