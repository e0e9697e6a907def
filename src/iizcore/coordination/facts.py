"""Facts about a case on a date that triage, lead, payments and plan share.

:class:`CaseFacts` is computed once per assessment from the case and the
federal determinations: which institutions are responsible or potentially
responsible, who pays, whether the IV is examining. It holds no personal
identifiers.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from attrs import frozen

from iizcore.errors import ParameterError
from iizcore.law.determination import Determination, Outcome, RuleContext
from iizcore.law.migration import federal_financing_end, financing_years_parameter
from iizcore.model.case import Benefit, Case
from iizcore.model.institution import InstitutionKind

__all__ = ["ALV_KINDS", "CASH_RULES", "SH_KINDS", "CaseFacts", "case_facts", "system_of"]

K = InstitutionKind

ALV_KINDS: Final = frozenset({K.ALV_FUND, K.RAV, K.LABOUR_MARKET_AUTHORITY})
SH_KINDS: Final = frozenset({K.SOCIAL_ASSISTANCE, K.CANTONAL_SOCIAL_OFFICE})

_SYSTEM: Final[dict[InstitutionKind, str]] = {
    K.ALV_FUND: "alv",
    K.RAV: "alv",
    K.LABOUR_MARKET_AUTHORITY: "alv",
    K.IV_OFFICE: "iv",
    K.SOCIAL_ASSISTANCE: "sh",
    K.CANTONAL_SOCIAL_OFFICE: "sh",
    K.VOCATIONAL_GUIDANCE: "vocational",
    K.VOCATIONAL_EDUCATION: "vocational",
    K.MIGRATION_INTEGRATION: "migration",
    K.ACCIDENT_INSURANCE: "uv",
    K.SICKNESS_ALLOWANCE_INSURER: "ktg",
}

#: Rules whose eligible outcome is a cash benefit for the person's living: the institution
#: then pays (ALV daily allowances, IV pension, social-assistance support). Other eligible
#: determinations (early detection, measures) make an institution responsible for acting,
#: not for paying.
CASH_RULES: Final = frozenset({"alv.entitlement", "iv.pension", "social_assistance.need"})

#: Insurers whose only benefit iizcore knows is a daily allowance (UVG Art. 16; KTG under
#: the VVG): any eligible determination of theirs is a cash benefit.
_DAILY_ALLOWANCE_INSURERS: Final = frozenset({K.ACCIDENT_INSURANCE, K.SICKNESS_ALLOWANCE_INSURER})

#: Rule families that only inform (the AHV reference age) and never make an
#: institution responsible.
_INFORMATIONAL_PREFIXES: Final = ("ahv.",)


def system_of(kind: InstitutionKind) -> str | None:
    """The branch of social security a kind belongs to (``"alv"`` for RAV and fund alike).

    Employers, private providers and the IIZ office belong to none.
    """
    return _SYSTEM.get(kind)


@frozen
class CaseFacts:
    """What coordination needs to know about a case on ``on``."""

    on: date
    age: int
    involved: tuple[InstitutionKind, ...]
    """Kinds responsible or potentially responsible, in first-seen order."""
    eligible: frozenset[InstitutionKind]
    """Kinds eligible for a cash benefit (:data:`CASH_RULES`) or paying one on ``on``."""
    unclear: frozenset[InstitutionKind]
    """Kinds whose determination needs clarification."""
    paying: frozenset[InstitutionKind]
    """Kinds paying a cash benefit on ``on`` (active cash spell)."""
    iv_registered: bool
    """An IV claim filed by ``on``, or an IV spell running."""
    iv_claim_pending: bool
    health_problem: bool
    labour_market_problem: bool
    integration_phase: bool
    """Refugee or provisionally admitted person within the federal lump-sum period."""
    integration_phase_until: date | None
    without_qualification: bool
    """No vocational qualification and not in education."""
    young_limit: int | None
    """The young-adult age limit in force (IVG Art. 14a Abs. 1 lit. b), if any."""
    unemployed: bool

    @property
    def young_without_qualification(self) -> bool:
        """Under the young-adult age limit and without a vocational qualification."""
        return (
            self.young_limit is not None
            and self.age < self.young_limit
            and self.without_qualification
        )

    @property
    def systems(self) -> frozenset[str]:
        """The branches of social security involved."""
        return frozenset(s for k in self.involved if (s := system_of(k)) is not None)

    def is_involved(self, *kinds: InstitutionKind) -> bool:
        return any(k in self.involved for k in kinds)


def _add(seen: dict[InstitutionKind, None], kind: InstitutionKind) -> None:
    seen.setdefault(kind, None)


def _integration_phase_end(case: Case, ctx: RuleContext) -> date | None:
    """End of the federal lump-sum period for refugees and provisionally admitted persons.

    The same period as the federal financing rule
    (:func:`iizcore.law.migration.federal_financing_end`, AIG Art. 87 Abs. 3:
    "während längstens sieben Jahren nach der Einreise"), with the duration
    parameter of the residence status
    (:func:`iizcore.law.migration.financing_years_parameter`). Asylum
    seekers are not in the integration phase.
    """
    residence = case.person.residence
    name = financing_years_parameter(residence.status)
    if residence.entry_date is None or name is None:
        return None
    return federal_financing_end(residence.entry_date, int(ctx.param(name)))


def _insurance_pays_cash(
    determinations: Sequence[Determination], paying: set[InstitutionKind]
) -> bool:
    """Whether an insurance pays (or is found to owe) a cash benefit for the person's living."""
    if any(k.is_insurance for k in paying):
        return True
    return any(
        d.outcome is Outcome.ELIGIBLE
        and d.institution.is_insurance
        and (d.rule in CASH_RULES or d.institution in _DAILY_ALLOWANCE_INSURERS)
        for d in determinations
    )


def case_facts(case: Case, ctx: RuleContext, determinations: Sequence[Determination]) -> CaseFacts:
    """The coordination facts of ``case`` on ``ctx.on`` from the case and its determinations."""
    on = ctx.on
    person = case.person
    seen: dict[InstitutionKind, None] = {}
    eligible: set[InstitutionKind] = set()
    unclear: set[InstitutionKind] = set()
    relevant = [d for d in determinations if not d.rule.startswith(_INFORMATIONAL_PREFIXES)]
    active = case.active_spells(on)
    cash_spells = {s.institution for s in active if s.benefit is Benefit.CASH}
    if _insurance_pays_cash(relevant, cash_spells) and not any(
        s.institution in SH_KINDS for s in active
    ):
        # Social assistance is subsidiary (SKOS A.3): while an insurance pays a cash
        # benefit, a social-assistance need computed on the case alone does not make
        # social assistance responsible. A top-up (ergänzende Sozialhilfe) that is
        # actually paid shows as an active social-assistance spell and counts.
        relevant = [d for d in relevant if d.institution not in SH_KINDS]
    for d in relevant:
        if d.outcome is Outcome.ELIGIBLE:
            if d.rule in CASH_RULES or d.institution in _DAILY_ALLOWANCE_INSURERS:
                eligible.add(d.institution)
            _add(seen, d.institution)
        elif d.outcome is Outcome.NEEDS_CLARIFICATION:
            unclear.add(d.institution)
            _add(seen, d.institution)
    paying: set[InstitutionKind] = set()
    for spell in sorted(active, key=lambda s: (s.start, s.institution)):
        _add(seen, spell.institution)
        if spell.benefit is Benefit.CASH:
            paying.add(spell.institution)
    pending = case.pending_claims(on)
    for claim in sorted(pending, key=lambda c: (c.filed_on, c.institution)):
        _add(seen, claim.institution)
    iv_claim_pending = any(c.institution is K.IV_OFFICE for c in pending)
    iv_registered = iv_claim_pending or any(s.institution is K.IV_OFFICE for s in active)
    health = person.health.has_health_problem
    unemployed = person.employment.status.is_unemployed
    alv_now = any(k in ALV_KINDS for k in seen)
    sh_now = any(k in SH_KINDS for k in seen)
    labour_market = unemployed or alv_now or (sh_now and not person.education.in_education)
    if unemployed and not alv_now:
        # A wholly or partly unemployed person may claim ALV benefits and RAV placement
        # (AVIG Art. 8, Art. 85b): the ALV is potentially responsible.
        _add(seen, K.RAV)
    if health and (unemployed or alv_now or sh_now) and not person.health.iv_pension_since:
        # Early detection may be reported for persons unable to work or threatened by
        # long-lasting incapacity (IVG Art. 3abis Abs. 2 lit. b): IV potentially responsible.
        _add(seen, K.IV_OFFICE)
    try:
        phase_end = _integration_phase_end(case, ctx)
    except ParameterError:
        phase_end = None
    integration_phase = phase_end is not None and on <= phase_end
    if integration_phase:
        _add(seen, K.MIGRATION_INTEGRATION)
    eligible |= {k for k in paying if k.is_insurance}
    try:
        young_limit: int | None = int(ctx.param("iv.integration_measures_young_age_limit"))
    except ParameterError:
        young_limit = None
    return CaseFacts(
        on=on,
        age=person.age_on(on),
        involved=tuple(seen),
        eligible=frozenset(eligible),
        unclear=frozenset(unclear),
        paying=frozenset(paying),
        iv_registered=iv_registered,
        iv_claim_pending=iv_claim_pending,
        health_problem=health,
        labour_market_problem=labour_market,
        integration_phase=integration_phase,
        integration_phase_until=phase_end if integration_phase else None,
        without_qualification=(
            not person.education.qualification.is_vocational_qualification
            and not person.education.in_education
        ),
        young_limit=young_limit,
        unemployed=unemployed,
    )
