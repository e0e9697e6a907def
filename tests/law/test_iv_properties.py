"""Properties of the IV, social-assistance and migration rules on generated cases.

* every reason of every determination has a French, an Italian and an English text (review A9;
  issue 3: reasons in de/fr/it/en);
* no reason text and no key date reveals the birth date: neither the date itself nor a date
  equal to the birth date plus whole years or months (review C5). So that a coincidence cannot
  pass for a leak, persons are born on the 2nd-12th and every other input date falls on the
  16th-28th: dates derived from those inputs (plus months, minus a day, plus 29 days, month
  starts) never land on the birth's day of the month, so such a date can only come from the
  birth date.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from iizcore.hooks import load_canton
from iizcore.law import iv, migration, sozialhilfe
from iizcore.law.ahv import add_months
from iizcore.law.determination import Determination, RuleContext
from iizcore.law.rules import determine_all
from iizcore.model import (
    Benefit,
    Case,
    Claim,
    Employment,
    EmploymentStatus,
    Health,
    InstitutionKind,
    Person,
    Residence,
    ResidenceStatus,
    Sex,
    Spell,
)

_MODULE_RULES = ("iv.", "social_assistance.", "migration.")


@st.composite
def _cases(draw: st.DrawFn) -> Case:
    born = draw(st.dates(date(1941, 1, 1), date(2010, 12, 31)).filter(lambda d: 2 <= d.day <= 12))

    def other(low: date, high: date) -> date:
        day = draw(st.dates(low, high))
        shifted = day.replace(day=16 + day.day % 13)
        return shifted if low <= shifted <= high else high

    on = other(date(2017, 1, 16), date(2030, 12, 28))
    status = draw(st.sampled_from(list(ResidenceStatus)))
    entry = other(date(2008, 1, 2), on) if status.is_asylum_domain else None
    percent = draw(st.sampled_from([0, 30, 50, 100]))
    since = other(date(2010, 1, 2), on) if percent else None
    pension_since = other(max(born, date(1995, 1, 2)), on) if draw(st.booleans()) else None
    health = Health(
        incapacity_percent=percent,
        incapacity_since=since,
        short_absences_last_year=draw(st.integers(0, 4)),
        at_risk_of_incapacity=draw(st.booleans()),
        invalidity_degree=draw(st.one_of(st.none(), st.integers(0, 100))),
        iv_pension_since=pension_since,
    )
    history = tuple(
        Spell(kind, benefit, other(date(2010, 1, 2), on))
        for kind, benefit in draw(
            st.lists(
                st.sampled_from(
                    [
                        (InstitutionKind.ALV_FUND, Benefit.CASH),
                        (InstitutionKind.SOCIAL_ASSISTANCE, Benefit.CASH),
                        (InstitutionKind.VOCATIONAL_EDUCATION, Benefit.COUNSELLING),
                        (InstitutionKind.IV_OFFICE, Benefit.CASH),
                    ]
                ),
                max_size=3,
                unique=True,
            )
        )
    )
    claims = (
        (Claim(InstitutionKind.IV_OFFICE, other(date(2010, 1, 2), on)),)
        if draw(st.booleans())
        else ()
    )
    person = Person(
        id="p-prop",
        birth_date=born,
        sex=draw(st.sampled_from(list(Sex))),
        residence=Residence("ZH", 261, status, entry_date=entry),
        health=health,
        employment=Employment(
            status=draw(st.sampled_from(list(EmploymentStatus))),
        ),
    )
    return Case("c-prop", person, on, history=history, claims=claims)


def _mine(case: Case) -> list[Determination]:
    ctx = RuleContext(case.as_of, load_canton("ZH").parameters)
    return [d for d in determine_all(case, ctx) if d.rule.startswith(_MODULE_RULES)]


@settings(max_examples=150, deadline=None)
@given(case=_cases())
def test_every_reason_speaks_four_languages(case: Case) -> None:
    for d in _mine(case):
        for r in d.reasons:
            assert r.text.fr and r.text.it and r.text.en, (d.rule, r.code)
            assert r.text.fr != r.text.de and r.text.it != r.text.de, (d.rule, r.code)


def _birth_shapes(born: date, on: date) -> set[date]:
    shapes = {born}
    for months in range(1, (on.year - born.year + 70) * 12):
        shapes.add(add_months(born, months))
    return shapes


@settings(max_examples=150, deadline=None)
@given(case=_cases())
def test_no_reason_or_key_date_reveals_the_birth_date(case: Case) -> None:
    born = case.person.birth_date
    shapes = _birth_shapes(born, case.as_of)
    for d in _mine(case):
        for kd in d.dates:
            assert kd.day not in shapes, (d.rule, kd.name)
        for r in d.reasons:
            for lang in ("de", "fr", "it", "en"):
                text = r.text.get(lang)
                assert born.isoformat() not in text, (d.rule, r.code)
                for shape in shapes:
                    assert shape.isoformat() not in text, (d.rule, r.code, lang)


def test_the_modules_are_the_ones_checked() -> None:
    assert {m.__name__ for m in (iv, sozialhilfe, migration)} == {
        "iizcore.law.iv",
        "iizcore.law.sozialhilfe",
        "iizcore.law.migration",
    }
