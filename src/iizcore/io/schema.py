"""JSON Schema (draft 2020-12) for the model types, generated from the attrs classes.

The schema matches what :func:`iizcore.io.structure` accepts: dates as
``YYYY-MM-DD`` strings, money as decimal strings or integers, legal
references as strings, no unknown keys. It carries no examples of personal
identifiers.
"""

from __future__ import annotations

import enum
import types
import typing
from datetime import date
from decimal import Decimal
from typing import Any, Final, Union

import attrs

from iizcore.model.ahv import AHVNumber
from iizcore.model.labels import Labels
from iizcore.model.money import Money
from iizcore.model.reference import LegalRef

__all__ = ["json_schema"]

_DECIMAL: Final = {
    "anyOf": [
        {"type": "string", "pattern": r"^-?[0-9']+(\.[0-9]+)?$"},
        {"type": "integer"},
    ]
}


def json_schema(cls: type[Any]) -> dict[str, Any]:
    """The JSON Schema of model class ``cls`` (e.g. :class:`~iizcore.model.Case`)."""
    defs: dict[str, Any] = {}
    root = _schema_for(cls, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": cls.__name__,
        **root,
        "$defs": defs,
    }


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        options = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = [_schema_for(a, defs) for a in options]
        nullable = len(options) < len(typing.get_args(tp))
        if nullable:
            inner.append({"type": "null"})
        return inner[0] if len(inner) == 1 else {"anyOf": inner}
    if origin in (tuple, list):
        args = typing.get_args(tp)
        return {"type": "array", "items": _schema_for(args[0], defs)}
    if origin is frozenset:
        return {
            "type": "array",
            "uniqueItems": True,
            "items": _schema_for(typing.get_args(tp)[0], defs),
        }
    if typing.get_origin(tp) is typing.Literal:
        return {"enum": list(typing.get_args(tp))}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is date:
        return {"type": "string", "format": "date"}
    if tp in (Decimal, Money):
        return dict(_DECIMAL, description='CHF amount as a decimal string, e.g. "1234.50"')
    if tp is LegalRef:
        return {
            "type": "string",
            "description": 'legal reference, e.g. "AVIG Art. 27 Abs. 2 lit. c"',
        }
    if tp is AHVNumber:
        return {
            "type": "string",
            "pattern": r"^756[.]?[0-9]{4}[.]?[0-9]{4}[.]?[0-9]{2}$",
            "description": "AHV number (AHVN13) with a valid check digit; personal data",
            "writeOnly": True,
        }
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _attrs_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _attrs_schema(cls: type[Any], defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    props: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        name = field.alias or field.name
        props[name] = _schema_for(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(name)
    schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        schema["required"] = required
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        schema["description"] = " ".join(doc.split())
    if cls is Labels:
        schema["description"] = "a text in de (required), fr, it, en"
    return schema
