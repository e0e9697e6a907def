"""Render an :class:`~iizcore.report.build.InterpellationReport` as Markdown or HTML.

Both formats come from one list of blocks (heading, paragraph, bullets,
table, chart), so the numbers in the two are the same. Charts are inline SVG
in HTML; Markdown shows the same numbers as tables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from attrs import frozen

from iizcore.batch import Rejection
from iizcore.model import InstitutionKind
from iizcore.report.build import InterpellationReport, mean_days
from iizcore.report.svg import bar_chart, line_chart
from iizcore.simulation import PAYER, Path, System

__all__ = ["blocks", "rejection_label", "to_html", "to_markdown"]


@frozen
class Heading:
    level: int
    text: str


@frozen
class Para:
    text: str


@frozen
class Bullets:
    items: tuple[str, ...]


@frozen
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@frozen
class Chart:
    svg: str


Block = Heading | Para | Bullets | Table | Chart

_SYSTEM_DE = {
    System.ALV: "ALV (Taggeld)",
    System.SH: "Sozialhilfe",
    System.IV_EXAMINING: "IV prüft",
    System.IV_DECIDED: "IV hat entschieden",
}
_PATH_DE = {Path.SEQUENTIAL: "sequentiell ALV → SH → IV", Path.COORDINATED: "koordiniert (IIZ)"}
_SOURCE_DE = {
    "alv": "ALV",
    "iv": "IV",
    "municipality": "Gemeinden",
    "canton": "Kanton",
    "confederation": "Bund",
    "accident_insurance": "Unfallversicherung",
    "private": "Private",
}


def rejection_label(rejection: Rejection) -> str:
    """How the report names a rejection: the field path, or the kind of failure.

    Never the reason's details: an input reason may quote a (non-personal)
    value, and the report is published.
    """
    if rejection.error != "input":
        return rejection.error
    if rejection.path:
        return rejection.path
    return rejection.reason.split(":", 1)[0].split(" (", 1)[0]


def _d1(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1'))}"


def _inst(value: str) -> str:
    if value == "bund":
        return "Bund"
    try:
        return InstitutionKind(value).labels.de
    except ValueError:
        return value


def blocks(r: InterpellationReport) -> list[Block]:
    """The report as a list of blocks, in reading order."""
    out: list[Block] = [
        Heading(1, f"Interinstitutionelle Zusammenarbeit im Kanton {r.canton_name} ({r.canton})"),
        Para(
            "Antworten auf die Fragen der Interpellation 2018/778 «Institutionelle "
            "Zusammenarbeit: Konkrete Umsetzung im Kt. BL zwischen ALV und öAV, der Sozialhilfe "
            f"und der IV», berechnet mit iizcore aus Daten. Stichtag: {r.on.isoformat()}."
        ),
    ]
    if r.synthetic:
        out.append(
            Para(
                "**Synthetische Daten.** Die Fälle sind erfunden (Beispieldatensatz von "
                "iizcore, erzeugt mit festem Seed); die Zahlen zeigen, wie der Bericht "
                "rechnet, nicht die Lage im Kanton."
            )
        )
    out.append(
        Para(
            f"Datensatz «{r.source_name}»: {r.read} Datensätze gelesen, {r.assessed} "
            f"beurteilt, {len(r.rejected)} zurückgewiesen."
        )
    )
    if r.rejected:
        reasons = Counter(rejection_label(rej) for rej in r.rejected)
        out.append(
            Table(
                ("Grund der Zurückweisung", "Anzahl"),
                tuple((k, str(v)) for k, v in sorted(reasons.items())),
            )
        )
    out += _question_1(r) + _question_2(r) + _question_3(r) + _question_4(r) + _sources(r)
    return out


def _question_1(r: InterpellationReport) -> list[Block]:
    out: list[Block] = [
        Heading(2, "1. Projekte auf struktureller Ebene"),
    ]
    if not r.projects:
        out.append(
            Para(
                f"Das Kantons-Plugin {r.canton} führt keine strukturellen Projekte mit Quelle. "
                "Die Liste ist leer — das heisst nicht, dass es keine gibt."
            )
        )
        return out
    unverified = sum(1 for p in r.projects if not p.verified)
    out.append(
        Para(
            f"{len(r.projects)} Projekte sind im Kantons-Plugin mit Quelle erfasst"
            + (
                f", davon {unverified} mit nicht vollständig geprüften Angaben."
                if unverified
                else "."
            )
        )
    )
    rows = []
    for p in r.projects:
        years = f"{p.start_year or '?'}–{p.end_year or ''}"
        status = "realisiert" if p.status.value == "realised" else "geplant"
        rows.append(
            (
                p.name,
                status,
                years,
                ", ".join(k.labels.de for k in p.participants),
                "ja" if p.verified else "nein",
                p.source,
            )
        )
    out.append(
        Table(("Projekt", "Status", "Jahre", "Beteiligte", "geprüft", "Quelle"), tuple(rows))
    )
    return out


def _question_2(r: InterpellationReport) -> list[Block]:
    s = r.simulation
    seq = s.acts_after_days(Path.SEQUENTIAL)
    coord = s.acts_after_days(Path.COORDINATED)
    out: list[Block] = [
        Heading(2, "2. Zeitgleiche Angebote statt des Wegs ALV → Sozialhilfe → IV"),
        Table(
            ("Kennzahl", "Anzahl"),
            (
                ("beurteilte Fälle", str(r.assessed)),
                ("IIZ-Fälle (Triage)", str(r.iiz_cases)),
                ("Fälle mit zeitgleichen Angeboten mehrerer Stellen", str(r.parallel_offer_cases)),
                ("Fälle mit Fallbesprechung (Fachkonferenz, runder Tisch …)", str(r.meeting_cases)),
                ("Fälle mit gesundheitlicher Einschränkung", str(s.health_cases)),
                ("Fälle, in denen die zuständige Stelle früher handelt", str(s.cases_with_gain)),
            ),
        ),
    ]
    if r.meetings_by_form:
        out.append(
            Table(
                ("Sitzungsform", "Fälle"),
                tuple((f.labels.de, str(n)) for f, n in r.meetings_by_form),
            )
        )
    out.append(
        Para(
            "Zeit bis die zuständige Stelle handelt (Summe über alle Fälle / Mittel je Fall): "
            f"sequentiell {seq} Tage / {mean_days(seq, s.cases)} Tage, koordiniert {coord} Tage "
            f"/ {mean_days(coord, s.cases)} Tage. Zeitgewinn insgesamt {s.days_gained_total} "
            f"Tage, im Mittel {mean_days(s.days_gained_total, s.cases)} Tage je Fall."
        )
    )
    rows = tuple(
        (
            _SYSTEM_DE[system],
            _d1(s.months_in(Path.SEQUENTIAL, system)),
            _d1(s.months_in(Path.COORDINATED, system)),
        )
        for system in System
    )
    out.append(
        Table(
            (
                f"erwartete Monate in … (über {s.horizon_months} Monate)",
                "sequentiell",
                "koordiniert",
            ),
            rows,
        )
    )
    out.append(Chart(_flow_chart(r, Path.SEQUENTIAL)))
    out.append(Chart(_flow_chart(r, Path.COORDINATED)))
    out.append(
        Table(
            (
                "Erwartete Leistungskosten nach Kostenträger (Simulation)",
                "sequentiell",
                "koordiniert",
            ),
            tuple(
                (
                    payer.labels.de,
                    str(s.cost(Path.SEQUENTIAL, payer)),
                    str(s.cost(Path.COORDINATED, payer)),
                )
                for payer in PAYER.values()
            ),
        )
    )
    out.append(Chart(_payer_chart(r)))
    out.append(
        Para(
            "Die Leistungskosten sind Erwartungswerte (erwarteter Anteil des Falls im System × "
            "Monatsbetrag), je Fall und Kostenträger auf 5 Rappen gerundet; die Summen sind die "
            "Summen dieser Beträge. " + _ADVANCE_NOT_SIMULATED
        )
    )
    unverified = r.transitions.unverified
    out.append(
        Para(
            "Die Simulation rechnet mit datierten Übergangsparametern (Quellen unten). "
            + (
                f"**{len(unverified)} Parameter sind nicht geprüft** ("
                + ", ".join(f"`{n}`" for n in unverified)
                + "); die Ergebnisse hängen von ihnen ab."
                if unverified
                else "Alle Parameter sind geprüft."
            )
        )
    )
    out.append(Bullets(r.assumptions))
    return out


#: What the simulation does with the ALV's advances, stated in questions 2 and 4.
_ADVANCE_NOT_SIMULATED = (
    "Vorleistungen der ALV (ATSG Art. 70 Abs. 2 lit. b) zählen in der Simulation als Kosten "
    "der ALV; ihre Rückerstattung durch die IV (ATSG Art. 71) ist in der Simulation nicht "
    "abgebildet."
)


def _flow_chart(r: InterpellationReport, path: Path) -> str:
    monthly = next(rows for p, rows in r.simulation.monthly if p is path)
    series = [(_SYSTEM_DE[system], [m.share(system) for m in monthly]) for system in System]
    return line_chart(
        f"Erwartete Personen je System, Weg {_PATH_DE[path]}",
        series,
        x_label="Monate ab Stichtag des Falls",
        y_label="Personen",
    )


def _payer_chart(r: InterpellationReport) -> str:
    payers = list(PAYER.values())
    s = r.simulation
    return bar_chart(
        "Erwartete Leistungskosten nach Kostenträger",
        [p.labels.de for p in payers],
        [
            (_PATH_DE[path], [s.cost(path, p).amount for p in payers])
            for path in (Path.SEQUENTIAL, Path.COORDINATED)
        ],
        unit="CHF",
    )


def _question_3(r: InterpellationReport) -> list[Block]:
    v = r.vignettes
    out: list[Block] = [
        Heading(2, "3. Einzelfallbeispiele (anonymisiert)"),
        Para(
            f"Vignetten werden nur gezeigt, wenn mindestens k = {v.k} IIZ-Fälle dieselben "
            "Merkmale (Altersgruppe, Geschlecht, Region, Aufenthaltsstatus, Haushaltstyp) "
            f"teilen. {v.released} Fälle erfüllen das, {v.withheld} Fälle werden "
            f"zurückgehalten; {len(v.shown)} Beispiele werden gezeigt."
        ),
    ]
    if v.shown:
        out.append(
            Bullets(tuple(f"{x.vignette.text.de} (Gruppe: {x.group_size} Fälle)" for x in v.shown))
        )
    return out


def _question_4(r: InterpellationReport) -> list[Block]:
    out: list[Block] = [Heading(2, "4. Finanzierung der Kosten der IIZ")]
    if not r.costs_available:
        out.append(
            Para(
                "Für diesen Datensatz liegt keine Kostenaufteilung vor (das Kostenmodul hat "
                "keine IIZ-Kosten zugeordnet)."
            )
        )
    else:
        out.append(
            Para(
                f"IIZ-Kosten insgesamt {r.costs_total}: Fallführung, Sitzungen und Massnahmen, "
                "dazu Vorleistungen, soweit ihr Betrag bekannt ist, nach den Kostenschlüsseln "
                "des Kantons (auf 5 Rappen genau)."
            )
        )
        out.append(
            Table(
                ("Institution", "Betrag"),
                tuple((_inst(k), str(m)) for k, m in r.costs_by_institution),
            )
        )
        out.append(
            Table(
                ("Finanzierungsquelle", "Betrag"),
                tuple((_SOURCE_DE.get(k, k), str(m)) for k, m in r.costs_by_source),
            )
        )
        out.append(
            Chart(
                bar_chart(
                    "IIZ-Kosten nach Finanzierungsquelle",
                    [_SOURCE_DE.get(k, k) for k, _ in r.costs_by_source],
                    [("IIZ-Kosten", [m.amount for _, m in r.costs_by_source])],
                    unit="CHF",
                )
            )
        )
    out.append(Para(_advances(r)))
    return out


def _advances(r: InterpellationReport) -> str:
    """Whether ALV advances and their reimbursement (ATSG Art. 71) are in the costs."""
    head = (
        f"{r.alv_advance_cases} Fälle sehen im Zahlungsplan eine Vorleistung der ALV vor "
        "(ATSG Art. 70 Abs. 2 lit. b). "
    )
    if r.advance_costed_cases:
        costed = (
            f"In {r.advance_costed_cases} Fällen ist der Betrag einer Vorleistung bekannt; er ist "
            "oben dem rückerstattungspflichtigen Träger zugeordnet (ATSG Art. 71; Vorschüsse der "
            "Sozialhilfe gegen die IV-Nachzahlung: IVV Art. 85bis). "
        )
    else:
        costed = (
            "Ohne bekannte Beträge sind Vorleistungen und ihre Rückerstattung durch die IV "
            "(ATSG Art. 71) in diesen Kosten nicht enthalten. "
        )
    return (
        head
        + costed
        + "Auch die Simulation (Frage 2) bildet diese Rückerstattung nicht ab: dort bleiben "
        "die Taggelder als Kosten bei der ALV."
    )


def _sources(r: InterpellationReport) -> list[Block]:
    rows = tuple(
        (
            name,
            row.value,
            str(row.ref),
            row.since.isoformat(),
            "ja" if row.verified else "nein",
            row.source,
        )
        for name, row in r.transitions.rows
    )
    return [
        Heading(2, "Quellen der Übergangsparameter"),
        Table(("Parameter", "Wert", "Bezug", "gültig ab", "geprüft", "Quelle"), rows),
    ]


# --- Markdown --------------------------------------------------------------------------------


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(r: InterpellationReport) -> str:
    """The report as Markdown (tables instead of charts)."""
    lines: list[str] = []
    for b in blocks(r):
        if isinstance(b, Heading):
            lines += ["#" * b.level + " " + b.text, ""]
        elif isinstance(b, Para):
            lines += [b.text, ""]
        elif isinstance(b, Bullets):
            lines += [f"- {item}" for item in b.items] + [""]
        elif isinstance(b, Table):
            lines.append("| " + " | ".join(_md_cell(h) for h in b.headers) + " |")
            lines.append("|" + "---|" * len(b.headers))
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in b.rows]
            lines.append("")
    return "\n".join(lines)


# --- HTML ------------------------------------------------------------------------------------

_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.45}table{border-collapse:collapse;margin:0.5rem 0 1rem}"
    "th,td{border:1px solid #ccc;padding:0.25rem 0.5rem;text-align:left;vertical-align:top;"
    "font-size:0.9rem}th{background:#f3f3f3}figure{margin:1rem 0}"
)


def _inline(text: str) -> str:
    """Escape ``text`` and turn ``**bold**`` and ```code``` into HTML."""
    out = escape(text)
    parts = out.split("**")
    out = "".join(p if i % 2 == 0 else f"<strong>{p}</strong>" for i, p in enumerate(parts))
    parts = out.split("`")
    return "".join(p if i % 2 == 0 else f"<code>{p}</code>" for i, p in enumerate(parts))


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def to_html(r: InterpellationReport) -> str:
    """The report as a self-contained HTML page with inline SVG charts (well-formed XHTML)."""
    body: list[str] = []
    for b in blocks(r):
        if isinstance(b, Heading):
            body.append(f"<h{b.level}>{escape(b.text)}</h{b.level}>")
        elif isinstance(b, Para):
            body.append(f"<p>{_inline(b.text)}</p>")
        elif isinstance(b, Bullets):
            body.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in b.items) + "</ul>")
        elif isinstance(b, Table):
            body.append(_html_table(b.headers, b.rows))
        else:
            body.append(f'<figure class="chart">{b.svg}</figure>')
    title = escape(f"IIZ-Bericht {r.canton} {r.on.isoformat()}")
    return (
        "<!DOCTYPE html>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" lang="de">\n'
        f'<head><meta charset="utf-8"/><title>{title}</title><style>{_CSS}</style></head>\n'
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
