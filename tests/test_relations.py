"""symkl.relations: one RelationKind for every relation, read the same way everywhere."""

from __future__ import annotations

import pytest
import sympy

import symkl
from symkl._results import step_result
from symkl.derivation import Step, StepRelation
from symkl.errors import MalformedClaimError
from symkl.optimize import GradientIs, SameArgmin, SameGradient
from symkl.relations import STEP_KINDS, RelationKind, SelfProving, as_relation

t = sympy.Symbol("t", real=True)


@pytest.mark.parametrize(
    ("relation", "kind"),
    [
        (sympy.Eq(t, 1), RelationKind.EQ),
        (sympy.Le(t, 1), RelationKind.LE),
        (sympy.Ge(t, 1), RelationKind.GE),
        (sympy.Lt(t, 1), RelationKind.LT),
        (sympy.Gt(t, 1), RelationKind.GT),
        (SameArgmin(t**2, 2 * t**2, t), RelationKind.SAME_ARGMIN),
        (SameGradient(t**2, t**2 + 1, t), RelationKind.SAME_GRADIENT),
        (GradientIs(t**2, t, 2 * t), RelationKind.GRADIENT_IS),
    ],
)
def test_kind_of_each_claim(relation: object, kind: RelationKind) -> None:
    """SymPy relations and symkl's own relation types have one kind each."""
    assert RelationKind.of(relation) is kind


def test_normal_form_keeps_the_written_kind() -> None:
    """A ≤ claim is GE in the prover's normal form, but still reads as ≤."""
    relation = as_relation(sympy.Le(t, 1))
    assert relation.kind is RelationKind.GE
    assert RelationKind.of(relation) is RelationKind.LE
    assert str(relation) == "t <= 1"


def test_text_words_and_latex_come_from_one_place() -> None:
    """Each kind carries its text (JSON), words (tables) and LaTeX."""
    assert (RelationKind.LE.text, RelationKind.LE.words, RelationKind.LE.latex) == (
        "<=", "≤", r"\le",
    )  # fmt: skip
    assert RelationKind.MAXIMIZER.words == "maximises the likelihood"
    assert RelationKind.SAME_ARGMIN.latex == r"\overset{\arg\min}{=}"
    assert all(kind.latex for kind in RelationKind)


def test_runner_text_is_the_kind_text() -> None:
    """The runner's step text (the JSON field) is the kind's text."""
    proof = symkl.Proof(symkl.Verdict.PROVED, "by hand")
    assert step_result(1, SameArgmin(t**2, 2 * t**2, t), proof).relation == "same argmin"
    assert step_result(1, sympy.Lt(t, 1), proof).relation == "<"


def test_parse_names_the_bad_value() -> None:
    """An unknown relation name is a MalformedClaimError that shows it."""
    assert RelationKind.parse("≥") is RelationKind.GE
    with pytest.raises(MalformedClaimError, match="'approximately'"):
        RelationKind.parse("approximately")


def test_steps_take_only_step_kinds() -> None:
    """A derivation step may be =, ≤, ≥, same argmin or same gradient, nothing else."""
    assert Step(t, relation="argmin", wrt=t).relation is StepRelation.SAME_ARGMIN
    assert set(STEP_KINDS) == {
        StepRelation.parse(s) for s in ("=", "<=", ">=", "argmin", "gradient")
    }
    with pytest.raises(MalformedClaimError, match="unknown step relation '<'"):
        Step(t, relation="<")


class _Custom:
    def _symkl_prove_(self, where: tuple[sympy.Basic, ...] = ()) -> symkl.Proof:
        return symkl.Proof(symkl.Verdict.CHECKED, "custom")


def test_a_user_type_that_proves_itself() -> None:
    """Any object with _symkl_prove_ is SelfProving: prove() calls it; its kind is unknown."""
    assert isinstance(_Custom(), SelfProving)
    assert not isinstance(object(), SelfProving)
    assert symkl.prove(_Custom()).method == "custom"
    assert RelationKind.of(_Custom()) is None
