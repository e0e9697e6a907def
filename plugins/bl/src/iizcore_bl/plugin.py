"""The Basel-Landschaft canton plugin: hook implementations over the sourced data in ``data/``.

Sources: the BL interpellation 2018/778 (seed 000) and the sources named row by
row in the data files; the Swiss municipality register for the
municipalities; see ``data/RESEARCH.md`` for every source and every
unverified fact.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from importlib import resources
from typing import Final

from iizcore.coordination.plan import Criterion, Lead
from iizcore.hooks import CantonInfo, hookimpl
from iizcore.hooks.data import data_hooks, load_parameter_data
from iizcore.law.parameters import ParameterSet
from iizcore.model import EndReason, InstitutionKind, Labels, LegalRef
from iizcore.model.case import Case

HOOK_API_VERSION: Final = 1
DATA: Final = resources.files("iizcore_bl") / "data"


@hookimpl
def iiz_canton() -> CantonInfo:
    return CantonInfo(
        code="BL",
        names=Labels("Basel-Landschaft", "Bâle-Campagne", "Basilea Campagna", "Basel-Landschaft"),
        languages=("de",),
    )


# The network, the parameters and the cost keys are read from data/ (iizcore.hooks.data).
# BL's cost keys (data/costs.toml): no key is documented, so own costs throughout. The
# Regierungsrat's answer on IIZ financing (interpellation 2018/778, question 4) was not found;
# see data/costs.toml and data/RESEARCH.md.
iiz_network, iiz_parameters, iiz_cost_keys = data_hooks(DATA)


#: The ZIF keeps the case of refugees and provisionally admitted persons from start to end.
ZIF_SOURCE: Final = (
    "http://venus.gigatech-lb.com/politik-und-behorden/direktionen/finanz-und-kirchendirektion/"
    "sozialamt/sozialhilfe-asyl/zentrum-integrationsfoerderung (mirror of baselland.ch): "
    "ZIF 'durchgehende Fallführung'; see data/network.toml and data/RESEARCH.md"
)
#: The Kantonales Assessmentcenter: triage between loss of livelihood and social assistance.
ASSESSMENT_CENTRE_SOURCE: Final = (
    "http://venus.gigatech-lb.com/politik-und-behorden/direktionen/finanz-und-kirchendirektion/"
    "medienmitteilungen/neues-kantonales-assessmentcenter-nimmt-betrieb-auf (SHG BL revision in "
    "force 1 Jan 2023; operations 'per 1. April', year not in the excerpt: 2025 is the most "
    "likely reading, unverified); see data/network.toml"
)
#: The dated flag in ``data/parameters.toml`` that says since when the centre operates
#: (start year unverified, see the row's note).
ASSESSMENT_CENTRE_PARAMETER: Final = "bl.assessment_centre_operating"


@functools.cache
def _own_parameters() -> ParameterSet:
    return ParameterSet(load_parameter_data(DATA, "BL"))


def assessment_centre_operating(on: date) -> bool:
    """Whether the Kantonales Assessmentcenter operates on ``on`` (dated data, not code)."""
    params = _own_parameters()
    # Before the first row there is no centre: checked here rather than by catching the
    # ParameterError, which this hook would otherwise build for every earlier case.
    if ASSESSMENT_CENTRE_PARAMETER not in params:
        return False
    if on < params[ASSESSMENT_CENTRE_PARAMETER].values[0].since:
        return False
    return bool(params.value(ASSESSMENT_CENTRE_PARAMETER, on))


@hookimpl
def iiz_lead_institution(
    canton: CantonInfo,
    case: Case,
    on: date,
    involved: Sequence[InstitutionKind],
    default: Lead,
) -> Lead | None:
    """Refugees and provisionally admitted persons in the integration phase: the ZIF leads.

    BL's Zentrum Integrationsförderung (ZIF) implements the Integrationsagenda
    and keeps the case "from start to end" ("durchgehende Fallführung"); its
    recommendations bind the municipalities (source: :data:`ZIF_SOURCE`).
    Other cases: no opinion.
    """
    # The default lead's kind, not its rule name (a name another hook may replace).
    if default.institution is not InstitutionKind.MIGRATION_INTEGRATION:
        return None
    return Lead(
        institution=InstitutionKind.MIGRATION_INTEGRATION,
        rule="bl.lead.zif",
        reason=Labels(
            de="Integrationsphase: das Zentrum Integrationsförderung (ZIF) führt den Fall "
            "durchgehend; seine Empfehlungen binden die Gemeinden.",
            en="Integration phase: the Zentrum Integrationsförderung (ZIF) keeps the case "
            "from start to end; its recommendations bind the municipalities.",
        ),
        institution_id="bl.zif",
        refs=default.refs,
        source=ZIF_SOURCE,
    )


@hookimpl
def iiz_triage_criteria(
    canton: CantonInfo, case: Case, on: date, criteria: Sequence[Criterion]
) -> Sequence[Criterion] | None:
    """The federal criteria plus BL's Kantonales Assessmentcenter.

    Since the SHG revision (in force 1 Jan 2023) the Kantonales
    Assessmentcenter closes the gap between the loss of livelihood — e.g. an
    exhausted ALV entitlement — and social assistance, as the "Drehscheibe"
    of the IIZ (source: :data:`ASSESSMENT_CENTRE_SOURCE`). A person whose
    ALV entitlement ended by exhaustion (Aussteuerung) is therefore an IIZ
    case in BL from the centre's start (the dated flag
    :data:`ASSESSMENT_CENTRE_PARAMETER` in ``data/parameters.toml``, start
    year unverified).
    """
    if not assessment_centre_operating(on):
        return None
    exhausted = False
    for s in case.history:
        if (
            s.institution is InstitutionKind.ALV_FUND
            and s.end_reason is EndReason.EXHAUSTED
            and s.end is not None
            and s.end <= on
        ):
            exhausted = True
            break
    # The two possible criteria are built once (this hook runs for every case).
    return (*criteria, _CENTRE_MET if exhausted else _CENTRE_NOT_MET)


def _centre_criterion(exhausted: bool) -> Criterion:
    return Criterion(
        code="bl.assessment_centre",
        met=exhausted,
        reason=Labels(
            de="Ausgesteuert: Triage durch das Kantonale Assessmentcenter (Drehscheibe der IIZ)."
            if exhausted
            else "Keine Aussteuerung aus der ALV im Verlauf.",
            en="ALV entitlement exhausted: triage by the cantonal assessment centre."
            if exhausted
            else "No exhausted ALV entitlement in the history.",
        ),
        refs=(LegalRef("AVIG", "27"),),
        source=ASSESSMENT_CENTRE_SOURCE,
    )


_CENTRE_MET: Final = _centre_criterion(True)
_CENTRE_NOT_MET: Final = _centre_criterion(False)
