"""Measures scheduled for a person: an institution's offer over a period."""

from __future__ import annotations

from attrs import frozen

from iizcore.model.institution import InstitutionKind, MeasureType
from iizcore.model.period import Period
from iizcore.model.reference import LegalRef

__all__ = ["Measure"]


@frozen
class Measure:
    """An offer of ``institution`` of type ``measure_type`` over ``period``, on ``legal_basis``."""

    institution: InstitutionKind
    measure_type: MeasureType
    period: Period
    legal_basis: tuple[LegalRef, ...] = ()
    offer_id: str | None = None
    institution_id: str | None = None
    """Id of the concrete institution in the canton's network, where known."""
