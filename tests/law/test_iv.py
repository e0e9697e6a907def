"""IV rules (IVG/IVV): early detection, early intervention, integration measures, pension."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iizcore.errors import ParameterError
from iizcore.law import iv
from iizcore.law.ahv import add_months
from iizcore.law.determination import Outcome, RuleContext
from iizcore.law.parameters import federal_parameters
from iizcore.model import (
    Benefit,
    Case,
    Claim,
    ClaimOutcome,
    Employment,
    EmploymentStatus,
    Health,
    InstitutionKind,
    Person,
    Residence,
    Sex,
    Spell,
)

PARAMS = federal_parameters()


def _ctx(on: date) -> RuleContext:
    return RuleContext(on=on, parameters=PARAMS)


def _case(
    on: date,
    *,
    health: Health | None = None,
    claims: tuple[Claim, ...] = (),
    born: date = date(1980, 5, 17),
    sex: Sex = Sex.MALE,
    status: EmploymentStatus = EmploymentStatus.EMPLOYED,
    history: tuple[Spell, ...] = (),
) -> Case:
    person = Person(
        id="p-iv",
        birth_date=born,
        sex=sex,
        residence=Residence("ZH", 261),
        health=health or Health(),
        employment=Employment(status=status),
    )
    return Case("c-iv", person, on, history=history, claims=claims)


# --- pension share ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("degree", "share"),
    [
        (39, "0"),
        (40, "25"),
        (41, "27.5"),
        (45, "37.5"),
        (49, "47.5"),
        (50, "50"),
        (55, "55"),
        (69, "69"),
        (70, "100"),
        (100, "100"),
    ],
)
def test_linear_pension_system_since_2022(degree: int, share: str) -> None:
    """IVG Art. 28b: table of the AHV/IV information (ahv-scienceindustries.ch page 'Invaliditätsgrad':
    40 % -> 25 %, 41 % -> 27.5 % ... 49 % -> 47.5 %, 50-69 % share = degree, 70-100 % full pension;
    under 40 % no pension)."""
    assert iv.pension_share(degree, date(2022, 1, 1), PARAMS) == Decimal(share)


@pytest.mark.parametrize(
    ("degree", "share"),
    [(39, "0"), (40, "25"), (49, "25"), (50, "50"), (59, "50"), (60, "75"), (70, "100")],
)
def test_four_step_system_before_2022(degree: int, share: str) -> None:
    """ahv-iv.ch glossary 'Invalidenrente' (old law): at least 40 % quarter pension, 50 % half,
    60 % three-quarter, 70 % full pension."""
    assert iv.pension_share(degree, date(2021, 12, 31), PARAMS) == Decimal(share)


@given(
    a=st.integers(0, 100),
    b=st.integers(0, 100),
    on=st.sampled_from([date(2010, 6, 1), date(2021, 12, 31), date(2022, 1, 1), date(2025, 6, 1)]),
)
def test_pension_share_is_monotone_and_bounded(a: int, b: int, on: date) -> None:
    low, high = sorted((a, b))
    s_low, s_high = iv.pension_share(low, on, PARAMS), iv.pension_share(high, on, PARAMS)
    assert Decimal(0) <= s_low <= s_high <= Decimal(100)


def test_pension_share_before_the_first_table_raises() -> None:
    with pytest.raises(ParameterError):
        iv.pension_share(50, date(2003, 12, 31), PARAMS)


def test_pension_share_rejects_degrees_outside_0_100() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        iv.pension_share(101, date(2023, 1, 1), PARAMS)


# --- pension entitlement and start -------------------------------------------------------------


def test_pension_starts_six_months_after_the_claim() -> None:
    """IVG Art. 29 Abs. 1 and 3: the entitlement arises six months after the claim (ATSG Art. 29
    Abs. 1) and the pension is paid from the start of that month. Constructed case (no published
    example): unable to work (60 %) since 10 Jan 2022, registered on 15 March 2022: the waiting
    year is completed on 10 Jan 2023, later than 15 Sept 2022, so the pension arises on
    10 Jan 2023 and is paid from 1 Jan 2023 (IVG Art. 29 Abs. 3: from the start of the month)."""
    on = date(2023, 6, 1)
    case = _case(
        on,
        health=Health(
            incapacity_percent=60, incapacity_since=date(2022, 1, 10), invalidity_degree=60
        ),
        claims=(
            Claim(
                InstitutionKind.IV_OFFICE, date(2022, 3, 15), date(2023, 5, 1), ClaimOutcome.GRANTED
            ),
        ),
    )
    d = iv.pension(case, _ctx(on))
    assert d.outcome is Outcome.ELIGIBLE
    assert d.date("pension_start") == date(2023, 1, 10)
    assert d.date("payment_start") == date(2023, 1, 1)
    assert d.quantity("pension_share") == Decimal(60)


def test_late_claim_delays_the_start() -> None:
    """IVG Art. 29 Abs. 1: waiting year over on 10 Jan 2023, claim only on 20 Feb 2023 -> the
    entitlement arises six months later, on 20 Aug 2023 (payment from 1 Aug 2023)."""
    on = date(2024, 1, 1)
    case = _case(
        on,
        health=Health(
            incapacity_percent=80, incapacity_since=date(2022, 1, 10), invalidity_degree=75
        ),
        claims=(Claim(InstitutionKind.IV_OFFICE, date(2023, 2, 20)),),
    )
    d = iv.pension(case, _ctx(on))
    assert d.date("pension_start") == date(2023, 8, 20)
    assert d.date("payment_start") == date(2023, 8, 1)
    assert d.quantity("pension_share") == Decimal(100)


def test_not_before_the_month_after_the_18th_birthday() -> None:
    """IVG Art. 29 Abs. 1: at the earliest in the month following the completed 18th year."""
    on = date(2024, 1, 1)
    case = _case(
        on,
        born=date(2005, 5, 10),
        health=Health(
            incapacity_percent=100, incapacity_since=date(2021, 1, 1), invalidity_degree=100
        ),
        claims=(Claim(InstitutionKind.IV_OFFICE, date(2021, 3, 1)),),
    )
    d = iv.pension(case, _ctx(on))
    assert d.date("pension_start") == date(2023, 6, 1)


def test_pending_claim_without_degree_needs_clarification() -> None:
    on = date(2024, 6, 1)
    case = _case(
        on,
        health=Health(incapacity_percent=70, incapacity_since=date(2023, 1, 1)),
        claims=(Claim(InstitutionKind.IV_OFFICE, date(2023, 3, 1)),),
    )
    d = iv.pension(case, _ctx(on))
    assert d.outcome is Outcome.NEEDS_CLARIFICATION
    assert d.quantity("pension_share") is None


def test_refused_claim_without_degree_is_not_eligible() -> None:
    on = date(2024, 6, 1)
    case = _case(
        on,
        health=Health(incapacity_percent=70, incapacity_since=date(2023, 1, 1)),
        claims=(
            Claim(
                InstitutionKind.IV_OFFICE, date(2023, 3, 1), date(2024, 2, 1), ClaimOutcome.REFUSED
            ),
        ),
    )
    assert iv.pension(case, _ctx(on)).outcome is Outcome.NOT_ELIGIBLE


def test_degree_below_40_and_short_waiting_year_are_not_eligible() -> None:
    """IVG Art. 28 Abs. 1 lit. b and c: waiting year with on average 40 % and degree >= 40 %."""
    on = date(2024, 6, 1)
    low = _case(
        on,
        health=Health(
            incapacity_percent=50, incapacity_since=date(2022, 1, 1), invalidity_degree=39
        ),
        claims=(Claim(InstitutionKind.IV_OFFICE, date(2022, 3, 1)),),
    )
    assert iv.pension(low, _ctx(on)).outcome is Outcome.NOT_ELIGIBLE
    young = _case(
        on,
        health=Health(
            incapacity_percent=50, incapacity_since=date(2024, 1, 1), invalidity_degree=60
        ),
        claims=(Claim(InstitutionKind.IV_OFFICE, date(2024, 2, 1)),),
    )
    d = iv.pension(young, _ctx(on))
    assert d.outcome is Outcome.NOT_ELIGIBLE
    assert d.date("waiting_year_completed_on") == date(2025, 1, 1)


def test_pension_ends_when_the_old_age_pension_arises() -> None:
    """IVG Art. 30 lit. b (lawbrary IVG-v2025.01 art. 30): the pension ends "mit der Entstehung des
    Anspruchs auf eine Altersrente bei Erreichen des Referenzalters"; AHVG Art. 21 Abs. 2 (lawbrary
    AHVG-v2025.01 art. 21): that entitlement arises "am ersten Tag des Monats, welcher dem
    Erreichen des Referenzalters folgt". A man born 17 May 1959 reaches 65 on 17 May 2024: the IV
    pension ends on 1 June 2024."""
    on = date(2024, 6, 1)
    case = _case(
        on,
        born=date(1959, 5, 17),
        health=Health(
            incapacity_percent=100, incapacity_since=date(2020, 1, 1), invalidity_degree=100
        ),
        claims=(Claim(InstitutionKind.IV_OFFICE, date(2020, 2, 1)),),
    )
    d = iv.pension(case, _ctx(on))
    assert d.date("pension_end") == date(2024, 6, 1)
    assert {str(r) for r in d.refs} >= {"IVG Art. 30 lit. b", "AHVG Art. 21 Abs. 2"}
    assert d.outcome is Outcome.NOT_ELIGIBLE


def test_no_claim_means_no_pension() -> None:
    on = date(2024, 6, 1)
    case = _case(
        on,
        health=Health(
            incapacity_percent=100, incapacity_since=date(2020, 1, 1), invalidity_degree=80
        ),
    )
    assert iv.pension(case, _ctx(on)).outcome is Outcome.NOT_ELIGIBLE


# --- early detection ---------------------------------------------------------------------------


def test_early_detection_old_law_needs_30_days() -> None:
    """Pre-2022 practice (iv-pro-medico.ch glossary 'Früherfassung', Merkblatt 4.12): a report is
    indicated after 30 days of uninterrupted incapacity or repeated short absences in a year."""
    on = date(2021, 6, 30)
    short = _case(on, health=Health(incapacity_percent=100, incapacity_since=date(2021, 6, 10)))
    d = iv.early_detection(short, _ctx(on))
    assert d.outcome is Outcome.NOT_ELIGIBLE
    assert d.date("report_indicated_from") == date(2021, 7, 9)
    long = _case(on, health=Health(incapacity_percent=100, incapacity_since=date(2021, 6, 1)))
    assert iv.early_detection(long, _ctx(on)).outcome is Outcome.ELIGIBLE
    absences = _case(on, health=Health(short_absences_last_year=3))
    assert iv.early_detection(absences, _ctx(on)).outcome is Outcome.ELIGIBLE
    at_risk = _case(on, health=Health(at_risk_of_incapacity=True))
    assert iv.early_detection(at_risk, _ctx(on)).outcome is Outcome.NOT_ELIGIBLE


def test_early_detection_since_2022_has_no_minimum() -> None:
    """IVG Art. 3abis Abs. 2 lit. b (in force 1.1.2022): persons unable to work or threatened by a
    long-lasting incapacity may be reported; IVV Art. 1ter no longer sets a minimum duration."""
    on = date(2023, 3, 2)
    one_day = _case(on, health=Health(incapacity_percent=50, incapacity_since=date(2023, 3, 2)))
    d = iv.early_detection(one_day, _ctx(on))
    assert d.outcome is Outcome.ELIGIBLE
    assert any(str(r) == "IVG Art. 3abis Abs. 2 lit. b" for r in d.refs)
    at_risk = _case(on, health=Health(at_risk_of_incapacity=True))
    assert iv.early_detection(at_risk, _ctx(on)).outcome is Outcome.ELIGIBLE
    absences = _case(on, health=Health(short_absences_last_year=4))
    assert iv.early_detection(absences, _ctx(on)).outcome is Outcome.NEEDS_CLARIFICATION
    healthy = _case(on)
    assert iv.early_detection(healthy, _ctx(on)).outcome is Outcome.NOT_ELIGIBLE


def test_who_may_report() -> None:
    """IVG Art. 3b Abs. 2: employer (lit. c), ALV bodies (lit. i), social assistance (lit. j);
    cantonal bodies under Art. 68bis (lit. m) only since 1.1.2022 (WEIV)."""
    assert (
        str(iv.may_report(InstitutionKind.EMPLOYER, date(2015, 1, 1)))
        == "IVG Art. 3b Abs. 2 lit. c"
    )
    assert str(iv.may_report(InstitutionKind.RAV, date(2015, 1, 1))) == "IVG Art. 3b Abs. 2 lit. i"
    assert (
        str(iv.may_report(InstitutionKind.SOCIAL_ASSISTANCE, date(2015, 1, 1)))
        == "IVG Art. 3b Abs. 2 lit. j"
    )
    assert iv.may_report(InstitutionKind.VOCATIONAL_EDUCATION, date(2021, 12, 31)) is None
    assert iv.may_report(InstitutionKind.VOCATIONAL_EDUCATION, date(2022, 1, 1)) is not None
    assert iv.may_report(InstitutionKind.MIGRATION_INTEGRATION, date(2024, 1, 1)) is None


def test_early_detection_names_involved_reporters() -> None:
    on = date(2024, 3, 1)
    case = _case(
        on,
        health=Health(incapacity_percent=100, incapacity_since=date(2024, 2, 1)),
        history=(Spell(InstitutionKind.SOCIAL_ASSISTANCE, Benefit.CASH, date(2023, 1, 1)),),
    )
    d = iv.early_detection(case, _ctx(on))
    reporters = next(r for r in d.reasons if r.code == "iv.early_detection.reporters")
    assert "Sozialdienst" in reporters.text.de


# --- early intervention and integration measures -----------------------------------------------


def test_early_intervention_needs_registration_and_is_capped() -> None:
    """IVG Art. 7d Abs. 1 lit. b, Abs. 3; IVV Art. 1sexies Abs. 1 (registered persons);
    IVV Art. 1octies (koordination.ch): at most CHF 20,000 per insured person."""
    on = date(2024, 3, 1)
    health = Health(incapacity_percent=100, incapacity_since=date(2024, 1, 15))
    registered = _case(
        on, health=health, claims=(Claim(InstitutionKind.IV_OFFICE, date(2024, 2, 20)),)
    )
    d = iv.early_intervention(registered, _ctx(on))
    assert d.outcome is Outcome.ELIGIBLE
    assert d.amount("max_cost") is not None and d.amount("max_cost").amount == 20000  # type: ignore[union-attr]
    assert iv.early_intervention(_case(on, health=health), _ctx(on)).outcome is Outcome.NOT_ELIGIBLE


def test_early_intervention_for_young_people_since_2022() -> None:
    """IVG Art. 7d Abs. 1 lit. a (WEIV, 1.1.2022): health-impaired minors from 13 and young adults
    up to 25, support in accessing a first vocational training."""
    born = date(2007, 9, 1)
    health = Health(at_risk_of_incapacity=True)
    claim = (Claim(InstitutionKind.IV_OFFICE, date(2021, 1, 1)),)
    status = EmploymentStatus.NOT_IN_LABOUR_FORCE
    on_new, on_old = date(2023, 9, 1), date(2021, 9, 1)
    new = _case(on_new, born=born, health=health, claims=claim, status=status)
    old = _case(on_old, born=born, health=health, claims=claim, status=status)
    assert iv.early_intervention(new, _ctx(on_new)).outcome is Outcome.ELIGIBLE
    assert iv.early_intervention(old, _ctx(on_old)).outcome is Outcome.NOT_ELIGIBLE


def test_integration_measures_after_six_months_at_50_percent() -> None:
    """IVG Art. 14a Abs. 1 lit. a: at least 50 % unable to work for at least six months;
    Abs. 3 (since 2022): one measure at most one year, extension at most one year."""
    claim = (Claim(InstitutionKind.IV_OFFICE, date(2024, 1, 15)),)
    health = Health(incapacity_percent=50, incapacity_since=date(2024, 1, 10))
    early = date(2024, 7, 9)
    d = iv.integration_measures(_case(early, health=health, claims=claim), _ctx(early))
    assert d.outcome is Outcome.NOT_ELIGIBLE
    assert d.date("conditions_met_from") == date(2024, 7, 10)
    later = date(2024, 7, 10)
    d = iv.integration_measures(_case(later, health=health, claims=claim), _ctx(later))
    assert d.outcome is Outcome.ELIGIBLE
    assert d.quantity("max_duration_per_measure") == 1
    assert d.quantity("max_extension") == 1
    below = Health(incapacity_percent=40, incapacity_since=date(2023, 1, 1))
    assert iv.integration_measures(
        _case(later, health=below, claims=claim), _ctx(later)
    ).outcome is (Outcome.NOT_ELIGIBLE)


def test_integration_measures_for_young_non_working_persons_since_2022() -> None:
    """IVG Art. 14a Abs. 1 lit. b: non-working persons before the completed 25th year threatened
    by invalidity, without the 6-month/50 % condition."""
    on = date(2024, 3, 1)
    case = _case(
        on,
        born=date(2004, 1, 1),
        health=Health(at_risk_of_incapacity=True),
        claims=(Claim(InstitutionKind.IV_OFFICE, date(2024, 1, 1)),),
        status=EmploymentStatus.NOT_IN_LABOUR_FORCE,
    )
    assert iv.integration_measures(case, _ctx(on)).outcome is Outcome.ELIGIBLE


# --- properties of the module ------------------------------------------------------------------


@given(
    percent=st.integers(0, 100),
    months=st.integers(0, 40),
    degree=st.one_of(st.none(), st.integers(0, 100)),
    claimed=st.booleans(),
    at_risk=st.booleans(),
    on=st.dates(date(2008, 1, 1), date(2030, 12, 31)),
)
def test_every_iv_determination_cites_the_law_and_is_deterministic(
    percent: int, months: int, degree: int | None, claimed: bool, at_risk: bool, on: date
) -> None:
    since = add_months(on, -months) if percent else None
    health = Health(
        incapacity_percent=percent,
        incapacity_since=since,
        invalidity_degree=degree,
        at_risk_of_incapacity=at_risk,
    )
    claims = (Claim(InstitutionKind.IV_OFFICE, add_months(on, -months)),) if claimed else ()
    case = _case(on, health=health, claims=claims)
    first = iv.determinations(case, _ctx(on), ())
    assert first == iv.determinations(case, _ctx(on), ())
    assert [d.rule for d in first] == [
        "iv.early_detection",
        "iv.early_intervention",
        "iv.integration_measures",
        "iv.pension",
    ]
    for d in first:
        assert d.institution is InstitutionKind.IV_OFFICE
        assert len(d.refs) >= 1
        share = d.quantity("pension_share")
        assert share is None or Decimal(0) <= share <= Decimal(100)


def test_a_date_before_the_first_parameter_raises() -> None:
    on = date(2007, 12, 31)
    with pytest.raises(ParameterError):
        iv.determinations(_case(on), _ctx(on), ())


# --- review fixes: AHV 21 transition, pre-2004 pensions, young people ----------------------------


def test_pension_end_for_a_woman_in_the_ahv21_transition() -> None:
    """IVG Art. 30 lit. b with AHVG Art. 21 (AHV 21, in force 1.1.2024) and the transitional
    table by year of birth (women born 1962: 64 years and 6 months; ahv.toml). A woman born
    20 Aug 1962 with an IV pension since 2010 reaches the reference age on 20 Feb 2027 — under
    the law in force then, not the 64 of the law when her pension began — so the IV pension ends
    on 1 March 2027."""
    on = date(2025, 6, 1)
    case = _case(
        on,
        born=date(1962, 8, 20),
        sex=Sex.FEMALE,
        health=Health(invalidity_degree=70, iv_pension_since=date(2010, 3, 1)),
    )
    d = iv.pension(case, _ctx(on))
    assert d.date("pension_end") == date(2027, 3, 1)
    reason = next(r for r in d.reasons if r.code == "iv.pension.reference_age")
    assert reason.met is True
    assert "1962-08-20" not in reason.text.de and "2027-02-20" not in reason.text.de


def test_pension_end_is_a_month_start_after_the_reference_age() -> None:
    """AHVG Art. 21 Abs. 2: first day of the month following the reference age — a man born on
    31 Dec 1960 reaches 65 on 31 Dec 2025; his IV pension ends on 1 Jan 2026."""
    person = _case(date(2025, 1, 1), born=date(1960, 12, 31)).person
    assert iv.pension_end(person, PARAMS, date(2010, 1, 1)) == date(2026, 1, 1)


def test_a_pension_from_before_2004_needs_clarification_instead_of_crashing() -> None:
    """The share table starts in 2004 (4th IV revision); the older system (old IVG Art. 28 Abs. 1)
    is not in the data: the share is left to the IV decision and the outcome is
    NEEDS_CLARIFICATION (review A2: it used to raise ParameterError)."""
    on = date(2025, 6, 1)
    case = _case(on, health=Health(invalidity_degree=70, iv_pension_since=date(1999, 5, 1)))
    d = iv.pension(case, _ctx(on))
    assert d.outcome is Outcome.NEEDS_CLARIFICATION
    assert d.quantity("pension_share") is None
    share = next(r for r in d.reasons if r.code == "iv.pension.share")
    assert share.met is None


def test_early_detection_of_young_people_lit_a() -> None:
    """IVG Art. 3abis Abs. 2 lit. a (lawbrary IVG-v2022.01 art. 3abis, WEIV 1.1.2022): minors from
    13 and young adults up to 25 who are threatened by invalidity, have not yet been gainfully
    employed and are supported by a cantonal body under Art. 68bis Abs. 1bis may be reported."""
    on = date(2024, 3, 1)
    support = (Spell(InstitutionKind.VOCATIONAL_EDUCATION, Benefit.COUNSELLING, date(2023, 9, 1)),)
    health = Health(short_absences_last_year=1)
    status = EmploymentStatus.NOT_IN_LABOUR_FORCE
    young = _case(on, born=date(2007, 5, 1), health=health, status=status, history=support)
    d = iv.early_detection(young, _ctx(on))
    assert d.outcome is Outcome.ELIGIBLE
    assert any(str(r) == "IVG Art. 3abis Abs. 2 lit. a" for r in d.refs)
    # Without the cantonal body, or aged 25, or before 2022: not this path.
    alone = _case(on, born=date(2007, 5, 1), health=health, status=status)
    assert iv.early_detection(alone, _ctx(on)).outcome is Outcome.NOT_ELIGIBLE
    older = _case(on, born=date(1999, 2, 1), health=health, status=status, history=support)
    assert iv.early_detection(older, _ctx(on)).outcome is Outcome.NOT_ELIGIBLE
    early = date(2021, 6, 1)
    old_support = (
        Spell(InstitutionKind.VOCATIONAL_EDUCATION, Benefit.COUNSELLING, date(2020, 9, 1)),
    )
    before = _case(early, born=date(2005, 5, 1), health=health, status=status, history=old_support)
    assert all(
        str(r) != "IVG Art. 3abis Abs. 2 lit. a"
        for r in iv.early_detection(before, _ctx(early)).refs
    )
