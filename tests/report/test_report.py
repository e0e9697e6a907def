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
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iizcore.batch import Rejection
from iizcore.hooks import Canton, load_canton
from iizcore.io import unstructure
from iizcore.io.jsonl import read_jsonl
from iizcore.model import Case, Money
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
from iizcore.report.synthetic import BUNDLED, SYNTHETIC_PREFIX, compact, main, write_jsonl
from iizcore.testing.strategies import cases_for

from .conftest import RuleAssessment, rule_based_assess

ON = date(2024, 12, 31)
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
    p = case.person
    out = [case.id, p.id, p.birth_date.isoformat(), p.birth_date.strftime("%d.%m.%Y")]
    if p.name:
        out.append(p.name)
    if p.ahv_number is not None:
        formatted = p.ahv_number.reveal()
        out += [formatted, re.sub(r"\D", "", formatted)]
    return out


def _move(case: Case, canton: Canton) -> Case:
    """The same case in another municipality of the same district (the report shows districts)."""
    here = canton.network.municipality(case.person.residence.bfs_municipality)
    assert here is not None
    other = next(
        (
            m
            for m in canton.network.municipalities
            if m.district == here.district and m.bfs != here.bfs
        ),
        here,
    )
    residence = attrs.evolve(case.person.residence, bfs_municipality=other.bfs)
    return attrs.evolve(case, person=attrs.evolve(case.person, residence=residence))


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
    gives the identical report. (The privacy guard rewords a vignette number equal to the
    BFS number; BL's BFS numbers, 2761 and up, are beyond any number a vignette tells.)
    """
    report = build_report(BL, _records(cases, BL), ON, source_name="t", k=1)
    texts = [to_markdown(report), to_html(report)]
    for case in cases:
        for ident in _identifiers(case):
            for text in texts:
                assert ident not in text
    moved = build_report(BL, _records([_move(c, BL) for c in cases], BL), ON, source_name="t", k=1)
    assert to_markdown(moved) == texts[0]


def test_bundled_caseloads_are_synthetic_and_use_the_register() -> None:
    from iizcore.report import bundled_caseload

    for code in ("BL", "ZH"):
        canton = load_canton(code)
        register = {m.bfs for m in canton.network.municipalities}
        path = bundled_caseload(code)
        assert path.stat().st_size < 7 * 1024 * 1024
        n = 0
        for item in read_jsonl(path, Case):
            assert isinstance(item, Case), item
            assert item.id.startswith(SYNTHETIC_PREFIX)
            assert item.person.name is None and item.person.ahv_number is None
            assert item.person.residence.bfs_municipality in register
            n += 1
        assert n == {"BL": 3000, "ZH": 8000}[code]


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
    assert len({x.vignette.lead for x in head}) == len(head) >= 2
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


def test_synthetic_module_regenerates_the_bundled_caseload(tmp_path: Path) -> None:
    """``python -m iizcore.report.synthetic --canton BL`` writes the bundled file byte for byte."""
    from iizcore.report import bundled_caseload

    out = tmp_path / "bl.jsonl"
    assert main(["--canton", "bl", "--out", str(out)]) == 0
    assert out.read_bytes() == bundled_caseload("BL").read_bytes()
    assert BUNDLED["BL"][0] == len(out.read_bytes().splitlines())
    small = tmp_path / "xx.jsonl"
    assert main(["--canton", "BL", "--out", str(small), "--count", "5", "--seed", "1"]) == 0
    assert len(small.read_text(encoding="utf-8").splitlines()) == 5
    with pytest.raises(SystemExit):
        main(["--canton", "ZG", "--out", str(small)])
