"""JSON in and out: round trips, field-path errors, no identifiers in errors or schema."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iizcore import InputError, json_schema, loads, structure, unstructure
from iizcore.model import Case, EmploymentStatus, Network
from tests.conftest import VALID_AHV


def test_case_round_trip(case_data: dict[str, Any]) -> None:
    case = structure(case_data, Case)
    assert case.person.employment.status is EmploymentStatus.UNEMPLOYED
    assert structure(unstructure(case), Case) == case
    assert loads(json.dumps(unstructure(case)), Case) == case


@pytest.mark.parametrize(
    ("patch", "path", "reason"),
    [
        ({"as_of": "31.02.2025"}, "as_of", "not a date"),
        ({"person": {"birth_date": "31.02.1990"}}, "person.birth_date", "not a date"),
        ({"person": {"sex": "x"}}, "person.sex", "not one of: female, male"),
        (
            {"person": {"residence": {"canton": "Zurich", "bfs_municipality": 261}}},
            "person.residence.canton",
            "two-letter",
        ),
        ({"person": {"monthly_income": 12.5}}, "person.monthly_income", "float"),
        ({"person": {"unexpected": 1}}, "person", "unknown field(s): unexpected"),
        (
            {"history": [{"institution": "alv", "benefit": "cash", "start": "2024-01-01"}]},
            "history[0].institution",
            "not one of",
        ),
        (
            {
                "history": [
                    {
                        "institution": "alv_fund",
                        "benefit": "cash",
                        "start": "2024-01-01",
                        "end": "2023-01-01",
                    }
                ]
            },
            "history[0].end",
            "before start",
        ),
    ],
)
def test_errors_name_the_field_path(
    case_data: dict[str, Any], patch: dict[str, Any], path: str, reason: str
) -> None:
    data = _merge(case_data, patch)
    with pytest.raises(InputError) as info:
        structure(data, Case)
    assert info.value.path == path
    assert reason in info.value.reason


def test_missing_field_is_named(case_data: dict[str, Any]) -> None:
    del case_data["person"]["sex"]
    with pytest.raises(InputError) as info:
        structure(case_data, Case)
    assert info.value.path == "person.sex"
    assert "missing" in info.value.reason


def test_personal_values_are_never_echoed(case_data: dict[str, Any]) -> None:
    case_data["person"]["birth_date"] = "1980-13-45"
    case_data["person"]["ahv_number"] = "756.1234.5678.90"
    with pytest.raises(InputError) as info:
        structure(case_data, Case)
    message = str(info.value)
    assert "1980-13-45" not in message
    assert "1234" not in message and "5678" not in message


def test_invalid_ahv_number_error_has_path_but_not_number(case_data: dict[str, Any]) -> None:
    case_data["person"]["ahv_number"] = "756.9999.9999.99"
    with pytest.raises(InputError) as info:
        structure(case_data, Case)
    assert info.value.path == "person.ahv_number"
    assert "9999" not in str(info.value)


def test_malformed_json_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not valid JSON"):
        loads('{"id": ', Case)
    with pytest.raises(InputError, match="not valid JSON"):
        loads(b"\xff\xfe", Case)


def test_non_object_documents_are_input_errors() -> None:
    for doc in ("[]", "42", '"case"', "null"):
        with pytest.raises(InputError):
            loads(doc, Case)


def test_json_schema_covers_the_model_and_shows_no_identifier() -> None:
    schema = json_schema(Case)
    defs = schema["$defs"]
    assert {"Case", "Person", "Residence", "Spell", "Consent"} <= set(defs)
    person = defs["Person"]
    assert person["additionalProperties"] is False
    assert {"id", "birth_date", "sex", "residence"} <= set(person["required"])
    assert person["properties"]["birth_date"] == {"type": "string", "format": "date"}
    text = json.dumps(schema)
    assert VALID_AHV not in text and "examples" not in text
    assert "Network" in json_schema(Network)["$defs"]


def _merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out
