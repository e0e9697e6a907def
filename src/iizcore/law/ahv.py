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

Which law applies is decided by the date asked about (``on``): the law in force
on that day. The module has no determination of its own — the model knows no
AHV institution — so :func:`determinations` returns an empty list.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from iizcore.errors import RuleError
from iizcore.law.determination import Determination, RuleContext
from iizcore.law.parameters import ParameterSet
from iizcore.model.case import Case
from iizcore.model.person import Person, Sex

__all__ = [
    "add_months",
    "determinations",
    "reference_age",
    "reference_age_date",
]

_MEN = "ahv.reference_age_men"
_WOMEN_AHV21 = "ahv.reference_age_women_by_birth_year"
_WOMEN_BEFORE = "ahv.reference_age_women_before_ahv21"


def _resolve(params: ParameterSet | RuleContext, on: date | None) -> tuple[ParameterSet, date]:
    if isinstance(params, RuleContext):
        return params.parameters, on if on is not None else params.on
    if on is None:
        raise TypeError("reference_age needs 'on' when given a ParameterSet")
    return params, on


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
        return _years_months(ps.value(_MEN, day))
    ahv21 = ps[_WOMEN_AHV21]
    if day < ahv21.values[0].since:
        return _years_months(ps.value(_WOMEN_BEFORE, day))
    table = ahv21.at(day).table
    keys = sorted(table)
    year = Decimal(birth_date.year)
    # Years before the first key keep the first value; after the last, the last.
    eligible = [k for k in keys if k <= year]
    key = eligible[-1] if eligible else keys[0]
    return _years_months(table[key])


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; a day that does not exist becomes the month's last.

    The same rule as for periods in months in Swiss law (OR Art. 77 Abs. 1 Ziff. 3):
    29 February plus 12 months is 28 February.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def reference_age_date(
    person: Person, params: ParameterSet | RuleContext, on: date | None = None
) -> date:
    """The day the person reaches the reference age (the birthday at that age) — AHVG Art. 21.

    The reference age is taken from the law in force on ``on`` (see :func:`reference_age`).
    """
    years, months = reference_age(person.sex, person.birth_date, params, on)
    return add_months(person.birth_date, years * 12 + months)


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """No AHV determination: the model has no AHV institution; other rules call the functions above."""
    return []
