"""Anonymised vignettes: worked examples, the number guard, JSON, and the no-identifier property."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from iizcore import InputError, dumps, structure, unstructure
from iizcore.coordination.plan import (
    CoordinationPlan,
    Criterion,
    EarlyDetectionReport,
    ExpectedGain,
    Lead,
    Meeting,
    Participant,
    ParticipantRole,
    Triage,
)
from iizcore.law.determination import Determination, Outcome, Reason
from iizcore.model import (
    Case,
    CollaborationForm,
    InstitutionKind,
    Labels,
    LegalRef,
    Municipality,
    Network,
    ResidenceStatus,
    Sex,
)
from iizcore.privacy import (
    AgeBand,
    HouseholdType,
    Vignette,
    make_vignette,
    quasi_identifiers,
    region_of,
    vignette,
)
from iizcore.testing import strategies as iz
from tests.privacy.leaks import found, identifier_forms, number_in, tracks_number

K = InstitutionKind
ON = date(2025, 3, 1)


def _network(*bfs: int, canton: str = "ZH") -> Network:
    return Network(
        canton=canton,
        institutions=(),
        municipalities=tuple(Municipality(b, f"Gemeinde {b}", "Dietikon") for b in bfs),
    )


@pytest.fixture
def case(case_data: dict[str, Any]) -> Case:
    """The conftest case (born 1980-05-17, unemployed since 2024-11-01, ZH 261), 50 % unable
    to work since 2025-01-15."""
    data = json.loads(json.dumps(case_data))
    data["person"]["health"] = {"incapacity_percent": 50, "incapacity_since": "2025-01-15"}
    return structure(data, Case)


def _with_bfs(case: Case, bfs: int) -> Case:
    residence = attrs.evolve(case.person.residence, bfs_municipality=bfs)
    return attrs.evolve(case, person=attrs.evolve(case.person, residence=residence))


def test_quasi_identifiers_and_region(case: Case) -> None:
    """Age 44 on 2025-03-01 is band 35-44; BFS 261 lies in district Dietikon of this register."""
    quasi = quasi_identifiers(case, _network(261))
    assert quasi.age_band is AgeBand.FROM_35_TO_44
    assert quasi.sex is Sex.FEMALE
    assert quasi.region == "Dietikon (ZH)"
    assert quasi.residence_status is ResidenceStatus.SWISS
    assert quasi.household is HouseholdType.SINGLE
    # Not in the register, or another canton: the canton alone.
    assert region_of(case, _network(1)) == "ZH"
    assert region_of(case, _network(261, canton="BL")) == "ZH"


@pytest.mark.parametrize(
    ("age", "band"),
    [(17, AgeBand.UNDER_18), (18, AgeBand.FROM_18_TO_24), (24, AgeBand.FROM_18_TO_24),
     (25, AgeBand.FROM_25_TO_34), (54, AgeBand.FROM_45_TO_54), (64, AgeBand.FROM_55_TO_64),
     (65, AgeBand.FROM_65), (90, AgeBand.FROM_65)],
)  # fmt: skip
def test_age_bands(age: int, band: AgeBand) -> None:
    assert AgeBand.of(age) is band


def test_text_without_assessment(case: Case) -> None:
    """Durations are relative to the case date, count both ends and are told in bands:
    2025-01-15 to 2025-03-01 is 46 days of incapacity ("some weeks"); 2024-11-01 to
    2025-03-01 is 121 days of unemployment, 3.98 months ("some months", 3 to 6 months).
    The degree of incapacity is "partly", not 50 %."""
    v = make_vignette(case, _network(261))
    assert v.text.get("de") == (
        "Frau, 35–44 Jahre, Einpersonenhaushalt, Schweizer Staatsangehörigkeit, "
        "Region Dietikon (ZH). Arbeitslos seit einigen Monaten. Arbeitsunfähig (teilweise) "
        "seit einigen Wochen. Bisherige Unterstützung: Arbeitslosenkasse (Geldleistung, "
        "einige Monate, laufend)."
    )
    assert "Unable to work (partly) for some weeks." in v.text.get("en")
    assert "En incapacité de travail (partielle) depuis quelques semaines." in v.text.get("fr")
    assert "Inabile al lavoro (parziale) da alcune settimane." in v.text.get("it")
    assert v.iiz_case is None and v.lead is None and v.outcomes == ()


def _unemployed_for(case: Case, days: int) -> Case:
    """The case with unemployment (and its ALV spell) running ``days`` days up to ON."""
    since = ON - timedelta(days=days - 1)
    employment = attrs.evolve(case.person.employment, unemployed_since=since)
    spell = attrs.evolve(case.history[0], start=since)
    person = attrs.evolve(case.person, employment=employment)
    return attrs.evolve(case, person=person, history=(spell,))


@pytest.mark.parametrize(
    ("days", "since_en", "length_en"),
    [
        (1, "for a few days", "a few days"),
        (13, "for a few days", "a few days"),
        (14, "for some weeks", "some weeks"),
        (91, "for some weeks", "some weeks"),  # 2.99 months of 30.4375 days
        (92, "for some months", "some months"),  # 3.02 months
        (182, "for some months", "some months"),  # 5.98 months
        (183, "for more than half a year", "more than half a year"),
        (365, "for more than half a year", "more than half a year"),  # 11.99 months
        (366, "for more than a year", "more than a year"),
        (730, "for more than a year", "more than a year"),  # 23.98 months
        (731, "for more than two years", "more than two years"),
        (4000, "for more than two years", "more than two years"),
    ],
)
def test_durations_are_told_in_bands(case: Case, days: int, since_en: str, length_en: str) -> None:
    """Bands: under two weeks, under 3, 6, 12 and 24 months (of 365.25 / 12 days), from
    two years; never the day count (a precise duration dates an event of the person's life)."""
    v = make_vignette(_unemployed_for(case, days), _network(261))
    en = v.text.get("en")
    assert f"Unemployed {since_en}." in en
    assert f"(cash benefit, {length_en}, ongoing)" in en
    assert str(days) not in en


def test_time_saved_and_meeting_are_told_in_bands(case: Case) -> None:
    """The plan's gain of 337 days and a meeting due in 14 days appear as bands, not counts."""
    plan = attrs.evolve(_plan(case), gain=ExpectedGain(337, 0, Labels.same("x")))
    v = make_vignette(case, _network(261), plan=plan)
    de, en = v.text.get("de"), v.text.get("en")
    assert "Erwartete Zeitersparnis gegenüber dem sequenziellen Weg: über ein halbes Jahr." in de
    assert "Expected time saved against the sequential path: more than half a year." in en
    assert "in the coming weeks" in en
    for text in (de, v.text.get("fr"), v.text.get("it"), en):
        assert "337" not in text and "14" not in text


def _plan(case: Case) -> CoordinationPlan:
    reason = Labels.same("reason")
    return CoordinationPlan(
        case_id=case.id,
        canton="ZH",
        on=ON,
        triage=Triage((Criterion("iiz.multiple_institutions", True, reason),)),
        lead=Lead(K.IV_OFFICE, "iiz.lead.health", reason),
        participants=(
            Participant(K.IV_OFFICE, (ParticipantRole.LEAD,)),
            Participant(K.ALV_FUND, (ParticipantRole.PAYS,)),
        ),
        payments=(),
        meeting=Meeting(
            CollaborationForm.ROUND_TABLE, ON + timedelta(days=14), K.IV_OFFICE,
            (K.IV_OFFICE, K.ALV_FUND), True, reason,
        ),
        early_detection=EarlyDetectionReport(
            ON, 46, K.ALV_FUND, reason, (LegalRef.parse("IVG Art. 3b"),)
        ),
    )  # fmt: skip


def _determination(kind: InstitutionKind, outcome: Outcome) -> Determination:
    reason = Reason("x.y", LegalRef.parse("AVIG Art. 8"), Labels.same("r"))
    return Determination(kind, "x", outcome, (reason,), ON)


def test_text_with_plan_and_outcomes(case: Case) -> None:
    dets = (
        _determination(K.ALV_FUND, Outcome.ELIGIBLE),
        _determination(K.IV_OFFICE, Outcome.NEEDS_CLARIFICATION),
    )
    v = make_vignette(case, _network(261), determinations=dets, plan=_plan(case))
    assert v.iiz_case is True and v.lead is K.IV_OFFICE
    assert v.institutions == (K.IV_OFFICE, K.ALV_FUND)
    de = v.text.get("de")
    assert "Beteiligte Stellen: IV-Stelle, Arbeitslosenkasse." in de
    assert "Als IIZ-Fall erkannt; Fallführung: IV-Stelle." in de
    assert "Runder Tisch mit der Person in den nächsten Wochen." in de
    assert "Meldung zur Früherfassung an die IV." in de
    assert de.endswith("Ergebnis: Arbeitslosenkasse: Anspruch; IV-Stelle: abzuklären.")
    assert "Round table with the person in the coming weeks." in v.text.get("en")
    assert "Outcome: Unemployment fund: eligible;" in v.text.get("en")


@pytest.mark.parametrize(
    ("bfs", "coarse_de", "precise_de"),
    [(35, "im Erwerbsalter", "35–44 Jahre"), (44, "im Erwerbsalter", "35–44 Jahre")],
)
def test_guard_replaces_numbers_equal_to_the_municipality(
    case: Case, bfs: int, coarse_de: str, precise_de: str
) -> None:
    """A number that happens to equal the BFS number (here a bound of the age band) is
    told in words instead; durations are words already."""
    moved = _with_bfs(case, bfs)
    v = make_vignette(moved, _network(bfs), plan=_plan(moved))
    assert coarse_de in v.text.get("de") and precise_de not in v.text.get("de")
    for text in (v.text.get("de"), v.text.get("fr"), v.text.get("it"), v.text.get("en"), dumps(v)):
        assert not number_in(bfs, text)


def test_vignette_json_round_trip(case: Case) -> None:
    v = make_vignette(case, _network(261), plan=_plan(case))
    assert structure(unstructure(v), Vignette) == v
    with pytest.raises(InputError) as info:
        structure(dict(unstructure(v), quasi={"age_band": "44"}), Vignette)
    assert info.value.path.startswith("quasi")


# --- the property: no identifier anywhere --------------------------------------------------


def _corruptions(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Bad versions of a case document that touch the identifying fields."""
    person = data["person"]
    born = date.fromisoformat(person["birth_date"])
    out = []
    for field, value in (
        ("birth_date", born.strftime("%d.%m.%Y")),
        ("birth_date", 17),
        ("name", 12345),
        ("id", None),
        ("ahv_number", (person.get("ahv_number") or "756.1234.5678.97")[:-1] + "0"),
        ("ahv_number", 7561234567897),
    ):
        out.append(dict(data, person=dict(person, **{field: value})))
    residence = person["residence"]
    for value in (str(residence["bfs_municipality"]), residence["bfs_municipality"] * 10_000, -1):
        bad = dict(residence, bfs_municipality=value)
        out.append(dict(data, person=dict(person, residence=bad)))
    out.append(dict(data, as_of=(born - timedelta(days=1)).isoformat()))
    out.append(dict(data, person=dict(person, surprise=person["birth_date"])))
    return out


def _error_messages(case: Case) -> list[str]:
    messages = []
    for bad in _corruptions(unstructure(case)):
        try:
            structure(bad, Case)
        except InputError as exc:
            messages.append(str(exc))
    return messages


def _trace_lines(assessment: Any) -> list[str]:
    return [
        " | ".join([step.rule, *(f"{k}={v}" for k, v in step.inputs), step.result])
        for step in assessment.trace
    ]


_settings = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("code", ["ZH", "BL"])
@_settings
@given(data=st.data())
def test_no_identifier_leaks(code: str, data: st.DataObject) -> None:
    """For any generated case: no name, AHV number (dotted, plain, spaced), birth date (ISO,
    dd.mm.yyyy) or BFS number in the vignette (every language and its JSON), in any error
    message about the case, or in the trace of its assessment."""
    from iizcore.assessment import assess
    from iizcore.hooks import load_canton

    canton = load_canton(code)
    case = data.draw(iz.cases_for(canton, identified=True))
    forms = identifier_forms(case)
    bfs = case.person.residence.bfs_municipality

    assessment = assess(case, canton, trace=True)
    v = vignette(case, assessment, canton.network)
    for text in (v.text.get("de"), v.text.get("fr"), v.text.get("it"), v.text.get("en"), dumps(v)):
        assert found(forms, text) == []
        assert not number_in(bfs, text)
    # No day count, percentage or gain: the only numbers in the text are the age band's.
    band_numbers = set(re.findall(r"[0-9]+", v.quasi.age_band.value))
    for lang in ("de", "fr", "it", "en"):
        assert set(re.findall(r"[0-9]+", v.text.get(lang))) <= band_numbers, v.text.get(lang)

    messages = _error_messages(case)
    assert messages
    for message in messages:
        assert found(forms, message) == []

    trace = _trace_lines(assessment)
    assert trace, "assess(trace=True) records the rules applied"
    for line in trace:
        assert found(forms, line) == []

    # The BFS number in messages and the trace: move the person to another municipality; a
    # number that moves with it has leaked, one that stays put is a coincidence (an age, a count).
    others = [m.bfs for m in canton.network.municipalities if m.bfs != bfs]
    assume(others)
    moved = _with_bfs(case, data.draw(st.sampled_from(others)))
    bfs2 = moved.person.residence.bfs_municipality
    for first, second in zip(messages, _error_messages(moved), strict=True):
        assert not tracks_number(first, bfs, second, bfs2), first
    trace2 = _trace_lines(assess(moved, canton, trace=True))
    for first, second in zip(trace, trace2, strict=False):
        assert not tracks_number(first, bfs, second, bfs2), first
