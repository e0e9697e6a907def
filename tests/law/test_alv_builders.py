"""Builder for ALV test cases (no real person's data); imported by the ALV test modules."""

from __future__ import annotations

from datetime import date

from iizcore.model import (
    Benefit,
    Case,
    Claim,
    ContributionPeriod,
    Employment,
    EmploymentStatus,
    Exemption,
    Health,
    Household,
    HouseholdMember,
    InstitutionKind,
    MemberRole,
    Money,
    Person,
    Residence,
    Sex,
    Spell,
)


def alv_case(
    *,
    born: date = date(1980, 5, 17),
    sex: Sex = Sex.FEMALE,
    as_of: date = date(2025, 3, 3),
    unemployed_since: date | None = date(2024, 11, 1),
    periods: tuple[ContributionPeriod, ...] = (
        ContributionPeriod(date(2021, 1, 1), date(2024, 10, 31)),
    ),
    earnings: str | None = "6200",
    children: tuple[date, ...] = (),
    exemption: Exemption | None = None,
    health: Health | None = None,
    history: tuple[Spell, ...] | None = None,
    claims: tuple[Claim, ...] = (),
    status: EmploymentStatus = EmploymentStatus.UNEMPLOYED,
    willing: bool = True,
) -> Case:
    person = Person(
        id="p-1",
        birth_date=born,
        sex=sex,
        residence=Residence(canton="ZH", bfs_municipality=261),
        household=Household(
            members=tuple(HouseholdMember(role=MemberRole.CHILD, birth_date=c) for c in children)
        ),
        health=health or Health(),
        employment=Employment(
            status=status,
            unemployed_since=unemployed_since,
            contribution_periods=periods,
            insured_monthly_earnings=Money.chf(earnings) if earnings is not None else None,
            exemption=exemption,
            willing_and_able_to_work=willing,
        ),
    )
    if history is None:
        history = (
            (Spell(InstitutionKind.ALV_FUND, Benefit.CASH, unemployed_since),)
            if unemployed_since is not None and unemployed_since <= as_of
            else ()
        )
    return Case(id="c-1", person=person, as_of=as_of, history=history, claims=claims)
