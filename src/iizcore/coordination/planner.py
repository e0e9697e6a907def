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

from iizcore.coordination.facts import (
    ALV_KINDS,
    SH_KINDS,
    CaseFacts,
    StepCache,
    active_spells,
    dated_parameter,
    facts_with_spells,
    remember,
    replayed,
)
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
)
from iizcore.coordination.sharing import decide_with_spells
from iizcore.coordination.triage import triage
from iizcore.errors import RuleError
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

#: :data:`FORBIDDEN_OVERLAPS` as flat 4-tuples, in both orders.
_FORBIDDEN_PAIRS: Final = frozenset(
    (*x, *y) for pair in FORBIDDEN_OVERLAPS for x in pair for y in pair if x != y
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
            # The pair first: it rules out almost every pair without comparing periods.
            same = a.institution is b.institution and a.measure_type is b.measure_type
            if not same and (
                (a.institution, a.measure_type, b.institution, b.measure_type)
                not in _FORBIDDEN_PAIRS
            ):
                continue
            if a.period.overlaps(b.period):
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


class _CantonView:
    """What the planner reads from a canton's network, looked up once per canton.

    The network is the same for every case of the canton: the meeting form,
    the coordination office, which institution serves a municipality and
    whether its id may be published are answered once and kept, and so are
    the participants and measures built from them, which recur case after
    case. Every entry is a function of the network and its key.
    """

    def __init__(self, canton: Canton) -> None:
        network = canton.network
        self.canton = canton
        self.network = network
        self.has_vocational_education = K.VOCATIONAL_EDUCATION in network.kinds
        forms = network.collaboration_forms
        form = next(
            (f for f in MEETING_PREFERENCE if f in forms), CollaborationForm.CASE_CONFERENCE
        )
        with_person = form in _WITH_PERSON
        label = form.labels
        self.form = form
        self.with_person = with_person
        self.meeting_reason = Labels(
            de=f"{label.de} mit allen beteiligten Institutionen"
            + (" und der Person." if with_person else "."),
            fr=f"{label.get('fr')} avec toutes les institutions concernées"
            + (" et la personne." if with_person else "."),
            it=f"{label.get('it')} con tutte le istituzioni coinvolte"
            + (" e la persona." if with_person else "."),
            en=f"{label.get('en')} with every institution involved"
            + (" and the person." if with_person else "."),
        )
        office_id = network.coordination_office
        self.office = network.institution(office_id) if office_id is not None else None
        self._responsible: dict[tuple[InstitutionKind, int], Institution | None] = {}
        self._public: dict[str, str | None] = {}
        self._public_for: dict[tuple[InstitutionKind, int], str | None] = {}
        self._participants: dict[
            tuple[InstitutionKind, tuple[ParticipantRole, ...], str | None], Participant
        ] = {}
        self._measures: dict[
            tuple[InstitutionKind, MeasureType, date, date | None, str | None], Measure
        ] = {}

    def institution_for(self, kind: InstitutionKind, bfs: int) -> Institution | None:
        key = (kind, bfs)
        try:
            return self._responsible[key]
        except KeyError:
            found = self._responsible[key] = self.network.institution_for(kind, bfs)
            return found

    def public_for(self, kind: InstitutionKind, bfs: int) -> str | None:
        """The published id of the institution of ``kind`` serving ``bfs``."""
        key = (kind, bfs)
        try:
            return self._public_for[key]
        except KeyError:
            found = self._public_for[key] = self.public_id(self.institution_for(kind, bfs))
            return found

    def public_id(self, inst: Institution | None) -> str | None:
        if inst is None:
            return None
        try:
            return self._public[inst.id]
        except KeyError:
            found = self._public[inst.id] = _public_id(self.canton, inst)
            return found

    def participant(
        self,
        kind: InstitutionKind,
        roles: tuple[ParticipantRole, ...],
        inst: Institution | None,
    ) -> Participant:
        key = (kind, roles, inst.id if inst is not None else None)
        found = self._participants.get(key)
        if found is None:
            public = self.public_id(inst)
            name = inst.name if inst is not None and public is not None else kind.labels
            if len(self._participants) >= _CACHE_LIMIT:
                self._participants.clear()
            found = self._participants[key] = Participant(kind, roles, public, name)
        return found

    def measure(
        self,
        kind: InstitutionKind,
        mtype: MeasureType,
        start: date,
        end: date | None,
        refs: tuple[LegalRef, ...],
        bfs: int,
    ) -> Measure:
        """The measure for a resident of ``bfs``.

        ``refs`` must be the same for every measure of ``kind`` and ``mtype``.
        """
        institution_id = self.public_for(kind, bfs)
        key = (kind, mtype, start, end, institution_id)
        found = self._measures.get(key)
        if found is None:
            if len(self._measures) >= _CACHE_LIMIT:
                self._measures.clear()
            found = self._measures[key] = Measure(
                kind, mtype, Period(start, end), refs, institution_id=institution_id
            )
        return found


#: Entries kept per cache before it starts afresh (bounds memory over many dates).
_CACHE_LIMIT: Final = 4096


@functools.cache
def _view(canton: Canton) -> _CantonView:
    return _CantonView(canton)


# Enum members as module constants: reading ``Enum.MEMBER`` goes through the enum
# class's attribute lookup each time, several times slower than a global.
_RAV: Final = K.RAV
_ALV_FUND: Final = K.ALV_FUND
_IV_OFFICE: Final = K.IV_OFFICE
_VOCATIONAL_GUIDANCE: Final = K.VOCATIONAL_GUIDANCE
_VOCATIONAL_EDUCATION: Final = K.VOCATIONAL_EDUCATION
_MIGRATION_INTEGRATION: Final = K.MIGRATION_INTEGRATION
_COUNSELLING: Final = M.COUNSELLING
_INTEGRATION_MEASURE: Final = M.INTEGRATION_MEASURE
_EARLY_INTERVENTION: Final = M.EARLY_INTERVENTION
_CASE_MANAGEMENT: Final = M.CASE_MANAGEMENT
_CAREER_GUIDANCE: Final = M.CAREER_GUIDANCE
_LANGUAGE_COURSE: Final = M.LANGUAGE_COURSE
_PENDING: Final = PaymentRole.PENDING
_ADVANCE: Final = PaymentRole.ADVANCE
_AS_LEAD: Final = ParticipantRole.LEAD
_AS_PAYER: Final = ParticipantRole.PAYS
_AS_ADVANCER: Final = ParticipantRole.ADVANCES
_AS_EXAMINER: Final = ParticipantRole.EXAMINES
_AS_PROVIDER: Final = ParticipantRole.PROVIDES_MEASURE
_AS_COORDINATOR: Final = ParticipantRole.COORDINATES


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
    found = dated_parameter(ctx, "iv.early_detection_min_incapacity_days")
    if found is None:
        return None
    threshold, ref = int(found[0]), found[1]
    reached = health.incapacity_since + timedelta(days=max(threshold - 1, 0))
    days = (ctx.on - health.incapacity_since).days + 1
    return max(reached, ctx.on), days, threshold, ref


_EARLY_REFS: Final = (LegalRef("IVG", "3b", paragraph="2"), LegalRef("IVG", "3abis", paragraph="2"))
_early_reasons: dict[int, Labels] = {}
#: Keyed on the threshold's reference by id; the tuple holds the reference.
_early_refs: dict[int, tuple[LegalRef, ...]] = {}


def _early_reason(days: int) -> Labels:
    found = _early_reasons.get(days)
    if found is None:
        if len(_early_reasons) >= _CACHE_LIMIT:
            _early_reasons.clear()
        found = _early_reasons[days] = Labels(
            de=f"Arbeitsunfähigkeit seit {days} Tagen: Meldung zur Früherfassung an die IV-Stelle.",
            fr=f"Incapacité de travail depuis {days} jours : communication à l'office AI "
            "pour la détection précoce.",
            it=f"Incapacità al lavoro da {days} giorni: comunicazione all'ufficio AI per il "
            "rilevamento tempestivo.",
            en=f"Unable to work for {days} days: report to the IV office for early detection.",
        )
    return found


def _early_detection(
    due_at: tuple[date, int, int, LegalRef] | None, ctx: RuleContext, reporter: InstitutionKind
) -> EarlyDetectionReport | None:
    """The report for IV early detection (IVG Art. 3b Abs. 2), made by ``reporter``."""
    if due_at is None:
        return None
    due, days, threshold, ref = due_at
    refs = _early_refs.get(id(ref))
    if refs is None:
        if len(_early_refs) >= _CACHE_LIMIT:
            _early_refs.clear()
        refs = _early_refs[id(ref)] = (*_EARLY_REFS, ref)
    report = EarlyDetectionReport(
        due=due,
        incapacity_days=days,
        reported_by=reporter,
        reason=_early_reason(days),
        refs=refs,
    )
    trace = ctx.trace
    if trace.enabled:
        # The step is a function of these values; the entry holds the references.
        key = (days, threshold, due, id(refs))
        if not replayed(trace, _EARLY_STEPS, key):
            trace.step(
                "coordination.early_detection",
                {"incapacity_days": days, "threshold_days": threshold},
                due,
                *report.refs,
            )
            remember(trace, _EARLY_STEPS, key, refs)
    return report


_EARLY_STEPS: StepCache = {}


def _integration_measure_period(
    case: Case, ctx: RuleContext, start: date
) -> tuple[Period, tuple[LegalRef, ...]] | None:
    """An IV integration measure (IVG Art. 14a) when its incapacity conditions are met."""
    health = case.person.health
    percent = dated_parameter(ctx, "iv.integration_measures_min_incapacity_percent")
    months_in_force = dated_parameter(ctx, "iv.integration_measures_min_incapacity_months")
    years = dated_parameter(ctx, "iv.integration_measure_max_duration_years")
    if percent is None or months_in_force is None or years is None:
        return None
    if health.incapacity_since is None or health.incapacity_percent < int(percent[0]):
        return None
    months = Decimal((ctx.on - health.incapacity_since).days + 1) / DAYS_PER_MONTH
    if months < months_in_force[0]:
        return None
    end = _years_later_day_before(start, int(years[0]))
    # The measure's references, shared while the parameters' references are the same
    # (the entry holds both, so their ids stay their own).
    key = (id(percent[1]), id(years[1]))
    refs = _integration_refs.get(key)
    if refs is None:
        if len(_integration_refs) >= _CACHE_LIMIT:
            _integration_refs.clear()
        refs = _integration_refs[key] = (_IV_INTEGRATION_REF, percent[1], years[1])
    return Period(start, end), refs


_integration_refs: dict[tuple[int, int], tuple[LegalRef, ...]] = {}


_RAV_COUNSELLING_REFS: Final = (LegalRef("AVIG", "85b"),)
_IV_INTEGRATION_REF: Final = LegalRef("IVG", "14a")
_IV_EARLY_INTERVENTION_REFS: Final = (LegalRef("IVG", "7d"),)
_CASE_MANAGEMENT_REFS: Final = (LegalRef("BBG", "12"),)
_CAREER_GUIDANCE_REFS: Final = (LegalRef("BBG", "49"),)
_LANGUAGE_COURSE_REFS: Final = (LegalRef("AIG", "53"), LegalRef("VIntA", "15", paragraph="1"))


def _measures(
    case: Case,
    facts: CaseFacts,
    lead: Lead,
    view: _CantonView,
    ctx: RuleContext,
    early: EarlyDetectionReport | None,
) -> tuple[Measure, ...]:
    on = ctx.on
    bfs = case.person.residence.bfs_municipality
    involved = facts.involved
    out: list[Measure] = []
    if not ALV_KINDS.isdisjoint(involved):
        # RAV counselling and placement continue while other institutions examine.
        out.append(view.measure(_RAV, _COUNSELLING, on, None, _RAV_COUNSELLING_REFS, bfs))
    if _IV_OFFICE in involved and case.person.health.iv_pension_since is None:
        start = early.due if early is not None else on
        integration = _integration_measure_period(case, ctx, start) if facts.iv_registered else None
        if integration is not None:
            period, refs = integration
            # The references are dated parameters: this measure is built each time.
            out.append(
                Measure(
                    _IV_OFFICE,
                    _INTEGRATION_MEASURE,
                    period,
                    refs,
                    institution_id=view.public_for(_IV_OFFICE, bfs),
                )
            )
        else:
            out.append(
                view.measure(
                    _IV_OFFICE, _EARLY_INTERVENTION, start, None, _IV_EARLY_INTERVENTION_REFS, bfs
                )
            )
    young = facts.young_without_qualification
    manager: InstitutionKind | None = None
    if young:
        # The lead's kind, never its rule name: a canton hook may rename the rule
        # (ZH: "zh.lead.netz2") and choose vocational guidance instead.
        if lead.institution in _VOCATIONAL:
            manager = lead.institution
        elif view.has_vocational_education:
            manager = _VOCATIONAL_EDUCATION
        else:
            manager = _VOCATIONAL_GUIDANCE
        out.append(view.measure(manager, _CASE_MANAGEMENT, on, None, _CASE_MANAGEMENT_REFS, bfs))
    guidance_due = facts.without_qualification and (
        young or facts.integration_phase or not SH_KINDS.isdisjoint(involved)
    )
    if guidance_due and manager is not _VOCATIONAL_GUIDANCE:
        # Vocational guidance runs during social assistance or integration promotion
        # (unless it already manages the case).
        out.append(
            view.measure(
                _VOCATIONAL_GUIDANCE, _CAREER_GUIDANCE, on, None, _CAREER_GUIDANCE_REFS, bfs
            )
        )
    if facts.integration_phase:
        out.append(
            view.measure(
                _MIGRATION_INTEGRATION,
                _LANGUAGE_COURSE,
                on,
                facts.integration_phase_until,
                _LANGUAGE_COURSE_REFS,
                bfs,
            )
        )
    measures = tuple(out)
    check_schedule(measures)
    trace = ctx.trace
    if trace.enabled:
        # The step is a function of each measure's kind, type and references; the
        # entry holds the measures, whose references the key names by id.
        key = tuple([(m.institution, m.measure_type, id(m.legal_basis)) for m in measures])
        if not replayed(trace, _MEASURE_STEPS, key):
            trace.step(
                "coordination.measures",
                {f"{m.institution.value}": m.measure_type.value for m in measures},
                len(measures),
                *dict.fromkeys(r for m in measures for r in m.legal_basis),
            )
            remember(trace, _MEASURE_STEPS, key, measures)
    return measures


_MEASURE_STEPS: StepCache = {}


def _meeting(
    iiz_case: bool,
    lead: Lead,
    kinds: tuple[InstitutionKind, ...],
    view: _CantonView,
    ctx: RuleContext,
    early: EarlyDetectionReport | None,
) -> Meeting | None:
    if not iiz_case:
        return None
    # The IV can only sit at the table once the report has been made.
    due = max(ctx.on, early.due) if early is not None else ctx.on
    form = view.form
    # The same meetings recur: built once per canton view, date, convener and participants
    # (the participants' kinds are a shared tuple, named by id: the entry holds it).
    key = (view, due, lead.institution, id(kinds))
    entry = _meetings.get(key)
    if entry is not None and entry[0] is kinds:
        meeting = entry[1]
    else:
        meeting = Meeting(
            form=form,
            due=due,
            convened_by=lead.institution,
            participants=kinds,
            with_person=view.with_person,
            reason=view.meeting_reason,
            refs=_COOPERATION_REFS,
        )
        if len(_meetings) >= _CACHE_LIMIT:
            _meetings.clear()
        _meetings[key] = (kinds, meeting)
    trace = ctx.trace
    if trace.enabled:
        # The step is a function of the form, the number of participants and the date.
        step_key = (form, len(kinds), view.with_person, due)
        if not replayed(trace, _MEETING_STEPS, step_key):
            trace.step(
                "coordination.meeting",
                {"form": form.value, "participants": len(kinds), "with_person": view.with_person},
                due,
                *_COOPERATION_REFS,
            )
            remember(trace, _MEETING_STEPS, step_key)
    return meeting


_MEETING_STEPS: StepCache = {}
_meetings: dict[tuple[object, ...], tuple[tuple[InstitutionKind, ...], Meeting]] = {}


_PAYMENT_PARTICIPATION: Final = {
    _ADVANCE: _AS_ADVANCER,
    _PENDING: _AS_EXAMINER,
}


def _participants(
    case: Case,
    lead: Lead,
    payments: tuple[PaymentStep, ...],
    measures: tuple[Measure, ...],
    facts: CaseFacts,
    iiz_case: bool,
    view: _CantonView,
) -> tuple[tuple[Participant, ...], tuple[InstitutionKind, ...]]:
    """The participants and their kinds, in plan order."""
    # Who takes part in which roles follows from a few values, not from the municipality:
    # the roles are worked out once per key (the order of payment is a shared value, named
    # by id: the entry holds it) and only the institutions are resolved per case.
    key = (
        view,
        lead.institution,
        lead.institution_id,
        id(payments),
        tuple([m.institution for m in measures]),
        facts.involved if iiz_case else None,
    )
    found = _role_plans.get(key)
    if found is None:
        if len(_role_plans) >= _CACHE_LIMIT:
            _role_plans.clear()
        found = _role_plans[key] = (
            view,
            payments,
            _roles(lead, payments, measures, facts, iiz_case, view),
        )
    bfs = case.person.residence.bfs_municipality
    # The participants follow from the role plan and the municipality: resolved once per
    # pair (the entry holds the role plan, whose id the key names).
    resolved_key = (id(found), bfs)
    resolved = _resolved.get(resolved_key)
    if resolved is not None and resolved[0] is found:
        return resolved[1], resolved[2]
    network = view.network
    participant = view.participant
    out: list[Participant] = []
    for kind, roles, given in found[2]:
        # Ids given by the lead were checked against the network in choose_lead.
        inst = view.institution_for(kind, bfs) if given is None else network.institution(given)
        out.append(participant(kind, roles, inst))
    participants = tuple(out)
    kinds = tuple([p.institution for p in out])
    if len(_resolved) >= _CACHE_LIMIT:
        _resolved.clear()
    _resolved[resolved_key] = (found, participants, kinds)
    return participants, kinds


#: Per (canton view, lead, order of payment, measure kinds, kinds involved): the
#: participants' kinds, roles and given institution ids (views live as long as the process).
_role_plans: dict[
    tuple[object, ...],
    tuple[
        _CantonView,
        tuple[PaymentStep, ...],
        tuple[tuple[InstitutionKind, tuple[ParticipantRole, ...], str | None], ...],
    ],
] = {}


#: Per (role plan by id, municipality): the role plan, the participants and their kinds.
_resolved: dict[
    tuple[int, int],
    tuple[object, tuple[Participant, ...], tuple[InstitutionKind, ...]],
] = {}


def _roles(
    lead: Lead,
    payments: tuple[PaymentStep, ...],
    measures: tuple[Measure, ...],
    facts: CaseFacts,
    iiz_case: bool,
    view: _CantonView,
) -> tuple[tuple[InstitutionKind, tuple[ParticipantRole, ...], str | None], ...]:
    """Each participant's kind, roles and the institution id given for it, in plan order."""
    roles: dict[InstitutionKind, list[ParticipantRole]] = {lead.institution: [_AS_LEAD]}
    # Which kinds bring their own institution: the lead, and the coordination office.
    ids: dict[InstitutionKind, str | None] = {lead.institution: lead.institution_id}
    for step in payments:
        kind = step.institution
        role = _PAYMENT_PARTICIPATION.get(step.role, _AS_PAYER)
        got = roles.get(kind)
        if got is None:
            roles[kind] = [role]
        elif role not in got:
            got.append(role)
    for m in measures:
        kind = m.institution
        got = roles.get(kind)
        if got is None:
            roles[kind] = [_AS_PROVIDER]
        elif _AS_PROVIDER not in got:
            got.append(_AS_PROVIDER)
    if iiz_case:
        for kind in facts.involved:
            if kind not in roles:
                roles[kind] = [_AS_EXAMINER]
        office = view.office
        if office is not None:
            got = roles.get(office.kind)
            if got is None:
                roles[office.kind] = [_AS_COORDINATOR]
            elif _AS_COORDINATOR not in got:
                got.append(_AS_COORDINATOR)
            ids.setdefault(office.kind, office.id)
    return tuple([(kind, tuple(kind_roles), ids.get(kind)) for kind, kind_roles in roles.items()])


def _exhaustion(determinations: Sequence[Determination]) -> date | None:
    """The day ALV benefits end (Aussteuerung): the ALV determination's ``exhaustion_date``.

    The ALV entitlement rule (:func:`iizcore.law.alv.entitlement`) states it
    from the remaining daily allowances and the benefit framework (AVIG
    Art. 27 Abs. 1, Art. 9 Abs. 2); without it there is no sequential path.
    """
    for d in determinations:
        if d.institution is _ALV_FUND:
            day = d.date("exhaustion_date")
            if day is not None:
                return day
    return None


_GAIN_REASON: Final = Labels(
    de="Die IV wird parallel zur ALV angemeldet statt erst nach der Aussteuerung; "
    "sie entscheidet entsprechend früher.",
    fr="L'AI est saisie en parallèle avec l'AC au lieu d'attendre la fin du droit ; "
    "elle décide d'autant plus tôt.",
    it="L'AI è adita in parallelo con l'AD invece di attendere l'esaurimento; decide quindi prima.",
    en="The IV is registered alongside the ALV instead of after the ALV benefits are "
    "exhausted, and decides that much earlier.",
)


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
    iv = None
    for m in measures:
        if m.institution is _IV_OFFICE:
            iv = m
            break
    if iv is None:
        return None
    end = _exhaustion(determinations)
    if end is None:
        return None
    found = dated_parameter(ctx, "transitions.iv_processing_months")
    if found is None:
        return None
    processing, ref = int(found[0]), found[1]
    on = ctx.on
    start = iv.period.start
    # A function of four dates and a number: worked out once per key.
    gain_key = (on, end, start, processing)
    computed = _gains.get(gain_key)
    if computed is None:
        sequential_registration = max(on, end + timedelta(days=1))
        parallel_registration = max(on, start)
        sequential = (_months_later(sequential_registration, processing) - on).days
        parallel = (_months_later(parallel_registration, processing) - on).days
        if len(_gains) >= _CACHE_LIMIT:
            _gains.clear()
        computed = _gains[gain_key] = (
            sequential,
            parallel,
            ExpectedGain(sequential_days=sequential, parallel_days=parallel, reason=_GAIN_REASON),
        )
    sequential, parallel, gain = computed
    trace = ctx.trace
    if trace.enabled:
        # The step is a function of these values; the entry holds the reference.
        key = (end, processing, sequential - parallel, id(ref))
        if not replayed(trace, _GAIN_STEPS, key):
            trace.step(
                "coordination.gain",
                {"exhaustion_date": end, "iv_processing_months": processing},
                sequential - parallel,
                ref,
            )
            remember(trace, _GAIN_STEPS, key, ref)
    return gain


_gains: dict[tuple[date, date, date, int], tuple[int, int, ExpectedGain]] = {}


_ACCESS_STEPS: StepCache = {}
_GAIN_STEPS: StepCache = {}


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
    on = ctx.on
    view = _view(canton)
    # The spells active on the date and the case facts, once for every step.
    active = active_spells(case, on)
    facts = facts_with_spells(case, ctx, determinations, active)
    triaged = triage(case, facts, canton, ctx)
    iiz_case = False
    for criterion in triaged.criteria:
        if criterion.met:
            iiz_case = True
            break
    lead = choose_lead(case, facts, canton, ctx)
    due_at = _early_detection_due(case, facts, ctx)
    payments = payment_order(
        facts, ctx, iv_registration_due=due_at[0] if due_at is not None else None
    )
    reporter = lead.institution
    for step in payments:
        if step.role is not _PENDING:
            reporter = step.institution
            break
    reporter = _RAV if reporter is _ALV_FUND else reporter
    early = _early_detection(due_at, ctx, reporter)
    measures = _measures(case, facts, lead, view, ctx, early)
    participants, kinds = _participants(case, lead, payments, measures, facts, iiz_case, view)
    meeting = _meeting(iiz_case, lead, kinds, view, ctx, early)
    granted, needed = decide_with_spells(case, kinds, on, active)
    trace = ctx.trace
    if trace.enabled:
        # The step is a function of who is granted access on which ground, and who not.
        key = tuple([(p.institution, p.basis) for p in granted] + [n.institution for n in needed])
        if not replayed(trace, _ACCESS_STEPS, key):
            trace.step(
                "coordination.data_access",
                {p.institution.value: p.basis.value for p in granted}
                | {n.institution.value: "consent_needed" for n in needed},
                len(granted),
            )
            remember(trace, _ACCESS_STEPS, key)
    # The lead as published: unchanged unless its id would narrow the residence.
    lead_id = lead.institution_id
    if lead_id is not None:
        public = view.public_id(view.network.institution(lead_id))
        if public != lead_id:
            lead = Lead(
                lead.institution,
                lead.rule,
                lead.reason,
                public,
                lead.refs,
                lead.source,
                lead.decided_by,
            )
    # Positional, in the order of the fields: case_id, canton, on, triage, lead,
    # participants, payments, measures, meeting, early_detection, data_access,
    # consent_needed, gain.
    return CoordinationPlan(
        case.id,
        canton.code,
        on,
        triaged,
        lead,
        participants,
        payments,
        measures,
        meeting,
        early,
        granted,
        needed,
        _gain(facts, measures, determinations, ctx),
    )
