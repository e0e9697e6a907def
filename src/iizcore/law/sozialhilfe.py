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
* the monthly need = basic need + integration allowance − (income − income
  allowance), never negative.

The model has no housing costs and no health-insurance premium, so the need
computed here is the **basic-need part** of the SKOS budget only; housing
(Wohnkosten) and medical basic care (medizinische Grundversorgung) come on top
in a real budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from iizcore.law.determination import (
    Amount,
    Determination,
    Outcome,
    Reason,
    RuleContext,
)
from iizcore.law.parameters import ParameterSet, federal_parameters
from iizcore.model.case import Benefit, Case
from iizcore.model.institution import InstitutionKind, MeasureType
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.person import EmploymentStatus, Person, ResidenceStatus
from iizcore.model.reference import LegalRef

__all__ = [
    "CASH_BENEFIT_RULES",
    "RULE",
    "asset_allowance",
    "basic_need",
    "determinations",
    "income_considered",
    "minor_children",
    "monthly_need",
    "subsidiarity_ref",
]

RULE: Final = "social_assistance.need"

#: Prior rules whose eligible outcome is a cash benefit that covers living costs
#: and therefore comes before social assistance (ALV daily allowances, IV pension).
CASH_BENEFIT_RULES: Final = frozenset({"alv.entitlement", "iv.pension"})

#: The revised SKOS guidelines (in force 1.1.2021) renumbered the chapters:
#: subsidiarity moved from A.4 to A.3 (see the header of sozialhilfe.toml).
_REVISED_GUIDELINES: Final = date(2021, 1, 1)

#: Cantonal provisions on subsidiarity that were verified (VERIFICATION.md item 16).
#: BL: no provision verified (plugins/bl RESEARCH.md), so only SKOS is cited.
_CANTONAL_SUBSIDIARITY: Final[dict[str, LegalRef]] = {
    "ZH": LegalRef("SHG ZH", "2", style="§"),
}

#: Age of majority for the per-child asset allowance ("minderjährige Kinder").
_MAJORITY_AGE: Final = 18

_FRANC: Final = Decimal(1)


def subsidiarity_ref(on: date) -> LegalRef:
    """The SKOS chapter on subsidiarity in force on ``on`` (A.3 since 2021, A.4 before)."""
    return LegalRef("SKOS", "A.3" if on >= _REVISED_GUIDELINES else "A.4", style="chapter")


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
    base = params.value(
        "sh.asset_allowance_couple" if adults >= 2 else "sh.asset_allowance_single", on
    )
    total = base + minor_children * params.value("sh.asset_allowance_child", on)
    return Money(min(total, params.value("sh.asset_allowance_max", on)))


def income_considered(income: Money, allowance: Money) -> Money:
    """Income counted against the need: income minus the income allowance, never negative."""
    return (income - allowance).max(Money.zero())


def monthly_need(
    basic: Money, income: Money, income_allow: Money, integration_allow: Money
) -> Money:
    """Monthly need = basic need + integration allowance − counted income, never negative."""
    return (basic + integration_allow - income_considered(income, income_allow)).max(Money.zero())


def minor_children(person: Person, on: date) -> int:
    """Children in the household who are minors on ``on``."""
    return sum(1 for c in person.household.children() if _age(c.birth_date, on) < _MAJORITY_AGE)


def _age(born: date, day: date) -> int:
    years = day.year - born.year
    return years - 1 if (day.month, day.day) < (born.month, born.day) else years


def _cantonal_origin(params: ParameterSet, name: str, on: date) -> str | None:
    """The canton whose value of ``name`` is in force on ``on``, or None for the federal/SKOS value."""
    param = params[name]
    if param.origin == "federal":
        return None
    row = param.at(on)
    federal = federal_parameters()
    if name in federal and row in federal[name].values:
        return None
    return param.origin


def _allowance(
    params: ParameterSet, on: date, low: str, high: str, what: str, code: str
) -> tuple[Money, Reason]:
    """The canton's amount if a plugin supplies it, else the SKOS lower bound with the range stated."""
    canton = _cantonal_origin(params, high, on)
    entry = params.entry(high, on)
    if canton is not None:
        amount = Money(entry.decimal)
        text = Labels(
            de=f"{what}: kantonaler Betrag {amount} ({canton}).",
            en=f"{what}: cantonal amount {amount} ({canton}).",
        )
        return amount, Reason(code, entry.ref, text)
    low_entry = params.entry(low, on)
    amount = Money(low_entry.decimal)
    text = Labels(
        de=(
            f"{what}: kein kantonaler Betrag hinterlegt; SKOS-Bandbreite {low_entry.decimal}–"
            f"{entry.decimal} CHF, angewandt wird die untere Grenze {amount}."
        ),
        en=(
            f"{what}: no cantonal amount on file; SKOS range {low_entry.decimal}–"
            f"{entry.decimal} CHF, the lower bound {amount} is applied."
        ),
    )
    return amount, Reason(code, low_entry.ref, text)


def _is_employed(person: Person) -> bool:
    return person.employment.status in (
        EmploymentStatus.EMPLOYED,
        EmploymentStatus.PARTLY_UNEMPLOYED,
    )


def _in_integration_activity(case: Case, on: date) -> bool:
    """An integration activity of social assistance runs (basis of the IZU)."""
    return any(
        s.benefit is Benefit.MEASURE
        and (
            s.institution is InstitutionKind.SOCIAL_ASSISTANCE
            or s.measure_type is MeasureType.SOCIAL_INTEGRATION
        )
        for s in case.active_spells(on)
    )


def _asylum_rate_reason(person: Person) -> Reason | None:
    """Asylum seekers and provisionally admitted persons: a cantonal rate below the local one.

    AsylG Art. 82 Abs. 3 (asylum seekers); AIG Art. 86 Abs. 1 applies AsylG
    Art. 80a-84 to provisionally admitted persons. Refugees (B and F) are
    supported like the local population.
    """
    status = person.residence.status
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
            en=(
                "Asylum social assistance: the cantonal rate is below the rate for the local "
                "population; the SKOS basic need is only an upper bound."
            ),
        ),
        met=None,
    )


def _subsidiarity_reasons(
    case: Case, on: date, prior: Sequence[Determination]
) -> tuple[list[Reason], list[Reason]]:
    """Reasons for subsidiarity: (benefits available but not received, claims pending)."""
    canton = case.person.residence.canton
    ref = _CANTONAL_SUBSIDIARITY.get(canton, subsidiarity_ref(on))
    receiving = {s.institution for s in case.active_spells(on) if s.benefit is Benefit.CASH}
    available: list[Reason] = []
    for d in prior:
        if d.rule in CASH_BENEFIT_RULES and d.eligible and d.institution not in receiving:
            label = d.institution.labels
            available.append(
                Reason(
                    "sh.subsidiarity.insurance_available",
                    ref,
                    Labels(
                        de=(
                            f"Vorrangige Versicherungsleistung ({d.rule}, {label.de}) ist "
                            "gegeben, aber noch nicht bezogen: sie ist zuerst geltend zu machen; "
                            "der Bedarf ist danach mit ihr als Einkommen zu berechnen."
                        ),
                        en=(
                            f"A prior insurance benefit ({d.rule}, {label.get('en')}) is "
                            "available but not yet received: it must be claimed first; the need "
                            "is then computed with it as income."
                        ),
                    ),
                    met=False,
                )
            )
    pending: list[Reason] = []
    for claim in case.pending_claims(on):
        if claim.institution.is_insurance:
            label = claim.institution.labels
            advance_ref = (
                # Advances of a welfare office "im Hinblick auf eine Rente der IV" (IVV Art. 85bis).
                LegalRef("IVV", "85bis", paragraph="1")
                if claim.institution is InstitutionKind.IV_OFFICE
                else ref
            )
            pending.append(
                Reason(
                    "sh.subsidiarity.claim_pending",
                    advance_ref,
                    Labels(
                        de=(
                            f"Anmeldung bei {label.de} ist hängig: Sozialhilfe kann nur "
                            "bevorschussen und die Nachzahlung zurückfordern."
                        ),
                        en=(
                            f"A claim with {label.get('en')} is pending: social assistance can "
                            "only advance and claim the back payment."
                        ),
                    ),
                    met=None,
                )
            )
    return available, pending


def determinations(
    case: Case, ctx: RuleContext, prior: Sequence[Determination]
) -> list[Determination]:
    """The ``social_assistance.need`` determination for ``case`` on ``ctx.on``.

    Persons of the asylum domain are included: the Confederation's lump sums
    (see :mod:`iizcore.law.migration`) finance the canton, they do not replace
    the need computation.
    """
    on, params, person = ctx.on, ctx.parameters, case.person
    size = person.household.size
    basic = basic_need(size, on, params)
    basic_entry = params.entry("sh.basic_need_1p", on)
    reasons: list[Reason] = []
    blocking: list[Reason] = []

    canton = _cantonal_origin(params, "sh.basic_need_1p", on)
    source = f"kantonaler Ansatz {canton}" if canton else "SKOS-Empfehlung"
    reasons.append(
        Reason(
            "sh.basic_need",
            basic_entry.ref,
            Labels(
                de=(
                    f"Grundbedarf für {size} Person(en): {basic} ({source}; Einpersonenbetrag "
                    f"{basic_entry.decimal}). Wohnkosten und Krankenversicherung sind nicht erfasst: "
                    "der Bedarf umfasst nur den Grundbedarf."
                ),
                en=(
                    f"Basic need for {size} person(s): {basic} "
                    f"({'cantonal amount ' + canton if canton else 'SKOS recommendation'}; "
                    f"one-person amount {basic_entry.decimal}). Housing and health insurance are "
                    "not recorded: the need covers the basic need only."
                ),
            ),
        )
    )

    # Assets: above the allowance there is no need until they are consumed.
    children = minor_children(person, on)
    allowance = asset_allowance(person.household.adults, children, on, params)
    assets_ok = person.assets <= allowance
    reason = Reason(
        "sh.assets",
        params.entry("sh.asset_allowance_single", on).ref,
        Labels(
            de=(
                f"Vermögen {person.assets}, Freibetrag {allowance}: "
                + ("innerhalb des Freibetrags." if assets_ok else "zuerst zu verbrauchen.")
            ),
            en=(
                f"Assets {person.assets}, allowance {allowance}: "
                + ("within the allowance." if assets_ok else "to be consumed first.")
            ),
        ),
        met=assets_ok,
    )
    reasons.append(reason)
    if not assets_ok:
        blocking.append(reason)

    income_allow = Money.zero()
    if _is_employed(person) and person.monthly_income:
        cap, reason = _allowance(
            params,
            on,
            "sh.income_allowance_min",
            "sh.income_allowance_max",
            "Einkommensfreibetrag (EFB)",
            "sh.income_allowance",
        )
        # The model does not split earned from other income: the allowance is
        # capped at the household income.
        income_allow = cap.min(person.monthly_income)
        reasons.append(reason)

    integration_allow = Money.zero()
    if not _is_employed(person) and _in_integration_activity(case, on):
        integration_allow, reason = _allowance(
            params,
            on,
            "sh.integration_allowance_min",
            "sh.integration_allowance_max",
            "Integrationszulage (IZU)",
            "sh.integration_allowance",
        )
        reasons.append(reason)

    considered = income_considered(person.monthly_income, income_allow)
    need = monthly_need(basic, person.monthly_income, income_allow, integration_allow)
    covered = not need
    reason = Reason(
        "sh.need",
        basic_entry.ref,
        Labels(
            de=(
                f"Monatlicher Bedarf {need} (Grundbedarf {basic} + Zulagen {integration_allow} − "
                f"angerechnetes Einkommen {considered})."
            ),
            en=(
                f"Monthly need {need} (basic need {basic} + allowances {integration_allow} − "
                f"income considered {considered})."
            ),
        ),
        met=not covered,
    )
    reasons.append(reason)
    if covered:
        blocking.append(reason)

    available, pending = _subsidiarity_reasons(case, on, prior)
    if not available and not pending:
        reasons.append(
            Reason(
                "sh.subsidiarity",
                _CANTONAL_SUBSIDIARITY.get(person.residence.canton, subsidiarity_ref(on)),
                Labels(
                    de="Keine vorrangige Versicherungsleistung offen (Subsidiarität).",
                    en="No prior insurance benefit outstanding (subsidiarity).",
                ),
                met=True,
            )
        )
    reasons.extend(available)
    reasons.extend(pending)
    if person.residence.canton in _CANTONAL_SUBSIDIARITY:
        reasons.append(
            Reason(
                "sh.subsidiarity.skos",
                subsidiarity_ref(on),
                Labels(
                    de="Subsidiarität der Sozialhilfe nach den SKOS-Richtlinien.",
                    en="Subsidiarity of social assistance under the SKOS guidelines.",
                ),
            )
        )

    asylum = _asylum_rate_reason(person)
    if asylum is not None:
        reasons.append(asylum)

    if blocking:
        outcome = Outcome.NOT_ELIGIBLE
    elif available or pending or asylum is not None:
        outcome = Outcome.NEEDS_CLARIFICATION
    else:
        outcome = Outcome.ELIGIBLE

    amounts = [
        Amount("basic_need", basic, basic_entry.ref),
        Amount("income_considered", considered, basic_entry.ref),
        Amount("monthly_need", need, basic_entry.ref),
        Amount("asset_allowance", allowance, params.entry("sh.asset_allowance_single", on).ref),
    ]
    if income_allow:
        amounts.append(
            Amount(
                "income_allowance", income_allow, params.entry("sh.income_allowance_max", on).ref
            )
        )
    if integration_allow:
        amounts.append(
            Amount(
                "integration_allowance",
                integration_allow,
                params.entry("sh.integration_allowance_max", on).ref,
            )
        )
    ctx.trace.step(
        RULE,
        lambda: {
            "household_size": size,
            "minor_children": children,
            "monthly_income": person.monthly_income,
            "assets": person.assets,
            "prior_benefits_available": len(available),
            "claims_pending": len(pending),
        },
        f"{outcome.value}; need {need}",
        *(r.ref for r in reasons),
    )
    return [
        Determination(
            institution=InstitutionKind.SOCIAL_ASSISTANCE,
            rule=RULE,
            outcome=outcome,
            reasons=tuple(reasons),
            on=on,
            amounts=tuple(amounts),
        )
    ]
