"""``iiz assess CASE.json --canton ZH``: determinations with their articles, then the plan."""

from __future__ import annotations

import argparse
from typing import Any, Final, cast

from rich.console import Console

from iizcore.assessment import Assessment, assess
from iizcore.cli._case import UsageError, parse_date, read_case
from iizcore.cli._output import console, print_json, table
from iizcore.coordination.plan import CoordinationPlan
from iizcore.io import unstructure
from iizcore.model.labels import LANGUAGES, Lang

__all__ = ["print_plan", "register", "run"]


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "assess", help="assess a case: determinations with articles and the coordination plan"
    )
    p.add_argument("case", metavar="CASE.json", nargs="?", help="the case as JSON")
    p.add_argument(
        "--canton",
        default=None,
        help="canton code (default: the person's canton of residence; must be that canton)",
    )
    p.add_argument("--on", help="date of the assessment, YYYY-MM-DD (default: the case's as_of)")
    p.add_argument("--lang", choices=LANGUAGES, default="de", help="language (default: de)")
    p.add_argument("--json", action="store_true", help="print the assessment as JSON")
    p.add_argument("--trace", action="store_true", help="include every rule applied")
    batch = p.add_argument_group("batch (instead of CASE.json)")
    batch.add_argument("--jsonl", metavar="FILE", help="assess every case of a JSONL file")
    batch.add_argument("--out", metavar="FILE", help="batch: assessments, one JSON per line")
    batch.add_argument("--rejects", metavar="FILE", help="batch: rejected lines, with reasons")
    batch.add_argument("--resume", action="store_true", help="batch: go on after an interruption")
    batch.add_argument(
        "--force",
        action="store_true",
        help="batch: start afresh although an interrupted run left a checkpoint",
    )
    batch.add_argument("--workers", type=int, default=1, help="batch: processes (default: 1)")
    batch.add_argument(
        "--output",
        choices=("full", "summary"),
        default="full",
        help="batch: full assessments (default) or compact summaries without texts",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.jsonl is not None:
        if args.case is not None:
            raise UsageError("give CASE.json or --jsonl FILE, not both")
        return _run_batch(args)
    if args.case is None:
        raise UsageError("give CASE.json, or --jsonl FILE with --out FILE and --rejects FILE")
    batch_only = [o for o in ("out", "rejects") if getattr(args, o) is not None]
    batch_only += [f for f in ("resume", "force") if getattr(args, f)]
    batch_only += ["output"] if args.output != "full" else []
    if batch_only:
        raise UsageError(f"--{batch_only[0]} is a batch option: it needs --jsonl FILE")
    case = read_case(args.case)
    result = assess(case, args.canton, parse_date(args.on), trace=args.trace)
    if args.json:
        print_json(unstructure(result))
        return 0
    out = console()
    lang = cast(Lang, args.lang)
    _print_determinations(out, result, lang)
    print_plan(out, result.plan, lang)
    if result.trace:
        t = table(_h("trace", lang), "rule", "inputs", "result", "articles")
        for step in result.trace:
            inputs = ", ".join(f"{k}={v}" for k, v in step.inputs)
            t.add_row(step.rule, inputs, step.result, "; ".join(str(r) for r in step.refs))
        out.print(t)
    return 0


def _run_batch(args: argparse.Namespace) -> int:
    from iizcore.batch import run_batch_with_progress, summary_assessor, tuned_gc

    if not (args.out and args.rejects):
        raise UsageError("--jsonl FILE needs --out FILE and --rejects FILE")
    if args.resume and args.force:
        raise UsageError("--resume and --force exclude each other")
    # The process is the CLI's own: the collector's thresholds raised for the batch.
    with tuned_gc():
        s = run_batch_with_progress(
            args.jsonl, args.out, args.rejects, args.canton, parse_date(args.on),
            resume=args.resume, workers=args.workers, force=args.force,
            assess=summary_assessor if args.output == "summary" else None,
        )  # fmt: skip
    console().print(f"read {s.read} = assessed {s.assessed} + rejected {s.rejected}")
    return 0 if s.rejected == 0 else 1


#: Headings and fixed words of the printed plan, in every language of the labels.
_HEADINGS: Final[dict[str, dict[Lang, str]]] = {
    "determinations": {
        "de": "Entscheide",
        "fr": "Décisions",
        "it": "Decisioni",
        "en": "Determinations",
    },
    "iiz": {"de": "IIZ-Fall", "fr": "cas CII", "it": "caso CII", "en": "IIZ case"},
    "no_iiz": {
        "de": "kein IIZ-Fall",
        "fr": "pas un cas CII",
        "it": "nessun caso CII",
        "en": "no IIZ case",
    },
    "lead": {
        "de": "Fallführung",
        "fr": "Conduite du cas",
        "it": "Gestione del caso",
        "en": "Lead institution (Fallführung)",
    },
    "payments": {
        "de": "Wer zahlt zuerst",
        "fr": "Qui paie en premier",
        "it": "Chi paga per primo",
        "en": "Who pays first",
    },
    "from": {"de": "ab", "fr": "dès le", "it": "dal", "en": "from"},
    "offers": {
        "de": "Angebote (parallel)",
        "fr": "Offres (en parallèle)",
        "it": "Offerte (in parallelo)",
        "en": "Offers (in parallel)",
    },
    "open": {"de": "offen", "fr": "ouvert", "it": "aperto", "en": "open"},
    "early": {
        "de": "Früherfassung IV: fällig am",
        "fr": "Détection précoce AI : due le",
        "it": "Rilevamento tempestivo AI: dovuto il",
        "en": "IV early detection: due",
    },
    "by": {"de": "durch", "fr": "par", "it": "da", "en": "by"},
    "meeting": {"de": "Treffen", "fr": "Rencontre", "it": "Incontro", "en": "Meeting"},
    "until": {"de": "bis", "fr": "d'ici le", "it": "entro il", "en": "by"},
    "person": {"de": "Person", "fr": "personne", "it": "persona", "en": "person"},
    "sharing": {
        "de": "Datenaustausch",
        "fr": "Échange de données",
        "it": "Scambio di dati",
        "en": "Data sharing",
    },
    "consent_needed": {
        "de": "Ermächtigung nötig",
        "fr": "consentement requis",
        "it": "consenso necessario",
        "en": "consent needed",
    },
    "gain": {
        "de": "Erwarteter Zeitgewinn",
        "fr": "Gain de temps attendu",
        "it": "Guadagno di tempo atteso",
        "en": "Expected gain",
    },
    "days": {"de": "Tage", "fr": "jours", "it": "giorni", "en": "days"},
    "sequential": {
        "de": "sequenziell",
        "fr": "séquentiel",
        "it": "sequenziale",
        "en": "sequential",
    },
    "coordinated": {
        "de": "koordiniert",
        "fr": "coordonné",
        "it": "coordinato",
        "en": "coordinated",
    },
    "trace": {"de": "Protokoll", "fr": "Trace", "it": "Traccia", "en": "Trace"},
}


def _h(key: str, lang: Lang) -> str:
    return _HEADINGS[key][lang]


def _print_determinations(out: Console, result: Assessment, lang: Lang) -> None:
    t = table(
        f"{_h('determinations', lang)} — {result.canton}, {result.on.isoformat()}",
        "rule",
        "outcome",
        "articles",
        "amounts",
    )
    for d in result.determinations:
        figures = [f"{a.name}: {a.value}" for a in d.amounts]
        figures += [f"{q.name}: {q.value} {q.unit}" for q in d.quantities]
        figures += [f"{k.name}: {k.day.isoformat()}" for k in d.dates]
        t.add_row(
            f"{d.rule}\n{d.institution.labels.get(lang)}",
            d.outcome.value,
            "\n".join(str(r) for r in d.refs),
            "\n".join(figures),
        )
    out.print(t)


def print_plan(out: Console, plan: CoordinationPlan, lang: Lang) -> None:
    """The coordination plan as rich tables, headed in ``lang``."""
    verdict = _h("iiz", lang) if plan.is_iiz_case else _h("no_iiz", lang)
    t = table(
        f"Triage — {verdict} ({plan.triage.decided_by})", "met", "criterion", "reason", "basis"
    )
    for c in plan.triage.criteria:
        basis = "; ".join(str(r) for r in c.refs) or (c.source or "")
        t.add_row("✓" if c.met else "–", c.code, c.reason.get(lang), basis)
    out.print(t)
    lead = plan.lead
    out.print(
        f"{_h('lead', lang)}: {lead.institution.labels.get(lang)}"
        f"{f' [{lead.institution_id}]' if lead.institution_id else ''} — {lead.reason.get(lang)}"
        f" ({'; '.join(str(r) for r in lead.refs) or lead.source or lead.rule})",
        markup=False,
    )
    p = table(_h("payments", lang), "rank", "institution", "role", "reason", "articles", "recovers")
    for s in plan.payments:
        recovers = (
            f"{s.recovers_from.labels.get(lang)} ({'; '.join(str(r) for r in s.recovery_refs)})"
            if s.recovers_from is not None
            else ""
        )
        role = s.role.value if s.since is None else f"{s.role.value} ({_h('from', lang)} {s.since})"
        p.add_row(
            str(s.rank),
            s.institution.labels.get(lang),
            role,
            s.reason.get(lang),
            "; ".join(str(r) for r in s.refs),
            recovers,
        )
    out.print(p)
    m = table(_h("offers", lang), "institution", "measure", "from", "until", "basis")
    for measure in plan.measures:
        m.add_row(
            measure.institution.labels.get(lang),
            measure.measure_type.labels.get(lang),
            measure.period.start.isoformat(),
            measure.period.end.isoformat() if measure.period.end else _h("open", lang),
            "; ".join(str(r) for r in measure.legal_basis),
        )
    out.print(m)
    if plan.early_detection is not None:
        e = plan.early_detection
        out.print(
            f"{_h('early', lang)} {e.due.isoformat()}, {_h('by', lang)} "
            f"{e.reported_by.labels.get(lang)} — {e.reason.get(lang)} "
            f"({'; '.join(str(r) for r in e.refs)})",
            markup=False,
        )
    if plan.meeting is not None:
        mt = plan.meeting
        who = ", ".join(k.labels.get(lang) for k in mt.participants)
        person = f" + {_h('person', lang)}" if mt.with_person else ""
        out.print(
            f"{_h('meeting', lang)}: {mt.form.labels.get(lang)} {_h('until', lang)} "
            f"{mt.due.isoformat()} — {who}{person}",
            markup=False,
        )
    d = table(_h("sharing", lang), "institution", "ground", "articles")
    for a in plan.data_access:
        d.add_row(a.institution.labels.get(lang), a.basis.value, "; ".join(str(r) for r in a.refs))
    for n in plan.consent_needed:
        d.add_row(n.institution.labels.get(lang), _h("consent_needed", lang), n.reason.get(lang))
    out.print(d)
    if plan.gain is not None:
        g = plan.gain
        out.print(
            f"{_h('gain', lang)}: {g.days_saved} {_h('days', lang)} ({g.sequential_days} "
            f"{_h('sequential', lang)}, {g.parallel_days} {_h('coordinated', lang)}) — "
            f"{g.reason.get(lang)}",
            markup=False,
        )
