"""The interpellation report: numbers recomputed independently, accounting, privacy, valid HTML."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import attrs
import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iizcore.batch import Rejection
from iizcore.coordination.plan import PaymentRole, PaymentStep
from iizcore.hooks import Canton, load_canton
from iizcore.io import unstructure
from iizcore.io.jsonl import read_jsonl
from iizcore.model import Case, InstitutionKind, Labels, LegalRef, Money
from iizcore.privacy import k_anonymise, make_vignette
from iizcore.report import (
    MAX_SHOWN,
    Assessed,
    assess_file,
    build_report,
    latest_as_of,
    run_report,
    to_html,
    to_markdown,
)
from iizcore.report.render import rejection_label
from iizcore.report.synthetic import (
    BUNDLED,
    PROFILES,
    SYNTHETIC_PREFIX,
    _profile_of,
    compact,
    generate_caseload,
    main,
    write_jsonl,
)
from iizcore.simulation import PAYER
from iizcore.simulation import Path as SimPath
from iizcore.testing.strategies import cases_for
from tests.privacy.leaks import found, identifier_forms

from .conftest import RuleAssessment, rule_based_assess

ON = date(2024, 12, 31)
CASELOADS = (Path(__file__).resolve().parents[2] / "src/iizcore/examples/CASELOADS.md").read_text(
    encoding="utf-8"
)
SVG = "{http://www.w3.org/2000/svg}"


def _records(cases: list[Case], canton: Canton) -> list[Assessed]:
    return [Assessed.of(c, rule_based_assess(c, canton, c.as_of)) for c in cases]


def test_numbers_recomputed_independently(bl: Canton, small_caseload: list[Case]) -> None:
    """Counts and sums of the report equal a recount straight from the case set."""
    records = _records(small_caseload, bl)
    report = build_report(bl, records, ON, source_name="t")
    plans = [rule_based_assess(c, bl, c.as_of) for c in small_caseload]
    assert report.assessed == len(small_caseload) and report.read == len(small_caseload)
    assert report.iiz_cases == sum(1 for a in plans if a.plan.triage.is_iiz_case)
    # Parallel offers recounted by hand: two institutions whose measure periods share a day.
    parallel = 0
    for a in plans:
        ms = a.plan.measures
        if any(
            x.institution != y.institution
            and x.period.start <= (y.period.end or date.max)
            and y.period.start <= (x.period.end or date.max)
            for x in ms
            for y in ms
        ):
            parallel += 1
    assert report.parallel_offer_cases == parallel
    assert report.meeting_cases == sum(1 for a in plans if a.plan.meeting is not None)
    by_inst: Counter[str] = Counter()
    by_source: Counter[str] = Counter()
    for a in plans:
        for party, money in a.costs.shares.items():
            by_inst[party.kind.value] += money.amount
            by_source[party.source.value] += money.amount
    assert {k: m.amount for k, m in report.costs_by_institution} == dict(by_inst)
    assert {k: m.amount for k, m in report.costs_by_source} == dict(by_source)
    assert report.costs_total == Money(sum(by_inst.values()))
    assert report.vignettes.released + report.vignettes.withheld == report.iiz_cases
    assert report.projects == tuple(
        p for p in bl.network.projects if p.start_year is None or p.start_year <= ON.year
    )
    md = to_markdown(report)
    assert f"| Fälle mit zeitgleichen Angeboten mehrerer Stellen | {parallel} |" in md


def test_simulation_costs_are_expected_values_on_the_grid(
    bl: Canton, small_caseload: list[Case]
) -> None:
    """Question 2's cost table: per-payer totals on the 0.05 CHF grid that are the exact sums
    of the per-case costs, labelled as expected values."""
    report = build_report(bl, _records(small_caseload, bl), ON, source_name="t")
    s = report.simulation
    for path in (SimPath.SEQUENTIAL, SimPath.COORDINATED):
        for payer in PAYER.values():
            total = s.cost(path, payer)
            assert total == total.rounded() and (total.amount * 20) % 1 == 0
    md = to_markdown(report)
    assert "| Erwartete Leistungskosten nach Kostenträger (Simulation) |" in md
    assert "Die Leistungskosten sind Erwartungswerte" in md


def _with_alv_advance(a: RuleAssessment, bl: Canton, amount: Money | None) -> RuleAssessment:
    """The assessment with the ALV advancing (recovered from the IV) and, if ``amount`` is
    given, the advance in the cost allocation (iizcore.costs.allocate_case)."""
    from iizcore.costs import allocate_case

    step = PaymentStep(
        1,
        InstitutionKind.ALV_FUND,
        PaymentRole.ADVANCE,
        Labels.same("x"),
        (LegalRef("ATSG", "70", paragraph="2", letter="b"),),
        recovers_from=InstitutionKind.IV_OFFICE,
    )
    plan = attrs.evolve(a.plan, payments=(step,))
    if amount is None:
        return attrs.evolve(a, plan=plan)
    costs = allocate_case(plan, bl, ON, advanced={InstitutionKind.ALV_FUND: amount})
    return attrs.evolve(a, plan=plan, costs=costs)


def test_alv_advances_and_atsg_71_are_stated(bl: Canton, small_caseload: list[Case]) -> None:
    """Questions 2 and 4 say whether ALV advances (ATSG Art. 70 Abs. 2 lit. b) and their
    reimbursement by the IV (ATSG Art. 71) are in the numbers: the simulation never models
    the reimbursement; the cost allocation holds it where an advance's amount is known.
    Ten cases advance, four with an amount of CHF 1,000 that the IV reimburses in full."""
    cases = small_caseload[:20]
    records = []
    for i, case in enumerate(cases):
        a = rule_based_assess(case, bl, case.as_of)
        if i < 10:
            a = _with_alv_advance(a, bl, Money.chf(1000) if i < 4 else None)
        records.append(Assessed.of(case, a))
    report = build_report(bl, records, ON, source_name="t")
    assert (report.alv_advance_cases, report.advance_costed_cases) == (10, 4)
    assert [r.advance_costed for r in records].count(True) == 4
    md = to_markdown(report)
    q2 = md.split("## 2.", 1)[1].split("## 3.", 1)[0]
    q4 = md.split("## 4.", 1)[1].split("## Quellen", 1)[0]
    assert "ihre Rückerstattung durch die IV (ATSG Art. 71) ist in der Simulation nicht " in q2
    assert "10 Fälle sehen im Zahlungsplan eine Vorleistung der ALV vor" in q4
    assert "In 4 Fällen ist der Betrag einer Vorleistung bekannt" in q4
    assert "Auch die Simulation (Frage 2) bildet diese Rückerstattung nicht ab" in q4
    # Without any amount the text says the advances are not in the costs.
    plain = build_report(
        bl,
        [
            Assessed.of(c, _with_alv_advance(rule_based_assess(c, bl, c.as_of), bl, None))
            for c in cases[:3]
        ],
        ON,
        source_name="t",
    )
    q4_plain = to_markdown(plain).split("## 4.", 1)[1]
    assert "3 Fälle sehen im Zahlungsplan eine Vorleistung der ALV vor" in q4_plain
    assert "in diesen Kosten nicht enthalten" in q4_plain


def test_every_record_is_accounted_for(
    bl: Canton, small_caseload: list[Case], tmp_path: Path
) -> None:
    """Good, malformed and truncated lines: read = assessed + rejected, rejects by line."""
    good = [json.dumps(compact(c, unstructure(c))) for c in small_caseload[:20]]
    bad_field = json.loads(good[0])
    bad_field["person"]["birth_date"] = "31.02.1990"
    lines = [*good[:10], "{not json", json.dumps(bad_field), good[10][:40], *good[10:]]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = list(assess_file(path, bl, assess=rule_based_assess))
    report = build_report(bl, records, ON, source_name=path.name)
    assert report.read == len(lines)
    assert report.assessed == 20
    assert all(isinstance(r, Rejection) for r in report.rejected)
    assert [r.line for r in report.rejected] == [11, 12, 13]
    assert [rejection_label(r) for r in report.rejected] == [
        "not valid JSON",
        "person.birth_date",
        "not valid JSON",
    ]
    md = to_markdown(report)
    assert "31.02.1990" not in md and "23 Datensätze gelesen, 20 beurteilt, 3 zurückgewiesen" in md
    assert "| not valid JSON | 2 |" in md and "| person.birth_date | 1 |" in md


def test_rejections_follow_the_batch_rules(
    bl: Canton, small_caseload: list[Case], tmp_path: Path
) -> None:
    """A blank line is no record; a rule error and a bug are rejected like ``iiz assess --jsonl``."""
    from iizcore import RuleError

    def flaky(case: Case, canton: Canton, on: date) -> RuleAssessment:
        if case.id.endswith("2"):
            raise RuleError("alv.entitlement", "cannot decide")
        if case.id.endswith("3"):
            raise ZeroDivisionError
        return rule_based_assess(case, canton, on)

    cases = small_caseload[:10]
    text = "".join(json.dumps(compact(c, unstructure(c))) + "\n\n" for c in cases)
    path = tmp_path / "cases.jsonl"
    path.write_text(text, encoding="utf-8")
    report = build_report(bl, assess_file(path, bl, assess=flaky), ON, source_name="t")
    # Case n is on line 2n - 1: ids ...00002 and ...00003 are on lines 3 and 5.
    assert [c.id[-5:] for c in cases[1:3]] == ["00002", "00003"]
    assert report.read == 10 and report.read == report.assessed + len(report.rejected)
    assert [(r.line, r.error) for r in report.rejected] == [(3, "rule"), (5, "internal")]
    assert [rejection_label(r) for r in report.rejected] == ["rule", "internal"]
    assert "ZeroDivisionError" in report.rejected[1].reason


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1


def test_html_is_well_formed_with_non_empty_charts(bl: Canton, small_caseload: list[Case]) -> None:
    report = build_report(bl, _records(small_caseload, bl), ON, source_name="t")
    html = to_html(report)
    root = ET.fromstring(html.split("\n", 1)[1])  # well-formed XML after the doctype
    parser = _Structure()
    parser.feed(html)
    assert parser.tags["h1"] == 1 and parser.tags["h2"] == 5 and parser.tags["table"] >= 5
    charts = root.findall(f".//{SVG}svg")
    assert len(charts) == 4  # two flows, costs by payer, IIZ costs by source
    for svg in charts:
        assert (svg.findtext(f"{SVG}title") or "").strip()
        lines = svg.findall(f".//{SVG}polyline")
        bars = svg.findall(f".//{SVG}rect[@class='bar']")
        assert lines or bars
        for line in lines:
            assert len(line.get("points", "").split()) == report.simulation.horizon_months
        assert any(float(b.get("width", "0")) > 0 for b in bars) or lines


def _identifiers(case: Case) -> list[str]:
    """Case and person id, and every written form of name, AHV number and birth date."""
    return [case.id, case.person.id, *identifier_forms(case)]


def _move(case: Case, canton: Canton) -> Case:
    """The same case in another municipality of the same district (the report shows districts).

    Every district of the canton's register must have a second municipality: a case that
    cannot move would make the property below hold trivially.
    """
    here = canton.network.municipality(case.person.residence.bfs_municipality)
    assert here is not None
    others = [
        m
        for m in canton.network.municipalities
        if m.district == here.district and m.bfs != here.bfs
    ]
    assert others, f"district {here.district} has no second municipality to move to"
    residence = attrs.evolve(case.person.residence, bfs_municipality=others[0].bfs)
    moved = attrs.evolve(case, person=attrs.evolve(case.person, residence=residence))
    assert moved.person.residence.bfs_municipality != case.person.residence.bfs_municipality
    return moved


BL = load_canton("BL")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cases=st.lists(
        cases_for(BL, identified=True), min_size=1, max_size=12, unique_by=lambda c: c.id
    )
)
def test_report_contains_no_personal_identifiers(cases: list[Case]) -> None:
    """No name, AHV number (any formatting), birth date or case id; the BFS number has no effect.

    The municipality number cannot be searched for as text (a count can equal it), so the
    property is stronger: moving every person to another municipality of the same district
    gives the identical report. (Vignettes tell durations in words; the only numbers they
    carry are the age band's, which the privacy guard rewords if one equals the BFS number.)
    """
    report = build_report(BL, _records(cases, BL), ON, source_name="t", k=1)
    texts = [to_markdown(report), to_html(report)]
    for case in cases:
        for text in texts:
            # Whole words: a person id "p-3" is no leak inside a source URL "kip-3-2024".
            assert found(_identifiers(case), text) == []
    moved = build_report(BL, _records([_move(c, BL) for c in cases], BL), ON, source_name="t", k=1)
    assert to_markdown(moved) == texts[0]


def test_bundled_caseloads_are_synthetic_and_use_the_register() -> None:
    """Both bundled files: the recorded size, ids numbered in order, no identifiers, one year."""
    from iizcore.report import bundled_caseload

    for code in ("BL", "ZH"):
        canton = load_canton(code)
        register = {m.bfs for m in canton.network.municipalities}
        path = bundled_caseload(code)
        assert path.stat().st_size < 10 * 1024 * 1024  # a few MB: ZH is about 9.1 MB
        n = 0
        pairs = set()
        for item in read_jsonl(path, Case):
            assert isinstance(item, Case), item
            n += 1
            assert item.id == f"{SYNTHETIC_PREFIX}{code.lower()}-{n:05d}"
            assert item.person.id == f"{item.id}-p"
            assert item.person.name is None and item.person.ahv_number is None
            assert item.person.residence.canton == code
            assert item.person.residence.bfs_municipality in register
            assert item.as_of.year == 2024
            pairs.add((item.person.birth_date, item.as_of))
        assert n == BUNDLED[code][0] == {"BL": 3000, "ZH": 8000}[code]
        assert len(pairs) == n  # no cluster of hypothesis mutations
        assert f"`caseload_{code.lower()}.jsonl` ({n:,} cases" in CASELOADS


def test_cli_writes_the_report(tmp_path: Path, small_caseload: list[Case]) -> None:
    """``iiz report`` end to end with the installed assess() on a small file."""
    from iizcore.cli import main

    path = tmp_path / "cases.jsonl"
    path.write_text(
        "".join(json.dumps(compact(c, unstructure(c))) + "\n" for c in small_caseload[:30]),
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    assert (
        main(
            [
                "report",
                "--canton",
                "BL",
                "--cases",
                str(path),
                "--format",
                "html",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    html = out.read_text(encoding="utf-8")
    ET.fromstring(html.split("\n", 1)[1])
    assert "30 Datensätze gelesen" in html


@pytest.mark.parametrize("k", [1, 5, 50])
def test_k_anonymity_withholds_small_groups(bl: Canton, small_caseload: list[Case], k: int) -> None:
    report = build_report(bl, _records(small_caseload, bl), ON, source_name="t", k=k)
    v = report.vignettes
    assert all(x.group_size >= k for x in v.shown)
    assert v.released + v.withheld == report.iiz_cases


def test_vignettes_are_the_privacy_modules(bl: Canton, small_caseload: list[Case]) -> None:
    """Question 3 recounted with iizcore.privacy: make_vignette on every IIZ case, k_anonymise."""
    k = 3
    report = build_report(bl, _records(small_caseload, bl), ON, source_name="t", k=k)
    vignettes = []
    for case in small_caseload:
        a = rule_based_assess(case, bl, case.as_of)
        if a.plan.is_iiz_case:
            vignettes.append(make_vignette(case, bl.network, plan=a.plan))
    checked = k_anonymise(vignettes, k)
    v = report.vignettes
    assert (v.released, v.withheld, v.withheld_groups) == (
        len(checked.released),
        checked.withheld,
        checked.withheld_groups,
    )
    sizes = Counter(x.quasi for x in checked.released)
    assert len(v.shown) == min(MAX_SHOWN, len(sizes)) > 0
    for shown in v.shown:
        assert shown.vignette in vignettes
        assert sizes[shown.vignette.quasi] == shown.group_size >= k
    # One example per lead institution first, largest groups first.
    seq = [x.vignette.lead for x in v.shown]
    head = v.shown[: len(set(seq))]
    assert len({x.vignette.lead for x in head}) == len(head)
    # A group shows its case with the largest gain (here IV-led whenever the group has one);
    # with k = 1 every group is released: several leads, each shown once before repeats.
    every = build_report(bl, _records(small_caseload, bl), ON, source_name="t", k=1).vignettes
    first = [x.vignette.lead for x in every.shown][: len({x.vignette.lead for x in every.shown})]
    assert len(set(first)) == len(first) >= 2
    assert v.shown[0].group_size == max(sizes.values())
    assert [x.group_size for x in head] == sorted((x.group_size for x in head), reverse=True)
    md = to_markdown(report)
    assert f"{v.released} Fälle erfüllen das, {v.withheld} Fälle werden zurückgehalten" in md
    for shown in v.shown:
        assert f"- {shown.vignette.text.de} (Gruppe: {shown.group_size} Fälle)" in md


def test_run_report_streams_the_file_like_build_report(
    bl: Canton, small_caseload: list[Case], tmp_path: Path
) -> None:
    """run_report (two passes over the file) equals build_report on the assessed list."""
    path = tmp_path / "cases.jsonl"
    write_jsonl(iter(small_caseload[:60]), path)
    with path.open("a", encoding="utf-8") as fh:
        fh.write('{"id": "x"}\n')  # readable JSON, not a case: rejected, not dating the report
    latest = max(c.as_of for c in small_caseload[:60])
    assert latest_as_of(path) == latest
    streamed = run_report(bl, path, k=2, assess=rule_based_assess)
    listed = build_report(
        bl,
        list(assess_file(path, bl, assess=rule_based_assess)),
        latest,
        source_name=path.name,
        k=2,
    )
    assert streamed == listed
    assert (streamed.read, streamed.assessed, streamed.on) == (61, 60, latest)
    assert [(r.line, r.path) for r in streamed.rejected] == [(61, "person")]


def test_generation_is_deterministic_synthetic_and_realistic(bl: Canton) -> None:
    """The same seed gives the same cases twice; ids renumbered, no identifiers, one year."""
    first = generate_caseload(bl, count=30, seed=5)
    assert first == generate_caseload(bl, count=30, seed=5)
    assert first != generate_caseload(bl, count=30, seed=6)
    assert [c.id for c in first] == [f"synthetic-bl-{n:05d}" for n in range(1, 31)]
    assert all(c.person.id == f"{c.id}-p" for c in first)
    assert all(c.person.name is None and c.person.ahv_number is None for c in first)
    assert all(date(2024, 1, 1) <= c.as_of <= date(2024, 12, 31) for c in first)
    assert len({(c.person.birth_date, c.as_of) for c in first}) == 30
    # The profiles' age knobs: 16-25 for young adults, at most 64 for everyone.
    assert all(16 <= c.person.age_on(c.as_of) <= 64 for c in first)
    assert generate_caseload(bl, count=0, seed=5) == []
    with pytest.raises(ValueError):
        generate_caseload(bl, count=-1, seed=5)


def test_profile_bands_cover_every_percent() -> None:
    """The weights sum to 100 and each percent 0-99 falls in exactly its profile's band."""
    assert sum(w for _, w, _ in PROFILES) == 100
    bands = [name for name, w, _ in PROFILES for _ in range(w)]
    assert [_profile_of(p)[0] for p in range(100)] == bands
    with pytest.raises(ValueError):
        _profile_of(100)


def _recorded_hypothesis_version() -> str:
    found_version = re.search(r"hypothesis (\d+\.\d+\.\d+)", CASELOADS)
    assert found_version, "CASELOADS.md does not record the hypothesis version"
    return found_version.group(1)


@pytest.mark.skipif(
    hypothesis.__version__ != _recorded_hypothesis_version(),
    reason="the bundled caseloads are byte-identical only with the hypothesis version "
    f"recorded in CASELOADS.md ({_recorded_hypothesis_version()}); "
    f"installed: {hypothesis.__version__}",
)
def test_synthetic_module_regenerates_the_bundled_caseload(tmp_path: Path) -> None:
    """``python -m iizcore.report.synthetic --canton BL`` reproduces the bundled file.

    From 500 cases on, hypothesis' generation does not depend on ``max_examples``
    (its early small-example cap is min(N / 10, 50)), so the first 500 cases of the
    bundled seed are the bundled file's first 500 lines, byte for byte.
    """
    from iizcore.report import bundled_caseload

    out = tmp_path / "bl.jsonl"
    assert main(["--canton", "bl", "--out", str(out), "--count", "500"]) == 0
    bundled = bundled_caseload("BL").read_bytes().splitlines(keepends=True)
    assert out.read_bytes() == b"".join(bundled[:500])


def test_synthetic_module_cli(tmp_path: Path) -> None:
    small = tmp_path / "xx.jsonl"
    assert main(["--canton", "BL", "--out", str(small), "--count", "5", "--seed", "1"]) == 0
    lines = small.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [
        f"synthetic-bl-{n:05d}" for n in range(1, 6)
    ]
    with pytest.raises(SystemExit):
        main(["--canton", "ZG", "--out", str(small)])
    with pytest.raises(SystemExit):
        main(["--canton", "BL", "--out", str(small), "--count", "-1"])
