"""Cost items of IIZ work and the parties that bear them.

An IIZ case costs working time (case management by the lead institution,
joint assessments, meetings — Fachkonferenz, runder Tisch — per participant
and hour), a share of the coordination office (Geschäftsstelle IIZ), the
measures each institution provides, and benefits one institution advances
for another (Vorleistung, ATSG Art. 70) until the one found liable
reimburses it (ATSG Art. 71; ATSG Art. 22 Abs. 2 and IVV Art. 85bis for
IV back payments to social assistance).

A :class:`CostItem` records what each party *spent* on the item (its
:class:`Contribution`); a key (:mod:`iizcore.costs.keys`) then says who
*bears* it. Amounts are exact :class:`~iizcore.model.Money`; hourly rates
are inputs (see :mod:`iizcore.costs.rates`), never law.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any, Final

from attrs import field, frozen

from iizcore.model._validate import FieldError, non_empty
from iizcore.model.institution import InstitutionKind, MeasureType
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.network import CollaborationForm

__all__ = [
    "DEFAULT_SOURCE",
    "Advance",
    "AdvanceBasis",
    "CaseItems",
    "Contribution",
    "CostItem",
    "CostItemKind",
    "FinancingSource",
    "Party",
    "advance",
    "case_management",
    "coordination_office",
    "joint_assessment",
    "measure",
    "meeting",
]


class FinancingSource(enum.StrEnum):
    """Where the money of a party finally comes from (Finanzierungsquelle)."""

    ALV = "alv"
    """The ALV compensation fund (Ausgleichsfonds der Arbeitslosenversicherung)."""
    IV = "iv"
    """The disability insurance (Invalidenversicherung)."""
    MUNICIPALITY = "municipality"
    """The municipality (Gemeinde), e.g. for social assistance."""
    CANTON = "canton"
    """The canton (Kanton)."""
    CONFEDERATION = "confederation"
    """The Confederation (Bund), e.g. through the integration lump sum (VIntA Art. 15)."""
    ACCIDENT_INSURANCE = "accident_insurance"
    """The accident insurer (UVG)."""
    PRIVATE = "private"
    """Employers, private insurers (KTG) and private providers."""

    @property
    def labels(self) -> Labels:
        """The source's name in de, fr, it and en."""
        return _SOURCE_LABELS[self]


_SOURCE_LABELS: Final[dict[FinancingSource, Labels]] = {
    FinancingSource.ALV: Labels("ALV", "AC", "AD", "Unemployment insurance (ALV)"),
    FinancingSource.IV: Labels("IV", "AI", "AI", "Disability insurance (IV)"),
    FinancingSource.MUNICIPALITY: Labels("Gemeinde", "Commune", "Comune", "Municipality"),
    FinancingSource.CANTON: Labels("Kanton", "Canton", "Cantone", "Canton"),
    FinancingSource.CONFEDERATION: Labels("Bund", "Confédération", "Confederazione", "Bund"),
    FinancingSource.ACCIDENT_INSURANCE: Labels(
        "Unfallversicherung", "Assurance-accidents", "Assicurazione infortuni", "Accident insurance"
    ),
    FinancingSource.PRIVATE: Labels("Private", "Privés", "Privati", "Private"),
}

#: Default financing source of each institution kind. This is an attribution
#: for reporting, not a cost key: ALV enforcement bodies (RAV, cantonal
#: office) are refinanced by the ALV fund (AVIG Art. 92 Abs. 7 — article text
#: not verified; confirmed for BL's RAV by Landrat Vorlage 2004/58); the IV
#: office by the IV; social assistance by the municipality of residence
#: (cantonal cost sharing between canton and municipalities is not modelled);
#: cantonal offices by the canton. A :class:`Party` may name another source.
DEFAULT_SOURCE: Final[dict[InstitutionKind, FinancingSource]] = {
    InstitutionKind.ALV_FUND: FinancingSource.ALV,
    InstitutionKind.RAV: FinancingSource.ALV,
    InstitutionKind.LABOUR_MARKET_AUTHORITY: FinancingSource.ALV,
    InstitutionKind.IV_OFFICE: FinancingSource.IV,
    InstitutionKind.SOCIAL_ASSISTANCE: FinancingSource.MUNICIPALITY,
    InstitutionKind.CANTONAL_SOCIAL_OFFICE: FinancingSource.CANTON,
    InstitutionKind.VOCATIONAL_GUIDANCE: FinancingSource.CANTON,
    InstitutionKind.VOCATIONAL_EDUCATION: FinancingSource.CANTON,
    InstitutionKind.MIGRATION_INTEGRATION: FinancingSource.CANTON,
    InstitutionKind.ACCIDENT_INSURANCE: FinancingSource.ACCIDENT_INSURANCE,
    InstitutionKind.SICKNESS_ALLOWANCE_INSURER: FinancingSource.PRIVATE,
    InstitutionKind.EMPLOYER: FinancingSource.PRIVATE,
    InstitutionKind.PRIVATE_PROVIDER: FinancingSource.PRIVATE,
    InstitutionKind.IIZ_OFFICE: FinancingSource.CANTON,
}


@frozen(cache_hash=True)
class Party:
    """Who spends or bears money: an institution of the network, or the Confederation.

    ``id`` is the institution id of the canton's network where known,
    otherwise the kind's value (``"iv_office"``); ``kind`` is ``None`` only
    for a party that is not an IIZ institution (the Confederation).
    Parties are ordered by :attr:`sort_key` — kind value, then id, then
    source — the stable order every tie in an allocation is broken by.
    """

    id: str = field(validator=non_empty)
    kind: InstitutionKind | None
    source: FinancingSource

    @classmethod
    def of(
        cls,
        kind: InstitutionKind,
        institution_id: str | None = None,
        source: FinancingSource | None = None,
    ) -> Party:
        """The institution of ``kind`` (id ``institution_id`` or the kind's value).

        ``source`` defaults to :data:`DEFAULT_SOURCE`.
        """
        return cls(
            id=institution_id or kind.value,
            kind=kind,
            source=source if source is not None else DEFAULT_SOURCE[kind],
        )

    @classmethod
    def confederation(cls) -> Party:
        """The Confederation (Bund) as the payer of federal lump sums."""
        return cls(id="bund", kind=None, source=FinancingSource.CONFEDERATION)

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """``(kind value, id, source value)``; the Confederation sorts first (kind ``""``)."""
        return (self.kind.value if self.kind else "", self.id, self.source.value)

    def __str__(self) -> str:
        return self.id


#: Parties by (kind, institution id), shared: cost allocation resolves the same few
#: institutions case after case, and a shared party is built and hashed once.
_PARTIES: dict[tuple[InstitutionKind, str | None], Party] = {}
_PARTIES_MAX: Final = 4096


def party_of(kind: InstitutionKind, institution_id: str | None = None) -> Party:
    """``Party.of(kind, institution_id)``, shared between calls (parties are frozen)."""
    key = (kind, institution_id)
    party = _PARTIES.get(key)
    if party is None:
        if len(_PARTIES) >= _PARTIES_MAX:
            _PARTIES.clear()
        party = _PARTIES[key] = Party.of(kind, institution_id)
    return party


#: The Confederation as a shared party (see :meth:`Party.confederation`).
CONFEDERATION: Final = Party.confederation()


class CostItemKind(enum.StrEnum):
    """Kinds of IIZ cost item; a canton chooses a key per kind (hook ``iiz_cost_keys``)."""

    CASE_MANAGEMENT = "case_management"
    """Case management by the lead institution (Fallführung), in hours."""
    JOINT_ASSESSMENT = "joint_assessment"
    """Joint assessment of the person's situation (model IIZ-MAMAC), per participant and hour."""
    MEETING = "meeting"
    """Case meeting (Fachkonferenz, runder Tisch, Fallkonferenz), per participant and hour."""
    COORDINATION_OFFICE = "coordination_office"
    """The case's share of the coordination office (Geschäftsstelle IIZ)."""
    MEASURE = "measure"
    """A measure (offer) an institution provides to the person."""
    ADVANCE = "advance"
    """A benefit advanced for another institution (Vorleistung) and its reimbursement."""

    @property
    def labels(self) -> Labels:
        """The kind's name in de, fr, it and en."""
        return _KIND_LABELS[self]


_KIND_LABELS: Final[dict[CostItemKind, Labels]] = {
    CostItemKind.CASE_MANAGEMENT: Labels(
        "Fallführung", "Gestion du cas", "Gestione del caso", "Case management"
    ),
    CostItemKind.JOINT_ASSESSMENT: Labels(
        "Gemeinsames Assessment", "Évaluation commune", "Valutazione comune", "Joint assessment"
    ),
    CostItemKind.MEETING: Labels(
        "Fallbesprechung", "Réunion de cas", "Riunione del caso", "Case meeting"
    ),
    CostItemKind.COORDINATION_OFFICE: Labels(
        "Geschäftsstelle IIZ", "Secrétariat CII", "Segretariato CII", "Coordination office"
    ),
    CostItemKind.MEASURE: Labels("Massnahme", "Mesure", "Provvedimento", "Measure"),
    CostItemKind.ADVANCE: Labels(
        "Vorleistung", "Avance de prestations", "Anticipo di prestazioni", "Advance payment"
    ),
}


class AdvanceBasis(enum.StrEnum):
    """On which provision an advance is reimbursed."""

    ATSG_71 = "atsg_71"
    """An insurer advanced under ATSG Art. 70 (e.g. the ALV, Abs. 2 lit. b); the insurer
    found liable reimburses it (ATSG Art. 71)."""
    IV_BACK_PAYMENT = "iv_back_payment"
    """Social assistance advanced in view of an IV pension; the IV pays the back payment
    to it up to the advance (ATSG Art. 22 Abs. 2 lit. a, IVV Art. 85bis)."""


def _non_negative_money(_: object, attribute: Any, value: Money) -> None:
    if value.amount < 0:
        raise FieldError(attribute.name, "must not be negative")


def _non_negative_decimal(_: object, attribute: Any, value: Decimal) -> None:
    if value < 0:
        raise FieldError(attribute.name, "must not be negative")


@frozen
class Contribution:
    """What one party spent on an item: an ``amount`` and, for work, the ``hours``."""

    party: Party
    amount: Money = field(validator=_non_negative_money)
    hours: Decimal = field(default=Decimal(0), validator=_non_negative_decimal)


@frozen
class Advance:
    """The reimbursement side of an :attr:`CostItemKind.ADVANCE` item.

    ``liable`` is the institution found liable (or the IV paying the back
    payment); ``owed`` is what it owes for the same period — its own benefit
    for the period (ATSG Art. 71) or the back payment (IVV Art. 85bis Abs. 3:
    at most the advance, only for the period covered); ``None`` means at
    least the advance. ``requested`` is whether the advancing body claimed
    the back payment in time (IVV Art. 85bis Abs. 1); without a request the
    back payment goes to the person and nothing is reimbursed.
    """

    liable: Party
    basis: AdvanceBasis
    owed: Money | None = field(default=None)
    requested: bool = True

    @owed.validator
    def _owed(self, attribute: Any, value: Money | None) -> None:
        if value is not None and value.amount < 0:
            raise FieldError("owed", "must not be negative")


def _contributions(_: object, attribute: Any, value: tuple[Contribution, ...]) -> None:
    if not value:
        raise FieldError(attribute.name, "an item needs at least one contribution")


@frozen
class CostItem:
    """One cost of IIZ work: who spent what on it, in exact CHF.

    The item's :attr:`total` is its exact total rounded to 0.05 CHF
    (:meth:`~iizcore.model.Money.rounded`): that is the one place where an
    item's money is rounded, and the amount the keys divide exactly.
    """

    id: str = field(validator=non_empty)
    kind: CostItemKind
    contributions: tuple[Contribution, ...] = field(validator=_contributions)
    description: str = ""
    advance: Advance | None = field(default=None)
    measure_type: MeasureType | None = None
    form: CollaborationForm | None = None
    # The rounded total, kept after the first use: items are shared between cases and
    # their total is read by the allocation, the report and every summary.
    _total: Money | None = field(
        default=None, init=False, eq=False, order=False, hash=False, repr=False
    )

    @advance.validator
    def _advance(self, attribute: Any, value: Advance | None) -> None:
        if (value is not None) != (self.kind is CostItemKind.ADVANCE):
            raise FieldError("advance", "required for an advance item and only there")
        if value is not None and len({c.party for c in self.contributions}) != 1:
            raise FieldError("contributions", "an advance has exactly one advancing party")

    @property
    def exact_total(self) -> Money:
        """The sum of the contributions, unrounded."""
        return sum((c.amount for c in self.contributions), Money.zero())

    @property
    def total(self) -> Money:
        """The exact total rounded to 0.05 CHF: the amount that is allocated."""
        total = self._total
        if total is None:
            total = self.exact_total.rounded()
            object.__setattr__(self, "_total", total)
        return total

    @property
    def parties(self) -> tuple[Party, ...]:
        """The distinct contributing parties, in :attr:`Party.sort_key` order."""
        return tuple(sorted({c.party for c in self.contributions}, key=lambda p: p.sort_key))

    def hours_of(self, party: Party) -> Decimal:
        """The hours ``party`` spent on the item."""
        return sum((c.hours for c in self.contributions if c.party == party), Decimal(0))

    def spent_by(self, party: Party) -> Money:
        """The exact amount ``party`` spent on the item."""
        return sum((c.amount for c in self.contributions if c.party == party), Money.zero())


@frozen
class CaseItems:
    """Hand-made cost items of one case on ``on`` (input format of ``iiz costs``)."""

    case_id: str
    on: date
    items: tuple[CostItem, ...]
    lead: Party | None = None
    """The lead institution, for a canton key "the lead pays"."""


def _work(
    participants: Iterable[tuple[Party, Decimal | int, Money]],
) -> tuple[Contribution, ...]:
    return tuple(
        Contribution(party=p, amount=rate * Decimal(hours), hours=Decimal(hours))
        for p, hours, rate in participants
    )


def case_management(
    item_id: str, lead: Party, hours: Decimal | int, rate: Money, description: str = ""
) -> CostItem:
    """Case management (Fallführung) by ``lead``: ``hours`` at ``rate`` per hour."""
    return CostItem(
        id=item_id,
        kind=CostItemKind.CASE_MANAGEMENT,
        contributions=_work([(lead, hours, rate)]),
        description=description,
    )


def meeting(
    item_id: str,
    participants: Iterable[tuple[Party, Decimal | int, Money]],
    form: CollaborationForm = CollaborationForm.FACHKONFERENZ,
    description: str = "",
) -> CostItem:
    """A case meeting (Fachkonferenz, runder Tisch): ``(party, hours, hourly rate)`` each."""
    return CostItem(
        id=item_id,
        kind=CostItemKind.MEETING,
        contributions=_work(participants),
        description=description,
        form=form,
    )


def joint_assessment(
    item_id: str,
    participants: Iterable[tuple[Party, Decimal | int, Money]],
    description: str = "",
) -> CostItem:
    """A joint assessment (gemeinsames Assessment): ``(party, hours, hourly rate)`` each."""
    return CostItem(
        id=item_id,
        kind=CostItemKind.JOINT_ASSESSMENT,
        contributions=_work(participants),
        description=description,
        form=CollaborationForm.JOINT_ASSESSMENT,
    )


def coordination_office(
    item_id: str, office: Party, amount: Money, description: str = ""
) -> CostItem:
    """The case's share ``amount`` of the coordination office (Geschäftsstelle IIZ)."""
    return CostItem(
        id=item_id,
        kind=CostItemKind.COORDINATION_OFFICE,
        contributions=(Contribution(office, amount),),
        description=description,
    )


def measure(
    item_id: str,
    provider: Party,
    amount: Money,
    measure_type: MeasureType | None = None,
    description: str = "",
) -> CostItem:
    """A measure of ``provider`` costing ``amount``."""
    return CostItem(
        id=item_id,
        kind=CostItemKind.MEASURE,
        contributions=(Contribution(provider, amount),),
        description=description,
        measure_type=measure_type,
    )


def advance(
    item_id: str,
    advancer: Party,
    amount: Money,
    liable: Party,
    basis: AdvanceBasis,
    owed: Money | None = None,
    requested: bool = True,
    description: str = "",
) -> CostItem:
    """``advancer`` paid ``amount`` in advance; ``liable`` reimburses (see :class:`Advance`)."""
    return CostItem(
        id=item_id,
        kind=CostItemKind.ADVANCE,
        contributions=(Contribution(advancer, amount),),
        description=description,
        advance=Advance(liable=liable, basis=basis, owed=owed, requested=requested),
    )
