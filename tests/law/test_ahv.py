"""AHV reference age (AHVG Art. 21) and the AHV 21 transition for women."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iizcore.errors import ParameterError
from iizcore.law import ahv
from iizcore.law.determination import RuleContext
from iizcore.law.parameters import Parameter, ParameterValue, federal_parameters
from iizcore.model import Person, Residence, Sex

PARAMS = federal_parameters()
ON = date(2025, 6, 1)


def _person(born: date, sex: Sex) -> Person:
    return Person(
        id="p", birth_date=born, sex=sex, residence=Residence(canton="ZH", bfs_municipality=261)
    )


@pytest.mark.parametrize(
    ("birth_year", "expected"),
    [
        (1958, (64, 0)),
        (1960, (64, 0)),
        (1961, (64, 3)),
        (1962, (64, 6)),
        (1963, (64, 9)),
        (1964, (65, 0)),
        (1975, (65, 0)),
    ],
)
def test_women_ahv21_transition(birth_year: int, expected: tuple[int, int]) -> None:
    """EAK (eak.admin.ch, Reform AHV 21, Referenzalter): 1960 → 64; 1961 → 64 + 3 months;
    1962 → 64 + 6; 1963 → 64 + 9; 1964 and later → 65."""
    assert ahv.reference_age(Sex.FEMALE, date(birth_year, 7, 1), PARAMS, ON) == expected


def test_men_reference_age_65() -> None:
    """AHVG Art. 21 Abs. 1 (Fassung AHV 21): reference age 65 for men."""
    assert ahv.reference_age(Sex.MALE, date(1962, 7, 1), PARAMS, ON) == (65, 0)


def test_women_before_ahv21_was_64() -> None:
    """AHVG Art. 21 Abs. 1 lit. b (text as of 1.1.2023): women 64 — even for the 1963 cohort."""
    assert ahv.reference_age(Sex.FEMALE, date(1963, 7, 1), PARAMS, date(2023, 6, 1)) == (64, 0)


def test_reference_age_date_adds_months() -> None:
    """A woman born 15 March 1962 reaches 64 years and 6 months on 15 September 2026 (EAK table)."""
    person = _person(date(1962, 3, 15), Sex.FEMALE)
    assert ahv.reference_age_date(person, PARAMS, ON) == date(2026, 9, 15)


def test_reference_age_date_accepts_a_rule_context() -> None:
    person = _person(date(1961, 1, 31), Sex.FEMALE)
    ctx = RuleContext(on=ON, parameters=PARAMS)
    # 31 January + 64 years 3 months: 30 April does not exist as "31 April" (OR Art. 77 Abs. 1 Ziff. 3).
    assert ahv.reference_age_date(person, ctx) == date(2025, 4, 30)


def test_leap_day_birth() -> None:
    person = _person(date(1960, 2, 29), Sex.MALE)
    assert ahv.reference_age_date(person, PARAMS, ON) == date(2025, 2, 28)


def test_parameter_set_needs_a_date() -> None:
    with pytest.raises(TypeError):
        ahv.reference_age(Sex.MALE, date(1960, 1, 1), PARAMS)


def test_date_before_first_value_raises() -> None:
    """No guess before the data: the men's age has no value before 1997."""
    with pytest.raises(ParameterError):
        ahv.reference_age(Sex.MALE, date(1930, 1, 1), PARAMS, date(1990, 1, 1))


@given(
    born=st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)),
    sex=st.sampled_from(Sex),
)
def test_reference_age_between_64_and_65(born: date, sex: Sex) -> None:
    years, months = ahv.reference_age(sex, born, PARAMS, ON)
    assert (64, 0) <= (years, months) <= (65, 0)
    assert 0 <= months < 12


@given(a=st.integers(1940, 2005), b=st.integers(1940, 2005))
def test_later_cohorts_never_retire_younger(a: int, b: int) -> None:
    """The AHV 21 transition only raises the women's age with the year of birth."""
    lo, hi = sorted((a, b))
    assert ahv.reference_age(Sex.FEMALE, date(lo, 6, 1), PARAMS, ON) <= ahv.reference_age(
        Sex.FEMALE, date(hi, 6, 1), PARAMS, ON
    )


def test_reference_age_under_the_law_in_force_when_reached() -> None:
    """Review finding A1 with the EAK table (AHV 21, in force 1.1.2024): a woman born 20 August
    1962 reaches her reference age at 64 + 6 months — 20 February 2027 — even when asked in 2010
    or 2023, when the law then in force said 64; her old-age pension starts on 1 March 2027
    (AHVG Art. 21 Abs. 2: "am ersten Tag des Monats, welcher dem Erreichen des Referenzalters
    folgt", lawbrary AHVG-v2025.01-de-art-21)."""
    person = _person(date(1962, 8, 20), Sex.FEMALE)
    for on in (date(2010, 1, 1), date(2023, 6, 1), date(2025, 6, 1), date(2027, 6, 1)):
        assert ahv.reference_age_date(person, PARAMS, on) == date(2027, 2, 20)
        assert ahv.old_age_pension_start(person, PARAMS, on) == date(2027, 3, 1)


def test_woman_born_1959_keeps_64() -> None:
    """AHVG Art. 21 Abs. 1 lit. b (text as of 1.1.2023): 64; she reached it in 2023, before AHV 21,
    and the AHV 21 table keeps 64 for her cohort — the date does not move."""
    person = _person(date(1959, 3, 15), Sex.FEMALE)
    assert ahv.reference_age_date(person, PARAMS, date(2020, 1, 1)) == date(2023, 3, 15)
    assert ahv.reference_age_date(person, PARAMS, date(2025, 1, 1)) == date(2023, 3, 15)
    assert ahv.old_age_pension_start(person, PARAMS, date(2020, 1, 1)) == date(2023, 4, 1)


def test_pension_start_after_a_birthday_on_the_first() -> None:
    """AHVG Art. 21 Abs. 2: the month *following* the one in which the age is reached — a man born
    1 July 1961 reaches 65 on 1 July 2026 and draws the pension from 1 August 2026."""
    person = _person(date(1961, 7, 1), Sex.MALE)
    assert ahv.old_age_pension_start(person, PARAMS, ON) == date(2026, 8, 1)


@given(
    born=st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)),
    sex=st.sampled_from(Sex),
    a=st.dates(min_value=date(2005, 1, 1), max_value=date(2035, 12, 31)),
    b=st.dates(min_value=date(2005, 1, 1), max_value=date(2035, 12, 31)),
)
def test_reference_age_date_does_not_depend_on_the_assessment_date(
    born: date, sex: Sex, a: date, b: date
) -> None:
    """Review finding A6: asked on any two days before it is reached, the day is the same; the
    pension starts on the first day of the following month (AHVG Art. 21 Abs. 2)."""
    person = _person(born, sex)
    first = ahv.reference_age_date(person, PARAMS, a)
    second = ahv.reference_age_date(person, PARAMS, b)
    if a < first and b < second:
        assert first == second
    start = ahv.old_age_pension_start(person, PARAMS, a)
    assert start.day == 1 and first < start <= ahv.add_months(first, 1)
    years, months = ahv.reference_age(sex, born, PARAMS, max(a, first))
    assert first == ahv.add_months(born, 12 * years + months)


def _months_later(day: date, months: int) -> date:
    """The spelled-out rule: the same day ``months`` later, or the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    for last in range(day.day, 27, -1):
        try:
            return date(year, month + 1, last)
        except ValueError:
            continue
    return date(year, month + 1, day.day)


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(min_value=-1200, max_value=1200),
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day: date, months: int) -> None:
    """OR Art. 77 Abs. 1 Ziff. 3: the same day of the month, else its last day (29-31 included)."""
    assert ahv.add_months(day, months) == _months_later(day, months)


def test_women_table_rows_are_told_apart() -> None:
    """The age by year of birth is kept per row of the table: another set's row answers itself."""
    param = PARAMS["ahv.reference_age_women_by_birth_year"]
    row = param.at(ON)
    other_row = ParameterValue(
        since=row.since, value="1960:63,1964:64", ref=row.ref, source="test", verified=False
    )
    other = PARAMS.overlay(
        [Parameter(name=param.name, unit=param.unit, description="", values=(other_row,))]
    )
    for _ in range(2):  # the second round answers from the kept ages
        assert ahv.reference_age(Sex.FEMALE, date(1962, 7, 1), PARAMS, ON) == (64, 6)
        assert ahv.reference_age(Sex.FEMALE, date(1962, 7, 1), other, ON) == (63, 0)
        assert ahv.reference_age(Sex.FEMALE, date(1950, 7, 1), other, ON) == (63, 0)
        assert ahv.reference_age(Sex.FEMALE, date(1970, 7, 1), other, ON) == (64, 0)
