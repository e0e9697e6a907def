"""Input and computed variables of the benchmark system (vectorised OpenFisca formulas).

Each formula cites its provision; every number comes from a parameter
(``parameters/*.yaml``, generated from iizcore's TOML).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_iiz.entities import Person


def _ordinal(days: Any, years: int = 0) -> Any:
    """Dates as comparable integers ``yyyymmdd``, shifted by whole ``years``.

    ``start + 4 years >= reference`` is ``start >= reference - 4 years``
    without day arithmetic (AVIV Art. 41b counts calendar years).
    """
    y = days.astype("datetime64[Y]")
    m = days.astype("datetime64[M]")
    year = y.astype(int) + 1970 + years
    month = (m - y).astype(int) + 1
    day = (days - m).astype(int) + 1
    return year * 10000 + month * 100 + day


class Canton(Enum):
    BL = "Basel-Landschaft"
    ZH = "Zürich"


class canton(Variable):  # type: ignore[misc]
    value_type = Enum
    possible_values = Canton
    default_value = Canton.ZH
    entity = Person
    definition_period = MONTH
    label = "Canton of residence (supplies the social-assistance basic need)"


class age(Variable):  # type: ignore[misc]
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Completed years of age on the day assessed"


class maintenance_duty(Variable):  # type: ignore[misc]
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Owes maintenance to a child under 25 (AVIG Art. 22 Abs. 2 lit. a, Art. 27 Abs. 5bis)"


class alv_contribution_months(Variable):  # type: ignore[misc]
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Contribution months within the contribution framework (AVIG Art. 13), to 0.01"


class alv_exempt(Variable):  # type: ignore[misc]
    value_type = bool
    entity = Person
    definition_period = MONTH
    label = "Exempt from the contribution period (AVIG Art. 14)"


class alv_framework_start(Variable):  # type: ignore[misc]
    value_type = date
    entity = Person
    definition_period = MONTH
    label = "Opening of the benefit framework (AVIG Art. 9)"


class ahv_reference_date(Variable):  # type: ignore[misc]
    value_type = date
    entity = Person
    definition_period = MONTH
    label = "Day the AHV reference age is reached (AHVG Art. 21)"


class iv_pension_degree(Variable):  # type: ignore[misc]
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Invalidity degree of an IV pension drawn (0: none)"


class invalidity_degree(Variable):  # type: ignore[misc]
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Invalidity degree decided by the IV (ATSG Art. 8, IVG Art. 28a)"


class household_size(Variable):  # type: ignore[misc]
    value_type = int
    default_value = 1
    entity = Person
    definition_period = MONTH
    label = "Persons in the supported household, the person included"


class alv_max_daily_allowances(Variable):  # type: ignore[misc]
    value_type = int
    entity = Person
    definition_period = MONTH
    label = "Höchstzahl der Taggelder (AVIG Art. 27)"
    reference = "AVIG Art. 27 Abs. 2-5bis; AVIV Art. 41b Abs. 1"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period).alv
        months = person("alv_contribution_months", period)
        years = person("age", period)
        duty = person("maintenance_duty", period)
        exempt = person("alv_exempt", period)
        pension = person("iv_pension_degree", period)
        start = person("alv_framework_start", period)
        reference = person("ahv_reference_date", period)
        # Art. 27 Abs. 2 lit. a-c: by contribution months; lit. c also needs age 55 or an
        # IV pension for a degree of at least 40 %.
        older_or_pension = (years >= p.age_threshold_520) | (pension >= p.iv_degree_threshold_520)
        by_months = np.select(
            [
                (months >= p.contribution_months_threshold_520) & older_or_pension,
                months >= p.contribution_months_threshold_400,
                months >= p.contribution_months_threshold_260,
            ],
            [
                p.max_daily_allowances_22_months,
                p.max_daily_allowances_18_months,
                p.max_daily_allowances_12_months,
            ],
            default=0,
        )
        # Abs. 5bis: up to the completed 25th year, without maintenance duty, at most 200.
        young = (years < p.young_age_limit) & ~duty
        capped = np.where(young, np.minimum(by_months, p.max_daily_allowances_young), by_months)
        # Abs. 3 with AVIV Art. 41b Abs. 1: framework opened under Art. 13 within the last
        # four years before the reference age: 120 more.
        window_start = _ordinal(start, years=int(p.pre_retirement_window_years))
        late = (start < reference) & (window_start >= _ordinal(reference)) & (capped > 0)
        with_late = capped + np.where(late, p.additional_daily_allowances_pre_retirement, 0)
        # Abs. 4: persons exempt from the contribution period get 90.
        return np.where(exempt, p.max_daily_allowances_exempt, with_late)


class iv_pension_share(Variable):  # type: ignore[misc]
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Rentenanteil in % of a full IV pension"
    reference = "IVG Art. 28b (since 2022); IVG Art. 28 Abs. 2 (before)"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        degree = person("invalidity_degree", period)
        return parameters(period).iv.pension_share_by_degree.calc(degree)


class sh_monthly_need(Variable):  # type: ignore[misc]
    value_type = float
    entity = Person
    definition_period = MONTH
    label = "Grundbedarf für den Lebensunterhalt of the household, CHF per month"
    reference = "SKOS C.3.1 (equivalence scale); SHV BL § 9; SHV ZH § 17"

    def formula(person: Any, period: Any, parameters: Any) -> Any:
        p = parameters(period)
        where = person("canton", period)
        size = person("household_size", period)
        bl, zh = where == Canton.BL, where == Canton.ZH
        c = p.cantons

        def by_canton(name: str) -> Any:
            return np.select([bl, zh], [c.bl[name], c.zh[name]])

        # SKOS equivalence scale for 1-5 persons, a fixed amount for each further person.
        largest = float(c.zh.equivalence_scale.thresholds[-1])
        small = np.minimum(size, largest)
        factor = np.select(
            [bl, zh], [c.bl.equivalence_scale.calc(small), c.zh.equivalence_scale.calc(small)]
        )
        extra = np.maximum(size - largest, 0) * by_canton("basic_need_additional_person")
        # Rounded to whole francs, half up, as in the SKOS and cantonal tables.
        return np.floor(by_canton("basic_need_1p") * factor + 0.5) + extra


ALL = (
    canton,
    age,
    maintenance_duty,
    alv_contribution_months,
    alv_exempt,
    alv_framework_start,
    ahv_reference_date,
    iv_pension_degree,
    invalidity_degree,
    household_size,
    alv_max_daily_allowances,
    iv_pension_share,
    sh_monthly_need,
)
