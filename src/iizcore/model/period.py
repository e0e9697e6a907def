"""Date periods: a start and an optional (inclusive) end."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from attrs import field, frozen

from iizcore.model._validate import FieldError

__all__ = ["DAYS_PER_MONTH", "DAYS_PER_YEAR", "Period"]

#: Mean length of a calendar year in days (365.25: three years of 365 days and a leap year).
DAYS_PER_YEAR: Final = Decimal("365.25")

#: Mean length of a calendar month in days (365.25 / 12 = 30.4375 exactly), the one
#: constant that turns day counts into months where no rule fixes the month. Not the
#: ALV's 21.7 allowance days per month (AVIV Art. 40a), which is a dated parameter.
DAYS_PER_MONTH: Final = DAYS_PER_YEAR / 12


def _end_not_before_start(instance: Period, _: object, value: date | None) -> None:
    if value is not None and value < instance.start:
        raise FieldError("end", "is before start")


@frozen(order=True)
class Period:
    """The days from ``start`` to ``end``, both included; ``end=None`` is open (still running)."""

    start: date
    end: date | None = field(default=None, validator=_end_not_before_start)

    def contains(self, day: date) -> bool:
        """Whether ``day`` lies in the period."""
        return self.start <= day and (self.end is None or day <= self.end)

    def end_or(self, default: date) -> date:
        """The end, or ``default`` for an open period."""
        return self.end if self.end is not None else default

    def days(self, until: date) -> int:
        """Number of days in the period, counting an open period up to ``until`` (included)."""
        last = min(self.end_or(until), until)
        return max(0, (last - self.start).days + 1)

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day."""
        far = date.max - timedelta(days=1)
        return self.start <= other.end_or(far) and other.start <= self.end_or(far)
