"""Input and output: the cattrs converter, JSON and JSONL, JSON Schema, error translation."""

from iizcore.io.convert import PERSONAL_FIELDS, converter, dumps, loads, structure, unstructure
from iizcore.io.schema import json_schema

__all__ = [
    "PERSONAL_FIELDS",
    "converter",
    "dumps",
    "json_schema",
    "loads",
    "structure",
    "unstructure",
]
