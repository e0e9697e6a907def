"""Building the coordination plan of a case: :func:`plan_case`.

Steps, each recorded in the trace: case facts → triage → lead → order of
payment → parallel offers → IV early-detection report → meeting →
participants → consent-checked data access → expected gain.

Offers run **in parallel** where the law lets several institutions act at
once (Leistungskoordination, seed 001): RAV counselling continues while the
IV examines early intervention (from the registration with the IV on the ALV
advances, ATSG Art. 70 Abs. 2 lit. b, AVIV Art. 15 Abs. 3); vocational
guidance runs during social assistance. Two
offers are never scheduled together where the rules forbid it
(:data:`FORBIDDEN_OVERLAPS`, checked by :func:`check_schedule`).
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from iizcore.coordination.facts import SH_KINDS, CaseFacts, case_facts
from iizcore.coordination.lead import choose_lead
from iizcore.coordination.payments import payment_order
from iizcore.coordination.plan import (
    CoordinationPlan,
    EarlyDetectionReport,
    ExpectedGain,
    Lead,
    Meeting,
    Participant,
    ParticipantRole,
    PaymentRole,
    PaymentStep,
    Triage,
)
from iizcore.coordination.sharing import decide_access
from iizcore.coordination.triage import triage
from iizcore.errors import ParameterError, RuleError
from iizcore.hooks.manager import Canton
from iizcore.law.determination import Determination, RuleContext
from iizcore.model.case import Case
from iizcore.model.institution import Institution, InstitutionKind, MeasureType
from iizcore.model.labels import Labels
from iizcore.model.measure import Measure
from iizcore.model.network import CollaborationForm
from iizcore.model.period import DAYS_PER_MONTH, Period
from iizcore.model.reference import LegalRef

__all__ = ["FORBIDDEN_OVERLAPS", "MEETING_PREFERENCE", "check_schedule", "plan_case"]

K = InstitutionKind
M = MeasureType

#: Pairs of (institution, measure type) that are never scheduled on the same day:
#: an IV integration or vocational measure carries an IV daily allowance
#: (IVG Art. 22), and an ALV labour-market measure presupposes placeability
#: (AVIG Art. 15); paying both for the same day would overcompensate (ATSG Art. 69).
FORBIDDEN_OVERLAPS: Final = frozenset(
    {
        frozenset({(K.IV_OFFICE, iv), (K.RAV, alv)})
        for iv in (M.INTEGRATION_MEASURE, M.VOCATIONAL_MEASURE)
        for alv in (M.COURSE, M.EMPLOYMENT_PROGRAMME, M.WORK_PLACEMENT)
    }
)

#: The collaboration form chosen for the meeting, first available in the canton's network.
MEETING_PREFERENCE: Final = (
    CollaborationForm.ROUND_TABLE,
    CollaborationForm.FACHKONFERENZ,
    CollaborationForm.CASE_CONFERENCE,
    CollaborationForm.JOINT_ASSESSMENT,
)
#: Forms at which the person sits at the table (runder Tisch: all institutions and the person).
_WITH_PERSON: Final = frozenset({CollaborationForm.ROUND_TABLE, CollaborationForm.JOINT_ASSESSMENT})
_COOPERATION_REFS: Final = (
    LegalRef("IVG", "68bis", paragraph="1"),
    LegalRef("AVIG", "85f", paragraph="1"),
)
#: The kinds that provide Case Management Berufsbildung (BBG Art. 12) or vocational guidance.
_VOCATIONAL: Final = frozenset({K.VOCATIONAL_EDUCATION, K.VOCATIONAL_GUIDANCE})


def check_schedule(measures: Sequence[Measure]) -> None:
    """Check that no two measures overlap where the rules forbid it.

    Forbidden: the same institution kind running the same measure type twice
    at once, and any pair in :data:`FORBIDDEN_OVERLAPS`.

    Raises:
        RuleError: naming the two measure types.
    """
    for i, a in enumerate(measures):
        for b in measures[i + 1 :]:
            if not a.period.overlaps(b.period):
                continue
            pair = frozenset({(a.institution, a.measure_type), (b.institution, b.measure_type)})
            same = a.institution is b.institution and a.measure_type is b.measure_type
            if same or pair in FORBIDDEN_OVERLAPS:
                raise RuleError(
                    f"measures {a.measure_type.value} ({a.institution.value}) and "
                    f"{b.measure_type.value} ({b.institution.value}) must not overlap"
                )


@functools.cache
def _districts(canton: Canton) -> dict[str, frozenset[int]]:
    """The BFS numbers of each district of the canton's register (looked up once per canton)."""
    found: dict[str, set[int]] = {}
    for m in canton.network.municipalities:
        found.setdefault(m.district, set()).add(m.bfs)
    return {d: frozenset(b) for d, b in found.items()}


def _public_id(canton: Canton, inst: Institution | None) -> str | None:
    """The institution's id, if publishing it says no more than the district of residence.

    An institution serving the whole canton, or whole districts, is named by
    its id. One that serves only part of a district — a municipal social
    service, whose id carries the municipality's BFS number, or a regional
    service of two or three municipalities — would narrow the residence below
    the district, the coarsest region anonymised output may show
    (:class:`~iizcore.model.Municipality`): it is named by its kind only.
    """
    if inst is None:
        return None
    if not inst.municipalities:
        return inst.id
    if len(inst.municipalities) == 1:
        # Even where the municipality is a district of its own (Zürich), the id of a
        # single-municipality service carries the BFS number.
        return None
    districts = _districts(canton)
    network = canton.network
    for bfs in inst.municipalities:
        m = network.municipality(bfs)
        if m is None or not districts[m.district] <= inst.municipalities:
            return None
    return inst.id


def _institution(canton: Canton, kind: InstitutionKind, bfs: int) -> Institution | None:
    return canton.network.institution_for(kind, bfs)


def _years_later_day_before(day: date, years: int) -> date:
    """The day before the ``years``-th anniversary of ``day`` (29 February → 28 February)."""
    target = day.year + years
    return day.replace(year=target, day=min(day.day, calendar.monthrange(target, day.month)[1])) - (
        timedelta(days=1)
    )


def _months_later(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (clamped to the month's last day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _early_detection_due(
    case: Case, facts: CaseFacts, ctx: RuleContext
) -> tuple[date, int, int, LegalRef] | None:
    """When the report for IV early detection is due: (due, incapacity days, threshold, ref).

    Threshold ``iv.early_detection_min_incapacity_days`` (30 days under the
    pre-2022 IVV Art. 1ter, unverified; no minimum since 2022, IVG Art. 3abis
    Abs. 2 lit. b). None when the person is already registered with the IV,
    draws an IV pension, or is not unable to work.
    """
    health = case.person.health
    if facts.iv_registered or health.iv_pension_since is not None:
        return None
    if health.incapacity_percent == 0 or health.incapacity_since is None:
        return None
    try:
        threshold = int(ctx.param("iv.early_detection_min_incapacity_days"))
        ref = ctx.ref("iv.early_detection_min_incapacity_days")
    except ParameterError:
        return None
    reached = health.incapacity_since + timedelta(days=max(threshold - 1, 0))
    days = (ctx.on - health.incapacity_since).days + 1
    return max(reached, ctx.on), days, threshold, ref


def _early_detection(
    due_at: tuple[date, int, int, LegalRef] | None, ctx: RuleContext, reporter: InstitutionKind
) -> EarlyDetectionReport | None:
    """The report for IV early detection (IVG Art. 3b Abs. 2), made by ``reporter``."""
    if due_at is None:
        return None
    due, days, threshold, ref = due_at
    reason = Labels(
        de=f"Arbeitsunfähigkeit seit {days} Tagen: Meldung zur Früherfassung an die IV-Stelle.",
        fr=f"Incapacité de travail depuis {days} jours : communication à l'office AI "
        "pour la détection précoce.",
        it=f"Incapacità al lavoro da {days} giorni: comunicazione all'ufficio AI per il "
        "rilevamento tempestivo.",
        en=f"Unable to work for {days} days: report to the IV office for early detection.",
    )
    report = EarlyDetectionReport(
        due=due,
        incapacity_days=days,
        reported_by=reporter,
        reason=reason,
        refs=(LegalRef("IVG", "3b", paragraph="2"), LegalRef("IVG", "3abis", paragraph="2"), ref),
    )
    ctx.trace.step(
        "coordination.early_detection",
        {"incapacity_days": days, "threshold_days": threshold},
        due,
        *report.refs,
    )
    return report


def _integration_measure_period(
    case: Case, ctx: RuleContext, start: date
) -> tuple[Period, tuple[LegalRef, ...]] | None:
    """An IV integration measure (IVG Art. 14a) when its incapacity conditions are met."""
    health = case.person.health
    try:
        min_percent = int(ctx.param("iv.integration_measures_min_incapacity_percent"))
        min_months = ctx.param("iv.integration_measures_min_incapacity_months")
        max_years = int(ctx.param("iv.integration_measure_max_duration_years"))
    except ParameterError:
        return None
    if health.incapacity_since is None or health.incapacity_percent < min_percent:
        return None
    months = Decimal((ctx.on - health.incapacity_since).days + 1) / DAYS_PER_MONTH
    if months < min_months:
        return None
    end = _years_later_day_before(start, max_years)
    refs = (
        ctx.ref("iv.integration_measures_min_incapacity_percent"),
        ctx.ref("iv.integration_measure_max_duration_years"),
    )
    return Period(start, end), refs


def _measures(
    case: Case,
    facts: CaseFacts,
    lead: Lead,
    canton: Canton,
    ctx: RuleContext,
    early: EarlyDetectionReport | None,
) -> tuple[Measure, ...]:
    on = ctx.on
    bfs = case.person.residence.bfs_municipality
    out: list[Measure] = []

    def add(kind: InstitutionKind, mtype: MeasureType, period: Period, *refs: LegalRef) -> None:
        inst_id = _public_id(canton, _institution(canton, kind, bfs))
        out.append(Measure(kind, mtype, period, refs, institution_id=inst_id))

    if facts.is_involved(K.RAV, K.ALV_FUND, K.LABOUR_MARKET_AUTHORITY):
        # RAV counselling and placement continue while other institutions examine.
        add(K.RAV, M.COUNSELLING, Period(on), LegalRef("AVIG", "85b"))
    if facts.is_involved(K.IV_OFFICE) and case.person.health.iv_pension_since is None:
        start = early.due if early is not None else on
        integration = _integration_measure_period(case, ctx, start) if facts.iv_registered else None
        if integration is not None:
            period, refs = integration
            add(K.IV_OFFICE, M.INTEGRATION_MEASURE, period, LegalRef("IVG", "14a"), *refs)
        else:
            add(K.IV_OFFICE, M.EARLY_INTERVENTION, Period(start), LegalRef("IVG", "7d"))
    if facts.young_without_qualification:
        # The lead's kind, never its rule name: a canton hook may rename the rule
        # (ZH: "zh.lead.netz2") and choose vocational guidance instead.
        if lead.institution in _VOCATIONAL:
            manager = lead.institution
        elif K.VOCATIONAL_EDUCATION in canton.network.kinds:
            manager = K.VOCATIONAL_EDUCATION
        else:
            manager = K.VOCATIONAL_GUIDANCE
        add(manager, M.CASE_MANAGEMENT, Period(on), LegalRef("BBG", "12"))
    guidance_due = facts.without_qualification and (
        facts.young_without_qualification or facts.integration_phase or facts.is_involved(*SH_KINDS)
    )
    if guidance_due and not any(
        m.institution is K.VOCATIONAL_GUIDANCE and m.measure_type is M.CASE_MANAGEMENT for m in out
    ):
        # Vocational guidance runs during social assistance or integration promotion.
        add(K.VOCATIONAL_GUIDANCE, M.CAREER_GUIDANCE, Period(on), LegalRef("BBG", "49"))
    if facts.integration_phase:
        add(
            K.MIGRATION_INTEGRATION,
            M.LANGUAGE_COURSE,
            Period(on, facts.integration_phase_until),
            LegalRef("AIG", "53"),
            LegalRef("VIntA", "15", paragraph="1"),
        )
    measures = tuple(out)
    check_schedule(measures)
    ctx.trace.step(
        "coordination.measures",
        lambda: {f"{m.institution.value}": m.measure_type.value for m in measures},
        len(measures),
        *dict.fromkeys(r for m in measures for r in m.legal_basis),
    )
    return measures


def _meeting(
    triaged: Triage,
    lead: Lead,
    kinds: tuple[InstitutionKind, ...],
    canton: Canton,
    ctx: RuleContext,
    early: EarlyDetectionReport | None,
) -> Meeting | None:
    if not triaged.is_iiz_case:
        return None
    forms = canton.network.collaboration_forms
    form = next((f for f in MEETING_PREFERENCE if f in forms), CollaborationForm.CASE_CONFERENCE)
    # The IV can only sit at the table once the report has been made.
    due = max(ctx.on, early.due) if early is not None else ctx.on
    with_person = form in _WITH_PERSON
    label = form.labels
    meeting = Meeting(
        form=form,
        due=due,
        convened_by=lead.institution,
        participants=kinds,
        with_person=with_person,
        reason=Labels(
            de=f"{label.de} mit allen beteiligten Institutionen"
            + (" und der Person." if with_person else "."),
            fr=f"{label.get('fr')} avec toutes les institutions concernées"
            + (" et la personne." if with_person else "."),
            it=f"{label.get('it')} con tutte le istituzioni coinvolte"
            + (" e la persona." if with_person else "."),
            en=f"{label.get('en')} with every institution involved"
            + (" and the person." if with_person else "."),
        ),
        refs=_COOPERATION_REFS,
    )
    ctx.trace.step(
        "coordination.meeting",
        {"form": form.value, "participants": len(kinds), "with_person": with_person},
        due,
        *_COOPERATION_REFS,
    )
    return meeting


def _participants(
    case: Case,
    lead: Lead,
    payments: tuple[PaymentStep, ...],
    measures: tuple[Measure, ...],
    facts: CaseFacts,
    triaged: Triage,
    canton: Canton,
) -> tuple[Participant, ...]:
    bfs = case.person.residence.bfs_municipality
    roles: dict[InstitutionKind, list[ParticipantRole]] = {lead.institution: [ParticipantRole.LEAD]}
    ids: dict[InstitutionKind, str | None] = {lead.institution: lead.institution_id}

    def give(kind: InstitutionKind, role: ParticipantRole) -> None:
        got = roles.setdefault(kind, [])
        if role not in got:
            got.append(role)

    for step in payments:
        role = {
            PaymentRole.ADVANCE: ParticipantRole.ADVANCES,
            PaymentRole.PENDING: ParticipantRole.EXAMINES,
        }.get(step.role, ParticipantRole.PAYS)
        give(step.institution, role)
    for m in measures:
        give(m.institution, ParticipantRole.PROVIDES_MEASURE)
    if triaged.is_iiz_case:
        for kind in facts.involved:
            if kind not in roles:
                give(kind, ParticipantRole.EXAMINES)
        office_id = canton.network.coordination_office
        if office_id is not None:
            office = canton.network.institution(office_id)
            give(office.kind, ParticipantRole.COORDINATES)
            ids.setdefault(office.kind, office.id)
    out: list[Participant] = []
    for kind, kind_roles in roles.items():
        given = ids.get(kind)
        # Ids given by the lead were checked against the network in choose_lead.
        inst = (
            _institution(canton, kind, bfs) if given is None else canton.network.institution(given)
        )
        public = _public_id(canton, inst)
        name = inst.name if inst is not None and public is not None else kind.labels
        out.append(Participant(kind, tuple(kind_roles), public, name))
    return tuple(out)


def _exhaustion(determinations: Sequence[Determination]) -> date | None:
    """The day ALV benefits end (Aussteuerung): the ALV determination's ``exhaustion_date``.

    The ALV entitlement rule (:func:`iizcore.law.alv.entitlement`) states it
    from the remaining daily allowances and the benefit framework (AVIG
    Art. 27 Abs. 1, Art. 9 Abs. 2); without it there is no sequential path.
    """
    for d in determinations:
        if d.institution is K.ALV_FUND:
            day = d.date("exhaustion_date")
            if day is not None:
                return day
    return None


def _gain(
    facts: CaseFacts,
    measures: tuple[Measure, ...],
    determinations: Sequence[Determination],
    ctx: RuleContext,
) -> ExpectedGain | None:
    """Days until the IV decides: registered after the ALV is exhausted (sequential) or now.

    On the sequential path the IV is registered only after the ALV benefits
    end (the revolving door ALV → SH → IV): on the day after the ALV's
    ``exhaustion_date``. In the plan it is registered when its first offer
    starts (the early-detection report, or the plan date). On both paths the
    IV then needs ``transitions.iv_processing_months`` (an unverified proxy,
    see ``law/data/transitions.toml``) to decide, counted in calendar months
    from the registration; the saving is the difference. Computed only where
    the ALV states its exhaustion date and the processing time has a value.
    """
    iv = next((m for m in measures if m.institution is K.IV_OFFICE), None)
    if iv is None:
        return None
    end = _exhaustion(determinations)
    if end is None:
        return None
    try:
        processing = int(ctx.param("transitions.iv_processing_months"))
        ref = ctx.ref("transitions.iv_processing_months")
    except ParameterError:
        return None
    on = ctx.on
    sequential_registration = max(on, end + timedelta(days=1))
    parallel_registration = max(on, iv.period.start)
    sequential = (_months_later(sequential_registration, processing) - on).days
    parallel = (_months_later(parallel_registration, processing) - on).days
    ctx.trace.step(
        "coordination.gain",
        {"exhaustion_date": end, "iv_processing_months": processing},
        sequential - parallel,
        ref,
    )
    return ExpectedGain(
        sequential_days=sequential,
        parallel_days=parallel,
        reason=Labels(
            de="Die IV wird parallel zur ALV angemeldet statt erst nach der Aussteuerung; "
            "sie entscheidet entsprechend früher.",
            fr="L'AI est saisie en parallèle avec l'AC au lieu d'attendre la fin du droit ; "
            "elle décide d'autant plus tôt.",
            it="L'AI è adita in parallelo con l'AD invece di attendere l'esaurimento; "
            "decide quindi prima.",
            en="The IV is registered alongside the ALV instead of after the ALV benefits are "
            "exhausted, and decides that much earlier.",
        ),
    )


def plan_case(
    case: Case,
    canton: Canton,
    ctx: RuleContext,
    determinations: Sequence[Determination] = (),
) -> CoordinationPlan:
    """The coordination plan of ``case`` in ``canton`` on ``ctx.on``.

    Total: every valid case gets a plan. ``determinations`` are the federal
    determinations (:func:`iizcore.law.rules.determine_all`); without them
    the plan rests on the case facts alone.
    """
    facts = case_facts(case, ctx, determinations)
    triaged = triage(case, facts, canton, ctx)
    lead = choose_lead(case, facts, canton, ctx)
    due_at = _early_detection_due(case, facts, ctx)
    payments = payment_order(
        facts, ctx, iv_registration_due=due_at[0] if due_at is not None else None
    )
    reporter = next(
        (s.institution for s in payments if s.role is not PaymentRole.PENDING), lead.institution
    )
    reporter = K.RAV if reporter is K.ALV_FUND else reporter
    early = _early_detection(due_at, ctx, reporter)
    measures = _measures(case, facts, lead, canton, ctx, early)
    participants = _participants(case, lead, payments, measures, facts, triaged, canton)
    kinds = tuple(p.institution for p in participants)
    meeting = _meeting(triaged, lead, kinds, canton, ctx, early)
    granted, needed = decide_access(case, kinds, ctx.on)
    ctx.trace.step(
        "coordination.data_access",
        lambda: (
            {p.institution.value: p.basis.value for p in granted}
            | {n.institution.value: "consent_needed" for n in needed}
        ),
        len(granted),
    )
    return CoordinationPlan(
        case_id=case.id,
        canton=canton.code,
        on=ctx.on,
        triage=triaged,
        lead=Lead(
            lead.institution,
            lead.rule,
            lead.reason,
            _lead_public_id(canton, lead.institution_id),
            lead.refs,
            lead.source,
            lead.decided_by,
        ),
        participants=participants,
        payments=payments,
        measures=measures,
        meeting=meeting,
        early_detection=early,
        data_access=granted,
        consent_needed=needed,
        gain=_gain(facts, measures, determinations, ctx),
    )


def _lead_public_id(canton: Canton, institution_id: str | None) -> str | None:
    """The lead's id as published; :func:`choose_lead` checked that the network knows it."""
    if institution_id is None:
        return None
    return _public_id(canton, canton.network.institution(institution_id))
