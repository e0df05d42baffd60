"""The reports read entries through their fields and change a derivation through its methods."""

from __future__ import annotations

import subprocess
import sys

import sympy
from sympy import Eq, Symbol

from symkl import Claim, Derivation, Discrete, Step, entropy
from symkl.catalog import Entry
from symkl.relations import RelationKind
from symkl.report._entries import as_claim, as_derivation
from symkl.report._mutate import mutations


def _chain() -> Derivation:
    t = Symbol("t", positive=True)
    steps = [Step(2 * t, why="double"), Step(t + t, relation="<=", why="same")]
    return Derivation("doubling", t + t, steps, where=[t > 1])


def test_entries_are_told_apart_by_their_kind() -> None:
    """A claim reads as a claim only, a derivation as a derivation only, the rest as neither."""
    t = Symbol("t")
    claim = Claim("t-is-t", Eq(t, t, evaluate=False))
    derivation = _chain()
    assert as_claim(claim) is claim
    assert as_derivation(claim) is None
    assert as_derivation(derivation) is derivation
    assert as_claim(derivation) is None

    class Other(Entry):
        kind = "other"

    assert as_claim(Other()) is None
    assert as_derivation(Other()) is None
    assert as_claim("t-is-t") is None
    assert as_derivation(None) is None


def test_a_changed_step_keeps_its_relation_why_and_facts() -> None:
    """with_step replaces one step's expression only; step_alone checks one step from elsewhere."""
    derivation = _chain()
    t = Symbol("t", positive=True)
    changed = derivation.with_step(2, 3 * t)
    assert changed.steps[1].expr == 3 * t
    assert changed.steps[1].relation is RelationKind.LE
    assert changed.steps[1].why == "same"
    assert changed.steps[0] == derivation.steps[0]
    assert changed.expect.value == "refuted"
    assert changed.where == derivation.where
    alone = derivation.step_alone(2, 5 * t, 3 * t)
    assert alone.start == 5 * t
    assert [s.expr for s in alone.steps] == [3 * t]
    assert alone.steps[0].relation is RelationKind.LE
    assert set(derivation.where) <= set(alone.where)
    assert [str(g) for g in alone.goals()] != [str(g) for g in changed.goals()]


def test_a_slip_that_breaks_a_distribution_is_no_candidate() -> None:
    """Dropping the 1 of 1 − s would give probabilities summing past 1: that candidate is skipped
    instead of raising, and the other slips are still offered."""
    b, w, x = sympy.symbols("b w x_1", real=True)
    s = 1 / (sympy.exp(b + w * x) + 1)
    p = Discrete([1 - s, s])
    found = list(mutations(entropy(p)))
    assert found
    for mutation in found:
        assert mutation.expr != entropy(p)
        for table in mutation.expr.atoms(Discrete):
            assert sympy.simplify(sum(table.probs) - 1) == 0


def test_the_report_program_starts_in_a_fresh_interpreter() -> None:
    """``python -m symkl.report --help`` imports the reports first of all symkl (no other module
    loaded SymPy's printers before them) and prints its usage."""
    done = subprocess.run(
        [sys.executable, "-m", "symkl.report", "--help"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "python -m symkl.report" in done.stdout
