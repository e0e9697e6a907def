"""The one entity of the benchmark system: a person (the rule subset needs no group entity)."""

from openfisca_core.entities import build_entity

Person = build_entity(
    key="person",
    plural="persons",
    label="A person of an IIZ case",
    is_person=True,
)

entities = [Person]
