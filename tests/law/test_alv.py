"""ALV rules (AVIG/AVIV) checked against worked examples from official and practice sources."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from iizcore.errors import ParameterError
from iizcore.law import alv
from iizcore.law.determination import Outcome, RuleContext, Trace
from iizcore.law.parameters import federal_parameters
from iizcore.model import (
    Benefit,
    Claim,
    ContributionPeriod,
    EmploymentStatus,
    EndReason,
    Exemption,
    ExemptionReason,
    Health,
    InstitutionKind,
    Money,
    Period,
    Residence,
    ResidenceStatus,
    Sex,
    Spell,
)

from .test_alv_builders import alv_case

PARAMS = federal_parameters()
ON = date(2025, 3, 3)


def _ctx(on: date = ON, trace: Trace | None = None) -> RuleContext:
    return RuleContext(on=on, parameters=PARAMS, trace=trace or Trace(enabled=False))


# --- Daily allowance (AVIG Art. 22-23, AVIV Art. 40a) -------------------------------------------


def test_daily_allowance_ag_example() -> None:
    """Kanton Aargau, "Wie hoch ist mein Taggeld?" (ag.ch): insured earnings CHF 4,500,
    80 % → 4,500 / 21.7 × 80 % = CHF 165.90."""
    value = alv.daily_allowance(Money.chf(4500), True, None, PARAMS, ON)
    assert value.rounded() == Money.chf("165.90")
    assert alv.daily_allowance_rate(Money.chf(4500), True, None, PARAMS, ON) == 80


@pytest.mark.parametrize(
    ("earnings", "rate", "allowance"),
    [
        ("3797", 80, "140.00"),  # 3,797 × 0.8 / 21.7 = 139.98: not more than 140 → 80 %
        ("3798", 70, "140.00"),  # full allowance 140.02 > 140 → reduced, flat CHF 140
        ("4000", 70, "140.00"),
        ("4340", 70, "140.00"),  # 4,340 × 0.7 / 21.7 = 140.00
        ("5000", 70, "161.30"),  # 161.29 → 161.30 (5 Rappen)
    ],
)
def test_reduced_rate_and_flat_140_sg(earnings: str, rate: int, allowance: str) -> None:
    """Kanton St. Gallen, "Versicherter Verdienst und Taggeldhöhe" (sg.ch): without maintenance duty
    70 % in principle; insured earnings between CHF 3,797 and 4,340 get a flat CHF 140
    (AVIG Art. 22 Abs. 2 lit. b: 70 % only if the full allowance is more than CHF 140)."""
    assert alv.daily_allowance_rate(Money.chf(earnings), False, None, PARAMS, ON) == rate
    assert alv.daily_allowance(Money.chf(earnings), False, None, PARAMS, ON).rounded() == Money.chf(
        allowance
    )


def test_iv_pension_keeps_80_percent() -> None:
    """AVIG Art. 22 Abs. 2 lit. c and Kanton Luzern fund (wira.lu.ch): 80 % with an IV pension
    for a degree of at least 40 %; 39 % does not count."""
    assert alv.daily_allowance_rate(Money.chf(8000), False, 40, PARAMS, ON) == 80
    assert alv.daily_allowance_rate(Money.chf(8000), False, 39, PARAMS, ON) == 70


def test_insured_earnings_capped_at_12350() -> None:
    """sg.ch: "Der maximal versicherte Verdienst pro Monat beträgt CHF 12'350" (UVV Art. 22 Abs. 1
    148,200 / 12): highest daily allowances 455.30 (80 %) and 398.40 (70 %)."""
    assert alv.insured_earnings(Money.chf(20000), PARAMS, ON) == Money.chf(12350)
    assert alv.daily_allowance(Money.chf(20000), True, None, PARAMS, ON).rounded() == Money.chf(
        "455.30"
    )
    assert alv.daily_allowance(Money.chf(20000), False, None, PARAMS, ON).rounded() == Money.chf(
        "398.40"
    )


def test_maximum_before_2016_was_10500() -> None:
    """UVV Art. 22 Abs. 1 before 1.1.2016: CHF 126,000 a year = 10,500 a month."""
    assert alv.insured_earnings(Money.chf(12000), PARAMS, date(2015, 6, 1)) == Money.chf(10500)


# --- Maximum number of daily allowances (AVIG Art. 27) ------------------------------------------

AWA_SG_TABLE = [
    # (months, age, maintenance duty, IV degree, exempt) -> allowances; awa.sg.ch "Höchstzahl der Taggelder"
    ((12, 24, False, None, False), 200),
    ((24, 24, False, None, False), 200),
    ((12, 30, False, None, False), 260),
    ((17, 24, True, None, False), 260),
    ((18, 30, False, None, False), 400),
    ((24, 40, True, None, False), 400),
    ((22, 40, False, 40, False), 520),
    ((22, 55, False, None, False), 520),
    ((21, 60, False, None, False), 400),
    ((0, 30, False, None, True), 90),
    ((11, 40, True, None, False), 0),
]


@pytest.mark.parametrize(("args", "expected"), AWA_SG_TABLE)
def test_max_allowances_awa_sg_table(
    args: tuple[int, int, bool, int | None, bool], expected: int
) -> None:
    """Amt für Wirtschaft und Arbeit St. Gallen (awa.sg.ch, Taggelder): 12-24 months, under 25
    without maintenance duty → 200; 12 to < 18 → 260; 18-24 → 400; 22-24 and 55+ or IV pension
    ≥ 40 % → 520; exempt → 90 (AVIG Art. 27 Abs. 2, 4, 5bis). Fewer than 12 months → 0 (Art. 13)."""
    months, age, duty, degree, exempt = args
    assert (
        alv.max_daily_allowances(months, age, duty, degree, exempt, False, PARAMS, ON) == expected
    )


def test_pre_retirement_adds_120_but_not_for_exempt() -> None:
    """awa.sg.ch footnote 1: +120 allowances for those who became unemployed within the last four
    years before the AHV age; AVIV Art. 41b Abs. 1: only for a framework opened under AVIG Art. 13."""
    assert alv.max_daily_allowances(24, 62, False, None, False, True, PARAMS, ON) == 640
    assert alv.max_daily_allowances(18, 45, False, None, False, True, PARAMS, ON) == 520
    assert alv.max_daily_allowances(12, 62, False, None, False, True, PARAMS, ON) == 380
    assert alv.max_daily_allowances(0, 62, False, None, True, True, PARAMS, ON) == 90


def test_pre_retirement_case_extends_framework() -> None:
    """A man born 15 June 1961 reaches 65 on 15 June 2026; a framework opened on 1 January 2024
    lies in the four-year window: 520 + 120 allowances (AVIG Art. 27 Abs. 2 lit. c, Abs. 3,
    AVIV Art. 41b), framework extended to 30 June 2026 (end of the month before the pension,
    which starts on 1 July 2026: AHVG Art. 21 Abs. 2). One rule for framework and Aussteuerung:
    the 640 allowances from March 2024 run out on Friday 26 June 2026, inside that month."""
    case = alv_case(
        born=date(1961, 6, 15),
        sex=Sex.MALE,
        as_of=date(2024, 3, 1),
        unemployed_since=date(2024, 1, 1),
        periods=(ContributionPeriod(date(2020, 1, 1), date(2023, 12, 31)),),
    )
    det = alv.entitlement(case, _ctx(date(2024, 3, 1)))
    assert det.quantity("max_daily_allowances") == 640
    assert det.date("benefit_framework_end") == date(2026, 6, 30)
    assert any(r.code == "alv.pre_retirement" for r in det.reasons)
    assert det.date("exhaustion_date") == date(2026, 6, 26)


def test_alv_ends_with_the_month_before_the_ahv_pension() -> None:
    """AVIV Art. 41b Abs. 2 (droit-bilingue 837.02-41b): the framework runs "bis zum Ende des der
    Ausrichtung der AHV-Rente vorangehenden Monats"; AHVG Art. 21 Abs. 2 (lawbrary
    AHVG-v2025.01-de-art-21): the pension starts on the first day of the month after the reference
    age; Beobachter "Arbeitslos kurz vor dem AHV-Alter": "Die Anspruchsberechtigung endet am Ende
    des Monats, in welchem das Referenzalter erreicht ... wird". Man born 15 June 1961, framework
    from 1 September 2025: the allowances outlast 30 June 2026, so the Aussteuerung is that day —
    a month end, not the day before the birthday (14 June 2026)."""
    case = alv_case(
        born=date(1961, 6, 15),
        sex=Sex.MALE,
        as_of=date(2025, 10, 1),
        unemployed_since=date(2025, 9, 1),
        periods=(ContributionPeriod(date(2023, 1, 1), date(2025, 8, 31)),),
    )
    det = alv.entitlement(case, _ctx(date(2025, 10, 1)))
    exhaustion = next(d for d in det.dates if d.name == "exhaustion_date")
    assert exhaustion.day == date(2026, 6, 30)
    assert str(exhaustion.ref) == "AHVG Art. 21 Abs. 2"
    # Still entitled in the month the reference age is reached, not in the month after.
    june = alv_case(
        born=date(1961, 6, 15),
        sex=Sex.MALE,
        as_of=date(2026, 6, 20),
        unemployed_since=date(2025, 9, 1),
        periods=(ContributionPeriod(date(2023, 1, 1), date(2025, 8, 31)),),
    )
    assert alv.entitlement(june, _ctx(date(2026, 6, 20))).outcome is Outcome.ELIGIBLE
    july = alv.entitlement(june, _ctx(date(2026, 7, 1)))
    assert july.outcome is Outcome.NOT_ELIGIBLE
    assert any(r.code == "alv.age_or_school_not_met" for r in july.reasons)


def test_ahv21_woman_keeps_alv_dates_whatever_the_assessment_date() -> None:
    """AHV 21 (EAK table): a woman born 20 August 1962 reaches her reference age at 64 + 6 months,
    on 20 February 2027; her AHV pension starts on 1 March 2027 (AHVG Art. 21 Abs. 2). Framework
    from 1 March 2023 — in the four-year window (AVIV Art. 41b Abs. 1) — so it is extended to
    28 February 2027 whether assessed in 2023 (before AHV 21) or in 2024 (review finding A6)."""
    case = alv_case(
        born=date(1962, 8, 20),
        as_of=date(2023, 6, 1),
        unemployed_since=date(2023, 3, 1),
        periods=(ContributionPeriod(date(2021, 1, 1), date(2023, 2, 28)),),
    )
    early = alv.entitlement(case, _ctx(date(2023, 6, 1)))
    late = alv.entitlement(case, _ctx(date(2024, 6, 3)))
    assert early.date("benefit_framework_end") == date(2027, 2, 28)
    assert late.date("benefit_framework_end") == date(2027, 2, 28)


def test_loss_of_iv_pension_has_its_own_maximum() -> None:
    """AVIG Art. 27 Abs. 5 (lawbrary AVIG-v2024.01-de-art-27): persons forced to take up work
    because their IV pension ended (Art. 14 Abs. 2) have their own maximum, not the 90 of Abs. 4.
    The number (180) is encoded with verified=false: the stored text is cut before it."""
    entry = PARAMS.entry("alv.max_daily_allowances_loss_of_iv_pension", ON)
    assert str(entry.ref) == "AVIG Art. 27 Abs. 5"
    case = alv_case(
        periods=(),
        earnings="4000",
        exemption=Exemption(ExemptionReason.LOSS_OF_IV_PENSION, 0),
    )
    det = alv.entitlement(case, _ctx())
    assert det.outcome is Outcome.ELIGIBLE
    assert det.quantity("max_daily_allowances") == entry.decimal
    assert det.quantity("max_daily_allowances") != 90
    assert any(str(q.ref) == "AVIG Art. 27 Abs. 5" for q in det.quantities)
    assert any(
        r.code == "alv.contribution_period.exempt" and str(r.ref) == "AVIG Art. 14 Abs. 2"
        for r in det.reasons
    )
    # Other Abs. 2 reasons keep the 90 of Abs. 4.
    other = alv_case(
        periods=(), earnings="4000", exemption=Exemption(ExemptionReason.FORCED_RETURN_TO_WORK, 0)
    )
    assert alv.entitlement(other, _ctx()).quantity("max_daily_allowances") == 90


def test_trace_logs_the_iv_degree_it_uses() -> None:
    """Review finding A5: Art. 27 uses the IV pension drawn when the framework opens; the trace must
    log that same degree, not the one on the assessment date. Pension (45 %) from 1 January 2025,
    framework from 1 November 2024: no pension at the opening → 400, and the trace says None."""
    trace = Trace()
    case = alv_case(
        health=Health(invalidity_degree=45, iv_pension_since=date(2025, 1, 1)),
    )
    det = alv.entitlement(case, _ctx(trace=trace))
    assert det.quantity("max_daily_allowances") == 400
    step = next(s for s in trace.steps if s.rule == "alv.max_daily_allowances")
    assert dict(step.inputs)["iv_pension_degree"] == "None"


def test_exemption_reason_is_named_in_every_language() -> None:
    """Review finding A10: the reason text names the exemption in the reader's language, never the
    English enum value inside German, French or Italian text."""
    case = alv_case(periods=(), exemption=Exemption(ExemptionReason.EDUCATION, 18))
    det = alv.entitlement(case, _ctx())
    reason = next(r for r in det.reasons if r.code == "alv.contribution_period.exempt")
    assert "Ausbildung" in reason.text.get("de")
    assert "formation" in reason.text.get("fr")
    assert "formazione" in reason.text.get("it")
    for lang in ("de", "fr", "it"):
        assert "education" not in reason.text.get(lang)


def test_sickness_text_formats_the_parameters() -> None:
    """Review finding B3: the 30th day and the 44 allowances come from alv.toml (AVIG Art. 28 Abs. 1),
    not from literals in the sentence."""
    case = alv_case(health=Health(incapacity_percent=100, incapacity_since=date(2025, 2, 20)))
    found = alv.placeability(case.person, case.claims, PARAMS, ON)
    day = int(PARAMS.value("alv.sickness_full_allowance_until_day", ON))
    cap = int(PARAMS.value("alv.sickness_max_daily_allowances_per_framework", ON))
    assert f"({day}. Tag)" in found.reason.text.get("de")
    assert f"höchstens {cap} Taggelder" in found.reason.text.get("de")
    assert f"({day}e jour)" in found.reason.text.get("fr")
    assert f"({day}° giorno)" in found.reason.text.get("it")
    assert f"({day}th day)" in found.reason.text.get("en")


# --- Waiting days (AVIG Art. 18, AVIV Art. 6, 6a) ------------------------------------------------


@pytest.mark.parametrize(
    ("monthly", "duty", "days"),
    [
        ("3000", False, 0),
        ("3001", False, 5),
        ("5000", False, 5),
        ("5001", False, 10),
        ("7500", False, 10),
        ("7501", False, 15),
        ("10416", False, 15),
        ("10417", False, 20),
        ("3000", True, 0),
        ("5000", True, 0),
        ("5001", True, 5),
        ("10417", True, 5),
    ],
)
def test_general_waiting_days_fund_table(monthly: str, duty: bool, days: int) -> None:
    """Arbeitslosenkasse syndicom, "Was sind Wartezeiten?" (alk.syndicom.ch), same table as the
    Luzern fund (wira.lu.ch): without children up to 3,000 → 0; 3,001-5,000 → 5; 5,001-7,500 → 10;
    7,501-10,416 → 15; from 10,417 → 20; with children 0 up to 5,000, then 5."""
    assert alv.general_waiting_days(Money.chf(monthly), duty, PARAMS, ON) == days


def test_waiting_days_ktipp_engineer() -> None:
    """K-Tipp "Arbeitslos: Taggeld-Abzug bis 20 Tage ist rechtens" (Federal Supreme Court case):
    no children, CHF 117,000 a year → 15 waiting days."""
    assert alv.general_waiting_days(Money.chf(9750), False, PARAMS, ON) == 15


def test_special_waiting_days() -> None:
    """AVIV Art. 6 Abs. 1-2 (lawbrary) and alk.syndicom.ch: exempt for education → 120 special
    waiting days; every other exemption → 5; not exempt → none."""
    assert alv.special_waiting_days(ExemptionReason.EDUCATION, PARAMS, ON) == 120
    assert alv.special_waiting_days(ExemptionReason.INSTITUTION, PARAMS, ON) == 5
    assert alv.special_waiting_days(None, PARAMS, ON) == 0


# --- Framework periods and contribution months (AVIG Art. 9, 13; AVIV Art. 11) ------------------


def test_framework_bge_125_v_42() -> None:
    """BGE 125 V 42: a benefit framework from 29 March 1993 to 28 March 1995 (AVIG Art. 9 Abs. 2)."""
    framework = alv.benefit_framework(date(1993, 3, 29), PARAMS, ON)
    assert framework == Period(date(1993, 3, 29), date(1995, 3, 28))
    assert alv.contribution_framework(date(1993, 3, 29), PARAMS, ON) == Period(
        date(1991, 3, 29), date(1993, 3, 28)
    )


def test_contribution_months_full_and_loose_days() -> None:
    """AVIV Art. 11 Abs. 1-2: full calendar months count one each; the remaining days are added
    and 30 of them make a month. 15 Jan 2023 - 14 Jan 2024: 11 full months + (17 + 14) / 30."""
    framework = Period(date(2022, 11, 1), date(2024, 10, 31))
    months = alv.contribution_months(
        [ContributionPeriod(date(2023, 1, 15), date(2024, 1, 14))], framework, PARAMS, ON
    )
    assert months == Decimal(11) + Decimal(31) / Decimal(30)
    assert months >= 12


def test_overlapping_jobs_count_once() -> None:
    """AVIV Art. 11 Abs. 4: several part-time jobs at the same time count only once."""
    framework = Period(date(2022, 11, 1), date(2024, 10, 31))
    one = ContributionPeriod(date(2023, 1, 1), date(2023, 12, 31))
    two = ContributionPeriod(date(2023, 6, 1), date(2024, 2, 29))
    assert alv.contribution_months([one, two], framework, PARAMS, ON) == 14


def test_eleven_months_not_enough() -> None:
    """AVIG Art. 13 Abs. 1: at least 12 months; 11 months and no exemption → not eligible."""
    case = alv_case(periods=(ContributionPeriod(date(2023, 12, 1), date(2024, 10, 31)),))
    det = alv.entitlement(case, _ctx())
    assert det.outcome is Outcome.NOT_ELIGIBLE
    assert any(r.code == "alv.contribution_period.not_met" and r.met is False for r in det.reasons)
    assert det.quantity("max_daily_allowances") == 0


@pytest.mark.parametrize(("months", "exempt"), [(12, False), (13, True)])
def test_exemption_needs_more_than_twelve_months(months: int, exempt: bool) -> None:
    """AVIG Art. 14 Abs. 1 (lawbrary, text as of 1.1.2024): "während insgesamt mehr als zwölf
    Monaten" — 12 months do not exempt, 13 do; exempt persons get 90 allowances (Art. 27 Abs. 4)
    and 120 special waiting days for education (AVIV Art. 6 Abs. 1)."""
    case = alv_case(
        born=date(2000, 1, 1),
        periods=(),
        earnings="3000",
        exemption=Exemption(ExemptionReason.EDUCATION, months),
    )
    det = alv.entitlement(case, _ctx())
    if exempt:
        assert det.outcome is Outcome.ELIGIBLE
        assert det.quantity("max_daily_allowances") == 90
        assert det.quantity("waiting_days") == 120
    else:
        assert det.outcome is Outcome.NOT_ELIGIBLE


def test_education_exemption_needs_ten_years_residence() -> None:
    """AVIG Art. 14 Abs. 1 lit. a: education exempts only after 10 years' residence in Switzerland;
    a foreigner without a recorded entry date cannot be decided."""
    person = alv_case(periods=()).person
    foreign = person.__class__(
        id=person.id,
        birth_date=person.birth_date,
        sex=person.sex,
        residence=Residence(canton="ZH", bfs_municipality=261, status=ResidenceStatus.RESIDENT_B),
    )
    ex = Exemption(ExemptionReason.EDUCATION, 18)
    assert alv.exemption_applies(ex, foreign, PARAMS, ON) is None
    recent = Residence(
        canton="ZH",
        bfs_municipality=261,
        status=ResidenceStatus.RESIDENT_B,
        entry_date=date(2020, 1, 1),
    )
    newcomer = foreign.__class__(
        id="p", birth_date=person.birth_date, sex=person.sex, residence=recent
    )
    assert alv.exemption_applies(ex, newcomer, PARAMS, ON) is False
    assert alv.exemption_applies(None, person, PARAMS, ON) is False


def test_unclear_exemption_with_the_exempt_maximum_drawn_is_not_eligible() -> None:
    """Found by ``iiz verify`` (invariant alv_monotonic): an unclear education exemption
    (AVIG Art. 14 Abs. 1 lit. a, entry date missing) and two years of ALV spells already drawn.
    Exempt, the person would have 90 allowances (Art. 27 Abs. 4), all drawn; not exempt, none:
    not eligible on every reading, so the outcome must not wait for the clarification."""
    base = alv_case(
        as_of=date(2025, 4, 16),
        unemployed_since=date(2023, 4, 17),
        periods=(ContributionPeriod(date(2019, 8, 28), date(2019, 8, 30)),),
        earnings=None,
        exemption=Exemption(ExemptionReason.EDUCATION, 36),
        history=(Spell(InstitutionKind.ALV_FUND, Benefit.CASH, date(2023, 4, 17)),),
    )
    person = base.person
    foreign = person.__class__(
        id=person.id,
        birth_date=date(1999, 6, 1),
        sex=person.sex,
        residence=Residence(canton="ZH", bfs_municipality=261, status=ResidenceStatus.SHORT_TERM_L),
        employment=person.employment,
    )
    case = base.__class__(id=base.id, person=foreign, as_of=base.as_of, history=base.history)
    det = alv.entitlement(case, _ctx(date(2025, 4, 16)))
    codes = {r.code for r in det.reasons}
    assert "alv.contribution_period.exemption_unclear" in codes
    assert "alv.exhausted" in codes
    assert det.outcome is Outcome.NOT_ELIGIBLE


# --- Sickness while unemployed (AVIG Art. 28) ----------------------------------------------------


def test_sickness_ktipp_example() -> None:
    """K-Tipp "Arbeitslos und krank: Erhalte ich 30 Taggelder?": sick from 10 March, the 30 calendar
    days end on 8 April; the period holds 22 working days → at most 22 full allowances
    (AVIG Art. 28 Abs. 1; wira.lu.ch: "nur für die ersten 30 Kalendertage")."""
    since = date(2025, 3, 10)
    assert alv.sickness_full_allowance_end(since, PARAMS, ON) == date(2025, 4, 8)
    assert alv.sickness_allowances(since, date(2025, 6, 30), 0, PARAMS, ON) == 22


def test_sickness_limited_to_44_per_framework() -> None:
    """AVIG Art. 28 Abs. 1 (koordination.ch; wira.lu.ch): at most 44 allowances in the framework."""
    assert alv.sickness_allowances(date(2025, 3, 10), date(2025, 6, 30), 30, PARAMS, ON) == 14
    assert alv.sickness_allowances(date(2025, 3, 10), date(2025, 6, 30), 44, PARAMS, ON) == 0


# --- Placeability and the IV (AVIG Art. 15 Abs. 2, AVIV Art. 15 Abs. 3) -------------------------


def test_iv_registered_partly_able_is_placeable_bge_136_v_95() -> None:
    """BGE 136 V 95: a wholly unemployed person registered with the IV, able to work 50 %, ready to
    work within that capacity, is entitled to the full allowance because the ALV must pay in
    advance (AVIG Art. 15 Abs. 2 with AVIV Art. 15 Abs. 3)."""
    case = alv_case(
        health=Health(incapacity_percent=50, incapacity_since=date(2024, 6, 1)),
        claims=(Claim(InstitutionKind.IV_OFFICE, filed_on=date(2024, 9, 1)),),
    )
    ent, rav = alv.determinations(case, _ctx(), ())
    assert ent.outcome is Outcome.ELIGIBLE
    assert rav.institution is InstitutionKind.RAV and rav.outcome is Outcome.ELIGIBLE
    assert any(r.code == "alv.placeability.iv_pending" for r in rav.reasons)


def test_incapacity_without_iv_claim_needs_clarification() -> None:
    """AVIG Art. 15 Abs. 2-3: beyond the Art. 28 period and without an IV registration the data cannot
    decide placeability."""
    case = alv_case(health=Health(incapacity_percent=50, incapacity_since=date(2024, 6, 1)))
    ent, rav = alv.determinations(case, _ctx(), ())
    assert ent.outcome is Outcome.NEEDS_CLARIFICATION
    assert rav.outcome is Outcome.NEEDS_CLARIFICATION


def test_iv_decided_ends_presumption() -> None:
    """AVIV Art. 15 Abs. 3: placeable only "until the IV decides"; after the decision it must be clarified."""
    claim = Claim(InstitutionKind.IV_OFFICE, filed_on=date(2024, 9, 1), decided_on=date(2025, 2, 1))
    case = alv_case(
        health=Health(incapacity_percent=50, incapacity_since=date(2024, 6, 1)), claims=(claim,)
    )
    assert alv.placeability(case.person, case.claims, PARAMS, ON).status is alv.Placeability.UNCLEAR


def test_short_sickness_keeps_entitlement() -> None:
    """AVIG Art. 28 Abs. 1: within 30 days of the onset the full allowance continues."""
    case = alv_case(health=Health(incapacity_percent=100, incapacity_since=date(2025, 2, 20)))
    assert alv.entitlement(case, _ctx()).outcome is Outcome.ELIGIBLE


def test_not_willing_is_not_placeable() -> None:
    """AVIG Art. 15 Abs. 1: placeable only if willing, able and authorised to work."""
    assert alv.entitlement(alv_case(willing=False), _ctx()).outcome is Outcome.NOT_ELIGIBLE


# --- Remaining allowances and Aussteuerung --------------------------------------------------------


def test_remaining_counts_working_days_minus_waiting() -> None:
    """Five allowances a week, Monday to Friday (sg.ch, wira.lu.ch; AVIG Art. 21); waiting days once
    per framework (AVIV Art. 6a Abs. 1). 1 Nov 2024 - 3 Mar 2025: 87 working days - 10 waiting."""
    det = alv.entitlement(alv_case(), _ctx())
    assert det.quantity("waiting_days") == 10
    assert det.quantity("allowances_drawn") == 77
    assert det.quantity("remaining_daily_allowances") == 400 - 77


def test_recorded_allowances_are_used() -> None:
    spell = Spell(
        InstitutionKind.ALV_FUND, Benefit.CASH, date(2024, 11, 1), daily_allowances_drawn=50
    )
    det = alv.entitlement(alv_case(history=(spell,)), _ctx())
    assert det.quantity("remaining_daily_allowances") == 350
    # 350 allowances from Tuesday 4 March 2025, five a week: 70 weeks, the last on a Monday.
    assert det.date("exhaustion_date") == date(2026, 7, 6)


def test_framework_end_comes_first() -> None:
    """AVIG Art. 9 Abs. 2: the Aussteuerung happens at the end of the framework if allowances remain."""
    spell = Spell(
        InstitutionKind.ALV_FUND, Benefit.CASH, date(2024, 11, 1), daily_allowances_drawn=0
    )
    case = alv_case(history=(spell,), as_of=date(2026, 1, 5))
    det = alv.entitlement(case, _ctx(date(2026, 1, 5)))
    assert det.date("exhaustion_date") == date(2026, 10, 31)


def test_exhausted_spell_means_ausgesteuert() -> None:
    """AVIG Art. 27: a spell ended with the maximum used up (Aussteuerung) leaves no entitlement in
    that framework."""
    spell = Spell(
        InstitutionKind.ALV_FUND,
        Benefit.CASH,
        date(2024, 11, 1),
        end=date(2025, 2, 28),
        end_reason=EndReason.EXHAUSTED,
    )
    det = alv.entitlement(alv_case(history=(spell,)), _ctx())
    assert det.outcome is Outcome.NOT_ELIGIBLE
    assert det.quantity("remaining_daily_allowances") == 0
    assert det.date("exhaustion_date") == date(2025, 2, 28)


def test_employed_person_not_eligible() -> None:
    case = alv_case(status=EmploymentStatus.EMPLOYED, unemployed_since=None)
    dets = alv.determinations(case, _ctx(), ())
    assert [d.rule for d in dets] == ["alv.entitlement"]
    assert dets[0].outcome is Outcome.NOT_ELIGIBLE


def test_not_registered_needs_clarification() -> None:
    """AVIG Art. 8 Abs. 1 lit. g, Art. 17: no registration recorded → cannot be decided."""
    case = alv_case(history=())
    assert alv.entitlement(case, _ctx()).outcome is Outcome.NEEDS_CLARIFICATION


def test_reference_age_reached_not_eligible() -> None:
    """AVIG Art. 8 Abs. 1 lit. d: no entitlement once the AHV reference age is reached."""
    case = alv_case(born=date(1959, 1, 10), sex=Sex.MALE)
    assert alv.entitlement(case, _ctx()).outcome is Outcome.NOT_ELIGIBLE


def test_trace_has_no_birth_date() -> None:
    trace = Trace()
    case = alv_case()
    alv.determinations(case, _ctx(trace=trace), ())
    text = repr(trace.steps)
    assert trace.steps
    assert case.person.birth_date.isoformat() not in text
    assert "1980" not in text


def test_date_before_parameters_raises() -> None:
    """Parameters are dated: the Art. 27 table starts on 1.4.2011 — no guess before."""
    with pytest.raises(ParameterError):
        alv.max_daily_allowances(24, 40, False, None, False, False, PARAMS, date(2010, 1, 1))
