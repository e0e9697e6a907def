"""Worked IIZ scenarios (issue 4) through ``assess()`` — the real federal rules, the canton's
network and hooks — and a few plans from case facts where a rule is pinned on purpose."""

from __future__ import annotations

from datetime import date

import pytest

from iizcore import Case, LegalRef, dumps, loads
from iizcore.assessment import Assessment, assess
from iizcore.coordination import PaymentRole, plan_case
from iizcore.examples import case_files
from iizcore.hooks import Canton
from iizcore.model import CollaborationForm, InstitutionKind, MeasureType

from .conftest import ON, context, make_case

K = InstitutionKind
EXAMPLES = {f.name: f for f in case_files()}


def example(name: str) -> Case:
    return loads(EXAMPLES[name].read_bytes(), Case)


def _months_later(day: date, months: int) -> date:
    index = day.month - 1 + months
    return day.replace(year=day.year + index // 12, month=index % 12 + 1)


def test_unemployed_with_back_injury_through_assess() -> None:
    """Issue 4, scenario 1 (example zh_back_injury): unemployed since 2024-11-01, 45 days unable
    to work (back): an IIZ case. No IV claim is filed yet, so the ALV pays as the responsible
    insurance now and advances from the registration with the IV on (AVIV Art. 15 Abs. 3:
    registered persons count as placeable until the IV decides; ATSG Art. 70 Abs. 2 lit. b;
    BGE 136 V 95), which the plan schedules with the early-detection report (IVG Art. 3b, no
    minimum duration since 2022). RAV counselling and IV early intervention run in parallel;
    ZH meets at a round table with the person."""
    result = assess(example("zh_back_injury.json"))
    plan = result.plan
    assert result.canton == "ZH"  # the person's canton of residence
    assert plan.is_iiz_case
    met = {c.code for c in plan.triage.met}
    assert {"iiz.multiple_institutions", "iiz.health_and_labour_market"} <= met

    assert plan.early_detection is not None
    assert plan.early_detection.incapacity_days == 45
    assert plan.early_detection.due == ON
    assert plan.early_detection.reported_by is K.RAV

    steps = [(s.institution, s.role) for s in plan.payments]
    assert steps == [
        (K.ALV_FUND, PaymentRole.PRIMARY),
        (K.ALV_FUND, PaymentRole.ADVANCE),
        (K.IV_OFFICE, PaymentRole.PENDING),
    ]
    primary, advance = plan.payments[0], plan.payments[1]
    assert primary.since is None
    assert advance.since == plan.early_detection.due
    assert advance.recovers_from is K.IV_OFFICE
    assert LegalRef("ATSG", "70", paragraph="2", letter="b") in advance.refs
    assert LegalRef("AVIV", "15", paragraph="3") in advance.refs
    assert advance.recovery_refs == (LegalRef("ATSG", "71"),)
    assert "Anmeldung bei der IV" in advance.reason.de

    kinds = {(m.institution, m.measure_type): m for m in plan.measures}
    rav = kinds[(K.RAV, MeasureType.COUNSELLING)]
    iv = kinds[(K.IV_OFFICE, MeasureType.EARLY_INTERVENTION)]
    assert rav.period.overlaps(iv.period)  # in parallel, not one after the other

    assert plan.meeting is not None
    assert plan.meeting.form is CollaborationForm.ROUND_TABLE
    assert plan.meeting.with_person
    assert {K.RAV, K.ALV_FUND, K.IV_OFFICE} <= set(plan.meeting.participants)
    assert plan.lead.institution is K.RAV and plan.lead.institution_id == "zh.rav"


def test_expected_gain_uses_the_alv_exhaustion_date_and_the_iv_processing_time() -> None:
    """Sequential path: the IV is registered the day after the ALV's exhaustion date (AVIG
    Art. 27) and decides ``transitions.iv_processing_months`` later; in the plan it is
    registered now and decides as much later. Neither side is zero by construction."""
    result = assess(example("zh_back_injury.json"))
    alv = next(d for d in result.determinations if d.rule == "alv.entitlement")
    exhausted = alv.date("exhaustion_date")
    assert exhausted is not None and exhausted > ON
    months = int(load_months(result))
    gain = result.plan.gain
    assert gain is not None
    assert gain.parallel_days == (_months_later(ON, months) - ON).days > 0
    registration = exhausted + (date(2000, 1, 2) - date(2000, 1, 1))
    assert gain.sequential_days == (_months_later(registration, months) - ON).days
    assert gain.days_saved == gain.sequential_days - gain.parallel_days > 0


def load_months(result: Assessment) -> int:
    from iizcore import load_canton

    return int(load_canton(result.canton).parameters.value("transitions.iv_processing_months", ON))


def test_registered_with_the_iv_the_alv_advances_from_the_plan_date() -> None:
    """With an IV claim filed (registration, ATSG Art. 29), the ALV advance applies at once
    (AVIV Art. 15 Abs. 3; ATSG Art. 70 Abs. 2 lit. b) and the IV leads (IVG Art. 7d)."""
    case = make_case(
        health={"incapacity_percent": 100, "incapacity_since": "2025-01-16", "cause": "illness"},
        employment={
            "status": "unemployed",
            "unemployed_since": "2024-11-01",
            "contribution_periods": [{"start": "2021-01-01", "end": "2024-10-31"}],
            "insured_monthly_earnings": "6200",
        },
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2024-11-01"}],
        claims=[{"institution": "iv_office", "filed_on": "2025-02-20"}],
    )
    plan = assess(case).plan
    first = plan.payments[0]
    assert (first.institution, first.role, first.since) == (K.ALV_FUND, PaymentRole.ADVANCE, None)
    assert not any(
        s.role is PaymentRole.PRIMARY and s.institution is K.ALV_FUND for s in plan.payments
    )
    assert plan.early_detection is None  # already registered
    assert plan.lead.institution is K.IV_OFFICE


def test_no_advance_without_a_health_problem() -> None:
    """The advance-payment duty presupposes that ALV/IV responsibility is disputed."""
    plan = assess(example("bl_single_responsibility.json")).plan
    assert all(s.role is not PaymentRole.ADVANCE for s in plan.payments)


def test_early_detection_waits_for_30_days_under_the_pre_2022_ordinance(zh: Canton) -> None:
    """Before 2022 a report needed 30 days of incapacity (IVV Art. 1ter, old wording, dated
    parameter ``iv.early_detection_min_incapacity_days``): the report is due on the 30th day,
    and the ALV advance is dated from then."""
    case = make_case(
        health={"incapacity_percent": 100, "incapacity_since": "2021-01-01"},
        employment={"status": "unemployed", "unemployed_since": "2020-10-01"},
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2020-10-01"}],
    )
    on = date(2021, 1, 10)
    plan = plan_case(case, zh, context(zh, on))
    assert plan.early_detection is not None
    assert plan.early_detection.due == date(2021, 1, 30)
    assert plan.early_detection.incapacity_days == 10
    iv = next(m for m in plan.measures if m.institution is K.IV_OFFICE)
    assert iv.period.start == date(2021, 1, 30)
    assert plan.meeting is not None and plan.meeting.due == date(2021, 1, 30)
    advance = next(s for s in plan.payments if s.role is PaymentRole.ADVANCE)
    assert advance.since == date(2021, 1, 30)


def test_19_year_old_without_qualification_on_social_assistance_bl() -> None:
    """Issue 4, scenario 2 (example bl_young_without_qualification): 19, no vocational
    qualification, on social assistance: IIZ case (young adults, IVG Art. 14a Abs. 1 lit. b age
    limit 25); vocational education leads (Case Management Berufsbildung, BBG Art. 12: BL's
    BerufsWegBereitung), guidance runs during social assistance, which pays subsidiarily
    (SKOS A.3); BL meets in a case conference."""
    result = assess(example("bl_young_without_qualification.json"))
    plan = result.plan
    assert result.canton == "BL"
    assert [c.code for c in plan.triage.met] == ["iiz.young_without_qualification"]
    assert plan.lead.institution is K.VOCATIONAL_EDUCATION
    assert plan.lead.institution_id == "bl.bmh"
    assert [(s.institution, s.role) for s in plan.payments] == [
        (K.SOCIAL_ASSISTANCE, PaymentRole.SUBSIDIARY)
    ]
    types = {(m.institution, m.measure_type) for m in plan.measures}
    assert (K.VOCATIONAL_GUIDANCE, MeasureType.CAREER_GUIDANCE) in types
    assert (K.VOCATIONAL_EDUCATION, MeasureType.CASE_MANAGEMENT) in types
    assert plan.meeting is not None
    assert plan.meeting.form is CollaborationForm.CASE_CONFERENCE
    assert not plan.meeting.with_person


def young_on_social_assistance(canton: str) -> Case:
    return make_case(
        canton=canton,
        birth_date="2005-09-03",
        education={"qualification": "none"},
        employment={"status": "not_in_labour_force"},
        history=[{"institution": "social_assistance", "benefit": "cash", "start": "2024-09-01"}],
    )


def test_zh_netz2_leads_young_people_and_runs_the_case_management(zh: Canton) -> None:
    """ZH hook: Case Management Berufsbildung 'Netz 2' is led by the AJB (network.toml). The
    hook renames the lead rule ("zh.lead.netz2"): the case management still goes to the lead's
    own kind, an institution ZH has — never chosen by the rule's name."""
    plan = assess(young_on_social_assistance("ZH"), zh).plan
    assert plan.lead.rule == "zh.lead.netz2"
    assert plan.lead.institution_id == "zh.ajb"
    assert plan.lead.decided_by == zh.plugin_name
    assert plan.lead.source is not None and "Netz 2" in plan.lead.source
    managed = [m for m in plan.measures if m.measure_type is MeasureType.CASE_MANAGEMENT]
    assert [m.institution for m in managed] == [K.VOCATIONAL_GUIDANCE]
    assert managed[0].institution in zh.network.kinds
    assert plan.participant(K.VOCATIONAL_GUIDANCE) is not None


def test_provisionally_admitted_three_years_after_entry_bl() -> None:
    """Issue 4, scenario 3 (example bl_provisionally_admitted): entered 2022-03-01, on
    2025-03-01 within the 7 years of federal lump sums (AIG Art. 87 Abs. 3), so in the
    integration phase until 2029-02-28; BL's ZIF keeps the case ('durchgehende Fallführung',
    BL hook); language course and guidance in parallel."""
    plan = assess(example("bl_provisionally_admitted.json")).plan
    phase = next(c for c in plan.triage.criteria if c.code == "iiz.integration_phase")
    assert phase.met and "2029-02-28" in phase.reason.de
    assert plan.lead.institution is K.MIGRATION_INTEGRATION
    assert plan.lead.institution_id == "bl.zif"
    language = next(m for m in plan.measures if m.measure_type is MeasureType.LANGUAGE_COURSE)
    assert language.period.end == date(2029, 2, 28)
    assert any(m.measure_type is MeasureType.CAREER_GUIDANCE for m in plan.measures)


def provisionally_admitted(canton: str, bfs: int, entry: str = "2022-03-01") -> Case:
    return make_case(
        canton=canton,
        bfs=bfs,
        residence={"status": "provisionally_admitted_f", "entry_date": entry},
        education={"qualification": "none"},
        employment={"status": "not_in_labour_force"},
        history=[{"institution": "social_assistance", "benefit": "cash", "start": "2022-06-01"}],
    )


def test_provisionally_admitted_in_zh_is_led_by_the_municipality(zh: Canton) -> None:
    """ZH hook: the municipality is the case-leading body of the Integrationsagenda ZH; the
    municipal social service is named by its kind, never by its BFS-numbered id."""
    case = provisionally_admitted("ZH", 261)
    plan = assess(case, zh).plan
    assert plan.lead.institution is K.SOCIAL_ASSISTANCE
    assert plan.lead.rule == "zh.lead.integration_agenda"
    assert plan.lead.institution_id is None
    assert zh.network.institution_for(K.SOCIAL_ASSISTANCE, 261) is not None
    text = dumps(plan)
    assert "zh.sh.261" not in text
    assert "261" not in text


def test_integration_phase_ends_after_seven_years(zh: Canton) -> None:
    """AIG Art. 87 Abs. 3: lump sums at most seven years after entry."""
    case = provisionally_admitted("ZH", 261)
    plan = plan_case(case, zh, context(zh, date(2029, 3, 1)))
    assert not any(c.code == "iiz.integration_phase" and c.met for c in plan.triage.criteria)


@pytest.mark.parametrize(("on", "inside"), [(date(2027, 2, 27), True), (date(2027, 2, 28), False)])
def test_integration_phase_after_a_29_february_entry_matches_federal_financing(
    zh: Canton, on: date, inside: bool
) -> None:
    """Entered 29 Feb 2020 (refugee, 7 years, AIG Art. 87 Abs. 3): the federal financing rule
    ends on 2027-02-27 (the day before the anniversary, 28 Feb); the integration phase ends on
    the same day (one computation, iizcore.law.migration.federal_financing_end)."""
    case = provisionally_admitted("ZH", 261, entry="2020-02-29")
    plan = plan_case(case, zh, context(zh, on))
    phase = next(c for c in plan.triage.criteria if c.code == "iiz.integration_phase")
    assert phase.met is inside


def test_single_clear_responsibility_is_no_iiz_case() -> None:
    """Issue 4, scenario 4 (example bl_single_responsibility): unemployed, healthy, qualified,
    the ALV pays: one institution, no IIZ case, no meeting. Social assistance is not involved
    while the ALV's daily allowance is paid (subsidiarity, SKOS A.3), although the case has no
    monthly income of its own."""
    case = example("bl_single_responsibility.json")
    assert not case.person.monthly_income
    plan = assess(case).plan
    assert not plan.is_iiz_case
    assert plan.meeting is None
    assert plan.early_detection is None
    assert plan.lead.institution is K.RAV
    assert [(s.institution, s.role) for s in plan.payments] == [(K.ALV_FUND, PaymentRole.PRIMARY)]
    assert plan.participant(K.SOCIAL_ASSISTANCE) is None


def test_social_assistance_with_an_active_spell_still_counts_beside_the_alv() -> None:
    """A top-up actually paid (ergänzende Sozialhilfe: an active social-assistance spell) keeps
    social assistance involved beside the ALV: two branches, an IIZ case."""
    data = loads(EXAMPLES["bl_single_responsibility.json"].read_bytes(), Case)
    topped = make_case(
        canton="BL",
        bfs=data.person.residence.bfs_municipality,
        education={"qualification": "tertiary"},
        employment={
            "status": "unemployed",
            "unemployed_since": "2025-01-01",
            "contribution_periods": [{"start": "2019-01-01", "end": "2024-12-31"}],
            "insured_monthly_earnings": "2500",
        },
        history=[
            {"institution": "alv_fund", "benefit": "cash", "start": "2025-01-01"},
            {"institution": "social_assistance", "benefit": "cash", "start": "2025-02-01"},
        ],
    )
    plan = assess(topped).plan
    assert plan.participant(K.SOCIAL_ASSISTANCE) is not None
    assert plan.is_iiz_case


def test_social_assistance_advances_against_iv_back_payment(zh: Canton) -> None:
    """IV claim pending while social assistance pays: social assistance advances and claims the
    IV back payment (ATSG Art. 22 Abs. 2 lit. a, IVV Art. 85bis; BGE 135 V 2)."""
    case = make_case(
        health={"incapacity_percent": 60, "incapacity_since": "2024-06-01"},
        employment={"status": "not_in_labour_force"},
        history=[{"institution": "social_assistance", "benefit": "cash", "start": "2024-07-01"}],
        claims=[{"institution": "iv_office", "filed_on": "2024-12-01"}],
    )
    plan = plan_case(case, zh, context(zh))
    sh = plan.payments[-1]
    assert (sh.institution, sh.role, sh.recovers_from) == (
        K.SOCIAL_ASSISTANCE,
        PaymentRole.ADVANCE,
        K.IV_OFFICE,
    )
    assert LegalRef("IVV", "85bis", paragraph="1") in sh.recovery_refs
    assert plan.lead.institution is K.IV_OFFICE
    # 60 % for 9 months: an IV integration measure (IVG Art. 14a Abs. 1 lit. a), one year at most.
    measure = next(m for m in plan.measures if m.institution is K.IV_OFFICE)
    assert measure.measure_type is MeasureType.INTEGRATION_MEASURE
    assert measure.period == measure.period.__class__(ON, date(2026, 2, 28))
