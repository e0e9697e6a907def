"""The invariants iizcore promises for every canton, each a named check with the principle it protects.

An :class:`Invariant` is a property of the whole pipeline — federal rules,
coordination plan and cost allocation — that must hold for *every* case,
whatever a canton plugin contributes (network, parameters, triage, lead,
cost keys). :func:`verify` runs each invariant against one
:class:`~iizcore.hooks.Canton` on hypothesis-generated cases
(:mod:`iizcore.testing.strategies`) and returns an
:class:`InvariantResult` per invariant: passed or failed, how many
examples ran, and for a failure the *shrunk* counterexample — the simplest
case hypothesis found that violates the invariant.

Run it from the command line (``iiz verify --canton BL``), from a canton's
own tests (the ``iiz_verify`` fixture of :mod:`iizcore.testing.pytest_plugin`),
or directly::

    from iizcore.hooks import load_canton
    from iizcore.testing.invariants import verify

    for result in verify(load_canton("BL"), examples=200, seed=1):
        print(result.invariant.name, result.status, result.examples)

The invariants (:data:`INVARIANTS`, in this order):

========================== ===================================================
``totality``               every case gets an assessment, without an exception
``determinism``            the same case gives the same assessment, also after
                           a JSON round trip
``references``             every determination rests on at least one provision
``subsidiarity``           social assistance never pays before an insurance
``advance_payment``        while responsibility is open, someone pays in advance
                           and recovers from the liable insurer
``consent``                case data reach an institution only on consent or a
                           legal basis
``cost_conservation``      cost shares add up exactly to each cost item
``alv_monotonic``          more contribution months never mean fewer ALV daily
                           allowances
``iv_monotonic``           a higher invalidity degree never means a smaller IV
                           pension share
``sozialhilfe_monotonic``  more income never means more social assistance
========================== ===================================================

Counterexamples are shown with personal identifiers masked
(:func:`mask_case`): AHV number, name, birth dates (replaced by the age),
entry date (replaced by years since entry) and BFS municipality number.
"""

from __future__ import annotations

import enum
import importlib
import json
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from attrs import evolve, frozen
from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from hypothesis.reporting import with_reporter

from iizcore.errors import IIZError
from iizcore.io import structure, unstructure
from iizcore.law.determination import Determination, Outcome
from iizcore.model import (
    Case,
    ContributionPeriod,
    InstitutionKind,
    LegalRef,
    Money,
)
from iizcore.testing import strategies as iz

if TYPE_CHECKING:
    from iizcore.hooks import Canton

__all__ = [
    "INVARIANTS",
    "Counterexample",
    "Invariant",
    "InvariantResult",
    "Status",
    "Violation",
    "format_failures",
    "invariant",
    "mask_case",
    "verify",
]


class Violation(AssertionError):
    """Raised by an invariant's check when the invariant does not hold.

    The message describes what went wrong in terms of institutions, outcomes
    and amounts — never a personal identifier.
    """


class Status(enum.StrEnum):
    """The result of running one invariant."""

    PASSED = "passed"
    FAILED = "failed"
    UNAVAILABLE = "unavailable"
    """The part of iizcore the invariant checks is not installed (a module is missing)."""


@frozen
class Counterexample:
    """A (shrunk) example that violates an invariant.

    ``cases`` are the cases involved (one, or two for a monotonicity
    invariant: the case and its variant); ``message`` says what went wrong.
    Use :meth:`masked` to show the cases: it never contains an identifier.
    """

    cases: tuple[Case, ...]
    message: str

    def masked(self) -> list[dict[str, Any]]:
        """The cases as JSON-ready data with personal identifiers masked (:func:`mask_case`)."""
        return [mask_case(c) for c in self.cases]

    def render(self, *, compact: bool = True) -> str:
        """The message and the masked cases as indented JSON.

        ``compact`` leaves out empty fields (``null``, ``[]``, ``{}``) so that
        the shrunk counterexample shows only what it is made of.
        """
        cases: Any = self.masked()
        if compact:
            cases = _prune(cases)
        body = json.dumps(cases, ensure_ascii=False, indent=2)
        return f"{self.message}\n{body}"


def _prune(data: Any) -> Any:
    if isinstance(data, dict):
        kept = {k: _prune(v) for k, v in data.items()}
        return {k: v for k, v in kept.items() if v not in (None, [], {})}
    if isinstance(data, list):
        return [_prune(v) for v in data]
    return data


@frozen
class InvariantResult:
    """What :meth:`Invariant.run` found for one canton."""

    invariant: Invariant
    canton: str
    status: Status
    examples: int
    """Examples that ran (passing ones, plus the first failing one)."""
    counterexample: Counterexample | None = None
    detail: str = ""

    @property
    def passed(self) -> bool:
        """Not failed (an unavailable invariant does not fail a run)."""
        return self.status is not Status.FAILED


Check = Callable[["Canton", Any], None]
Examples = Callable[["Canton"], st.SearchStrategy[Any]]


@frozen
class Invariant:
    """A named property the core promises, with the legal principle it protects.

    ``check(canton, example)`` raises :class:`Violation` when the invariant
    does not hold for ``example`` (drawn from ``examples(canton)``: a
    :class:`~iizcore.model.Case`, or a tuple of cases). ``needs`` lists the
    modules the check depends on; if one cannot be imported the invariant
    is reported :attr:`Status.UNAVAILABLE` instead of failing.
    """

    name: str
    title: str
    principle: str
    refs: tuple[LegalRef, ...]
    check: Check
    examples: Examples
    needs: tuple[str, ...] = ("iizcore.assessment",)

    def missing(self) -> tuple[str, ...]:
        """The modules of ``needs`` that cannot be imported (empty when the invariant can run)."""
        out: list[str] = []
        for module in self.needs:
            try:
                importlib.import_module(module)
            except ImportError:
                out.append(module)
        return tuple(out)

    def run(
        self, canton: Canton, *, examples: int = 100, seed: int = 0, shrink_budget: int = 150
    ) -> InvariantResult:
        """Check the invariant on up to ``examples`` generated examples, reproducibly by ``seed``.

        A failure is shrunk by hypothesis towards the simplest counterexample,
        trying at most ``shrink_budget`` candidates (each one runs the rules;
        the budget keeps a failing run short and, being a count rather than a
        time, reproducible). Hypothesis prints nothing: its own report would
        show unmasked data.
        """
        missing = self.missing()
        if missing:
            detail = f"not installed: {', '.join(missing)}"
            return InvariantResult(self, canton.code, Status.UNAVAILABLE, 0, None, detail)
        state = _RunState()
        try:
            strategy = self.examples(canton)
        except IIZError as exc:
            return InvariantResult(
                self, canton.code, Status.FAILED, 0, None, f"cannot generate cases: {exc}"
            )

        def test(example: Any) -> None:
            if state.failure is None:
                state.examples += 1
            else:
                state.shrinks += 1
                if state.shrinks > shrink_budget:
                    # Budget spent: stop hypothesis at once (a BaseException is not
                    # treated as a test failure); the best counterexample so far stands.
                    raise _ShrinkBudgetSpent
            try:
                self.check(canton, example)
            except Exception as exc:
                state.failure = (example, _describe(exc))
                raise

        runner = settings(
            max_examples=examples,
            database=None,
            deadline=None,
            verbosity=Verbosity.quiet,
            print_blob=False,
            suppress_health_check=list(HealthCheck),
            phases=(Phase.explicit, Phase.generate, Phase.shrink),
        )(hypothesis_seed(seed)(given(strategy)(test)))
        error: str | None = None
        try:
            with with_reporter(_silent):
                runner()
        except _ShrinkBudgetSpent:
            pass
        except Exception as exc:
            error = _describe(exc)
        if state.failure is not None:
            example, message = state.failure
            cases = example if isinstance(example, tuple) else (example,)
            return InvariantResult(
                self,
                canton.code,
                Status.FAILED,
                state.examples,
                Counterexample(tuple(cases), message),
                message,
            )
        if error is not None:
            # Hypothesis itself gave up (e.g. the strategy cannot generate cases).
            return InvariantResult(self, canton.code, Status.FAILED, state.examples, None, error)
        return InvariantResult(self, canton.code, Status.PASSED, state.examples)


class _ShrinkBudgetSpent(BaseException):
    """Raised inside a run to end shrinking once the budget is spent."""


@dataclass
class _RunState:
    examples: int = 0
    shrinks: int = 0
    failure: tuple[Any, str] | None = None


def _silent(_: object) -> None:
    return None


def _describe(exc: BaseException) -> str:
    """A message for ``exc`` that cannot carry personal data.

    Violations and iizcore's own errors are written not to contain
    identifiers; for any other exception only its type and the place it
    was raised are shown (its message could contain a value from the case).
    """
    if isinstance(exc, Violation | IIZError):
        return str(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"unexpected {type(exc).__name__}{where}"


# --- masking -------------------------------------------------------------------

MASK: Final = "***"


def _years(earlier: date, later: date) -> int:
    years = later.year - earlier.year
    return years - 1 if (later.month, later.day) < (earlier.month, earlier.day) else years


def mask_case(case: Case) -> dict[str, Any]:
    """``case`` as JSON-ready data with every personal identifier masked.

    The AHV number, the name and the BFS municipality number become
    ``"***"``; birth dates (the person's and the household members') become
    ``"*** (age N)"`` on the as-of date and the entry date
    ``"*** (N years before as-of)"`` — the age is what a rule reads, the
    date is what identifies.
    """
    data: dict[str, Any] = unstructure(case)
    person = data["person"]
    person["birth_date"] = f"{MASK} (age {case.person.age_on(case.as_of)})"
    if person.get("ahv_number") is not None:
        person["ahv_number"] = MASK
    if person.get("name") is not None:
        person["name"] = MASK
    residence = person["residence"]
    residence["bfs_municipality"] = MASK
    entry = case.person.residence.entry_date
    if entry is not None:
        residence["entry_date"] = f"{MASK} ({_years(entry, case.as_of)} years before as-of)"
    for member, raw in zip(
        case.person.household.members, person["household"]["members"], strict=True
    ):
        raw["birth_date"] = f"{MASK} (age {_years(member.birth_date, case.as_of)})"
    return data


# --- running the suite ---------------------------------------------------------


def verify(
    canton: Canton,
    *,
    examples: int = 100,
    seed: int = 0,
    only: Sequence[str] | None = None,
    invariants: Sequence[Invariant] | None = None,
) -> list[InvariantResult]:
    """Run every invariant (or those named in ``only``) against ``canton``.

    Raises:
        ValueError: if ``only`` names an unknown invariant.
    """
    chosen = list(invariants if invariants is not None else INVARIANTS)
    if only is not None:
        known = {i.name for i in chosen}
        unknown = [n for n in only if n not in known]
        if unknown:
            raise ValueError(f"unknown invariant(s): {', '.join(unknown)}")
        chosen = [i for i in chosen if i.name in only]
    return [inv.run(canton, examples=examples, seed=seed) for inv in chosen]


def format_failures(results: Sequence[InvariantResult]) -> str:
    """A readable report of the failed results, counterexamples masked."""
    parts: list[str] = []
    for r in results:
        if r.passed:
            continue
        head = f"invariant {r.invariant.name!r} violated for canton {r.canton} ({r.invariant.principle})"
        if r.counterexample is not None:
            parts.append(f"{head}\n{r.counterexample.render()}")
        else:
            parts.append(f"{head}\n{r.detail}")
    return "\n\n".join(parts)


#: Registry of the invariants, filled by :func:`invariant` in definition order.
INVARIANTS: list[Invariant] = []


def invariant(
    name: str,
    *,
    title: str,
    principle: str,
    refs: Sequence[LegalRef],
    examples: Examples | None = None,
    needs: Sequence[str] = ("iizcore.assessment",),
) -> Callable[[Check], Check]:
    """Register the decorated check as an :class:`Invariant` in :data:`INVARIANTS`.

    ``examples`` defaults to cases of persons living in the canton
    (:func:`iizcore.testing.strategies.cases_for`).
    """

    def register(check: Check) -> Check:
        INVARIANTS.append(
            Invariant(
                name=name,
                title=title,
                principle=principle,
                refs=tuple(refs),
                check=check,
                examples=examples or _canton_cases,
                needs=tuple(needs),
            )
        )
        return check

    return register


def _canton_cases(canton: Canton) -> st.SearchStrategy[Case]:
    return iz.cases_for(canton)


# --- the pipeline under test ---------------------------------------------------

#: Every module :func:`iizcore.assessment.assess` needs (the federal rules included).
_PIPELINE: Final = (
    "iizcore.assessment",
    "iizcore.law.ahv",
    "iizcore.law.alv",
    "iizcore.law.iv",
    "iizcore.law.migration",
    "iizcore.law.sozialhilfe",
)
_RULES: Final = _PIPELINE[1:]


def _assess(canton: Canton, case: Case) -> Any:
    from iizcore.assessment import assess

    return assess(case, canton, case.as_of)


def _determinations(canton: Canton, case: Case) -> tuple[Determination, ...]:
    from iizcore.law.determination import RuleContext
    from iizcore.law.rules import determine_all

    return determine_all(case, RuleContext(case.as_of, canton.parameters))


def _checked(what: str, run: Callable[[], Any]) -> Any:
    """Run ``run``; an exception becomes a :class:`Violation` (the invariant cannot be checked)."""
    try:
        return run()
    except Violation:
        raise
    except Exception as exc:
        raise Violation(f"{what} raised: {_describe(exc)}") from exc


def _ref(text: str) -> LegalRef:
    return LegalRef.parse(text)


# --- totality, determinism, references ----------------------------------------


@invariant(
    "totality",
    title="Every case gets an assessment",
    principle="Rechtsweggarantie / Rechtsverweigerungsverbot: every person gets a decision "
    "— each case yields determinations and a coordination plan, never an unexpected exception",
    refs=[_ref("BV Art. 29 Abs. 1"), _ref("ATSG Art. 49 Abs. 1")],
    needs=_PIPELINE,
)
def _totality(canton: Canton, case: Case) -> None:
    assessment = _checked("the assessment", lambda: _assess(canton, case))
    if not assessment.determinations:
        raise Violation("the assessment has no determination")
    if assessment.plan is None:
        raise Violation("the assessment has no coordination plan")


@invariant(
    "determinism",
    title="The same case gives the same assessment",
    principle="Rechtsgleichheit: equal cases are decided equally — the assessment depends "
    "only on the case, the date and the canton, also after a JSON round trip",
    refs=[_ref("BV Art. 8 Abs. 1")],
    needs=_PIPELINE,
)
def _determinism(canton: Canton, case: Case) -> None:
    first = unstructure(_checked("the assessment", lambda: _assess(canton, case)))
    second = unstructure(_checked("the second assessment", lambda: _assess(canton, case)))
    if first != second:
        raise Violation("assessing the same case twice gave different results")
    copy = structure(json.loads(json.dumps(unstructure(case))), Case)
    third = unstructure(_checked("the assessment of the JSON copy", lambda: _assess(canton, copy)))
    if first != third:
        raise Violation("the case and its JSON round trip were assessed differently")


@invariant(
    "references",
    title="Every decision cites its provision",
    principle="Legalitätsprinzip and Begründungspflicht: every determination rests on at "
    "least one legal provision; every met triage criterion and the lead on a provision or "
    "a documented source; every step of the order of payment on a provision",
    refs=[_ref("BV Art. 5 Abs. 1"), _ref("ATSG Art. 49 Abs. 3")],
    needs=_PIPELINE,
)
def _references(canton: Canton, case: Case) -> None:
    assessment = _checked("the assessment", lambda: _assess(canton, case))
    for d in assessment.determinations:
        if not d.refs:
            raise Violation(f"determination {d.rule} ({d.institution.value}) cites no provision")
    plan = assessment.plan
    for criterion in plan.triage.met:
        if not criterion.refs and not criterion.source:
            raise Violation(f"triage criterion {criterion.code} is met but cites nothing")
    if not plan.lead.refs and not plan.lead.source:
        raise Violation(f"lead rule {plan.lead.rule} cites no provision and no source")
    for step in plan.payments:
        if not step.refs:
            raise Violation(
                f"payment step {step.rank} ({step.institution.value}, {step.role.value}) "
                "cites no provision"
            )


# --- subsidiarity and advance payments ------------------------------------------

#: Cash benefits of social insurances that come before social assistance.
_INSURANCE_CASH_RULES: Final = frozenset({"alv.entitlement", "iv.pension"})
_SOCIAL_ASSISTANCE_RULE: Final = "social_assistance.need"


@invariant(
    "subsidiarity",
    title="Social assistance comes after the insurances",
    principle="Subsidiarität der Sozialhilfe: social assistance is never granted while an "
    "insurance cash benefit is available but not yet claimed, and never pays before an "
    "insurance in the order of payment",
    refs=[_ref("SKOS A.3"), _ref("ATSG Art. 70 Abs. 1")],
    needs=_PIPELINE,
)
def _subsidiarity(canton: Canton, case: Case) -> None:
    assessment = _checked("the assessment", lambda: _assess(canton, case))
    on = assessment.on
    receiving = {s.institution for s in case.active_spells(on) if s.benefit.value == "cash"}
    available = [
        d
        for d in assessment.determinations
        if d.rule in _INSURANCE_CASH_RULES and d.eligible and d.institution not in receiving
    ]
    for d in assessment.determinations:
        if d.rule == _SOCIAL_ASSISTANCE_RULE and d.eligible and available:
            raise Violation(
                f"social assistance is eligible while {available[0].rule} is eligible and "
                "not yet received on the same date"
            )
    steps = assessment.plan.payments
    insurance_ranks = [
        s.rank for s in steps if s.institution.is_insurance and s.role.value != "pending"
    ]
    for s in steps:
        if s.institution is not InstitutionKind.SOCIAL_ASSISTANCE:
            continue
        if s.role.value == "primary":
            raise Violation("social assistance is a primary payer in the order of payment")
        if insurance_ranks and s.rank < max(insurance_ranks):
            raise Violation(
                f"social assistance pays at rank {s.rank}, before an insurance at rank "
                f"{max(insurance_ranks)}"
            )


@invariant(
    "advance_payment",
    title="While responsibility is open, someone advances and recovers",
    principle="Vorleistungspflicht: while it is disputed whether the ALV or the IV must pay, "
    "an eligible ALV advances instead of waiting for the IV; every advance names the "
    "institution it recovers from",
    refs=[_ref("ATSG Art. 70 Abs. 2 lit. b"), _ref("ATSG Art. 71"), _ref("IVV Art. 85bis Abs. 1")],
    needs=_PIPELINE,
)
def _advance_payment(canton: Canton, case: Case) -> None:
    assessment = _checked("the assessment", lambda: _assess(canton, case))
    steps = assessment.plan.payments
    primary = {s.institution for s in steps if s.role.value == "primary"}
    for s in steps:
        if s.role.value != "advance":
            continue
        if s.recovers_from is None or not s.recovery_refs:
            raise Violation(
                f"{s.institution.value} advances without naming whom it recovers from "
                "(and on which provision)"
            )
        if s.recovers_from in primary:
            raise Violation(
                f"{s.institution.value} advances against {s.recovers_from.value}, "
                "which already pays as the responsible institution"
            )
    iv_pending = any(
        c.institution is InstitutionKind.IV_OFFICE for c in case.pending_claims(assessment.on)
    )
    iv_pays = any(
        s.institution is InstitutionKind.IV_OFFICE and s.role.value == "primary" for s in steps
    )
    alv_eligible = any(
        d.rule == "alv.entitlement" and d.eligible for d in assessment.determinations
    )
    if iv_pending and alv_eligible and not iv_pays:
        alv = [s for s in steps if s.institution is InstitutionKind.ALV_FUND]
        if not alv or alv[0].role.value not in ("advance", "primary"):
            raise Violation(
                "the ALV is eligible and an IV claim is pending, but the ALV neither pays "
                "nor advances"
            )


# --- consent ------------------------------------------------------------------


@invariant(
    "consent",
    title="No data sharing without consent or a legal basis",
    principle="Datenschutz in der IIZ: case data reach an institution only on the person's "
    "written consent (Ermächtigung) or a legal basis for the exchange; every institution "
    "in the plan either has such a ground or is listed as needing consent",
    refs=[_ref("IVG Art. 68bis Abs. 1"), _ref("AVIG Art. 85f Abs. 1"), _ref("BV Art. 13 Abs. 2")],
    needs=(*_PIPELINE, "iizcore.coordination.sharing"),
)
def _consent(canton: Canton, case: Case) -> None:
    from iizcore.coordination.sharing import AccessBasis, applicable_bases

    assessment = _checked("the assessment", lambda: _assess(canton, case))
    plan = assessment.plan
    on = plan.on
    bases = applicable_bases(case, on)
    for access in plan.data_access:
        kind = access.institution
        if access.basis is AccessBasis.CONSENT and not case.has_consent(kind, on):
            raise Violation(f"{kind.value} sees the case data on consent, but none covers it")
        if access.basis is AccessBasis.LEGAL_BASIS:
            grounds = [b for b in bases if b.covers(kind)]
            if not grounds or not access.refs:
                raise Violation(
                    f"{kind.value} sees the case data on a legal basis that does not apply"
                )
    flagged = {a.institution for a in plan.data_access} | {
        n.institution for n in plan.consent_needed
    }
    for kind in plan.participant_kinds:
        if kind not in flagged:
            raise Violation(
                f"participant {kind.value} is neither granted access nor listed as needing consent"
            )
    if plan.meeting is not None:
        for kind in plan.meeting.participants:
            if kind not in flagged:
                raise Violation(
                    f"{kind.value} is invited to the meeting without a data-access ground"
                )


# --- conservation of money -------------------------------------------------------


@invariant(
    "cost_conservation",
    title="Cost shares add up exactly",
    principle="Kostenteiler: every franc of IIZ costs is borne by exactly one party — the "
    "shares of each cost item add up to its total, to the 5 Rappen, none is negative",
    refs=[_ref("AVIG Art. 85f Abs. 1"), _ref("IVG Art. 68bis Abs. 1")],
    needs=(*_PIPELINE, "iizcore.costs"),
)
def _cost_conservation(canton: Canton, case: Case) -> None:
    from iizcore.costs.exact import is_on_grid

    assessment = _checked("the assessment", lambda: _assess(canton, case))
    costs = assessment.costs
    if costs is None:
        return
    grand = Money.zero()
    for item in costs.items:
        total = sum((s.amount for s in item.shares), Money.zero())
        if total != item.total:
            raise Violation(
                f"cost item {item.item.kind.value}: shares add up to {total}, not {item.total}"
            )
        for share in item.shares:
            if share.amount.amount < 0 or not is_on_grid(share.amount):
                raise Violation(
                    f"cost item {item.item.kind.value}: share {share.amount} of {share.party} "
                    "is negative or not a multiple of 5 Rappen"
                )
        for flow in item.flows:
            if flow.amount.amount < 0 or flow.amount > item.total:
                raise Violation(
                    f"cost item {item.item.kind.value}: reimbursement {flow.amount} exceeds the "
                    "item or is negative"
                )
        grand = grand + item.total
    borne = sum(costs.by_party().values(), Money.zero())
    if borne != grand:
        raise Violation(f"the parties bear {borne} in all, the items total {grand}")


# --- monotonicity of entitlements ----------------------------------------------

_RANK: Final = {Outcome.NOT_ELIGIBLE: 0, Outcome.NEEDS_CLARIFICATION: 1, Outcome.ELIGIBLE: 2}


def _one(determinations: Sequence[Determination], rule: str) -> Determination | None:
    return next((d for d in determinations if d.rule == rule), None)


def _monotone(
    canton: Canton,
    lesser: Case,
    greater: Case,
    rule: str,
    value: Callable[[Determination], Decimal | None],
    what: str,
    *,
    decreasing: bool = False,
) -> None:
    """Check that ``rule``'s outcome and ``value`` do not get worse from ``lesser`` to ``greater``.

    ``decreasing=True`` checks the opposite direction (more income, less need).
    """
    low = _one(_checked("the rules", lambda: _determinations(canton, lesser)), rule)
    high = _one(_checked("the rules", lambda: _determinations(canton, greater)), rule)
    if low is None or high is None:
        return
    better, worse = (low, high) if decreasing else (high, low)
    if _RANK[better.outcome] < _RANK[worse.outcome]:
        raise Violation(
            f"{rule}: {what} — outcome went from {worse.outcome.value} to {better.outcome.value}"
        )
    a, b = value(worse), value(better)
    if a is not None and b is not None and b < a:
        raise Violation(f"{rule}: {what} — value fell from {a} to {b}")


@st.composite
def _more_contribution_months(draw: st.DrawFn, canton: Canton) -> tuple[Case, Case]:
    """An unemployed person's case, and the same case with more contribution time.

    The variant adds one period of 1-24 months within the two years before
    unemployment began (the usual contribution framework, AVIG Art. 9 Abs. 3)
    and merges overlapping periods, so that it covers every contribution day
    of the original and more.
    """
    case = draw(iz.cases_for(canton, unemployed=True))
    emp = case.person.employment
    since = emp.unemployed_since
    if since is None:  # pragma: no cover - unemployed=True always sets it
        return case, case
    last = since - timedelta(days=1)
    length = timedelta(days=draw(st.integers(30, 730)))
    end = draw(st.dates(last - timedelta(days=730) + length, last))
    added = ContributionPeriod(end - length + timedelta(days=1), end)
    more = evolve(emp, contribution_periods=_merge((*emp.contribution_periods, added)))
    return case, evolve(case, person=evolve(case.person, employment=more))


def _merge(periods: Sequence[ContributionPeriod]) -> tuple[ContributionPeriod, ...]:
    """The union of ``periods`` as disjoint periods in date order."""
    out: list[ContributionPeriod] = []
    for p in sorted(periods, key=lambda p: p.start):
        if out and p.start <= out[-1].end + timedelta(days=1):
            out[-1] = ContributionPeriod(out[-1].start, max(out[-1].end, p.end))
        else:
            out.append(p)
    return tuple(out)


def _max_allowances(d: Determination) -> Decimal | None:
    return d.quantity("max_daily_allowances")


@invariant(
    "alv_monotonic",
    title="More contribution months never mean fewer ALV daily allowances",
    principle="Versicherungsprinzip: the maximum number of daily allowances grows with the "
    "contribution period — a longer contribution period never lowers it or the entitlement",
    refs=[_ref("AVIG Art. 27 Abs. 2"), _ref("AVIG Art. 13 Abs. 1")],
    examples=lambda canton: _more_contribution_months(canton),
    needs=_RULES,
)
def _alv_monotonic(canton: Canton, pair: tuple[Case, Case]) -> None:
    _monotone(
        canton, pair[0], pair[1], "alv.entitlement", _max_allowances, "more contribution months"
    )


@st.composite
def _more_income(draw: st.DrawFn, canton: Canton) -> tuple[Case, Case]:
    """A case, and the same case with a higher household income."""
    case = draw(iz.cases_for(canton))
    extra = draw(iz.money(1, 4_000))
    person = evolve(case.person, monthly_income=case.person.monthly_income + extra)
    return case, evolve(case, person=person)


def _monthly_need(d: Determination) -> Decimal | None:
    need = d.amount("monthly_need")
    return None if need is None else need.amount


@invariant(
    "sozialhilfe_monotonic",
    title="More income never means more social assistance",
    principle="Bedarfsdeckungsprinzip: social assistance covers the need that own means leave "
    "open — more income never raises the need or improves the entitlement",
    refs=[_ref("SKOS A.3"), _ref("SKOS D.2")],
    examples=lambda canton: _more_income(canton),
    needs=_RULES,
)
def _sozialhilfe_monotonic(canton: Canton, pair: tuple[Case, Case]) -> None:
    lesser, greater = pair
    low = _one(
        _checked("the rules", lambda: _determinations(canton, lesser)), _SOCIAL_ASSISTANCE_RULE
    )
    high = _one(
        _checked("the rules", lambda: _determinations(canton, greater)), _SOCIAL_ASSISTANCE_RULE
    )
    if low is None or high is None:
        return
    if _RANK[high.outcome] > _RANK[low.outcome]:
        raise Violation(
            f"{_SOCIAL_ASSISTANCE_RULE}: more income — outcome went from {low.outcome.value} "
            f"to {high.outcome.value}"
        )
    a, b = _monthly_need(low), _monthly_need(high)
    if a is not None and b is not None and b > a:
        raise Violation(
            f"{_SOCIAL_ASSISTANCE_RULE}: more income — monthly need rose from {a} to {b}"
        )


@st.composite
def _higher_degree(draw: st.DrawFn, canton: Canton) -> tuple[Case, Case]:
    """A case of a person with a health problem at two invalidity degrees, lower first."""
    case = draw(iz.cases_for(canton, health_problem=True))
    low = draw(st.integers(0, 100))
    high = draw(st.integers(low, 100))
    health = case.person.health

    def at(degree: int) -> Case:
        return evolve(
            case, person=evolve(case.person, health=evolve(health, invalidity_degree=degree))
        )

    return at(low), at(high)


def _pension_share(d: Determination) -> Decimal | None:
    return d.quantity("pension_share")


@invariant(
    "iv_monotonic",
    title="A higher invalidity degree never means a smaller IV pension",
    principle="Rentenanspruch nach Invaliditätsgrad: the pension share grows with the degree "
    "of invalidity — a higher degree never lowers the share or the entitlement",
    refs=[_ref("IVG Art. 28 Abs. 1"), _ref("IVG Art. 28b")],
    examples=lambda canton: _higher_degree(canton),
    needs=_RULES,
)
def _iv_monotonic(canton: Canton, pair: tuple[Case, Case]) -> None:
    _monotone(canton, pair[0], pair[1], "iv.pension", _pension_share, "higher invalidity degree")
