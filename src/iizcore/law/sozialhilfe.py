"""Social assistance (Sozialhilfe): subsidiarity and the SKOS monthly need.

Social assistance is cantonal law. The SKOS guidelines (SKOS-Richtlinien)
are recommendations that bind only through a cantonal act (ZH: SHV § 17;
BL: SHV § 9 for the basic need). The federal parameters in
``iizcore/law/data/sozialhilfe.toml`` hold the SKOS figures; a canton plugin
overlays them under the same names (``sh.basic_need_1p``,
``sh.income_allowance_max``, ``sh.integration_allowance_max``,
``sh.asset_allowance_*``, ``sh.basic_need_additional_person``).

What is computed (rule ``social_assistance.need``):

* subsidiarity (Subsidiarität, SKOS A.3, before 2021 A.4; SHG ZH § 2): an
  insurance benefit that is available but not yet received, or an insurance
  claim still pending, must be settled first;
* the basic need (Grundbedarf für den Lebensunterhalt, GBL) by household size
  with the SKOS equivalence scale (1-5 persons) and a fixed amount per further
  person (SKOS B.2.2 / C.3.1);
* the asset allowance (Vermögensfreibetrag, SKOS E.2.1): assets above it mean
  no need until they are consumed;
* the income allowance (Einkommensfreibetrag, EFB, SKOS E.1.2 / D.2) for
  employed persons and the integration allowance (Integrationszulage, IZU,
  SKOS C.2 / C.6.7) for non-working persons in an integration activity;
* income counted (SHG ZH § 2 with ZH Sozialhilfehandbuch 5.1.03; SKOS
  subsidiarity): all available income, including the insurance cash benefits
  being paid. :attr:`Person.monthly_income <iizcore.model.Person.monthly_income>`
  is the household income *other than* ALV daily allowances; for an active ALV
  cash spell the rule adds the daily allowance of the ``alv.entitlement``
  determination × ``alv.days_per_month_divisor`` (21.7, AVIV Art. 40a). The
  model records no IV pension amount, so a paid IV pension must be part of
  ``monthly_income``; while one is paid and a need remains, the outcome is
  :attr:`Outcome.NEEDS_CLARIFICATION`. The same holds when ALV pays but its
  amount is unknown (no insured earnings, or partial unemployment, where the
  compensation depends on interim earnings, AVIG Art. 24);
* the monthly need = basic need + integration allowance − (income − income
  allowance) − insurance benefits counted, never negative.

Every reason text is given in German, French, Italian and English.

The model has no housing costs and no health-insurance premium, so the need
computed here is the **basic-need part** of the SKOS budget only; housing
(Wohnkosten) and medical basic care (medizinische Grundversorgung) come on top
in a real budget.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, TypeVar

from iizcore.law.determination import (
    Amount,
    Determination,
    Outcome,
    Reason,
    RuleContext,
    TraceStep,
)
from iizcore.law.parameters import ParameterSet, federal_parameters
from iizcore.law.rules import Day, Memo, day_of, entries_on, parameter_cache
from iizcore.model.case import Benefit, Case, Spell
from iizcore.model.institution import INSURANCES, InstitutionKind, MeasureType
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.person import EmploymentStatus, MemberRole, Person, ResidenceStatus
from iizcore.model.reference import LegalRef

__all__ = [
    "CASH_BENEFIT_RULES",
    "RULE",
    "asset_allowance",
    "basic_need",
    "determinations",
    "income_considered",
    "insurance_income",
    "minor_children",
    "monthly_need",
    "subsidiarity_ref",
]

RULE: Final = "social_assistance.need"

#: Prior rules whose eligible outcome is a cash benefit that covers living costs
#: and therefore comes before social assistance (ALV daily allowances, IV pension).
CASH_BENEFIT_RULES: Final = frozenset({"alv.entitlement", "iv.pension"})

#: Cantonal provisions on subsidiarity that were verified (VERIFICATION.md item 16).
#: BL: no provision verified (plugins/bl RESEARCH.md), so only SKOS is cited.
_CANTONAL_SUBSIDIARITY: Final[dict[str, LegalRef]] = {
    "ZH": LegalRef("SHG ZH", "2", style="§"),
}

_FRANC: Final = Decimal(1)
_DIVISOR: Final = "alv.days_per_month_divisor"
_AVIG_24: Final = LegalRef("AVIG", "24")
_IVV_85BIS_1: Final = LegalRef("IVV", "85bis", paragraph="1")
_ZERO: Final = Money.zero()
_ZERO_AMOUNT: Final = _ZERO.amount

# Enum members used per case, as module constants (a class-attribute lookup is slow).
_ADULT: Final = MemberRole.ADULT
_CHILD: Final = MemberRole.CHILD
_ALV_FUND: Final = InstitutionKind.ALV_FUND
_IV_OFFICE: Final = InstitutionKind.IV_OFFICE
_SOCIAL_ASSISTANCE: Final = InstitutionKind.SOCIAL_ASSISTANCE
_CASH: Final = Benefit.CASH
_EMPLOYED: Final = EmploymentStatus.EMPLOYED
_PARTLY_UNEMPLOYED: Final = EmploymentStatus.PARTLY_UNEMPLOYED
_ELIGIBLE: Final = Outcome.ELIGIBLE
_NOT_ELIGIBLE: Final = Outcome.NOT_ELIGIBLE
_NEEDS_CLARIFICATION: Final = Outcome.NEEDS_CLARIFICATION
_ELIGIBLE_TEXT: Final = _ELIGIBLE.value
_NOT_ELIGIBLE_TEXT: Final = _NOT_ELIGIBLE.value
_NEEDS_CLARIFICATION_TEXT: Final = _NEEDS_CLARIFICATION.value


def subsidiarity_ref(on: date, params: ParameterSet | None = None) -> LegalRef:
    """The SKOS chapter on subsidiarity in force on ``on`` (A.3 since 2021, A.4 before).

    Read from the dated parameter ``sh.subsidiarity`` (default: federal parameters).
    """
    ps = params if params is not None else federal_parameters()
    return entries_on(ps, on)["sh.subsidiarity"].ref


def basic_need(household_size: int, on: date, params: ParameterSet) -> Money:
    """Monthly basic need (Grundbedarf, GBL) of a household of ``household_size`` persons.

    Households of 1-5 persons: the one-person amount times the equivalence
    factor, rounded to whole francs as in the SKOS and cantonal tables;
    larger households: the 5-person amount plus a fixed amount per further
    person (SKOS B.2.2, since 2021 C.3.1; not "+0.28" — see VERIFICATION.md).

    Raises:
        ValueError: if ``household_size`` is below 1.
        ParameterError: if ``on`` is before the first parameter value.
    """
    if household_size < 1:
        raise ValueError("household size must be at least 1")
    # A pure function of the parameters, the size and the day: computed once for each.
    cache = parameter_cache(params)
    key = ("sh.basic_need", household_size, on)
    cached: Money | None = cache.get(key)
    if cached is None:
        cached = cache[key] = _basic_need(household_size, on, params)
    return cached


def _basic_need(household_size: int, on: date, params: ParameterSet) -> Money:
    one_person = params.value("sh.basic_need_1p", on)
    scale = params.table("sh.equivalence_scale", on)
    largest = max(scale)
    size = Decimal(household_size)
    factor = scale[min(size, largest)]
    amount = (one_person * factor).quantize(_FRANC, rounding=ROUND_HALF_UP)
    if size > largest:
        amount += (size - largest) * params.value("sh.basic_need_additional_person", on)
    return Money(amount)


def asset_allowance(adults: int, minor_children: int, on: date, params: ParameterSet) -> Money:
    """Vermögensfreibetrag: single or couple amount plus a per-child amount, capped (SKOS E.2.1).

    A household with two or more adults is treated as a couple (the model
    does not record marital status).
    """
    cache = parameter_cache(params)
    key = ("sh.asset_allowance", adults >= 2, minor_children, on)
    cached: Money | None = cache.get(key)
    if cached is None:
        cached = cache[key] = _asset_allowance(adults, minor_children, on, params)
    return cached


def _asset_allowance(adults: int, minor_children: int, on: date, params: ParameterSet) -> Money:
    base = params.value(
        "sh.asset_allowance_couple" if adults >= 2 else "sh.asset_allowance_single", on
    )
    total = base + minor_children * params.value("sh.asset_allowance_child", on)
    return Money(min(total, params.value("sh.asset_allowance_max", on)))


def income_considered(income: Money, allowance: Money) -> Money:
    """Income counted against the need: income minus the income allowance, never negative."""
    return (income - allowance).max(Money.zero())


def monthly_need(
    basic: Money,
    income: Money,
    income_allow: Money,
    integration_allow: Money,
    benefits: Money | None = None,
) -> Money:
    """Monthly need = basic need + integration allowance − counted income − benefits, never negative.

    ``benefits`` are insurance cash benefits counted in full (no income
    allowance: the EFB applies to earned income only, SKOS E.1.2 / D.2).
    """
    counted = income_considered(income, income_allow) + (benefits or Money.zero())
    return (basic + integration_allow - counted).max(Money.zero())


def minor_children(person: Person, on: date, params: ParameterSet | None = None) -> int:
    """Children in the household who are minors on ``on`` (ZGB Art. 14, ``sh.majority_age``)."""
    ps = params if params is not None else federal_parameters()
    majority = int(ps.value("sh.majority_age", on))
    return sum(1 for c in person.household.children() if _age(c.birth_date, on) < majority)


def _age(born: date, day: date) -> int:
    years = day.year - born.year
    return years - 1 if (day.month, day.day) < (born.month, born.day) else years


def _cantonal_origin(params: ParameterSet, name: str, on: date) -> str | None:
    """The canton whose value of ``name`` is in force on ``on``, or None for the federal/SKOS value."""
    cache = parameter_cache(params)
    key = ("sh.cantonal_origin", name, on)
    if key in cache:
        found: str | None = cache[key]
        return found
    found = cache[key] = _find_cantonal_origin(params, name, on)
    return found


def _find_cantonal_origin(params: ParameterSet, name: str, on: date) -> str | None:
    param = params[name]
    if param.origin == "federal":
        return None
    row = param.at(on)
    federal = federal_parameters()
    if name in federal and row in federal[name].values:
        return None
    return param.origin


#: Names of the two allowances in the four languages (SKOS / CSIAS / COSAS terms).
_EFB: Final = (
    "Einkommensfreibetrag (EFB)",
    "franchise sur le revenu (FR)",
    "franchigia sul reddito (FR)",
    "income allowance (EFB)",
)
_IZU: Final = (
    "Integrationszulage (IZU)",
    "supplément d'intégration (SI)",
    "supplemento d'integrazione (SI)",
    "integration allowance (IZU)",
)


def _allowance(
    params: ParameterSet, on: date, low: str, high: str, what: tuple[str, str, str, str], code: str
) -> tuple[Money, Reason]:
    """The canton's amount if a plugin supplies it, else the SKOS lower bound with the range stated."""
    # The same amount and text for everyone on ``on``: built once.
    cache = parameter_cache(params)
    key = ("sh.allowance", low, high, what, code, on)
    cached: tuple[Money, Reason] | None = cache.get(key)
    if cached is None:
        cached = cache[key] = _find_allowance(params, on, low, high, what, code)
    return cached


def _find_allowance(
    params: ParameterSet, on: date, low: str, high: str, what: tuple[str, str, str, str], code: str
) -> tuple[Money, Reason]:
    canton = _cantonal_origin(params, high, on)
    entry = params.entry(high, on)
    de, fr, it, en = what
    if canton is not None:
        amount = Money(entry.decimal)
        text = Labels(
            de=f"{de}: kantonaler Betrag {amount} ({canton}).",
            fr=f"{fr[0].upper()}{fr[1:]} : montant cantonal {amount} ({canton}).",
            it=f"{it[0].upper()}{it[1:]}: importo cantonale {amount} ({canton}).",
            en=f"{en[0].upper()}{en[1:]}: cantonal amount {amount} ({canton}).",
        )
        return amount, Reason(code, entry.ref, text)
    low_entry = params.entry(low, on)
    amount = Money(low_entry.decimal)
    lo, hi = low_entry.decimal, entry.decimal
    text = Labels(
        de=(
            f"{de}: kein kantonaler Betrag hinterlegt; SKOS-Bandbreite {lo}–{hi} CHF, angewandt "
            f"wird die untere Grenze {amount}."
        ),
        fr=(
            f"{fr[0].upper()}{fr[1:]} : aucun montant cantonal saisi ; fourchette CSIAS {lo}–{hi} "
            f"CHF, la limite inférieure {amount} est appliquée."
        ),
        it=(
            f"{it[0].upper()}{it[1:]}: nessun importo cantonale registrato; forchetta COSAS "
            f"{lo}–{hi} CHF, è applicato il limite inferiore {amount}."
        ),
        en=(
            f"{en[0].upper()}{en[1:]}: no cantonal amount on file; SKOS range {lo}–{hi} CHF, the "
            f"lower bound {amount} is applied."
        ),
    )
    return amount, Reason(code, low_entry.ref, text)


def _is_employed(person: Person) -> bool:
    return person.employment.status in (
        EmploymentStatus.EMPLOYED,
        EmploymentStatus.PARTLY_UNEMPLOYED,
    )


def _in_integration_activity(active: Sequence[Spell]) -> bool:
    """An integration activity of social assistance runs (basis of the IZU)."""
    for s in active:
        if s.benefit is Benefit.MEASURE and (
            s.institution is InstitutionKind.SOCIAL_ASSISTANCE
            or s.measure_type is MeasureType.SOCIAL_INTEGRATION
        ):
            return True
    return False


def _asylum_rate_reason(person: Person) -> Reason | None:
    """The asylum-rate reason for the person's residence status, if any (see below)."""
    return _ASYLUM_RATE.get(person.residence.status)


def _status_asylum_rate_reason(status: ResidenceStatus) -> Reason | None:
    """Asylum seekers and provisionally admitted persons: a cantonal rate below the local one.

    AsylG Art. 82 Abs. 3 (asylum seekers); AIG Art. 86 Abs. 1 applies AsylG
    Art. 80a-84 to provisionally admitted persons. Refugees (B and F) are
    supported like the local population.
    """
    if status is ResidenceStatus.ASYLUM_SEEKER_N:
        ref = LegalRef("AsylG", "82", paragraph="3")
    elif status is ResidenceStatus.PROVISIONALLY_ADMITTED_F:
        ref = LegalRef("AIG", "86", paragraph="1")
    else:
        return None
    return Reason(
        "sh.asylum_rate",
        ref,
        Labels(
            de=(
                "Asylsozialhilfe: der kantonale Ansatz liegt unter dem Ansatz für die "
                "einheimische Bevölkerung; der SKOS-Grundbedarf ist nur eine Obergrenze."
            ),
            fr=(
                "Aide sociale du domaine de l'asile : le taux cantonal est inférieur à celui "
                "applicable à la population résidante ; le forfait pour l'entretien CSIAS n'est "
                "qu'une limite supérieure."
            ),
            it=(
                "Aiuto sociale nel settore dell'asilo: l'aliquota cantonale è inferiore a quella "
                "per la popolazione residente; il forfait per il mantenimento COSAS è solo un "
                "limite superiore."
            ),
            en=(
                "Asylum social assistance: the cantonal rate is below the rate for the local "
                "population; the SKOS basic need is only an upper bound."
            ),
        ),
        met=None,
    )


#: The asylum-rate reason by residence status (the same text for everyone): built once.
_ASYLUM_RATE: Final = {
    status: reason
    for status in ResidenceStatus
    if (reason := _status_asylum_rate_reason(status)) is not None
}


def _iv_pension_paid(
    case: Case, on: date, prior: Sequence[Determination], active: Sequence[Spell]
) -> bool:
    """An IV pension is being paid on ``on``: recorded as running or as an active IV cash spell."""
    # Loops, not any(generator): this runs for every case.
    for d in prior:
        if d.rule == "iv.pension":
            for key_date in d.dates:  # Determination.date("pension_end"), without a generator
                if key_date.name == "pension_end":
                    if key_date.day <= on:
                        return False
                    break
    since = case.person.health.iv_pension_since
    if since is not None and since <= on:
        return True
    for s in active:  # noqa: SIM110 - a loop: any(generator) costs a call per spell
        if s.institution is _IV_OFFICE and s.benefit is _CASH:
            return True
    return False


def insurance_income(
    case: Case, on: date, prior: Sequence[Determination], params: ParameterSet
) -> tuple[Money, list[Reason], bool]:
    """Insurance cash benefits being paid that count as income (and are not in ``monthly_income``).

    Returns the monthly amount counted, the reasons, and whether an amount is
    unknown (the need must then be clarified). ALV: an active ALV cash spell
    counts the ``alv.entitlement`` daily allowance × ``alv.days_per_month_divisor``
    (AVIV Art. 40a: daily = monthly / 21.7, so 21.7 allowances make a month);
    partly unemployed persons get compensation on their loss of earnings only
    (AVIG Art. 24), so the amount is unknown. IV: the model has no pension
    amount; it must be in ``monthly_income``, and the reason says so.
    """
    return _insurance_income(case, on, prior, day_of(params, on)[_ShDay], case.active_spells(on))


def _insurance_income(
    case: Case,
    on: date,
    prior: Sequence[Determination],
    sh: _ShDay,
    active: Sequence[Spell],
) -> tuple[Money, list[Reason], bool]:
    canton = case.person.residence.canton
    local = canton if canton in _CANTONAL_SUBSIDIARITY else None
    reasons: list[Reason] = []
    counted = _ZERO
    unknown = False
    alv_paying = False
    for s in active:
        if s.institution is _ALV_FUND and s.benefit is _CASH:
            alv_paying = True
            break
    if alv_paying:
        daily = None
        for d in prior:
            if d.rule == "alv.entitlement":
                for a in d.amounts:
                    if a.name == "daily_allowance":
                        daily = a
                        break
                if daily is not None:
                    break
        partly = case.person.employment.status is _PARTLY_UNEMPLOYED
        if daily is not None and not partly:
            divisor = sh.day.entries[_DIVISOR]
            counted = (daily.value * divisor.decimal).rounded()
            # Keyed on the amounts (Decimal hashing is cheap, Money's is not; equal amounts
            # read alike).
            key = (_alv_income_reason, daily.value.amount, counted.amount)
            reason = sh.reasons.get(key)
            if reason is None:
                reason = sh.reasons[key] = _alv_income_reason(sh, daily.value, counted)
            reasons.append(reason)
        else:
            unknown = True
            reasons.append(sh.memo(_alv_unknown_reason, partly, local))
    if _iv_pension_paid(case, on, prior, active):
        unknown = True
        reasons.append(sh.memo(_iv_pension_reason, local))
    return counted, reasons, unknown


def _alv_income_reason(sh: _ShDay, daily: Money, counted: Money) -> Reason:
    divisor = sh.day.entries[_DIVISOR]
    # Each figure formatted once for the four languages.
    d, m, c = str(daily), str(divisor.decimal), str(counted)
    return Reason(
        "sh.income.alv_daily_allowance",
        divisor.ref,
        Labels(
            de=(
                f"ALV-Taggelder werden bezogen und als Einkommen angerechnet: "
                f"{d} × {m} = {c} pro Monat (brutto; "
                "die Sozialversicherungsbeiträge darauf sind nicht abgezogen)."
            ),
            fr=(
                "Des indemnités journalières de l'assurance-chômage (AC) sont "
                f"versées et prises en compte comme revenu : {d} × "
                f"{m} = {c} par mois (brut ; les cotisations "
                "sociales prélevées ne sont pas déduites)."
            ),
            it=(
                "Sono versate indennità giornaliere dell'assicurazione contro la "
                "disoccupazione (AD), computate come reddito: "
                f"{d} × {m} = {c} al mese (lordo; i "
                "contributi sociali trattenuti non sono dedotti)."
            ),
            en=(
                f"ALV daily allowances are being paid and count as income: "
                f"{d} × {m} = {c} per month (gross; "
                "the social contributions deducted from them are not subtracted)."
            ),
        ),
    )


def _alv_unknown_reason(sh: _ShDay, partly: bool, local: str | None) -> Reason:
    ref = _CANTONAL_SUBSIDIARITY[local] if local is not None else sh.subsidiarity
    return Reason(
        "sh.income.alv_unknown",
        _AVIG_24 if partly else ref,
        Labels(
            de=(
                "ALV-Leistungen werden bezogen, ihr Betrag ist nicht bekannt "
                + (
                    "(Teilarbeitslosigkeit: Kompensation des Verdienstausfalls)"
                    if partly
                    else "(versicherter Verdienst nicht erfasst)"
                )
                + ": der Bedarf ist mit der ALV-Abrechnung zu berechnen."
            ),
            fr=(
                "Des prestations de l'assurance-chômage (AC) sont versées, leur "
                "montant n'est pas connu "
                + (
                    "(chômage partiel : compensation de la perte de gain)"
                    if partly
                    else "(gain assuré non saisi)"
                )
                + " : le besoin doit être calculé avec le décompte de l'AC."
            ),
            it=(
                "Sono versate prestazioni dell'assicurazione contro la disoccupazione "
                "(AD), il cui importo non è noto "
                + (
                    "(disoccupazione parziale: compensazione della perdita di guadagno)"
                    if partly
                    else "(guadagno assicurato non registrato)"
                )
                + ": il fabbisogno va calcolato con il conteggio dell'AD."
            ),
            en=(
                "ALV benefits are being paid but their amount is unknown "
                + (
                    "(partial unemployment: compensation of the loss of earnings)"
                    if partly
                    else "(insured earnings not recorded)"
                )
                + ": the need must be computed with the ALV statement."
            ),
        ),
        met=None,
    )


def _iv_pension_reason(sh: _ShDay, local: str | None) -> Reason:
    ref = _CANTONAL_SUBSIDIARITY[local] if local is not None else sh.subsidiarity
    return Reason(
        "sh.income.iv_pension",
        ref,
        Labels(
            de=(
                "Eine IV-Rente wird bezogen; ihr Betrag ist nicht erfasst und muss im "
                "erfassten Haushaltseinkommen enthalten sein: mit der Rentenverfügung "
                "zu prüfen."
            ),
            fr=(
                "Une rente AI est versée ; son montant n'est pas saisi et doit être "
                "compris dans le revenu du ménage saisi : à vérifier avec la décision "
                "de rente."
            ),
            it=(
                "È versata una rendita AI; il suo importo non è registrato e deve essere "
                "compreso nel reddito dell'economia domestica registrato: da verificare "
                "con la decisione di rendita."
            ),
            en=(
                "An IV pension is being paid; its amount is not recorded and must be "
                "included in the recorded household income: check it against the "
                "pension decision."
            ),
        ),
        met=None,
    )


def _subsidiarity_reasons(
    case: Case,
    on: date,
    prior: Sequence[Determination],
    sh: _ShDay,
    active: Sequence[Spell],
) -> tuple[list[Reason], list[Reason]]:
    """Reasons for subsidiarity: (benefits available but not received, claims pending)."""
    canton = case.person.residence.canton
    local = canton if canton in _CANTONAL_SUBSIDIARITY else None
    receiving = {s.institution for s in active if s.benefit is _CASH}
    available: list[Reason] = []
    for d in prior:
        if (
            d.rule in CASH_BENEFIT_RULES
            and d.outcome is _ELIGIBLE
            and d.institution not in receiving
        ):
            available.append(sh.memo(_available_reason, d.rule, d.institution, local))
    pending: list[Reason] = []
    for claim in case.claims:
        # Claim.pending_on and InstitutionKind.is_insurance, inlined.
        kind = claim.institution
        if (
            claim.filed_on <= on
            and (claim.decided_on is None or claim.decided_on > on)
            and kind in INSURANCES
        ):
            pending.append(sh.memo(_pending_reason, kind, local))
    return available, pending


def _available_reason(
    sh: _ShDay, rule: str, institution: InstitutionKind, local: str | None
) -> Reason:
    ref = _CANTONAL_SUBSIDIARITY[local] if local is not None else sh.subsidiarity
    label = institution.labels
    d_rule = rule
    return Reason(
        "sh.subsidiarity.insurance_available",
        ref,
        Labels(
            de=(
                f"Vorrangige Versicherungsleistung ({d_rule}, {label.de}) ist "
                "gegeben, aber noch nicht bezogen: sie ist zuerst geltend zu machen; "
                "der Bedarf ist danach mit ihr als Einkommen zu berechnen."
            ),
            fr=(
                f"Une prestation d'assurance prioritaire ({d_rule}, "
                f"{label.get('fr')}) est ouverte mais pas encore perçue : elle doit "
                "d'abord être demandée ; le besoin est ensuite calculé en la prenant "
                "en compte comme revenu."
            ),
            it=(
                f"Una prestazione assicurativa prioritaria ({d_rule}, "
                f"{label.get('it')}) è data ma non ancora riscossa: va fatta valere "
                "per prima; il fabbisogno è poi calcolato computandola come reddito."
            ),
            en=(
                f"A prior insurance benefit ({d_rule}, {label.get('en')}) is "
                "available but not yet received: it must be claimed first; the need "
                "is then computed with it as income."
            ),
        ),
        met=False,
    )


def _pending_reason(sh: _ShDay, institution: InstitutionKind, local: str | None) -> Reason:
    ref = _CANTONAL_SUBSIDIARITY[local] if local is not None else sh.subsidiarity
    label = institution.labels
    advance_ref = (
        # Advances of a welfare office "im Hinblick auf eine Rente der IV" (IVV Art. 85bis).
        _IVV_85BIS_1 if institution is InstitutionKind.IV_OFFICE else ref
    )
    return Reason(
        "sh.subsidiarity.claim_pending",
        advance_ref,
        Labels(
            de=(
                f"Anmeldung bei {label.de} ist hängig: Sozialhilfe kann nur "
                "bevorschussen und die Nachzahlung zurückfordern."
            ),
            fr=(
                f"Une demande auprès de {label.get('fr')} est pendante : l'aide "
                "sociale ne peut qu'avancer les prestations et réclamer le paiement "
                "rétroactif."
            ),
            it=(
                f"Una richiesta presso {label.get('it')} è pendente: l'assistenza "
                "sociale può solo anticipare le prestazioni e chiedere il rimborso "
                "del pagamento retroattivo."
            ),
            en=(
                f"A claim with {label.get('en')} is pending: social assistance can "
                "only advance and claim the back payment."
            ),
        ),
        met=None,
    )


@functools.lru_cache(maxsize=4096)
def _basic_need_reason(
    size: int, basic: Money, one: Decimal, canton: str | None, ref: LegalRef
) -> Reason:
    source = (
        (
            f"kantonaler Ansatz {canton}",
            f"montant cantonal {canton}",
            f"importo cantonale {canton}",
            f"cantonal amount {canton}",
        )
        if canton
        else (
            "SKOS-Empfehlung",
            "recommandation CSIAS",
            "raccomandazione COSAS",
            "SKOS recommendation",
        )
    )
    return Reason(
        "sh.basic_need",
        ref,
        Labels(
            de=(
                f"Grundbedarf für {size} Person(en): {basic} ({source[0]}; Einpersonenbetrag "
                f"{one}). Wohnkosten und Krankenversicherung sind nicht erfasst: der Bedarf umfasst "
                "nur den Grundbedarf."
            ),
            fr=(
                f"Forfait pour l'entretien pour {size} personne(s) : {basic} ({source[1]} ; "
                f"montant pour une personne {one}). Les frais de logement et l'assurance-maladie "
                "ne sont pas saisis : le besoin ne comprend que le forfait pour l'entretien."
            ),
            it=(
                f"Forfait per il mantenimento per {size} persona/e: {basic} ({source[2]}; importo "
                f"per una persona {one}). Le spese d'alloggio e l'assicurazione malattie non sono "
                "registrate: il fabbisogno comprende solo il forfait per il mantenimento."
            ),
            en=(
                f"Basic need for {size} person(s): {basic} ({source[3]}; one-person amount "
                f"{one}). Housing and health insurance are not recorded: the need covers the "
                "basic need only."
            ),
        ),
    )


@functools.lru_cache(maxsize=4096)
def _assets_reason(assets: Money, allowance: Money, ok: bool, ref: LegalRef) -> Reason:
    # Each amount formatted once for the four languages (an unseen case's amounts are new).
    a, f = str(assets), str(allowance)
    return Reason(
        "sh.assets",
        ref,
        Labels(
            de=f"Vermögen {a}, Freibetrag {f}: "
            + ("innerhalb des Freibetrags." if ok else "zuerst zu verbrauchen."),
            fr=f"Fortune {a}, franchise {f} : "
            + ("dans les limites de la franchise." if ok else "à utiliser d'abord."),
            it=f"Sostanza {a}, franchigia {f}: "
            + ("entro la franchigia." if ok else "da utilizzare prima."),
            en=f"Assets {a}, allowance {f}: "
            + ("within the allowance." if ok else "to be consumed first."),
        ),
        met=ok,
    )


@functools.lru_cache(maxsize=4096)
def _need_reason(
    need: Money, basic: Money, extra: Money, considered: Money, benefits: Money, ref: LegalRef
) -> Reason:
    # Each amount formatted once for the four languages (an unseen case's amounts are new).
    n, b, x, c, i = str(need), str(basic), str(extra), str(considered), str(benefits)
    return Reason(
        "sh.need",
        ref,
        Labels(
            de=(
                f"Monatlicher Bedarf {n} (Grundbedarf {b} + Zulagen {x} − "
                f"angerechnetes Einkommen {c} − Versicherungsleistungen {i})."
            ),
            fr=(
                f"Besoin mensuel {n} (forfait pour l'entretien {b} + suppléments {x} − "
                f"revenu pris en compte {c} − prestations d'assurance {i})."
            ),
            it=(
                f"Fabbisogno mensile {n} (forfait per il mantenimento {b} + supplementi "
                f"{x} − reddito computato {c} − prestazioni assicurative {i})."
            ),
            en=(
                f"Monthly need {n} (basic need {b} + allowances {x} − income "
                f"considered {c} − insurance benefits {i})."
            ),
        ),
        met=bool(need),
    )


_NO_PRIOR: Final = Labels(
    de="Keine vorrangige Versicherungsleistung offen (Subsidiarität).",
    fr="Aucune prestation d'assurance prioritaire en suspens (subsidiarité).",
    it="Nessuna prestazione assicurativa prioritaria in sospeso (sussidiarietà).",
    en="No prior insurance benefit outstanding (subsidiarity).",
)
_SKOS_SUBSIDIARITY: Final = Labels(
    de="Subsidiarität der Sozialhilfe nach den SKOS-Richtlinien.",
    fr="Subsidiarité de l'aide sociale selon les normes CSIAS.",
    it="Sussidiarietà dell'assistenza sociale secondo le norme COSAS.",
    en="Subsidiarity of social assistance under the SKOS guidelines.",
)


@functools.lru_cache(maxsize=64)
def _no_prior_reason(ref: LegalRef) -> Reason:
    return Reason("sh.subsidiarity", ref, _NO_PRIOR, met=True)


@functools.lru_cache(maxsize=64)
def _skos_reason(ref: LegalRef) -> Reason:
    return Reason("sh.subsidiarity.skos", ref, _SKOS_SUBSIDIARITY)


#: The no-prior-benefit reason under each verified cantonal provision: built once.
_NO_PRIOR_LOCAL: Final = {
    canton: _no_prior_reason(ref) for canton, ref in _CANTONAL_SUBSIDIARITY.items()
}

_T = TypeVar("_T")


class _ShDay:
    """The social-assistance figures of one day, read once for every case on it (see
    :class:`~iizcore.law.rules.Day`), and the amounts and reasons already built on it.

    Most reasons of ``social_assistance.need`` depend on a few amounts and on the day's
    references only; :meth:`memo` builds each once per day.
    """

    __slots__ = (
        "allowances",
        "asset_ref",
        "basic_entry",
        "canton",
        "day",
        "majority",
        "no_prior",
        "reasons",
        "sizes",
        "skos",
        "subsidiarity",
    )

    def __init__(self, day: Day) -> None:
        params, on = day.params, day.on
        self.day = day
        #: Household size -> (basic need, its reason, its amount).
        self.sizes: dict[int, tuple[Money, Reason, Amount]] = {}
        self.basic_entry = day.entries["sh.basic_need_1p"]
        self.canton = _cantonal_origin(params, "sh.basic_need_1p", on)
        self.majority = int(day.decimals["sh.majority_age"])
        #: (couple, minor children) -> (asset allowance, its amount).
        self.allowances: dict[tuple[bool, int], tuple[Money, Amount]] = {}
        self.asset_ref = day.entries["sh.asset_allowance_single"].ref
        self.subsidiarity = day.entries["sh.subsidiarity"].ref
        self.no_prior = _no_prior_reason(self.subsidiarity)
        self.skos = _skos_reason(self.subsidiarity)
        self.reasons: Memo = Memo()

    def memo(self, build: Callable[..., _T], *args: Hashable) -> _T:
        """``build(self, *args)``, built once per day."""
        key = (build, *args)
        found: _T | None = self.reasons.get(key)
        if found is None:
            found = self.reasons[key] = build(self, *args)
        return found

    def basic(self, size: int) -> tuple[Money, Reason, Amount]:
        found = self.sizes.get(size)
        if found is None:
            day, entry = self.day, self.basic_entry
            basic = basic_need(size, day.on, day.params)
            reason = _basic_need_reason(size, basic, entry.decimal, self.canton, entry.ref)
            found = self.sizes[size] = (basic, reason, Amount("basic_need", basic, entry.ref))
        return found

    def asset_allowance(self, adults: int, children: int) -> tuple[Money, Amount]:
        key = (adults >= 2, children)
        found = self.allowances.get(key)
        if found is None:
            allowance = asset_allowance(adults, children, self.day.on, self.day.params)
            amount = Amount("asset_allowance", allowance, self.asset_ref)
            found = self.allowances[key] = (allowance, amount)
        return found


def _income_allowance(sh: _ShDay) -> tuple[Money, Reason]:
    day = sh.day
    return _find_allowance(
        day.params,
        day.on,
        "sh.income_allowance_min",
        "sh.income_allowance_max",
        _EFB,
        "sh.income_allowance",
    )


def _integration_allowance(sh: _ShDay) -> tuple[Money, Reason]:
    day = sh.day
    return _find_allowance(
        day.params,
        day.on,
        "sh.integration_allowance_min",
        "sh.integration_allowance_max",
        _IZU,
        "sh.integration_allowance",
    )


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """The ``social_assistance.need`` determination for ``case`` on ``ctx.on``.

    Persons of the asylum domain are included: the Confederation's lump sums
    (see :mod:`iizcore.law.migration`) finance the canton, they do not replace
    the need computation.
    """
    on, person = ctx.on, case.person
    sh: _ShDay = day_of(ctx.parameters, on)[_ShDay]
    # case.active_spells(on), inlined.
    active = [s for s in case.history if s.start <= on and (s.end is None or on <= s.end)]
    members = person.household.members
    size = 1 + len(members)
    basic, basic_reason, basic_amount = sh.basic(size)
    reasons: list[Reason] = [basic_reason]
    blocking: list[Reason] = []

    # Household.adults and minor_children() in one pass over the members.
    adults = 1
    children = 0
    majority = sh.majority
    for m in members:
        if m.role is _ADULT:
            adults += 1
        elif m.role is _CHILD:
            born = m.birth_date
            if on.year - born.year - ((on.month, on.day) < (born.month, born.day)) < majority:
                children += 1

    # Assets: above the allowance there is no need until they are consumed.
    allowance, allowance_amount = sh.asset_allowance(adults, children)
    assets = person.assets
    assets_ok = assets.amount <= allowance.amount
    # Reasons are keyed on the amounts (Decimal hashing is cheap; equal amounts read alike).
    memo = sh.reasons
    key: tuple[object, ...] = ("sh.assets", assets.amount, allowance.amount)
    reason = memo.get(key)
    if reason is None:
        reason = memo[key] = _assets_reason(assets, allowance, assets_ok, sh.asset_ref)
    reasons.append(reason)
    if not assets_ok:
        blocking.append(reason)

    status = person.employment.status
    employed = status is _EMPLOYED or status is _PARTLY_UNEMPLOYED
    income = person.monthly_income
    income_allow = _ZERO
    if employed and income.amount:
        cap, reason = sh.memo(_income_allowance)
        # The model does not split earned from other income: the allowance is
        # capped at the household income.
        income_allow = cap.min(income)
        reasons.append(reason)

    integration_allow = _ZERO
    if not employed and _in_integration_activity(active):
        integration_allow, reason = sh.memo(_integration_allowance)
        reasons.append(reason)

    # All available income counts, insurance cash benefits being paid included (subsidiarity).
    benefits, benefit_reasons, unknown = _insurance_income(case, on, prior, sh, active)
    reasons += benefit_reasons
    # income_considered() and monthly_need(), the considered income once: the same operations
    # on the amounts (Money's operators check their operand and build a Money per step, and this
    # runs for every case), so the same digits; Money.max keeps the left amount when equal.
    zero = _ZERO_AMOUNT
    considered_d = income.amount - income_allow.amount
    if not considered_d >= zero:
        considered_d = zero
    benefits_d = benefits.amount
    counted_d = considered_d + (benefits_d if benefits_d else zero)
    need_d = basic.amount + integration_allow.amount - counted_d
    if not need_d >= zero:
        need_d = zero
    considered = Money._of(considered_d)
    need = Money._of(need_d)
    key = (
        "sh.need",
        need_d,
        basic.amount,
        integration_allow.amount,
        considered_d,
        benefits_d,
    )
    reason = memo.get(key)
    if reason is None:
        reason = memo[key] = _need_reason(
            need, basic, integration_allow, considered, benefits, sh.basic_entry.ref
        )
    reasons.append(reason)
    if not need_d:
        blocking.append(reason)

    available, pending = _subsidiarity_reasons(case, on, prior, sh, active)
    canton = person.residence.canton
    local = canton in _CANTONAL_SUBSIDIARITY
    if not available and not pending:
        reasons.append(_NO_PRIOR_LOCAL[canton] if local else sh.no_prior)
    reasons += available
    reasons += pending
    if local:
        reasons.append(sh.skos)

    asylum = _ASYLUM_RATE.get(person.residence.status)
    if asylum is not None:
        reasons.append(asylum)

    # The outcome's value for the trace with it (Enum.value is a property: a call per case).
    if blocking:
        outcome, outcome_text = _NOT_ELIGIBLE, _NOT_ELIGIBLE_TEXT
    elif available or pending or asylum is not None or unknown:
        outcome, outcome_text = _NEEDS_CLARIFICATION, _NEEDS_CLARIFICATION_TEXT
    else:
        outcome, outcome_text = _ELIGIBLE, _ELIGIBLE_TEXT

    basic_ref = sh.basic_entry.ref
    amounts = [
        basic_amount,
        Amount("income_considered", considered, basic_ref),
        Amount("monthly_need", need, basic_ref),
        allowance_amount,
    ]
    if benefits_d:
        amounts.append(Amount("insurance_benefits_counted", benefits, sh.day.entries[_DIVISOR].ref))
    if income_allow.amount:
        amounts.append(
            Amount("income_allowance", income_allow, sh.day.entries["sh.income_allowance_max"].ref)
        )
    if integration_allow.amount:
        amounts.append(
            Amount(
                "integration_allowance",
                integration_allow,
                sh.day.entries["sh.integration_allowance_max"].ref,
            )
        )
    trace = ctx.trace
    if trace.enabled:
        # Trace.step's record, built directly: the inputs are counts and Money amounts,
        # which a trace shows as str() shows them.
        trace.steps.append(
            TraceStep(
                RULE,
                (
                    ("household_size", str(size)),
                    ("minor_children", str(children)),
                    ("monthly_income", str(income)),
                    ("insurance_benefits_counted", str(benefits)),
                    ("assets", str(assets)),
                    ("prior_benefits_available", str(len(available))),
                    ("claims_pending", str(len(pending))),
                ),
                f"{outcome_text}; need {need}",
                tuple([r.ref for r in reasons]),
            )
        )
    return [
        # Positional, in the order of the fields (a call per case).
        Determination(_SOCIAL_ASSISTANCE, RULE, outcome, tuple(reasons), on, tuple(amounts))
    ]
