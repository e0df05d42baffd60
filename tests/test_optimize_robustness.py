"""Robustness of the optimisation layer: MLE roots and limits, unbound symbols, clear errors."""

from __future__ import annotations

import dataclasses

import pytest
import sympy
from sympy import exp, log

from symkl.errors import MalformedClaimError, SymklError
from symkl.optimize import (
    COMPONENT,
    Maximizer,
    gradient,
    gradient_is,
    likelihood,
    maximize,
    mle,
    same_argmin,
    same_gradient,
)
from symkl.prover import Verdict, prove

n = sympy.Symbol("n", integer=True, positive=True)
K = sympy.Symbol("K", integer=True, positive=True)
i, j = sympy.symbols("i j", integer=True, positive=True)
k = COMPONENT
x = sympy.IndexedBase("x", real=True)
z = sympy.IndexedBase("z", real=True)
theta = sympy.Symbol("theta", real=True)


# --- mle: every root, the second-order condition, the boundary, bounded solving ----------------


def test_mle_with_unbounded_likelihood_raises_saying_why() -> None:
    """Σ(xθ − θ³/3) has a local maximum but tends to +∞ as θ → −∞: no MLE, said clearly."""
    with pytest.raises(SymklError, match=r"unbounded above as theta → -oo") as info:
        mle(sympy.Sum(x[i] * theta - theta**3 / 3, (i, 1, n)), theta)
    assert isinstance(info.value, ValueError)


def test_mle_quartic_score_is_declined_not_solved() -> None:
    """A cubic score equation (−Σ(x − θ)⁴) is declined with its degree, not sent to solve."""
    with pytest.raises(SymklError, match=r"degree 3 in theta"):
        mle(-sympy.Sum((x[i] - theta) ** 4, (i, 1, n)), theta)


def test_mle_picks_the_root_that_is_a_maximum() -> None:
    """Of the two roots ±√(x̄) of a quadratic score only a proved maximum is returned."""
    positive = sympy.Symbol("theta", positive=True)
    # ℓ(θ) = Σ x_i log θ − n θ²/2 on θ > 0: roots ±√(Σx/n), the positive one is the maximum
    xs = sympy.IndexedBase("x", positive=True)
    result = mle(sympy.Sum(xs[i] * log(positive) - positive**2 / 2, (i, 1, n)), positive)
    (estimate,) = result.estimators.values()
    assert result.second_order.verdict is Verdict.PROVED
    assert estimate.is_positive
    value = estimate.subs(n, 4).replace(
        lambda e: isinstance(e, sympy.Sum), lambda e: sympy.Integer(16)
    )
    assert value == 2


def test_custom_mle_assumptions_are_not_empty() -> None:
    """A custom model states its parameter domain, not an empty 'inside the parameter domain: '."""
    result = mle(-sympy.Sum((x[i] - theta) ** 2, (i, 1, n)), theta)
    texts = result.second_order.assumptions
    assert all(not t.rstrip().endswith(":") for t in texts)
    assert any("theta ∈ (-oo, oo)" in t for t in texts)


def test_mle_errors_are_symkl_errors() -> None:
    """An unknown model name and missing parameters are SymklErrors naming the value."""
    with pytest.raises(SymklError, match="'gaussianish'"):
        mle("gaussianish")
    with pytest.raises(MalformedClaimError, match="parameters are required"):
        mle(theta**2)


def test_categorical_mle_at_one_class_is_not_refuted() -> None:
    """With K = 1 the simplex forces θ_1 = 1 = c_1/n: the claim is proved, not refuted."""
    cat = likelihood("categorical")
    (family,) = cat.parameters
    counts = sympy.IndexedBase("c", positive=True)
    one = dataclasses.replace(
        cat,
        log_likelihood=cat.log_likelihood.subs(K, 1),
        simplex_size=sympy.Integer(1),
        identities=((counts[1], n),),
    )
    assert prove(Maximizer(one, {family[k]: counts[k] / n})).verdict is Verdict.PROVED
    # without n = c_1 the point c_1/n is off the simplex: only that may refute it, not a score
    loose = dataclasses.replace(one, identities=())
    proof = prove(Maximizer(loose, {family[k]: counts[k] / n}))
    if proof.verdict is Verdict.REFUTED:
        assert proof.counterexample is not None
        assert proof.counterexample["component"] == "sum of the claimed point minus 1"


def test_categorical_wrong_point_on_three_classes_is_refuted() -> None:
    """θ_k = 1/3 is not the MLE for three classes: score components differ (Lagrange)."""
    cat = likelihood("categorical")
    (family,) = cat.parameters
    counts = sympy.IndexedBase("c", positive=True)
    three = dataclasses.replace(
        cat,
        log_likelihood=cat.log_likelihood.subs(K, 3),
        simplex_size=sympy.Integer(3),
        identities=((counts[1] + counts[2] + counts[3], n),),
    )
    proof = prove(Maximizer(three, {family[k]: sympy.Rational(1, 3)}))
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["n"] == 3


# --- gradients: every symbol bound before evaluation -------------------------------------------


def test_softmax_gradient_with_symbolic_size_and_bare_labels_gives_a_verdict() -> None:
    """Softmax CE over a symbolic K with bare p[i] (no distribution) gives a verdict."""
    p = sympy.IndexedBase("p", positive=True)
    partition = sympy.Sum(exp(z[j]), (j, 1, K))
    loss = sympy.Sum(-p[i] * log(exp(z[i]) / partition), (i, 1, K))
    proof = gradient_is(loss, z, exp(z[k]) / partition - p[k])
    # p is not tied to a distribution, so Σp ≠ 1 is allowed and the claim is false
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert "k" not in proof.counterexample
    assert "p" not in proof.counterexample


def test_chain_sum_gradient_with_an_edge_term_is_refuted() -> None:
    """∂/∂z_k Σ z_i z_{i+1} is not z_{k−1} + z_{k+1} at k = 1 (z_0 is not in the sum)."""
    proof = gradient_is(sympy.Sum(z[i] * z[i + 1], (i, 1, n)), z, z[k - 1] + z[k + 1])
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None
    assert proof.counterexample["component"] == "z_1"


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: gradient(theta**2, []), "empty"),
        (lambda: gradient("theta**2", theta), "theta"),
        (lambda: gradient_is(theta**2, [theta, x[1]], 2 * theta), "2 gradient components"),
        (lambda: same_gradient(theta, "oops", theta), "oops"),
        (lambda: same_argmin(theta, theta, "theta"), "theta"),
    ],
)
def test_bad_arguments_are_symkl_errors(call: object, shown: str) -> None:
    """Bad variables, objectives and component counts raise MalformedClaimError naming them."""
    with pytest.raises(MalformedClaimError, match=shown):
        call()  # type: ignore[operator]


def test_mle_root_outside_the_domain_is_rejected_with_the_reason() -> None:
    """−Σ(θ + x_i)² with x_i > 0 and θ > 0: the only root −x̄ is outside (0, ∞)."""
    positive = sympy.Symbol("theta", positive=True)
    xs = sympy.IndexedBase("x", positive=True)
    with pytest.raises(SymklError, match=r"outside the parameter domain \(0, oo\)"):
        mle(-sympy.Sum((positive + xs[i]) ** 2, (i, 1, n)), positive)


@pytest.mark.parametrize(
    ("call", "shown"),
    [
        (lambda: maximize("__import__('os').getcwd()"), "string"),
        (lambda: Maximizer("normal", {theta: "__import__('os')"}), "string"),
        (lambda: Maximizer("normal", 3), "got 3"),
        (lambda: same_argmin(theta**2, theta**4, theta, domain={theta: ("foo", 1)}), "'foo'"),
        (lambda: same_argmin(theta**2, theta**4, theta, domain={theta: ("log", 0, 1)}), "'log'"),
        (
            lambda: same_argmin(theta**2, theta**4, theta, domain=sympy.Interval(0, n)),
            "numeric ends",
        ),
    ],
)
def test_strings_and_malformed_ranges_are_rejected(call: object, shown: str) -> None:
    """Strings are never evaluated and sampling ranges are validated: MalformedClaimError."""
    with pytest.raises(MalformedClaimError, match=shown):
        call()  # type: ignore[operator]


HOSTILE = [None, "th", object(), [[]], float("nan"), 10**30, sympy.zoo, sympy.nan, b"x", -1]
ENTRY_POINTS = {
    "objective": lambda v: same_argmin(v, theta**2, theta),
    "variables": lambda v: same_gradient(theta**2, theta**2, v),
    "domain": lambda v: same_argmin(theta**2, theta**4, theta, domain=v),
    "where": lambda v: same_argmin(theta**2, theta**4, theta, where=v),
    "given": lambda v: gradient_is(theta**2, theta, 2 * theta, given=v),
    "samples": lambda v: same_gradient(theta**2, theta**2 + 1, theta, samples=v),
    "seed": lambda v: same_argmin(theta**2, theta**4, theta, seed=v),
    "model": lambda v: mle(v),
    "parameters": lambda v: mle(-((theta - 1) ** 2), v),
}


@pytest.mark.parametrize("where", sorted(ENTRY_POINTS))
def test_hostile_arguments_raise_only_symkl_errors(where: str) -> None:
    """Hostile values at every argument: a verdict or a SymklError, never another exception;
    a string is always refused."""
    call = ENTRY_POINTS[where]
    for value in HOSTILE:
        try:
            call(value)  # type: ignore[no-untyped-call]
        except SymklError:
            continue
    with pytest.raises(SymklError):
        call("__import__('os').getcwd()")  # type: ignore[no-untyped-call]


@pytest.mark.parametrize("value", [sympy.nan, sympy.zoo, float("nan"), theta + sympy.nan])
def test_undefined_objectives_are_refused(value: object) -> None:
    """An objective that is NaN or complex infinity is refused, naming it."""
    with pytest.raises(MalformedClaimError, match="undefined"):
        same_argmin(value, theta**2, theta)


def test_strings_nested_in_containers_are_never_executed(tmp_path: object) -> None:
    """Code in a string inside a tuple, list or dict is refused before SymPy could parse it."""
    from pathlib import Path

    marker = Path(str(tmp_path)) / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).write_text('x')"
    calls = [
        lambda: maximize((code,)),
        lambda: maximize({"a": code}),
        lambda: same_argmin((code,), theta, theta),
        lambda: gradient([code], theta),
        lambda: gradient_is(theta, theta, ((code,),)),
        lambda: Maximizer("poisson", {theta: (code,)}),
        lambda: mle(dataclasses.replace(likelihood("poisson"), log_likelihood=code)),
    ]
    for call in calls:
        with pytest.raises(SymklError):
            call()
    assert not marker.exists()
