"""The Zürich canton plugin: hook implementations over the sourced data in ``data/``.

Sources: Sozialhilfehandbuch ZH chapter 13.3.01 (seed 001) for the network and
the principle of Leistungskoordination; the Swiss municipality register for
the municipalities; see ``data/RESEARCH.md`` for every source and every
unverified fact.

The plugin does not implement ``iiz_triage_criteria``: no ZH source read
names a triage criterion of its own (the Sozialhilfehandbuch 13.3.01 states
the aims of IIZ — coordination, preventing revolving doors — which the
federal default criteria already test), so ZH triages by iizcore's federal
criteria. Its documented practice is in who leads a case
(:func:`iiz_lead_institution`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from importlib import resources
from typing import Final

from iizcore.coordination.plan import Lead
from iizcore.hooks import CantonInfo, hookimpl
from iizcore.hooks.data import data_hooks
from iizcore.model import InstitutionKind, Labels
from iizcore.model.case import Case

HOOK_API_VERSION: Final = 1
DATA: Final = resources.files("iizcore_zh") / "data"


@hookimpl
def iiz_canton() -> CantonInfo:
    return CantonInfo(
        code="ZH", names=Labels("Zürich", "Zurich", "Zurigo", "Zurich"), languages=("de",)
    )


# The network, the parameters and the cost keys are read from data/ (iizcore.hooks.data).
# ZH's cost keys (data/costs.toml): no key is documented, so own costs throughout. No source on
# how the ZH IIZ network is financed was found; see data/costs.toml and data/RESEARCH.md.
iiz_network, iiz_parameters, iiz_cost_keys = data_hooks(DATA)


#: Integrationsagenda ZH: case-leading bodies for refugees and provisionally admitted persons.
INTEGRATION_AGENDA_SOURCE: Final = (
    "https://www.stadt-zuerich.ch/content/aoz/de/index/aoz/aktuell/integrationsagenda.html and "
    "zh.ch 'Begleitung von Geflüchteten': integration-oriented case management by the "
    "case-leading bodies (KSA in the cantonal asylum structures, then the municipalities); "
    "see data/network.toml, project 'Integrationsagenda Schweiz – Umsetzung im Kanton Zürich'"
)
#: Case Management Berufsbildung 'Netz 2', led by the AJB.
NETZ2_SOURCE: Final = (
    "https://www.aargauerzeitung.ch/verschiedenes/regierungsrat-verlangert-unterstutzungsprojekt"
    "-fur-belastete-jugendliche-ld.1952787 and hrm.de: 'Netz 2' for young people aged 14 to 24, "
    "led by the AJB, case managers based in the biz; see data/network.toml"
)


@hookimpl
def iiz_lead_institution(
    canton: CantonInfo,
    case: Case,
    on: date,
    involved: Sequence[InstitutionKind],
    default: Lead,
) -> Lead | None:
    """ZH practice where it is documented; otherwise no opinion.

    - Integration phase: once the person lives in a municipality, the
      municipal social service is the case-leading body of the
      Integrationsagenda ZH (source: :data:`INTEGRATION_AGENDA_SOURCE`).
    - Young people without a qualification: Case Management Berufsbildung
      "Netz 2", led by the Amt für Jugend und Berufsberatung (AJB)
      (source: :data:`NETZ2_SOURCE`).
    """
    # Branch on the default lead's kind, never on its rule name (another hook may rename it).
    if default.institution is InstitutionKind.MIGRATION_INTEGRATION:
        return Lead(
            institution=InstitutionKind.SOCIAL_ASSISTANCE,
            rule="zh.lead.integration_agenda",
            reason=Labels(
                de="Integrationsphase: die Wohngemeinde führt den Fall "
                "(integrationsorientiertes Case Management der Integrationsagenda ZH).",
                en="Integration phase: the municipality of residence leads the case "
                "(integration-oriented case management of the Integrationsagenda ZH).",
            ),
            refs=default.refs,
            source=INTEGRATION_AGENDA_SOURCE,
        )
    if default.institution in (
        InstitutionKind.VOCATIONAL_EDUCATION,
        InstitutionKind.VOCATIONAL_GUIDANCE,
    ):
        return Lead(
            institution=InstitutionKind.VOCATIONAL_GUIDANCE,
            rule="zh.lead.netz2",
            reason=Labels(
                de="Junge Person ohne Berufsabschluss: Case Management Berufsbildung "
                "«Netz 2» des AJB führt den Fall.",
                en="Young person without a qualification: the AJB's Case Management "
                "Berufsbildung 'Netz 2' leads the case.",
            ),
            institution_id="zh.ajb",
            refs=default.refs,
            source=NETZ2_SOURCE,
        )
    return None
