"""Disability insurance (Invalidenversicherung, IVG SR 831.20 / IVV SR 831.201).

Four rules, each a determination for :attr:`InstitutionKind.IV_OFFICE`:

* ``iv.early_detection`` (Früherfassung, IVG Art. 3a-3c; Art. 3abis since
  2022): whether a report to the IV office is indicated and who may report
  (Art. 3b Abs. 2). Before 2022 the ordinance required an uninterrupted
  incapacity of at least 30 days or repeated short absences within a year
  (IVV Art. 1ter, old version — unverified); since 1.1.2022 persons unable to
  work or threatened by a long-lasting incapacity may be reported, without a
  minimum duration (IVG Art. 3abis Abs. 2 lit. b); young people aged 13-25
  threatened by invalidity, not yet gainfully employed and supported by a
  cantonal body under Art. 68bis Abs. 1bis/1ter may be reported too (lit. a).
  The threshold is the dated parameter ``iv.early_detection_min_incapacity_days``
  (0 = no minimum).
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
  birthday, ending when the old-age pension arises at the reference age
  (Art. 30 lit. b): on the first day of the month after the reference age is
  reached (AHVG Art. 21 Abs. 2); pension share by
  :func:`pension_share` — Art. 28b linear system for entitlements from
  1.1.2022, the four-step system before.

The WEIV transitional rules for pensions that arose before 2022 were not
verified (VERIFICATION.md item 15): the share is always read with the system
in force on the day the entitlement arose. For entitlements that arose before
the first share table (2004) the share is not determined and the outcome is
:attr:`Outcome.NEEDS_CLARIFICATION`.

Every reason text is given in German, French, Italian and English.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from iizcore.errors import ParameterError
from iizcore.law._reasons import label, outcome_of
from iizcore.law.ahv import add_months, reference_age_date
from iizcore.law.determination import (
    Amount,
    Determination,
    KeyDate,
    Outcome,
    Quantity,
    Reason,
    RuleContext,
    TraceStep,
)
from iizcore.law.parameters import ParameterSet, federal_parameters
from iizcore.law.rules import Day, Memo, day_of, first_since
from iizcore.model.case import Case, Claim, ClaimOutcome, Spell
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.person import EmploymentStatus, Health, Person
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
    "pension_end",
    "pension_share",
    "pension_start",
]

_ART_3B_2: Final = LegalRef("IVG", "3b", paragraph="2")

#: Parameters whose first row marks when early detection began (5th IV revision, 2008) and
#: when the cantonal bodies under Art. 68bis Abs. 1bis/1ter joined it (WEIV, 2022).
_EARLY_DETECTION: Final = "iv.early_detection_min_incapacity_days"
_YOUNG_DETECTION: Final = "iv.early_detection_young_min_age"

#: Institutions entitled to report for early detection (IVG Art. 3b Abs. 2), with the letter
#: and the parameter whose first row dates the letter. Persons (the insured, family members,
#: doctors) and bodies the model has no kind for (pension funds, military and health
#: insurance) are listed in :data:`OTHER_REPORTERS`.
REPORTERS: Final[tuple[tuple[InstitutionKind, str, str], ...]] = (
    (InstitutionKind.EMPLOYER, "c", _EARLY_DETECTION),
    (InstitutionKind.SICKNESS_ALLOWANCE_INSURER, "e", _EARLY_DETECTION),
    (InstitutionKind.ACCIDENT_INSURANCE, "g", _EARLY_DETECTION),
    (InstitutionKind.ALV_FUND, "i", _EARLY_DETECTION),
    (InstitutionKind.RAV, "i", _EARLY_DETECTION),
    (InstitutionKind.LABOUR_MARKET_AUTHORITY, "i", _EARLY_DETECTION),
    (InstitutionKind.SOCIAL_ASSISTANCE, "j", _EARLY_DETECTION),
    (InstitutionKind.CANTONAL_SOCIAL_OFFICE, "j", _EARLY_DETECTION),
    # lit. m: cantonal bodies for the vocational integration of young people (Art. 68bis Abs. 1bis).
    (InstitutionKind.VOCATIONAL_EDUCATION, "m", _YOUNG_DETECTION),
)

OTHER_REPORTERS: Final = Labels(
    de=(
        "Die versicherte Person und ihre gesetzliche Vertretung, Familienangehörige im "
        "gemeinsamen Haushalt, behandelnde Ärzte und Chiropraktoren, private Taggeld- und "
        "Rentenversicherer, Einrichtungen der beruflichen Vorsorge, die Militärversicherung und "
        "(seit 2022) der Krankenversicherer."
    ),
    fr=(
        "L'assuré et son représentant légal, les membres de la famille faisant ménage commun "
        "avec lui, les médecins et chiropraticiens traitants, les assureurs privés d'indemnités "
        "journalières et de rentes, les institutions de prévoyance professionnelle, "
        "l'assurance militaire et (depuis 2022) l'assureur-maladie."
    ),
    it=(
        "L'assicurato e il suo rappresentante legale, i familiari che vivono nella stessa "
        "economia domestica, i medici e i chiropratici curanti, gli assicuratori privati di "
        "indennità giornaliere e di rendite, gli istituti di previdenza professionale, "
        "l'assicurazione militare e (dal 2022) l'assicuratore malattie."
    ),
    en=(
        "The insured person and their legal representative, family members in the same "
        "household, treating doctors and chiropractors, private daily-allowance and pension "
        "insurers, occupational pension institutions, the military insurance and (since 2022) "
        "the health insurer."
    ),
)


def _in_force(params: ParameterSet, name: str, on: date) -> bool:
    since = first_since(params, name)
    return since is not None and since <= on


#: :data:`REPORTERS` by kind, with each letter's reference built once.
_REPORTER: Final[dict[InstitutionKind, tuple[LegalRef, str]]] = {
    kind: (LegalRef("IVG", "3b", paragraph="2", letter=letter), since)
    for kind, letter, since in reversed(REPORTERS)
}


def may_report(
    kind: InstitutionKind, on: date, params: ParameterSet | None = None
) -> LegalRef | None:
    """The letter of IVG Art. 3b Abs. 2 entitling ``kind`` to report on ``on``, or None.

    ``params`` (default: the federal parameters) dates each letter.
    """
    ps = params if params is not None else federal_parameters()
    # Each kind appears once in REPORTERS: one dict lookup instead of a scan.
    found = _REPORTER.get(kind)
    if found is not None and _in_force(ps, found[1], on):
        return found[0]
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
    first: Claim | None = None
    for c in case.claims:
        # Strictly earlier: of claims filed the same day the first listed wins (a stable sort).
        if (
            c.institution is InstitutionKind.IV_OFFICE
            and c.filed_on <= on
            and (first is None or c.filed_on < first.filed_on)
        ):
            first = c
    return first


_ATSG_29: Final = LegalRef("ATSG", "29", paragraph="1")
_IVV_1SEXIES_1: Final = LegalRef("IVV", "1sexies", paragraph="1")


def _registration_reason(registered: bool, ref: LegalRef) -> Reason:
    if registered:
        text = label(
            "Bei der IV angemeldet.",
            "Annoncé à l'AI (demande de prestations déposée).",
            "Annunciato all'AI (richiesta di prestazioni presentata).",
            "Registered with the IV.",
        )
    else:
        text = label(
            "Nicht bei der IV angemeldet.",
            "Pas annoncé à l'AI.",
            "Non annunciato all'AI.",
            "Not registered with the IV.",
        )
    return Reason("iv.registered", ref, text, met=registered)


#: Whether the person is registered with the IV (ATSG Art. 29 / IVV Art. 1sexies), by
#: ``claim is not None``: the reasons are the same for everyone, built once.
_REGISTERED_ATSG: Final = (
    _registration_reason(False, _ATSG_29),
    _registration_reason(True, _ATSG_29),
)
_REGISTERED_IVV: Final = (
    _registration_reason(False, _IVV_1SEXIES_1),
    _registration_reason(True, _IVV_1SEXIES_1),
)


def _names(kinds: Sequence[InstitutionKind]) -> tuple[str, str, str, str]:
    return (
        ", ".join(k.labels.de for k in kinds) or "keine",
        ", ".join(k.labels.get("fr") for k in kinds) or "aucun",
        ", ".join(k.labels.get("it") for k in kinds) or "nessuno",
        ", ".join(k.labels.get("en") for k in kinds) or "none",
    )


def _supported_by_youth_body(active: Sequence[Spell], on: date, params: ParameterSet) -> bool:
    """An active spell of a body entitled under IVG Art. 3b Abs. 2 lit. m (Art. 68bis Abs. 1bis)."""
    for s in active:
        ref = may_report(s.institution, on, params)
        if ref is not None and ref.letter == "m":
            return True
    return False


_NOT_IN_LABOUR_FORCE: Final = EmploymentStatus.NOT_IN_LABOUR_FORCE


def _never_employed(person: Person) -> bool:
    """No gainful activity recorded: no contribution period and not (partly) employed."""
    return not person.employment.contribution_periods and person.employment.status in (
        EmploymentStatus.NOT_IN_LABOUR_FORCE,
        EmploymentStatus.UNEMPLOYED,
    )


@functools.lru_cache(maxsize=256)
def _young_person_reason(age: int, ref: LegalRef) -> Reason:
    return Reason(
        "iv.early_detection.young_person",
        ref,
        label(
            f"Junge Person ({age} Jahre), von Invalidität bedroht, noch nie erwerbstätig und von "
            "einer kantonalen Stelle nach IVG Art. 68bis Abs. 1bis betreut.",
            f"Jeune ({age} ans) menacé d'invalidité, n'ayant encore jamais exercé d'activité "
            "lucrative et suivi par une instance cantonale au sens de l'art. 68bis, al. 1bis, LAI.",
            f"Giovane ({age} anni) minacciato d'invalidità, che non ha ancora esercitato "
            "un'attività lucrativa ed è seguito da un'istanza cantonale ai sensi dell'art. 68bis "
            "cpv. 1bis LAI.",
            f"Young person (aged {age}) threatened by invalidity, never gainfully employed and "
            "supported by a cantonal body under IVG Art. 68bis Abs. 1bis.",
        ),
        met=True,
    )


@functools.lru_cache(maxsize=4096)
def _old_law_incapacity_reason(
    days: int, threshold: int, absences: int, repeated: int, indicated: bool, ref: LegalRef
) -> Reason:
    text = label(
        f"Arbeitsunfähigkeit seit {days} Tagen (Mindestdauer {threshold}); "
        f"{absences} Kurzabsenzen im letzten Jahr (wiederholt: ab {repeated}).",
        f"Incapacité de travail depuis {days} jours (durée minimale {threshold}); "
        f"{absences} absences de courte durée au cours de la dernière année (répétées : dès "
        f"{repeated}).",
        f"Incapacità al lavoro da {days} giorni (durata minima {threshold}); {absences} "
        f"assenze di breve durata nell'ultimo anno (ripetute: da {repeated}).",
        f"Unable to work for {days} days (minimum {threshold}); {absences} short absences in "
        f"the last year (repeated: from {repeated}).",
    )
    return Reason("iv.early_detection.incapacity", ref, text, indicated)


_IVG_3ABIS_2_B: Final = LegalRef("IVG", "3abis", paragraph="2", letter="b")
_INCAPACITY_NO_MINIMUM: Final = Reason(
    "iv.early_detection.incapacity",
    _IVG_3ABIS_2_B,
    label(
        "Arbeitsunfähig oder von länger dauernder Arbeitsunfähigkeit bedroht; "
        "keine Mindestdauer (IVV Art. 1ter seit 2022).",
        "En incapacité de travail ou menacé d'une incapacité de travail de longue "
        "durée ; aucune durée minimale (art. 1ter RAI depuis 2022).",
        "Incapace al lavoro o minacciato da un'incapacità al lavoro di lunga "
        "durata; nessuna durata minima (art. 1ter OAI dal 2022).",
        "Unable to work or threatened by a long-lasting incapacity; no minimum "
        "duration (IVV Art. 1ter since 2022).",
    ),
    met=True,
)
_SHORT_ABSENCES: Final = Reason(
    "iv.early_detection.short_absences",
    _IVG_3ABIS_2_B,
    label(
        "Wiederholte Kurzabsenzen: zu klären ist, ob eine länger dauernde "
        "Arbeitsunfähigkeit droht.",
        "Absences de courte durée répétées : il faut clarifier si une incapacité "
        "de travail de longue durée menace.",
        "Assenze di breve durata ripetute: occorre chiarire se minaccia "
        "un'incapacità al lavoro di lunga durata.",
        "Repeated short absences: whether a long-lasting incapacity threatens must be clarified.",
    ),
    met=None,
)
_NO_INCAPACITY: Final = Reason(
    "iv.early_detection.incapacity",
    _IVG_3ABIS_2_B,
    label(
        "Weder arbeitsunfähig noch von Arbeitsunfähigkeit bedroht.",
        "Ni en incapacité de travail ni menacé d'incapacité de travail.",
        "Né incapace al lavoro né minacciato d'incapacità al lavoro.",
        "Neither unable to work nor threatened by incapacity.",
    ),
    met=False,
)


@functools.lru_cache(maxsize=256)
def _reporters_reason(involved: tuple[InstitutionKind, ...]) -> Reason:
    de, fr, it, en = _names(involved)
    return Reason(
        "iv.early_detection.reporters",
        _ART_3B_2,
        label(
            f"Meldeberechtigte beteiligte Stellen: {de}. Ausserdem: {OTHER_REPORTERS.de}",
            f"Organes impliqués habilités à communiquer : {fr}. En outre : "
            f"{OTHER_REPORTERS.get('fr')}",
            f"Organi coinvolti legittimati alla comunicazione: {it}. Inoltre: "
            f"{OTHER_REPORTERS.get('it')}",
            f"Involved bodies entitled to report: {en}. Also: {OTHER_REPORTERS.get('en')}",
        ),
    )


class _Detection:
    """The early-detection parameters of one day (read once for every case on it, see
    :class:`~iizcore.law.rules.Day`), and the determinations already built on it."""

    __slots__ = (
        "memo",
        "repeated",
        "reporting",
        "threshold",
        "threshold_row",
        "young",
        "young_bodies",
        "young_limit",
        "young_low",
        "young_ref",
    )

    def __init__(self, day: Day) -> None:
        params, on = day.params, day.on
        self.threshold_row = day.entries[_EARLY_DETECTION]
        self.threshold = int(self.threshold_row.decimal)
        self.repeated = int(day.decimals["iv.early_detection_repeated_short_absences"])
        # IVG Art. 3b Abs. 2: the kinds entitled to report on this day, with their letter.
        self.reporting = {
            kind: ref for kind, (ref, since) in _REPORTER.items() if _in_force(params, since, on)
        }
        self.young_bodies = frozenset(k for k, ref in self.reporting.items() if ref.letter == "m")
        self.young = _in_force(params, _YOUNG_DETECTION, on)
        if self.young:
            self.young_low = day.decimals[_YOUNG_DETECTION]
            self.young_limit = day.decimals["iv.early_detection_young_age_limit"]
            self.young_ref = day.entries[_YOUNG_DETECTION].ref
        self.memo: Memo = Memo()


def early_detection(case: Case, ctx: RuleContext) -> Determination:
    """``iv.early_detection``: is a report for early detection indicated, and who may report.

    Früherfassung, IVG Art. 3abis-3b (before 2022: Art. 3a-3b with the old IVV Art. 1ter).
    """
    on, person = ctx.on, case.person
    return _early_detection(
        case,
        ctx,
        day_of(ctx.parameters, on),
        case.active_spells(on),
        person.age_on(on),
        incapacity_days(person, on),
    )


# The four IV steps show two inputs each (counts, ages, percentages, booleans, a degree or
# None), their outcome and references: a few thousand different steps in a caseload, so each
# is built once (typed: True and 1 would read differently) and shared, being frozen.
_DETECTION_STEP: Final = ("iv.early_detection", "incapacity_days", "short_absences")
_INTERVENTION_STEP: Final = ("iv.early_intervention", "age", "unable_to_work")
_MEASURES_STEP: Final = ("iv.integration_measures", "incapacity_percent", "age")
_PENSION_STEP: Final = ("iv.pension", "degree", "incapacity_percent")


@functools.lru_cache(maxsize=4096, typed=True)
def _two_input_step(
    names: tuple[str, str, str],
    first: int | bool | None,
    second: int | bool | None,
    result: str,
    refs: tuple[LegalRef, ...],
) -> TraceStep:
    """The step :meth:`Trace.step` records for inputs shown as ``str()`` shows them."""
    rule, first_name, second_name = names
    return TraceStep(rule, ((first_name, str(first)), (second_name, str(second))), result, refs)


def _early_detection(
    case: Case, ctx: RuleContext, day: Day, active: Sequence[Spell], age: int, days: int
) -> Determination:
    on, person = ctx.on, case.person
    det: _Detection = day[_Detection]
    health = person.health
    absences = health.short_absences_last_year
    reporting = det.reporting
    involved = tuple(sorted({s.institution for s in active if s.institution in reporting}))
    # The determination depends on a few facts only: it is built once per day and key.
    key: tuple[object, ...]
    if det.threshold > 0:
        # Old law: uninterrupted incapacity of at least `threshold` days, or repeated short absences.
        key = (days, absences, health.incapacity_since, involved)
    elif days > 0 or health.at_risk_of_incapacity:
        # Since 2022 (IVG Art. 3abis Abs. 2 lit. b): unable to work or threatened by a
        # long-lasting incapacity, without a minimum duration.
        key = (_INCAPACITY_NO_MINIMUM, involved)
    elif (
        # lit. a: young people threatened by invalidity, never employed, supported by a
        # cantonal body under Art. 68bis Abs. 1bis.
        det.young
        and det.young_low <= age < det.young_limit
        and health.has_health_problem
        and _never_employed(person)
        and any(s.institution in det.young_bodies for s in active)
    ):
        key = (age, involved)
    else:
        key = (absences >= det.repeated, involved)
    found = det.memo.get(key)
    if found is None:
        found = det.memo[key] = _detection_result(det, key, on, health, days, absences, involved)
    determination, outcome, refs = found
    trace = ctx.trace
    if trace.enabled:
        # Trace.step's record, built directly (counts shown as str() shows them): the IV's
        # four steps ran through Trace.step's generic formatting for every traced case.
        trace.steps.append(_two_input_step(_DETECTION_STEP, days, absences, outcome, refs))
    return determination


def _detection_result(
    det: _Detection,
    key: tuple[object, ...],
    on: date,
    health: Health,
    days: int,
    absences: int,
    involved: tuple[InstitutionKind, ...],
) -> tuple[Determination, str, tuple[LegalRef, ...]]:
    reasons: list[Reason] = []
    dates: tuple[KeyDate, ...] = ()
    unclear = False
    if det.threshold > 0:
        threshold, repeated, row = det.threshold, det.repeated, det.threshold_row
        indicated = days >= threshold or absences >= repeated
        if not indicated and days > 0 and health.incapacity_since is not None:
            dates = (
                KeyDate(
                    "report_indicated_from",
                    health.incapacity_since + timedelta(days=threshold - 1),
                    row.ref,
                ),
            )
        reasons.append(
            _old_law_incapacity_reason(days, threshold, absences, repeated, indicated, row.ref)
        )
    elif key[0] is _INCAPACITY_NO_MINIMUM:
        reasons.append(_INCAPACITY_NO_MINIMUM)
    elif type(key[0]) is int:
        reasons.append(_young_person_reason(key[0], det.young_ref))
    elif key[0]:
        unclear = True
        reasons.append(_SHORT_ABSENCES)
    else:
        reasons.append(_NO_INCAPACITY)
    reasons.append(_reporters_reason(involved))
    outcome = outcome_of(reasons, unclear)
    determination = Determination(
        institution=InstitutionKind.IV_OFFICE,
        rule="iv.early_detection",
        outcome=outcome,
        reasons=tuple(reasons),
        on=on,
        dates=dates,
    )
    return determination, outcome.value, tuple([r.ref for r in reasons])


_IVG_7D_1: Final = LegalRef("IVG", "7d", paragraph="1")
_IVG_7D_3: Final = LegalRef("IVG", "7d", paragraph="3")
_UNABLE_TO_WORK: Final = Reason(
    "iv.early_intervention.unable_to_work",
    LegalRef("IVG", "7d", paragraph="1", letter="b"),
    label(
        "Arbeitsunfähig (ATSG Art. 6).",
        "En incapacité de travail (art. 6 LPGA).",
        "Incapace al lavoro (art. 6 LPGA).",
        "Unable to work (ATSG Art. 6).",
    ),
    met=True,
)
_NOT_UNABLE_NOT_YOUNG: Final = Reason(
    "iv.early_intervention.unable_to_work",
    _IVG_7D_1,
    label(
        "Weder arbeitsunfähig noch (seit 2022) gesundheitlich beeinträchtigte junge Person.",
        "Ni en incapacité de travail ni (depuis 2022) jeune atteint dans sa santé.",
        "Né incapace al lavoro né (dal 2022) giovane con problemi di salute.",
        "Neither unable to work nor (since 2022) a health-impaired young person.",
    ),
    met=False,
)


@functools.lru_cache(maxsize=256)
def _health_impaired_young_reason(age: int, ref: LegalRef) -> Reason:
    return Reason(
        "iv.early_intervention.young_person",
        ref,
        label(
            f"Gesundheitlich beeinträchtigt, {age} Jahre: Unterstützung beim Zugang zur "
            "Ausbildung und zum Arbeitsmarkt.",
            f"Atteint dans sa santé, {age} ans : soutien dans l'accès à une formation et au "
            "marché du travail.",
            f"Con problemi di salute, {age} anni: sostegno nell'accesso alla formazione e al "
            "mercato del lavoro.",
            f"Health-impaired, aged {age}: support in accessing training and the labour market.",
        ),
        met=True,
    )


@functools.lru_cache(maxsize=64)
def _no_claim_reason(money: Money) -> Reason:
    return Reason(
        "iv.early_intervention.no_claim",
        _IVG_7D_3,
        label(
            f"Kein Rechtsanspruch; Kosten höchstens {money} pro Person.",
            f"Aucun droit aux mesures ; coûts de {money} au plus par personne.",
            f"Nessun diritto ai provvedimenti; costi al massimo di {money} per persona.",
            f"No legal claim; costs at most {money} per person.",
        ),
    )


class _Intervention:
    """The early-intervention parameters of one day and the determinations built on it."""

    __slots__ = ("amounts", "memo", "no_claim", "young", "young_limit", "young_low", "young_ref")

    def __init__(self, day: Day) -> None:
        self.young = _in_force(day.params, "iv.early_intervention_young_min_age", day.on)
        if self.young:
            self.young_low = day.decimals["iv.early_intervention_young_min_age"]
            self.young_limit = day.decimals["iv.early_intervention_young_age_limit"]
            self.young_ref = day.entries["iv.early_intervention_young_min_age"].ref
        cap = day.entries["iv.early_intervention_max_cost_per_person"]
        money = Money(cap.decimal)
        self.no_claim = _no_claim_reason(money)
        self.amounts = (Amount("max_cost", money, cap.ref),)
        self.memo: Memo = Memo()


def early_intervention(case: Case, ctx: RuleContext) -> Determination:
    """``iv.early_intervention`` (Frühintervention, IVG Art. 7d; IVV Art. 1sexies, 1octies)."""
    on, person = ctx.on, case.person
    return _early_intervention(
        case,
        ctx,
        day_of(ctx.parameters, on),
        iv_claim(case, on) is not None,
        person.age_on(on),
        incapacity_days(person, on),
    )


def _early_intervention(
    case: Case, ctx: RuleContext, day: Day, registered: bool, age: int, days: int
) -> Determination:
    ei: _Intervention = day[_Intervention]
    unable = days > 0
    young = (
        ei.young and ei.young_low <= age < ei.young_limit and case.person.health.has_health_problem
    )
    # The determination depends on the path, the age (young path) and the registration only.
    key = (unable, age if young else -1, registered)
    found = ei.memo.get(key)
    if found is None:
        if unable:
            path = _UNABLE_TO_WORK
        elif young:
            path = _health_impaired_young_reason(age, ei.young_ref)
        else:
            path = _NOT_UNABLE_NOT_YOUNG
        reasons = (path, _REGISTERED_IVV[registered], ei.no_claim)
        outcome = outcome_of(reasons)
        determination = Determination(
            institution=InstitutionKind.IV_OFFICE,
            rule="iv.early_intervention",
            outcome=outcome,
            reasons=reasons,
            on=ctx.on,
            amounts=ei.amounts,
        )
        found = ei.memo[key] = (determination, outcome.value, tuple([r.ref for r in reasons]))
    trace = ctx.trace
    if trace.enabled:
        trace.steps.append(_two_input_step(_INTERVENTION_STEP, age, unable, found[1], found[2]))
    return found[0]


@functools.lru_cache(maxsize=1024)
def _integration_incapacity_reason(
    pct: int, minimum: Decimal, months: int, met: bool, ref: LegalRef
) -> Reason:
    return Reason(
        "iv.integration_measures.incapacity",
        ref,
        label(
            f"Arbeitsunfähigkeit {pct} % (mindestens {minimum} % während {months} "
            "Monaten verlangt).",
            f"Incapacité de travail de {pct} % (au moins {minimum} % pendant {months} "
            "mois requis).",
            f"Incapacità al lavoro del {pct} % (almeno il {minimum} % per {months} mesi "
            "richiesto).",
            f"Incapacity {pct} % (at least {minimum} % for {months} months required).",
        ),
        met=met,
    )


@functools.lru_cache(maxsize=16)
def _integration_young_reason(ref: LegalRef) -> Reason:
    return Reason(
        "iv.integration_measures.young_person",
        ref,
        label(
            "Nicht erwerbstätige junge Person, von Invalidität bedroht.",
            "Jeune sans activité lucrative, menacé d'invalidité.",
            "Giovane senza attività lucrativa, minacciato d'invalidità.",
            "Non-working young person threatened by invalidity.",
        ),
        met=True,
    )


_VOCATIONAL_AIM: Final = Reason(
    "iv.integration_measures.vocational_aim",
    LegalRef("IVG", "14a", paragraph="1bis"),
    label(
        "Die IV-Stelle prüft, ob die Massnahmen berufliche Massnahmen vorbereiten können.",
        "L'office AI examine si les mesures peuvent préparer des mesures d'ordre professionnel.",
        "L'ufficio AI esamina se i provvedimenti possono preparare provvedimenti professionali.",
        "The IV office assesses whether the measures can prepare vocational measures.",
    ),
)


class _Integration:
    """The integration-measure parameters of one day and the determinations built on it."""

    __slots__ = (
        "memo",
        "minimum",
        "months",
        "months_row",
        "pct_row",
        "quantities",
        "young",
        "young_limit",
        "young_reason",
    )

    def __init__(self, day: Day) -> None:
        params, on, entries = day.params, day.on, day.entries
        self.pct_row = entries["iv.integration_measures_min_incapacity_percent"]
        self.months_row = entries["iv.integration_measures_min_incapacity_months"]
        self.months = int(self.months_row.decimal)
        self.minimum = self.pct_row.decimal
        self.young = _in_force(params, "iv.integration_measures_young_age_limit", on)
        if self.young:
            self.young_limit = day.decimals["iv.integration_measures_young_age_limit"]
            self.young_reason = _integration_young_reason(
                entries["iv.integration_measures_young_age_limit"].ref
            )
        self.quantities: tuple[Quantity, ...] = ()
        if _in_force(params, "iv.integration_measure_max_duration_years", on):
            row = entries["iv.integration_measure_max_duration_years"]
            ext = entries["iv.integration_measure_max_extension_years"]
            self.quantities = (
                Quantity("max_duration_per_measure", row.decimal, "years", row.ref),
                Quantity("max_extension", ext.decimal, "years", ext.ref),
            )
        self.memo: Memo = Memo()


def integration_measures(case: Case, ctx: RuleContext) -> Determination:
    """``iv.integration_measures`` (Integrationsmassnahmen, IVG Art. 14a)."""
    on = ctx.on
    return _integration_measures(
        case,
        ctx,
        day_of(ctx.parameters, on),
        iv_claim(case, on) is not None,
        case.person.age_on(on),
    )


def _integration_measures(
    case: Case, ctx: RuleContext, day: Day, registered: bool, age: int
) -> Determination:
    on, person = ctx.on, case.person
    im: _Integration = day[_Integration]
    health = person.health
    pct = health.incapacity_percent
    minimum = im.minimum
    since = health.incapacity_since
    reached = add_months(since, im.months) if since is not None and pct else None
    # Abs. 1 lit. a: at least `minimum` % for `months` months.
    lit_a = pct >= minimum and reached is not None and reached <= on
    # lit. b (since 2022): non-working persons under 25 threatened by invalidity.
    lit_b = (
        im.young
        and age < im.young_limit
        and person.employment.status is _NOT_IN_LABOUR_FORCE
        and health.has_health_problem
    )
    # The determination depends on these facts only: built once per day and key.
    key: tuple[object, ...]
    if lit_a or not lit_b:
        from_day = reached if not lit_a and reached is not None and pct >= minimum else None
        key = (pct, lit_a, from_day, registered)
    else:
        key = (registered,)
    found = im.memo.get(key)
    if found is None:
        dates: tuple[KeyDate, ...] = ()
        if len(key) == 4:
            first = _integration_incapacity_reason(pct, minimum, im.months, lit_a, im.pct_row.ref)
            if key[2] is not None:
                dates = (KeyDate("conditions_met_from", key[2], im.months_row.ref),)
        else:
            first = im.young_reason
        reasons = (first, _REGISTERED_ATSG[registered], _VOCATIONAL_AIM)
        outcome = outcome_of(reasons)
        determination = Determination(
            institution=InstitutionKind.IV_OFFICE,
            rule="iv.integration_measures",
            outcome=outcome,
            reasons=reasons,
            on=on,
            quantities=im.quantities,
            dates=dates,
        )
        found = im.memo[key] = (determination, outcome.value, tuple([r.ref for r in reasons]))
    trace = ctx.trace
    if trace.enabled:
        trace.steps.append(_two_input_step(_MEASURES_STEP, pct, age, found[1], found[2]))
    return found[0]


def pension_start(
    claim_filed: date, waiting_year_completed_on: date, birth_date: date, ctx: RuleContext
) -> date:
    """The day the pension entitlement arises (IVG Art. 28 Abs. 1, Art. 29 Abs. 1).

    The latest of: the day the waiting year is completed (the day after its
    last day); six months after the claim (ATSG Art. 29 Abs. 1); the first day
    of the month after the 18th birthday.
    """
    after_claim = add_months(claim_filed, int(ctx.param("iv.pension_start_months_after_claim")))
    adult = add_months(birth_date, 12 * int(ctx.param("iv.pension_min_age")))
    first_after_adult = add_months(adult.replace(day=1), 1)
    return max(waiting_year_completed_on, after_claim, first_after_adult)


#: Re-reading the reference age on the day it is reached converges after one step when the
#: law changes once in between (AHV 21); the bound only guards against a data error.
_REFERENCE_AGE_PASSES: Final = 4
#: Age at which the fixed-point search for the reference-age date starts (no legal value).
_PROBE_AGE_YEARS: Final = 60


def pension_end(person: Person, params: ParameterSet, start: date) -> date:
    """The day the IV pension ends: the first day of the month after the reference age is reached.

    IVG Art. 30 lit. b: the entitlement ends "mit der Entstehung des Anspruchs
    auf eine Altersrente bei Erreichen des Referenzalters"; AHVG Art. 21 Abs. 2:
    that entitlement arises "am ersten Tag des Monats, welcher dem Erreichen des
    Referenzalters folgt". The reference age is the one of the law in force when
    it is reached (women born 1961-1963: AHV 21 transition), not when the IV
    pension began.
    """
    # Only a starting point: the loop re-reads the age on the day it is reached (a fixed point),
    # so the probe need only not be before the parameters begin — a pension start can be.
    probe = max(start, add_months(person.birth_date, 12 * _PROBE_AGE_YEARS))
    reached = reference_age_date(person, params, probe)
    for _ in range(_REFERENCE_AGE_PASSES):
        again = reference_age_date(person, params, reached)
        if again == reached:
            break
        reached = again
    return add_months(reached.replace(day=1), 1)


_END_REFS: Final = (
    LegalRef("IVG", "30", letter="b"),
    LegalRef("AHVG", "21", paragraph="2"),
)


def _share_reasons(degree: int, start: date, ctx: RuleContext) -> tuple[Reason, Quantity | None]:
    """The pension share by the law on the day the entitlement arose, or a clarification."""
    try:
        share_row = ctx.parameters.entry("iv.pension_share_by_degree", start)
    except ParameterError:
        first = ctx.parameters["iv.pension_share_by_degree"].values[0]
        return (
            Reason(
                "iv.pension.share",
                first.ref,
                label(
                    f"Rentenanspruch vor {first.since.year} entstanden: das damalige "
                    "Rentensystem ist in den Daten nicht erfasst; Rentenanteil gemäss Verfügung "
                    "der IV-Stelle.",
                    f"Droit à la rente né avant {first.since.year} : l'ancien système de rentes "
                    "n'est pas saisi dans les données ; quotité de la rente selon la décision de "
                    "l'office AI.",
                    f"Diritto alla rendita sorto prima del {first.since.year}: il sistema di "
                    "rendite di allora non è registrato nei dati; quota di rendita secondo la "
                    "decisione dell'ufficio AI.",
                    f"Entitlement arose before {first.since.year}: the pension system of the time "
                    "is not in the data; pension share as decided by the IV office.",
                ),
                met=None,
            ),
            None,
        )
    share = pension_share(degree, start, ctx.parameters)
    return (
        Reason(
            "iv.pension.share",
            share_row.ref,
            label(
                f"Rentenanteil {share} % einer ganzen Rente (Recht am Tag der Entstehung).",
                f"Quotité de la rente : {share} % d'une rente entière (droit en vigueur le jour "
                "de la naissance du droit).",
                f"Quota di rendita: {share} % di una rendita intera (diritto in vigore il giorno "
                "in cui è sorto il diritto).",
                f"Pension share {share} % of a full pension (law on the day the entitlement "
                "arose).",
            ),
        ),
        Quantity("pension_share", share, "percent", share_row.ref),
    )


_IVG_28_1: Final = LegalRef("IVG", "28", paragraph="1")
_IV_OFFICE: Final = InstitutionKind.IV_OFFICE
_REFUSED: Final = ClaimOutcome.REFUSED
_ELIGIBLE: Final = Outcome.ELIGIBLE
_NOT_ELIGIBLE: Final = Outcome.NOT_ELIGIBLE
_ELIGIBLE_TEXT: Final = _ELIGIBLE.value
_NOT_ELIGIBLE_TEXT: Final = _NOT_ELIGIBLE.value
_IVG_29_1: Final = LegalRef("IVG", "29", paragraph="1")
_IVG_29_3: Final = LegalRef("IVG", "29", paragraph="3")


def pension(case: Case, ctx: RuleContext) -> Determination:
    """``iv.pension``: entitlement, start, end and share of an IV pension (IVG Art. 28-30, 28b)."""
    return _pension(case, ctx, iv_claim(case, ctx.on), day_of(ctx.parameters, ctx.on))


# The reasons of iv.pension depend on a few numbers and dates each (degree, percent, the
# start and end of the pension, the waiting year) and recur from case to case: each is
# built once (lru_cache, bounded) — text, labels and reason — instead of once per case.


@functools.lru_cache(maxsize=1024)
def _running_reason(start: date) -> Reason:
    running_since = start.isoformat()
    return Reason(
        "iv.pension.running",
        _IVG_28_1,
        label(
            f"IV-Rente läuft seit {running_since}.",
            f"Rente AI versée depuis le {running_since}.",
            f"Rendita AI versata dal {running_since}.",
            f"IV pension running since {running_since}.",
        ),
        met=True,
    )


@functools.lru_cache(maxsize=64)
def _no_waiting_year_reason(ref: LegalRef, unclear: bool) -> Reason:
    return Reason(
        "iv.pension.waiting_year",
        ref,
        label(
            "Keine Arbeitsunfähigkeit erfasst: Wartejahr nicht feststellbar.",
            "Aucune incapacité de travail saisie : le délai d'attente d'un an ne peut "
            "pas être établi.",
            "Nessuna incapacità al lavoro registrata: l'anno d'attesa non può essere accertato.",
            "No incapacity recorded: the waiting year cannot be established.",
        ),
        met=None if unclear else False,
    )


@functools.lru_cache(maxsize=4096)
def _waiting_year_reason(
    pct: int, since: date, minimum_text: str, completed: date, done: bool, ref: LegalRef
) -> Reason:
    # The parameter's text, not its Decimal, keys the cache: 40 and 40.0 read differently.
    minimum = Decimal(minimum_text)
    first, last = since.isoformat(), completed.isoformat()
    return Reason(
        "iv.pension.waiting_year",
        ref,
        label(
            f"Wartejahr: {pct} % arbeitsunfähig seit {first} (mindestens {minimum} % "
            f"im Durchschnitt); vollendet am {last}.",
            f"Délai d'attente d'un an : incapacité de travail de {pct} % depuis le "
            f"{first} (au moins {minimum} % en moyenne) ; accompli le {last}.",
            f"Anno d'attesa: incapacità al lavoro del {pct} % dal {first} (almeno il "
            f"{minimum} % in media); compiuto il {last}.",
            f"Waiting year: {pct} % unable to work since {first} (average of at least "
            f"{minimum} %); completed on {last}.",
        ),
        met=done,
    )


@functools.lru_cache(maxsize=64)
def _no_degree_reason(ref: LegalRef, refused: bool) -> Reason:
    if refused:
        text = label(
            "Kein Invaliditätsgrad verfügt; die Anmeldung wurde abgewiesen.",
            "Aucun taux d'invalidité fixé ; la demande a été rejetée.",
            "Nessun grado d'invalidità stabilito; la richiesta è stata respinta.",
            "No invalidity degree decided; the claim was refused.",
        )
    else:
        text = label(
            "Kein Invaliditätsgrad verfügt: Entscheid der IV abwarten.",
            "Aucun taux d'invalidité fixé : attendre la décision de l'AI.",
            "Nessun grado d'invalidità stabilito: attendere la decisione dell'AI.",
            "No invalidity degree decided: await the IV decision.",
        )
    return Reason("iv.pension.degree", ref, text, met=False if refused else None)


@functools.lru_cache(maxsize=1024)
def _degree_reason(degree: int, minimum_text: str, ref: LegalRef) -> tuple[Reason, Quantity]:
    minimum = Decimal(minimum_text)
    reason = Reason(
        "iv.pension.degree",
        ref,
        label(
            f"Invaliditätsgrad {degree} % (mindestens {minimum} %).",
            f"Taux d'invalidité de {degree} % (au moins {minimum} %).",
            f"Grado d'invalidità del {degree} % (almeno il {minimum} %).",
            f"Degree of invalidity {degree} % (at least {minimum} %).",
        ),
        met=degree >= minimum,
    )
    return reason, Quantity("invalidity_degree", Decimal(degree), "percent", ref)


@functools.lru_cache(maxsize=4096)
def _start_reason(start: date, months: int, adult: int, met: bool) -> Reason:
    begin = start.isoformat()
    return Reason(
        "iv.pension.start",
        _IVG_29_1,
        label(
            f"Rentenanspruch entsteht am {begin} ({months} Monate nach der Anmeldung, "
            f"nach dem Wartejahr, frühestens im Monat nach dem {adult}. Geburtstag).",
            f"Le droit à la rente prend naissance le {begin} ({months} mois après le dépôt "
            "de la demande, après le délai d'attente d'un an, au plus tôt le mois suivant "
            f"le {adult}e anniversaire).",
            f"Il diritto alla rendita nasce il {begin} ({months} mesi dopo la "
            "presentazione della richiesta, dopo l'anno d'attesa, al più presto il mese "
            f"successivo al compimento dei {adult} anni).",
            f"The entitlement arises on {begin} ({months} months after the claim, after "
            f"the waiting year, at the earliest in the month after the {adult}th "
            "birthday).",
        ),
        met=met,
    )


@functools.lru_cache(maxsize=1024)
def _end_reason(end: date, before_end: bool) -> Reason:
    last = end.isoformat()
    # The end is a month start (AHVG Art. 21 Abs. 2): it does not reveal the birthday.
    return Reason(
        "iv.pension.reference_age",
        _END_REFS[0],
        label(
            "Der Anspruch erlischt mit der Entstehung des Anspruchs auf eine Altersrente "
            f"bei Erreichen des Referenzalters (AHVG Art. 21 Abs. 2): ab {last}.",
            "Le droit s'éteint à la naissance du droit à une rente de vieillesse à l'âge "
            f"de référence (art. 21, al. 2, LAVS) : dès le {last}.",
            "Il diritto si estingue con la nascita del diritto a una rendita di "
            f"vecchiaia al raggiungimento dell'età di riferimento (art. 21 cpv. 2 LAVS): "
            f"dal {last}.",
            "The entitlement ends when the old-age pension arises at the reference age "
            f"(AHVG Art. 21 Abs. 2): from {last}.",
        ),
        met=before_end,
    )


_ENDED_BEFORE_DATA: Final = Reason(
    "iv.pension.reference_age",
    _END_REFS[0],
    label(
        "Das Referenzalter wurde vor dem Beginn der erfassten AHV-Daten erreicht: "
        "der Anspruch ist erloschen.",
        "L'âge de référence a été atteint avant le début des données AVS saisies : "
        "le droit est éteint.",
        "L'età di riferimento è stata raggiunta prima dell'inizio dei dati AVS "
        "registrati: il diritto è estinto.",
        "The reference age was reached before the AHV data begins: the entitlement has ended.",
    ),
    met=False,
)


def _pension(case: Case, ctx: RuleContext, claim: Claim | None, day: Day) -> Determination:
    on, person = ctx.on, case.person
    entries = day.entries
    health = person.health
    reasons: list[Reason] = []
    dates: list[KeyDate] = []
    quantities: list[Quantity] = []
    unclear = False
    start: date | None = None

    pension_since = health.iv_pension_since
    if pension_since is not None and pension_since <= on:
        start = pension_since
        reasons.append(_running_reason(start))
    else:
        reasons.append(_REGISTERED_ATSG[claim is not None])
        avg_row = entries["iv.waiting_year_min_avg_incapacity"]
        months_row = entries["iv.waiting_year_months"]
        since = health.incapacity_since
        pct = health.incapacity_percent
        if pct == 0 or since is None:
            if health.invalidity_degree is not None:
                unclear = True
            reasons.append(_no_waiting_year_reason(avg_row.ref, unclear))
        else:
            # add_months gives the day after the year's last day: the day it is completed.
            completed = add_months(since, int(months_row.decimal))
            minimum = avg_row.decimal
            enough = pct >= minimum
            done = enough and completed <= on
            reasons.append(
                _waiting_year_reason(pct, since, avg_row.value, completed, done, avg_row.ref)
            )
            if enough:
                dates.append(KeyDate("waiting_year_completed_on", completed, months_row.ref))
                if claim is not None:
                    start = pension_start(claim.filed_on, completed, person.birth_date, ctx)

    degree = health.invalidity_degree
    min_row = entries["iv.pension_min_degree"]
    if degree is None:
        refused = claim is not None and claim.outcome is _REFUSED
        unclear = unclear or not refused
        reasons.append(_no_degree_reason(min_row.ref, refused))
    else:
        degree_reason, degree_quantity = _degree_reason(degree, min_row.value, min_row.ref)
        reasons.append(degree_reason)
        quantities.append(degree_quantity)

    if start is not None:
        dates.append(KeyDate("pension_start", start, _IVG_29_1))
        dates.append(KeyDate("payment_start", start.replace(day=1), _IVG_29_3))
        values = day.decimals
        months = int(values["iv.pension_start_months_after_claim"])
        adult = int(values["iv.pension_min_age"])
        reasons.append(_start_reason(start, months, adult, start <= on))
        try:
            end: date | None = pension_end(person, ctx.parameters, start)
        except ParameterError:
            # The reference age falls before the AHV data begins: it was reached long ago.
            end = None
        if end is not None:
            dates.append(KeyDate("pension_end", end, _END_REFS[1]))
            reasons.append(_end_reason(end, on < end and start < end))
        else:
            reasons.append(_ENDED_BEFORE_DATA)
        if degree is not None:
            reason, quantity = _share_reasons(degree, start, ctx)
            reasons.append(reason)
            if quantity is None:
                unclear = True
            else:
                quantities.append(quantity)
    outcome = outcome_of(reasons, unclear)
    trace = ctx.trace
    if trace.enabled:
        # Trace.step's record, built directly: the inputs are an int or None and a percent,
        # shown as str() shows them; the result is the outcome's text (found by identity:
        # Outcome.value is an enum property, a call per case).
        if outcome is _ELIGIBLE:
            result = _ELIGIBLE_TEXT
        elif outcome is _NOT_ELIGIBLE:
            result = _NOT_ELIGIBLE_TEXT
        else:
            result = outcome.value
        trace.steps.append(
            _two_input_step(
                _PENSION_STEP,
                degree,
                health.incapacity_percent,
                result,
                tuple([r.ref for r in reasons]),
            )
        )
    # Positional, in the order of the fields (a call per case).
    return Determination(
        _IV_OFFICE, "iv.pension", outcome, tuple(reasons), on, (), tuple(quantities), tuple(dates)
    )


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """The four IV determinations for ``case`` on ``ctx.on``."""
    # The facts the four rules share, established once.
    on, person = ctx.on, case.person
    claim = iv_claim(case, on)
    registered = claim is not None
    day = day_of(ctx.parameters, on)
    # case.active_spells(on), person.age_on(on) and incapacity_days(person, on), inlined.
    active = [s for s in case.history if s.start <= on and (s.end is None or on <= s.end)]
    born = person.birth_date
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    health = person.health
    since = health.incapacity_since
    days = (
        (on - since).days + 1
        if health.incapacity_percent and since is not None and since <= on
        else 0
    )
    return [
        _early_detection(case, ctx, day, active, age, days),
        _early_intervention(case, ctx, day, registered, age, days),
        _integration_measures(case, ctx, day, registered, age),
        _pension(case, ctx, claim, day),
    ]
