"""The person at the centre of a case: residence, household, education, health, work, means.

Only what the rules need is modelled. Identifiers (AHV number, name) are
optional, excluded from ``repr`` and never reach an error message or a report.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import Any, Final

from attrs import field, frozen

from iizcore.model._validate import FieldError, at_least, between
from iizcore.model.ahv import AHVNumber
from iizcore.model.money import Money

__all__ = [
    "ContributionPeriod",
    "Education",
    "Employment",
    "EmploymentStatus",
    "Exemption",
    "ExemptionReason",
    "Health",
    "HealthCause",
    "Household",
    "HouseholdMember",
    "MemberRole",
    "Person",
    "Qualification",
    "Residence",
    "ResidenceStatus",
    "Sex",
]

_CANTON = re.compile(r"^[A-Z]{2}$")


def _canton_code(_: object, attribute: object, value: str) -> None:
    if not _CANTON.match(value):
        raise FieldError("canton", "must be a two-letter canton code such as 'ZH'")


def _not_negative(_: object, attribute: Any, value: Money) -> None:
    if value.amount < 0:
        raise FieldError(attribute.name, "must not be negative")


class Sex(enum.StrEnum):
    """Sex as recorded in the AHV register (the reference age depends on it, AHVG Art. 21)."""

    FEMALE = "female"
    MALE = "male"


class ResidenceStatus(enum.StrEnum):
    """Residence status (AIG, AsylG)."""

    SWISS = "swiss"
    SETTLED_C = "settled_c"
    """Settlement permit C (AIG Art. 34)."""
    RESIDENT_B = "resident_b"
    """Residence permit B (AIG Art. 33)."""
    SHORT_TERM_L = "short_term_l"
    """Short-term residence permit L (AIG Art. 32)."""
    PROVISIONALLY_ADMITTED_F = "provisionally_admitted_f"
    """Provisionally admitted person, F (AIG Art. 83)."""
    REFUGEE_B = "refugee_b"
    """Recognised refugee with asylum, B (AsylG Art. 49, 60)."""
    REFUGEE_F = "refugee_f"
    """Refugee provisionally admitted, F (AsylG Art. 83 Abs. 8 AIG)."""
    ASYLUM_SEEKER_N = "asylum_seeker_n"
    """Asylum seeker, N (AsylG Art. 42)."""

    @property
    def is_refugee(self) -> bool:
        """Recognised refugee (with asylum or provisionally admitted as refugee)."""
        return self in (ResidenceStatus.REFUGEE_B, ResidenceStatus.REFUGEE_F)

    @property
    def is_asylum_domain(self) -> bool:
        """Persons of the asylum domain, for whom the Confederation pays lump sums (AsylG Art. 88)."""
        return self in (
            ResidenceStatus.PROVISIONALLY_ADMITTED_F,
            ResidenceStatus.REFUGEE_B,
            ResidenceStatus.REFUGEE_F,
            ResidenceStatus.ASYLUM_SEEKER_N,
        )


@frozen
class Residence:
    """Where and under which status the person lives.

    ``entry_date`` is the date of entry into Switzerland; it is required for
    persons of the asylum domain, whose federal lump sums run from it.
    """

    canton: str = field(validator=_canton_code)
    bfs_municipality: int = field(validator=between(1, 9999))
    status: ResidenceStatus = ResidenceStatus.SWISS
    entry_date: date | None = field(default=None)
    in_switzerland: bool = True
    """Residence in Switzerland (AVIG Art. 8 Abs. 1 lit. c)."""

    @entry_date.validator
    def _entry_needed(self, attribute: object, value: date | None) -> None:
        if value is None and self.status.is_asylum_domain:
            raise FieldError(
                "entry_date",
                "required for refugees, provisionally admitted persons and asylum seekers",
            )


class MemberRole(enum.StrEnum):
    ADULT = "adult"
    CHILD = "child"


@frozen
class HouseholdMember:
    """Another member of the person's household (the person is not listed)."""

    role: MemberRole
    birth_date: date = field(repr=False)
    dependent: bool = True
    """Whether the person owes this member maintenance (children: AVIG Art. 22 Abs. 2 lit. a)."""


@frozen
class Household:
    """The household the person lives in; ``members`` excludes the person."""

    members: tuple[HouseholdMember, ...] = ()
    children_outside_household: int = field(default=0, validator=at_least(0))
    """Children outside the household the person owes maintenance to."""

    @property
    def size(self) -> int:
        """Number of persons in the household, the person included."""
        return 1 + len(self.members)

    @property
    def adults(self) -> int:
        """Adults in the household, the person included."""
        return 1 + sum(1 for m in self.members if m.role is MemberRole.ADULT)

    def children(self) -> tuple[HouseholdMember, ...]:
        """Children in the household."""
        return tuple(m for m in self.members if m.role is MemberRole.CHILD)


class Qualification(enum.StrEnum):
    """Highest qualification reached."""

    NONE = "none"
    """Compulsory school at most: no post-compulsory qualification."""
    EBA = "eba"
    """Two-year vocational certificate (Eidgenössisches Berufsattest)."""
    EFZ = "efz"
    """Federal VET diploma (Eidgenössisches Fähigkeitszeugnis)."""
    MATURA = "matura"
    TERTIARY = "tertiary"

    @property
    def is_vocational_qualification(self) -> bool:
        """A completed post-compulsory (upper-secondary or tertiary) qualification."""
        return self is not Qualification.NONE


@frozen
class Education:
    compulsory_school_completed: bool = True
    """Compulsory schooling completed (AVIG Art. 8 Abs. 1 lit. d)."""
    qualification: Qualification = Qualification.EFZ
    in_education: bool = False


class HealthCause(enum.StrEnum):
    ILLNESS = "illness"
    ACCIDENT = "accident"
    MATERNITY = "maternity"


@frozen
class Health:
    """Health as far as the rules need it.

    ``incapacity_percent`` is the current incapacity to work (Arbeitsunfähigkeit,
    ATSG Art. 6) since ``incapacity_since``; ``invalidity_degree`` is the degree
    decided by the IV (ATSG Art. 8, IVG Art. 28a), if any.
    """

    incapacity_percent: int = field(default=0, validator=between(0, 100))
    incapacity_since: date | None = None
    cause: HealthCause | None = None
    short_absences_last_year: int = field(default=0, validator=at_least(0))
    """Repeated short absences within the last year (IVV Art. 1ter)."""
    at_risk_of_incapacity: bool = False
    """Threatened with incapacity to work (IVG Art. 3a, since 2022)."""
    invalidity_degree: int | None = field(default=None, validator=between(0, 100))
    iv_pension_since: date | None = None
    """Start of an IV pension, if one is paid."""

    def __attrs_post_init__(self) -> None:
        if self.incapacity_percent > 0 and self.incapacity_since is None:
            raise FieldError("incapacity_since", "required when incapacity_percent > 0")

    @property
    def has_health_problem(self) -> bool:
        """Any recorded health impairment relevant to work."""
        return (
            self.incapacity_percent > 0
            or self.short_absences_last_year > 0
            or self.at_risk_of_incapacity
            or bool(self.invalidity_degree)
        )


class EmploymentStatus(enum.StrEnum):
    EMPLOYED = "employed"
    PARTLY_UNEMPLOYED = "partly_unemployed"
    UNEMPLOYED = "unemployed"
    NOT_IN_LABOUR_FORCE = "not_in_labour_force"

    @property
    def is_unemployed(self) -> bool:
        """Wholly or partly unemployed (AVIG Art. 10)."""
        return self in _UNEMPLOYED


#: A set lookup: the rules and coordination ask ``is_unemployed`` several times per case.
_UNEMPLOYED: Final = frozenset({EmploymentStatus.UNEMPLOYED, EmploymentStatus.PARTLY_UNEMPLOYED})


@frozen
class ContributionPeriod:
    """A period of employment subject to ALV contributions (AVIG Art. 13), both days included."""

    start: date
    end: date = field()

    @end.validator
    def _after_start(self, attribute: object, value: date) -> None:
        if value < self.start:
            raise FieldError("end", "is before start")


class ExemptionReason(enum.StrEnum):
    """Reasons for exemption from the contribution period (AVIG Art. 14)."""

    EDUCATION = "education"
    """Schooling, retraining or further education (Art. 14 Abs. 1 lit. a)."""
    ILLNESS_ACCIDENT_MATERNITY = "illness_accident_maternity"
    """Illness, accident or maternity (Art. 14 Abs. 1 lit. b)."""
    INSTITUTION = "institution"
    """Stay in a Swiss institution (Art. 14 Abs. 1 lit. c)."""
    FORCED_RETURN_TO_WORK = "forced_return_to_work"
    """Separation, divorce, invalidity or death of the spouse and similar reasons
    forcing the person to take up work (Art. 14 Abs. 2)."""
    LOSS_OF_IV_PENSION = "loss_of_iv_pension"
    """Forced to take up work because an IV pension ended (Art. 14 Abs. 2); own
    maximum of daily allowances (Art. 27 Abs. 5)."""
    RETURN_FROM_ABROAD = "return_from_abroad"
    """Swiss returning after more than a year abroad (Art. 14 Abs. 3)."""


@frozen
class Exemption:
    reason: ExemptionReason
    months: int = field(validator=at_least(0))
    """Months in total the person was hindered from contributory work."""


@frozen
class Employment:
    """Work and ALV-relevant facts."""

    status: EmploymentStatus = EmploymentStatus.EMPLOYED
    unemployed_since: date | None = None
    contribution_periods: tuple[ContributionPeriod, ...] = ()
    insured_monthly_earnings: Money | None = None
    """Versicherter Verdienst per month (AVIG Art. 23)."""
    exemption: Exemption | None = None
    willing_and_able_to_work: bool = True
    """Placeable: willing, able and authorised to accept reasonable work (AVIG Art. 15)."""


@frozen
class Person:
    """A person, identified pseudonymously by ``id``.

    ``ahv_number`` and ``name`` are optional, never shown in ``repr`` and
    never written to error messages, logs or reports.
    """

    id: str
    birth_date: date = field(repr=False)
    sex: Sex
    residence: Residence
    household: Household = Household()
    education: Education = Education()
    health: Health = Health()
    employment: Employment = Employment()
    monthly_income: Money = field(default=Money.zero(), validator=_not_negative)
    """Net income of the household per month (wages, pensions, alimony, allowances) *other than*
    ALV daily allowances: while the history shows an active ALV cash spell, the social-assistance
    rule adds the allowance itself (daily allowance × 21.7, AVIV Art. 40a), so it must not be
    included here. A paid IV pension *is* included here (the model records no pension amount)."""
    assets: Money = field(default=Money.zero(), validator=_not_negative)
    ahv_number: AHVNumber | None = field(default=None, repr=False)
    name: str | None = field(default=None, repr=False)

    def age_on(self, day: date) -> int:
        """Completed years of age on ``day``."""
        return _age(self.birth_date, day)

    def has_maintenance_duty_for_children(self, day: date, under: int = 25) -> bool:
        """Owes maintenance to a child under ``under`` years on ``day`` (AVIG Art. 22 Abs. 2 lit. a)."""
        if self.household.children_outside_household > 0:
            return True
        return any(
            c.dependent and _age(c.birth_date, day) < under for c in self.household.children()
        )


def _age(born: date, day: date) -> int:
    years = day.year - born.year
    return years - 1 if (day.month, day.day) < (born.month, born.day) else years
