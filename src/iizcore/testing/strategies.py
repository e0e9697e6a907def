"""Hypothesis strategies for every type of the iizcore domain model.

These are public API: a canton can property-test its plugin with the same
generators the core uses. Every strategy generates only values the model
accepts and the converter round-trips
(``structure(unstructure(x), type(x)) == x``), and is realistic by default:
ages 15-70 on the as-of date, valid AHV numbers (EAN-13 check digit), dates
in a plausible window, households with children younger than the adults,
incomes and insured earnings in CHF with Rappen, spell histories whose spells
do not overlap unless the law allows it.

Realistic means (issue 6): amounts are drawn from illustrative bands by
weight, not as hypothesis' small integers - insured earnings mostly CHF
3,000-9,000 (median about 5,500, at most the ALV maximum of 12,350), a
household income that is nil for about a third; rare situations are rare -
a contribution exemption about 3 %, living abroad about 1 %; cash-benefit
histories follow typical pathways with typical lengths (weeks for an
accident or sickness allowance, months to two years for the ALV). The edge
cases stay reachable through the knobs (``in_switzerland``, ``exemption``,
``health_problem``, ``unemployed``, ``status``, ...).

Knobs narrow the space where a test needs it::

    from hypothesis import given
    from iizcore.testing import strategies as iz

    @given(iz.cases(canton="BL", unemployed=True, health_problem=False))
    def test_unemployed_cases(case): ...

``canton`` and ``municipalities`` choose where the person lives (for a loaded
:class:`~iizcore.hooks.Canton` use :func:`cases_for`, which draws from the
canton's own municipality register); ``as_of`` is a date range (or a fixed
date); ``status`` fixes the residence status (AIG, AsylG); ``health_problem``
and ``unemployed`` force or exclude a health impairment and unemployment;
``in_switzerland`` and ``exemption`` force or exclude residence in Switzerland
(AVIG Art. 8 Abs. 1 lit. c) and a contribution exemption (AVIG Art. 14).

Overlap rule of :func:`histories`: cash-benefit spells follow one another
(an ALV allowance, then - after the Aussteuerung - social assistance, or a
daily sickness allowance, then an IV pension); measures and counselling
(RAV counselling, IV early intervention, BIZ guidance, integration
programmes) may run during a cash benefit of *another* institution (the IIZ
idea: parallel rather than sequential, seed 001), but two spells of the same
institution kind never overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from hypothesis import strategies as st

from iizcore.model import (
    Agreement,
    AHVNumber,
    Benefit,
    Case,
    Claim,
    ClaimOutcome,
    CollaborationForm,
    Consent,
    ContributionPeriod,
    Education,
    Employment,
    EmploymentStatus,
    EndReason,
    Exemption,
    ExemptionReason,
    Health,
    HealthCause,
    Household,
    HouseholdMember,
    Institution,
    InstitutionKind,
    Labels,
    LegalRef,
    Measure,
    MeasureType,
    MemberRole,
    Money,
    Municipality,
    Network,
    Offer,
    Period,
    Person,
    ProjectStatus,
    Qualification,
    Residence,
    ResidenceStatus,
    Sex,
    Spell,
    StructuralProject,
)

if TYPE_CHECKING:
    from iizcore.hooks import Canton

__all__ = [
    "CANTONS",
    "DEFAULT_AS_OF",
    "agreements",
    "ahv_numbers",
    "as_of_dates",
    "cases",
    "cases_for",
    "claims",
    "consents",
    "contribution_periods",
    "educations",
    "employments",
    "healths",
    "histories",
    "household_members",
    "households",
    "institutions",
    "labels",
    "legal_refs",
    "measures",
    "money",
    "municipalities",
    "networks",
    "offers",
    "periods",
    "persons",
    "residences",
    "spells",
    "structural_projects",
]

#: The 26 canton codes.
CANTONS: Final = (
    "AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU", "NE",
    "NW", "OW", "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS", "ZG", "ZH",
)  # fmt: skip

#: The default as-of window: dates for which the bundled parameters are in force.
DEFAULT_AS_OF: Final = (date(2024, 1, 1), date(2025, 12, 31))

#: A few real BFS municipality numbers per canton, used when no municipality
#: list is given (BL: Liestal, Allschwil, Reinach (BL); ZH: Zürich, Winterthur, Uster).
_SAMPLE_BFS: Final[dict[str, tuple[int, ...]]] = {
    "BL": (2829, 2762, 2773),
    "ZH": (261, 230, 198),
}

DateRange = date | tuple[date, date]

_ACTS: Final = ("AVIG", "AVIV", "IVG", "IVV", "ATSG", "AHVG", "UVG", "ZUG", "AsylG", "AIG", "BBG")
_SUFFIXES: Final = ("", "a", "b", "bis", "ter", "quater")
_WORDS: Final = (
    "Amt", "für", "Arbeit", "Sozialdienst", "Gemeinde", "Berufsberatung", "Integration",
    "Fachstelle", "Kanton", "Region", "Zentrum", "Beratung", "Office", "régional", "Ufficio",
)  # fmt: skip
_TEXT: Final = st.sampled_from(_WORDS)


def _date_range(value: DateRange) -> tuple[date, date]:
    return (value, value) if isinstance(value, date) else value


def _days_before(day: date, years: int) -> date:
    return day - timedelta(days=round(years * 365.25))


def _clamp(day: date, low: date, high: date) -> date:
    return max(low, min(day, high))


#: A band of a realistic distribution: ``(weight in percent, low, high)``.
Band = tuple[int, int, int]


def _banded(bands: Sequence[Band]) -> st.SearchStrategy[int]:
    """An integer drawn from one of ``bands``, the band chosen by its weight (percent, sum 100).

    Hypothesis favours small integers and the bounds of a range; choosing a
    band first (a percentage, drawn about uniformly) and then an integer
    within the band gives a distribution close to the bands' weights.
    """
    if sum(w for w, _, _ in bands) != 100:
        raise ValueError("band weights must sum to 100")
    within = [st.integers(low, high) for _, low, high in bands]
    index = [i for i, (w, _, _) in enumerate(bands) for _ in range(w)]
    # Hypothesis also favours 0, small numbers and 99 among the percentages; a
    # permutation of 0-99 (37 is coprime to 100) spreads them over the bands.
    return st.integers(0, 99).flatmap(lambda percent: within[index[(percent * 37 + 41) % 100]])


def _chf_banded(bands: Sequence[Band]) -> st.SearchStrategy[Money]:
    """Amounts in CHF with Rappen from ``bands`` given in whole francs."""
    return _banded([(w, low * 100, high * 100) for w, low, high in bands]).map(
        lambda rappen: Money(Decimal(rappen).scaleb(-2))
    )


def _rare(percent: int) -> st.SearchStrategy[bool]:
    """``True`` in about ``percent`` % of the draws."""
    # A band in the middle: hypothesis favours 0 and the bounds of a range.
    return st.integers(0, 99).map(lambda i: 40 <= i < 40 + percent)


# --- small value types ------------------------------------------------------


def money(min_value: int | str = 0, max_value: int | str = 20_000) -> st.SearchStrategy[Money]:
    """Amounts in CHF between ``min_value`` and ``max_value``, with two decimal places (Rappen)."""
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=2,
        allow_nan=False,
        allow_infinity=False,
    ).map(Money)


@st.composite
def legal_refs(draw: st.DrawFn) -> LegalRef:
    """Legal references in every form the parser reads back.

    Federal articles (``"IVG Art. 68bis Abs. 1 lit. a"``), cantonal
    paragraphs (``"SHG ZH § 2"``) and guideline chapters (``"SKOS C.3.1"``).
    """
    form = draw(st.sampled_from(("article", "paragraph_sign", "chapter")))
    if form == "chapter":
        parts = draw(st.lists(st.integers(1, 9), max_size=3))
        head = draw(st.sampled_from("ABCDE"))
        return LegalRef("SKOS", ".".join([head, *map(str, parts)]), style="chapter")
    article = f"{draw(st.integers(1, 130))}{draw(st.sampled_from(_SUFFIXES))}"
    paragraph = draw(st.none() | st.integers(1, 6).map(str))
    letter = draw(st.none() | st.sampled_from("abcdefg"))
    number = draw(st.none() | st.integers(1, 5).map(str))
    if form == "paragraph_sign":
        act = f"SHG {draw(st.sampled_from(CANTONS))}"
        return LegalRef(act, article, paragraph, letter, number, style="§")
    return LegalRef(draw(st.sampled_from(_ACTS)), article, paragraph, letter, number)


@st.composite
def labels(draw: st.DrawFn, *, complete: bool | None = None) -> Labels:
    """Labels in de, fr, it, en; ``complete=True`` fills every language, ``False`` only German."""
    de = " ".join(draw(st.lists(_TEXT, min_size=1, max_size=4)))
    if complete is False:
        return Labels(de)
    other = st.just(de) if complete else st.none() | _TEXT
    return Labels(de, draw(other), draw(other), draw(other))


@st.composite
def periods(
    draw: st.DrawFn,
    *,
    within: tuple[date, date] = (date(2015, 1, 1), date(2025, 12, 31)),
    open_ended: bool | None = None,
) -> Period:
    """Periods starting within ``within``; ``open_ended`` forces (True) or forbids (False) ``end=None``."""
    start = draw(st.dates(*within))
    is_open = draw(st.booleans()) if open_ended is None else open_ended
    if is_open:
        return Period(start)
    return Period(start, draw(st.dates(start, max(start, within[1]))))


def ahv_numbers() -> st.SearchStrategy[AHVNumber]:
    """Valid AHV numbers (AHVN13): ``756``, nine digits, the EAN-13 check digit.

    Generated numbers are syntactically valid (python-stdnum's
    ``stdnum.ch.ssn`` accepts them) but drawn at random: not a real person's.
    """

    def build(body: int) -> AHVNumber:
        digits = f"756{body:09d}"
        weighted = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        return AHVNumber(f"{digits}{(10 - weighted % 10) % 10}")

    return st.integers(0, 999_999_999).map(build)


def as_of_dates(as_of: DateRange = DEFAULT_AS_OF) -> st.SearchStrategy[date]:
    """As-of dates in the range ``as_of`` (a ``(first, last)`` pair or one fixed date)."""
    return st.dates(*_date_range(as_of))


# --- the person --------------------------------------------------------------

_ASYLUM_DOMAIN: Final = tuple(s for s in ResidenceStatus if s.is_asylum_domain)
#: Realistic weights: most persons in a case load are Swiss or hold a C or B permit.
_STATUS_WEIGHTED: Final = (
    *(ResidenceStatus.SWISS,) * 6,
    *(ResidenceStatus.SETTLED_C,) * 3,
    *(ResidenceStatus.RESIDENT_B,) * 3,
    ResidenceStatus.SHORT_TERM_L,
    *_ASYLUM_DOMAIN,
)


#: Share of persons living abroad by default (percent).
_ABROAD_PERCENT: Final = 1


@st.composite
def residences(
    draw: st.DrawFn,
    *,
    canton: str | None = None,
    municipalities: Sequence[int] | None = None,
    status: ResidenceStatus | Sequence[ResidenceStatus] | None = None,
    born: date = date(1970, 1, 1),
    as_of: date = date(2025, 1, 1),
    in_switzerland: bool | None = None,
) -> Residence:
    """Residences in ``canton`` (any canton if None), a municipality of ``municipalities``.

    ``status`` fixes the residence status or a set to choose from; by default
    Swiss and C/B permits are most frequent. Persons of the asylum domain get
    an entry date between their birth (at the earliest 15 years ago) and ``as_of``.
    ``in_switzerland`` forces (True) or excludes (False) residence in Switzerland
    (AVIG Art. 8 Abs. 1 lit. c); by default about 1 % live abroad.
    """
    code = canton or draw(st.sampled_from(CANTONS))
    pool = municipalities or _SAMPLE_BFS.get(code)
    bfs = draw(st.sampled_from(tuple(pool))) if pool else draw(st.integers(1, 9999))
    if isinstance(status, ResidenceStatus):
        chosen = status
    else:
        chosen = draw(st.sampled_from(tuple(status) if status else _STATUS_WEIGHTED))
    entry: date | None = None
    if chosen.is_asylum_domain or (chosen is not ResidenceStatus.SWISS and draw(st.booleans())):
        entry = draw(st.dates(max(born, _days_before(as_of, 15)), as_of))
    # Living abroad is rare in a case load (cross-border commuters, returning Swiss).
    in_ch = not draw(_rare(_ABROAD_PERCENT)) if in_switzerland is None else in_switzerland
    return Residence(code, bfs, chosen, entry, in_ch)


@st.composite
def household_members(draw: st.DrawFn, *, adult_born: date, as_of: date) -> HouseholdMember:
    """A partner (an adult of about the person's age) or a child born after the person turned 16."""
    role = draw(st.sampled_from(MemberRole))
    if role is MemberRole.ADULT:
        low = max(_days_before(adult_born, 10), _days_before(as_of, 90))
        high = min(adult_born + timedelta(days=3650), _days_before(as_of, 18))
        born = draw(st.dates(min(low, high), high))
        return HouseholdMember(role, born, draw(st.booleans()))
    low = max(adult_born + timedelta(days=16 * 365), _days_before(as_of, 30))
    born = draw(st.dates(min(low, as_of), as_of))
    return HouseholdMember(role, born, draw(st.booleans() | st.just(True)))


@st.composite
def households(
    draw: st.DrawFn, *, adult_born: date, as_of: date, max_members: int = 5
) -> Household:
    """Households of the person born ``adult_born``: alone, with a partner, with children.

    A person under 18 lives with one or two parents (adults the person owes
    no maintenance), never with a partner or own children.
    """
    if adult_born > _days_before(as_of, 18):
        parents = draw(st.integers(0, 2))
        low, high = _days_before(adult_born, 45), _days_before(adult_born, 18)
        return Household(
            tuple(
                HouseholdMember(MemberRole.ADULT, draw(st.dates(low, high)), dependent=False)
                for _ in range(parents)
            )
        )
    members = draw(
        st.lists(household_members(adult_born=adult_born, as_of=as_of), max_size=max_members)
    )
    # At most one partner: a second "adult" is a grown-up child living at home.
    adults = [m for m in members if m.role is MemberRole.ADULT][:1]
    children = [m for m in members if m.role is MemberRole.CHILD]
    outside = draw(st.integers(0, 2) | st.just(0))
    return Household(tuple(adults + children), outside)


def educations() -> st.SearchStrategy[Education]:
    """Education: compulsory school (mostly completed), the highest qualification, in education or not."""
    return st.builds(
        Education,
        compulsory_school_completed=st.booleans() | st.just(True),
        qualification=st.sampled_from(Qualification),
        in_education=st.booleans(),
    )


@st.composite
def healths(
    draw: st.DrawFn, *, as_of: date = date(2025, 1, 1), health_problem: bool | None = None
) -> Health:
    """Health on ``as_of``; ``health_problem=True`` forces an impairment, ``False`` excludes one.

    An impairment is an incapacity to work since a date (ATSG Art. 6), repeated
    short absences (IVV Art. 1ter), a threat of incapacity (IVG Art. 3a) or an
    IV invalidity degree (IVG Art. 28a), possibly with an IV pension.
    """
    problem = draw(st.booleans()) if health_problem is None else health_problem
    if not problem:
        return Health()
    kind = draw(st.sampled_from(("incapacity", "absences", "at_risk", "degree")))
    incapacity = kind == "incapacity" or (kind == "degree" and draw(st.booleans()))
    percent = draw(st.integers(10, 100)) if incapacity else 0
    since = draw(st.dates(_days_before(as_of, 5), as_of)) if incapacity else None
    cause = draw(st.sampled_from(HealthCause)) if incapacity else None
    absences = draw(st.integers(1, 12)) if kind == "absences" else 0
    at_risk = kind == "at_risk" or draw(st.booleans())
    degree = draw(st.integers(1, 100)) if kind == "degree" else None
    pension_since: date | None = None
    if degree is not None and degree >= 40 and draw(st.booleans()):
        pension_since = draw(st.dates(_days_before(as_of, 5), as_of))
    return Health(percent, since, cause, absences, at_risk, degree, pension_since)


def _period_count(max_periods: int) -> st.SearchStrategy[int]:
    # Most persons of an IIZ caseload have contributed: one period usually, none rarely.
    if max_periods < 3:
        return st.integers(0, max_periods)
    return _banded(((10, 0, 0), (50, 1, 1), (28, 2, 2), (12, 3, max_periods)))


_PERIOD_COUNT: Final = _period_count(3)


@st.composite
def contribution_periods(
    draw: st.DrawFn, *, until: date = date(2025, 1, 1), max_periods: int = 3
) -> tuple[ContributionPeriod, ...]:
    """Non-overlapping contribution periods (AVIG Art. 13) ending on or before ``until``.

    Chronological, at least one day apart, within the four years before ``until``;
    up to ``max_periods`` periods, by default usually one or two, none for about 10 %.
    """
    cursor = _days_before(until, 4)
    out: list[ContributionPeriod] = []
    count = _PERIOD_COUNT if max_periods == 3 else _period_count(max_periods)
    for _ in range(draw(count)):
        if cursor >= until:
            break
        start = draw(st.dates(cursor, min(until, cursor + timedelta(days=400))))
        end = draw(st.dates(start, min(until, start + timedelta(days=3 * 365))))
        out.append(ContributionPeriod(start, end))
        cursor = end + timedelta(days=1)
    return tuple(out)


#: Insured monthly earnings (versicherter Verdienst, AVIG Art. 23) of unemployed
#: persons: CHF 500 (the minimum, AVIV Art. 40) up to the ALV maximum of CHF 12,350,
#: median about CHF 5,500 (illustrative bands, not a statistic).
_INSURED_EARNINGS: Final = _chf_banded(
    (
        (7, 500, 2_999),
        (20, 3_000, 4_499),
        (22, 4_500, 5_499),
        (25, 5_500, 6_999),
        (18, 7_000, 8_999),
        (8, 9_000, 12_350),
    )
)
#: Share of persons with contribution periods whose insured earnings are not recorded (percent).
_EARNINGS_UNKNOWN_PERCENT: Final = 10
#: Share of persons with a contribution exemption (AVIG Art. 14) by default (percent).
_EXEMPTION_PERCENT: Final = 3


@st.composite
def employments(
    draw: st.DrawFn,
    *,
    as_of: date = date(2025, 1, 1),
    unemployed: bool | None = None,
    exemption: bool | None = None,
) -> Employment:
    """Work and ALV facts on ``as_of``; ``unemployed`` forces (True) or excludes (False) unemployment.

    An unemployed person has an ``unemployed_since`` date in the last two years,
    contribution periods ending before it, and usually insured earnings
    (AVIG Art. 23): CHF 500 up to the maximum insured earnings of CHF 12,350,
    median about CHF 5,500, most between CHF 3,000 and 9,000. A contribution
    exemption (AVIG Art. 14) is rare (about 3 %); ``exemption`` forces (True)
    or excludes (False) one.
    """
    if unemployed is None:
        status = draw(st.sampled_from(EmploymentStatus))
    elif unemployed:
        status = draw(
            st.sampled_from((EmploymentStatus.UNEMPLOYED, EmploymentStatus.PARTLY_UNEMPLOYED))
        )
    else:
        status = draw(
            st.sampled_from((EmploymentStatus.EMPLOYED, EmploymentStatus.NOT_IN_LABOUR_FORCE))
        )
    since: date | None = None
    until = as_of
    if status.is_unemployed:
        since = draw(st.dates(_days_before(as_of, 2), as_of))
        until = since - timedelta(days=1)
    periods_ = draw(contribution_periods(until=until))
    # Insured earnings are usually known once there are contribution periods.
    known = periods_ and not draw(_rare(_EARNINGS_UNKNOWN_PERCENT))
    earnings = draw(_INSURED_EARNINGS) if known else None
    exempt = draw(_rare(_EXEMPTION_PERCENT)) if exemption is None else exemption
    reason = (
        draw(st.builds(Exemption, st.sampled_from(ExemptionReason), st.integers(0, 36)))
        if exempt
        else None
    )
    return Employment(
        status=status,
        unemployed_since=since,
        contribution_periods=periods_,
        insured_monthly_earnings=earnings,
        exemption=reason,
        willing_and_able_to_work=draw(st.booleans() | st.just(True)),
    )


#: Net monthly household income other than ALV allowances (wages of a partial job or
#: of a partner, pensions, alimony, family allowances): nil for about a third of an
#: IIZ caseload (illustrative bands, not a statistic).
_MONTHLY_INCOME: Final = _chf_banded(
    ((33, 0, 0), (17, 200, 1_499), (25, 1_500, 3_499), (18, 3_500, 5_999), (7, 6_000, 9_000))
)
#: Assets (Vermögen): nil for about two fifths, mostly below CHF 30,000 (illustrative).
_ASSETS: Final = _chf_banded(
    ((40, 0, 0), (30, 100, 4_000), (20, 4_001, 30_000), (10, 30_001, 100_000))
)


@st.composite
def persons(
    draw: st.DrawFn,
    *,
    as_of: date = date(2025, 1, 1),
    canton: str | None = None,
    municipalities: Sequence[int] | None = None,
    status: ResidenceStatus | Sequence[ResidenceStatus] | None = None,
    health_problem: bool | None = None,
    unemployed: bool | None = None,
    min_age: int = 15,
    max_age: int = 70,
    identified: bool | None = None,
    in_switzerland: bool | None = None,
    exemption: bool | None = None,
) -> Person:
    """Persons aged ``min_age``-``max_age`` on ``as_of``, with household, health, work and means.

    ``identified=True`` always sets an AHV number and a name, ``False`` never;
    by default about half the persons carry them (to test that they never leak).
    ``in_switzerland`` is passed to :func:`residences`, ``exemption`` to
    :func:`employments`. The household's monthly income (other than ALV
    allowances) is nil for about a third, otherwise mostly CHF 500-6,000;
    assets are nil for about two fifths, otherwise mostly below CHF 30,000.
    """
    born = draw(
        st.dates(_days_before(as_of, max_age + 1) + timedelta(days=1), _days_before(as_of, min_age))
    )
    ident = draw(st.booleans()) if identified is None else identified
    return Person(
        id=f"p-{draw(st.integers(1, 999_999))}",
        birth_date=born,
        sex=draw(st.sampled_from(Sex)),
        residence=draw(
            residences(
                canton=canton,
                municipalities=municipalities,
                status=status,
                born=born,
                as_of=as_of,
                in_switzerland=in_switzerland,
            )
        ),
        household=draw(households(adult_born=born, as_of=as_of)),
        education=draw(educations()),
        health=draw(healths(as_of=as_of, health_problem=health_problem)),
        employment=draw(employments(as_of=as_of, unemployed=unemployed, exemption=exemption)),
        monthly_income=draw(_MONTHLY_INCOME),
        assets=draw(_ASSETS),
        ahv_number=draw(ahv_numbers()) if ident else None,
        name=" ".join(draw(st.lists(st.sampled_from(_NAMES), min_size=2, max_size=2)))
        if ident
        else None,
    )


_NAMES: Final = ("Erika", "Hans", "Muster", "Meier", "Rossi", "Dubois", "Ajeti", "Keller")


# --- spells, claims, consents, cases -------------------------------------------

#: Cash-benefit pathways: which institution pays next after a cash spell ends.
_CASH_KINDS: Final = (
    InstitutionKind.ALV_FUND,
    InstitutionKind.SOCIAL_ASSISTANCE,
    InstitutionKind.SICKNESS_ALLOWANCE_INSURER,
    InstitutionKind.ACCIDENT_INSURANCE,
    InstitutionKind.IV_OFFICE,
)
_MEASURES: Final[tuple[tuple[InstitutionKind, Benefit, MeasureType | None], ...]] = (
    (InstitutionKind.RAV, Benefit.COUNSELLING, MeasureType.COUNSELLING),
    (InstitutionKind.RAV, Benefit.MEASURE, MeasureType.COURSE),
    (InstitutionKind.RAV, Benefit.MEASURE, MeasureType.EMPLOYMENT_PROGRAMME),
    (InstitutionKind.IV_OFFICE, Benefit.MEASURE, MeasureType.EARLY_INTERVENTION),
    (InstitutionKind.IV_OFFICE, Benefit.MEASURE, MeasureType.INTEGRATION_MEASURE),
    (InstitutionKind.VOCATIONAL_GUIDANCE, Benefit.COUNSELLING, MeasureType.CAREER_GUIDANCE),
    (InstitutionKind.VOCATIONAL_EDUCATION, Benefit.MEASURE, MeasureType.CASE_MANAGEMENT),
    (InstitutionKind.SOCIAL_ASSISTANCE, Benefit.MEASURE, MeasureType.SOCIAL_INTEGRATION),
    (InstitutionKind.MIGRATION_INTEGRATION, Benefit.MEASURE, MeasureType.LANGUAGE_COURSE),
)
_CASH_END: Final[dict[InstitutionKind, tuple[EndReason, ...]]] = {
    InstitutionKind.ALV_FUND: (
        EndReason.EXHAUSTED,
        EndReason.FRAMEWORK_EXPIRED,
        EndReason.FOUND_WORK,
        EndReason.NOT_ELIGIBLE,
    ),
    InstitutionKind.SOCIAL_ASSISTANCE: (EndReason.FOUND_WORK, EndReason.MOVED, EndReason.OTHER),
    InstitutionKind.SICKNESS_ALLOWANCE_INSURER: (EndReason.EXHAUSTED, EndReason.FOUND_WORK),
    InstitutionKind.ACCIDENT_INSURANCE: (EndReason.DECISION, EndReason.FOUND_WORK),
    InstitutionKind.IV_OFFICE: (EndReason.DECISION,),
}


@st.composite
def spells(
    draw: st.DrawFn,
    *,
    within: tuple[date, date] = (date(2020, 1, 1), date(2025, 1, 1)),
    institution: InstitutionKind | None = None,
) -> Spell:
    """One spell starting within ``within`` (a cash benefit, a measure or counselling).

    The end, if any, lies on or before ``within[1]``; a closed cash spell has a
    plausible end reason; an exhausted ALV spell (Aussteuerung, AVIG Art. 27)
    records the daily allowances drawn.
    """
    kind, benefit, measure = draw(
        st.sampled_from([(k, Benefit.CASH, None) for k in _CASH_KINDS] + list(_MEASURES)).filter(
            lambda t: institution is None or t[0] is institution
        )
    )
    start = draw(st.dates(*within))
    end = draw(st.none() | st.dates(start, within[1]))
    return _spell(draw, kind, benefit, measure, start, end)


def _spell(
    draw: st.DrawFn,
    kind: InstitutionKind,
    benefit: Benefit,
    measure: MeasureType | None,
    start: date,
    end: date | None,
) -> Spell:
    reason: EndReason | None = None
    drawn: int | None = None
    if end is not None:
        if benefit is Benefit.CASH:
            reason = draw(st.sampled_from(_CASH_END[kind]))
        else:
            reason = draw(st.sampled_from((EndReason.COMPLETED, EndReason.TRANSFERRED)))
    if kind is InstitutionKind.ALV_FUND and benefit is Benefit.CASH:
        days = (end or start).toordinal() - start.toordinal()
        drawn = draw(st.none() | st.integers(0, max(0, min(640, days * 5 // 7))))
    return Spell(kind, benefit, start, end, reason, measure, drawn)


#: Which cash benefit comes first in a history (percent): mostly ALV allowances,
#: then social assistance and daily sickness allowances (illustrative weights).
_FIRST_CASH: Final[tuple[tuple[InstitutionKind, int], ...]] = (
    (InstitutionKind.ALV_FUND, 45),
    (InstitutionKind.SOCIAL_ASSISTANCE, 20),
    (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, 20),
    (InstitutionKind.ACCIDENT_INSURANCE, 10),
    (InstitutionKind.IV_OFFICE, 5),
)
#: Which cash benefit follows another (percent): after the Aussteuerung social
#: assistance, after a sickness allowance the IV or the ALV, and so on (seed 000's
#: pathways; illustrative weights).
_NEXT_CASH: Final[dict[InstitutionKind, tuple[tuple[InstitutionKind, int], ...]]] = {
    InstitutionKind.ALV_FUND: (
        (InstitutionKind.SOCIAL_ASSISTANCE, 45),
        (InstitutionKind.ALV_FUND, 25),
        (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, 20),
        (InstitutionKind.ACCIDENT_INSURANCE, 5),
        (InstitutionKind.IV_OFFICE, 5),
    ),
    InstitutionKind.SOCIAL_ASSISTANCE: (
        (InstitutionKind.ALV_FUND, 50),
        (InstitutionKind.SOCIAL_ASSISTANCE, 20),
        (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, 15),
        (InstitutionKind.IV_OFFICE, 10),
        (InstitutionKind.ACCIDENT_INSURANCE, 5),
    ),
    InstitutionKind.SICKNESS_ALLOWANCE_INSURER: (
        (InstitutionKind.ALV_FUND, 45),
        (InstitutionKind.IV_OFFICE, 30),
        (InstitutionKind.SOCIAL_ASSISTANCE, 20),
        (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, 5),
    ),
    InstitutionKind.ACCIDENT_INSURANCE: (
        (InstitutionKind.ALV_FUND, 50),
        (InstitutionKind.IV_OFFICE, 25),
        (InstitutionKind.SOCIAL_ASSISTANCE, 15),
        (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, 10),
    ),
    InstitutionKind.IV_OFFICE: (
        (InstitutionKind.ALV_FUND, 50),
        (InstitutionKind.SOCIAL_ASSISTANCE, 40),
        (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, 10),
    ),
}
#: Length in days of a cash spell by institution kind (illustrative bands): ALV
#: allowances within the two-year framework (AVIG Art. 9), daily sickness allowances
#: mostly weeks to months (at most 720 days), accident daily allowances mostly
#: weeks, IV daily allowances during measures months to a few years.
_CASH_DAYS: Final[dict[InstitutionKind, tuple[Band, ...]]] = {
    InstitutionKind.ALV_FUND: ((35, 30, 180), (40, 181, 400), (25, 401, 720)),
    InstitutionKind.SOCIAL_ASSISTANCE: ((35, 30, 365), (45, 366, 1_095), (20, 1_096, 1_825)),
    InstitutionKind.SICKNESS_ALLOWANCE_INSURER: ((55, 14, 90), (35, 91, 365), (10, 366, 720)),
    InstitutionKind.ACCIDENT_INSURANCE: ((65, 7, 90), (27, 91, 365), (8, 366, 730)),
    InstitutionKind.IV_OFFICE: ((50, 60, 365), (40, 366, 730), (10, 731, 1_095)),
}
#: Length in days of a measure or counselling (illustrative bands).
_MEASURE_DAYS: Final = _banded(((40, 14, 90), (40, 91, 180), (20, 181, 365)))
#: Number of cash spells in a history, 0-3 (percent).
_CASH_COUNT: Final = _banded(((20, 0, 0), (40, 1, 1), (28, 2, 2), (12, 3, 3)))


def _weighted(pairs: Sequence[tuple[InstitutionKind, int]]) -> st.SearchStrategy[InstitutionKind]:
    kinds = [k for k, _ in pairs]
    return _banded([(w, i, i) for i, (_, w) in enumerate(pairs)]).map(kinds.__getitem__)


_FIRST_CASH_KIND: Final = _weighted(_FIRST_CASH)
_NEXT_CASH_KIND: Final = {k: _weighted(v) for k, v in _NEXT_CASH.items()}
_CASH_LENGTH: Final = {k: _banded(v) for k, v in _CASH_DAYS.items()}


@st.composite
def histories(
    draw: st.DrawFn,
    *,
    as_of: date = date(2025, 1, 1),
    years: int = 5,
    max_cash: int = 3,
    max_measures: int = 2,
) -> tuple[Spell, ...]:
    """A history of spells up to ``as_of`` (see the module doc for the overlap rule).

    Cash spells are chronological and disjoint and follow realistic pathways
    (mostly ALV first; after the ALV social assistance, after a sickness
    allowance the IV or the ALV); their lengths are typical of each benefit, and
    a spell still running on ``as_of`` is open (``end=None``), which ends the
    chain. Measures last weeks to a year; they may overlap cash spells of other
    institutions but never a spell of their own institution kind.
    """
    cursor = _days_before(as_of, years)
    out: list[Spell] = []
    kind: InstitutionKind | None = None
    for _ in range(min(max_cash, draw(_CASH_COUNT))):
        if cursor > as_of:
            break
        kind = draw(_FIRST_CASH_KIND if kind is None else _NEXT_CASH_KIND[kind])
        start = draw(st.dates(cursor, min(as_of, cursor + timedelta(days=365))))
        last = start + timedelta(days=draw(_CASH_LENGTH[kind]))
        end = None if last > as_of else last
        out.append(_spell(draw, kind, Benefit.CASH, None, start, end))
        if end is None:
            break
        cursor = end + timedelta(days=1)
    for _ in range(draw(st.integers(0, max_measures))):
        kind_, benefit, measure = draw(st.sampled_from(_MEASURES))
        start = draw(st.dates(_days_before(as_of, years), as_of))
        last = start + timedelta(days=draw(_MEASURE_DAYS))
        end = None if last > as_of else last
        period = Period(start, end)
        if any(s.institution is kind_ and s.period.overlaps(period) for s in out):
            continue
        out.append(_spell(draw, kind_, benefit, measure, start, end))
    return tuple(out)


@st.composite
def claims(draw: st.DrawFn, *, as_of: date = date(2025, 1, 1)) -> Claim:
    """A claim filed in the two years up to ``as_of``, pending or decided (granted/refused)."""
    kind = draw(
        st.sampled_from(
            (
                InstitutionKind.IV_OFFICE,
                InstitutionKind.ALV_FUND,
                InstitutionKind.RAV,
                InstitutionKind.SOCIAL_ASSISTANCE,
                InstitutionKind.ACCIDENT_INSURANCE,
            )
        )
    )
    filed = draw(st.dates(_days_before(as_of, 2), as_of))
    if draw(st.booleans()):
        return Claim(kind, filed)
    decided = draw(st.dates(filed, as_of))
    return Claim(kind, filed, decided, draw(st.sampled_from(ClaimOutcome)))


@st.composite
def consents(draw: st.DrawFn, *, as_of: date = date(2025, 1, 1)) -> Consent:
    """A consent to data sharing (Ermächtigung) with one to four institution kinds."""
    kinds = draw(st.lists(st.sampled_from(InstitutionKind), min_size=1, max_size=4, unique=True))
    since = draw(st.dates(_days_before(as_of, 3), as_of))
    until = draw(st.none() | st.dates(since, since + timedelta(days=730)))
    return Consent(tuple(kinds), since, until, draw(st.booleans() | st.just(True)))


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    as_of: DateRange = DEFAULT_AS_OF,
    canton: str | None = None,
    municipalities: Sequence[int] | None = None,
    status: ResidenceStatus | Sequence[ResidenceStatus] | None = None,
    health_problem: bool | None = None,
    unemployed: bool | None = None,
    min_age: int = 15,
    max_age: int = 70,
    identified: bool | None = None,
    in_switzerland: bool | None = None,
    exemption: bool | None = None,
) -> Case:
    """Cases: a person (see :func:`persons`) on an as-of date, with history, claims and consents.

    ``as_of`` is a ``(first, last)`` range or one date; the other knobs are
    passed to :func:`persons`. A running unemployment usually comes with an
    ALV spell from the day unemployment began.
    """
    day = draw(as_of_dates(as_of))
    person = draw(
        persons(
            as_of=day,
            canton=canton,
            municipalities=municipalities,
            status=status,
            health_problem=health_problem,
            unemployed=unemployed,
            min_age=min_age,
            max_age=max_age,
            identified=identified,
            in_switzerland=in_switzerland,
            exemption=exemption,
        )
    )
    history = draw(histories(as_of=day))
    since = person.employment.unemployed_since
    if since is not None and draw(st.booleans()):
        alv = Period(since)
        if not any(
            s.institution is InstitutionKind.ALV_FUND and s.period.overlaps(alv) for s in history
        ):
            history = (*history, Spell(InstitutionKind.ALV_FUND, Benefit.CASH, since))
    return Case(
        id=f"case-{draw(st.integers(1, 999_999))}",
        person=person,
        as_of=day,
        history=history,
        claims=tuple(draw(st.lists(claims(as_of=day), max_size=2))),
        consents=tuple(draw(st.lists(consents(as_of=day), max_size=2))),
    )


def cases_for(canton: Canton, **knobs: Any) -> st.SearchStrategy[Case]:
    """Cases of persons living in a municipality of ``canton`` (a loaded :class:`~iizcore.hooks.Canton`).

    The municipalities come from the canton's own register
    (``canton.network.municipalities``); the other ``knobs`` are those of :func:`cases`.
    """
    bfs = tuple(m.bfs for m in canton.network.municipalities) or None
    return cases(canton=canton.code, municipalities=bfs, **knobs)


# --- institutions and networks ---------------------------------------------------


@st.composite
def offers(draw: st.DrawFn, *, measure_type: MeasureType | None = None) -> Offer:
    """An offer (measure) with a legal basis and, sometimes, a monthly cost."""
    kind = measure_type or draw(st.sampled_from(MeasureType))
    return Offer(
        id=f"offer-{draw(st.integers(1, 9999))}",
        name=draw(labels()),
        measure_type=kind,
        legal_basis=tuple(draw(st.lists(legal_refs(), max_size=2))),
        monthly_cost=draw(st.none() | money(100, 8_000)),
    )


@st.composite
def institutions(
    draw: st.DrawFn,
    *,
    canton: str = "BL",
    kind: InstitutionKind | None = None,
    municipalities: Sequence[int] = (),
    id: str | None = None,
) -> Institution:
    """An institution of ``canton``; a municipal one serves a subset of ``municipalities``."""
    chosen = kind or draw(st.sampled_from(InstitutionKind))
    served: frozenset[int] = frozenset()
    if municipalities and chosen is InstitutionKind.SOCIAL_ASSISTANCE:
        served = frozenset(draw(st.lists(st.sampled_from(tuple(municipalities)), max_size=5)))
    verified = draw(st.booleans() | st.just(True))
    return Institution(
        id=id or f"{canton.lower()}-{chosen.value}-{draw(st.integers(1, 999))}",
        kind=chosen,
        name=draw(labels()),
        canton=canton,
        municipalities=served,
        legal_basis=tuple(draw(st.lists(legal_refs(), max_size=2))),
        offers=tuple(draw(st.lists(offers(), max_size=2))),
        verified=verified,
        source=draw(st.none() | st.just("https://example.org/source")),
        note=None if verified else "not verified against a source",
    )


@st.composite
def municipalities(
    draw: st.DrawFn, *, min_size: int = 1, max_size: int = 6
) -> tuple[Municipality, ...]:
    """A municipality register: distinct BFS numbers with names and districts."""
    numbers = draw(
        st.lists(st.integers(1, 9999), min_size=min_size, max_size=max_size, unique=True)
    )
    return tuple(
        Municipality(n, f"Gemeinde {n}", draw(st.sampled_from(("Nord", "Süd", "Ost", "West"))))
        for n in sorted(numbers)
    )


@st.composite
def agreements(draw: st.DrawFn, *, parties: Sequence[str]) -> Agreement:
    """An agreement between some of ``parties`` (institution ids)."""
    chosen = draw(st.lists(st.sampled_from(tuple(parties)), min_size=1, max_size=3, unique=True))
    return Agreement(
        title=f"Vereinbarung {draw(_TEXT)}",
        parties=tuple(chosen),
        since_year=draw(st.none() | st.integers(2000, 2025)),
        source="https://example.org/agreement",
        verified=draw(st.booleans()),
    )


@st.composite
def structural_projects(draw: st.DrawFn) -> StructuralProject:
    """A structural IIZ project with participants, status, years and a source."""
    start = draw(st.none() | st.integers(2005, 2025))
    end = None if start is None else draw(st.none() | st.integers(start, 2030))
    return StructuralProject(
        name=f"Projekt {draw(_TEXT)}",
        description=" ".join(draw(st.lists(_TEXT, max_size=6))),
        participants=tuple(
            draw(st.lists(st.sampled_from(InstitutionKind), min_size=1, max_size=4, unique=True))
        ),
        status=draw(st.sampled_from(ProjectStatus)),
        start_year=start,
        source="https://example.org/project",
        end_year=end,
        verified=draw(st.booleans()),
    )


@st.composite
def networks(draw: st.DrawFn, *, canton: str = "BL", min_institutions: int = 1) -> Network:
    """A consistent IIZ network of ``canton``: unique ids, a listed coordination office, known parties."""
    register = draw(municipalities())
    bfs = [m.bfs for m in register]
    kinds = draw(st.lists(st.sampled_from(InstitutionKind), min_size=min_institutions, max_size=8))
    insts = tuple(
        draw(institutions(canton=canton, kind=k, municipalities=bfs, id=f"{canton.lower()}-{i}"))
        for i, k in enumerate(kinds)
    )
    ids = [i.id for i in insts]
    offices = [i.id for i in insts if i.kind is InstitutionKind.IIZ_OFFICE]
    return Network(
        canton=canton,
        institutions=insts,
        coordination_office=draw(st.sampled_from(offices)) if offices else None,
        collaboration_forms=tuple(
            draw(st.lists(st.sampled_from(CollaborationForm), unique=True, max_size=5))
        ),
        principles=tuple(draw(st.lists(st.just("Leistungskoordination"), max_size=1))),
        agreements=tuple(draw(st.lists(agreements(parties=ids), max_size=2))) if ids else (),
        projects=tuple(draw(st.lists(structural_projects(), max_size=2))),
        municipalities=register,
        register_date=draw(st.none() | st.dates(date(2020, 1, 1), date(2025, 1, 1))),
        register_source=draw(
            st.none() | st.just("Amtliches Gemeindeverzeichnis der Schweiz (BFS)")
        ),
    )


@st.composite
def measures(draw: st.DrawFn, *, as_of: date = date(2025, 1, 1)) -> Measure:
    """A scheduled measure: an institution's offer over a period starting around ``as_of``."""
    kind, _, measure = draw(st.sampled_from(_MEASURES))
    start = draw(st.dates(as_of, as_of + timedelta(days=90)))
    end = draw(st.none() | st.dates(start, start + timedelta(days=365)))
    return Measure(
        institution=kind,
        measure_type=measure or MeasureType.COUNSELLING,
        period=Period(start, end),
        legal_basis=tuple(draw(st.lists(legal_refs(), max_size=2))),
        offer_id=draw(st.none() | st.just("offer-1")),
        institution_id=None,
    )
