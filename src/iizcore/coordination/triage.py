"""Triage: is this an IIZ case? Each criterion with its reason and its reference.

Federal default criteria (a case is an IIZ case when any is met):

1. ``iiz.multiple_institutions`` — two or more branches of social security
   are responsible or potentially responsible (the cooperation duties of
   IVG Art. 68bis Abs. 1 and AVIG Art. 85f Abs. 1).
2. ``iiz.health_and_labour_market`` — a health problem together with a
   labour-market problem (early detection, IVG Art. 3abis Abs. 2 lit. b).
3. ``iiz.revolving_door`` — the history shows the revolving door (see
   :mod:`iizcore.coordination.revolving`; aim of IIZ per seed 001).
4. ``iiz.young_without_qualification`` — a young person under the dated age
   limit (``iv.integration_measures_young_age_limit``, IVG Art. 14a Abs. 1
   lit. b) without a vocational qualification and not in education.
5. ``iiz.integration_phase`` — a refugee or provisionally admitted person
   within the federal lump-sum period after entry (AIG Art. 87 Abs. 3).

A canton may add or override criteria through the hook
``iiz_triage_criteria`` (firstresult).
"""

from __future__ import annotations

import functools
from collections.abc import Hashable, Sequence
from datetime import date
from typing import Final, TypeVar

from iizcore.coordination._hooks import call_first
from iizcore.coordination.facts import (
    CaseFacts,
    StepCache,
    dated_parameter,
    remember,
    replayed,
    system_of,
)
from iizcore.coordination.plan import Criterion, Triage
from iizcore.coordination.revolving import door_path, has_classic_chain
from iizcore.hooks.manager import Canton
from iizcore.law.determination import RuleContext, Trace
from iizcore.model.case import Case
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.reference import LegalRef

__all__ = ["REVOLVING_DOOR_SOURCE", "default_criteria", "hook_implemented", "triage"]

#: Where the aim of preventing revolving-door effects is documented.
REVOLVING_DOOR_SOURCE = (
    "Sozialhilfehandbuch ZH 13.3.01 (seed 001): IIZ aims to prevent revolving-door effects"
)

_IVG_68BIS: Final = LegalRef("IVG", "68bis", paragraph="1")
_AVIG_85F: Final = LegalRef("AVIG", "85f", paragraph="1")
_MULTIPLE_REFS: Final = (_IVG_68BIS, _AVIG_85F)
_HEALTH_REFS: Final = (LegalRef("IVG", "3abis", paragraph="2", letter="b"), _IVG_68BIS)
_YOUNG_NO_LIMIT_REFS: Final = (LegalRef("IVG", "14a", paragraph="1", letter="b"),)
_IVG_3ABIS_2A: Final = LegalRef("IVG", "3abis", paragraph="2", letter="a")
_INTEGRATION_REFS: Final = (
    LegalRef("AIG", "87", paragraph="3"),
    LegalRef("VIntA", "15", paragraph="1"),
)

_K = TypeVar("_K", bound=Hashable)

#: Criteria kept per cache before it starts afresh. A criterion depends on a few small
#: values (the branches involved, the revolving-door path, an age limit, a date), so
#: the same frozen criteria recur case after case and are built once.
_CACHE_LIMIT: Final = 4096


def _store(cache: dict[_K, Criterion], key: _K, criterion: Criterion) -> Criterion:
    if len(cache) >= _CACHE_LIMIT:
        cache.clear()
    cache[key] = criterion
    return criterion


@functools.cache
def hook_implemented(canton: Canton, hook: str) -> bool:
    """Whether any plugin of ``canton`` implements ``hook`` (looked up once per canton)."""
    return bool(getattr(canton.hook, hook).get_hookimpls())


def _yes_no(met: bool, yes: Labels, no: Labels) -> Labels:
    return yes if met else no


_multiple_cache: dict[tuple[InstitutionKind, ...], Criterion] = {}


def _multiple(facts: CaseFacts) -> Criterion:
    found = _multiple_cache.get(facts.involved)
    if found is None:
        found = _store(_multiple_cache, facts.involved, _make_multiple(facts.involved))
    return found


def _make_multiple(involved: tuple[InstitutionKind, ...]) -> Criterion:
    systems = sorted({s for k in involved if (s := system_of(k)) is not None})
    met = len(systems) >= 2
    listed = ", ".join(systems) or "—"
    return Criterion(
        "iiz.multiple_institutions",
        met,
        _yes_no(
            met,
            Labels(
                de=f"Mehrere Institutionen sind zuständig oder möglicherweise zuständig ({listed}).",
                fr=f"Plusieurs institutions sont compétentes ou potentiellement compétentes ({listed}).",
                it=f"Più istituzioni sono competenti o potenzialmente competenti ({listed}).",
                en=f"Several institutions are responsible or potentially responsible ({listed}).",
            ),
            Labels(
                de=f"Höchstens eine Institution ist zuständig ({listed}).",
                fr=f"Au plus une institution est compétente ({listed}).",
                it=f"Al massimo un'istituzione è competente ({listed}).",
                en=f"At most one institution is responsible ({listed}).",
            ),
        ),
        _MULTIPLE_REFS,
    )


_HEALTH_LABOUR: Final = {
    met: Criterion(
        "iiz.health_and_labour_market",
        met,
        _yes_no(
            met,
            Labels(
                de="Gesundheitliches Problem zusammen mit einem Problem auf dem Arbeitsmarkt.",
                fr="Problème de santé conjugué à un problème sur le marché du travail.",
                it="Problema di salute unito a un problema sul mercato del lavoro.",
                en="A health problem together with a labour-market problem.",
            ),
            Labels(
                de="Kein gesundheitliches Problem zusammen mit einem Arbeitsmarktproblem.",
                fr="Pas de problème de santé conjugué à un problème de marché du travail.",
                it="Nessun problema di salute unito a un problema di mercato del lavoro.",
                en="No health problem together with a labour-market problem.",
            ),
        ),
        _HEALTH_REFS,
    )
    for met in (True, False)
}


def _health_labour(facts: CaseFacts) -> Criterion:
    return _HEALTH_LABOUR[facts.health_problem and facts.labour_market_problem]


_revolving_cache: dict[tuple[tuple[str, ...], int], Criterion] = {}


def _revolving(case: Case, facts: CaseFacts) -> Criterion:
    key = door_path(case, facts.on)
    found = _revolving_cache.get(key)
    if found is None:
        found = _store(_revolving_cache, key, _make_revolving(*key))
    return found


def _make_revolving(systems: tuple[str, ...], re_entries: int) -> Criterion:
    # The same criterion as from detect(case, on): path and re-entries decide it.
    met = re_entries > 0 or has_classic_chain(systems)
    path = " → ".join(systems) or "—"
    return Criterion(
        "iiz.revolving_door",
        met,
        _yes_no(
            met,
            Labels(
                de=f"Der Verlauf zeigt einen Drehtüreffekt ({path}; {re_entries} Wiedereintritte).",
                fr=f"L'historique montre un effet de porte tournante ({path}; {re_entries} retours).",
                it=f"Il percorso mostra un effetto porta girevole ({path}; {re_entries} rientri).",
                en=f"The history shows a revolving door ({path}; {re_entries} re-entries).",
            ),
            Labels(
                de=f"Kein Drehtüreffekt im Verlauf ({path}).",
                fr=f"Pas d'effet de porte tournante ({path}).",
                it=f"Nessun effetto porta girevole ({path}).",
                en=f"No revolving door in the history ({path}).",
            ),
        ),
        (),
        REVOLVING_DOOR_SOURCE,
    )


_YOUNG_CODE: Final = "iiz.young_without_qualification"
_YOUNG_NO_LIMIT: Final = Criterion(
    _YOUNG_CODE,
    False,
    Labels(
        de="Keine Altersgrenze für junge Erwachsene in Kraft an diesem Datum.",
        en="No age limit for young adults in force on this date.",
    ),
    _YOUNG_NO_LIMIT_REFS,
)
#: Keyed on the reference's id: the criterion holds the reference, so the id stays its own.
_young_cache: dict[tuple[int, int, bool], Criterion] = {}


def _young(facts: CaseFacts, ctx: RuleContext) -> Criterion:
    in_force = dated_parameter(ctx, "iv.integration_measures_young_age_limit")
    if in_force is None:
        return _YOUNG_NO_LIMIT
    limit, ref = int(in_force[0]), in_force[1]
    met = facts.age < limit and facts.without_qualification
    key = (limit, id(ref), met)
    found = _young_cache.get(key)
    if found is None:
        found = _store(_young_cache, key, _make_young(limit, ref, met))
    return found


def _make_young(limit: int, ref: LegalRef, met: bool) -> Criterion:
    return Criterion(
        _YOUNG_CODE,
        met,
        _yes_no(
            met,
            Labels(
                de=f"Junge Person unter {limit} Jahren ohne Berufsabschluss.",
                fr=f"Jeune de moins de {limit} ans sans qualification professionnelle.",
                it=f"Giovane sotto i {limit} anni senza qualifica professionale.",
                en=f"Young person under {limit} without a vocational qualification.",
            ),
            Labels(
                de=f"Nicht unter {limit} Jahren ohne Berufsabschluss.",
                fr=f"Pas un jeune de moins de {limit} ans sans qualification.",
                it=f"Non un giovane sotto i {limit} anni senza qualifica.",
                en=f"Not a young person under {limit} without a vocational qualification.",
            ),
        ),
        (ref, _IVG_3ABIS_2A),
    )


_integration_cache: dict[tuple[bool, date | None], Criterion] = {}


def _integration(facts: CaseFacts) -> Criterion:
    key = (facts.integration_phase, facts.integration_phase_until)
    found = _integration_cache.get(key)
    if found is None:
        found = _store(_integration_cache, key, _make_integration(*key))
    return found


def _make_integration(met: bool, until_day: date | None) -> Criterion:
    until = until_day.isoformat() if until_day else ""
    return Criterion(
        "iiz.integration_phase",
        met,
        _yes_no(
            met,
            Labels(
                de=f"Geflüchtete oder vorläufig aufgenommene Person in der Integrationsphase (bis {until}).",
                fr=f"Réfugié ou personne admise à titre provisoire en phase d'intégration (jusqu'au {until}).",
                it=f"Rifugiato o persona ammessa provvisoriamente in fase d'integrazione (fino al {until}).",
                en=f"Refugee or provisionally admitted person in the integration phase (until {until}).",
            ),
            Labels(
                de="Keine Person des Asylbereichs in der Integrationsphase.",
                fr="Pas de personne du domaine de l'asile en phase d'intégration.",
                it="Nessuna persona del settore dell'asilo in fase d'integrazione.",
                en="Not a refugee or provisionally admitted person in the integration phase.",
            ),
        ),
        _INTEGRATION_REFS,
    )


def default_criteria(case: Case, facts: CaseFacts, ctx: RuleContext) -> tuple[Criterion, ...]:
    """The five federal default criteria, evaluated for ``case`` on ``ctx.on``."""
    return (
        _multiple(facts),
        _health_labour(facts),
        _revolving(case, facts),
        _young(facts, ctx),
        _integration(facts),
    )


def _criteria_list(result: object) -> bool:
    if not isinstance(result, Sequence):
        return False
    # A plain loop, not all() over a generator: the hook answers for every case.
    for c in result:  # noqa: SIM110
        if not isinstance(c, Criterion):
            return False
    return True


_TRIAGE_ARGS: Final = ("canton", "case", "on", "criteria")

#: Triages of the default criteria, keyed on the five criteria by id: the criteria are
#: shared values (see :func:`_store`), so the same triage recurs and is built once. The
#: entry holds the criteria, so their ids stay their own.
_triages: dict[tuple[int, int, int, int, int], tuple[tuple[Criterion, ...], Triage]] = {}
_TRIAGE_STEPS: StepCache = {}


def triage(case: Case, facts: CaseFacts, canton: Canton, ctx: RuleContext) -> Triage:
    """Triage ``case``: the default criteria, or the canton's through ``iiz_triage_criteria``."""
    criteria = default_criteria(case, facts, ctx)
    trace = ctx.trace
    if hook_implemented(canton, "iiz_triage_criteria"):
        result = call_first(
            canton,
            "iiz_triage_criteria",
            _criteria_list,
            "a sequence of Criterion",
            _TRIAGE_ARGS,
            (canton.info, case, ctx.on, criteria),
        )
        if result is not None:
            answered = _hook_triage(tuple(result), canton.plugin_name)
            if trace.enabled and not replayed(trace, _TRIAGE_STEPS, id(answered)):
                _record(trace, answered)
                remember(trace, _TRIAGE_STEPS, id(answered), answered)
            return answered
    multiple, health, revolving, young, integration = criteria
    key = (id(multiple), id(health), id(revolving), id(young), id(integration))
    entry = _triages.get(key)
    if entry is None:
        if len(_triages) >= _CACHE_LIMIT:
            _triages.clear()
        entry = _triages[key] = (criteria, Triage(criteria))
    found = entry[1]
    if trace.enabled and not replayed(trace, _TRIAGE_STEPS, id(found)):
        _record(trace, found)
        remember(trace, _TRIAGE_STEPS, id(found), found)
    return found


#: Triages answered by a canton hook, keyed on the plugin and the criteria by id: a hook
#: typically returns shared criteria (the defaults plus one of a few prebuilt ones), so the
#: same triage recurs. The entry holds the criteria, so their ids stay their own.
_hook_triages: dict[tuple[object, ...], tuple[tuple[Criterion, ...], Triage]] = {}


def _hook_triage(criteria: tuple[Criterion, ...], plugin: str) -> Triage:
    key = (plugin, *[id(c) for c in criteria])
    entry = _hook_triages.get(key)
    if entry is None:
        if len(_hook_triages) >= _CACHE_LIMIT:
            _hook_triages.clear()
        entry = _hook_triages[key] = (criteria, Triage(criteria, plugin))
    return entry[1]


def _record(trace: Trace, result_triage: Triage) -> None:
    trace.step(
        "coordination.triage",
        {c.code: c.met for c in result_triage.criteria},
        "iiz_case" if result_triage.is_iiz_case else "no_iiz_case",
        *dict.fromkeys(r for c in result_triage.criteria for r in c.refs),
    )
