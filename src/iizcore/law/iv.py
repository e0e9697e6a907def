"""Disability insurance (Invalidenversicherung, IVG SR 831.20 / IVV SR 831.201).

Four rules, each a determination for :attr:`InstitutionKind.IV_OFFICE`:

* ``iv.early_detection`` (Früherfassung, IVG Art. 3a-3c; Art. 3abis since
  2022): whether a report to the IV office is indicated and who may report
  (Art. 3b Abs. 2). Before 2022 the ordinance required an uninterrupted
  incapacity of at least 30 days or repeated short absences within a year
  (IVV Art. 1ter, old version — unverified); since 1.1.2022 persons unable to
  work or threatened by a long-lasting incapacity may be reported, without a
  minimum duration (IVG Art. 3abis Abs. 2 lit. b). The threshold is the dated
  parameter ``iv.early_detection_min_incapacity_days`` (0 = no minimum).
* ``iv.early_intervention`` (Frühintervention, IVG Art. 7d): for registered
  insured persons unable to work (lit. b/c) and, since 2022, health-impaired
  young people aged 13-25 (lit. a); no legal claim (Abs. 3); cost cap per
  person (IVV Art. 1octies).
* ``iv.integration_measures`` (Integrationsmassnahmen, IVG Art. 14a):
  incapacity of at least 50 % for at least six months (Abs. 1 lit. a), or,
  since 2022, non-working persons under 25 threatened by invalidity (lit. b).
* ``iv.pension`` (IVG Art. 28-30): waiting year with an average incapacity
  of at least 40 %, degree of invalidity of at least 40 %, start six months
  after the claim (Art. 29 Abs. 1), not before the month after the 18th
  birthday, ending at the reference age (Art. 30); pension share by
  :func:`pension_share` — Art. 28b linear system for entitlements from
  1.1.2022, the four-step system before.

The WEIV transitional rules for pensions that arose before 2022 were not
verified (VERIFICATION.md item 15): the share is always read with the system
in force on the day the entitlement arose.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from iizcore.law.ahv import add_months, reference_age_date
from iizcore.law.determination import (
    Amount,
    Determination,
    KeyDate,
    Outcome,
    Quantity,
    Reason,
    RuleContext,
)
from iizcore.law.parameters import ParameterSet
from iizcore.model.case import Case, Claim, ClaimOutcome
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.person import EmploymentStatus, Person
from iizcore.model.reference import LegalRef

__all__ = [
    "OTHER_REPORTERS",
    "REPORTERS",
    "determinations",
    "early_detection",
    "early_intervention",
    "incapacity_days",
    "integration_measures",
    "iv_claim",
    "may_report",
    "pension",
    "pension_share",
    "pension_start",
]

#: Weiterentwicklung der IV (WEIV), BG of 19.6.2020, in force 1.1.2022 (AS 2021 705).
_WEIV: Final = date(2022, 1, 1)

#: "wiederholt" (repeated) short absences: more than one within the year (old IVV Art. 1ter).
_REPEATED: Final = 2

_ART_3B_2: Final = LegalRef("IVG", "3b", paragraph="2")

#: Institutions entitled to report for early detection (IVG Art. 3b Abs. 2), with the letter
#: and the date the letter came into force. Persons (the insured, family members, doctors)
#: and bodies the model has no kind for (pension funds, military and health insurance) are
#: listed in :data:`OTHER_REPORTERS`.
REPORTERS: Final[tuple[tuple[InstitutionKind, str, date], ...]] = (
    (InstitutionKind.EMPLOYER, "c", date(2008, 1, 1)),
    (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, "e", date(2008, 1, 1)),
    (InstitutionKind.ACCIDENT_INSURANCE, "g", date(2008, 1, 1)),
    (InstitutionKind.ALV_FUND, "i", date(2008, 1, 1)),
    (InstitutionKind.RAV, "i", date(2008, 1, 1)),
    (InstitutionKind.LABOUR_MARKET_AUTHORITY, "i", date(2008, 1, 1)),
    (InstitutionKind.SOCIAL_ASSISTANCE, "j", date(2008, 1, 1)),
    (InstitutionKind.CANTONAL_SOCIAL_OFFICE, "j", date(2008, 1, 1)),
    # lit. m: cantonal bodies for the vocational integration of young people (Art. 68bis Abs. 1bis).
    (InstitutionKind.VOCATIONAL_EDUCATION, "m", _WEIV),
)

OTHER_REPORTERS: Final = Labels(
    de=(
        "Die versicherte Person und ihre gesetzliche Vertretung, Familienangehörige im "
        "gemeinsamen Haushalt, behandelnde Ärzte und Chiropraktoren, private Taggeld- und "
        "Rentenversicherer, Einrichtungen der beruflichen Vorsorge, die Militärversicherung und "
        "(seit 2022) der Krankenversicherer."
    ),
    en=(
        "The insured person and their legal representative, family members in the same "
        "household, treating doctors and chiropractors, private daily-allowance and pension "
        "insurers, occupational pension institutions, the military insurance and (since 2022) "
        "the health insurer."
    ),
)


def may_report(kind: InstitutionKind, on: date) -> LegalRef | None:
    """The letter of IVG Art. 3b Abs. 2 entitling ``kind`` to report on ``on``, or None."""
    for reporter, letter, since in REPORTERS:
        if reporter is kind and on >= since:
            return LegalRef("IVG", "3b", paragraph="2", letter=letter)
    return None


def pension_share(degree: int | Decimal, on: date, params: ParameterSet) -> Decimal:
    """Pension share in percent of a full pension for an invalidity ``degree`` (Rentenanteil).

    Reads ``iv.pension_share_by_degree`` in force on ``on``: since 1.1.2022
    IVG Art. 28b (40-49 % table, 50-69 % share = degree, from 70 % a full
    pension); before, the four steps ¼, ½, ¾, full at 40/50/60/70 %.
    Below the lowest step: 0.

    Raises:
        ValueError: if ``degree`` is outside 0-100.
        ParameterError: if ``on`` is before the first table.
    """
    value = Decimal(degree)
    if not Decimal(0) <= value <= Decimal(100):
        raise ValueError("the invalidity degree must be between 0 and 100")
    table = params.table("iv.pension_share_by_degree", on)
    steps = [k for k in table if k <= value]
    return table[max(steps)] if steps else Decimal(0)


def incapacity_days(person: Person, on: date) -> int:
    """Days of the current incapacity to work up to ``on``, both included (0 if none)."""
    since = person.health.incapacity_since
    if person.health.incapacity_percent == 0 or since is None or since > on:
        return 0
    return (on - since).days + 1


def iv_claim(case: Case, on: date) -> Claim | None:
    """The first claim with the IV filed by ``on`` (Anmeldung, ATSG Art. 29 Abs. 1)."""
    claims = sorted(
        (c for c in case.claims if c.institution is InstitutionKind.IV_OFFICE and c.filed_on <= on),
        key=lambda c: c.filed_on,
    )
    return claims[0] if claims else None


def _in_force(params: ParameterSet, name: str, on: date) -> bool:
    return name in params and params[name].values[0].since <= on


@functools.lru_cache(maxsize=2048)
def _label(de: str, en: str) -> Labels:
    # Most reason texts are constant: build each frozen Labels once and share it.
    return Labels(de=de, en=en)


def _outcome(reasons: Sequence[Reason], unclear: bool = False) -> Outcome:
    if any(r.met is False for r in reasons):
        return Outcome.NOT_ELIGIBLE
    if unclear:
        return Outcome.NEEDS_CLARIFICATION
    return Outcome.ELIGIBLE


_ATSG_29: Final = LegalRef("ATSG", "29", paragraph="1")


def _registration_reason(case: Case, on: date, ref: LegalRef) -> Reason:
    claim = iv_claim(case, on)
    return Reason(
        "iv.registered",
        ref,
        _label(
            "Bei der IV angemeldet." if claim else "Nicht bei der IV angemeldet.",
            "Registered with the IV." if claim else "Not registered with the IV.",
        ),
        met=claim is not None,
    )


def early_detection(case: Case, ctx: RuleContext) -> Determination:
    """``iv.early_detection``: is a report for early detection indicated, and who may report."""
    on, person = ctx.on, case.person
    health = person.health
    threshold_row = ctx.entry("iv.early_detection_min_incapacity_days")
    threshold = int(threshold_row.decimal)
    days = incapacity_days(person, on)
    reasons: list[Reason] = []
    dates: list[KeyDate] = []
    unclear = False
    if threshold > 0:
        # Old law: uninterrupted incapacity of at least `threshold` days, or repeated short absences.
        long_enough = days >= threshold
        repeated = health.short_absences_last_year >= _REPEATED
        indicated = long_enough or repeated
        text = (
            f"Arbeitsunfähigkeit seit {days} Tagen (Mindestdauer {threshold}); "
            f"{health.short_absences_last_year} Kurzabsenzen im letzten Jahr."
        )
        text_en = (
            f"Unable to work for {days} days (minimum {threshold}); "
            f"{health.short_absences_last_year} short absences in the last year."
        )
        if not indicated and days > 0 and health.incapacity_since is not None:
            dates.append(
                KeyDate(
                    "report_indicated_from",
                    health.incapacity_since + timedelta(days=threshold - 1),
                    threshold_row.ref,
                )
            )
        reasons.append(
            Reason(
                "iv.early_detection.incapacity", threshold_row.ref, _label(text, text_en), indicated
            )
        )
    else:
        # Since 2022 (IVG Art. 3abis Abs. 2 lit. b): unable to work or threatened by a
        # long-lasting incapacity, without a minimum duration.
        ref = LegalRef("IVG", "3abis", paragraph="2", letter="b")
        indicated = days > 0 or health.at_risk_of_incapacity
        if indicated:
            reasons.append(
                Reason(
                    "iv.early_detection.incapacity",
                    ref,
                    _label(
                        "Arbeitsunfähig oder von länger dauernder Arbeitsunfähigkeit bedroht; "
                        "keine Mindestdauer (IVV Art. 1ter seit 2022).",
                        "Unable to work or threatened by a long-lasting incapacity; no minimum "
                        "duration (IVV Art. 1ter since 2022).",
                    ),
                    met=True,
                )
            )
        elif health.short_absences_last_year >= _REPEATED:
            unclear = True
            reasons.append(
                Reason(
                    "iv.early_detection.short_absences",
                    ref,
                    _label(
                        "Wiederholte Kurzabsenzen: zu klären ist, ob eine länger dauernde "
                        "Arbeitsunfähigkeit droht.",
                        "Repeated short absences: whether a long-lasting incapacity threatens "
                        "must be clarified.",
                    ),
                    met=None,
                )
            )
        else:
            reasons.append(
                Reason(
                    "iv.early_detection.incapacity",
                    ref,
                    _label(
                        "Weder arbeitsunfähig noch von Arbeitsunfähigkeit bedroht.",
                        "Neither unable to work nor threatened by incapacity.",
                    ),
                    met=False,
                )
            )
    involved = sorted(
        {s.institution for s in case.active_spells(on) if may_report(s.institution, on)}
    )
    names_de = ", ".join(k.labels.de for k in involved) or "keine"
    names_en = ", ".join(k.labels.get("en") for k in involved) or "none"
    reasons.append(
        Reason(
            "iv.early_detection.reporters",
            _ART_3B_2,
            _label(
                f"Meldeberechtigte beteiligte Stellen: {names_de}. Ausserdem: {OTHER_REPORTERS.de}",
                f"Involved bodies entitled to report: {names_en}. Also: {OTHER_REPORTERS.get('en')}",
            ),
        )
    )
    outcome = _outcome(reasons, unclear)
    ctx.trace.step(
        "iv.early_detection",
        {"incapacity_days": days, "short_absences": health.short_absences_last_year},
        outcome.value,
        *(r.ref for r in reasons),
    )
    return Determination(
        institution=InstitutionKind.IV_OFFICE,
        rule="iv.early_detection",
        outcome=outcome,
        reasons=tuple(reasons),
        on=on,
        dates=tuple(dates),
    )


def early_intervention(case: Case, ctx: RuleContext) -> Determination:
    """``iv.early_intervention`` (IVG Art. 7d; IVV Art. 1sexies, 1octies)."""
    on, params, person = ctx.on, ctx.parameters, case.person
    age = person.age_on(on)
    unable = incapacity_days(person, on) > 0
    young = False
    if _in_force(params, "iv.early_intervention_young_min_age", on):
        low = ctx.param("iv.early_intervention_young_min_age")
        limit = ctx.param("iv.early_intervention_young_age_limit")
        young = low <= age < limit and person.health.has_health_problem
    if unable:
        path = Reason(
            "iv.early_intervention.unable_to_work",
            LegalRef("IVG", "7d", paragraph="1", letter="b"),
            _label("Arbeitsunfähig (ATSG Art. 6).", "Unable to work (ATSG Art. 6)."),
            met=True,
        )
    elif young:
        path = Reason(
            "iv.early_intervention.young_person",
            ctx.ref("iv.early_intervention_young_min_age"),
            _label(
                f"Gesundheitlich beeinträchtigt, {age} Jahre: Unterstützung beim Zugang zur "
                "Ausbildung und zum Arbeitsmarkt.",
                f"Health-impaired, aged {age}: support in accessing training and the labour "
                "market.",
            ),
            met=True,
        )
    else:
        path = Reason(
            "iv.early_intervention.unable_to_work",
            LegalRef("IVG", "7d", paragraph="1"),
            _label(
                "Weder arbeitsunfähig noch (seit 2022) gesundheitlich beeinträchtigte junge Person.",
                "Neither unable to work nor (since 2022) a health-impaired young person.",
            ),
            met=False,
        )
    cap = ctx.entry("iv.early_intervention_max_cost_per_person")
    reasons = [
        path,
        _registration_reason(case, on, LegalRef("IVV", "1sexies", paragraph="1")),
        Reason(
            "iv.early_intervention.no_claim",
            LegalRef("IVG", "7d", paragraph="3"),
            _label(
                f"Kein Rechtsanspruch; Kosten höchstens {Money(cap.decimal)} pro Person.",
                f"No legal claim; costs at most {Money(cap.decimal)} per person.",
            ),
        ),
    ]
    outcome = _outcome(reasons)
    ctx.trace.step(
        "iv.early_intervention",
        {"age": age, "unable_to_work": unable},
        outcome.value,
        *(r.ref for r in reasons),
    )
    return Determination(
        institution=InstitutionKind.IV_OFFICE,
        rule="iv.early_intervention",
        outcome=outcome,
        reasons=tuple(reasons),
        on=on,
        amounts=(Amount("max_cost", Money(cap.decimal), cap.ref),),
    )


def integration_measures(case: Case, ctx: RuleContext) -> Determination:
    """``iv.integration_measures`` (IVG Art. 14a)."""
    on, params, person = ctx.on, ctx.parameters, case.person
    health = person.health
    pct_row = ctx.entry("iv.integration_measures_min_incapacity_percent")
    months_row = ctx.entry("iv.integration_measures_min_incapacity_months")
    months = int(months_row.decimal)
    since = health.incapacity_since
    reached = add_months(since, months) if since is not None and health.incapacity_percent else None
    lit_a = health.incapacity_percent >= pct_row.decimal and reached is not None and reached <= on
    lit_b = False
    if _in_force(params, "iv.integration_measures_young_age_limit", on):
        limit = ctx.param("iv.integration_measures_young_age_limit")
        lit_b = (
            person.age_on(on) < limit
            and person.employment.status is EmploymentStatus.NOT_IN_LABOUR_FORCE
            and health.has_health_problem
        )
    reasons: list[Reason] = []
    dates: list[KeyDate] = []
    if lit_a or not lit_b:
        reasons.append(
            Reason(
                "iv.integration_measures.incapacity",
                pct_row.ref,
                _label(
                    f"Arbeitsunfähigkeit {health.incapacity_percent} % (mindestens "
                    f"{pct_row.decimal} % während {months} Monaten verlangt).",
                    f"Incapacity {health.incapacity_percent} % (at least {pct_row.decimal} % "
                    f"for {months} months required).",
                ),
                met=lit_a,
            )
        )
        if not lit_a and reached is not None and health.incapacity_percent >= pct_row.decimal:
            dates.append(KeyDate("conditions_met_from", reached, months_row.ref))
    else:
        reasons.append(
            Reason(
                "iv.integration_measures.young_person",
                ctx.ref("iv.integration_measures_young_age_limit"),
                _label(
                    "Nicht erwerbstätige junge Person, von Invalidität bedroht.",
                    "Non-working young person threatened by invalidity.",
                ),
                met=True,
            )
        )
    reasons.append(_registration_reason(case, on, _ATSG_29))
    reasons.append(
        Reason(
            "iv.integration_measures.vocational_aim",
            LegalRef("IVG", "14a", paragraph="1bis"),
            _label(
                "Die IV-Stelle prüft, ob die Massnahmen berufliche Massnahmen vorbereiten können.",
                "The IV office assesses whether the measures can prepare vocational measures.",
            ),
        )
    )
    quantities: list[Quantity] = []
    if _in_force(params, "iv.integration_measure_max_duration_years", on):
        row = ctx.entry("iv.integration_measure_max_duration_years")
        quantities.append(Quantity("max_duration_per_measure", row.decimal, "years", row.ref))
        ext = ctx.entry("iv.integration_measure_max_extension_years")
        quantities.append(Quantity("max_extension", ext.decimal, "years", ext.ref))
    outcome = _outcome(reasons)
    ctx.trace.step(
        "iv.integration_measures",
        {"incapacity_percent": health.incapacity_percent, "age": person.age_on(on)},
        outcome.value,
        *(r.ref for r in reasons),
    )
    return Determination(
        institution=InstitutionKind.IV_OFFICE,
        rule="iv.integration_measures",
        outcome=outcome,
        reasons=tuple(reasons),
        on=on,
        quantities=tuple(quantities),
        dates=tuple(dates),
    )


def pension_start(
    claim_filed: date, waiting_year_end: date, birth_date: date, ctx: RuleContext
) -> date:
    """The day the pension entitlement arises (IVG Art. 28 Abs. 1, Art. 29 Abs. 1).

    The latest of: the end of the waiting year; six months after the claim
    (ATSG Art. 29 Abs. 1); the first day of the month after the 18th birthday.
    """
    after_claim = add_months(claim_filed, int(ctx.param("iv.pension_start_months_after_claim")))
    adult = add_months(birth_date, 12 * int(ctx.param("iv.pension_min_age")))
    first_after_adult = add_months(adult.replace(day=1), 1)
    return max(waiting_year_end, after_claim, first_after_adult)


def pension(case: Case, ctx: RuleContext) -> Determination:
    """``iv.pension``: entitlement, start and share of an IV pension (IVG Art. 28-30, 28b)."""
    on, person = ctx.on, case.person
    health = person.health
    reasons: list[Reason] = []
    dates: list[KeyDate] = []
    quantities: list[Quantity] = []
    unclear = False
    start: date | None = None
    claim = iv_claim(case, on)

    if health.iv_pension_since is not None and health.iv_pension_since <= on:
        start = health.iv_pension_since
        reasons.append(
            Reason(
                "iv.pension.running",
                LegalRef("IVG", "28", paragraph="1"),
                _label(
                    f"IV-Rente läuft seit {start.isoformat()}.",
                    f"IV pension running since {start.isoformat()}.",
                ),
                met=True,
            )
        )
    else:
        reasons.append(_registration_reason(case, on, _ATSG_29))
        avg_row = ctx.entry("iv.waiting_year_min_avg_incapacity")
        months_row = ctx.entry("iv.waiting_year_months")
        since = health.incapacity_since
        pct = health.incapacity_percent
        if pct == 0 or since is None:
            if health.invalidity_degree is not None:
                unclear = True
            reasons.append(
                Reason(
                    "iv.pension.waiting_year",
                    avg_row.ref,
                    _label(
                        "Keine Arbeitsunfähigkeit erfasst: Wartejahr nicht feststellbar.",
                        "No incapacity recorded: the waiting year cannot be established.",
                    ),
                    met=None if unclear else False,
                )
            )
        else:
            waiting_end = add_months(since, int(months_row.decimal))
            enough = pct >= avg_row.decimal
            done = enough and waiting_end <= on
            reasons.append(
                Reason(
                    "iv.pension.waiting_year",
                    avg_row.ref,
                    _label(
                        f"Wartejahr: {pct} % arbeitsunfähig seit {since.isoformat()} (mindestens "
                        f"{avg_row.decimal} % im Durchschnitt); Ablauf {waiting_end.isoformat()}.",
                        f"Waiting year: {pct} % unable to work since {since.isoformat()} (average "
                        f"of at least {avg_row.decimal} %); ends {waiting_end.isoformat()}.",
                    ),
                    met=done,
                )
            )
            if enough:
                dates.append(KeyDate("waiting_year_end", waiting_end, months_row.ref))
                if claim is not None:
                    start = pension_start(claim.filed_on, waiting_end, person.birth_date, ctx)

    degree = health.invalidity_degree
    min_row = ctx.entry("iv.pension_min_degree")
    if degree is None:
        refused = claim is not None and claim.outcome is ClaimOutcome.REFUSED
        unclear = unclear or not refused
        reasons.append(
            Reason(
                "iv.pension.degree",
                min_row.ref,
                _label(
                    "Kein Invaliditätsgrad verfügt"
                    + (
                        "; die Anmeldung wurde abgewiesen."
                        if refused
                        else ": Entscheid der IV abwarten."
                    ),
                    "No invalidity degree decided"
                    + ("; the claim was refused." if refused else ": await the IV decision."),
                ),
                met=False if refused else None,
            )
        )
    else:
        reasons.append(
            Reason(
                "iv.pension.degree",
                min_row.ref,
                _label(
                    f"Invaliditätsgrad {degree} % (mindestens {min_row.decimal} %).",
                    f"Degree of invalidity {degree} % (at least {min_row.decimal} %).",
                ),
                met=degree >= min_row.decimal,
            )
        )
        quantities.append(Quantity("invalidity_degree", Decimal(degree), "percent", min_row.ref))

    if start is not None:
        start_ref = LegalRef("IVG", "29", paragraph="1")
        dates.append(KeyDate("pension_start", start, start_ref))
        dates.append(
            KeyDate("payment_start", start.replace(day=1), LegalRef("IVG", "29", paragraph="3"))
        )
        end = reference_age_date(person, ctx, start)
        end_ref = LegalRef("IVG", "30")
        dates.append(KeyDate("pension_end", end, end_ref))
        arisen = start <= on
        reasons.append(
            Reason(
                "iv.pension.start",
                start_ref,
                _label(
                    f"Rentenanspruch entsteht am {start.isoformat()} (sechs Monate nach der "
                    "Anmeldung, nach dem Wartejahr, frühestens nach dem 18. Geburtstag).",
                    f"The entitlement arises on {start.isoformat()} (six months after the claim, "
                    "after the waiting year, at the earliest after the 18th birthday).",
                ),
                met=arisen,
            )
        )
        before_end = on < end and start < end
        reasons.append(
            Reason(
                "iv.pension.reference_age",
                end_ref,
                _label(
                    f"Der Anspruch erlischt mit dem Referenzalter am {end.isoformat()}.",
                    f"The entitlement ends at the reference age on {end.isoformat()}.",
                ),
                met=before_end,
            )
        )
        if degree is not None:
            share_row = ctx.parameters.entry("iv.pension_share_by_degree", start)
            share = pension_share(degree, start, ctx.parameters)
            quantities.append(Quantity("pension_share", share, "percent", share_row.ref))
            reasons.append(
                Reason(
                    "iv.pension.share",
                    share_row.ref,
                    _label(
                        f"Rentenanteil {share} % einer ganzen Rente (Recht am Tag der Entstehung).",
                        f"Pension share {share} % of a full pension (law on the day the "
                        "entitlement arose).",
                    ),
                )
            )
    outcome = _outcome(reasons, unclear)
    ctx.trace.step(
        "iv.pension",
        {"degree": degree, "incapacity_percent": health.incapacity_percent},
        outcome.value,
        *(r.ref for r in reasons),
    )
    return Determination(
        institution=InstitutionKind.IV_OFFICE,
        rule="iv.pension",
        outcome=outcome,
        reasons=tuple(reasons),
        on=on,
        quantities=tuple(quantities),
        dates=tuple(dates),
    )


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """The four IV determinations for ``case`` on ``ctx.on``."""
    return [
        early_detection(case, ctx),
        early_intervention(case, ctx),
        integration_measures(case, ctx),
        pension(case, ctx),
    ]
