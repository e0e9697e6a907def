"""Unemployment insurance (Arbeitslosenversicherung, ALV): AVIG SR 837.0 and AVIV SR 837.02.

Small pure functions, each for one provision, and :func:`determinations`, which
applies them to a :class:`~iizcore.model.Case` and returns

* ``alv.entitlement`` for the unemployment fund (:attr:`InstitutionKind.ALV_FUND`):
  the conditions of AVIG Art. 8 Abs. 1 lit. a–g, the daily allowance, the maximum
  and remaining number of daily allowances, the waiting days, the benefit
  framework and the expected date of the Aussteuerung;
* ``rav.placeability`` for the RAV (:attr:`InstitutionKind.RAV`), when the person
  is unemployed or registered: whether the person is placeable
  (vermittlungsfähig, AVIG Art. 15) — with the rule that a person registered
  with the IV counts as placeable until the IV decides (AVIG Art. 15 Abs. 2,
  AVIV Art. 15 Abs. 3), the hinge of the ALV ↔ IV coordination.

Every number comes from ``data/alv.toml`` as in force on the date asked about.
"""

from __future__ import annotations

import calendar
import enum
import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Final

from attrs import frozen

from iizcore.law import ahv
from iizcore.law._reasons import label, outcome_of
from iizcore.law.determination import (
    Amount,
    Determination,
    InputValue,
    KeyDate,
    Outcome,
    Quantity,
    Reason,
    RuleContext,
    Trace,
    TraceStep,
)
from iizcore.law.parameters import ParameterSet
from iizcore.law.rules import Day, Memo, day_of, values_on
from iizcore.model.case import Benefit, Case, Claim, EndReason, Spell
from iizcore.model.institution import InstitutionKind
from iizcore.model.money import Money
from iizcore.model.period import Period
from iizcore.model.person import (
    ContributionPeriod,
    EmploymentStatus,
    Exemption,
    ExemptionReason,
    MemberRole,
    Person,
    ResidenceStatus,
)
from iizcore.model.reference import LegalRef

__all__ = [
    "Placeability",
    "PlaceabilityFinding",
    "allowance_day",
    "allowances_drawn",
    "benefit_framework",
    "contribution_framework",
    "contribution_months",
    "daily_allowance",
    "daily_allowance_rate",
    "determinations",
    "entitlement",
    "exemption_applies",
    "exhaustion_date",
    "general_waiting_days",
    "in_pre_retirement_window",
    "insured_earnings",
    "iv_pension_degree",
    "max_daily_allowances",
    "placeability",
    "pre_retirement_framework_end",
    "rav_placeability",
    "sickness_allowances",
    "sickness_full_allowance_end",
    "special_waiting_days",
    "working_days",
]

_HUNDRED = Decimal(100)
_DAY = timedelta(days=1)
_MONTHS = Decimal("0.01")

# Enum members the rules compare against for every case, as module constants (a global
# lookup instead of a class attribute lookup).
_ALV_FUND: Final = InstitutionKind.ALV_FUND
_RAV: Final = InstitutionKind.RAV
_CASH: Final = Benefit.CASH
_EXHAUSTED_END: Final = EndReason.EXHAUSTED
_CHILD: Final = MemberRole.CHILD
_UNEMPLOYED_STATUSES: Final = frozenset(
    {EmploymentStatus.UNEMPLOYED, EmploymentStatus.PARTLY_UNEMPLOYED}
)


def _ref(text: str) -> LegalRef:
    return LegalRef.parse(text)


# The provisions the rules cite, parsed once.
_AHVG_21_2: Final = _ref("AHVG Art. 21 Abs. 2")
_AVIG_8_1: Final = _ref("AVIG Art. 8 Abs. 1")
_AVIG_8_1_A: Final = _ref("AVIG Art. 8 Abs. 1 lit. a")
_AVIG_8_1_B: Final = _ref("AVIG Art. 8 Abs. 1 lit. b")
_AVIG_8_1_C: Final = _ref("AVIG Art. 8 Abs. 1 lit. c")
_AVIG_8_1_D: Final = _ref("AVIG Art. 8 Abs. 1 lit. d")
_AVIG_8_1_G: Final = _ref("AVIG Art. 8 Abs. 1 lit. g")
_AVIG_9_2: Final = _ref("AVIG Art. 9 Abs. 2")
_AVIG_13_1: Final = _ref("AVIG Art. 13 Abs. 1")
_AVIG_14_1: Final = _ref("AVIG Art. 14 Abs. 1")
_AVIG_14_1_A: Final = _ref("AVIG Art. 14 Abs. 1 lit. a")
_AVIG_15_1: Final = _ref("AVIG Art. 15 Abs. 1")
_AVIG_15_2: Final = _ref("AVIG Art. 15 Abs. 2")
_AVIG_18_1: Final = _ref("AVIG Art. 18 Abs. 1")
_AVIG_22_1: Final = _ref("AVIG Art. 22 Abs. 1")
_AVIG_22_2: Final = _ref("AVIG Art. 22 Abs. 2")
_AVIG_23_1: Final = _ref("AVIG Art. 23 Abs. 1")
_AVIG_27_1: Final = _ref("AVIG Art. 27 Abs. 1")
_AVIG_27_2: Final = _ref("AVIG Art. 27 Abs. 2")
_AVIG_27_3: Final = _ref("AVIG Art. 27 Abs. 3")
_AVIG_27_4: Final = _ref("AVIG Art. 27 Abs. 4")
_AVIG_27_5: Final = _ref("AVIG Art. 27 Abs. 5")
_AVIG_27_5BIS: Final = _ref("AVIG Art. 27 Abs. 5bis")
_AVIG_28_1: Final = _ref("AVIG Art. 28 Abs. 1")
_AVIV_6_1: Final = _ref("AVIV Art. 6 Abs. 1")
_AVIV_11_1: Final = _ref("AVIV Art. 11 Abs. 1")
_AVIV_15_1: Final = _ref("AVIV Art. 15 Abs. 1")
_AVIV_15_3: Final = _ref("AVIV Art. 15 Abs. 3")
_AVIV_40A: Final = _ref("AVIV Art. 40a")
_AVIV_41B_1: Final = _ref("AVIV Art. 41b Abs. 1")
_AVIV_41B_2: Final = _ref("AVIV Art. 41b Abs. 2")


def _ordinal_en(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# The exemption reasons of AVIG Art. 14 as named in the reason texts (the enum values are English codes).
_EXEMPTION_NAMES: dict[ExemptionReason, tuple[str, str, str, str]] = {
    ExemptionReason.EDUCATION: ("Ausbildung", "formation", "formazione", "education"),
    ExemptionReason.ILLNESS_ACCIDENT_MATERNITY: (
        "Krankheit, Unfall oder Mutterschaft",
        "maladie, accident ou maternité",
        "malattia, infortunio o maternità",
        "illness, accident or maternity",
    ),
    ExemptionReason.INSTITUTION: (
        "Aufenthalt in einer schweizerischen Anstalt",
        "séjour dans un établissement suisse",
        "soggiorno in un istituto svizzero",
        "stay in a Swiss institution",
    ),
    ExemptionReason.FORCED_RETURN_TO_WORK: (
        "Zwang zur Aufnahme einer Erwerbstätigkeit wegen Trennung, Scheidung, Invalidität "
        "oder Tod des Ehegatten oder aus ähnlichen Gründen",
        "obligation d'exercer une activité lucrative pour cause de séparation, de divorce, "
        "d'invalidité ou de décès du conjoint ou pour des raisons semblables",
        "necessità di intraprendere un'attività lucrativa a causa di separazione, divorzio, "
        "invalidità o morte del coniuge o per motivi analoghi",
        "forced to take up work by separation, divorce, invalidity or death of the spouse "
        "or similar reasons",
    ),
    ExemptionReason.LOSS_OF_IV_PENSION: (
        "Wegfall einer Invalidenrente",
        "suppression d'une rente d'invalidité",
        "soppressione di una rendita d'invalidità",
        "loss of an invalidity pension",
    ),
    ExemptionReason.RETURN_FROM_ABROAD: (
        "Rückkehr aus dem Ausland",
        "retour de l'étranger",
        "rientro dall'estero",
        "return from abroad",
    ),
}

_EXEMPTION_ARTICLE: dict[ExemptionReason, str] = {
    ExemptionReason.FORCED_RETURN_TO_WORK: "AVIG Art. 14 Abs. 2",
    ExemptionReason.LOSS_OF_IV_PENSION: "AVIG Art. 14 Abs. 2",
    ExemptionReason.RETURN_FROM_ABROAD: "AVIG Art. 14 Abs. 3",
}


@functools.lru_cache(maxsize=1024)
def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add_years(day: date, years: int) -> date:
    return ahv.add_months(day, 12 * years)


# --- Framework periods (Rahmenfristen), AVIG Art. 9 -------------------------------------------


def benefit_framework(start: date, params: ParameterSet, on: date) -> Period:
    """Rahmenfrist für den Leistungsbezug: two years from ``start`` — AVIG Art. 9 Abs. 1–2.

    ``start`` is the first day on which all conditions are met; iizcore takes
    the start of unemployment or of the first ALV spell (registration).
    The last day is the day before the second anniversary (a framework opened
    on 29 March 1993 ran to 28 March 1995, BGE 125 V 42).
    """
    v = values_on(params, on)
    years = int(v["alv.framework_period_years"])
    return Period(start, _add_years(start, years) - timedelta(days=1))


def contribution_framework(benefit_start: date, params: ParameterSet, on: date) -> Period:
    """Rahmenfrist für die Beitragszeit: the two years before the benefit framework — AVIG Art. 9 Abs. 3."""
    v = values_on(params, on)
    years = int(v["alv.framework_period_years"])
    return Period(_add_years(benefit_start, -years), benefit_start - timedelta(days=1))


# --- Contribution period, AVIG Art. 13 / AVIV Art. 11 --------------------------------------------


def contribution_months(
    periods: Iterable[ContributionPeriod], framework: Period, params: ParameterSet, on: date
) -> Decimal:
    """Beitragsmonate within the contribution framework — AVIG Art. 13 Abs. 1, AVIV Art. 11.

    Each calendar month lying wholly in the framework and wholly covered counts
    as one month (AVIV Art. 11 Abs. 1); the remaining covered days are added up
    and every ``alv.contribution_month_days`` (30) of them count as one month
    (Abs. 2). Overlapping periods (several part-time jobs) count once (Abs. 4).
    The result is exact (e.g. 12 + 10/30), not rounded.
    """
    v = values_on(params, on)
    if framework.end is None:
        raise ValueError("the contribution framework must be closed")
    full, loose = _months_covered(tuple(periods), framework.start, framework.end)
    days_per_month = v["alv.contribution_month_days"]
    return Decimal(full) + Decimal(loose) / days_per_month


@functools.lru_cache(maxsize=4096)
def _frameworks(start: date, months: int) -> tuple[date, date, date]:
    """The last day of the benefit framework opening on ``start`` and the first and last day
    of its contribution framework, each ``months`` long (AVIG Art. 9, see
    :func:`benefit_framework` and :func:`contribution_framework`)."""
    return ahv.add_months(start, months) - _DAY, ahv.add_months(start, -months), start - _DAY


def _months_covered(
    periods: Sequence[ContributionPeriod], start: date, end: date
) -> tuple[int, int]:
    """Whole calendar months and loose days the ``periods`` cover from ``start`` to ``end``.

    The covered periods, clipped to the framework, are merged so that overlaps count
    once (AVIV Art. 11 Abs. 4); the calendar months a merged interval covers wholly are
    counted from its first and last day, without a walk through the months
    (``alv.entitlement`` asks for every unemployed person).
    """
    spans: list[tuple[date, date]] = []
    for p in periods:
        first = p.start if p.start > start else start
        last = p.end if p.end < end else end
        if first <= last:
            spans.append((first, last))
    if not spans:
        return 0, 0
    if len(spans) == 1:
        return _span_months(*spans[0])
    spans.sort()
    # Merged intervals are disjoint, not adjacent and inside the framework, so a month
    # wholly covered lies in one of them (and wholly in the framework); every other
    # covered day is a loose day.
    full = loose = 0
    head, tail = spans[0]
    for first, last in spans[1:]:
        if first.toordinal() <= tail.toordinal() + 1:
            if last > tail:
                tail = last
            continue
        months, days = _span_months(head, tail)
        full += months
        loose += days
        head, tail = first, last
    months, days = _span_months(head, tail)
    return full + months, loose + days


def _span_months(first: date, last: date) -> tuple[int, int]:
    """Whole calendar months and loose days from ``first`` to ``last``, both included."""
    first_day = first.toordinal()
    last_day = last.toordinal()
    covered = last_day - first_day + 1
    # The first whole month: the month of `first` if it starts on the 1st, else the next.
    head = first.year * 12 + first.month - 1
    if first.day != 1:
        head += 1
        year, month = divmod(head, 12)
        first_day = date(year, month + 1, 1).toordinal()
    # The last whole month: the month of `last` if it ends on its last day, else the one before.
    tail = last.year * 12 + last.month - 1
    if last.day != _month_length(last.year, last.month):
        tail -= 1
        last_day -= last.day
    if tail < head:
        return 0, covered
    return tail - head + 1, covered - (last_day - first_day + 1)


# The reasons of AVIG Art. 14 Abs. 1 (a hindrance of more than twelve months).
_ABS1: Final = frozenset(
    {
        ExemptionReason.EDUCATION,
        ExemptionReason.ILLNESS_ACCIDENT_MATERNITY,
        ExemptionReason.INSTITUTION,
    }
)


def exemption_applies(
    exemption: Exemption | None, person: Person, params: ParameterSet, on: date
) -> bool | None:
    """Befreiung von der Erfüllung der Beitragszeit — AVIG Art. 14.

    ``True`` if a recorded exemption applies, ``False`` if none does, ``None``
    if the data cannot decide. Abs. 1 (education, illness/accident/maternity,
    institution) needs **more than** ``alv.exemption_hindrance_months`` (12)
    months in total; lit. a (education) also ten years' residence in
    Switzerland (``alv.exemption_education_residence_years``): decided from the
    entry date, assumed for Swiss citizens without one, undecidable otherwise.
    Abs. 2 (forced to take up work) and Abs. 3 (return from abroad) are taken
    as recorded: their conditions (event at most a year ago, residence) are
    facts the fund establishes.
    """
    v = values_on(params, on)
    if exemption is None:
        return False
    if exemption.reason not in _ABS1:
        return True
    if exemption.months <= v["alv.exemption_hindrance_months"]:
        return False
    if exemption.reason is ExemptionReason.EDUCATION:
        years = int(v["alv.exemption_education_residence_years"])
        entry = person.residence.entry_date
        if entry is not None:
            return _add_years(entry, years) <= on
        if person.residence.status is ResidenceStatus.SWISS:
            return True
        return None
    return True


# --- Waiting days, AVIG Art. 18 / AVIV Art. 6, 6a -----------------------------------------------


def _bracket(table: dict[Decimal, Decimal], amount: Decimal) -> int:
    for upper in sorted(table):
        if amount <= upper:
            return int(table[upper])
    raise ValueError("the waiting-day table has no open upper bracket")


def general_waiting_days(
    monthly_insured_earnings: Money, has_maintenance_duty: bool, params: ParameterSet, on: date
) -> int:
    """Allgemeine Wartezeit in days — AVIG Art. 18 Abs. 1, AVIV Art. 6a Abs. 2–3.

    Looked up by annual insured earnings (monthly × 12) in the table for
    persons with or without maintenance duty towards children under 25.
    """
    annual = monthly_insured_earnings.amount * 12
    name = (
        "alv.waiting_days_with_maintenance_duty"
        if has_maintenance_duty
        else "alv.waiting_days_no_maintenance_duty"
    )
    return _bracket(params.table(name, on), annual)


def special_waiting_days(reason: ExemptionReason | None, params: ParameterSet, on: date) -> int:
    """Besondere Wartezeit of exempt persons, in addition to the general one — AVIV Art. 6.

    120 days for an exemption because of education (AVIG Art. 14 Abs. 1 lit. a,
    AVIV Art. 6 Abs. 1), 5 for every other exemption (Abs. 2), 0 if not exempt.
    """
    v = values_on(params, on)
    if reason is None:
        return 0
    if reason is ExemptionReason.EDUCATION:
        return int(v["alv.special_waiting_days_education"])
    return int(v["alv.special_waiting_days_other_exempt"])


# --- Daily allowance, AVIG Art. 22–23 / AVIV Art. 40a --------------------------------------------


def insured_earnings(monthly: Money, params: ParameterSet, on: date) -> Money:
    """Versicherter Verdienst, capped at the maximum — AVIG Art. 23 Abs. 1, UVV Art. 22 Abs. 1."""
    v = values_on(params, on)
    return monthly.min(Money(v["alv.max_insured_earnings_month"]))


def _full_allowance(insured: Money, params: ParameterSet, on: date) -> Money:
    v = values_on(params, on)
    rate = v["alv.daily_allowance_rate_full"]
    return insured * rate / _HUNDRED / v["alv.days_per_month_divisor"]


def daily_allowance_rate(
    monthly_insured_earnings: Money,
    has_maintenance_duty: bool,
    iv_pension_degree: int | None,
    params: ParameterSet,
    on: date,
) -> Decimal:
    """Taggeldansatz in percent: 80, or 70 if all of AVIG Art. 22 Abs. 2 lit. a–c hold.

    70 % applies to persons (a) without maintenance duty towards children under
    25, (b) whose full daily allowance is **more than** CHF 140, and (c) who draw
    no IV pension for a degree of at least 40 %; everyone else gets 80 %
    (Abs. 1).
    """
    v = values_on(params, on)
    full = _full_allowance(insured_earnings(monthly_insured_earnings, params, on), params, on)
    threshold = v["alv.reduced_rate_daily_allowance_threshold"]
    iv_limit = v["alv.reduced_rate_iv_degree_limit"]
    reduced = (
        not has_maintenance_duty
        and full.amount > threshold
        and (iv_pension_degree is None or iv_pension_degree < iv_limit)
    )
    name = "alv.daily_allowance_rate_reduced" if reduced else "alv.daily_allowance_rate_full"
    return v[name]


def daily_allowance(
    monthly_insured_earnings: Money,
    has_maintenance_duty: bool,
    iv_pension_degree: int | None,
    params: ParameterSet,
    on: date,
) -> Money:
    """Taggeld, exact: rate × capped monthly insured earnings / 21.7 — AVIG Art. 22–23, AVIV Art. 40a.

    At the reduced rate the allowance is never lower than the amount of
    AVIG Art. 22 Abs. 2 lit. b (CHF 140): that amount is the "Mindestansatz" of
    Abs. 3, and the cantonal funds pay a flat CHF 140 to persons without
    maintenance duty with insured earnings between CHF 3,797 and 4,340 (sg.ch).
    The child-allowance supplement of Abs. 1 is not included.

    The result is **not rounded**: call :meth:`Money.rounded` where the amount
    is paid (the determination reports the rounded allowance).
    """
    v = values_on(params, on)
    insured = insured_earnings(monthly_insured_earnings, params, on)
    rate = daily_allowance_rate(insured, has_maintenance_duty, iv_pension_degree, params, on)
    value = insured * rate / _HUNDRED / v["alv.days_per_month_divisor"]
    if rate != v["alv.daily_allowance_rate_full"]:
        value = value.max(Money(v["alv.reduced_rate_daily_allowance_threshold"]))
    return value


# --- Maximum number of daily allowances, AVIG Art. 27 / AVIV Art. 41b -------------------------


def max_daily_allowances(
    contribution_months: Decimal | int,
    age: int,
    has_maintenance_duty: bool,
    iv_pension_degree: int | None,
    exempt: bool,
    pre_retirement: bool,
    params: ParameterSet,
    on: date,
    exemption_reason: ExemptionReason | None = None,
) -> int:
    """Höchstzahl der Taggelder — AVIG Art. 27.

    * exempt from the contribution period: 90 (Abs. 4), no additional allowances;
      exempt because an IV pension ended (``exemption_reason`` is
      :attr:`ExemptionReason.LOSS_OF_IV_PENSION`, Art. 14 Abs. 2): the own maximum of
      Abs. 5 (``alv.max_daily_allowances_loss_of_iv_pension``);
    * fewer than 12 contribution months and not exempt: 0 (Art. 13 Abs. 1);
    * 12 months: 260 (Abs. 2 lit. a); 18: 400 (lit. b); at least 22 with age
      55 completed or an IV pension for a degree of at least 40 %: 520 (lit. c);
    * at most 200 up to the completed 25th year (``age`` < 25) without
      maintenance duty towards children (Abs. 5bis);
    * plus 120 (not in the Abs. 5bis category) if the framework was opened within
      the last four years before the AHV reference age (``pre_retirement``, see :func:`in_pre_retirement_window`;
      Abs. 3, AVIV Art. 41b Abs. 1).

    ``age`` is the age completed when the benefit framework opens.
    """
    return _max_count(
        values_on(params, on),
        contribution_months,
        age,
        has_maintenance_duty,
        iv_pension_degree,
        exempt,
        pre_retirement,
        exemption_reason,
    )


def in_pre_retirement_window(
    framework_start: date, reference_date: date, params: ParameterSet, on: date
) -> bool:
    """Whether the framework opens within the last four years before the reference age — AVIV Art. 41b Abs. 1."""
    v = values_on(params, on)
    years = int(v["alv.pre_retirement_window_years"])
    return _add_years(reference_date, -years) <= framework_start < reference_date


def pre_retirement_framework_end(
    normal_end: date, reference_date: date, params: ParameterSet, on: date
) -> date:
    """End of a framework extended under AVIV Art. 41b Abs. 2 / AVIG Art. 27 Abs. 3.

    Extended to the end of the month before the AHV pension is paid, i.e. to the
    last day of the month in which the reference age is reached (the pension
    runs from the following month), at most by two years, and never shortened.
    """
    v = values_on(params, on)
    month_end = date(
        reference_date.year,
        reference_date.month,
        calendar.monthrange(reference_date.year, reference_date.month)[1],
    )
    cap_years = int(v["alv.pre_retirement_framework_extension_max_years"])
    return max(normal_end, min(month_end, _add_years(normal_end, cap_years)))


# --- Working days and Aussteuerung, AVIG Art. 21, 27 ---------------------------------------------


def allowance_day(day: date, params: ParameterSet, on: date) -> bool:
    """Whether an allowance can fall on ``day``: five allowances a week, Monday to Friday (AVIG Art. 21)."""
    v = values_on(params, on)
    return day.weekday() < int(v["alv.daily_allowances_per_week"])


def working_days(first: date, last: date, params: ParameterSet, on: date) -> int:
    """Number of allowance days (Monday–Friday) from ``first`` to ``last``, both included."""
    v = values_on(params, on)
    if last < first:
        return 0
    per_week = int(v["alv.daily_allowances_per_week"])
    total = (last - first).days + 1
    weeks, rest = divmod(total, 7)
    count = weeks * per_week
    count += sum(1 for i in range(rest) if (first + timedelta(days=i)).weekday() < per_week)
    return count


def exhaustion_date(first: date, remaining: int, params: ParameterSet, on: date) -> date:
    """The day of the ``remaining``-th allowance counted from ``first`` (Monday–Friday).

    With ``remaining`` = 0 the last allowance day before ``first``.
    """
    v = values_on(params, on)
    return _nth_allowance_day(first, remaining, int(v["alv.daily_allowances_per_week"]))


def _nth_allowance_day(first: date, remaining: int, per_week: int) -> date:
    """:func:`exhaustion_date` with the number of allowances per week given."""
    day = first
    if remaining <= 0:
        day -= _DAY
        while day.weekday() >= per_week:
            day -= _DAY
        return day
    # Whole weeks keep the weekday; a start on a day without allowances moves to the next
    # week's first day; the rest (fewer than a week's allowances) crosses at most one
    # stretch of days without allowances.
    weeks, rest = divmod(remaining - 1, per_week)
    shift = 7 * weeks
    weekday = first.weekday()
    if weekday >= per_week:
        shift += 7 - weekday
        weekday = 0
    if rest:
        shift += rest if weekday + rest < per_week else rest + 7 - per_week
    return first + timedelta(days=shift)


def allowances_drawn(
    spells: Sequence[Spell], framework: Period, waiting_days: int, params: ParameterSet, on: date
) -> int:
    """Daily allowances drawn in ``framework`` up to ``on`` from the ALV cash spells.

    A spell's ``daily_allowances_drawn`` is used where recorded (net of waiting
    days). Otherwise its allowance days (Monday–Friday, AVIG Art. 21) inside
    the framework up to ``on`` are counted, and the waiting days are deducted
    once, from the first counted days (they are served once per framework,
    AVIV Art. 6a Abs. 1).
    """
    last_day = min(framework.end_or(on), on)
    waiting_left = waiting_days
    total = 0
    for s in sorted(spells, key=lambda s: s.start):
        if s.institution is not InstitutionKind.ALV_FUND or s.benefit is not Benefit.CASH:
            continue
        if not (framework.start <= s.start <= last_day):
            continue
        if s.daily_allowances_drawn is not None:
            total += s.daily_allowances_drawn
            waiting_left = 0
            continue
        days = working_days(s.start, min(s.period.end_or(last_day), last_day), params, on)
        deduct = min(days, waiting_left)
        waiting_left -= deduct
        total += days - deduct
    return total


# --- Sickness while unemployed, AVIG Art. 28 ------------------------------------------------------


def sickness_full_allowance_end(incapacity_since: date, params: ParameterSet, on: date) -> date:
    """Last day of the full allowance during a temporary incapacity — AVIG Art. 28 Abs. 1.

    "Längstens bis zum 30. Tag nach Beginn" counts calendar days with the first
    day of incapacity as day 1 (incapacity from 10 March: until 8 April).
    """
    v = values_on(params, on)
    days = int(v["alv.sickness_full_allowance_until_day"])
    return incapacity_since + timedelta(days=days - 1)


def sickness_allowances(
    incapacity_since: date, until: date, drawn_before: int, params: ParameterSet, on: date
) -> int:
    """Allowances payable for one incapacity up to ``until`` — AVIG Art. 28 Abs. 1.

    The allowance days (Monday–Friday) from the start of the incapacity to the
    earlier of ``until`` and :func:`sickness_full_allowance_end`, limited to the
    44 a framework allows minus ``drawn_before`` in earlier incapacities.
    """
    v = values_on(params, on)
    last = min(until, sickness_full_allowance_end(incapacity_since, params, on))
    cap = int(v["alv.sickness_max_daily_allowances_per_framework"])
    return max(0, min(working_days(incapacity_since, last, params, on), cap - drawn_before))


# --- Placeability, AVIG Art. 15 / AVIV Art. 15 ---------------------------------------------------


class Placeability(enum.StrEnum):
    """Vermittlungsfähigkeit (AVIG Art. 15)."""

    PLACEABLE = "placeable"
    NOT_PLACEABLE = "not_placeable"
    UNCLEAR = "unclear"


_UNCLEAR: Final = Placeability.UNCLEAR


@frozen
class PlaceabilityFinding:
    """The placeability finding with its reason; ``advance`` when the ALV pays ahead of the IV."""

    status: Placeability
    reason: Reason
    advance: bool = False


def _pending_iv_claim(claims: Iterable[Claim], on: date) -> bool:
    return any(c.institution is InstitutionKind.IV_OFFICE and c.pending_on(on) for c in claims)


def _placeable_reason(ok: bool) -> Reason:
    return Reason(
        code="alv.placeability.met" if ok else "alv.placeability.not_met",
        ref=_AVIG_15_1,
        text=label(
            "Vermittlungsfähig: bereit, in der Lage und berechtigt, zumutbare Arbeit anzunehmen."
            if ok
            else "Nicht vermittlungsfähig: nicht bereit oder nicht in der Lage, zumutbare Arbeit anzunehmen.",
            "Apte au placement : disposé, en mesure et en droit d'accepter un travail convenable."
            if ok
            else "Inapte au placement : pas disposé ou pas en mesure d'accepter un travail convenable.",
            "Idoneo al collocamento: disposto, in grado e autorizzato ad accettare un'occupazione adeguata."
            if ok
            else "Non idoneo al collocamento: non disposto o non in grado di accettare un'occupazione adeguata.",
            "Placeable: willing, able and authorised to accept reasonable work."
            if ok
            else "Not placeable: not willing or not able to accept reasonable work.",
        ),
        met=ok,
    )


# The findings that do not depend on numbers are built once: placeability is asked for
# every unemployed or registered person, twice (alv.entitlement and rav.placeability).
_PLACEABLE: Final = PlaceabilityFinding(Placeability.PLACEABLE, _placeable_reason(True))
_NOT_PLACEABLE: Final = PlaceabilityFinding(Placeability.NOT_PLACEABLE, _placeable_reason(False))
_IV_PENDING: Final = PlaceabilityFinding(
    Placeability.PLACEABLE,
    Reason(
        code="alv.placeability.iv_pending",
        ref=_AVIV_15_3,
        text=label(
            "Bei der IV angemeldet: gilt bis zum Entscheid der IV als vermittlungsfähig "
            "(AVIG Art. 15 Abs. 2); die ALV ist vorleistungspflichtig.",
            "Annoncé à l'AI : réputé apte au placement jusqu'à la décision de l'office AI "
            "(art. 15, al. 2, LACI) ; l'assurance-chômage (AC) est tenue de verser des "
            "prestations préalables.",
            "Annunciato all'AI: è considerato idoneo al collocamento fino alla decisione "
            "dell'ufficio AI (art. 15 cpv. 2 LADI); l'assicurazione contro la disoccupazione "
            "(AD) è tenuta ad anticipare le prestazioni.",
            "Registered with the IV: counts as placeable until the IV decides "
            "(AVIG Art. 15 Abs. 2); the ALV pays in advance.",
        ),
        met=True,
    ),
    advance=True,
)
_UNCLEAR_IV_PENDING: Final = PlaceabilityFinding(
    Placeability.UNCLEAR,
    Reason(
        code="alv.placeability.unclear",
        ref=_AVIG_15_2,
        text=label(
            "Bei der IV angemeldet, aber ganz arbeitsunfähig: Vermittlungsfähigkeit ist abzuklären.",
            "Annoncé à l'AI, mais totalement incapable de travailler : l'aptitude au placement "
            "doit être examinée.",
            "Annunciato all'AI, ma totalmente inabile al lavoro: l'idoneità al collocamento "
            "deve essere accertata.",
            "Registered with the IV but wholly unable to work: placeability must be clarified.",
        ),
    ),
)
_UNCLEAR_NO_IV: Final = PlaceabilityFinding(
    Placeability.UNCLEAR,
    Reason(
        code="alv.placeability.unclear",
        ref=_AVIG_15_2,
        text=label(
            "Arbeitsunfähigkeit über die Frist von AVIG Art. 28 hinaus und keine IV-Anmeldung: "
            "Vermittlungsfähigkeit ist abzuklären (IV-Anmeldung prüfen).",
            "Incapacité de travail au-delà du délai de l'art. 28 LACI et aucune demande AI : "
            "l'aptitude au placement doit être examinée (envisager une demande auprès de "
            "l'office AI).",
            "Incapacità lavorativa oltre il termine dell'art. 28 LADI e nessuna richiesta AI: "
            "l'idoneità al collocamento deve essere accertata (valutare una richiesta "
            "all'ufficio AI).",
            "Incapacity beyond the AVIG Art. 28 period and no IV registration: placeability "
            "must be clarified (consider registering with the IV).",
        ),
    ),
)


@functools.lru_cache(maxsize=1024)
def _temporary_incapacity(pct: int, until: date, day: int, cap: int) -> PlaceabilityFinding:
    last = until.isoformat()
    return PlaceabilityFinding(
        Placeability.PLACEABLE,
        Reason(
            code="alv.placeability.temporary_incapacity",
            ref=_AVIG_28_1,
            text=label(
                f"Vorübergehend arbeitsunfähig ({pct} %): volles Taggeld "
                f"bis {last} ({day}. Tag), höchstens {cap} Taggelder je Rahmenfrist.",
                f"Incapacité passagère de travail ({pct} %) : pleine indemnité journalière "
                f"jusqu'au {last} ({day}e jour), au plus {cap} indemnités journalières "
                "par délai-cadre.",
                f"Temporaneamente inabile al lavoro ({pct} %): indennità giornaliera intera "
                f"fino al {last} ({day}° giorno), al massimo {cap} indennità giornaliere "
                "per termine quadro.",
                f"Temporarily unable to work ({pct} %): full allowance "
                f"until {last} ({_ordinal_en(day)} day), at most {cap} allowances per framework.",
            ),
            met=True,
        ),
    )


def placeability(
    person: Person, claims: Sequence[Claim], params: ParameterSet, on: date
) -> PlaceabilityFinding:
    """Vermittlungsfähigkeit on ``on`` — AVIG Art. 15, Art. 28; AVIV Art. 15 Abs. 3.

    * no incapacity: placeable if willing and able (Art. 15 Abs. 1);
    * a temporary incapacity within the Art. 28 period: the full allowance
      continues (Art. 28 Abs. 1), the person counts as placeable;
    * a longer incapacity below 100 % with an IV claim pending: placeable until the
      IV decides — the ALV pays in advance (Art. 15 Abs. 2, AVIV Art. 15 Abs. 3;
      BGE 136 V 95: full allowance within the certified capacity);
    * a full incapacity with an IV claim pending, or a longer incapacity
      without one: unclear — the data cannot decide (Art. 15 Abs. 3 allows a
      medical examination).
    """
    v = values_on(params, on)
    health = person.health
    if health.incapacity_percent == 0 or health.incapacity_since is None:
        return _PLACEABLE if person.employment.willing_and_able_to_work else _NOT_PLACEABLE
    end = sickness_full_allowance_end(health.incapacity_since, params, on)
    if on <= end:
        day = int(v["alv.sickness_full_allowance_until_day"])
        cap = int(v["alv.sickness_max_daily_allowances_per_framework"])
        return _temporary_incapacity(health.incapacity_percent, end, day, cap)
    pending = _pending_iv_claim(claims, on)
    if pending and health.incapacity_percent < 100:
        return _IV_PENDING
    return _UNCLEAR_IV_PENDING if pending else _UNCLEAR_NO_IV


# --- Helpers on the case -------------------------------------------------------------------------


def iv_pension_degree(person: Person, on: date) -> int | None:
    """The invalidity degree of an IV pension paid on ``on``, if one is paid."""
    h = person.health
    if h.iv_pension_since is not None and h.iv_pension_since <= on:
        return h.invalidity_degree
    return None


def _by_start(spell: Spell) -> date:
    return spell.start


def _alv_history(case: Case, on: date) -> tuple[list[Spell], bool]:
    """The ALV cash spells in start order (as ``case.spells_of``: a stable sort), and whether a
    RAV or ALV spell started by ``on`` (the first test of :func:`_registered`): one pass."""
    cash = []
    registered = False
    for s in case.history:
        institution = s.institution
        if institution is _ALV_FUND:
            if s.benefit is _CASH:
                cash.append(s)
        elif institution is not _RAV:
            continue
        if not registered and s.start <= on:
            registered = True
    if len(cash) > 1:
        cash.sort(key=_by_start)
    return cash, registered


def _framework_start(
    since: date | None, cash: Sequence[Spell], v: Mapping[str, Decimal], on: date
) -> date | None:
    """The start of the benefit framework running on ``on`` (AVIG Art. 9), None if none.

    A framework opened by an ALV cash spell if one contains ``on`` (a spell after a
    framework opens a new one, so the frameworks follow each other without overlap),
    else one opened by the unemployment since ``since`` — at the earliest the day
    after the last framework. Plain dates rather than :class:`Period` objects: this
    runs for every case.
    """
    end: date | None = None
    months = 0
    for s in cash:
        begin = s.start
        if end is not None and begin <= end:
            continue
        if not months:
            months = 12 * int(v["alv.framework_period_years"])
        end = ahv.add_months(begin, months) - _DAY
        if begin <= on <= end:
            return begin
    if since is None:
        return None
    if end is not None and since <= end:
        return end + _DAY
    return since


_REGISTERING: Final = frozenset({InstitutionKind.RAV, InstitutionKind.ALV_FUND})


def _registered(case: Case, on: date) -> bool:
    """Whether the person registered with the RAV by ``on`` (a RAV or ALV spell, a RAV claim)."""
    for s in case.history:
        if s.institution in _REGISTERING and s.start <= on:
            return True
    return _rav_claim(case, on)


def _rav_claim(case: Case, on: date) -> bool:
    for c in case.claims:  # noqa: SIM110 - a loop: any(generator) costs a call per claim
        if c.institution is _RAV and c.filed_on <= on:
            return True
    return False


# --- Reasons that depend on no number: built once ------------------------------------------------


def _unemployed_reason(unemployed: bool) -> Reason:
    return Reason(
        code="alv.unemployed" if unemployed else "alv.not_unemployed",
        ref=_AVIG_8_1_A,
        text=label(
            "Ganz oder teilweise arbeitslos (AVIG Art. 10)."
            if unemployed
            else "Weder ganz noch teilweise arbeitslos.",
            "Entièrement ou partiellement sans emploi (art. 10 LACI)."
            if unemployed
            else "Ni entièrement ni partiellement sans emploi.",
            "Totalmente o parzialmente disoccupato (art. 10 LADI)."
            if unemployed
            else "Né totalmente né parzialmente disoccupato.",
            "Wholly or partly unemployed (AVIG Art. 10)."
            if unemployed
            else "Neither wholly nor partly unemployed.",
        ),
        met=unemployed,
    )


def _residence_reason(resident: bool) -> Reason:
    return Reason(
        code="alv.residence" if resident else "alv.no_residence",
        ref=_AVIG_8_1_C,
        text=label(
            "Wohnt in der Schweiz." if resident else "Wohnt nicht in der Schweiz.",
            "Réside en Suisse." if resident else "Ne réside pas en Suisse.",
            "Risiede in Svizzera." if resident else "Non risiede in Svizzera.",
            "Resides in Switzerland." if resident else "Does not reside in Switzerland.",
        ),
        met=resident,
    )


def _age_reason(school: bool, below_age: bool) -> Reason:
    return Reason(
        code="alv.age_and_school" if school and below_age else "alv.age_or_school_not_met",
        ref=_AVIG_8_1_D,
        text=label(
            (
                "Obligatorische Schulzeit zurückgelegt"
                if school
                else "Obligatorische Schulzeit nicht zurückgelegt"
            )
            + (
                "; AHV-Altersrente noch nicht fällig (Anspruch bis Ende des Monats, in dem "
                "das Referenzalter erreicht wird)."
                if below_age
                else "; AHV-Referenzalter erreicht, AHV-Altersrente fällig."
            )
            + " Ein Vorbezug der AHV-Altersrente ist im Modell nicht erfasst.",
            ("Scolarité obligatoire achevée" if school else "Scolarité obligatoire non achevée")
            + (
                " ; rente de vieillesse AVS pas encore due (droit jusqu'à la fin du mois au "
                "cours duquel l'âge de référence est atteint)."
                if below_age
                else " ; âge de référence AVS atteint, rente de vieillesse AVS due."
            )
            + " L'anticipation de la rente de vieillesse AVS n'est pas saisie dans le modèle.",
            ("Scuola dell'obbligo terminata" if school else "Scuola dell'obbligo non terminata")
            + (
                "; rendita di vecchiaia AVS non ancora dovuta (diritto fino alla fine del "
                "mese in cui è raggiunta l'età di riferimento)."
                if below_age
                else "; età di riferimento AVS raggiunta, rendita di vecchiaia AVS dovuta."
            )
            + " La riscossione anticipata della rendita di vecchiaia AVS non è registrata "
            "nel modello.",
            ("Compulsory schooling completed" if school else "Compulsory schooling not completed")
            + (
                "; AHV old-age pension not yet due (entitlement until the end of the month "
                "in which the reference age is reached)."
                if below_age
                else "; AHV reference age reached, AHV old-age pension due."
            )
            + " Drawing an early AHV pension is not recorded in the model.",
        ),
        met=school and below_age,
    )


def _registered_reason(registered: bool) -> Reason:
    return Reason(
        code="alv.control.registered" if registered else "alv.control.not_registered",
        ref=_AVIG_8_1_G,
        text=label(
            "Zur Arbeitsvermittlung angemeldet (Kontrollvorschriften, AVIG Art. 17)."
            if registered
            else "Keine Anmeldung beim RAV erfasst (AVIG Art. 17): anmelden.",
            "Inscrit pour le placement (prescriptions de contrôle, art. 17 LACI)."
            if registered
            else "Aucune inscription auprès de l'ORP saisie (art. 17 LACI) : s'inscrire.",
            "Annunciato per il collocamento (prescrizioni di controllo, art. 17 LADI)."
            if registered
            else "Nessuna iscrizione presso l'URC registrata (art. 17 LADI): annunciarsi.",
            "Registered for placement (control requirements, AVIG Art. 17)."
            if registered
            else "No registration with the RAV recorded (AVIG Art. 17): register.",
        ),
        met=True if registered else None,
    )


_UNEMPLOYED: Final = (_unemployed_reason(False), _unemployed_reason(True))
_RESIDENT: Final = (_residence_reason(False), _residence_reason(True))
_AGE_AND_SCHOOL: Final = {(s, b): _age_reason(s, b) for s in (False, True) for b in (False, True)}
_REGISTERED: Final = (_registered_reason(False), _registered_reason(True))
_LOSS_OF_WORK: Final = Reason(
    code="alv.loss_of_work",
    ref=_AVIG_8_1_B,
    text=label(
        "Anrechenbarer Arbeitsausfall (AVIG Art. 11) aus der erfassten Arbeitslosigkeit angenommen.",
        "Perte de travail à prendre en considération (art. 11 LACI) admise sur la base "
        "du chômage enregistré.",
        "Perdita di lavoro computabile (art. 11 LADI) presunta in base alla disoccupazione "
        "registrata.",
        "A loss of work that counts (AVIG Art. 11) is assumed from the recorded unemployment.",
    ),
    met=True,
)
_EARNINGS_MISSING: Final = Reason(
    code="alv.insured_earnings.missing",
    ref=_AVIG_23_1,
    text=label(
        "Versicherter Verdienst nicht erfasst: Taggeld und Wartezeit nicht berechnet.",
        "Gain assuré non saisi : indemnité journalière et délai d'attente non calculés.",
        "Guadagno assicurato non registrato: indennità giornaliera e termine d'attesa "
        "non calcolati.",
        "Insured earnings not recorded: daily allowance and waiting days not computed.",
    ),
)
_EXHAUSTED: Final = Reason(
    code="alv.exhausted",
    ref=_AVIG_27_1,
    text=label(
        "Ausgesteuert: die Höchstzahl der Taggelder dieser Rahmenfrist ist bezogen.",
        "Fin de droit : le nombre maximum d'indemnités journalières de ce délai-cadre a été perçu.",
        "Esaurimento del diritto: il numero massimo di indennità giornaliere di questo "
        "termine quadro è stato riscosso.",
        "Benefits exhausted (Aussteuerung): the maximum number of allowances of this framework has been drawn.",
    ),
    met=False,
)
_COORDINATE_WITH_IV: Final = Reason(
    code="rav.coordinate_with_iv",
    ref=_AVIV_15_1,
    text=label(
        "Abklärung der Vermittlungsfähigkeit in Zusammenarbeit mit der IV-Stelle.",
        "L'aptitude au placement est examinée en collaboration avec l'office AI.",
        "L'idoneità al collocamento è accertata in collaborazione con l'ufficio AI.",
        "Placeability is assessed together with the IV office.",
    ),
)


# --- Reasons with numbers: the same few numbers recur, each text is built once --------------------


@functools.lru_cache(maxsize=4096)
def _contribution_met_reason(shown_months: Decimal, minimum: Decimal) -> Reason:
    return Reason(
        code="alv.contribution_period.met",
        ref=_AVIG_13_1,
        text=label(
            f"Beitragszeit erfüllt: {shown_months} Beitragsmonate in der Rahmenfrist (mindestens {minimum}).",
            f"Période de cotisation remplie : {shown_months} mois de cotisation dans le "
            f"délai-cadre (au moins {minimum}).",
            f"Periodo di contribuzione adempiuto: {shown_months} mesi di contribuzione nel "
            f"termine quadro (almeno {minimum}).",
            f"Contribution period met: {shown_months} contribution months in the framework (at least {minimum}).",
        ),
        met=True,
    )


@functools.lru_cache(maxsize=4096)
def _contribution_not_met_reason(shown_months: Decimal, minimum: Decimal) -> Reason:
    return Reason(
        code="alv.contribution_period.not_met",
        ref=_AVIG_13_1,
        text=label(
            f"Beitragszeit nicht erfüllt: {shown_months} Beitragsmonate (mindestens {minimum}), keine Befreiung.",
            f"Période de cotisation non remplie : {shown_months} mois de cotisation "
            f"(au moins {minimum}), aucun motif de libération.",
            f"Periodo di contribuzione non adempiuto: {shown_months} mesi di contribuzione "
            f"(almeno {minimum}), nessun motivo di esonero.",
            f"Contribution period not met: {shown_months} contribution months (at least {minimum}), no exemption.",
        ),
        met=False,
    )


@functools.lru_cache(maxsize=16)
def _exempt_reason(reason: ExemptionReason) -> Reason:
    de, fr, it, en = _EXEMPTION_NAMES[reason]
    return Reason(
        code="alv.contribution_period.exempt",
        ref=_ref(_EXEMPTION_ARTICLE.get(reason, "AVIG Art. 14 Abs. 1")),
        text=label(
            f"Von der Erfüllung der Beitragszeit befreit ({de}).",
            f"Libéré des conditions relatives à la période de cotisation ({fr}).",
            f"Esonerato dall'adempimento del periodo di contribuzione ({it}).",
            f"Exempt from the contribution period ({en}).",
        ),
        met=True,
    )


@functools.lru_cache(maxsize=1024)
def _exemption_unclear_reason(shown_months: Decimal, years: int) -> Reason:
    return Reason(
        code="alv.contribution_period.exemption_unclear",
        ref=_AVIG_14_1_A,
        text=label(
            f"Beitragszeit nicht erfüllt ({shown_months} Monate); Befreiung wegen Ausbildung "
            f"setzt {years} Jahre Wohnsitz voraus — Einreisedatum fehlt.",
            f"Période de cotisation non remplie ({shown_months} mois) ; la libération pour "
            f"formation suppose {years} ans de domicile en Suisse — date d'entrée manquante.",
            f"Periodo di contribuzione non adempiuto ({shown_months} mesi); l'esonero per "
            f"formazione presuppone {years} anni di domicilio in Svizzera — manca la data "
            "d'entrata.",
            f"Contribution period not met ({shown_months} months); exemption for education "
            f"needs {years} years' residence — entry date missing.",
        ),
    )


@functools.lru_cache(maxsize=64)
def _pre_retirement_reason(window: int, extra: int) -> Reason:
    return Reason(
        code="alv.pre_retirement",
        ref=_AVIV_41B_1,
        text=label(
            f"Rahmenfrist in den letzten {window} Jahren vor dem AHV-Referenzalter eröffnet: "
            f"{extra} zusätzliche Taggelder, Rahmenfrist bis Ende des Monats vor der "
            "AHV-Altersrente verlängert.",
            f"Délai-cadre ouvert au cours des {window} dernières années précédant l'âge de "
            f"référence AVS : {extra} indemnités journalières supplémentaires, délai-cadre "
            "prolongé jusqu'à la fin du mois précédant le versement de la rente AVS.",
            f"Termine quadro aperto negli ultimi {window} anni prima dell'età di riferimento "
            f"AVS: {extra} indennità giornaliere supplementari, termine quadro prolungato "
            "fino alla fine del mese che precede il versamento della rendita AVS.",
            f"Framework opened within the last {window} years before the AHV reference age: "
            f"{extra} additional allowances, framework extended to the end of the month "
            "before the AHV old-age pension.",
        ),
    )


# --- The determination ---------------------------------------------------------------------------


def entitlement(case: Case, ctx: RuleContext) -> Determination:
    """``alv.entitlement``: Anspruch auf Arbeitslosenentschädigung on ``ctx.on`` — AVIG Art. 8 ff.

    Reasons: AVIG Art. 8 Abs. 1 lit. a–g (each met or not; ``met=None`` where
    the data cannot decide, which makes the outcome NEEDS_CLARIFICATION), the
    contribution period or exemption (Art. 13/14) and, if used up, the
    Aussteuerung (Art. 27). Amounts: ``daily_allowance`` (rounded to 5 Rappen as
    paid). Quantities: ``rate``, ``contribution_months``, ``max_daily_allowances``,
    ``allowances_drawn``, ``remaining_daily_allowances``, ``waiting_days``.
    Dates: ``benefit_framework_start``/``_end``, ``exhaustion_date``.
    """
    return _entitlement(case, ctx)[0]


def _entitlement(
    case: Case, ctx: RuleContext, day: Day | None = None
) -> tuple[Determination, PlaceabilityFinding | None, bool | None]:
    """:func:`entitlement`, with the placeability finding and registration it established.

    :func:`determinations` hands both on to :func:`rav_placeability` rather than
    establishing them twice (None where the entitlement did not get that far; the
    registration of an unemployed person without a framework is not established).

    The public helpers above (:func:`benefit_framework`, :func:`max_daily_allowances`,
    :func:`placeability`...) are applied here inline on plain dates and the day's
    parameter dict: this runs for every case, and Period objects, repeated parameter
    lookups and helper layers were most of its cost. Trace steps are built directly
    (see :func:`_step`).
    """
    on, ps, trace = ctx.on, ctx.parameters, ctx.trace
    if day is None:
        day = day_of(ps, on)
    v = day.decimals
    state: _AlvDay = day[_AlvDay]
    tracing = trace.enabled
    person = case.person
    emp = person.employment
    unclear = False

    unemployed = emp.status in _UNEMPLOYED_STATUSES
    cash, registered = _alv_history(case, on)
    # Without ALV cash spells the framework opens with the unemployment (and reads no
    # parameter); with them, _framework_start reads the framework length as before.
    if cash:
        start = _framework_start(emp.unemployed_since, cash, v, on)
    else:
        start = emp.unemployed_since if unemployed else None
    if not unemployed or start is None:
        if tracing:
            trace.steps.append(_NOT_ELIGIBLE_STEPS[unemployed])
        if not unemployed and not registered:
            # rav.placeability asks for a person who is not unemployed.
            registered = _rav_claim(case, on)
        return state.not_eligible[unemployed], None, registered

    reasons: list[Reason] = [
        _UNEMPLOYED[True],
        _LOSS_OF_WORK,
        _RESIDENT[person.residence.in_switzerland],
    ]

    # AVIG Art. 8 Abs. 1 lit. d read with AHVG Art. 21 Abs. 2 and AVIV Art. 41b Abs. 2: the ALV
    # pays until the end of the month in which the reference age is reached; the AHV old-age
    # pension starts the next day (ahv.old_age_pension_start, here from the date at hand). One
    # rule for the condition and for the Aussteuerung date — and a month end, which does not
    # reveal the birthday.
    ref_date, pension_start = ahv.reference_dates(person, ps, on)
    last_alv_day = pension_start - _DAY
    school = person.education.compulsory_school_completed
    below_age = on <= last_alv_day
    born = person.birth_date
    if tracing:
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        trace.steps.append(_age_step(age, school, below_age))
    reasons.append(_AGE_AND_SCHOOL[school, below_age])

    # The benefit framework (AVIG Art. 9 Abs. 1-2, see benefit_framework) and the contribution
    # framework of the two years before it (Abs. 3, contribution_framework).
    end, c_first, c_last = _frameworks(start, 12 * int(v["alv.framework_period_years"]))
    periods = emp.contribution_periods
    full, loose = _months_covered(periods, c_first, c_last)
    entries = day.entries
    min_text = entries["alv.min_contribution_months"].value
    months, shown_months, minimum, contribution_met, months_quantity, months_reason = _contribution(
        full, loose, entries["alv.contribution_month_days"].value, min_text
    )
    if tracing:
        trace.steps.append(_contribution_step(len(periods), min_text, minimum, shown_months))
    exempt = False
    exemption_unclear = False
    exemption = emp.exemption
    if contribution_met:
        reasons.append(months_reason)
    else:
        # exemption_applies() without an exemption recorded: none applies.
        applies = False if exemption is None else exemption_applies(exemption, person, ps, on)
        if tracing:
            trace.steps.append(
                _exemption_step(
                    exemption.reason if exemption else None,
                    exemption.months if exemption else None,
                    applies,
                )
            )
        if applies is True:
            assert exemption is not None
            exempt = True
            reasons.append(_exempt_reason(exemption.reason))
        elif applies is None:
            unclear = True
            exemption_unclear = True
            years = int(v["alv.exemption_education_residence_years"])
            reasons.append(_exemption_unclear_reason(shown_months, years))
        else:
            reasons.append(months_reason)

    health = person.health
    if health.incapacity_percent == 0 or health.incapacity_since is None:
        # placeability() without an incapacity: the findings are constants.
        found = _PLACEABLE if emp.willing_and_able_to_work else _NOT_PLACEABLE
    else:
        found = placeability(person, case.claims, ps, on)
    if tracing:
        trace.steps.append(
            _placeability_step(
                health.incapacity_percent, found.advance, found.status, found.reason.ref
            )
        )
    reasons.append(found.reason)
    if found.status is _UNCLEAR:
        unclear = True

    if not registered:
        registered = _rav_claim(case, on)
    reasons.append(_REGISTERED[registered])
    if not registered:
        unclear = True

    # Amounts and counts, evaluated at the opening of the framework (Art. 27) or on `on` (Art. 22).
    age_start = start.year - born.year - ((start.month, start.day) < (born.month, born.day))
    child_age_limit = int(v["alv.reduced_rate_child_age_limit"])
    # Person.has_maintenance_duty_for_children on both days in one pass over the household.
    household = person.household
    if household.children_outside_household > 0:
        duty_start = duty_now = True
    else:
        duty_start = duty_now = False
        for m in household.members:
            if m.role is _CHILD and m.dependent:
                b = m.birth_date
                age_then = start.year - b.year - ((start.month, start.day) < (b.month, b.day))
                age_now = on.year - b.year - ((on.month, on.day) < (b.month, b.day))
                if age_then < child_age_limit:
                    duty_start = True
                if age_now < child_age_limit:
                    duty_now = True
    # Art. 27 looks at the IV pension drawn when the framework opens, Art. 22 at the one drawn
    # on the day asked about (iv_pension_degree): one value each, used and traced alike.
    pension_since = health.iv_pension_since
    if pension_since is None:
        degree = degree_start = None
    else:
        degree = health.invalidity_degree if pension_since <= on else None
        degree_start = health.invalidity_degree if pension_since <= start else None
    exemption_reason = exemption.reason if exempt and exemption else None
    # in_pre_retirement_window and pre_retirement_framework_end (AVIV Art. 41b).
    pre_ret = False
    if not exempt and contribution_met:
        window = int(v["alv.pre_retirement_window_years"])
        pre_ret = ahv.add_months(ref_date, -12 * window) <= start < ref_date
    if pre_ret:
        end = pre_retirement_framework_end(end, ref_date, ps, on)
    maximum = _max_count(
        v, months, age_start, duty_start, degree_start, exempt, pre_ret, exemption_reason
    )
    if tracing:
        trace.steps.append(
            _max_step(shown_months, age_start, duty_start, degree_start, exempt, pre_ret, maximum)
        )
    provision = _max_provision(v, exempt, exemption_reason, age_start, duty_start, pre_ret)
    quantities: list[Quantity] = [
        months_quantity,
        _max_quantity(maximum, provision),
    ]
    amounts: tuple[Amount, ...] = ()
    dates: list[KeyDate] = [
        KeyDate("benefit_framework_start", start, _AVIG_9_2),
        KeyDate("benefit_framework_end", end, _AVIV_41B_2 if pre_ret else _AVIG_9_2),
    ]
    if pre_ret:
        window = int(v["alv.pre_retirement_window_years"])
        extra = int(v["alv.additional_daily_allowances_pre_retirement"])
        reasons.append(_pre_retirement_reason(window, extra))

    waiting = 0
    earnings = emp.insured_monthly_earnings
    if earnings is not None:
        # The allowance, the rate and the waiting days depend on these facts only: computed
        # once per day and key (the key holds the earnings as text: 5000 and 5000.00 differ).
        key = (str(earnings.amount), duty_now, degree, duty_start, exemption_reason)
        memo = state.earnings
        facts = memo.get(key)
        if facts is None:
            facts = memo[key] = _earnings_facts(
                earnings, duty_now, degree, duty_start, exemption_reason, day
            )
        waiting = facts.waiting
        amounts = facts.amounts
        quantities.append(facts.rate)
        quantities.append(facts.waiting_days)
        if tracing:
            # The two steps show facts of the key only (`exempt` is `exemption_reason is not
            # None`): built with the first case that is traced and kept with the facts.
            steps = facts.steps
            if steps is None:
                steps = facts.steps = _earnings_steps(facts, duty_now, degree, duty_start, exempt)
            trace.steps.extend(steps)
    else:
        reasons.append(_EARNINGS_MISSING)

    # Aussteuerung: used up within this framework (Art. 27), or the framework ends first (Art. 9).
    exhausted_spell = None
    drawn = 0
    if cash:
        for s in cash:
            if s.end_reason is _EXHAUSTED_END and start <= s.start <= end:
                exhausted_spell = s
                break
        drawn = _drawn(cash, start, min(end, on), waiting, v)
    remaining = 0 if exhausted_spell is not None else max(0, maximum - drawn)
    # While an exemption is unclear (Art. 14), the person gets the exempt maximum (Art. 27
    # Abs. 4) if it applies and none otherwise: drawn up to that maximum, the entitlement is
    # used up on every reading, so the clarification cannot change the outcome.
    exhausted_either_way = False
    if exemption_unclear and exemption is not None and exhausted_spell is None:
        if_exempt = _max_count(
            v, months, age_start, duty_start, degree_start, True, False, exemption.reason
        )
        exhausted_either_way = if_exempt > 0 and drawn >= if_exempt
    quantities.append(_days_quantity("allowances_drawn", drawn))
    quantities.append(_days_quantity("remaining_daily_allowances", remaining))
    if tracing:
        trace.steps.append(_remaining_step(maximum, drawn, remaining))
    if exhausted_spell is not None or (maximum > 0 and remaining == 0) or exhausted_either_way:
        reasons.append(_EXHAUSTED)
        last = exhausted_spell.end if exhausted_spell and exhausted_spell.end else on
        dates.append(KeyDate("exhaustion_date", last, _AVIG_27_1))
    elif maximum > 0:
        # Allowances are counted up to `on`; payment starts after the waiting days.
        per_week = int(v["alv.daily_allowances_per_week"])
        first_payable = _nth_allowance_day(start, waiting, per_week) + _DAY if waiting else start
        payable_from = max(on + _DAY, first_payable)
        by_count = _nth_allowance_day(payable_from, remaining, per_week)
        # The framework end (Art. 9) or the last day before the AHV old-age pension
        # (Art. 8 Abs. 1 lit. d with AHVG Art. 21 Abs. 2), whichever comes first.
        limit = min(end, last_alv_day)
        if by_count <= limit:
            dates.append(KeyDate("exhaustion_date", by_count, _AVIG_27_1))
        else:
            dates.append(
                KeyDate("exhaustion_date", limit, _AHVG_21_2 if limit < end else _AVIG_9_2)
            )

    outcome = outcome_of(reasons, unclear)
    if tracing:
        trace.steps.append(_entitlement_step(len(reasons), outcome))
    # Positional, in the order of the fields (a call per unemployed person).
    determination = Determination(
        _ALV_FUND,
        "alv.entitlement",
        outcome,
        tuple(reasons),
        on,
        amounts,
        tuple(quantities),
        tuple(dates),
    )
    return determination, found, registered


def _step(
    rule: str, inputs: tuple[tuple[str, str], ...], result: object, refs: tuple[LegalRef, ...]
) -> TraceStep:
    """The step :meth:`Trace.step` records, built directly from inputs already shown as text.

    Every input and result of the ALV steps is a str, int, bool, None, Decimal, Money or
    StrEnum member, which a trace shows as ``str()`` gives it; building the step here
    skips Trace.step's generic formatting (≈ 8 steps per unemployed person).
    """
    return TraceStep(rule, inputs, str(result), refs)


def _recorded(rule: str, inputs: dict[str, InputValue], result: object) -> TraceStep:
    """The step :meth:`Trace.step` records for a constant step, built once at import."""
    scratch = Trace()
    scratch.step(rule, inputs, result)
    return scratch.steps[0]


# Steps whose inputs take few values (ages, percentages, counts: 10 to 500 different steps in
# a caseload of 2,000) are built once each; the others are built per case by _step.


@functools.lru_cache(maxsize=512)
def _age_step(age: int, school: bool, below_age: bool) -> TraceStep:
    return _step(
        "alv.age_condition",
        (("age", str(age)), ("compulsory_school_completed", str(school))),
        below_age,
        (_AVIG_8_1_D, _AHVG_21_2),
    )


@functools.lru_cache(maxsize=1024)
def _placeability_step(
    percent: int, advance: bool, status: Placeability, ref: LegalRef
) -> TraceStep:
    return _step(
        "alv.placeability",
        (("incapacity_percent", str(percent)), ("iv_claim_pending", str(advance))),
        status,
        (ref,),
    )


@functools.lru_cache(maxsize=4096)
def _remaining_step(maximum: int, drawn: int, remaining: int) -> TraceStep:
    return _step(
        "alv.remaining",
        (("maximum", str(maximum)), ("drawn", str(drawn))),
        remaining,
        (_AVIG_27_1,),
    )


# Keyed on the minimum's text as well: 12 and 12.0 are equal keys but read differently. The
# months are always shown to the hundredth, so equal months read alike.
@functools.lru_cache(maxsize=4096)
def _contribution_step(
    periods: int, minimum_text: str, minimum: Decimal, shown_months: Decimal
) -> TraceStep:
    return _step(
        "alv.contribution_months",
        (("periods", str(periods)), ("minimum", str(minimum))),
        shown_months,
        _CONTRIBUTION_REFS,
    )


@functools.lru_cache(maxsize=256)
def _exemption_step(
    reason: ExemptionReason | None, months: int | None, applies: bool | None
) -> TraceStep:
    return _step(
        "alv.exemption",
        (("reason", str(reason)), ("months", str(months))),
        applies,
        _EXEMPTION_REFS,
    )


@functools.lru_cache(maxsize=4096)
def _max_step(
    shown_months: Decimal,
    age: int,
    duty: bool,
    degree: int | None,
    exempt: bool,
    pre_retirement: bool,
    maximum: int,
) -> TraceStep:
    return _step(
        "alv.max_daily_allowances",
        (
            ("contribution_months", str(shown_months)),
            ("age", str(age)),
            ("maintenance_duty", str(duty)),
            ("iv_pension_degree", str(degree)),
            ("exempt", str(exempt)),
            ("pre_retirement", str(pre_retirement)),
        ),
        maximum,
        _MAX_REFS,
    )


@functools.lru_cache(maxsize=64)
def _entitlement_step(conditions: int, outcome: Outcome) -> TraceStep:
    return _step("alv.entitlement", (("conditions", str(conditions)),), outcome, (_AVIG_8_1,))


_NOT_ELIGIBLE_STEPS: Final = (
    _recorded("alv.entitlement", {"unemployed": False}, Outcome.NOT_ELIGIBLE),
    _recorded("alv.entitlement", {"unemployed": True}, Outcome.NOT_ELIGIBLE),
)
_CONTRIBUTION_REFS: Final = (_AVIV_11_1, _AVIG_13_1)
_EXEMPTION_REFS: Final = (_AVIG_14_1,)
_MAX_REFS: Final = (_AVIG_27_2,)


# Quantities of a few hundred values (allowances are counted in days, months in hundredths):
# each built once (frozen, so shared by the determinations that report it).


@functools.lru_cache(maxsize=2048)
def _days_quantity(name: str, days: int) -> Quantity:
    return Quantity(name, Decimal(days), "days", _AVIG_27_1)


@functools.lru_cache(maxsize=256)
def _max_quantity(maximum: int, provision: int) -> Quantity:
    """The maximum under the provision ``_MAX_PROVISIONS[provision]`` (see :func:`_max_provision`)."""
    return Quantity("max_daily_allowances", Decimal(maximum), "days", _MAX_PROVISIONS[provision])


@functools.lru_cache(maxsize=4096)
def _contribution(
    full: int, loose: int, days_per_month: str, minimum_text: str
) -> tuple[Decimal, Decimal, Decimal, bool, Quantity, Reason]:
    """The contribution months (AVIG Art. 13, see :func:`contribution_months`) from the whole
    months and loose days, shown to the hundredth; the minimum, whether it is met, the quantity
    and the reason met or not met. Keyed on the parameters' texts (12 and 12.0 read differently).
    """
    months = Decimal(full) + Decimal(loose) / Decimal(days_per_month)
    minimum = Decimal(minimum_text)
    met = months >= minimum
    shown = months.quantize(_MONTHS, rounding=ROUND_DOWN)
    quantity = Quantity("contribution_months", shown, "months", _AVIG_13_1)
    reason = (
        _contribution_met_reason(shown, minimum)
        if met
        else _contribution_not_met_reason(shown, minimum)
    )
    return months, shown, minimum, met, quantity, reason


class _AlvDay:
    """The ALV's state for one day under one parameter set: ``day_of(params, on)[_AlvDay]``."""

    __slots__ = ("earnings", "not_eligible", "rav")

    def __init__(self, day: Day) -> None:
        #: (earnings as text, duty now, IV degree, duty at the start, exemption) → _EarningsFacts.
        self.earnings = Memo()
        #: id of a placeability finding → (the finding, its ``rav.placeability``); the finding
        #: is held so that its id cannot be reused while the entry lives.
        self.rav = Memo()
        #: ``alv.entitlement`` of a person who is not unemployed, or unemployed without a
        #: framework: the same for everyone on the day (by ``unemployed``).
        self.not_eligible = tuple(
            Determination(
                institution=_ALV_FUND,
                rule="alv.entitlement",
                outcome=Outcome.NOT_ELIGIBLE,
                reasons=(reason,),
                on=day.on,
            )
            for reason in _UNEMPLOYED
        )


def _drawn(
    cash: Sequence[Spell], first: date, last_day: date, waiting_days: int, v: Mapping[str, Decimal]
) -> int:
    """:func:`allowances_drawn` for spells already in start order, framework from ``first`` to ``last_day``."""
    waiting_left = waiting_days
    total = 0
    for s in cash:
        begin = s.start
        if not (first <= begin <= last_day):
            continue
        if s.daily_allowances_drawn is not None:
            total += s.daily_allowances_drawn
            waiting_left = 0
            continue
        stop = s.end
        if stop is None or stop > last_day:
            stop = last_day
        days = _working_days(begin, stop, int(v["alv.daily_allowances_per_week"]))
        deduct = min(days, waiting_left)
        waiting_left -= deduct
        total += days - deduct
    return total


def _working_days(first: date, last: date, per_week: int) -> int:
    """:func:`working_days` with the allowances per week given."""
    if last < first:
        return 0
    weeks, rest = divmod((last - first).days + 1, 7)
    count = weeks * per_week
    weekday = first.weekday()
    for i in range(rest):
        if (weekday + i) % 7 < per_week:
            count += 1
    return count


def _max_insured(day: Day) -> Money:
    return Money(day.decimals["alv.max_insured_earnings_month"])


def _reduced_floor(day: Day) -> Money:
    return Money(day.decimals["alv.reduced_rate_daily_allowance_threshold"])


def _brackets(table: dict[Decimal, Decimal]) -> list[tuple[Decimal, int]]:
    return [(upper, int(table[upper])) for upper in sorted(table)]


def _waiting_with_duty(day: Day) -> list[tuple[Decimal, int]]:
    return _brackets(day.params.table("alv.waiting_days_with_maintenance_duty", day.on))


def _waiting_without_duty(day: Day) -> list[tuple[Decimal, int]]:
    return _brackets(day.params.table("alv.waiting_days_no_maintenance_duty", day.on))


class _EarningsFacts:
    """What ``alv.entitlement`` derives from the insured earnings (see :func:`_earnings_facts`)."""

    __slots__ = ("allowance", "amounts", "capped", "rate", "steps", "waiting", "waiting_days")

    def __init__(
        self,
        capped: Money,
        allowance: Money,
        waiting: int,
        amounts: tuple[Amount, Amount],
        rate: Quantity,
        waiting_days: Quantity,
    ) -> None:
        self.capped = capped
        self.allowance = allowance
        self.waiting = waiting
        self.amounts = amounts
        self.rate = rate
        self.waiting_days = waiting_days
        #: The trace steps ``alv.daily_allowance`` and ``alv.waiting_days``, once traced.
        self.steps: tuple[TraceStep, TraceStep] | None = None


def _earnings_steps(
    facts: _EarningsFacts, duty_now: bool, degree: int | None, duty_start: bool, exempt: bool
) -> tuple[TraceStep, TraceStep]:
    capped = str(facts.capped)
    return (
        _step(
            "alv.daily_allowance",
            (
                ("insured_monthly", capped),
                ("maintenance_duty", str(duty_now)),
                ("iv_pension_degree", str(degree)),
            ),
            facts.allowance,
            (_AVIG_22_1, _AVIV_40A),
        ),
        _step(
            "alv.waiting_days",
            (
                ("insured_monthly", capped),
                ("maintenance_duty", str(duty_start)),
                ("exempt", str(exempt)),
            ),
            facts.waiting,
            (_AVIG_18_1,),
        ),
    )


def _earnings_facts(
    earnings: Money,
    duty_now: bool,
    degree: int | None,
    duty_start: bool,
    exemption_reason: ExemptionReason | None,
    day: Day,
) -> _EarningsFacts:
    """The daily allowance (AVIG Art. 22-23) and the waiting days (Art. 18) of ``alv.entitlement``.

    :func:`insured_earnings`, :func:`daily_allowance_rate`, :func:`daily_allowance`,
    :func:`general_waiting_days` and :func:`special_waiting_days` in one, each parameter
    read once from the day.
    """
    v = day.decimals
    capped = earnings.min(day[_max_insured])
    # daily_allowance_rate(capped, ...): the full allowance decides whether the reduced rate applies.
    full_rate = v["alv.daily_allowance_rate_full"]
    divisor = v["alv.days_per_month_divisor"]
    full = capped * full_rate / _HUNDRED / divisor
    threshold = v["alv.reduced_rate_daily_allowance_threshold"]
    iv_limit = v["alv.reduced_rate_iv_degree_limit"]
    reduced = not duty_now and full.amount > threshold and (degree is None or degree < iv_limit)
    if reduced:
        rate = v["alv.daily_allowance_rate_reduced"]
        # daily_allowance(capped, ...) without capping and finding the rate a second time.
        value = capped * rate / _HUNDRED / divisor
        if rate != full_rate:
            value = value.max(day[_reduced_floor])
    else:
        rate = full_rate
        value = full
    allowance = value.rounded()
    amounts = (
        Amount("daily_allowance", allowance, _AVIV_40A),
        Amount("insured_monthly_earnings", capped, _AVIG_23_1),
    )
    rate_quantity = Quantity(
        "rate", rate, "percent", _AVIG_22_2 if rate != full_rate else _AVIG_22_1
    )
    # general_waiting_days: by annual insured earnings, with or without maintenance duty.
    annual = capped.amount * 12
    general = None
    for upper, days in day[_waiting_with_duty if duty_start else _waiting_without_duty]:
        if annual <= upper:
            general = days
            break
    if general is None:
        raise ValueError("the waiting-day table has no open upper bracket")
    special = special_waiting_days(exemption_reason, day.params, day.on)
    waiting = general + special
    waiting_quantity = Quantity(
        "waiting_days", Decimal(waiting), "days", _AVIV_6_1 if special else _AVIG_18_1
    )
    return _EarningsFacts(capped, allowance, waiting, amounts, rate_quantity, waiting_quantity)


def _max_count(
    v: Mapping[str, Decimal],
    contribution_months: Decimal | int,
    age: int,
    has_maintenance_duty: bool,
    iv_pension_degree: int | None,
    exempt: bool,
    pre_retirement: bool,
    exemption_reason: ExemptionReason | None,
) -> int:
    """:func:`max_daily_allowances` on the day's parameter dict ``v``."""
    if exempt:
        if exemption_reason is ExemptionReason.LOSS_OF_IV_PENSION:
            return int(v["alv.max_daily_allowances_loss_of_iv_pension"])
        return int(v["alv.max_daily_allowances_exempt"])
    months = Decimal(contribution_months)
    if months < v["alv.contribution_months_threshold_260"]:
        return 0
    iv_ok = iv_pension_degree is not None and iv_pension_degree >= v["alv.iv_degree_threshold_520"]
    if months >= v["alv.contribution_months_threshold_520"] and (
        age >= v["alv.age_threshold_520"] or iv_ok
    ):
        base = v["alv.max_daily_allowances_22_months"]
    elif months >= v["alv.contribution_months_threshold_400"]:
        base = v["alv.max_daily_allowances_18_months"]
    else:
        base = v["alv.max_daily_allowances_12_months"]
    if age < v["alv.young_age_limit"] and not has_maintenance_duty:
        # The Abs. 5bis category carries no additional allowances (awa.sg.ch table, footnote 1).
        return int(min(base, v["alv.max_daily_allowances_young"]))
    if pre_retirement:
        base += v["alv.additional_daily_allowances_pre_retirement"]
    return int(base)


# The provisions of the maximum (AVIG Art. 27), numbered for _max_quantity's key: a LegalRef
# hashes through a Python call, an int does not (this runs for every unemployed person).
_MAX_PROVISIONS: Final = (_AVIG_27_2, _AVIG_27_3, _AVIG_27_4, _AVIG_27_5, _AVIG_27_5BIS)


def _max_provision(
    v: Mapping[str, Decimal],
    exempt: bool,
    reason: ExemptionReason | None,
    age: int,
    duty: bool,
    pre_retirement: bool,
) -> int:
    """The provision of the maximum :func:`max_daily_allowances` gives (AVIG Art. 27), as its
    index in ``_MAX_PROVISIONS``."""
    if exempt:
        if reason is ExemptionReason.LOSS_OF_IV_PENSION:
            return 3  # Abs. 5
        return 2  # Abs. 4
    if age < v["alv.young_age_limit"] and not duty:
        return 4  # Abs. 5bis
    if pre_retirement:
        return 1  # Abs. 3
    return 0  # Abs. 2


_PLACEABILITY_OUTCOME: Final = {
    Placeability.PLACEABLE: Outcome.ELIGIBLE,
    Placeability.NOT_PLACEABLE: Outcome.NOT_ELIGIBLE,
    Placeability.UNCLEAR: Outcome.NEEDS_CLARIFICATION,
}


def rav_placeability(case: Case, ctx: RuleContext) -> Determination | None:
    """``rav.placeability`` for the RAV — AVIG Art. 15, AVIV Art. 15 Abs. 3.

    Only for persons who are unemployed or registered with the RAV/ALV; None otherwise.
    ELIGIBLE = placeable, NOT_ELIGIBLE = not placeable, NEEDS_CLARIFICATION = the
    data cannot decide. When the ALV pays in advance of the IV, a second reason says so.
    """
    return _rav_placeability(case, ctx, None, None)


def _rav_placeability(
    case: Case,
    ctx: RuleContext,
    found: PlaceabilityFinding | None,
    registered: bool | None,
    state: _AlvDay | None = None,
) -> Determination | None:
    """:func:`rav_placeability`, reusing the finding and registration of ``alv.entitlement``."""
    person = case.person
    on = ctx.on
    if person.employment.status not in _UNEMPLOYED_STATUSES:
        if registered is None:
            registered = _registered(case, on)
        if not registered:
            return None
    if found is None:
        found = placeability(person, case.claims, ctx.parameters, on)
    # The determination depends on the finding and the day only: one per finding and day.
    if state is None:
        state = day_of(ctx.parameters, on)[_AlvDay]
    memo = state.rav
    entry = memo.get(id(found))
    if entry is not None and entry[0] is found:
        determination: Determination = entry[1]
        return determination
    determination = Determination(
        institution=_RAV,
        rule="rav.placeability",
        outcome=_PLACEABILITY_OUTCOME[found.status],
        reasons=(found.reason, _COORDINATE_WITH_IV) if found.advance else (found.reason,),
        on=on,
    )
    memo[id(found)] = (found, determination)
    return determination


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """The ALV determinations for ``case`` on ``ctx.on``: ``alv.entitlement`` and, if relevant, ``rav.placeability``."""
    # One look-up of the day for both determinations.
    day = day_of(ctx.parameters, ctx.on)
    determination, found, registered = _entitlement(case, ctx, day)
    rav = _rav_placeability(case, ctx, found, registered, day[_AlvDay])
    if rav is None:
        return [determination]
    return [determination, rav]
