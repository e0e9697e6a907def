"""Hypothesis properties of the ALV rules (AVIG Art. 8-28)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iizcore.errors import ParameterError
from iizcore.law import alv
from iizcore.law.determination import RuleContext, Trace
from iizcore.law.parameters import federal_parameters
from iizcore.model import (
    Claim,
    ContributionPeriod,
    Exemption,
    ExemptionReason,
    Health,
    InstitutionKind,
    Money,
    Period,
    Sex,
)
from iizcore.testing.strategies import cases

from .test_alv_builders import alv_case

PARAMS = federal_parameters()
ON = date(2025, 3, 3)
# 180: AVIG Art. 27 Abs. 5 (loss of an IV pension; value verified=false in alv.toml).
ALLOWED = {0, 90, 180, 200, 260, 400, 520, 260 + 120, 400 + 120, 520 + 120}

months_st = st.decimals(min_value=0, max_value=30, places=2)
age_st = st.integers(min_value=15, max_value=70)
degree_st = st.none() | st.integers(min_value=0, max_value=100)
earnings_st = st.decimals(min_value=0, max_value=50000, places=2).map(Money)
on_st = st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31))


@given(
    m1=months_st, m2=months_st, age=age_st, duty=st.booleans(), degree=degree_st, pre=st.booleans()
)
def test_more_months_never_fewer_allowances(
    m1: Decimal, m2: Decimal, age: int, duty: bool, degree: int | None, pre: bool
) -> None:
    """AVIG Art. 27 Abs. 2: a longer contribution period never lowers the maximum."""
    lo, hi = sorted((m1, m2))
    a = alv.max_daily_allowances(lo, age, duty, degree, False, pre, PARAMS, ON)
    b = alv.max_daily_allowances(hi, age, duty, degree, False, pre, PARAMS, ON)
    assert a <= b


@given(
    months=months_st,
    age=age_st,
    duty=st.booleans(),
    degree=degree_st,
    exempt=st.booleans(),
    pre=st.booleans(),
)
def test_max_allowances_in_the_legal_set(
    months: Decimal, age: int, duty: bool, degree: int | None, exempt: bool, pre: bool
) -> None:
    """AVIG Art. 27 Abs. 2-5bis, AVIV Art. 41b: only the legal counts occur."""
    assert alv.max_daily_allowances(months, age, duty, degree, exempt, pre, PARAMS, ON) in ALLOWED


@given(earnings=earnings_st, duty=st.booleans(), degree=degree_st, on=on_st)
def test_allowance_never_above_maximum(
    earnings: Money, duty: bool, degree: int | None, on: date
) -> None:
    """AVIG Art. 23 Abs. 1 / UVV Art. 22 Abs. 1: at most 80 % × 12,350 / 21.7 a day."""
    value = alv.daily_allowance(earnings, duty, degree, PARAMS, on)
    cap = Money(Decimal(12350)) * Decimal("0.8") / Decimal("21.7")
    assert value <= cap
    assert value.rounded() <= cap.rounded()


@given(earnings=earnings_st, on=on_st)
def test_reduced_rate_never_more_than_full(earnings: Money, on: date) -> None:
    """AVIG Art. 22 Abs. 2: the 70 % rate (with its CHF 140 floor) never pays more than 80 %."""
    reduced = alv.daily_allowance(earnings, False, None, PARAMS, on)
    full = alv.daily_allowance(earnings, True, None, PARAMS, on)
    assert reduced <= full


@given(first=on_st, length=st.integers(0, 800))
def test_contribution_months_bounded(first: date, length: int) -> None:
    """AVIV Art. 11: never more months than the two-year framework holds, never negative."""
    framework = alv.contribution_framework(date(2025, 1, 1), PARAMS, ON)
    period = ContributionPeriod(first, first + timedelta(days=length))
    months = alv.contribution_months([period], framework, PARAMS, ON)
    assert 0 <= months <= Decimal(24) + Decimal(1)


@given(
    start=st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 12, 31)),
    first=st.integers(-400, 800),
    length=st.integers(0, 900),
)
def test_contribution_months_bounded_mid_month_framework(
    start: date, first: int, length: int
) -> None:
    """AVIV Art. 11 Abs. 1-2 with a framework opening mid-month (review finding C6): 23 full months
    plus the days of the two cut months (together one calendar month, at most 31 days / 30),
    so never more than 24 + 1/30 months."""
    framework = alv.contribution_framework(start, PARAMS, ON)
    begin = framework.start + timedelta(days=first)
    period = ContributionPeriod(begin, begin + timedelta(days=length))
    months = alv.contribution_months([period], framework, PARAMS, ON)
    assert 0 <= months <= Decimal(24) + Decimal(1) / Decimal(30)


def test_whole_mid_month_framework() -> None:
    """AVIV Art. 11 Abs. 1-2: a framework from 15 January 2023 to 14 January 2025, wholly covered:
    23 full months (February 2023 - December 2024) + (17 + 14) / 30 loose days."""
    framework = alv.contribution_framework(date(2025, 1, 15), PARAMS, ON)
    assert framework == Period(date(2023, 1, 15), date(2025, 1, 14))
    full = ContributionPeriod(date(2020, 1, 1), date(2025, 6, 30))
    months = alv.contribution_months([full], framework, PARAMS, ON)
    assert months == Decimal(23) + Decimal(31) / Decimal(30)


def test_whole_framework_is_24_months() -> None:
    framework = Period(date(2023, 1, 1), date(2024, 12, 31))
    full = ContributionPeriod(date(2020, 1, 1), date(2025, 6, 30))
    assert alv.contribution_months([full], framework, PARAMS, ON) == 24


@given(
    start=st.dates(min_value=date(2016, 1, 1), max_value=date(2030, 1, 1)), n=st.integers(1, 800)
)
def test_exhaustion_date_counts_allowance_days(start: date, n: int) -> None:
    """AVIG Art. 21: five allowances a week; the n-th allowance day from ``start`` has exactly n days."""
    end = alv.exhaustion_date(start, n, PARAMS, ON)
    assert alv.working_days(start, end, PARAMS, ON) == n
    assert alv.allowance_day(end, PARAMS, ON)


case_st = st.builds(
    lambda born, sex, since, months, earnings, kids, incapacity, iv, exemption: alv_case(
        born=born,
        sex=sex,
        unemployed_since=since,
        periods=(
            ContributionPeriod(since - timedelta(days=30 * months + 1), since - timedelta(days=1)),
        )
        if months
        else (),
        earnings=earnings,
        children=kids,
        health=Health(
            incapacity_percent=incapacity, incapacity_since=since if incapacity else None
        ),
        claims=(Claim(InstitutionKind.IV_OFFICE, filed_on=since),) if iv else (),
        exemption=exemption,
    ),
    born=st.dates(min_value=date(1955, 1, 1), max_value=date(2006, 12, 31)),
    sex=st.sampled_from(Sex),
    since=st.dates(min_value=date(2022, 1, 1), max_value=ON),
    months=st.integers(0, 30),
    earnings=st.none() | st.integers(0, 20000).map(str),
    kids=st.lists(st.dates(min_value=date(1995, 1, 1), max_value=date(2024, 1, 1)), max_size=2).map(
        tuple
    ),
    incapacity=st.sampled_from([0, 0, 50, 100]),
    iv=st.booleans(),
    exemption=st.none()
    | st.builds(Exemption, st.sampled_from(ExemptionReason), st.integers(0, 24)),
)


@settings(max_examples=150, deadline=None)
@given(case=case_st)
def test_determinations_cite_the_law_and_are_deterministic(case: object) -> None:
    """Every determination has at least one reason with a LegalRef; the same input gives the same output."""
    from iizcore.model import Case

    assert isinstance(case, Case)
    ctx = RuleContext(on=ON, parameters=PARAMS, trace=Trace())
    first = alv.determinations(case, ctx, ())
    second = alv.determinations(case, RuleContext(on=ON, parameters=PARAMS), ())
    assert first == second
    for det in first:
        assert det.reasons and det.refs
        assert all(r.ref.act in {"AVIG", "AVIV"} for r in det.reasons)
        maximum = det.quantity("max_daily_allowances")
        if maximum is not None:
            assert int(maximum) in ALLOWED
        remaining = det.quantity("remaining_daily_allowances")
        if remaining is not None and maximum is not None:
            assert 0 <= remaining <= maximum
    assert case.person.birth_date.isoformat() not in repr(ctx.trace.steps)


@given(on=st.dates(min_value=date(1990, 1, 1), max_value=date(2011, 3, 31)))
def test_date_before_first_parameter_raises(on: date) -> None:
    """No value is guessed before a parameter's first validity start (AVIG Art. 27 rows from 1.4.2011)."""
    with pytest.raises(ParameterError):
        alv.max_daily_allowances(24, 40, False, None, False, False, PARAMS, on)


@given(on=st.dates(min_value=date(1990, 1, 1), max_value=date(2007, 12, 31)))
def test_daily_allowance_before_first_maximum_raises(on: date) -> None:
    with pytest.raises(ParameterError):
        alv.daily_allowance(Money.chf(5000), False, None, PARAMS, on)


def _birth_patterns(born: date) -> set[str]:
    # The ways a birthday could leak into a text: ISO and Swiss dd.mm.yyyy.
    return {born.isoformat(), born.strftime("%d.%m.%Y")}


@settings(max_examples=150, deadline=None)
@given(case=cases())
def test_every_reason_has_four_languages_and_hides_the_birth_date(case: object) -> None:
    """Review findings A9 and C5: every ALV/RAV reason has de, fr, it and en text (issue 3); no
    text, in any language, shows the birth date or the birthday at the reference age (or the day
    before it); a key date limited by the reference age is a month end (AHVG Art. 21 Abs. 2), never
    the birthday or the day before unless that day is itself a month end."""
    from iizcore.law import ahv
    from iizcore.model import Case

    assert isinstance(case, Case)
    ctx = RuleContext(on=case.as_of, parameters=PARAMS)
    person = case.person
    reached = ahv.reference_age_date(person, ctx)
    secret = _birth_patterns(person.birth_date)
    secret |= _birth_patterns(reached) | _birth_patterns(reached - timedelta(days=1))
    for det in alv.determinations(case, ctx, ()):
        for reason in det.reasons:
            for lang in ("de", "fr", "it", "en"):
                text = getattr(reason.text, lang)
                assert text, (reason.code, lang)
                assert not any(p in text for p in secret), (reason.code, lang)
        for key in det.dates:
            if key.ref.act == "AHVG":
                assert (key.day + timedelta(days=1)).day == 1
                # A month end can only coincide with the birthday (or the day before it) when
                # that day is itself the last of its month (born on 28/29 February, 31 March,
                # or on the first of a month): the legal date is then the same day.
                around = {reached, reached - timedelta(days=1)}
                month_ends = {d for d in around if (d + timedelta(days=1)).day == 1}
                assert key.day not in around - month_ends
