"""A case: a person on an as-of date, their history of spells, open claims and consents."""

from __future__ import annotations

import enum
from datetime import date

from attrs import field, frozen

from iizcore.model._validate import FieldError
from iizcore.model.institution import InstitutionKind, MeasureType
from iizcore.model.period import Period
from iizcore.model.person import Person

__all__ = ["Benefit", "Case", "Claim", "ClaimOutcome", "Consent", "EndReason", "Spell"]


class Benefit(enum.StrEnum):
    """What the person received during a spell."""

    CASH = "cash"
    """A cash benefit: ALV/UV/KTG daily allowances, an IV pension, social-assistance support."""
    MEASURE = "measure"
    """A measure: AMM course, IV early intervention, integration programme..."""
    COUNSELLING = "counselling"
    """Counselling without a cash benefit (RAV placement, BIZ guidance)."""


class EndReason(enum.StrEnum):
    """Why a spell ended."""

    EXHAUSTED = "exhausted"
    """Aussteuerung: the maximum number of daily allowances is used up (AVIG Art. 27)."""
    FRAMEWORK_EXPIRED = "framework_expired"
    """The benefit framework period ended (AVIG Art. 9)."""
    FOUND_WORK = "found_work"
    TRANSFERRED = "transferred"
    """Handed over to another institution."""
    NOT_ELIGIBLE = "not_eligible"
    DECISION = "decision"
    """Ended by a decision of the institution (e.g. IV decision)."""
    COMPLETED = "completed"
    """A measure ran its course."""
    MOVED = "moved"
    OTHER = "other"


@frozen
class Spell:
    """A period during which an institution supported the person (start and end included)."""

    institution: InstitutionKind
    benefit: Benefit
    start: date
    end: date | None = field(default=None)
    end_reason: EndReason | None = None
    measure_type: MeasureType | None = None
    daily_allowances_drawn: int | None = None
    """ALV spells: number of daily allowances paid in the spell, if known."""

    @end.validator
    def _after_start(self, attribute: object, value: date | None) -> None:
        if value is not None and value < self.start:
            raise FieldError("end", "is before start")

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)


class ClaimOutcome(enum.StrEnum):
    GRANTED = "granted"
    REFUSED = "refused"


@frozen
class Claim:
    """A claim filed with an institution (registration with the IV, the RAV...)."""

    institution: InstitutionKind
    filed_on: date
    decided_on: date | None = None
    outcome: ClaimOutcome | None = None

    def pending_on(self, day: date) -> bool:
        """Filed on or before ``day`` and not decided by then."""
        return self.filed_on <= day and (self.decided_on is None or self.decided_on > day)


@frozen
class Consent:
    """The person's consent to share case data with institutions of the given kinds.

    Recorded consent (Ermächtigung) is one of the two grounds for sharing
    case data in IIZ; the other is a legal basis (AVIG Art. 85f, IVG Art. 68bis).
    """

    institutions: tuple[InstitutionKind, ...]
    since: date
    until: date | None = None
    written: bool = True

    def covers(self, kind: InstitutionKind, day: date) -> bool:
        """Whether the consent covers sharing with ``kind`` on ``day``."""
        return (
            kind in self.institutions
            and self.since <= day
            and (self.until is None or day <= self.until)
        )


@frozen
class Case:
    """A person's situation on ``as_of``: the unit every rule and plan works on."""

    id: str
    person: Person
    as_of: date
    history: tuple[Spell, ...] = ()
    claims: tuple[Claim, ...] = ()
    consents: tuple[Consent, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.person.birth_date > self.as_of:
            raise FieldError("as_of", "is before the person's birth date")
        for spell in self.history:
            if spell.start > self.as_of:
                raise FieldError("history", "a spell starts after the as-of date")

    def spells_of(self, *kinds: InstitutionKind) -> tuple[Spell, ...]:
        """Spells with the given institution kinds, in start order."""
        return tuple(
            sorted(
                (s for s in self.history if s.institution in kinds),
                key=lambda s: (s.start, s.institution),
            )
        )

    def active_spells(self, day: date) -> tuple[Spell, ...]:
        """Spells running on ``day``."""
        # Period.contains inlined: rules and coordination ask this many times per case.
        return tuple(s for s in self.history if s.start <= day and (s.end is None or day <= s.end))

    def pending_claims(self, day: date) -> tuple[Claim, ...]:
        """Claims filed and not decided by ``day``."""
        return tuple(c for c in self.claims if c.pending_on(day))

    def has_consent(self, kind: InstitutionKind, day: date) -> bool:
        """Whether a recorded consent covers sharing with ``kind`` on ``day``."""
        return any(c.covers(kind, day) for c in self.consents)
