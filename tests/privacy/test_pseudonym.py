"""Keyed pseudonyms: stable, keyed, linkable through the AHV number, key never kept."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from iizcore import InputError, dumps, structure
from iizcore.model import Case
from iizcore.privacy import MIN_KEY_BYTES, Pseudonymiser
from iizcore.testing import strategies as iz
from tests.conftest import VALID_AHV

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))


def test_short_key_is_refused() -> None:
    with pytest.raises(InputError) as info:
        Pseudonymiser(b"x" * (MIN_KEY_BYTES - 1))
    assert info.value.path == "key"
    assert "x" * 8 not in str(info.value)


def test_key_must_be_bytes_and_hex_is_read() -> None:
    with pytest.raises(InputError):
        Pseudonymiser("a" * 64)  # type: ignore[arg-type]
    with pytest.raises(InputError):
        Pseudonymiser.from_hex("zz" * 32)
    assert Pseudonymiser.from_hex(KEY.hex()).case_id("c") == Pseudonymiser(KEY).case_id("c")


def test_key_is_neither_shown_nor_pickled() -> None:
    p = Pseudonymiser(KEY)
    assert KEY.hex() not in repr(p)
    with pytest.raises(TypeError):
        pickle.dumps(p)


def test_pseudonymise_drops_identifiers_and_keeps_the_rest(case_data: dict[str, Any]) -> None:
    case = structure(case_data, Case)
    pseudo = Pseudonymiser(KEY).pseudonymise(case)
    assert pseudo.person.ahv_number is None and pseudo.person.name is None
    assert pseudo.id.startswith("c-") and pseudo.person.id.startswith("p-")
    assert pseudo.id != case.id and pseudo.person.id != case.person.id
    # What the rules need is kept.
    assert pseudo.person.birth_date == case.person.birth_date
    assert pseudo.history == case.history
    text = dumps(pseudo)
    for secret in ("Erika", "Muster", VALID_AHV, VALID_AHV.replace(".", ""), "case-1", 'p-1"'):
        assert secret not in text
    assert KEY.hex() not in text


def test_same_ahv_links_across_local_ids(case_data: dict[str, Any]) -> None:
    """Two institutions with different local ids for the same person get one pseudonym."""
    a = structure(case_data, Case)
    other = dict(case_data, id="other-case", person=dict(case_data["person"], id="local-77"))
    b = structure(other, Case)
    p = Pseudonymiser(KEY)
    assert p.person(a) == p.person(b)
    assert p.case_id(a.id) != p.case_id(b.id)


def test_without_ahv_the_person_id_is_used(case_data: dict[str, Any]) -> None:
    data = dict(
        case_data, person={k: v for k, v in case_data["person"].items() if k != "ahv_number"}
    )
    no_ahv = structure(data, Case)
    with_ahv = structure(case_data, Case)
    p = Pseudonymiser(KEY)
    # Separate HMAC domains: an id equal to the AHV digits does not collide with the AHV pseudonym.
    ahv_as_id = structure(
        dict(data, person=dict(data["person"], id=VALID_AHV.replace(".", ""))), Case
    )
    assert p.person(no_ahv) != p.person(with_ahv)
    assert p.person(ahv_as_id) != p.person(with_ahv)


@given(iz.cases(), st.binary(min_size=MIN_KEY_BYTES, max_size=64))
def test_pseudonyms_are_stable_and_keyed(case: Case, key: bytes) -> None:
    """Same key, same pseudonym (stable across runs); another key, another pseudonym."""
    one, again = Pseudonymiser(key), Pseudonymiser(bytes(key))
    assert one.pseudonymise(case) == again.pseudonymise(case)
    other = Pseudonymiser(bytes(b ^ 0xFF for b in key))
    assert one.person(case) != other.person(case)
    assert one.case_id(case.id) != other.case_id(case.id)
    pseudo = one.pseudonymise(case)
    assert pseudo.person.ahv_number is None and pseudo.person.name is None
    # Idempotent in shape: pseudonymising twice still gives a valid case.
    assert one.pseudonymise(pseudo).person.ahv_number is None
