"""Worked IIZ scenarios (issue 4), planned from case facts and hand-made determinations."""

from __future__ import annotations

from datetime import date

from iizcore import Case, LegalRef, dumps
from iizcore.coordination import PaymentRole, plan_case
from iizcore.hooks import Canton
from iizcore.law.determination import KeyDate, Outcome
from iizcore.model import CollaborationForm, InstitutionKind, MeasureType

from .conftest import ON, context, determination, make_case

K = InstitutionKind


def back_injury_case(on: date = ON, since: str = "2025-01-16") -> Case:
    return make_case(
        health={"incapacity_percent": 100, "incapacity_since": since, "cause": "illness"},
        employment={
            "status": "unemployed",
            "unemployed_since": "2024-11-01",
            "contribution_periods": [{"start": "2021-01-01", "end": "2024-10-31"}],
            "insured_monthly_earnings": "6200",
        },
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2024-11-01"}],
        consents=[{"institutions": ["rav", "iv_office"], "since": "2025-02-01"}],
    )


def test_unemployed_with_back_injury_is_an_iiz_case_with_alv_advance(zh: Canton) -> None:
    """Unemployed, 45 days unable to work (back): ALV advances (ATSG Art. 70 Abs. 2 lit. b,
    AVIV Art. 15 Abs. 3; BGE 136 V 95), the IV is reported for early detection (IVG Art. 3b),
    RAV counselling and IV early intervention run in parallel, a round table is due (ZH)."""
    case = back_injury_case()
    alv = determination(
        K.ALV_FUND,
        "alv.entitlement",
        Outcome.ELIGIBLE,
        dates=(KeyDate("exhaustion_date", date(2026, 4, 30), LegalRef("AVIG", "27")),),
    )
    plan = plan_case(case, zh, context(zh), (alv,))

    assert plan.is_iiz_case
    met = {c.code for c in plan.triage.met}
    assert {"iiz.multiple_institutions", "iiz.health_and_labour_market"} <= met

    first = plan.payments[0]
    assert (first.institution, first.role) == (K.ALV_FUND, PaymentRole.ADVANCE)
    assert first.recovers_from is K.IV_OFFICE
    assert LegalRef("ATSG", "70", paragraph="2", letter="b") in first.refs
    assert LegalRef("AVIV", "15", paragraph="3") in first.refs
    assert first.recovery_refs == (LegalRef("ATSG", "71"),)

    assert plan.early_detection is not None
    assert plan.early_detection.incapacity_days == 45
    assert plan.early_detection.due == ON  # no minimum duration since 2022 (IVV Art. 1ter)

    kinds = {(m.institution, m.measure_type): m for m in plan.measures}
    rav = kinds[(K.RAV, MeasureType.COUNSELLING)]
    iv = kinds[(K.IV_OFFICE, MeasureType.EARLY_INTERVENTION)]
    assert rav.period.overlaps(iv.period)  # in parallel, not one after the other

    assert plan.meeting is not None
    assert plan.meeting.form is CollaborationForm.ROUND_TABLE
    assert plan.meeting.with_person
    assert {K.RAV, K.ALV_FUND, K.IV_OFFICE} <= set(plan.meeting.participants)
    assert plan.lead.institution is K.RAV and plan.lead.institution_id == "zh.rav"

    assert plan.gain is not None
    assert plan.gain.parallel_days == 0
    assert plan.gain.sequential_days == (date(2026, 4, 30) - ON).days + 1
    assert plan.gain.days_saved == plan.gain.sequential_days


def test_early_detection_waits_for_30_days_under_the_pre_2022_ordinance(zh: Canton) -> None:
    """Before 2022 a report needed 30 days of incapacity (IVV Art. 1ter, old wording, dated
    parameter ``iv.early_detection_min_incapacity_days``): the report is due on the 30th day."""
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


def young_on_social_assistance(canton: str) -> Case:
    return make_case(
        canton=canton,
        birth_date="2005-09-03",
        education={"qualification": "none"},
        employment={"status": "not_in_labour_force"},
        history=[{"institution": "social_assistance", "benefit": "cash", "start": "2024-09-01"}],
    )


def test_19_year_old_without_qualification_on_social_assistance_bl(bl: Canton) -> None:
    """A 19-year-old without a vocational qualification on social assistance: IIZ case
    (young adults, IVG Art. 14a Abs. 1 lit. b age limit 25); vocational education leads
    (Case Management Berufsbildung, BBG Art. 12: BL's BerufsWegBereitung), guidance runs
    during social assistance, which pays subsidiarily (SKOS A.3); BL meets in a case conference."""
    plan = plan_case(young_on_social_assistance("BL"), bl, context(bl))
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


def test_zh_netz2_leads_young_people(zh: Canton) -> None:
    """ZH hook: Case Management Berufsbildung 'Netz 2' is led by the AJB (network.toml)."""
    plan = plan_case(young_on_social_assistance("ZH"), zh, context(zh))
    assert plan.lead.rule == "zh.lead.netz2"
    assert plan.lead.institution_id == "zh.ajb"
    assert plan.lead.decided_by == zh.plugin_name
    assert plan.lead.source is not None and "Netz 2" in plan.lead.source
    assert plan.participant(K.VOCATIONAL_GUIDANCE) is not None


def provisionally_admitted(canton: str, bfs: int) -> Case:
    return make_case(
        canton=canton,
        bfs=bfs,
        residence={"status": "provisionally_admitted_f", "entry_date": "2022-03-01"},
        education={"qualification": "none"},
        employment={"status": "not_in_labour_force"},
        history=[{"institution": "social_assistance", "benefit": "cash", "start": "2022-06-01"}],
    )


def test_provisionally_admitted_three_years_after_entry_bl(bl: Canton) -> None:
    """Provisionally admitted, entered 2022-03-01, on 2025-03-01: within the 7 years of federal
    lump sums (AIG Art. 87 Abs. 3), so in the integration phase until 2029-02-28; BL's ZIF keeps
    the case ('durchgehende Fallführung', BL hook); language course and guidance in parallel."""
    plan = plan_case(provisionally_admitted("BL", 2762), bl, context(bl))
    phase = next(c for c in plan.triage.criteria if c.code == "iiz.integration_phase")
    assert phase.met and "2029-02-28" in phase.reason.de
    assert plan.lead.institution is K.MIGRATION_INTEGRATION
    assert plan.lead.institution_id == "bl.zif"
    language = next(m for m in plan.measures if m.measure_type is MeasureType.LANGUAGE_COURSE)
    assert language.period.end == date(2029, 2, 28)
    assert any(m.measure_type is MeasureType.CAREER_GUIDANCE for m in plan.measures)


def test_provisionally_admitted_in_zh_is_led_by_the_municipality(zh: Canton) -> None:
    """ZH hook: the municipality is the case-leading body of the Integrationsagenda ZH; the
    municipal social service is named by its kind, never by its BFS-numbered id."""
    case = provisionally_admitted("ZH", 261)
    plan = plan_case(case, zh, context(zh))
    assert plan.lead.institution is K.SOCIAL_ASSISTANCE
    assert plan.lead.rule == "zh.lead.integration_agenda"
    assert plan.lead.institution_id is None
    assert zh.network.institution_for(K.SOCIAL_ASSISTANCE, 261) is not None
    text = dumps(plan)
    assert "zh.sh.261" not in text
    assert "bfs" not in text


def test_integration_phase_ends_after_seven_years(zh: Canton) -> None:
    """AIG Art. 87 Abs. 3: lump sums at most seven years after entry."""
    case = provisionally_admitted("ZH", 261)
    plan = plan_case(case, zh, context(zh, date(2029, 3, 1)))
    assert not any(c.code == "iiz.integration_phase" and c.met for c in plan.triage.criteria)


def test_single_clear_responsibility_is_no_iiz_case(bl: Canton) -> None:
    """Unemployed, healthy, qualified, ALV pays: one institution, no IIZ case, no meeting."""
    case = make_case(
        canton="BL",
        education={"qualification": "tertiary"},
        employment={"status": "unemployed", "unemployed_since": "2025-01-01"},
        history=[{"institution": "alv_fund", "benefit": "cash", "start": "2025-01-01"}],
    )
    alv = determination(K.ALV_FUND, "alv.entitlement", Outcome.ELIGIBLE)
    plan = plan_case(case, bl, context(bl), (alv,))
    assert not plan.is_iiz_case
    assert plan.meeting is None
    assert plan.early_detection is None
    assert plan.lead.institution is K.RAV
    assert [(s.institution, s.role) for s in plan.payments] == [(K.ALV_FUND, PaymentRole.PRIMARY)]


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
