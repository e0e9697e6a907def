"""Federal financing in the asylum domain: Globalpauschale (AIG Art. 87, AsylG Art. 88) and VIntA Art. 15."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iizcore.errors import ParameterError
from iizcore.law import migration
from iizcore.law.determination import Determination, Outcome, RuleContext
from iizcore.law.parameters import federal_parameters
from iizcore.model import Case, InstitutionKind, Money, Person, Residence, ResidenceStatus, Sex

PARAMS = federal_parameters()


def _case(on: date, status: ResidenceStatus, entry: date | None) -> Case:
    person = Person(
        id="p-mig",
        birth_date=date(1990, 4, 1),
        sex=Sex.MALE,
        residence=Residence("BL", 2829, status, entry_date=entry),
    )
    return Case("c-mig", person, on)


def _run(on: date, status: ResidenceStatus, entry: date | None) -> list[Determination]:
    return migration.determinations(_case(on, status, entry), RuleContext(on, PARAMS), ())


def test_provisionally_admitted_seven_years_after_entry() -> None:
    """AIG Art. 87 Abs. 3 (droit-bilingue.ch): 'Die Pauschalen nach Absatz 1 Buchstaben a und b werden
    während längstens sieben Jahren nach der Einreise ausgerichtet.' Entry 1 March 2019 -> financed
    until 28 Feb 2026; from 1 March 2026 canton and municipality bear the costs."""
    (d,) = _run(date(2025, 6, 1), ResidenceStatus.PROVISIONALLY_ADMITTED_F, date(2019, 3, 1))
    assert d.institution is InstitutionKind.MIGRATION_INTEGRATION
    assert d.rule == "migration.federal_financing"
    assert d.outcome is Outcome.ELIGIBLE
    assert d.date("federal_financing_end") == date(2026, 2, 28)
    assert any(str(r) == "AIG Art. 87 Abs. 3" for r in d.refs)
    (after,) = _run(date(2026, 3, 1), ResidenceStatus.PROVISIONALLY_ADMITTED_F, date(2019, 3, 1))
    assert after.outcome is Outcome.NOT_ELIGIBLE


def test_provisionally_admitted_refugees_also_seven_years() -> None:
    """AIG Art. 87 Abs. 1 lit. b with Abs. 3; Kanton Aargau Handbuch Soziales 19.2: 'Kostenersatz für
    vorläufig aufgenommene Flüchtlinge (Ausweis F Flüchtling) während längstens sieben Jahren ab
    Einreise'."""
    (d,) = _run(date(2024, 1, 1), ResidenceStatus.REFUGEE_F, date(2018, 5, 15))
    assert d.date("federal_financing_end") == date(2025, 5, 14)
    assert d.quantity("federal_financing_years") == 7


def test_recognised_refugees_five_years() -> None:
    """Kanton Aargau Handbuch Soziales 19.2 and nachrichten.ch (SDA): Globalpauschale for refugees
    'während höchstens fünf Jahren' (AsylG Art. 88 Abs. 3 with AsylV 2 Art. 24 Abs. 1 lit. a; the
    parameter is flagged unverified)."""
    (d,) = _run(date(2024, 1, 1), ResidenceStatus.REFUGEE_B, date(2020, 2, 29))
    assert d.date("federal_financing_end") == date(2025, 2, 27)
    assert d.outcome is Outcome.ELIGIBLE
    assert "Asylgesuch" in " ".join(r.text.de for r in d.reasons)


def test_integration_lump_sum_18000_since_may_2019_and_indexed() -> None:
    """VIntA Art. 15 Abs. 1 (fedlex, version of 1.5.2019): 'eine einmalige Integrationspauschale von
    18 000 Franken'; Abs. 2: based on the CPI of 31.10.2018 and adjusted yearly by the SEM. Before:
    6000 (skos.ch 'von 6000 auf 18 000 Franken erhöht')."""
    (d,) = _run(date(2020, 1, 1), ResidenceStatus.REFUGEE_B, date(2019, 6, 1))
    assert d.amount("integration_lump_sum") == Money(18000)
    assert any(str(r) == "VIntA Art. 15 Abs. 2" for r in d.refs)
    (old,) = _run(date(2018, 6, 1), ResidenceStatus.PROVISIONALLY_ADMITTED_F, date(2017, 6, 1))
    assert old.amount("integration_lump_sum") == Money(6000)
    assert all(str(r) != "VIntA Art. 15 Abs. 2" for r in old.refs)


def test_asylum_seekers_without_end_and_without_integration_lump_sum() -> None:
    """AsylG Art. 88 Abs. 1: lump sum for asylum seekers during the procedure; VIntA Art. 15 Abs. 1
    lists only provisionally admitted persons, recognised refugees and protected persons with a
    residence permit."""
    (d,) = _run(date(2024, 1, 1), ResidenceStatus.ASYLUM_SEEKER_N, date(2023, 10, 1))
    assert d.outcome is Outcome.ELIGIBLE
    assert d.date("federal_financing_end") is None
    assert d.amount("integration_lump_sum") is None


@pytest.mark.parametrize(
    "status",
    [
        ResidenceStatus.SWISS,
        ResidenceStatus.SETTLED_C,
        ResidenceStatus.RESIDENT_B,
        ResidenceStatus.SHORT_TERM_L,
    ],
)
def test_persons_outside_the_asylum_domain_get_no_determination(status: ResidenceStatus) -> None:
    assert _run(date(2024, 1, 1), status, None) == []


@given(
    entry=st.dates(date(2008, 1, 1), date(2025, 12, 31)),
    offset=st.integers(0, 4000),
    status=st.sampled_from(
        [
            ResidenceStatus.PROVISIONALLY_ADMITTED_F,
            ResidenceStatus.REFUGEE_F,
            ResidenceStatus.REFUGEE_B,
        ]
    ),
)
def test_financing_ends_before_the_anniversary_and_decides_by_date(
    entry: date, offset: int, status: ResidenceStatus
) -> None:
    on = entry + timedelta(days=offset)
    first = _run(on, status, entry)
    assert first == _run(on, status, entry)
    (d,) = first
    end = d.date("federal_financing_end")
    years = d.quantity("federal_financing_years")
    assert end is not None and years is not None
    anniversary = end + timedelta(days=1)
    assert anniversary.year - entry.year == int(years)
    assert (d.outcome is Outcome.ELIGIBLE) == (on <= end)
    assert len(d.refs) >= 1


def test_a_date_before_the_first_parameter_raises() -> None:
    with pytest.raises(ParameterError):
        _run(date(2007, 12, 31), ResidenceStatus.PROVISIONALLY_ADMITTED_F, date(2007, 1, 1))


def test_the_integration_lump_sum_follows_the_decision_not_the_assessment_date() -> None:
    """VIntA Art. 15 Abs. 4 (payment per decision) and Art. 29a Abs. 1 (droit-bilingue.ch: 18 000
    'für die nach dem 1. Mai 2019 ergangenen Entscheide'): a provisionally admitted person who
    entered on 1 March 2015 shows the same one-off amount whenever assessed (review A3: it used to
    jump from 6000 to 18000 between 2019 and 2020). Entry stands in for the decision date."""
    status = ResidenceStatus.PROVISIONALLY_ADMITTED_F
    (in_2019,) = _run(date(2019, 3, 1), status, date(2015, 3, 1))
    (in_2020,) = _run(date(2020, 3, 1), status, date(2015, 3, 1))
    assert in_2019.amount("integration_lump_sum") == Money(6000)
    assert in_2020.amount("integration_lump_sum") == Money(6000)
    assert all(str(r) != "VIntA Art. 15 Abs. 2" for r in in_2020.refs)
    lump = next(r for r in in_2020.reasons if r.code == "migration.integration_lump_sum")
    assert "Einreisedatum" in lump.text.de


def test_a_decision_before_the_first_lump_sum_row_does_not_crash() -> None:
    (d,) = _run(date(2010, 1, 1), ResidenceStatus.PROVISIONALLY_ADMITTED_F, date(2007, 6, 1))
    assert d.amount("integration_lump_sum") is None
    assert d.outcome is Outcome.ELIGIBLE


@pytest.mark.parametrize(
    "status",
    [
        ResidenceStatus.PROVISIONALLY_ADMITTED_F,
        ResidenceStatus.REFUGEE_B,
        ResidenceStatus.REFUGEE_F,
        ResidenceStatus.ASYLUM_SEEKER_N,
    ],
)
def test_every_reason_has_french_and_italian_text(status: ResidenceStatus) -> None:
    for on in (date(2020, 1, 1), date(2031, 1, 1)):
        (d,) = _run(on, status, date(2019, 6, 1))
        for r in d.reasons:
            assert r.text.fr and r.text.it and r.text.en, r.code
            assert r.text.fr != r.text.de and r.text.it != r.text.de, r.code
