"""Anonymised case vignettes (Fallvignetten) in de, fr, it and en.

A vignette tells a case in a few sentences — the situation, the institutions
involved, what the coordination did, the outcome — for reports, training and
exchange between cantons, "unter Wahrung des Datenschutzes" (seed 000,
question 3). It never contains a name, an AHV number, a birth date or a
municipality:

- age in bands (:class:`AgeBand`), never the birth date or the exact age;
- the region — the district (Bezirk) of the canton's municipality register,
  :meth:`~iizcore.model.Network.municipality` — never the municipality;
- durations in coarse bands relative to the case date ("for some weeks",
  "for more than half a year"), never calendar dates or day counts; the
  degree of incapacity as "fully" or "partly", never the percentage;
- only categories and counts from the case, never its free text or ids.

Durations are told in words, without digits. The guard goes one step further
for what is left (the age band): a number in the text that happens to equal
the person's BFS municipality number is replaced by a wording without digits
("of working age"), so that not even a coincidence can point to it.

The quasi-identifiers (:class:`QuasiIdentifiers`: age band, sex, region,
residence status, household type) feed the k-anonymity check of
:mod:`iizcore.privacy.anonymity`. Anonymised data that no longer relates to
an identifiable person is outside the DSG (DSG Art. 5 lit. a a contrario).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Final, Protocol

from attrs import frozen

from iizcore.coordination.plan import CoordinationPlan
from iizcore.law.determination import Determination, Outcome
from iizcore.model.case import Benefit, Case, EndReason, Spell
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import LANGUAGES, Labels
from iizcore.model.network import Network
from iizcore.model.period import DAYS_PER_MONTH
from iizcore.model.person import EmploymentStatus, Household, Qualification, ResidenceStatus, Sex

__all__ = [
    "AgeBand",
    "AssessmentLike",
    "HouseholdType",
    "QuasiIdentifiers",
    "Vignette",
    "VignetteOutcome",
    "make_vignette",
    "quasi_identifiers",
    "region_of",
    "vignette",
]

#: Four strings in the order of :data:`~iizcore.model.LANGUAGES` (de, fr, it, en).
Quad = tuple[str, str, str, str]


class AgeBand(enum.StrEnum):
    """Age bands of the vignettes: youth (under 25) and older workers (55+) apart,
    as in labour-market statistics and the IIZ target groups."""

    UNDER_18 = "under_18"
    FROM_18_TO_24 = "18_24"
    FROM_25_TO_34 = "25_34"
    FROM_35_TO_44 = "35_44"
    FROM_45_TO_54 = "45_54"
    FROM_55_TO_64 = "55_64"
    FROM_65 = "65_plus"

    @classmethod
    def of(cls, age: int) -> AgeBand:
        """The band of ``age`` completed years."""
        for band, upper in _BAND_UPPER:
            if age <= upper:
                return band
        return cls.FROM_65


_BAND_UPPER: Final = (
    (AgeBand.UNDER_18, 17),
    (AgeBand.FROM_18_TO_24, 24),
    (AgeBand.FROM_25_TO_34, 34),
    (AgeBand.FROM_35_TO_44, 44),
    (AgeBand.FROM_45_TO_54, 54),
    (AgeBand.FROM_55_TO_64, 64),
)


class HouseholdType(enum.StrEnum):
    """Household type (Haushaltstyp) from the household's adults and children."""

    SINGLE = "single"
    SINGLE_PARENT = "single_parent"
    COUPLE = "couple"
    COUPLE_WITH_CHILDREN = "couple_with_children"
    OTHER = "other"

    @classmethod
    def of(cls, household: Household) -> HouseholdType:
        """The type of ``household`` (the person included)."""
        adults, children = household.adults, len(household.children())
        if adults == 1:
            return cls.SINGLE_PARENT if children else cls.SINGLE
        if adults == 2:
            return cls.COUPLE_WITH_CHILDREN if children else cls.COUPLE
        return cls.OTHER


@frozen
class QuasiIdentifiers:
    """The attributes that could single a person out in combination (k-anonymity)."""

    age_band: AgeBand
    sex: Sex
    region: str
    """District and canton, ``"Dietikon (ZH)"``; the canton alone when the district is unknown."""
    residence_status: ResidenceStatus
    household: HouseholdType


@frozen
class VignetteOutcome:
    """The outcome of one determination: the institution, the outcome, the rule."""

    institution: InstitutionKind
    outcome: Outcome
    rule: str = ""
    """The stable name of the rule (``"alv.entitlement"``)."""


@frozen
class Vignette:
    """An anonymised case description with its quasi-identifiers and the outcome in categories."""

    canton: str
    quasi: QuasiIdentifiers
    institutions: tuple[InstitutionKind, ...]
    """The institutions involved, in plan order."""
    iiz_case: bool | None
    """Whether triage found an IIZ case; None without a coordination plan."""
    lead: InstitutionKind | None
    outcomes: tuple[VignetteOutcome, ...]
    text: Labels
    """The description in de, fr, it and en."""


class AssessmentLike(Protocol):
    """What :func:`vignette` reads of an assessment: its determinations and its plan."""

    @property
    def determinations(self) -> Sequence[Determination]: ...
    @property
    def plan(self) -> CoordinationPlan | None: ...


def region_of(case: Case, network: Network) -> str:
    """The person's region: the district (Bezirk) of their municipality, with the canton.

    Falls back to the canton code when the municipality is not in the
    network's register (another canton, or an incomplete register).
    """
    residence = case.person.residence
    if residence.canton == network.canton:
        municipality = network.municipality(residence.bfs_municipality)
        if municipality is not None:
            return f"{municipality.district} ({residence.canton})"
    return residence.canton


def quasi_identifiers(case: Case, network: Network) -> QuasiIdentifiers:
    """The quasi-identifiers of ``case`` on its as-of date."""
    person = case.person
    return QuasiIdentifiers(
        age_band=AgeBand.of(person.age_on(case.as_of)),
        sex=person.sex,
        region=region_of(case, network),
        residence_status=person.residence.status,
        household=HouseholdType.of(person.household),
    )


def vignette(case: Case, assessment: AssessmentLike, network: Network) -> Vignette:
    """The vignette of ``case`` from its assessment, with the region from ``network``."""
    return make_vignette(
        case, network, determinations=assessment.determinations, plan=assessment.plan
    )


def make_vignette(
    case: Case,
    network: Network,
    *,
    determinations: Iterable[Determination] = (),
    plan: CoordinationPlan | None = None,
) -> Vignette:
    """The vignette of ``case`` from its determinations and coordination plan (either may be absent)."""
    dets = tuple(determinations)
    quasi = quasi_identifiers(case, network)
    guard = _Guard(case)
    involved = _involved(dets, plan)
    parts: list[Quad | None] = [
        _situation(quasi, guard),
        *_work_and_health(case),
        _history(case),
        _institutions(involved),
        *_coordination(plan),
        _outcomes(dets),
    ]
    sentences = [p for p in parts if p is not None]
    text = Labels(*(" ".join(s[i] for s in sentences) for i in range(len(LANGUAGES))))
    return Vignette(
        canton=network.canton,
        quasi=quasi,
        institutions=involved,
        iiz_case=plan.is_iiz_case if plan is not None else None,
        lead=plan.lead.institution if plan is not None else None,
        outcomes=tuple(VignetteOutcome(d.institution, d.outcome, d.rule) for d in dets),
        text=text,
    )


# --- the guard against coincidental identifiers -------------------------------------


class _Guard:
    """Chooses the coarse wording when the precise one shows a forbidden number."""

    def __init__(self, case: Case) -> None:
        bfs = case.person.residence.bfs_municipality
        self._pattern = re.compile(rf"(?<![0-9A-Za-z_]){bfs}(?![0-9A-Za-z_])")

    def clean(self, quad: Quad) -> bool:
        return not any(self._pattern.search(s) for s in quad)

    def pick(self, precise: Quad, coarse: Quad) -> Quad:
        return precise if self.clean(precise) else coarse


def _map(quads: Iterable[Quad], joiner: Quad) -> Quad:
    items = list(quads)
    return (
        joiner[0].join(q[0] for q in items),
        joiner[1].join(q[1] for q in items),
        joiner[2].join(q[2] for q in items),
        joiner[3].join(q[3] for q in items),
    )


def _fmt(template: Quad, *args: Quad) -> Quad:
    """Fill each language's template with the same-language strings of ``args``."""
    return (
        template[0].format(*(a[0] for a in args)),
        template[1].format(*(a[1] for a in args)),
        template[2].format(*(a[2] for a in args)),
        template[3].format(*(a[3] for a in args)),
    )


def _all(text: str) -> Quad:
    """The same string in every language (a template, a number, a proper name)."""
    return (text, text, text, text)


def _labels(labels: Labels) -> Quad:
    return (labels.get("de"), labels.get("fr"), labels.get("it"), labels.get("en"))


# --- durations, relative to the case date, in coarse bands ----------------------------
#
# A precise duration ("unemployed for 29 days", "time saved 337 days") is a linkable
# detail: together with the case date it dates an event of the person's life. The
# k-anonymity check covers the five quasi-identifiers only, so the text itself must not
# be more precise than a band. The bands are words without digits, which also keeps
# them clear of the BFS number.

#: Upper bounds (exclusive) of the duration bands: a fortnight in days, then months.
_FEW_DAYS: Final = 14
_BAND_MONTHS: Final = (Decimal(3), Decimal(6), Decimal(12), Decimal(24))

_SINCE: Final[tuple[Quad, ...]] = (
    ("seit wenigen Tagen", "depuis quelques jours", "da pochi giorni", "for a few days"),
    ("seit einigen Wochen", "depuis quelques semaines", "da alcune settimane", "for some weeks"),
    ("seit einigen Monaten", "depuis quelques mois", "da alcuni mesi", "for some months"),
    (
        "seit über einem halben Jahr",
        "depuis plus de six mois",
        "da oltre sei mesi",
        "for more than half a year",
    ),
    ("seit über einem Jahr", "depuis plus d'un an", "da oltre un anno", "for more than a year"),
    (
        "seit über zwei Jahren",
        "depuis plus de deux ans",
        "da oltre due anni",
        "for more than two years",
    ),
)
_LENGTH: Final[tuple[Quad, ...]] = (
    ("wenige Tage", "quelques jours", "pochi giorni", "a few days"),
    ("einige Wochen", "quelques semaines", "alcune settimane", "some weeks"),
    ("einige Monate", "quelques mois", "alcuni mesi", "some months"),
    ("über ein halbes Jahr", "plus de six mois", "oltre sei mesi", "more than half a year"),
    ("über ein Jahr", "plus d'un an", "oltre un anno", "more than a year"),
    ("über zwei Jahre", "plus de deux ans", "oltre due anni", "more than two years"),
)


def _duration_band(days: int) -> int:
    """The band of a duration of ``days``: 0 under two weeks, 1 under 3 months, 2 under 6,
    3 under 12, 4 under 24 months, 5 from two years (months of
    :data:`~iizcore.model.period.DAYS_PER_MONTH` days)."""
    if days < _FEW_DAYS:
        return 0
    months = Decimal(days) / DAYS_PER_MONTH
    return 1 + sum(1 for bound in _BAND_MONTHS if months >= bound)


def _since(days: int) -> Quad:
    """ "for some weeks" — ``days`` up to the case date, as a band."""
    return _SINCE[_duration_band(days)]


def _length(days: int) -> Quad:
    """ "some weeks" — the length of a spell, as a band."""
    return _LENGTH[_duration_band(days)]


def _days_until(start: date, end: date) -> int:
    """Days from ``start`` to ``end``, both included (at least 1)."""
    return max(1, (end - start).days + 1)


# --- sentences -------------------------------------------------------------------------

_SEX: Final[dict[Sex, Quad]] = {
    Sex.FEMALE: ("Frau", "Femme", "Donna", "Woman"),
    Sex.MALE: ("Mann", "Homme", "Uomo", "Man"),
}

_AGE_COARSE: Final[dict[AgeBand, Quad]] = {
    AgeBand.UNDER_18: ("minderjährig", "mineur", "minorenne", "minor"),
    AgeBand.FROM_18_TO_24: (
        "junge erwachsene Person",
        "jeune adulte",
        "giovane adulto",
        "young adult",
    ),
    AgeBand.FROM_25_TO_34: (
        "im Erwerbsalter",
        "en âge de travailler",
        "in età lavorativa",
        "of working age",
    ),
    AgeBand.FROM_35_TO_44: (
        "im Erwerbsalter",
        "en âge de travailler",
        "in età lavorativa",
        "of working age",
    ),
    AgeBand.FROM_45_TO_54: (
        "im Erwerbsalter",
        "en âge de travailler",
        "in età lavorativa",
        "of working age",
    ),
    AgeBand.FROM_55_TO_64: (
        "in den letzten Erwerbsjahren",
        "en fin de carrière",
        "a fine carriera",
        "late in working life",
    ),
    AgeBand.FROM_65: (
        "im Rentenalter",
        "en âge de la retraite",
        "in età di pensionamento",
        "of retirement age",
    ),
}


def _age(band: AgeBand) -> Quad:
    if band is AgeBand.UNDER_18:
        return ("unter 18 Jahre", "moins de 18 ans", "meno di 18 anni", "under 18")
    if band is AgeBand.FROM_65:
        return ("65 Jahre und älter", "65 ans et plus", "65 anni e più", "aged 65 and over")
    lo, hi = band.value.split("_")
    return (f"{lo}–{hi} Jahre", f"{lo}–{hi} ans", f"{lo}–{hi} anni", f"aged {lo}–{hi}")


_HOUSEHOLD: Final[dict[HouseholdType, Quad]] = {
    HouseholdType.SINGLE: (
        "Einpersonenhaushalt",
        "ménage d'une personne",
        "economia domestica unipersonale",
        "living alone",
    ),
    HouseholdType.SINGLE_PARENT: (
        "alleinerziehend",
        "famille monoparentale",
        "famiglia monoparentale",
        "single parent",
    ),
    HouseholdType.COUPLE: (
        "Paarhaushalt ohne Kinder",
        "couple sans enfants",
        "coppia senza figli",
        "couple without children",
    ),
    HouseholdType.COUPLE_WITH_CHILDREN: (
        "Paarhaushalt mit Kindern",
        "couple avec enfants",
        "coppia con figli",
        "couple with children",
    ),
    HouseholdType.OTHER: (
        "anderer Mehrpersonenhaushalt",
        "autre ménage de plusieurs personnes",
        "altra economia domestica pluripersonale",
        "other multi-person household",
    ),
}

_STATUS: Final[dict[ResidenceStatus, Quad]] = {
    ResidenceStatus.SWISS: (
        "Schweizer Staatsangehörigkeit",
        "nationalité suisse",
        "cittadinanza svizzera",
        "Swiss citizen",
    ),
    ResidenceStatus.SETTLED_C: (
        "Niederlassungsbewilligung C",
        "permis d'établissement C",
        "permesso di domicilio C",
        "settlement permit C",
    ),
    ResidenceStatus.RESIDENT_B: (
        "Aufenthaltsbewilligung B",
        "permis de séjour B",
        "permesso di dimora B",
        "residence permit B",
    ),
    ResidenceStatus.SHORT_TERM_L: (
        "Kurzaufenthaltsbewilligung L",
        "autorisation de courte durée L",
        "permesso di breve durata L",
        "short-term permit L",
    ),
    ResidenceStatus.PROVISIONALLY_ADMITTED_F: (
        "vorläufig aufgenommen (F)",
        "admission provisoire (F)",
        "ammissione provvisoria (F)",
        "provisionally admitted (F)",
    ),
    ResidenceStatus.REFUGEE_B: (
        "anerkannter Flüchtling (B)",
        "réfugié reconnu (B)",
        "rifugiato riconosciuto (B)",
        "recognised refugee (B)",
    ),
    ResidenceStatus.REFUGEE_F: (
        "vorläufig aufgenommener Flüchtling (F)",
        "réfugié admis provisoirement (F)",
        "rifugiato ammesso provvisoriamente (F)",
        "refugee, provisionally admitted (F)",
    ),
    ResidenceStatus.ASYLUM_SEEKER_N: (
        "asylsuchend (N)",
        "requérant d'asile (N)",
        "richiedente l'asilo (N)",
        "asylum seeker (N)",
    ),
}


def _situation(quasi: QuasiIdentifiers, guard: _Guard) -> Quad:
    age = guard.pick(_age(quasi.age_band), _AGE_COARSE[quasi.age_band])
    region_name = quasi.region
    precise_region: Quad = (region_name, region_name, region_name, region_name)
    canton = region_name[-3:-1] if region_name.endswith(")") else region_name
    region = guard.pick(precise_region, (canton, canton, canton, canton))
    return _fmt(
        (
            "{}, {}, {}, {}, Region {}.",
            "{}, {}, {}, {}, région {}.",
            "{}, {}, {}, {}, regione {}.",
            "{}, {}, {}, {}, region {}.",
        ),
        _SEX[quasi.sex],
        age,
        _HOUSEHOLD[quasi.household],
        _STATUS[quasi.residence_status],
        region,
    )


def _work_and_health(case: Case) -> list[Quad]:
    person, on = case.person, case.as_of
    out: list[Quad] = []
    employment = person.employment
    if employment.status.is_unemployed:
        partly = employment.status is EmploymentStatus.PARTLY_UNEMPLOYED
        head: Quad = (
            (
                "Teilweise arbeitslos",
                "Partiellement au chômage",
                "In disoccupazione parziale",
                "Partly unemployed",
            )
            if partly
            else ("Arbeitslos", "Au chômage", "In disoccupazione", "Unemployed")
        )
        since = employment.unemployed_since
        if since is not None and since <= on:
            out.append(_fmt(_all("{} {}."), head, _since(_days_until(since, on))))
        else:
            out.append(_fmt(_all("{}."), head))
    health = person.health
    if health.incapacity_percent > 0 and health.incapacity_since is not None:
        # The degree in two words, not the percentage: a precise medical detail.
        degree: Quad = (
            (" (vollständig)", " (totale)", " (totale)", " (fully)")
            if health.incapacity_percent == 100
            else (" (teilweise)", " (partielle)", " (parziale)", " (partly)")
        )
        head = (
            "Arbeitsunfähig{}",
            "En incapacité de travail{}",
            "Inabile al lavoro{}",
            "Unable to work{}",
        )
        since_inc = health.incapacity_since
        tail = _since(_days_until(since_inc, on)) if since_inc <= on else None
        if tail is not None:
            out.append(_fmt(_all("{} {}."), _fmt(head, degree), tail))
        else:
            out.append(_fmt(_all("{}."), _fmt(head, degree)))
    if health.iv_pension_since is not None and health.iv_pension_since <= on:
        out.append(
            (
                "Bezieht eine IV-Rente.",
                "Perçoit une rente AI.",
                "Riceve una rendita AI.",
                "Receives an IV pension.",
            )
        )
    if person.education.qualification is Qualification.NONE:
        out.append(
            (
                "Ohne nachobligatorischen Abschluss.",
                "Sans formation postobligatoire.",
                "Senza formazione postobbligatoria.",
                "No post-compulsory qualification.",
            )
        )
    return out


_BENEFIT: Final[dict[Benefit, Quad]] = {
    Benefit.CASH: (
        "Geldleistung",
        "prestation en espèces",
        "prestazione in denaro",
        "cash benefit",
    ),
    Benefit.MEASURE: ("Massnahme", "mesure", "provvedimento", "measure"),
    Benefit.COUNSELLING: ("Beratung", "conseil", "consulenza", "counselling"),
}
_ONGOING: Final[Quad] = ("laufend", "en cours", "in corso", "ongoing")
_EXHAUSTED: Final[Quad] = ("ausgesteuert", "fin de droit", "diritto esaurito", "exhausted")
_ENDED: Final[Quad] = ("beendet", "terminé", "terminato", "ended")

#: At most this many spells are told; longer histories are summarised by the count.
MAX_SPELLS: Final = 6


def _spell(spell: Spell, on: date) -> Quad:
    end = min(spell.end, on) if spell.end is not None else on
    state = (
        _ONGOING
        if spell.end is None or spell.end >= on
        else _EXHAUSTED
        if spell.end_reason is EndReason.EXHAUSTED
        else _ENDED
    )
    return _fmt(
        _all("{} ({}, {}, {})"),
        _labels(spell.institution.labels),
        _BENEFIT[spell.benefit],
        _length(_days_until(spell.start, end)),
        state,
    )


def _history(case: Case) -> Quad | None:
    spells = sorted(case.history, key=lambda s: (s.start, s.institution))
    if not spells:
        return None
    told = _map((_spell(s, case.as_of) for s in spells[:MAX_SPELLS]), _all("; "))
    if len(spells) > MAX_SPELLS:
        told = _fmt(_all("{}; …"), told)
    return _fmt(
        (
            "Bisherige Unterstützung: {}.",
            "Soutiens jusqu'ici : {}.",
            "Sostegni finora: {}.",
            "Support so far: {}.",
        ),
        told,
    )


def _involved(
    dets: Sequence[Determination], plan: CoordinationPlan | None
) -> tuple[InstitutionKind, ...]:
    kinds: list[InstitutionKind] = list(plan.participant_kinds) if plan is not None else []
    kinds += [d.institution for d in dets]
    return tuple(dict.fromkeys(kinds))


def _institutions(kinds: Sequence[InstitutionKind]) -> Quad | None:
    if not kinds:
        return None
    names = _map((_labels(k.labels) for k in kinds), _all(", "))
    return _fmt(
        (
            "Beteiligte Stellen: {}.",
            "Institutions concernées : {}.",
            "Istituzioni coinvolte: {}.",
            "Institutions involved: {}.",
        ),
        names,
    )


def _within(days: int) -> Quad:
    """When a meeting is due, in words: immediately, within a week, weeks, months."""
    if days <= 0:
        return ("sofort", "immédiatement", "subito", "immediately")
    if days <= 7:
        return ("innert einer Woche", "dans la semaine", "entro una settimana", "within a week")
    if _duration_band(days) <= 1:
        return (
            "in den nächsten Wochen",
            "dans les prochaines semaines",
            "nelle prossime settimane",
            "in the coming weeks",
        )
    return (
        "in den nächsten Monaten",
        "dans les prochains mois",
        "nei prossimi mesi",
        "in the coming months",
    )


def _coordination(plan: CoordinationPlan | None) -> list[Quad]:
    if plan is None:
        return []
    out: list[Quad] = []
    lead_name = _labels(plan.lead.institution.labels)
    if plan.is_iiz_case:
        out.append(
            _fmt(
                (
                    "Als IIZ-Fall erkannt; Fallführung: {}.",
                    "Reconnu comme cas CII ; gestion du cas : {}.",
                    "Riconosciuto come caso CII; gestione del caso: {}.",
                    "Recognised as an IIZ case; lead institution: {}.",
                ),
                lead_name,
            )
        )
    else:
        out.append(
            _fmt(
                (
                    "Kein IIZ-Fall; zuständig: {}.",
                    "Pas un cas CII ; compétent : {}.",
                    "Non è un caso CII; competente: {}.",
                    "Not an IIZ case; responsible: {}.",
                ),
                lead_name,
            )
        )
    meeting = plan.meeting
    if meeting is not None:
        with_person: Quad = (
            (" mit der Person", " avec la personne", " con la persona", " with the person")
            if meeting.with_person
            else _all("")
        )
        out.append(
            _fmt(
                _all("{}{} {}."),
                _labels(meeting.form.labels),
                with_person,
                _within((meeting.due - plan.on).days),
            )
        )
    if plan.measures:
        told = [
            _fmt(_all("{} ({})"), _labels(m.measure_type.labels), _labels(m.institution.labels))
            for m in plan.measures
        ]
        if told:
            out.append(
                _fmt(
                    (
                        "Parallele Massnahmen: {}.",
                        "Mesures en parallèle : {}.",
                        "Provvedimenti in parallelo: {}.",
                        "Measures in parallel: {}.",
                    ),
                    _map(told, _all("; ")),
                )
            )
    if plan.early_detection is not None:
        out.append(
            (
                "Meldung zur Früherfassung an die IV.",
                "Communication à l'AI en vue d'une détection précoce.",
                "Comunicazione all'AI per il rilevamento tempestivo.",
                "Report to the IV for early detection.",
            )
        )
    saved = plan.gain.days_saved if plan.gain is not None else 0
    if saved > 0:
        # The band, not the day count: the exact gain follows from the case's dates.
        out.append(
            _fmt(
                (
                    "Erwartete Zeitersparnis gegenüber dem sequenziellen Weg: {}.",
                    "Gain de temps attendu par rapport au parcours séquentiel : {}.",
                    "Risparmio di tempo atteso rispetto al percorso sequenziale: {}.",
                    "Expected time saved against the sequential path: {}.",
                ),
                _length(saved),
            )
        )
    return out


#: In order of precedence when one institution has several determinations.
_OUTCOME: Final[dict[Outcome, Quad]] = {
    Outcome.ELIGIBLE: ("Anspruch", "droit reconnu", "diritto riconosciuto", "eligible"),
    Outcome.NEEDS_CLARIFICATION: ("abzuklären", "à clarifier", "da chiarire", "to be clarified"),
    Outcome.NOT_ELIGIBLE: ("kein Anspruch", "pas de droit", "nessun diritto", "not eligible"),
}


def _outcomes(dets: Sequence[Determination]) -> Quad | None:
    """One outcome per institution: eligible if any of its rules grants a benefit, else to be
    clarified if any rule cannot decide, else not eligible."""
    if not dets:
        return None
    by_kind: dict[InstitutionKind, set[Outcome]] = {}
    for d in dets:
        by_kind.setdefault(d.institution, set()).add(d.outcome)
    summary = [
        (kind, next(o for o in _OUTCOME if o in outcomes)) for kind, outcomes in by_kind.items()
    ]
    told = _map(
        (_fmt(_all("{}: {}"), _labels(kind.labels), _OUTCOME[o]) for kind, o in summary),
        _all("; "),
    )
    return _fmt(("Ergebnis: {}.", "Résultat : {}.", "Esito: {}.", "Outcome: {}."), told)
