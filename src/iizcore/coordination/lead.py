"""The lead institution (Fallführung) of a case, by rule and canton hook.

Federal law does not assign the lead of an IIZ case; the institutions agree
on it (LAW.md section 8; the iiz.ch legal opinion on AVIG Art. 85f: handing
the case responsibility to another institution is possible if limited in
time). iizcore's default rule, in the style of Catala (general rule last,
exceptions first):

1. ``iiz.lead.integration_phase`` — refugees and provisionally admitted
   persons in the integration phase: the cantonal integration body
   (integration promotion, AIG Art. 53 ff.; lump sums AIG Art. 87).
2. ``iiz.lead.young`` — young people without a vocational qualification:
   vocational education (Case Management Berufsbildung, BBG Art. 12) where
   the network has one, else vocational guidance (BBG Art. 49).
3. ``iiz.lead.iv`` — a person registered with the IV: the IV office
   (integration before pension; IVG Art. 7d, Art. 68bis).
4. ``iiz.lead.alv`` — a person the ALV supports or who is unemployed: the
   RAV (AVIG Art. 85b, Art. 85f).
5. ``iiz.lead.sh`` — otherwise social assistance, the last safety net
   (subsidiarity; ZUG Art. 12).

The canton hook ``iiz_lead_institution`` may choose differently where the
canton's practice is documented.
"""

from __future__ import annotations

import functools
from typing import Final

from iizcore.coordination._hooks import call_first
from iizcore.coordination.facts import (
    ALV_KINDS,
    SH_KINDS,
    CaseFacts,
    StepCache,
    remember,
    replayed,
)
from iizcore.coordination.plan import Lead
from iizcore.coordination.triage import hook_implemented
from iizcore.errors import PluginError
from iizcore.hooks.manager import Canton
from iizcore.law.determination import RuleContext
from iizcore.model.case import Case
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.reference import LegalRef

__all__ = ["choose_lead", "default_lead"]

K = InstitutionKind


def _lead(kind: InstitutionKind, rule: str, reason: Labels, *refs: LegalRef) -> Lead:
    return Lead(kind, rule, reason, None, refs)


# The default leads are the same few values for every case: built once.
_INTEGRATION_PHASE: Final = _lead(
    K.MIGRATION_INTEGRATION,
    "iiz.lead.integration_phase",
    Labels(
        de="Integrationsphase: die kantonale Integrationsstelle führt den Fall.",
        fr="Phase d'intégration : le service cantonal d'intégration dirige le cas.",
        it="Fase d'integrazione: il servizio cantonale d'integrazione dirige il caso.",
        en="Integration phase: the cantonal integration office leads the case.",
    ),
    LegalRef("AIG", "53"),
    LegalRef("AIG", "87", paragraph="3"),
)
_YOUNG_REASON: Final = Labels(
    de="Junge Person ohne Berufsabschluss: die Berufsbildung (Case Management "
    "Berufsbildung) bzw. die Berufsberatung führt den Fall.",
    fr="Jeune sans qualification : la formation professionnelle (case management) "
    "ou l'orientation professionnelle dirige le cas.",
    it="Giovane senza qualifica: la formazione professionale (case management) "
    "o l'orientamento professionale dirige il caso.",
    en="Young person without a qualification: vocational education (case "
    "management) or vocational guidance leads the case.",
)
_YOUNG_EDUCATION: Final = _lead(
    K.VOCATIONAL_EDUCATION, "iiz.lead.young", _YOUNG_REASON, LegalRef("BBG", "12")
)
_YOUNG_GUIDANCE: Final = _lead(
    K.VOCATIONAL_GUIDANCE, "iiz.lead.young", _YOUNG_REASON, LegalRef("BBG", "49")
)
_IV_REGISTERED: Final = _lead(
    K.IV_OFFICE,
    "iiz.lead.iv",
    Labels(
        de="Bei der IV angemeldet: die IV-Stelle führt den Fall (Eingliederung vor Rente).",
        fr="Inscrit à l'AI : l'office AI dirige le cas (réadaptation avant rente).",
        it="Iscritto all'AI: l'ufficio AI dirige il caso (integrazione prima della rendita).",
        en="Registered with the IV: the IV office leads the case (integration before pension).",
    ),
    LegalRef("IVG", "7d"),
    LegalRef("IVG", "68bis", paragraph="1"),
)
_ALV: Final = _lead(
    K.RAV,
    "iiz.lead.alv",
    Labels(
        de="Stellensuchend bzw. von der ALV unterstützt: das RAV führt den Fall.",
        fr="Demandeur d'emploi soutenu par l'AC : l'ORP dirige le cas.",
        it="In cerca d'impiego sostenuto dall'AD: l'URC dirige il caso.",
        en="Job seeker supported by the ALV: the RAV leads the case.",
    ),
    LegalRef("AVIG", "85b"),
    LegalRef("AVIG", "85f", paragraph="1"),
)
_HEALTH: Final = _lead(
    K.IV_OFFICE,
    "iiz.lead.iv",
    Labels(
        de="Gesundheitliches Problem ohne andere Zuständigkeit: die IV-Stelle prüft und führt.",
        fr="Problème de santé sans autre compétence : l'office AI examine et dirige.",
        it="Problema di salute senza altra competenza: l'ufficio AI esamina e dirige.",
        en="Health problem and no other institution: the IV office examines and leads.",
    ),
    LegalRef("IVG", "3abis", paragraph="2", letter="b"),
)
_SOCIAL_ASSISTANCE: Final = _lead(
    K.SOCIAL_ASSISTANCE,
    "iiz.lead.sh",
    Labels(
        de="Keine vorgehende Versicherung zuständig: der Sozialdienst führt den Fall.",
        fr="Aucune assurance prioritaire compétente : le service social dirige le cas.",
        it="Nessuna assicurazione prioritaria competente: il servizio sociale dirige il caso.",
        en="No prior insurance responsible: the social service leads the case.",
    ),
    LegalRef("ZUG", "12"),
)
_DEFAULTS: Final = frozenset(
    id(lead)
    for lead in (
        _INTEGRATION_PHASE,
        _YOUNG_EDUCATION,
        _YOUNG_GUIDANCE,
        _IV_REGISTERED,
        _ALV,
        _HEALTH,
        _SOCIAL_ASSISTANCE,
    )
)


@functools.cache
def _network_kinds(canton: Canton) -> frozenset[InstitutionKind]:
    """The institution kinds of the canton's network (looked up once per canton)."""
    return canton.network.kinds


def default_lead(facts: CaseFacts, canton: Canton) -> Lead:
    """The lead by iizcore's default rule (see the module docstring).

    The concrete institution is filled in by :func:`choose_lead`.
    """
    if facts.integration_phase:
        return _INTEGRATION_PHASE
    if facts.young_without_qualification:
        if K.VOCATIONAL_EDUCATION in _network_kinds(canton):
            return _YOUNG_EDUCATION
        return _YOUNG_GUIDANCE
    if facts.iv_registered:
        return _IV_REGISTERED
    involved = facts.involved
    if facts.unemployed or not ALV_KINDS.isdisjoint(involved):
        return _ALV
    if facts.health_problem and SH_KINDS.isdisjoint(involved):
        return _HEALTH
    return _SOCIAL_ASSISTANCE


def _is_lead(result: object) -> bool:
    return isinstance(result, Lead)


_LEAD_ARGS: Final = ("canton", "case", "on", "involved", "default")


def choose_lead(case: Case, facts: CaseFacts, canton: Canton, ctx: RuleContext) -> Lead:
    """The lead: the default rule, unless the canton's ``iiz_lead_institution`` hook answers.

    The concrete institution is looked up in the canton's network for the
    person's municipality; the municipality itself never leaves this function.
    """
    lead = default_lead(facts, canton)
    if hook_implemented(canton, "iiz_lead_institution"):
        result = call_first(
            canton,
            "iiz_lead_institution",
            _is_lead,
            "a Lead",
            _LEAD_ARGS,
            (canton.info, case, ctx.on, facts.involved, lead),
        )
        if result is not None:
            _check_institution(result, canton)
            lead = result if result.decided_by != "iizcore" else _with_plugin(result, canton)
    if lead.institution_id is None:
        bfs = case.person.residence.bfs_municipality
        if id(lead) in _DEFAULTS:
            lead = _default_with_id(canton, lead, bfs)
        else:
            inst = canton.network.institution_for(lead.institution, bfs)
            if inst is not None:
                lead = _replace_id(lead, inst.id)
    trace = ctx.trace
    if trace.enabled:
        # The step is a function of these four; the entry holds the refs named by id.
        refs = lead.refs
        key = (lead.rule, lead.decided_by, lead.institution, id(refs))
        if not replayed(trace, _LEAD_STEPS, key):
            trace.step(
                "coordination.lead",
                {"rule": lead.rule, "decided_by": lead.decided_by},
                lead.institution,
                *refs,
            )
            remember(trace, _LEAD_STEPS, key, refs)
    return lead


_LEAD_STEPS: StepCache = {}


@functools.cache
def _defaults_with_id(canton: Canton) -> dict[tuple[int, int], Lead]:
    """Per canton: the default leads with the institution for a municipality filled in."""
    return {}


def _default_with_id(canton: Canton, lead: Lead, bfs: int) -> Lead:
    """``lead`` (one of the default leads) with the institution responsible in ``bfs``.

    The same few leads recur for every resident of a municipality: each is built once.
    """
    cache = _defaults_with_id(canton)
    key = (id(lead), bfs)
    found = cache.get(key)
    if found is None:
        inst = canton.network.institution_for(lead.institution, bfs)
        found = cache[key] = lead if inst is None else _replace_id(lead, inst.id)
    return found


def _check_institution(lead: Lead, canton: Canton) -> None:
    """A hook's lead must name an institution of the canton's network, of the lead's kind.

    An id the network does not know would be published unchecked — and a
    made-up id may carry the person's municipality number. The message never
    repeats the id.

    Raises:
        PluginError: naming the hook.
    """
    if lead.institution_id is None:
        return
    try:
        inst = canton.network.institution(lead.institution_id)
    except KeyError:
        raise PluginError(
            canton.plugin_name,
            "iiz_lead_institution",
            "unknown institution id (not in the canton's network)",
        ) from None
    if inst.kind is not lead.institution:
        raise PluginError(
            canton.plugin_name,
            "iiz_lead_institution",
            f"the institution id names a {inst.kind.value}, not a {lead.institution.value}",
        )


def _with_plugin(lead: Lead, canton: Canton) -> Lead:
    return Lead(
        lead.institution,
        lead.rule,
        lead.reason,
        lead.institution_id,
        lead.refs,
        lead.source,
        canton.plugin_name,
    )


def _replace_id(lead: Lead, institution_id: str) -> Lead:
    return Lead(
        lead.institution,
        lead.rule,
        lead.reason,
        institution_id,
        lead.refs,
        lead.source,
        lead.decided_by,
    )
