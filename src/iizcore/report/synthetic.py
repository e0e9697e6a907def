"""A synthetic example caseload: a year of IIZ-relevant cases for a canton, drawn with the public strategies.

The bundled files ``iizcore/examples/caseload_bl.jsonl`` (3,000 cases) and
``caseload_zh.jsonl`` (8,000 cases) were produced by :func:`generate_caseload`
with the sizes and seeds of :data:`BUNDLED`; regenerate one with

    python -m iizcore.report.synthetic --canton BL --out src/iizcore/examples/caseload_bl.jsonl

**How.** The cases are drawn from the public hypothesis strategy
:func:`iizcore.testing.strategies.cases_for` (the canton's own municipality
register), run by a hypothesis ``@given`` collector with ``@seed`` (an explicit
seed overrides ``derandomize``), ``derandomize=True``, no example database and
only the generate phase. Each example first draws a situation (a *profile*)
with ``st.integers(0, 99)`` mapped to the weights below, then ``flatmap``\\ s into
``cases_for`` with that profile's knobs. Then the ids are renumbered
(``synthetic-<cc>-00001``, the person ``synthetic-<cc>-00001-p``), and no case
carries a name or an AHV number (``identified=False``). The as-of dates lie in
one calendar year (default 2024).

Hypothesis mutates each example it generates into a few near copies (the same
birth date and as-of date with another detail); a real caseload has no such
clusters, so the collector rejects (``assume``) every example whose pair
(birth date, as-of date), or whose person apart from the id, it has already kept. Only the kept examples count
towards ``max_examples``, so the caseload has exactly the requested size.
Hypothesis also mixes in integer constants found in the source of imported
local modules; the collector switches that off while it runs, so the output
depends on the seed and the hypothesis version only, not on which modules or
which edits of them are loaded. **The output is byte-identical only with the
same hypothesis version** (recorded in ``iizcore/examples/CASELOADS.md``).

**Profiles: synthetic assumptions.** The weights are *illustrative*: they follow
the situations the interpellation names (seed 000) and the triage criteria of
the coordination module, not a statistic.

=========================  ======  ============================================================
profile                    weight  knobs of ``cases_for``
=========================  ======  ============================================================
``unemployed_health``      30 %    unemployed, with a health problem, aged 25-64
``unemployed_single``      25 %    unemployed, no health problem, aged 25-64
``health_not_unemployed``  20 %    employed or not in the labour force, health problem, 25-64
``young_adult``            15 %    aged 16-25, unemployment and health as the strategy draws
``asylum_integration``     10 %    recognised refugee (B, F) or provisionally admitted (F), 18-55
=========================  ======  ============================================================

The first four profiles draw the residence status from :data:`GENERAL_STATUS`
(Swiss 6 : settled C 3 : resident B 2, illustrative). Everything else (household,
education, the health impairment's kind, contribution periods, insured earnings,
income, assets, spell history, claims, consents) follows the strategies'
own distributions (see :mod:`iizcore.testing.strategies`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from iizcore.io import structure, unstructure
from iizcore.model import Case, ResidenceStatus

if TYPE_CHECKING:
    from iizcore.hooks import Canton

__all__ = [
    "BUNDLED",
    "GENERAL_STATUS",
    "PROFILES",
    "SYNTHETIC_PREFIX",
    "compact",
    "generate_caseload",
    "main",
    "renumber",
    "write_jsonl",
]

#: Every synthetic case id starts with this prefix.
SYNTHETIC_PREFIX: Final = "synthetic-"

S = ResidenceStatus

#: Residence status of the non-asylum profiles, as a weighted pool (illustrative).
GENERAL_STATUS: Final = (S.SWISS,) * 6 + (S.SETTLED_C,) * 3 + (S.RESIDENT_B,) * 2

#: Situations of the caseload: name, weight in percent (illustrative), knobs of ``cases_for``.
PROFILES: Final[tuple[tuple[str, int, Mapping[str, Any]], ...]] = (
    (
        "unemployed_health",
        30,
        {"unemployed": True, "health_problem": True, "min_age": 25, "max_age": 64},
    ),
    (
        "unemployed_single",
        25,
        {"unemployed": True, "health_problem": False, "min_age": 25, "max_age": 64},
    ),
    (
        "health_not_unemployed",
        20,
        {"unemployed": False, "health_problem": True, "min_age": 25, "max_age": 64},
    ),
    ("young_adult", 15, {"min_age": 16, "max_age": 25}),
    (
        "asylum_integration",
        10,
        {
            "status": (S.REFUGEE_B, S.REFUGEE_F, S.PROVISIONALLY_ADMITTED_F),
            "min_age": 18,
            "max_age": 55,
        },
    ),
)

#: The bundled caseloads: canton → (number of cases, seed), sized like a year of
#: IIZ-relevant cases.
BUNDLED: Final = {"BL": (3000, 2018778), "ZH": (8000, 2018779)}


def _profile_of(percent: int) -> tuple[str, Mapping[str, Any]]:
    """The profile whose cumulative weight band holds ``percent`` (0-99)."""
    upper = 0
    for name, weight, knobs in PROFILES:
        upper += weight
        if percent < upper:
            return name, knobs
    raise ValueError(f"the profile weights sum to {upper}, not 100")


def renumber(case: Case, canton: str, n: int) -> Case:
    """``case`` with the synthetic ids ``synthetic-<cc>-<n>`` (5 digits) and ``...-p`` for the person."""
    ident = f"{SYNTHETIC_PREFIX}{canton.lower()}-{n:05d}"
    return attrs.evolve(case, id=ident, person=attrs.evolve(case.person, id=f"{ident}-p"))


@contextmanager
def _without_local_constants() -> Iterator[None]:
    # Hypothesis (6.13x on) draws, with a small probability, integer constants
    # found in the source of *local* imported modules - here iizcore itself and,
    # under pytest, the tests. That would make the caseload depend on the
    # modules loaded and on every edit of them. The hook is internal: if a
    # hypothesis version lacks it there is nothing to switch off.
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # pragma: no cover - depends on the hypothesis version
        yield
        return
    original = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if original is None or cache is None:  # pragma: no cover - ditto
        yield
        return
    setattr(providers, "_get_local_constants", Constants)  # noqa: B010 - an empty pool
    cache.cache.clear()
    try:
        yield
    finally:
        setattr(providers, "_get_local_constants", original)  # noqa: B010
        cache.cache.clear()


def generate_caseload(canton: Canton, *, count: int, seed: int, year: int = 2024) -> list[Case]:
    """``count`` synthetic cases of ``canton`` with as-of dates in ``year``, renumbered in order.

    Deterministic for the same arguments and hypothesis version (see the module doc).
    """
    from hypothesis import HealthCheck, Phase, Verbosity, assume, given, settings
    from hypothesis import seed as seed_of
    from hypothesis import strategies as st

    from iizcore.testing.strategies import cases_for

    if count < 0:
        raise ValueError("count must not be negative")
    if count == 0:
        return []
    as_of = (date(year, 1, 1), date(year, 12, 31))

    # One strategy per profile, built once: flatmap then picks among them by
    # the drawn percentage (building a strategy per draw costs its validation).
    by_profile = {
        name: cases_for(
            canton, as_of=as_of, identified=False, **{"status": GENERAL_STATUS, **knobs}
        )
        for name, _, knobs in PROFILES
    }
    # Percent, not per mille: hypothesis draws bounded integers uniformly only within
    # +-256; a wider range (0-999) would favour the first profiles.
    strategy = st.integers(0, 99).flatmap(lambda percent: by_profile[_profile_of(percent)[0]])
    kept: list[Case] = []
    seen: set[object] = set()

    @seed_of(seed)
    @settings(
        derandomize=True,
        database=None,
        phases=[Phase.generate],
        max_examples=count,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
    )
    @given(strategy)
    def collect(case: Case) -> None:
        pair = (case.person.birth_date, case.as_of)
        person = attrs.evolve(case.person, id="")
        assume(pair not in seen and person not in seen)
        seen.update((pair, person))
        kept.append(renumber(case, canton.code, len(kept) + 1))

    with _without_local_constants():
        collect()
    if len(kept) != count:
        raise RuntimeError(f"hypothesis generated {len(kept)} distinct cases, not {count}")
    return kept


def compact(obj: Any, data: Any) -> Any:
    """The JSON ``data`` of attrs object ``obj`` without fields that hold their default value.

    Reading it back with :func:`iizcore.io.structure` fills the defaults in
    again; :func:`write_jsonl` checks that it does.
    """
    if attrs.has(type(obj)) and isinstance(data, dict):
        out = {}
        for f in attrs.fields(type(obj)):
            if f.name not in data:
                continue
            value = getattr(obj, f.name)
            default = f.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if default is not attrs.NOTHING and value == default:
                continue
            out[f.name] = compact(value, data[f.name])
        return out
    if isinstance(data, list) and isinstance(obj, tuple | list | frozenset):
        return [compact(o, d) for o, d in zip(obj, data, strict=True)]
    return data


def write_jsonl(cases: Iterable[Case], path: Path) -> int:
    """Write ``cases`` as compact JSON lines to ``path``; checks each line reads back equal."""
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        for case in cases:
            data = compact(case, unstructure(case))
            if structure(data, Case) != case:
                raise ValueError(f"case {case.id} does not round-trip")
            fh.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n")
            n += 1
    return n


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m iizcore.report.synthetic --canton BL --out FILE``: write a synthetic caseload.

    ``--count`` and ``--seed`` default to the bundled caseload's (:data:`BUNDLED`),
    so that the bundled files can be regenerated byte for byte (same hypothesis version).
    """
    import hypothesis

    from iizcore.hooks import load_canton

    parser = argparse.ArgumentParser(
        prog="python -m iizcore.report.synthetic",
        description="Write a synthetic caseload drawn with iizcore's hypothesis strategies "
        "(one JSON case per line).",
    )
    parser.add_argument("--canton", required=True, help="canton code, e.g. BL")
    parser.add_argument("--out", required=True, type=Path, help="the JSONL file to write")
    parser.add_argument("--count", type=int, help="number of cases (default: as bundled)")
    parser.add_argument("--seed", type=int, help="hypothesis seed (default: as bundled)")
    parser.add_argument("--year", type=int, default=2024, help="year of the as-of dates")
    args = parser.parse_args(argv)
    code = args.canton.upper()
    count, seed = BUNDLED.get(code, (None, None))
    count = args.count if args.count is not None else count
    seed = args.seed if args.seed is not None else seed
    if count is None or seed is None:
        parser.error(f"no bundled caseload for {code}: give --count and --seed")
    if count < 0:
        parser.error("--count must not be negative")
    cases = generate_caseload(load_canton(code), count=count, seed=seed, year=args.year)
    n = write_jsonl(cases, args.out)
    print(
        f"{args.out}: {n} synthetic cases (seed {seed}, hypothesis {hypothesis.__version__})",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
