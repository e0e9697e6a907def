"""``fragment_converter``: shared immutable objects encoded once, the same bytes as ever."""

from __future__ import annotations

from datetime import date

import orjson

from iizcore.costs.allocate import ItemAllocation, Share
from iizcore.costs.items import Party
from iizcore.io.convert import _contained_first, fragment_converter, unstructure
from iizcore.law.determination import Determination as Det
from iizcore.law.determination import Outcome, Reason
from iizcore.model.institution import InstitutionKind
from iizcore.model.labels import Labels
from iizcore.model.reference import LegalRef

REF = LegalRef.parse("AVIG Art. 8 Abs. 1")


def _reason(code: str, met: bool | None = True) -> Reason:
    return Reason(code, REF, Labels(de=f"Grund {code}", fr="motif", en='with "quotes" é'), met)


def _determination(reasons: tuple[Reason, ...]) -> Det:
    return Det(InstitutionKind.ALV_FUND, "alv.test", Outcome.ELIGIBLE, reasons, date(2025, 3, 1))


def test_shared_objects_are_fragments_with_the_same_bytes() -> None:
    shared = _reason("a")
    values = [_determination((shared, _reason(f"r{i}"), shared)) for i in range(20)]
    encode = fragment_converter([Reason]).unstructure
    for value in values:
        data = encode(value)
        assert all(isinstance(r, orjson.Fragment) for r in data["reasons"])
        assert orjson.dumps(data) == orjson.dumps(unstructure(value))
    # The object itself is a fragment too; plain unstructure is untouched.
    assert isinstance(encode(shared), orjson.Fragment)
    assert unstructure(shared) == orjson.loads(orjson.dumps(encode(shared)))


def test_a_cache_past_its_bound_gives_the_same_bytes() -> None:
    reasons = [_reason(f"r{i}", met=i % 2 == 0) for i in range(50)]
    values = [_determination(tuple(reasons[i : i + 5])) for i in range(45)]
    encode = fragment_converter([Reason, tuple[Reason, ...]], max_entries=3).unstructure
    for _ in range(2):
        for value in values:
            assert orjson.dumps(encode(value)) == orjson.dumps(unstructure(value))


def test_the_order_of_the_cached_types_does_not_matter() -> None:
    # The holder's hook is made after the hooks of the types it holds, whatever the order.
    assert _contained_first([ItemAllocation, Party, Share]) == [Party, Share, ItemAllocation]
    assert _contained_first([Det, tuple[Reason, ...], Reason]) == [
        Reason,
        tuple[Reason, ...],
        Det,
    ]
    for cached in ([Det, Reason], [Reason, Det]):
        shared = _reason("a")
        value = _determination((shared, shared))
        encode = fragment_converter(cached).unstructure
        assert orjson.dumps(encode(value)) == orjson.dumps(unstructure(value))
        # Made stale on purpose (frozen classes never change): a new Determination holding
        # the same Reason shows the Reason's cached encoding, so the Determination's hook
        # uses the Reason's cached hook although Determination was listed first.
        object.__setattr__(shared, "code", "changed")
        data = orjson.loads(orjson.dumps(encode(_determination((shared,)))))
        assert data["reasons"][0]["code"] == "a"
