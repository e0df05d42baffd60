"""Information measures of several variables, divergences beyond KL, and their proofs."""

import math

import pytest
import sympy
from sympy import Eq, Ge, Gt, Le, Lt, Rational, S, Symbol, log

import symkl
from symkl.errors import InvalidDistributionError, InvalidParameterError, UnsupportedMeasureError
from symkl.information import (
    Joint,
    chi_square,
    conditional_entropy,
    conditional_mutual_information,
    hellinger,
    joint_entropy,
    js_divergence,
    mutual_information,
    renyi_divergence,
    total_variation,
)
from symkl.measures import KLDivergence
from symkl.prover import Relation, RelationKind, Verdict
from symkl.prover._kernel import check as kernel_check
from symkl.prover._kernel_information import SumNormalForm

J = Joint.symbolic("p", (2, 2))
HX, HY = symkl.entropy(J.marginal("X")), symkl.entropy(J.marginal("Y"))
MI = mutual_information(J, "X", "Y")
P, Q = symkl.Discrete.symbolic("p", 3), symkl.Discrete.symbolic("q", 3)
n = Symbol("n", integer=True, positive=True)
PN, U = symkl.Discrete.symbolic("p", n), symkl.Discrete.uniform(n)

#: The kernel registers the information rules (request K1 to the kernel's owner); until then
#: their certificates are refused, so nothing is PROVED through them (and these tests skip).
RULES = kernel_check(
    Relation(RelationKind.EQ, symkl.entropy(PN), symkl.entropy(PN)), SumNormalForm()
).ok
needs_rules = pytest.mark.skipif(not RULES, reason="kernel without the information rules (K1)")


def test_values_on_a_copy_channel() -> None:
    """X = Y uniform on two values: H(X, Y) = I = log 2, H(Y | X) = 0."""
    copy = Joint([[S.Half, 0], [0, S.Half]])
    assert sympy.simplify(joint_entropy(copy).doit() - log(2)) == 0
    assert sympy.simplify(mutual_information(copy, "X", "Y").doit() - log(2)) == 0
    assert conditional_entropy(copy, "Y", "X").doit() == 0
    assert sympy.simplify(mutual_information(copy, "X", "Y", base=2).doit() - 1) == 0


def test_conditional_mutual_information_of_independent_bits() -> None:
    """Z = X xor Y with X, Y fair and independent: I(X; Y) = 0 but I(X; Y | Z) = log 2."""
    e = Rational(1, 4)
    table = [[[e, 0], [0, e]], [[0, e], [e, 0]]]
    xor = Joint(table, names=("X", "Y", "Z"))
    assert sympy.simplify(mutual_information(xor, "X", "Y").doit()) == 0
    cmi = conditional_mutual_information(xor, "X", "Y", given="Z").doit()
    assert sympy.simplify(cmi - log(2)) == 0


def test_divergences_on_disjoint_supports() -> None:
    """Disjoint p, q: JS = log 2, TV = 1, Hellinger = 1."""
    assert sympy.simplify(js_divergence([1, 0], [0, 1]).doit() - log(2)) == 0
    assert total_variation([1, 0], [0, 1]).doit() == 1
    assert hellinger([1, 0], [0, 1]).doit() == 1


def test_chi_square_and_renyi_values() -> None:
    """χ² and D_2 = log(1 + χ²) on a small example."""
    p, q = [S.Half, S.Half], [Rational(1, 4), Rational(3, 4)]
    chi = chi_square(p, q).doit()
    assert sympy.nsimplify(chi) == Rational(1, 3)
    assert math.isclose(float(renyi_divergence(p, q, 2).doit()), math.log(1 + 1 / 3))


def test_bad_arguments_name_the_value() -> None:
    """Unknown names, non-joints and bad Rényi orders raise clear errors."""
    with pytest.raises(InvalidDistributionError, match="'W'"):
        conditional_entropy(J, "W", "X")
    with pytest.raises(UnsupportedMeasureError, match="Joint"):
        joint_entropy([0.5, 0.5])
    with pytest.raises(InvalidParameterError, match="1"):
        renyi_divergence([S.Half, S.Half], [S.Half, S.Half], 1)
    with pytest.raises(InvalidDistributionError, match="twice"):
        mutual_information(J, "X", "X")


def test_printing_reads_like_the_textbook() -> None:
    """The measures print as H(X, Y), H(Y | X), I(X; Y), JS(p || q)."""
    assert [str(m) for m in (joint_entropy(J), conditional_entropy(J, "Y", "X"), MI)] == [
        "H(X, Y)",
        "H(Y | X)",
        "I(X; Y)",
    ]
    assert str(js_divergence(P, Q)) == "JS(p || q)"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("claim", "method"),
    [
        (Eq(joint_entropy(J), HX + conditional_entropy(J, "Y", "X")), None),
        (Eq(MI, HX - conditional_entropy(J, "X", "Y")), None),
        (Eq(MI, symkl.kl_divergence(J, J.product_of_marginals())), None),
        (Ge(MI, 0), "gibbs"),
        (Eq(KLDivergence(PN, U), log(n) - symkl.entropy(PN)), "sum-normal-form"),
        (Ge(js_divergence(P, Q), 0), "gibbs"),
        (Le(js_divergence(P, Q), log(2)), "termwise-sign"),
    ],
)
@needs_rules
def test_theorems_are_proved(claim: sympy.Basic, method: str | None) -> None:
    """The chain rule, I = H − H(·|·) = KL ≥ 0, KL to uniform, 0 ≤ JS ≤ log 2 are PROVED."""
    proof = symkl.prove(claim)
    assert proof.verdict is Verdict.PROVED, proof
    if method is not None:
        assert proof.method == method


@pytest.mark.parametrize(
    "claim",
    [
        Eq(joint_entropy(J), HX + conditional_entropy(J, "X", "Y")),
        Eq(MI, HX + HY),
        Gt(MI, 0),
        Ge(-MI, 0),
        Eq(KLDivergence(U, PN), log(n) - symkl.entropy(PN)),
        Eq(KLDivergence(PN, U), log(n) + symkl.entropy(PN)),
        Lt(js_divergence(P, Q), log(2)),
        Le(js_divergence(P, Q), log(2) / 2),
        Gt(js_divergence(P, Q), 0),
        Ge(total_variation(P, Q), symkl.kl_divergence(P, Q)),
    ],
)
def test_mutated_theorems_are_not_proved(claim: sympy.Basic) -> None:
    """Strict, swapped and wrong-constant variants never get PROVED."""
    assert symkl.prove(claim).verdict is not Verdict.PROVED


TABLE = [[Rational(1, 8), Rational(3, 8)], [Rational(1, 4), Rational(1, 4)]]
XYZ = [
    [[Rational(1, 16), Rational(1, 8)], [Rational(1, 16), Rational(1, 8)]],
    [[Rational(1, 4), Rational(1, 16)], [Rational(1, 8), Rational(3, 16)]],
]


def test_array_measures_agree_with_the_symbolic_ones() -> None:
    """Each array function gives the float of the exact measure on the same table."""
    from symkl.numeric import _information as arrays

    joint, triple = Joint(TABLE), Joint(XYZ, names=("X", "Y", "Z"))
    floats = [[float(v) for v in row] for row in TABLE]
    p, q = (
        [S.Half, Rational(1, 3), Rational(1, 6)],
        [Rational(1, 5), Rational(1, 5), Rational(3, 5)],
    )
    pf, qf = [float(v) for v in p], [float(v) for v in q]
    pairs = [
        (arrays.joint_entropy(floats), joint_entropy(joint)),
        (arrays.conditional_entropy(floats, given=0), conditional_entropy(joint, "Y", "X")),
        (arrays.mutual_information(floats), mutual_information(joint, "X", "Y")),
        (
            arrays.conditional_mutual_information(
                [[[float(v) for v in r] for r in m] for m in XYZ]
            ),
            conditional_mutual_information(triple, "X", "Y", "Z"),
        ),
        (arrays.js_divergence(pf, qf), js_divergence(p, q)),
        (arrays.total_variation(pf, qf), total_variation(p, q)),
        (arrays.hellinger(pf, qf), hellinger(p, q)),
        (arrays.chi_square(pf, qf), chi_square(p, q)),
        (arrays.renyi_divergence(pf, qf, 0.5), renyi_divergence(p, q, S.Half)),
    ]
    for number, measure in pairs:
        assert math.isclose(number, float(measure.doit()), rel_tol=1e-12), measure


def test_array_measures_reject_bad_tables() -> None:
    """Tables that do not sum to 1 or have negative entries raise, showing the value."""
    from symkl.numeric import _information as arrays

    with pytest.raises(InvalidDistributionError, match=r"1\.1"):
        arrays.joint_entropy([[0.5, 0.6], [0.0, 0.0]])
    with pytest.raises(InvalidDistributionError, match=r"-0\.5"):
        arrays.mutual_information([[-0.5, 1.0], [0.5, 0.0]])
    with pytest.raises(InvalidParameterError, match="1"):
        arrays.renyi_divergence([0.5, 0.5], [0.5, 0.5], 1.0)


M_SIZE = Symbol("m", integer=True, positive=True)
JS_ = Joint.symbolic("p", (M_SIZE, n))
SX, SY = symkl.entropy(JS_.marginal("X")), symkl.entropy(JS_.marginal("Y"))
S_MI = mutual_information(JS_, "X", "Y")


@pytest.mark.parametrize(
    "claim",
    [
        Eq(joint_entropy(JS_), SX + conditional_entropy(JS_, "Y", "X")),
        Eq(joint_entropy(JS_), SY + conditional_entropy(JS_, "X", "Y")),
        Eq(S_MI, SX - conditional_entropy(JS_, "X", "Y")),
        Eq(S_MI, SX + SY - joint_entropy(JS_)),
    ],
)
@needs_rules
@pytest.mark.slow
def test_symbolic_size_identities_are_proved(claim: sympy.Basic) -> None:
    """Chain rule and I = H − H(·|·) for an m × n table are PROVED by the sum normal form."""
    proof = symkl.prove(claim)
    assert proof.verdict is Verdict.PROVED, proof
    assert proof.method == "sum-normal-form"


@pytest.mark.parametrize(
    "claim",
    [
        Eq(joint_entropy(JS_), SX + conditional_entropy(JS_, "X", "Y")),
        Eq(S_MI, SX - conditional_entropy(JS_, "Y", "X")),
        Eq(S_MI, SX + SY),
    ],
)
def test_symbolic_size_misconceptions_are_refuted(claim: sympy.Basic) -> None:
    """Swapped conditionals and a missing joint entropy are refuted on explicit instances."""
    assert symkl.prove(claim).verdict is Verdict.REFUTED


@needs_rules
@pytest.mark.slow
def test_mutual_information_nonnegative_for_symbolic_sizes() -> None:
    """I(X; Y) ≥ 0 for an m × n table is PROVED by log x ≤ x − 1; in bits as well."""
    for claim in (Ge(S_MI, 0), Ge(mutual_information(JS_, "X", "Y", base=2), 0)):
        proof = symkl.prove(claim)
        assert proof.verdict is Verdict.PROVED, proof
        assert proof.method == "gibbs"


@pytest.mark.slow
@pytest.mark.parametrize("claim", [Gt(S_MI, 0), Ge(-S_MI, 0), Ge(S_MI, log(2)), Ge(S_MI, SX)])
def test_mutated_nonnegativity_is_not_proved(claim: sympy.Basic) -> None:
    """Strict, negated and raised variants of I ≥ 0 are never PROVED."""
    assert symkl.prove(claim).verdict is not Verdict.PROVED


@pytest.mark.parametrize(
    ("claim", "verdict"),
    [
        (Eq(symkl.entropy(U), log(n)), Verdict.PROVED),
        (Eq(symkl.entropy(U, base=2), log(n, 2)), Verdict.PROVED),
        (Eq(symkl.measures.CrossEntropy(PN, U), log(n)), Verdict.PROVED),
        (Eq(symkl.entropy(U), log(n + 1)), Verdict.REFUTED),
        (Eq(KLDivergence(U, PN), log(n) - symkl.entropy(PN)), Verdict.REFUTED),
    ],
)
def test_uniform_over_symbolic_n(claim: sympy.Basic, verdict: Verdict) -> None:
    """H(u) = log n and H(p, u) = log n are PROVED for every n; wrong variants REFUTED."""
    if verdict is Verdict.PROVED and not RULES:
        pytest.skip("kernel without the information rules (K1)")
    assert symkl.prove(claim).verdict is verdict


@pytest.mark.parametrize("table", [J, JS_], ids=["2x2", "m x n"])
@needs_rules
@pytest.mark.slow
def test_conditioning_reduces_entropy_and_subadditivity(table: object) -> None:
    """H(Y | X) ≤ H(Y) and H(X, Y) ≤ H(X) + H(Y) are PROVED; reversed ones are REFUTED and
    the strict version is not PROVED."""
    hx, hy = symkl.entropy(table.marginal("X")), symkl.entropy(table.marginal("Y"))  # type: ignore[attr-defined]
    h_cond, h_joint = conditional_entropy(table, "Y", "X"), joint_entropy(table)
    for claim in (Le(h_cond, hy), Le(h_joint, hx + hy)):
        assert symkl.prove(claim).verdict is Verdict.PROVED
    for claim in (Le(hy, h_cond), Ge(h_joint, hx + hy)):
        assert symkl.prove(claim).verdict is Verdict.REFUTED
    assert symkl.prove(Lt(h_cond, hy)).verdict is not Verdict.PROVED
