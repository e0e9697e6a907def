"""Cost rates: hourly rates and hours used to price the IIZ work of a plan.

No law sets the price of an hour of case management or a meeting; these are
inputs. :func:`illustrative_rates` returns round example figures bundled
with iizcore so that examples show amounts — they are **illustrative example
data, not law** and an allocation made with them says so
(:attr:`~iizcore.costs.allocate.CostAllocation.illustrative_rates`).
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from typing import Any

from attrs import field, frozen

from iizcore.errors import InputError
from iizcore.model.institution import InstitutionKind, MeasureType
from iizcore.model.money import Money
from iizcore.model.period import Period

__all__ = ["CostRates", "illustrative_rates"]

_DAYS_PER_YEAR = Decimal(365)


@frozen
class CostRates:
    """Prices and quantities for the cost items derived from a coordination plan.

    ``hourly`` gives the rate per hour by institution kind (else
    ``default_hourly``); ``measure_monthly`` the cost per month by measure
    type (else ``default_measure_monthly``), used where the canton's network
    documents no :attr:`~iizcore.model.Offer.monthly_cost`.
    ``illustrative`` marks example figures that are not law.
    """

    default_hourly: Money
    case_management_hours: Decimal
    meeting_hours: Decimal
    assessment_hours: Decimal
    coordination_office_per_case: Money
    default_measure_monthly: Money
    open_measure_months: int = 3
    hourly: Mapping[InstitutionKind, Money] = field(factory=dict, hash=False)
    measure_monthly: Mapping[MeasureType, Money] = field(factory=dict, hash=False)
    illustrative: bool = False
    source: str = ""

    def hourly_rate(self, kind: InstitutionKind) -> Money:
        """The hourly rate of ``kind``."""
        return self.hourly.get(kind, self.default_hourly)

    def monthly_cost(self, measure_type: MeasureType) -> Money:
        """The monthly cost of a measure of ``measure_type``."""
        return self.measure_monthly.get(measure_type, self.default_measure_monthly)

    def months(self, period: Period) -> Decimal:
        """Months a measure runs: calendar days × 12 / 365, or ``open_measure_months`` if open."""
        if period.end is None:
            return Decimal(self.open_measure_months)
        days = (period.end - period.start).days + 1
        return Decimal(days) * 12 / _DAYS_PER_YEAR

    def measure_cost(
        self, measure_type: MeasureType, period: Period, monthly: Money | None
    ) -> Money:
        """The cost of a measure over ``period`` (``monthly`` from the network where known)."""
        rate = monthly if monthly is not None else self.monthly_cost(measure_type)
        return rate * self.months(period)


def _rates(doc: Mapping[str, Any]) -> CostRates:
    return CostRates(
        default_hourly=Money.chf(doc["default_hourly"]),
        case_management_hours=Decimal(str(doc["case_management_hours"])),
        meeting_hours=Decimal(str(doc["meeting_hours"])),
        assessment_hours=Decimal(str(doc["assessment_hours"])),
        coordination_office_per_case=Money.chf(doc["coordination_office_per_case"]),
        default_measure_monthly=Money.chf(doc["default_measure_monthly"]),
        open_measure_months=int(doc["open_measure_months"]),
        hourly={InstitutionKind(k): Money.chf(v) for k, v in doc.get("hourly", {}).items()},
        measure_monthly={
            MeasureType(k): Money.chf(v) for k, v in doc.get("measure_monthly", {}).items()
        },
        illustrative=bool(doc.get("illustrative", False)),
        source=str(doc.get("source", "")),
    )


@functools.cache
def illustrative_rates() -> CostRates:
    """The bundled **illustrative example rates** (not law; ``illustrative=True``)."""
    text = (resources.files("iizcore.costs") / "data" / "illustrative_rates.toml").read_text(
        encoding="utf-8"
    )
    try:
        return _rates(tomllib.loads(text))
    except (KeyError, ValueError) as exc:
        raise InputError("illustrative_rates.toml", str(exc)) from None
