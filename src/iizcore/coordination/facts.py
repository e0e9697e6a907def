"""Facts about a case on a date that triage, lead, payments and plan share.

:class:`CaseFacts` is computed once per assessment from the case and the
federal determinations: which institutions are responsible or potentially
responsible, who pays, whether the IV is examining. It holds no personal
identifiers.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date
from decimal import Decimal
from typing import Final

from attrs import frozen

from iizcore.errors import ParameterError
from iizcore.law.determination import Determination, Outcome, RuleContext, Trace, TraceStep
from iizcore.law.migration import federal_financing_end, financing_years_parameter
from iizcore.law.parameters import ParameterSet
from iizcore.model.case import Benefit, Case, Claim, Spell
from iizcore.model.institution import INSURANCES, InstitutionKind
from iizcore.model.person import EmploymentStatus, Qualification
from iizcore.model.reference import LegalRef

__all__ = ["ALV_KINDS", "CASH_RULES", "SH_KINDS", "CaseFacts", "case_facts", "system_of"]

K = InstitutionKind

ALV_KINDS: Final = frozenset({K.ALV_FUND, K.RAV, K.LABOUR_MARKET_AUTHORITY})
SH_KINDS: Final = frozenset({K.SOCIAL_ASSISTANCE, K.CANTONAL_SOCIAL_OFFICE})

# Enum members as module constants: reading ``Enum.MEMBER`` goes through the enum
# class's attribute lookup each time, several times slower than a global.
_IV: Final = K.IV_OFFICE
_RAV: Final = K.RAV
_MIGRATION: Final = K.MIGRATION_INTEGRATION
_CASH: Final = Benefit.CASH
_ELIGIBLE: Final = Outcome.ELIGIBLE
_NEEDS_CLARIFICATION: Final = Outcome.NEEDS_CLARIFICATION
_NO_QUALIFICATION: Final = Qualification.NONE
_UNEMPLOYED: Final = frozenset({EmploymentStatus.UNEMPLOYED, EmploymentStatus.PARTLY_UNEMPLOYED})

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


#: Entries kept in the dated-parameter cache before it starts afresh (bounds memory when a
#: batch spans many dates).
_CACHE_LIMIT: Final = 4096

_dated: dict[tuple[int, date, str], tuple[ParameterSet, tuple[Decimal, LegalRef] | None]] = {}


def dated_parameter(ctx: RuleContext, name: str) -> tuple[Decimal, LegalRef] | None:
    """The value and reference of parameter ``name`` in force on ``ctx.on``; None if it has none.

    Coordination asks for the same few parameters case after case, and a
    parameter without a value on the date would raise (and be caught) every
    time: the answer is kept per parameter set, date and name. The entry
    holds the parameter set itself, so an id reused by a later set never
    answers for it. Package-internal.
    """
    params = ctx.parameters
    key = (id(params), ctx.on, name)
    hit = _dated.get(key)
    if hit is not None and hit[0] is params:
        return hit[1]
    try:
        found: tuple[Decimal, LegalRef] | None = (ctx.param(name), ctx.ref(name))
    except ParameterError:
        found = None
    if len(_dated) >= _CACHE_LIMIT:
        _dated.clear()
    _dated[key] = (params, found)
    return found


#: Recorded trace steps by key (see :func:`replayed`), each with the object its key names by id.
StepCache = dict[Hashable, tuple[TraceStep, object]]


def replayed(trace: Trace, steps: StepCache, key: Hashable) -> bool:
    """Append the step recorded earlier under ``key`` to ``trace``; False if there is none.

    A trace step is a frozen value: where a step's inputs, result and references
    are fully determined by a small key (the order of payment, the lead's rule),
    it is recorded once by :meth:`Trace.step` (:func:`remember`) and the same
    :class:`TraceStep` is appended for every later case with that key —
    formatting the inputs again would give an equal step. Only for a plain
    :class:`Trace`: a subclass may do more in ``step``. Package-internal.
    """
    if type(trace) is not Trace:
        return False
    found = steps.get(key)
    if found is None:
        return False
    trace.steps.append(found[0])
    return True


def remember(trace: Trace, steps: StepCache, key: Hashable, keep: object = None) -> None:
    """Keep the step :meth:`Trace.step` has just recorded under ``key`` (see :func:`replayed`).

    A key may name an object by its id only if that object is passed as ``keep``:
    the entry holds it, so the id cannot be reused while the entry exists.
    """
    if type(trace) is Trace and trace.steps:
        if len(steps) >= _CACHE_LIMIT:
            steps.clear()
        steps[key] = (trace.steps[-1], keep)


def active_spells(case: Case, on: date) -> tuple[Spell, ...]:
    """``case.active_spells(on)``, without building a :class:`~iizcore.model.Period` per spell.

    Package-internal: :func:`iizcore.coordination.planner.plan_case` computes the
    active spells once and hands them to each step.
    """
    return tuple([s for s in case.history if s.start <= on and (s.end is None or on <= s.end)])


def _integration_phase_end(case: Case, ctx: RuleContext) -> date | None:
    """End of the federal lump-sum period for refugees and provisionally admitted persons.

    The same period as the federal financing rule
    (:func:`iizcore.law.migration.federal_financing_end`, AIG Art. 87 Abs. 3:
    "während längstens sieben Jahren nach der Einreise"), with the duration
    parameter of the residence status
    (:func:`iizcore.law.migration.financing_years_parameter`). Asylum
    seekers are not in the integration phase; without a duration in force on
    the date there is no phase either.
    """
    residence = case.person.residence
    if residence.entry_date is None:
        return None
    name = financing_years_parameter(residence.status)
    if name is None:
        return None
    years = dated_parameter(ctx, name)
    if years is None:
        return None
    return federal_financing_end(residence.entry_date, int(years[0]))


def _by_start(spell: Spell) -> tuple[date, str]:
    return spell.start, spell.institution


def _by_filing(claim: Claim) -> tuple[date, str]:
    return claim.filed_on, claim.institution


def case_facts(case: Case, ctx: RuleContext, determinations: Sequence[Determination]) -> CaseFacts:
    """The coordination facts of ``case`` on ``ctx.on`` from the case and its determinations."""
    return facts_with_spells(case, ctx, determinations, active_spells(case, ctx.on))


def facts_with_spells(
    case: Case,
    ctx: RuleContext,
    determinations: Sequence[Determination],
    active: tuple[Spell, ...],
) -> CaseFacts:
    """:func:`case_facts` with the spells active on ``ctx.on`` already known (package-internal).

    Written with plain loops over the few spells, claims and determinations of
    a case: this runs once per assessed case.
    """
    on = ctx.on
    person = case.person
    seen: dict[InstitutionKind, None] = {}
    eligible: set[InstitutionKind] = set()
    unclear: set[InstitutionKind] = set()
    paying: set[InstitutionKind] = set()
    sh_active = iv_active = False
    for spell in active:
        kind = spell.institution
        if spell.benefit is _CASH:
            paying.add(kind)
        if kind in SH_KINDS:
            sh_active = True
        elif kind is _IV:
            iv_active = True
    # Only eligible and unclear determinations make an institution responsible; an
    # insurance found to owe a cash benefit for the living is noted on the way.
    relevant: list[Determination] = []
    insurance_cash = bool(paying) and not INSURANCES.isdisjoint(paying)
    for d in determinations:
        outcome = d.outcome
        if outcome is _ELIGIBLE:
            if d.rule.startswith(_INFORMATIONAL_PREFIXES):
                continue
            relevant.append(d)
            if (
                not insurance_cash
                and d.institution in INSURANCES
                and (d.rule in CASH_RULES or d.institution in _DAILY_ALLOWANCE_INSURERS)
            ):
                insurance_cash = True
        elif outcome is _NEEDS_CLARIFICATION and not d.rule.startswith(_INFORMATIONAL_PREFIXES):
            relevant.append(d)
    # Social assistance is subsidiary (SKOS A.3): while an insurance pays a cash
    # benefit, a social-assistance need computed on the case alone does not make
    # social assistance responsible. A top-up (ergänzende Sozialhilfe) that is
    # actually paid shows as an active social-assistance spell and counts.
    subsidiary = insurance_cash and not sh_active
    for d in relevant:
        kind = d.institution
        if subsidiary and kind in SH_KINDS:
            continue
        if d.outcome is _ELIGIBLE:
            if d.rule in CASH_RULES or kind in _DAILY_ALLOWANCE_INSURERS:
                eligible.add(kind)
        else:
            unclear.add(kind)
        if kind not in seen:
            seen[kind] = None
    if active:
        for spell in sorted(active, key=_by_start) if len(active) > 1 else active:
            seen.setdefault(spell.institution, None)
    iv_claim_pending = False
    claims = case.claims
    if claims:
        # Claim.pending_on, inlined: filed by the date and not decided before it.
        pending = [
            c for c in claims if c.filed_on <= on and (c.decided_on is None or c.decided_on > on)
        ]
        for claim in sorted(pending, key=_by_filing) if len(pending) > 1 else pending:
            seen.setdefault(claim.institution, None)
            if claim.institution is _IV:
                iv_claim_pending = True
    iv_registered = iv_claim_pending or iv_active
    health = person.health
    health_problem = health.has_health_problem
    # EmploymentStatus.is_unemployed, as a set lookup (no enum attribute reads per case).
    unemployed = person.employment.status in _UNEMPLOYED
    alv_now = not ALV_KINDS.isdisjoint(seen)
    sh_now = not SH_KINDS.isdisjoint(seen)
    education = person.education
    in_education = education.in_education
    labour_market = unemployed or alv_now or (sh_now and not in_education)
    if unemployed and not alv_now:
        # A wholly or partly unemployed person may claim ALV benefits and RAV placement
        # (AVIG Art. 8, Art. 85b): the ALV is potentially responsible.
        seen.setdefault(_RAV, None)
    if health_problem and (unemployed or alv_now or sh_now) and not health.iv_pension_since:
        # Early detection may be reported for persons unable to work or threatened by
        # long-lasting incapacity (IVG Art. 3abis Abs. 2 lit. b): IV potentially responsible.
        seen.setdefault(_IV, None)
    phase_end = _integration_phase_end(case, ctx)
    integration_phase = phase_end is not None and on <= phase_end
    if integration_phase:
        seen.setdefault(_MIGRATION, None)
    if paying:
        eligible.update(paying & INSURANCES)
    young = dated_parameter(ctx, "iv.integration_measures_young_age_limit")
    return CaseFacts(
        on,
        person.age_on(on),
        tuple(seen),
        frozenset(eligible),
        frozenset(unclear),
        frozenset(paying),
        iv_registered,
        iv_claim_pending,
        health_problem,
        labour_market,
        integration_phase,
        phase_end if integration_phase else None,
        # No vocational qualification (Qualification.is_vocational_qualification is an
        # identity test against NONE) and not in education.
        education.qualification is _NO_QUALIFICATION and not in_education,
        int(young[0]) if young is not None else None,
        unemployed,
    )
