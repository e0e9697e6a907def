"""Institutions of the IIZ and the offers they provide."""

from __future__ import annotations

import enum
from typing import Final

from attrs import field, frozen

from iizcore.model._validate import non_empty
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.reference import LegalRef

__all__ = ["Institution", "InstitutionKind", "MeasureType", "Offer"]


class InstitutionKind(enum.StrEnum):
    """The kinds of institution that take part in IIZ (seed 001; LAW.md section 1).

    The value is the stable machine name used in JSON and plugin data; the
    labels are in :attr:`labels`.
    """

    ALV_FUND = "alv_fund"
    """Arbeitslosenkasse: pays the ALV daily allowances (AVIG Art. 77 ff.)."""
    RAV = "rav"
    """Regionales Arbeitsvermittlungszentrum = öffentliche Arbeitsvermittlung (öAV), AVIG Art. 85b."""
    LABOUR_MARKET_AUTHORITY = "labour_market_authority"
    """Kantonale Amtsstelle (cantonal labour office running the RAV), AVIG Art. 85."""
    IV_OFFICE = "iv_office"
    """IV-Stelle (disability insurance office), IVG Art. 54 ff."""
    SOCIAL_ASSISTANCE = "social_assistance"
    """Municipal social service / social-assistance authority (Sozialhilfe), ZUG and cantonal law."""
    CANTONAL_SOCIAL_OFFICE = "cantonal_social_office"
    """Kantonales Sozialamt: cantonal supervision and coordination of social assistance."""
    VOCATIONAL_GUIDANCE = "vocational_guidance"
    """Berufs-, Studien- und Laufbahnberatung (BIZ), BBG Art. 49 ff."""
    VOCATIONAL_EDUCATION = "vocational_education"
    """Berufsbildung, including Case Management Berufsbildung (BBG)."""
    MIGRATION_INTEGRATION = "migration_integration"
    """Cantonal migration and integration office (AIG Art. 53 ff., AsylG)."""
    ACCIDENT_INSURANCE = "accident_insurance"
    """Unfallversicherung, e.g. Suva (UVG)."""
    SICKNESS_ALLOWANCE_INSURER = "sickness_allowance_insurer"
    """Krankentaggeldversicherung (KTG), private insurance under the VVG."""
    EMPLOYER = "employer"
    """Employers: the key partner of labour-market integration (seed 001)."""
    PRIVATE_PROVIDER = "private_provider"
    """Private providers of integration measures and counselling (seed 001)."""
    IIZ_OFFICE = "iiz_office"
    """IIZ coordination office (Geschäftsstelle IIZ)."""

    @property
    def labels(self) -> Labels:
        """The kind's name in de, fr, it and en."""
        return _KIND_LABELS[self]

    @property
    def is_insurance(self) -> bool:
        """Whether the kind is a social insurance that comes before social assistance.

        Social assistance is subsidiary to every insurance benefit (SKOS A.3;
        cantonal social-assistance acts).
        """
        return self in INSURANCES


INSURANCES: Final = frozenset(
    {
        InstitutionKind.ALV_FUND,
        InstitutionKind.RAV,
        InstitutionKind.IV_OFFICE,
        InstitutionKind.ACCIDENT_INSURANCE,
        InstitutionKind.SICKNESS_ALLOWANCE_INSURER,
    }
)

_KIND_LABELS: Final[dict[InstitutionKind, Labels]] = {
    InstitutionKind.ALV_FUND: Labels(
        "Arbeitslosenkasse", "Caisse de chômage", "Cassa di disoccupazione", "Unemployment fund"
    ),
    InstitutionKind.RAV: Labels(
        "Regionales Arbeitsvermittlungszentrum (RAV)",
        "Office régional de placement (ORP)",
        "Ufficio regionale di collocamento (URC)",
        "Regional employment centre (RAV)",
    ),
    InstitutionKind.LABOUR_MARKET_AUTHORITY: Labels(
        "Kantonale Amtsstelle (Arbeitsmarkt)",
        "Autorité cantonale du marché du travail",
        "Autorità cantonale del mercato del lavoro",
        "Cantonal labour-market authority",
    ),
    InstitutionKind.IV_OFFICE: Labels(
        "IV-Stelle", "Office AI", "Ufficio AI", "Disability insurance office (IV)"
    ),
    InstitutionKind.SOCIAL_ASSISTANCE: Labels(
        "Sozialdienst (Sozialhilfe)",
        "Service social (aide sociale)",
        "Servizio sociale (assistenza sociale)",
        "Social service (social assistance)",
    ),
    InstitutionKind.CANTONAL_SOCIAL_OFFICE: Labels(
        "Kantonales Sozialamt",
        "Service cantonal de l'action sociale",
        "Ufficio cantonale del sostegno sociale",
        "Cantonal social office",
    ),
    InstitutionKind.VOCATIONAL_GUIDANCE: Labels(
        "Berufs-, Studien- und Laufbahnberatung (BIZ)",
        "Orientation professionnelle, universitaire et de carrière",
        "Orientamento professionale, universitario e di carriera",
        "Vocational, study and career guidance",
    ),
    InstitutionKind.VOCATIONAL_EDUCATION: Labels(
        "Berufsbildung (inkl. Case Management Berufsbildung)",
        "Formation professionnelle (y c. case management)",
        "Formazione professionale (incl. case management)",
        "Vocational education (incl. case management)",
    ),
    InstitutionKind.MIGRATION_INTEGRATION: Labels(
        "Migration und Integration",
        "Migration et intégration",
        "Migrazione e integrazione",
        "Migration and integration",
    ),
    InstitutionKind.ACCIDENT_INSURANCE: Labels(
        "Unfallversicherung (UV)",
        "Assurance-accidents (AA)",
        "Assicurazione contro gli infortuni (AINF)",
        "Accident insurance",
    ),
    InstitutionKind.SICKNESS_ALLOWANCE_INSURER: Labels(
        "Krankentaggeldversicherung (KTG)",
        "Assurance d'indemnités journalières maladie",
        "Assicurazione d'indennità giornaliera di malattia",
        "Daily sickness allowance insurance",
    ),
    InstitutionKind.EMPLOYER: Labels("Arbeitgeber", "Employeur", "Datore di lavoro", "Employer"),
    InstitutionKind.PRIVATE_PROVIDER: Labels(
        "Private Anbieter", "Prestataires privés", "Fornitori privati", "Private provider"
    ),
    InstitutionKind.IIZ_OFFICE: Labels(
        "Geschäftsstelle IIZ",
        "Secrétariat CII",
        "Segretariato CII",
        "IIZ coordination office",
    ),
}


class MeasureType(enum.StrEnum):
    """Kinds of offer an institution provides to a person."""

    COUNSELLING = "counselling"
    """Counselling and placement (RAV, AVIG Art. 85 Abs. 1 lit. b)."""
    COURSE = "course"
    """Training course (AMM, AVIG Art. 60)."""
    EMPLOYMENT_PROGRAMME = "employment_programme"
    """Programme of temporary employment (AMM, AVIG Art. 64a)."""
    WORK_PLACEMENT = "work_placement"
    """Work placement (Berufspraktikum, AVIG Art. 64a Abs. 1 lit. b)."""
    EARLY_INTERVENTION = "early_intervention"
    """IV early intervention (IVG Art. 7d)."""
    INTEGRATION_MEASURE = "integration_measure"
    """IV integration measure preparing vocational integration (IVG Art. 14a)."""
    VOCATIONAL_MEASURE = "vocational_measure"
    """IV vocational measure (IVG Art. 15-18)."""
    CAREER_GUIDANCE = "career_guidance"
    """Vocational and career guidance (BIZ)."""
    CASE_MANAGEMENT = "case_management"
    """Case management (e.g. Case Management Berufsbildung)."""
    SOCIAL_INTEGRATION = "social_integration"
    """Social or occupational integration programme of social assistance."""
    LANGUAGE_COURSE = "language_course"
    """Language course (integration promotion, AIG Art. 53 ff.)."""
    JOB_COACHING = "job_coaching"
    """Job coaching / supported employment."""

    @property
    def labels(self) -> Labels:
        """The measure type's name in de, fr, it and en."""
        return _MEASURE_LABELS[self]


_MEASURE_LABELS: Final[dict[MeasureType, Labels]] = {
    MeasureType.COUNSELLING: Labels(
        "Beratung und Vermittlung",
        "Conseil et placement",
        "Consulenza e collocamento",
        "Counselling and placement",
    ),
    MeasureType.COURSE: Labels("Kurs", "Cours", "Corso", "Course"),
    MeasureType.EMPLOYMENT_PROGRAMME: Labels(
        "Programm zur vorübergehenden Beschäftigung",
        "Programme d'emploi temporaire",
        "Programma d'occupazione temporanea",
        "Temporary employment programme",
    ),
    MeasureType.WORK_PLACEMENT: Labels(
        "Berufspraktikum", "Stage professionnel", "Pratica professionale", "Work placement"
    ),
    MeasureType.EARLY_INTERVENTION: Labels(
        "Frühintervention", "Intervention précoce", "Intervento tempestivo", "Early intervention"
    ),
    MeasureType.INTEGRATION_MEASURE: Labels(
        "Integrationsmassnahme",
        "Mesure de réinsertion",
        "Provvedimento di reinserimento",
        "Integration measure",
    ),
    MeasureType.VOCATIONAL_MEASURE: Labels(
        "Berufliche Massnahme",
        "Mesure d'ordre professionnel",
        "Provvedimento professionale",
        "Vocational measure",
    ),
    MeasureType.CAREER_GUIDANCE: Labels(
        "Berufsberatung",
        "Orientation professionnelle",
        "Orientamento professionale",
        "Career guidance",
    ),
    MeasureType.CASE_MANAGEMENT: Labels(
        "Case Management", "Case management", "Case management", "Case management"
    ),
    MeasureType.SOCIAL_INTEGRATION: Labels(
        "Soziale/berufliche Integrationsmassnahme",
        "Mesure d'insertion sociale",
        "Misura d'integrazione sociale",
        "Social integration programme",
    ),
    MeasureType.LANGUAGE_COURSE: Labels(
        "Sprachkurs", "Cours de langue", "Corso di lingua", "Language course"
    ),
    MeasureType.JOB_COACHING: Labels(
        "Job Coaching", "Job coaching", "Job coaching", "Job coaching"
    ),
}


@frozen
class Offer:
    """An offer (measure) an institution provides, with its legal basis and typical cost."""

    id: str = field(validator=non_empty)
    name: Labels
    measure_type: MeasureType
    legal_basis: tuple[LegalRef, ...] = ()
    monthly_cost: Money | None = None
    """Typical cost per person and month, where documented (None where unknown)."""


@frozen
class Institution:
    """An institution of a canton's IIZ network.

    ``municipalities`` lists the BFS numbers of the municipalities the
    institution serves (a municipal or regional social service); it is empty
    for institutions that serve the whole canton.
    """

    id: str = field(validator=non_empty)
    kind: InstitutionKind
    name: Labels
    canton: str
    municipalities: frozenset[int] = frozenset()
    legal_basis: tuple[LegalRef, ...] = ()
    offers: tuple[Offer, ...] = ()
    verified: bool = True
    """False where a fact about the institution (its current name, the municipalities it
    serves) could not be checked against a source; see ``source`` and ``note``."""
    source: str | None = None
    note: str | None = None

    def serves(self, bfs: int) -> bool:
        """Whether the institution serves municipality ``bfs`` (a cantonal one serves all)."""
        return not self.municipalities or bfs in self.municipalities
