"""Social assistance: SKOS basic need, allowances, subsidiarity (SKOS guidelines, SHG ZH § 2)."""

from __future__ import annotations

from datetime import date

import pytest
from attrs import evolve
from hypothesis import given
from hypothesis import strategies as st

from iizcore.errors import ParameterError
from iizcore.hooks import load_canton
from iizcore.law import sozialhilfe as sh
from iizcore.law.determination import Amount, Determination, Outcome, Reason, RuleContext
from iizcore.law.parameters import ParameterSet, federal_parameters
from iizcore.model import (
    Benefit,
    Case,
    Claim,
    Employment,
    EmploymentStatus,
    Health,
    Household,
    HouseholdMember,
    InstitutionKind,
    Labels,
    LegalRef,
    MeasureType,
    MemberRole,
    Money,
    Person,
    Residence,
    ResidenceStatus,
    Sex,
    Spell,
)

FEDERAL = federal_parameters()


def _members(adults: int, children: int) -> tuple[HouseholdMember, ...]:
    return tuple(
        HouseholdMember(MemberRole.ADULT, date(1980, 1, 1)) for _ in range(adults)
    ) + tuple(HouseholdMember(MemberRole.CHILD, date(2015, 1, 1)) for _ in range(children))


def _case(
    on: date,
    *,
    canton: str = "ZH",
    income: str = "0",
    assets: str = "0",
    other_adults: int = 0,
    children: int = 0,
    status: EmploymentStatus = EmploymentStatus.UNEMPLOYED,
    residence: ResidenceStatus = ResidenceStatus.SWISS,
    history: tuple[Spell, ...] = (),
    claims: tuple[Claim, ...] = (),
) -> Case:
    person = Person(
        id="p-sh",
        birth_date=date(1985, 2, 3),
        sex=Sex.FEMALE,
        residence=Residence(
            canton,
            261 if canton == "ZH" else 2829,
            residence,
            entry_date=date(2020, 1, 1) if residence.is_asylum_domain else None,
        ),
        household=Household(members=_members(other_adults, children)),
        employment=Employment(status=status),
        monthly_income=Money.chf(income),
        assets=Money.chf(assets),
    )
    return Case("c-sh", person, on, history=history, claims=claims)


def _run(
    case: Case, params: ParameterSet = FEDERAL, prior: tuple[Determination, ...] = ()
) -> Determination:
    (d,) = sh.determinations(case, RuleContext(case.as_of, params), prior)
    return d


# --- basic need ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "amount"),
    [(1, 1031), (2, 1577), (3, 1918), (4, 2206), (5, 2495), (6, 2704), (7, 2913)],
)
def test_skos_basic_need_2023(size: int, amount: int) -> None:
    """SKOS C.3.1 amounts from 1.1.2023 (sozialrat.ch, 'Stand 1. Januar 2024', citing SKOS C.3.1 and
    ZH Sozialhilfehandbuch 7.1.05): 1031 / 1577 / 1918 / 2206 / 2495, each further person + 209."""
    assert sh.basic_need(size, date(2024, 1, 1), FEDERAL) == Money(amount)


@pytest.mark.parametrize(
    ("size", "amount"), [(1, 986), (2, 1509), (3, 1834), (4, 2110), (5, 2386), (6, 2586)]
)
def test_skos_basic_need_2016(size: int, amount: int) -> None:
    """SKOS B.2.2 (richtlinien.skos.ch) and ZH Sozialhilfehandbuch 7.1.05 (valid since 1.1.2016):
    986 / 1509 / 1834 / 2110 / 2386, 'pro weitere Person plus 200'."""
    assert sh.basic_need(size, date(2016, 6, 1), FEDERAL) == Money(amount)


@pytest.mark.parametrize(
    ("size", "amount"), [(1, 1006), (2, 1539), (3, 1871), (4, 2153), (5, 2435), (6, 2639)]
)
def test_zurich_basic_need_from_april_2021(size: int, amount: int) -> None:
    """ZH Sozialhilfehandbuch 7.1.05 v12, 'Ab 1. April 2021 gültige Pauschalen': 1006 / 1539 / 1871 /
    2153 / 2435, +204 per further person (cantonal values overlay the SKOS figures)."""
    assert sh.basic_need(size, date(2022, 6, 1), load_canton("ZH").parameters) == Money(amount)


def test_basel_landschaft_kept_997_in_2022() -> None:
    """BL Regierungsrat (bz 30.11.2022): 997 until 31.12.2022, then 1031 per 1.1.2023."""
    bl = load_canton("BL").parameters
    assert sh.basic_need(1, date(2022, 6, 1), bl) == Money(997)
    assert sh.basic_need(1, date(2023, 1, 1), bl) == Money(1031)


@given(size=st.integers(1, 12), on=st.dates(date(2016, 1, 1), date(2030, 12, 31)))
def test_a_larger_household_never_lowers_the_basic_need(size: int, on: date) -> None:
    assert sh.basic_need(size + 1, on, FEDERAL) >= sh.basic_need(size, on, FEDERAL)


def test_basic_need_before_the_first_value_raises() -> None:
    with pytest.raises(ParameterError):
        sh.basic_need(1, date(2012, 12, 31), FEDERAL)


# --- asset and income allowances ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("adults", "children", "amount"),
    [(1, 0, 4000), (2, 0, 8000), (1, 1, 6000), (2, 1, 10000), (2, 3, 10000)],
)
def test_asset_allowance(adults: int, children: int, amount: int) -> None:
    """SKOS E.2.1 (edition in force 1.1.2015, cited by the Kantonales Sozialamt FR): single 4000,
    couple 8000, per minor child 2000, at most 10000 per family."""
    assert sh.asset_allowance(adults, children, date(2024, 1, 1), FEDERAL) == Money(amount)


def test_assets_above_the_allowance_mean_no_need() -> None:
    """SKOS E.2.1: assets above the allowance are to be used before support."""
    d = _run(_case(date(2024, 3, 1), assets="4001"))
    assert d.outcome is Outcome.NOT_ELIGIBLE
    assert d.amount("monthly_need") == Money(1031)
    assert _run(_case(date(2024, 3, 1), assets="4000")).outcome is Outcome.ELIGIBLE


def test_income_allowance_uses_the_skos_lower_bound_without_cantonal_value() -> None:
    """SKOS E.1.2: EFB 'Bandbreite von 400 bis 700 Franken pro Monat'; without a cantonal figure the
    lower bound is applied and the range is stated. 1031 - (1500 - 400) = -69 -> no need."""
    d = _run(_case(date(2024, 3, 1), income="1000", status=EmploymentStatus.EMPLOYED))
    assert d.amount("income_allowance") == Money(400)
    assert d.amount("income_considered") == Money(600)
    assert d.amount("monthly_need") == Money(431)
    reason = next(r for r in d.reasons if r.code == "sh.income_allowance")
    assert "400–700" in reason.text.de
    none = _run(_case(date(2024, 3, 1), income="1500", status=EmploymentStatus.EMPLOYED))
    assert none.outcome is Outcome.NOT_ELIGIBLE and none.amount("monthly_need") == Money(0)


def test_income_allowance_uses_the_cantonal_value() -> None:
    """ZH plugin: sh.income_allowance_max 700 (SHV ZH § 17, unverified amount) overlays SKOS."""
    d = _run(
        _case(date(2024, 3, 1), income="1000", status=EmploymentStatus.EMPLOYED),
        load_canton("ZH").parameters,
    )
    assert d.amount("income_allowance") == Money(700)
    assert d.amount("monthly_need") == Money(731)
    reason = next(r for r in d.reasons if r.code == "sh.income_allowance")
    assert str(reason.ref) == "SHV ZH § 17"


def test_integration_allowance_for_non_working_persons_in_a_programme() -> None:
    """SKOS C.2: IZU between 100 and 300 per person and month for non-working persons' integration
    efforts (lower bound without a cantonal value)."""
    programme = Spell(
        InstitutionKind.SOCIAL_ASSISTANCE,
        Benefit.MEASURE,
        date(2024, 1, 1),
        measure_type=MeasureType.SOCIAL_INTEGRATION,
    )
    d = _run(_case(date(2024, 3, 1), history=(programme,)))
    assert d.amount("integration_allowance") == Money(100)
    assert d.amount("monthly_need") == Money(1131)


# --- subsidiarity ---------------------------------------------------------------------------------


def _alv_eligible(on: date, daily: str | None = None) -> Determination:
    amounts = (
        (Amount("daily_allowance", Money.chf(daily), LegalRef("AVIV", "40a")),)
        if daily is not None
        else ()
    )
    return Determination(
        institution=InstitutionKind.ALV_FUND,
        rule="alv.entitlement",
        outcome=Outcome.ELIGIBLE,
        reasons=(Reason("alv.test", LegalRef("AVIG", "8"), Labels(de="Anspruch")),),
        on=on,
        amounts=amounts,
    )


def test_an_available_insurance_benefit_comes_first() -> None:
    """SHG ZH § 2 (Sozialhilfehandbuch 5.1.03): social assistance takes other legal benefits into
    account; an ALV entitlement not yet drawn must be claimed first."""
    on = date(2024, 3, 1)
    d = _run(_case(on), prior=(_alv_eligible(on),))
    assert d.outcome is Outcome.NEEDS_CLARIFICATION
    reason = next(r for r in d.reasons if r.code == "sh.subsidiarity.insurance_available")
    assert str(reason.ref) == "SHG ZH § 2"
    drawing = (Spell(InstitutionKind.ALV_FUND, Benefit.CASH, date(2024, 1, 1)),)
    small = _run(_case(on, history=drawing), prior=(_alv_eligible(on, "20"),))
    assert small.outcome is Outcome.ELIGIBLE
    assert small.amount("insurance_benefits_counted") == Money(434)


def test_a_pending_iv_claim_allows_only_an_advance() -> None:
    """IVV Art. 85bis Abs. 1: welfare offices that advance payments pending an IV pension may claim
    the back payment."""
    on = date(2024, 3, 1)
    d = _run(_case(on, claims=(Claim(InstitutionKind.IV_OFFICE, date(2023, 11, 1)),)))
    assert d.outcome is Outcome.NEEDS_CLARIFICATION
    assert any(str(r) == "IVV Art. 85bis Abs. 1" for r in d.refs)


def test_bl_cites_skos_only() -> None:
    on = date(2024, 3, 1)
    d = _run(_case(on, canton="BL"), load_canton("BL").parameters, prior=(_alv_eligible(on),))
    reason = next(r for r in d.reasons if r.code == "sh.subsidiarity.insurance_available")
    assert str(reason.ref) == "SKOS A.3"
    assert str(sh.subsidiarity_ref(date(2020, 12, 31))) == "SKOS A.4"


def test_asylum_seekers_and_provisionally_admitted_get_a_lower_cantonal_rate() -> None:
    """AsylG Art. 82 Abs. 3 (lawbrary v2025.01): the rate for asylum seekers is below the rate for the
    local population; AIG Art. 86 Abs. 1 applies it to provisionally admitted persons; refugees are
    treated like the local population (SEM page 'Sozialhilfe')."""
    on = date(2024, 3, 1)
    seeker = _run(_case(on, residence=ResidenceStatus.ASYLUM_SEEKER_N))
    assert seeker.outcome is Outcome.NEEDS_CLARIFICATION
    assert any(str(r) == "AsylG Art. 82 Abs. 3" for r in seeker.refs)
    admitted = _run(_case(on, residence=ResidenceStatus.PROVISIONALLY_ADMITTED_F))
    assert any(str(r) == "AIG Art. 86 Abs. 1" for r in admitted.refs)
    refugee = _run(_case(on, residence=ResidenceStatus.REFUGEE_B))
    assert refugee.outcome is Outcome.ELIGIBLE


# --- properties -----------------------------------------------------------------------------------


@given(
    low=st.integers(0, 20000),
    high=st.integers(0, 20000),
    adults=st.integers(0, 2),
    children=st.integers(0, 5),
    employed=st.booleans(),
    canton=st.sampled_from(["ZH", "BL", None]),
    on=st.dates(date(2017, 1, 1), date(2030, 12, 31)),
)
def test_need_never_rises_with_income_and_is_never_negative(
    low: int, high: int, adults: int, children: int, employed: bool, canton: str | None, on: date
) -> None:
    low, high = sorted((low, high))
    params = load_canton(canton).parameters if canton else FEDERAL
    status = EmploymentStatus.EMPLOYED if employed else EmploymentStatus.UNEMPLOYED
    kwargs = {
        "other_adults": adults,
        "children": children,
        "status": status,
        "canton": canton or "ZH",
    }
    poor = _run(_case(on, income=str(low), **kwargs), params)  # type: ignore[arg-type]
    rich = _run(_case(on, income=str(high), **kwargs), params)  # type: ignore[arg-type]
    need_poor, need_rich = poor.amount("monthly_need"), rich.amount("monthly_need")
    assert need_poor is not None and need_rich is not None
    assert Money.zero() <= need_rich <= need_poor
    assert len(poor.refs) >= 1 and all(r.ref for r in poor.reasons)
    assert poor == _run(_case(on, income=str(low), **kwargs), params)  # type: ignore[arg-type]


def test_budget_with_alv_daily_allowance_as_income() -> None:
    """All available income counts, social-insurance daily allowances included (ZH
    Sozialhilfehandbuch 5.1.03 on SHG ZH § 2: other legal benefits such as ALV are taken into
    account; Solothurn Sozialhilfehandbuch 'Anrechnung von Einkommen': 'Erwerbsersatzeinkommen
    (Taggelder von Sozialversicherungen wie Arbeitslosen-...)'). Constructed budget from sourced
    figures: SKOS GBL 1031 for one person (SODK 11.11.2022); ALV daily allowance 40 drawn, 21.7
    allowances a month (AVIV Art. 40a): 40 × 21.7 = 868 counted; need 1031 − 868 = 163."""
    on = date(2024, 3, 1)
    drawing = (Spell(InstitutionKind.ALV_FUND, Benefit.CASH, date(2024, 1, 1)),)
    d = _run(_case(on, history=drawing), prior=(_alv_eligible(on, "40"),))
    assert d.amount("insurance_benefits_counted") == Money(868)
    assert d.amount("monthly_need") == Money(163)
    assert d.outcome is Outcome.ELIGIBLE
    assert any(r.code == "sh.income.alv_daily_allowance" for r in d.reasons)
    # A usual allowance covers the basic need: no social assistance (subsidiarity).
    covered = _run(_case(on, history=drawing), prior=(_alv_eligible(on, "200"),))
    assert covered.outcome is Outcome.NOT_ELIGIBLE
    assert covered.amount("monthly_need") == Money(0)


def test_alv_paying_with_unknown_amount_needs_clarification() -> None:
    """An active ALV cash spell without a computed daily allowance (no insured earnings), or
    partial unemployment (compensation of the loss of earnings, AVIG Art. 24): the amount is
    unknown, so the need must be clarified; it is never counted as zero income silently."""
    on = date(2024, 3, 1)
    drawing = (Spell(InstitutionKind.ALV_FUND, Benefit.CASH, date(2024, 1, 1)),)
    d = _run(_case(on, history=drawing), prior=(_alv_eligible(on),))
    assert d.outcome is Outcome.NEEDS_CLARIFICATION
    assert any(r.code == "sh.income.alv_unknown" for r in d.reasons)
    partly = _run(
        _case(on, history=drawing, status=EmploymentStatus.PARTLY_UNEMPLOYED),
        prior=(_alv_eligible(on, "40"),),
    )
    assert partly.outcome is Outcome.NEEDS_CLARIFICATION
    assert any(str(r) == "AVIG Art. 24" for r in partly.refs)


def test_a_paid_iv_pension_must_be_in_the_recorded_income() -> None:
    """The model records no IV pension amount (Person.monthly_income includes it): while a need
    remains, the pension decision must be checked; a recorded income covering the need ends it."""
    on = date(2024, 3, 1)
    pensioner = evolve(
        _case(on),
        person=evolve(
            _case(on).person,
            health=Health(invalidity_degree=70, iv_pension_since=date(2020, 1, 1)),
        ),
    )
    d = _run(pensioner)
    assert d.outcome is Outcome.NEEDS_CLARIFICATION
    assert any(r.code == "sh.income.iv_pension" for r in d.reasons)
    rich = evolve(pensioner, person=evolve(pensioner.person, monthly_income=Money(2500)))
    assert _run(rich).outcome is Outcome.NOT_ELIGIBLE


@given(
    income=st.integers(0, 5000),
    daily=st.one_of(st.none(), st.integers(0, 300)),
    on=st.dates(date(2017, 1, 1), date(2030, 12, 31)),
)
def test_need_is_zero_iff_income_covers_it_and_falls_by_one_franc_per_franc(
    income: int, daily: int | None, on: date
) -> None:
    """Properties of the budget (no employment, so no income allowance): the need is zero exactly
    when income and counted benefits reach the basic need; above zero, one franc more income
    lowers the need by exactly one franc."""
    drawing = (Spell(InstitutionKind.ALV_FUND, Benefit.CASH, on),) if daily is not None else ()
    prior = (_alv_eligible(on, str(daily)),) if daily is not None else ()
    d = _run(_case(on, income=str(income), history=drawing), prior=prior)
    more = _run(_case(on, income=str(income + 1), history=drawing), prior=prior)
    need, basic = d.amount("monthly_need"), d.amount("basic_need")
    benefits = d.amount("insurance_benefits_counted") or Money.zero()
    assert need is not None and basic is not None
    assert (need == Money.zero()) == (Money(income) + benefits >= basic)
    next_need = more.amount("monthly_need")
    assert next_need is not None
    if need > Money(1):
        assert need - next_need == Money(1)
    if daily is not None and daily > 0:
        assert benefits > Money.zero()


@given(income=st.integers(500, 5000))
def test_income_allowance_step_for_employed_persons(income: int) -> None:
    """SKOS E.1.2: the EFB (400 without a cantonal figure) is deducted from earned income; above
    the allowance, one franc more income lowers the need by one franc; up to it, not at all."""
    on = date(2024, 3, 1)
    employed = EmploymentStatus.EMPLOYED
    d = _run(_case(on, income=str(income), status=employed))
    more = _run(_case(on, income=str(income + 1), status=employed))
    a, b = d.amount("monthly_need"), more.amount("monthly_need")
    assert a is not None and b is not None
    if a > Money(1):
        assert a - b == Money(1)


def test_basic_need_1006_applies_from_2022() -> None:
    """SKOS newsletter (224259.seu2.cleverreach.com/m/13225002): 'Die SODK empfiehlt ab 1. Januar
    2022 einen Grundbedarf ... von 1006 Franken'; before, 997 (from 1.1.2020, skos media release
    via mediation-freiburg.ch); 986 since 2013 (skos.ch 'Teuerung 2013')."""
    assert sh.basic_need(1, date(2021, 12, 31), FEDERAL) == Money(997)
    assert sh.basic_need(1, date(2022, 1, 1), FEDERAL) == Money(1006)
    assert sh.basic_need(1, date(2019, 12, 31), FEDERAL) == Money(986)


def test_every_reason_has_french_and_italian_text() -> None:
    on = date(2024, 3, 1)
    drawing = (Spell(InstitutionKind.ALV_FUND, Benefit.CASH, date(2024, 1, 1)),)
    cases = [
        _run(_case(on, history=drawing), prior=(_alv_eligible(on),)),
        _run(_case(on, claims=(Claim(InstitutionKind.IV_OFFICE, date(2023, 11, 1)),))),
        _run(_case(on, residence=ResidenceStatus.ASYLUM_SEEKER_N), prior=(_alv_eligible(on),)),
        _run(_case(on, income="1000", status=EmploymentStatus.EMPLOYED, assets="9000")),
        _run(_case(on, canton="BL"), load_canton("BL").parameters),
    ]
    for d in cases:
        for r in d.reasons:
            assert r.text.fr and r.text.it and r.text.en, r.code
            assert r.text.fr != r.text.de and r.text.it != r.text.de, r.code


def test_a_date_before_the_first_parameter_raises() -> None:
    with pytest.raises(ParameterError):
        _run(_case(date(2012, 12, 31)))
