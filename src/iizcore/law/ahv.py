"""AHV reference age (Referenzalter, AHVG Art. 21) as other rules need it.

The ALV needs the reference age twice: a person who has reached it has no
entitlement (AVIG Art. 8 Abs. 1 lit. d), and a benefit framework opened in the
last four years before it carries 120 extra daily allowances (AVIG Art. 27
Abs. 3, AVIV Art. 41b).

Values come from ``data/ahv.toml``:

* men: ``ahv.reference_age_men`` (65);
* women, law in force from 1 January 2024 (AHV 21): ``ahv.reference_age_women_by_birth_year``,
  a table by year of birth — 1960 and earlier 64, 1961 64 + 3 months,
  1962 64 + 6, 1963 64 + 9, 1964 and later 65 (64.25 encodes 64 years and 3 months);
* women, law in force before 2024: ``ahv.reference_age_women_before_ahv21`` (64).

:func:`reference_age` answers under the law in force on the date asked about
(``on``). :func:`reference_age_date` answers under the law in force on the day the
person *reaches* the reference age, so the date does not move with the assessment
date (a woman born 1962 reaches it at 64 + 6 months even when asked in 2023, before
AHV 21 was in force). :func:`old_age_pension_start` is the first day of the month
after that day (AHVG Art. 21 Abs. 2), the day other benefits that end "with the
old-age pension" stop (IVG Art. 30; ALV: end of the month before, AVIV Art. 41b Abs. 2).

The module has no determination of its own — the model knows no AHV institution —
so :func:`determinations` returns an empty list.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from iizcore.errors import RuleError
from iizcore.law.determination import Determination, RuleContext
from iizcore.law.parameters import ParameterSet, ParameterValue
from iizcore.law.rules import parameter_cache
from iizcore.model.case import Case
from iizcore.model.person import Person, Sex

__all__ = [
    "add_months",
    "determinations",
    "old_age_pension_start",
    "reference_age",
    "reference_age_date",
    "reference_dates",
]

_MEN = "ahv.reference_age_men"
_WOMEN_AHV21 = "ahv.reference_age_women_by_birth_year"
_WOMEN_BEFORE = "ahv.reference_age_women_before_ahv21"
# The law changes a handful of times; a fixpoint is reached in two or three rounds.
_MAX_ROUNDS = 16


def _resolve(params: ParameterSet | RuleContext, on: date | None) -> tuple[ParameterSet, date]:
    if isinstance(params, RuleContext):
        return params.parameters, on if on is not None else params.on
    if on is None:
        raise TypeError("reference_age needs 'on' when given a ParameterSet")
    return params, on


@functools.lru_cache(maxsize=256)
def _years_months(value: Decimal) -> tuple[int, int]:
    years = int(value)
    months = (value - years) * 12
    if months != months.to_integral_value():
        raise RuleError("reference age parameter is not a whole number of months")
    return years, int(months)


def reference_age(
    sex: Sex, birth_date: date, params: ParameterSet | RuleContext, on: date | None = None
) -> tuple[int, int]:
    """The reference age (Referenzalter) as ``(years, months)`` — AHVG Art. 21 Abs. 1.

    ``params`` is a :class:`ParameterSet` (then ``on`` is required) or a
    :class:`RuleContext` (``on`` defaults to ``ctx.on``). Women's age follows
    the AHV 21 transition by year of birth for dates from its entry into force,
    and the former age of 64 (AHVG Art. 21 Abs. 1 lit. b, old version) before.

    Raises:
        ParameterError: if ``on`` is before the first value of the parameter.
    """
    ps, day = _resolve(params, on)
    if sex is Sex.MALE:
        return _years_months(ps[_MEN].at(day).decimal)
    ahv21 = ps[_WOMEN_AHV21]
    if day < ahv21.values[0].since:
        return _years_months(ps[_WOMEN_BEFORE].at(day).decimal)
    return _age_by_birth_year(ahv21.at(day), birth_date.year)


#: (id of a row of the women's table, year of birth) -> the age, with the row it names.
_BY_BIRTH_YEAR: dict[tuple[int, int], tuple[tuple[int, int], ParameterValue]] = {}


def _age_by_birth_year(row: ParameterValue, year: int) -> tuple[int, int]:
    """The age a row of ``ahv.reference_age_women_by_birth_year`` gives a year of birth.

    Years before the first key keep the first value; after the last, the last. Kept per
    row and year (a few dozen entries): an unseen birth date costs a dict lookup here.
    The entry holds the row, so its id cannot be reused while the entry exists.
    """
    key = (id(row), year)
    found = _BY_BIRTH_YEAR.get(key)
    if found is not None and found[1] is row:
        return found[0]
    table = row.table
    keys = sorted(table)
    birth_year = Decimal(year)
    eligible = [k for k in keys if k <= birth_year]
    age = _years_months(table[eligible[-1] if eligible else keys[0]])
    if len(_BY_BIRTH_YEAR) >= 4096:
        _BY_BIRTH_YEAR.clear()
    _BY_BIRTH_YEAR[key] = (age, row)
    return age


@functools.lru_cache(maxsize=65_536)
def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day that does not exist becomes the month's last.

    The same rule as for periods in months in Swiss law (OR Art. 77 Abs. 1 Ziff. 3):
    29 February plus 12 months is 28 February.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if day.day <= 28:
        # Every month has the day: no calendar lookup (most calls).
        return date(year, month + 1, day.day)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def reference_age_date(
    person: Person, params: ParameterSet | RuleContext, on: date | None = None
) -> date:
    """The day the person reaches the reference age (Referenzalter) — AHVG Art. 21 Abs. 1.

    That is the birthday at the reference age: birth date plus the reference age in
    years and months (a day that does not exist becomes the month's last,
    :func:`add_months`).

    **Which law**: the reference age under the law in force *on the day the person
    reaches it* — not on ``on``. A woman born in 1962 reaches 64 in 2026, when AHV 21
    is in force, so her reference age is 64 + 6 months whether she is assessed in
    2010, 2023 or 2027. The day is found as a fixpoint: start from the law on
    ``on``; while the day so computed lies after ``on`` and the law in force on that
    day gives another day, move to it. A person who has already reached the age by
    ``on`` is taken under the law in force on ``on`` (the transitional provisions
    keep the age of cohorts already retired; the data hold no older law).

    ``params`` is a :class:`ParameterSet` (then ``on`` is required) or a
    :class:`RuleContext` (``on`` defaults to ``ctx.on``). The signature is the
    same as before; only the law applied changed.

    The result reveals the birthday: never print it in a reason text; report
    :func:`old_age_pension_start` (a month start) instead.

    Raises:
        ParameterError: if ``on`` is before the first value of a parameter.
        RuleError: if the data make the day oscillate (no fixpoint).
    """
    ps, day = _resolve(params, on)
    return reference_dates(person, ps, day)[0]


def reference_dates(person: Person, params: ParameterSet, on: date) -> tuple[date, date]:
    """:func:`reference_age_date` and :func:`old_age_pension_start`, found together.

    A pure function of the parameters, sex, birth date and day, cached with the
    parameters: the ALV asks for both for every unemployed person, the IV for the first.
    The first reveals the birthday: never print it (see :func:`reference_age_date`).
    """
    cache = parameter_cache(params)
    key = ("ahv.reference_age_date", person.sex, person.birth_date, on)
    cached: tuple[date, date] | None = cache.get(key)
    if cached is not None:
        return cached
    probe = on
    for _ in range(_MAX_ROUNDS):
        years, months = reference_age(person.sex, person.birth_date, params, probe)
        reached = add_months(person.birth_date, years * 12 + months)
        following = max(reached, on)
        if following == probe:
            found = cache[key] = (reached, add_months(reached.replace(day=1), 1))
            return found
        probe = following
    raise RuleError("the reference-age parameters give no stable reference-age date")


def old_age_pension_start(
    person: Person, params: ParameterSet | RuleContext, on: date | None = None
) -> date:
    """First day of the month after the reference age is reached — AHVG Art. 21 Abs. 2.

    "Der Anspruch entsteht am ersten Tag des Monats, welcher dem Erreichen des
    Referenzalters folgt" (text in force since 1.1.2024; the same rule before:
    "welcher der Vollendung des ... massgebenden Altersjahres folgt"). The
    reference age is taken as in :func:`reference_age_date`. Benefits that end
    with the old-age pension end the day before (IVG Art. 30; ALV: AVIV Art. 41b
    Abs. 2). Unlike the birthday, this date is a month start and can be shown.
    """
    ps, day = _resolve(params, on)
    return reference_dates(person, ps, day)[1]


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """No AHV determination: the model has no AHV institution; other rules call the functions above."""
    return []
