"""A small OpenFisca tax-benefit system with iizcore's benchmark rule subset.

Three rules, written the OpenFisca way (vectorised formulas over a
population, parameters as dated YAML generated from iizcore's TOML):

* ``alv_max_daily_allowances`` — Höchstzahl der Taggelder (AVIG Art. 27, AVIV Art. 41b);
* ``iv_pension_share`` — Rentenanteil by invalidity degree (IVG Art. 28 Abs. 2 / Art. 28b);
* ``sh_monthly_need`` — social-assistance basic need of the household
  (SKOS C.3.1 / cantonal acts; equivalence scale SKOS).

It exists only to compare results and speed with iizcore in ``benchmarks/``;
``openfisca-core`` is an optional ``bench`` extra, never a dependency of iizcore.
"""

from __future__ import annotations

import functools
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_iiz import variables
from openfisca_iiz.entities import entities

PARAMETERS_DIR = Path(__file__).resolve().parent / "parameters"

__all__ = ["PARAMETERS_DIR", "IIZSubsetSystem", "system"]


class IIZSubsetSystem(TaxBenefitSystem):  # type: ignore[misc]
    """The benchmark system: one person entity, the rule-subset variables, the YAML parameters."""

    def __init__(self) -> None:
        super().__init__(entities)
        self.load_parameters(str(PARAMETERS_DIR))
        for variable in variables.ALL:
            self.add_variable(variable)


@functools.cache
def system() -> IIZSubsetSystem:
    """The system, built once per process (loading YAML is slow)."""
    return IIZSubsetSystem()
