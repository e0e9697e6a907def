"""A synthetic, seeded example caseload: a year of IIZ-relevant cases for a canton.

The bundled files ``iizcore/examples/caseload_bl.jsonl`` and
``caseload_zh.jsonl`` were produced with :func:`generate_caseload` and the
fixed sizes and seeds of :data:`BUNDLED`; regenerate one with

    python -m iizcore.report.synthetic --canton BL --out src/iizcore/examples/caseload_bl.jsonl

Every case is **synthetic**: its id
starts with ``"synthetic-"``, it carries no name and no AHV number, and the
municipalities are drawn from the canton's official register in the plugin
(:attr:`~iizcore.model.Network.municipalities`).

The mix follows the situations the interpellation names (seed 000) and the
triage criteria of the coordination module: unemployed persons with a health
problem (the ALV → SH → IV path), ausgesteuerte persons on social assistance
with a health problem, young adults without a vocational qualification,
refugees and provisionally admitted persons in the integration phase, and
unemployed persons with a single clear responsibility. The shares are
illustrative, not statistics.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Final

import attrs

from iizcore.io import structure, unstructure
from iizcore.model import (
    Benefit,
    Case,
    Claim,
    Consent,
    ContributionPeriod,
    Education,
    Employment,
    EmploymentStatus,
    EndReason,
    Health,
    HealthCause,
    Household,
    HouseholdMember,
    InstitutionKind,
    MemberRole,
    Money,
    Municipality,
    Person,
    Qualification,
    Residence,
    ResidenceStatus,
    Sex,
    Spell,
)

__all__ = [
    "BUNDLED",
    "PROFILES",
    "SYNTHETIC_PREFIX",
    "compact",
    "generate_caseload",
    "main",
    "write_jsonl",
]

#: Every synthetic case id starts with this prefix.
SYNTHETIC_PREFIX: Final = "synthetic-"

#: Situations and their share of the generated caseload (illustrative weights).
PROFILES: Final = (
    ("unemployed_health", 40),
    ("exhausted_sh_health", 15),
    ("young_no_qualification", 15),
    ("refugee_integration", 10),
    ("unemployed_single", 20),
)

#: The bundled caseloads: canton → (number of cases, seed), sized like a year of
#: IIZ-relevant cases.
BUNDLED: Final = {"BL": (3000, 2018778), "ZH": (8000, 2018779)}

K = InstitutionKind


def generate_caseload(
    canton: str,
    municipalities: Sequence[Municipality],
    *,
    count: int,
    seed: int,
    year: int = 2024,
) -> Iterator[Case]:
    """Yield ``count`` synthetic cases of ``canton`` with as-of dates in ``year``.

    Deterministic: the same arguments give the same cases (``random.Random(seed)``).
    """
    if not municipalities:
        raise ValueError("the canton's municipality register is empty")
    rng = random.Random(seed)
    names = [p for p, _ in PROFILES]
    weights = [w for _, w in PROFILES]
    bfs = sorted(m.bfs for m in municipalities)
    for n in range(count):
        profile = rng.choices(names, weights)[0]
        as_of = date(year, 1, 1) + timedelta(days=rng.randrange(365 if year % 4 else 366))
        ident = f"{SYNTHETIC_PREFIX}{canton.lower()}-{n + 1:05d}"
        yield _case(rng, profile, ident, canton, rng.choice(bfs), as_of)


def _case(rng: random.Random, profile: str, ident: str, canton: str, bfs: int, as_of: date) -> Case:
    if profile == "young_no_qualification":
        age = rng.randint(18, 24)
    elif profile == "refugee_integration":
        age = rng.randint(20, 50)
    else:
        age = rng.randint(25, 62)
    birth = as_of - timedelta(days=age * 365 + rng.randrange(1, 360))
    sex = rng.choice((Sex.FEMALE, Sex.MALE))
    status = ResidenceStatus.SWISS
    entry: date | None = None
    if profile == "refugee_integration":
        status = rng.choice(
            (
                ResidenceStatus.PROVISIONALLY_ADMITTED_F,
                ResidenceStatus.REFUGEE_B,
                ResidenceStatus.REFUGEE_F,
            )
        )
        entry = as_of - timedelta(days=rng.randint(200, 6 * 365))
    elif rng.random() < 0.3:
        status = rng.choice((ResidenceStatus.SETTLED_C, ResidenceStatus.RESIDENT_B))
    household = _household(rng, as_of, young=profile == "young_no_qualification")
    earnings = Money(rng.randrange(3200, 9400, 50))
    history: list[Spell] = []
    claims: list[Claim] = []
    health = Health()
    employment = Employment()
    qualification = rng.choice(
        (Qualification.EFZ, Qualification.EFZ, Qualification.EBA, Qualification.NONE)
    )
    consents: list[Consent] = []

    if profile in ("unemployed_health", "unemployed_single"):
        since = as_of - timedelta(days=rng.randint(20, 300))
        contribution_months = rng.choice((12, 15, 18, 20, 24))
        employment = _unemployed(since, contribution_months, earnings)
        drawn = max(0, int((as_of - since).days * 5 / 7))
        history.append(
            Spell(K.ALV_FUND, Benefit.CASH, since, daily_allowances_drawn=min(drawn, 250))
        )
        history.append(Spell(K.RAV, Benefit.COUNSELLING, since))
        if profile == "unemployed_health":
            health = _incapacity(rng, as_of)
            if rng.random() < 0.35:
                claims.append(Claim(K.IV_OFFICE, as_of - timedelta(days=rng.randint(0, 60))))
    elif profile == "exhausted_sh_health":
        alv_start = as_of - timedelta(days=rng.randint(600, 900))
        alv_end = alv_start + timedelta(days=rng.randint(380, 560))
        employment = Employment(
            status=EmploymentStatus.UNEMPLOYED,
            unemployed_since=alv_start,
            insured_monthly_earnings=earnings,
        )
        history.append(
            Spell(
                K.ALV_FUND,
                Benefit.CASH,
                alv_start,
                alv_end,
                EndReason.EXHAUSTED,
                daily_allowances_drawn=400,
            )
        )
        history.append(Spell(K.SOCIAL_ASSISTANCE, Benefit.CASH, alv_end + timedelta(days=30)))
        health = _incapacity(rng, as_of)
    elif profile == "young_no_qualification":
        qualification = Qualification.NONE
        employment = Employment(status=EmploymentStatus.NOT_IN_LABOUR_FORCE)
        history.append(
            Spell(K.SOCIAL_ASSISTANCE, Benefit.CASH, as_of - timedelta(days=rng.randint(30, 400)))
        )
    else:
        employment = Employment(status=EmploymentStatus.NOT_IN_LABOUR_FORCE)
        start = entry + timedelta(days=30) if entry is not None else as_of
        history.append(Spell(K.SOCIAL_ASSISTANCE, Benefit.CASH, min(start, as_of)))
        qualification = rng.choice((Qualification.NONE, Qualification.EFZ))

    if rng.random() < 0.8:
        kinds = (K.ALV_FUND, K.RAV, K.IV_OFFICE, K.SOCIAL_ASSISTANCE, K.VOCATIONAL_GUIDANCE)
        consents.append(Consent(kinds, as_of - timedelta(days=rng.randint(0, 30))))

    person = Person(
        id=f"{ident}-p",
        birth_date=birth,
        sex=sex,
        residence=Residence(canton=canton, bfs_municipality=bfs, status=status, entry_date=entry),
        household=household,
        education=Education(qualification=qualification),
        health=health,
        employment=employment,
        monthly_income=Money(rng.choice((0, 0, 0, 400, 900))),
    )
    return Case(
        id=ident,
        person=person,
        as_of=as_of,
        history=tuple(sorted(history, key=lambda s: (s.start, s.institution))),
        claims=tuple(claims),
        consents=tuple(consents),
    )


def _household(rng: random.Random, as_of: date, *, young: bool) -> Household:
    members: list[HouseholdMember] = []
    if not young and rng.random() < 0.45:
        members.append(
            HouseholdMember(MemberRole.ADULT, as_of - timedelta(days=rng.randint(25, 60) * 365))
        )
    if not young:
        for _ in range(rng.choice((0, 0, 1, 2, 3))):
            members.append(
                HouseholdMember(
                    MemberRole.CHILD, as_of - timedelta(days=rng.randint(1, 17) * 365 + 100)
                )
            )
    return Household(members=tuple(members))


def _unemployed(since: date, months: int, earnings: Money) -> Employment:
    worked_end = since - timedelta(days=1)
    worked_start = worked_end - timedelta(days=months * 30)
    return Employment(
        status=EmploymentStatus.UNEMPLOYED,
        unemployed_since=since,
        contribution_periods=(ContributionPeriod(worked_start, worked_end),),
        insured_monthly_earnings=earnings,
    )


def _incapacity(rng: random.Random, as_of: date) -> Health:
    return Health(
        incapacity_percent=rng.choice((30, 50, 50, 70, 100)),
        incapacity_since=as_of - timedelta(days=rng.randint(10, 240)),
        cause=rng.choice((HealthCause.ILLNESS, HealthCause.ILLNESS, HealthCause.ACCIDENT)),
    )


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


def write_jsonl(cases: Iterator[Case], path: Path) -> int:
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
    so that the bundled files can be regenerated byte for byte.
    """
    from iizcore.hooks import load_canton

    parser = argparse.ArgumentParser(
        prog="python -m iizcore.report.synthetic",
        description="Write a synthetic, seeded caseload (one JSON case per line).",
    )
    parser.add_argument("--canton", required=True, help="canton code, e.g. BL")
    parser.add_argument("--out", required=True, type=Path, help="the JSONL file to write")
    parser.add_argument("--count", type=int, help="number of cases (default: as bundled)")
    parser.add_argument("--seed", type=int, help="random seed (default: as bundled)")
    args = parser.parse_args(argv)
    code = args.canton.upper()
    count, seed = BUNDLED.get(code, (None, None))
    count = args.count if args.count is not None else count
    seed = args.seed if args.seed is not None else seed
    if count is None or seed is None:
        parser.error(f"no bundled caseload for {code}: give --count and --seed")
    if count < 0:
        parser.error("--count must not be negative")
    network = load_canton(code).network
    n = write_jsonl(
        generate_caseload(code, network.municipalities, count=count, seed=seed), args.out
    )
    print(f"{args.out}: {n} synthetic cases (seed {seed})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
