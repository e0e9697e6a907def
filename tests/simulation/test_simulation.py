"""Pathway simulation: worked example and properties (iizcore.simulation)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings

from iizcore.coordination.plan import (
    CoordinationPlan,
    Criterion,
    EarlyDetectionReport,
    Lead,
    Triage,
)
from iizcore.hooks import load_canton
from iizcore.law.parameters import federal_parameters
from iizcore.model import (
    Benefit,
    Case,
    Employment,
    EmploymentStatus,
    Health,
    HealthCause,
    InstitutionKind,
    Labels,
    LegalRef,
    Money,
    Person,
    Residence,
    Sex,
    Spell,
    period,
)
from iizcore.simulation import (
    ASSUMPTIONS,
    DAYS_PER_MONTH,
    PAYER,
    Path,
    System,
    simulate_case,
    summarise,
    transitions_on,
)
from iizcore.testing.strategies import cases_for

K = InstitutionKind
ON = date(2024, 3, 1)
BL = load_canton("BL")


def _case() -> Case:
    person = Person(
        id="p1",
        birth_date=date(1980, 5, 5),
        sex=Sex.MALE,
        residence=Residence(canton="BL", bfs_municipality=2829),
        health=Health(50, ON - timedelta(days=45), HealthCause.ILLNESS),
        employment=Employment(
            status=EmploymentStatus.UNEMPLOYED,
            unemployed_since=ON,
            insured_monthly_earnings=Money.chf(5000),
        ),
    )
    return Case(
        "c1", person, ON, history=(Spell(K.ALV_FUND, Benefit.CASH, ON, daily_allowances_drawn=0),)
    )


def _plan(case: Case) -> CoordinationPlan:
    return CoordinationPlan(
        case_id=case.id,
        canton="BL",
        on=ON,
        triage=Triage((Criterion("iiz.health_labour", True, Labels.same("x")),)),
        lead=Lead(K.IV_OFFICE, "iiz.lead.health", Labels.same("x")),
        participants=(),
        payments=(),
        early_detection=EarlyDetectionReport(
            ON, 45, K.RAV, Labels.same("x"), (LegalRef("IVG", "3b"),)
        ),
    )


def test_worked_example_unemployed_with_back_injury() -> None:
    """Sequential path of LAW.md §2 (AVIG Art. 27 Abs. 2 lit. a: 260 allowances, AVIV Art. 40a: 21.7).

    260 / 21.7 = 11.98 → Aussteuerung after 12 months; the social service registers
    the person with the IV ``transitions.sh_to_iv_registration_months`` (6) later:
    month 18, i.e. round(18 × 30.4375) = 548 days. The coordination plan reports
    to the IV for early detection on the as-of date (IVG Art. 3a–3c): 0 days.
    """
    case = _case()
    sim = simulate_case(case, ON, plan=_plan(case))
    assert sim.health_case
    assert sim.sequential.acts_after_days == 548
    assert sim.coordinated.acts_after_days == 0
    assert sim.days_gained == 548
    assert sim.sequential.right_institution is K.IV_OFFICE
    # ALV pays the same 12 months on both paths (advance duty, ATSG Art. 70 Abs. 2 lit. b).
    assert sim.sequential.system_months(System.ALV) == sim.coordinated.system_months(System.ALV)
    assert sim.sequential.months[11].alv > 0 and sim.sequential.months[12].alv == 0
    # The IV decides after 12 months (iv_processing_months) on the coordinated path:
    # before the Aussteuerung, so no social-assistance month at all.
    assert sim.coordinated.system_months(System.SH) == 0
    assert sim.sequential.system_months(System.SH) > 0
    assert sim.coordinated.cost(K.SOCIAL_ASSISTANCE) == Money.zero()
    # ALV monthly allowance: 80 % of 5000 (AVIG Art. 22 Abs. 1) for the expected ALV months,
    # an expected value put on the 0.05 CHF grid.
    expected = Money.chf(4000) * sim.sequential.system_months(System.ALV)
    assert sim.sequential.cost(K.ALV_FUND) == expected.rounded()


def test_shares_follow_shivalv_remaining_share_at_12_months() -> None:
    """BFS SHIVALV: 40.1 % still in the ALV 12 months after entry (entry 2018)."""
    case = _case()
    sim = simulate_case(case, ON, plan=_plan(case), horizon_months=24)
    # Month 11 is the last ALV month; linear from 100 % to 40.1 % at month 12.
    assert sim.sequential.months[0].alv == Decimal(1)
    assert sim.sequential.months[6].alv == Decimal(1) - (Decimal("0.599") * 6 / 12)


def test_transitions_name_the_unverified_parameters() -> None:
    tr = transitions_on(ON)
    assert set(tr.unverified) == {
        "transitions.exhausted_to_sh_percent",
        "transitions.sh_to_iv_registration_months",
        "transitions.iv_processing_months",
    }
    for _, row in tr.rows:
        assert row.source


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(case=cases_for(BL))
def test_properties_over_generated_cases(case: Case) -> None:
    """Totality, determinism, shares within 0..1, never a negative gain, no cost below 0."""
    params = federal_parameters()
    a = simulate_case(case, case.as_of, parameters=params)
    b = simulate_case(case, case.as_of, parameters=params)
    assert a == b
    for path in (a.sequential, a.coordinated):
        for m in path.months:
            for system in System:
                assert Decimal(0) <= m.share(system) <= Decimal(1)
            assert m.alv + m.sh + m.iv_decided <= Decimal(1) + Decimal("1e-20")
        for _, money in path.costs:
            assert money.amount >= 0
            assert money == money.rounded()  # on the 0.05 CHF grid
    assert a.days_gained >= 0
    s = summarise([a, b], horizon_months=36)
    assert s.cases == 2
    assert s.days_gained_total == 2 * a.days_gained
    assert s.months_in(Path.SEQUENTIAL, System.ALV) == 2 * a.sequential.system_months(System.ALV)
    # The totals are the exact sums of the cases' costs: the parts add up to the whole.
    for payer in PAYER.values():
        assert s.cost(Path.SEQUENTIAL, payer) == a.sequential.cost(payer) * 2
        assert s.cost(Path.COORDINATED, payer) == a.coordinated.cost(payer) * 2


def test_days_per_month_is_the_mean_calendar_month() -> None:
    """One constant for the whole library (iizcore.model.period), 365.25 / 12 days."""
    assert Decimal("365.25") / 12 == DAYS_PER_MONTH
    assert DAYS_PER_MONTH is period.DAYS_PER_MONTH
    assert period.DAYS_PER_YEAR / 12 == DAYS_PER_MONTH


def test_assumptions_say_costs_are_expected_and_advances_not_reimbursed() -> None:
    """The report lists ASSUMPTIONS: it must say the costs are expected values on the grid and
    that the ALV's advances stay with the ALV (ATSG Art. 71 reimbursement not modelled).

    Worked check: the coordinated path of the back-injury case has the IV decide while the ALV
    still pays; the ALV's cost is the same on both paths, none of it moves to the IV."""
    text = " ".join(ASSUMPTIONS)
    assert "expected values" in text and "0.05 CHF" in text
    assert "ATSG Art. 71" in text and "not modelled" in text
    case = _case()
    sim = simulate_case(case, ON, plan=_plan(case))
    assert sim.coordinated.cost(K.ALV_FUND) == sim.sequential.cost(K.ALV_FUND) > Money.zero()
    assert sim.coordinated.cost(K.IV_OFFICE) == Money.zero()
