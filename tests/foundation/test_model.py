"""The domain model: validation at the edge, Money, LegalRef, Network lookups."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iizcore.model import (
    AHVNumber,
    Case,
    Consent,
    Health,
    Household,
    HouseholdMember,
    Institution,
    InstitutionKind,
    Labels,
    LegalRef,
    MemberRole,
    Money,
    Municipality,
    Network,
    Person,
    Residence,
    ResidenceStatus,
    Sex,
    round_to_5_rappen,
)
from iizcore.model._validate import FieldError
from tests.conftest import VALID_AHV


def test_money_rounds_to_5_rappen_half_up() -> None:
    assert round_to_5_rappen(Decimal("10.025")) == Decimal("10.05")
    assert round_to_5_rappen(Decimal("10.024")) == Decimal("10.00")
    assert round_to_5_rappen(Decimal("-10.025")) == Decimal("-10.05")
    assert Money.chf("1234.567").rounded() == Money.chf("1234.55")


def test_money_refuses_float_and_nan() -> None:
    with pytest.raises(ValueError, match="float"):
        Money(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        Money(Decimal("NaN"))


def test_money_arithmetic_is_exact_and_formats_swiss() -> None:
    total = Money.chf("0.10") + Money.chf("0.20")
    assert total == Money.chf("0.30")
    assert str(Money.chf("12345.5")) == "CHF 12'345.50"
    assert str(-Money.chf("5")) == "CHF -5.00"
    assert Money.chf(10) * 3 / 4 == Money.chf("7.5")


def _swiss_text(amount: Decimal) -> str:
    # The format spelled out step by step (the implementation uses Decimal's own grouping).
    q = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, cents = f"{abs(q):.2f}".partition(".")
    return f"CHF {sign}{int(whole):,}.{cents}".replace(",", "'")


@given(
    st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False, places=None)
)
def test_money_text_rounds_half_up_and_groups_thousands(amount: Decimal) -> None:
    assert str(Money(amount)) == _swiss_text(amount)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("0.005", "CHF 0.01"),
        ("0.125", "CHF 0.13"),
        ("-0.004", "CHF 0.00"),
        ("-0.005", "CHF -0.01"),
        ("999999.995", "CHF 1'000'000.00"),
        ("1E+3", "CHF 1'000.00"),
    ],
)
def test_money_text_edges(amount: str, text: str) -> None:
    assert str(Money(Decimal(amount))) == text


@pytest.mark.parametrize(
    "text",
    [
        "AVIG Art. 27 Abs. 2 lit. c",
        "ATSG Art. 70 Abs. 2 lit. b",
        "IVV Art. 85bis",
        "IVG Art. 3a",
        "SHG ZH § 2 Abs. 1",
        "SKOS C.3.1",
        "AsylV 2 Art. 24 Abs. 2",
    ],
)
def test_legal_ref_round_trips_through_text(text: str) -> None:
    assert str(LegalRef.parse(text)) == text


def test_legal_ref_rejects_free_text() -> None:
    with pytest.raises(ValueError, match="not a legal reference"):
        LegalRef.parse("the unemployment act somewhere")
    assert LegalRef.parse("AVIG Art. 27").sr == "SR 837.0"


def test_ahv_number_is_validated_and_masked() -> None:
    ahv = AHVNumber(VALID_AHV)
    assert ahv.reveal() == VALID_AHV
    assert "1234" not in repr(ahv) and "1234" not in str(ahv)
    with pytest.raises(ValueError) as info:
        AHVNumber("756.1234.5678.90")
    assert "1234" not in str(info.value)


def test_person_repr_hides_identifiers() -> None:
    person = Person(
        id="p",
        birth_date=date(1980, 5, 17),
        sex=Sex.FEMALE,
        residence=Residence("ZH", 261),
        ahv_number=AHVNumber(VALID_AHV),
        name="Erika Muster",
    )
    text = repr(person)
    assert "Erika" not in text and "1980" not in text and "1234" not in text


def test_residence_requires_entry_date_for_asylum_domain() -> None:
    with pytest.raises(FieldError) as info:
        Residence("BL", 2829, ResidenceStatus.PROVISIONALLY_ADMITTED_F)
    assert info.value.field == "entry_date"
    assert Residence("BL", 2829, ResidenceStatus.REFUGEE_B, date(2022, 1, 1)).status.is_refugee


def test_health_requires_start_of_incapacity() -> None:
    with pytest.raises(FieldError, match="incapacity_since"):
        Health(incapacity_percent=50)
    assert Health(incapacity_percent=50, incapacity_since=date(2025, 1, 1)).has_health_problem


def test_maintenance_duty_follows_children_under_25() -> None:
    person = Person(
        id="p",
        birth_date=date(1970, 1, 1),
        sex=Sex.MALE,
        residence=Residence("ZH", 261),
        household=Household((HouseholdMember(MemberRole.CHILD, date(2000, 6, 1)),)),
    )
    assert person.has_maintenance_duty_for_children(date(2025, 5, 31))
    assert not person.has_maintenance_duty_for_children(date(2025, 6, 1))
    assert person.age_on(date(2025, 1, 1)) == 55
    assert person.age_on(date(2024, 12, 31)) == 54


def test_case_rejects_as_of_before_birth() -> None:
    person = Person(
        id="p", birth_date=date(2000, 1, 1), sex=Sex.MALE, residence=Residence("ZH", 261)
    )
    with pytest.raises(FieldError, match="as_of"):
        Case(id="c", person=person, as_of=date(1999, 1, 1))


def test_consent_covers_only_named_kinds_and_period() -> None:
    consent = Consent((InstitutionKind.IV_OFFICE,), since=date(2025, 1, 1), until=date(2025, 6, 30))
    assert consent.covers(InstitutionKind.IV_OFFICE, date(2025, 3, 1))
    assert not consent.covers(InstitutionKind.RAV, date(2025, 3, 1))
    assert not consent.covers(InstitutionKind.IV_OFFICE, date(2025, 7, 1))


def _network() -> Network:
    def sh(ident: str, bfs: set[int]) -> Institution:
        return Institution(
            ident, InstitutionKind.SOCIAL_ASSISTANCE, Labels.same(ident), "ZH", frozenset(bfs)
        )

    return Network(
        canton="ZH",
        institutions=(
            Institution("ksa", InstitutionKind.SOCIAL_ASSISTANCE, Labels.same("KSA"), "ZH"),
            sh("zh.sh.261", {261}),
            sh("zh.sh.region", {1, 2, 3}),
        ),
        municipalities=(Municipality(261, "Zürich", "Zürich"), Municipality(2, "B", "Affoltern")),
    )


def test_network_finds_the_municipal_service_before_the_cantonal_one() -> None:
    net = _network()
    assert net.institution_for(InstitutionKind.SOCIAL_ASSISTANCE, 261).id == "zh.sh.261"  # type: ignore[union-attr]
    assert net.institution_for(InstitutionKind.SOCIAL_ASSISTANCE, 2).id == "zh.sh.region"  # type: ignore[union-attr]
    assert net.institution_for(InstitutionKind.SOCIAL_ASSISTANCE, 999).id == "ksa"  # type: ignore[union-attr]
    assert net.institution_for(InstitutionKind.IV_OFFICE) is None
    assert net.municipality(2).district == "Affoltern"  # type: ignore[union-attr]


def test_network_rejects_duplicate_ids_and_unknown_office() -> None:
    inst = Institution("a", InstitutionKind.RAV, Labels.same("a"), "ZH")
    with pytest.raises(ValueError, match="duplicate"):
        Network("ZH", (inst, inst))
    with pytest.raises(ValueError, match="coordination office"):
        Network("ZH", (inst,), coordination_office="nope")


def test_every_institution_kind_has_four_labels() -> None:
    for kind in InstitutionKind:
        labels = kind.labels
        assert all(labels.get(lang) for lang in ("de", "fr", "it", "en"))
    assert (
        InstitutionKind.ALV_FUND.is_insurance and not InstitutionKind.SOCIAL_ASSISTANCE.is_insurance
    )
