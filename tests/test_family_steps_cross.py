"""The cross-family step derivations of derivations/cross_family_steps.py: each step PROVED, and
the last line the closed form of the matching entry of derivations/families.py."""

from __future__ import annotations

import pytest

from symkl import Claim, Derivation
from symkl.catalog import Catalog, builtin_catalog_dir, load
from symkl.measures import KLDivergence
from symkl.prover import Verdict
from symkl.runner import verify_catalog

STEPS = load([builtin_catalog_dir() / "cross_family_steps.py"])
FAMILIES = load([builtin_catalog_dir() / "families.py"])

#: each derivation and the ``families.py`` closed form it ends at
CLOSED = {
    "kl-weibull-exponential-steps": "kl-weibull-exponential",
    "kl-normal-laplace-steps": "kl-normal-laplace",
}
#: ~5 CPU-s or more each to verify
SLOW = {"kl-weibull-exponential-steps", "kl-normal-laplace-steps"}
NAMES = [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in CLOSED]


def _derivation(name: str) -> Derivation:
    entry = STEPS.find(name)
    assert isinstance(entry, Derivation), name
    return entry


def test_the_file_loads_every_derivation() -> None:
    """The file loads without errors, and holds exactly the derivations listed here."""
    assert STEPS.errors == []
    assert {e.name for e in STEPS.entries} == set(CLOSED)


@pytest.mark.parametrize("name", sorted(CLOSED))
def test_last_line_is_the_families_closed_form(name: str) -> None:
    """The derivation starts at the KL and ends at the right side of the families.py claim."""
    derivation = _derivation(name)
    claim = FAMILIES.find(CLOSED[name])
    assert isinstance(claim, Claim)
    assert isinstance(derivation.start, KLDivergence)
    assert derivation.start == claim.relation.lhs
    assert derivation.steps[-1].expr == claim.relation.rhs
    assert derivation.steps[0].why.startswith("definition")


@pytest.mark.parametrize("name", NAMES)
def test_every_step_is_proved(name: str) -> None:
    """Every step PROVED, none merely CHECKED."""
    (result,) = verify_catalog(Catalog([_derivation(name)]))
    verdicts = [step.verdict for step in result.result.steps]
    assert verdicts == [Verdict.PROVED] * len(_derivation(name).steps), verdicts
