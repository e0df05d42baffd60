"""Bad input to distributions and measures: a clear SymklError naming the value, never eval."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sympy
from sympy import Eq, Ge, I, Rational, S, Symbol, exp, log, nan, oo, zoo

import symkl
from symkl import errors
from symkl.derivation import Claim, Derivation, Step
from symkl.distributions import Density, Discrete, IndexedDiscrete, as_distribution
from symkl.measures import CrossEntropy, Entropy, Expectation, KLDivergence, OutcomeSum
from symkl.prover import Verdict
from symkl.testing import assert_identity

x = Symbol("x", real=True)
P = Discrete([Rational(1, 2), Rational(1, 2)], name="p")
Q = Discrete([Rational(1, 4), Rational(3, 4)], name="q")

# --- log bases --------------------------------------------------------------------------------

BAD_BASES = [
    (0, errors.InvalidBaseError, "a logarithm base must be positive, got 0"),
    (1, errors.InvalidBaseError, "a logarithm base cannot be 1 (log 1 = 0), got 1"),
    (1.0, errors.InvalidBaseError, "a logarithm base cannot be 1 (log 1 = 0), got 1.0"),
    (-2, errors.InvalidBaseError, "a logarithm base must be positive, got -2"),
    (I, errors.InvalidBaseError, "a logarithm base must be real, got I"),
    (2 + I, errors.InvalidBaseError, "a logarithm base must be real, got 2 + I"),
    (nan, errors.InvalidBaseError, "got nan"),
    (float("nan"), errors.InvalidBaseError, "got nan"),
    (oo, errors.InvalidBaseError, "a logarithm base must be finite, got oo"),
    (zoo, errors.InvalidBaseError, "got zoo"),
    (Symbol("b", negative=True), errors.InvalidBaseError, "must be positive, got b"),
    (Symbol("z", imaginary=True), errors.InvalidBaseError, "must be real, got z"),
    (sympy.cos(1) ** 2 + sympy.sin(1) ** 2, errors.InvalidBaseError, "cannot be 1"),
    (None, errors.NotAnExpressionError, "a logarithm base must be a positive real number"),
    (None, TypeError, "got None"),
    ([2], errors.NotAnExpressionError, "got [2]"),
    (
        P,
        errors.NotAnExpressionError,
        "got Discrete([1/2, 1/2]), which is or contains a distribution",
    ),
    (True, errors.NotAnExpressionError, "got True"),
    ("e", errors.StringInputError, "got the string 'e'"),
    ("2", errors.StringInputError, "symkl check"),
]

MEASURES: list[Callable[[object], object]] = [
    lambda base: symkl.entropy(P, base=base),
    lambda base: symkl.cross_entropy(P, Q, base=base),
    lambda base: symkl.kl_divergence(P, Q, base=base),
    lambda base: Entropy(P, base),
    lambda base: CrossEntropy(P, Q, base),
    lambda base: KLDivergence(P, Q, base),
]


@pytest.mark.parametrize(("base", "error", "fragment"), BAD_BASES)
@pytest.mark.parametrize("measure", MEASURES)
def test_bad_log_bases_are_rejected_naming_the_value(
    measure: Callable[[object], object], base: object, error: type[Exception], fragment: str
) -> None:
    """Every measure taking a base rejects bases that are not positive reals ≠ 1."""
    with pytest.raises(error) as info:
        measure(base)
    assert isinstance(info.value, errors.SymklError)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("base", "value"),
    [(2, 1), (sympy.E, log(2)), (2.0, 1), (Rational(1, 2), -1), (10, log(2) / log(10))],
)
def test_valid_numeric_bases_give_the_entropy_in_that_unit(base: object, value: object) -> None:
    """H of a fair coin is log(2)/log(base)."""
    assert sympy.simplify(symkl.entropy(P, base=base).doit() - value) == 0


def test_a_plain_symbol_base_records_positive_and_not_one() -> None:
    """base=b (no assumptions) is accepted with the facts b > 0, b ≠ 1; declared ones drop."""
    b = Symbol("b")
    assert symkl.entropy(P, base=b).domain_facts() == (b > 0, sympy.Ne(b, 1))
    c = Symbol("c", positive=True)
    assert symkl.kl_divergence(P, Q, base=c).domain_facts() == (sympy.Ne(c, 1),)
    assert symkl.entropy(P, base=2).domain_facts() == ()


def test_prove_with_base_one_is_an_error_not_a_key_error() -> None:
    """H(p, base=1) >= 0 raised KeyError: zoo; now the entropy itself is refused."""
    with pytest.raises(errors.InvalidBaseError, match="cannot be 1"):
        symkl.prove(Ge(symkl.entropy(P, base=1), 0))


# --- strings are never evaluated --------------------------------------------------------------


def _calls(code: str) -> list[tuple[str, Callable[[], object]]]:
    n = Symbol("n", integer=True, positive=True)
    return [
        ("entropy base", lambda: symkl.entropy(P, base=code)),
        ("cross_entropy base", lambda: symkl.cross_entropy(P, Q, base=code)),
        ("kl_divergence base", lambda: symkl.kl_divergence(P, Q, base=code)),
        ("entropy dist", lambda: symkl.entropy(code)),
        ("cross_entropy q", lambda: symkl.cross_entropy(P, code)),
        ("kl_divergence p", lambda: symkl.kl_divergence(code, Q)),
        ("expectation f", lambda: symkl.expectation(P, code)),
        ("expectation p", lambda: symkl.expectation(code, x)),
        ("outcome_sum f", lambda: symkl.outcome_sum(code)),
        ("outcome_sum over", lambda: symkl.outcome_sum(P, over=code)),
        ("Density pdf", lambda: Density(code, x, (0, 1))),
        ("Density variable", lambda: Density(1, code, (0, 1))),  # type: ignore[arg-type]
        ("Density lower", lambda: Density(1, x, (code, 1))),
        ("Density upper", lambda: Density(1, x, (0, code))),
        ("Density support", lambda: Density(1, x, code)),  # type: ignore[arg-type]
        ("Density.value_at", lambda: Density(1, x, (0, 1)).value_at(code)),  # type: ignore[arg-type]
        ("Discrete entry", lambda: Discrete([code, 0.5])),
        ("Discrete probs", lambda: Discrete(code)),
        ("Discrete.symbolic n", lambda: Discrete.symbolic("p", code)),  # type: ignore[arg-type]
        ("IndexedDiscrete n", lambda: IndexedDiscrete("p", code)),
        ("as_distribution", lambda: as_distribution(code)),
        ("Entropy base", lambda: Entropy(P, code)),
        ("CrossEntropy base", lambda: CrossEntropy(P, Q, code)),
        ("KLDivergence base", lambda: KLDivergence(P, Q, code)),
        ("Expectation f", lambda: Expectation(P, code)),
        ("OutcomeSum summand", lambda: OutcomeSum(code, P)),
        ("Claim relation", lambda: Claim("c", code)),
        ("Step expr", lambda: Step(code)),
        ("Derivation start", lambda: Derivation("d", code, [Step(x)])),
        ("assert_identity lhs", lambda: assert_identity(code, 1)),
        ("assert_identity rhs", lambda: assert_identity(1, code)),
        ("entropy of indexed base", lambda: symkl.entropy(Discrete.symbolic("p", n), base=code)),
    ]


@pytest.mark.parametrize("index", range(len(_calls(""))))
def test_code_in_a_string_is_never_run(tmp_path: Path, index: int) -> None:
    """A string carrying code is refused by every entry point, and the code does not run."""
    marker = tmp_path / "ran"
    code = f"__import__('pathlib').Path({str(marker)!r}).touch()"
    name, call = _calls(code)[index]
    with pytest.raises(errors.SymklError) as info:
        call()
    assert not marker.exists(), f"{name} executed the string"
    assert isinstance(info.value, TypeError), name
    assert "symkl check" in str(info.value), name


def test_prove_does_not_run_a_string(tmp_path: Path) -> None:
    """symkl.prove('<code>') is refused without running the code."""
    marker = tmp_path / "ran"
    with pytest.raises(errors.SymklError):
        symkl.prove(f"__import__('pathlib').Path({str(marker)!r}).touch()")
    assert not marker.exists()


def test_string_probabilities_point_to_sympy_numbers() -> None:
    """Discrete(['0.5', '0.5']) is refused: the text names the value and the way out."""
    with pytest.raises(errors.StringInputError) as info:
        Discrete(["0.5", "0.5"])
    assert "got the string '0.5'" in str(info.value)
    assert "sympy.Rational(1, 2)" in str(info.value)


# --- densities --------------------------------------------------------------------------------

a = Symbol("a")
m = Symbol("m", real=True)
lam = Symbol("lambda", positive=True)


@pytest.mark.parametrize(
    ("pdf", "support", "fragment"),
    [
        (
            4 * x - 1,
            (0, 1),
            "must be non-negative on its support (0, 1), got 4*x - 1 = -249/250 at x = 1/1000",
        ),
        (-exp(-x), (0, oo), "must be non-negative on its support (0, oo), got -exp(-x) < 0"),
        (log(x), (0, 1), "must be non-negative on its support (0, 1), got log(x)"),
        (nan, (0, 1), "a density must be finite, got nan on (0, 1)"),
        (zoo, (0, 1), "a density must be finite, got zoo on (0, 1)"),
        (I * x, (0, 1), "a density must be real on its support (0, 1)"),
        (2 * exp(-x), (0, oo), "a density must integrate to 1, got 2.0 for 2*exp(-x)"),
        (3 * x**2, (-1, 1), "a density must integrate to 1, got 2.0 for 3*x**2 on (-1, 1)"),
        (2 * lam * exp(-lam * x), (0, oo), "got 2 for 2*lambda*exp(-lambda*x) on (0, oo)"),
        (1, (0, nan), "the support bounds must be real numbers or ±oo, got (0, nan)"),
        (1, (oo, oo), "the support (oo, oo) is empty"),
        (1, (0, I), "the support bounds must be real numbers or ±oo, got (0, I)"),
        (x, (0, x), "the support bounds cannot contain the variable x"),
        (1, (0,), "the support must be a pair (lo, hi), got (0,)"),
    ],
)
def test_bad_densities_are_rejected_naming_the_value(
    pdf: object, support: tuple[object, ...], fragment: str
) -> None:
    """NaN, negative, complex or unnormalised pdfs and bad supports are refused."""
    with pytest.raises(errors.InvalidDistributionError) as info:
        Density(pdf, x, support)  # type: ignore[arg-type]
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("pdf", "support", "facts"),
    [
        (lam * exp(-lam * x), (0, oo), ()),
        (exp(-((x - m) ** 2) / 2) / sympy.sqrt(2 * sympy.pi), (-oo, oo), ()),
        (a * exp(-x), (0, oo), (a >= 0, Eq(a, 1, evaluate=False))),
        (
            a * x + 1 - a / 2,
            (0, 1),
            (
                sympy.Ge(
                    sympy.Min(
                        1 - 499 * a / 1000,
                        1 - a / 4,
                        a / 16 + 1,
                        a / 4 + 1,
                        499 * a / 1000 + 1,
                        evaluate=False,
                    ),
                    0,
                    evaluate=False,
                ),
            ),
        ),
        (S.One, (0, lam), (Eq(lam, 1, evaluate=False),)),
        (1 / lam, (0, lam), ()),
    ],
)
def test_parametric_normalisation_is_proved_or_listed(
    pdf: sympy.Expr, support: tuple[object, object], facts: tuple[sympy.Basic, ...]
) -> None:
    """∫ pdf = 1 is proved exactly, or what it requires of the parameters becomes a fact."""
    assert Density(pdf, x, support).domain_facts() == facts


def test_density_is_zero_outside_its_support() -> None:
    """value_at carries the support: 0 outside, the pdf inside, Piecewise when unknown."""
    p = Density(S.One, x, (0, 1), name="p")
    assert p.value_at(Rational(1, 2)) == 1
    assert p.value_at(Rational(3, 2)) == 0
    assert p.value_at(-1) == 0
    y = Symbol("y", real=True)
    assert p.value_at(y) == sympy.Piecewise((1, (y >= 0) & (y <= 1)), (0, True))


UNIT = Density(S.One, x, (0, 1), name="p")
WIDE = Density(S.Half, x, (0, 2), name="q")
FAR = Density(S.One, x, (2, 3), name="r")


@pytest.mark.parametrize(
    ("measure", "value"),
    [
        (symkl.kl_divergence(WIDE, UNIT), oo),
        (symkl.kl_divergence(UNIT, WIDE), log(2)),
        (symkl.cross_entropy(WIDE, UNIT), oo),
        (symkl.kl_divergence(UNIT, FAR), oo),
        (symkl.kl_divergence(WIDE, UNIT, base=2), oo),
        (symkl.entropy(WIDE), log(2)),
    ],
)
def test_measures_across_supports(measure: sympy.Expr, value: sympy.Expr) -> None:
    """KL(q ‖ p) is ∞ when q has mass where p has none; .doit() and the definition agree."""
    assert sympy.simplify(measure.doit() - value) == 0 or measure.doit() == value
    assert measure.definition().doit() == value or (
        sympy.simplify(measure.definition().doit() - value) == 0
    )


def test_kl_across_supports_is_not_proved_finite() -> None:
    """Eq(KL(q, p), -log 2) is not proved and the true KL(q, p) >= 0 is not refuted."""
    kl = symkl.kl_divergence(WIDE, UNIT)
    assert symkl.prove(Eq(kl, -log(2), evaluate=False)).verdict is not Verdict.PROVED
    assert symkl.prove(Ge(kl, 0, evaluate=False)).verdict is not Verdict.REFUTED


# --- 0·∞ = 0 before SymPy cancels -------------------------------------------------------------


def test_expectation_applies_zero_times_infinity_before_cancelling() -> None:
    """E_q[p/q] with q = (1, 0), p = (1/2, 1/2) is 1/2: the q = 0 outcome contributes 0."""
    q0 = Discrete([1, 0], name="q")
    e = symkl.expectation(q0, P / q0)
    assert e.doit() == S.Half
    assert symkl.measures.unfold(e) == S.Half
    assert symkl.prove(Eq(e, 1, evaluate=False)).verdict is Verdict.REFUTED
    assert symkl.prove(Eq(e, S.Half, evaluate=False)).verdict is Verdict.PROVED


def test_expectation_without_zeros_keeps_its_outcome_sum() -> None:
    """With a full-support weight the definition stays symbolic (an OutcomeSum)."""
    e = symkl.expectation(Q, P / Q)
    assert isinstance(e.definition(), OutcomeSum)
    assert e.doit() == 1


# --- discrete vectors built from expressions --------------------------------------------------

p_, b_ = sympy.symbols("p b")
y_ = Symbol("y", positive=True)


@pytest.mark.parametrize(
    ("probs", "facts"),
    [
        ([p_, 1 - p_], (p_ >= 0, p_ <= 1, 1 - p_ >= 0)),
        ([a, b_], (a >= 0, a <= 1, b_ >= 0, b_ <= 1, Eq(a + b_, 1, evaluate=False))),
        ([y_, 1 - y_], (y_ <= 1, 1 - y_ >= 0)),
        ([Rational(1, 3), Rational(2, 3)], ()),
        (
            [1 / (1 + exp(-x)), 1 / (1 + exp(x))],
            (),
        ),
    ],
)
def test_discrete_domain_facts(probs: list[sympy.Expr], facts: tuple[sympy.Basic, ...]) -> None:
    """Symbolic entries are ≥ 0 (bare symbols also ≤ 1); an unproved sum becomes Eq(Σ, 1)."""
    assert Discrete(probs).domain_facts() == facts


def test_symbolic_sizes_carry_the_simplex() -> None:
    """Discrete.symbolic lists Σ p = 1 for an explicit and for a symbolic n."""
    n = Symbol("n", integer=True, positive=True)
    three = Discrete.symbolic("p", 3)
    p1, p2, p3 = three.probs
    assert three.domain_facts() == (p1 <= 1, p2 <= 1, p3 <= 1, Eq(p1 + p2 + p3, 1, evaluate=False))
    indexed = Discrete.symbolic("p", n)
    i = IndexedDiscrete.index
    base = sympy.IndexedBase("p", positive=True)
    assert indexed.domain_facts() == (Eq(sympy.Sum(base[i], (i, 1, n)), 1, evaluate=False),)


@pytest.mark.parametrize(
    ("probs", "fragment"),
    [
        ([2 * y_, 2 - y_], "got y + 2 for [2*y, 2 - y], which is never 1"),
        ([nan, 1], "probabilities must be finite numbers, got nan at position 1"),
        ([oo, 0], "probabilities must be finite numbers, got oo at position 1"),
        ([Symbol("z", imaginary=True), 1], "probabilities must be real, got z at position 1"),
        ([-y_, 1 + y_], "probabilities must be non-negative, got -y at position 1"),
        ([P, 0], "not a distribution or measure, got Discrete([1/2, 1/2]) at position 1"),
    ],
)
def test_bad_symbolic_probabilities_are_rejected(probs: list[object], fragment: str) -> None:
    """What SymPy can decide about symbolic entries is decided, naming the entry."""
    with pytest.raises(errors.InvalidDistributionError) as info:
        Discrete(probs)
    assert fragment in str(info.value)


# --- messages ---------------------------------------------------------------------------------


def _mismatch(first: object, second: object) -> str:
    with pytest.raises(errors.SupportMismatchError) as info:
        symkl.kl_divergence(first, second)
    return str(info.value)


def test_outcome_counts_read_right() -> None:
    """Plural forms, ranges for labelled outcomes, and the assumption telling two n apart."""
    from symkl.families import Bernoulli, MultivariateNormal, Poisson

    n = Symbol("n", integer=True, positive=True)
    half = Rational(1, 2)
    assert _mismatch(Bernoulli(half), [Rational(1, 3)] * 3) == (
        "distributions have different numbers of outcomes: Bernoulli(1/2) has 2 outcomes "
        "(0 to 1), q has 3 outcomes"
    )
    assert _mismatch([1], [half, half]) == (
        "distributions have different numbers of outcomes: p has 1 outcome, q has 2 outcomes"
    )
    assert _mismatch(Bernoulli(half), [half, half]) == (
        "distributions have different outcomes: Bernoulli(1/2) has 2 outcomes (0 to 1), "
        "q has 2 outcomes (1 to 2)"
    )
    assert _mismatch(
        Discrete.symbolic("p", n), Discrete.symbolic("q", Symbol("n", integer=True))
    ) == (
        "distributions have different numbers of outcomes: p has n outcomes, q has n outcomes; "
        "these are different symbols: n (integer, positive) vs n (integer)"
    )
    assert _mismatch(Poisson(2), Discrete.symbolic("q", n)) == (
        "distributions have different numbers of outcomes: Poisson(2) has infinitely many "
        "outcomes (0, 1, …), q has n outcomes"
    )
    mvn = MultivariateNormal([0, 0], [[1, 0], [0, 1]])
    assert _mismatch(mvn, MultivariateNormal([0], [[1]])) == (
        f"distributions have different dimensions: {mvn.name} is 2-dimensional, "
        "MultivariateNormal([0], [[1]]) is 1-dimensional"
    )


@pytest.mark.parametrize(
    "error",
    [
        errors.InvalidBaseError,
        errors.NotAnExpressionError,
        errors.StringInputError,
        errors.InvalidDistributionError,
        errors.SupportMismatchError,
        errors.MixedSupportError,
        errors.UnsupportedMeasureError,
        errors.MalformedClaimError,
    ],
)
def test_every_error_is_a_symkl_error_and_a_builtin(error: type[Exception]) -> None:
    """Each error class can be caught as SymklError and as ValueError or TypeError."""
    assert issubclass(error, errors.SymklError)
    assert issubclass(error, (ValueError, TypeError))


def test_a_symbol_named_like_the_outcome_variable_is_refused() -> None:
    """E_N[Symbol('x')] (two different x) is an error naming both, not a lambdify traceback."""
    from symkl.families import Normal

    normal = Normal(0, 1)
    with pytest.raises(errors.AmbiguousSymbolError) as info:
        symkl.expectation(normal, Symbol("x"))
    assert str(info.value) == (
        "the expectation over Normal(0, 1) uses the symbol x (no assumptions), which is not the "
        "outcome variable x (real); write the outcome variable itself (the distribution's "
        ".support.variable) or rename the other symbol"
    )
    assert isinstance(info.value, ValueError)
    outcome = normal.support.variable
    assert symkl.expectation(normal, outcome).f == outcome
    with pytest.raises(errors.AmbiguousSymbolError, match="the density uses the symbol x"):
        Density(exp(-Symbol("x")), Symbol("x", positive=True), (0, oo))


def test_vector_and_scalar_densities_do_not_mix() -> None:
    """KL(MVN 1-d ‖ Normal) is refused instead of integrating a meaningless expression."""
    from symkl.families import MultivariateNormal, Normal

    with pytest.raises(errors.SupportMismatchError, match="cannot compare the vector distribution"):
        symkl.kl_divergence(MultivariateNormal([0], [[1]]), Normal(0, 1))


def test_huge_explicit_sizes_are_refused() -> None:
    """Discrete.symbolic('p', 10**9) would build a billion symbols: refused, naming n."""
    with pytest.raises(errors.InvalidDistributionError, match=r"at most 10000 .* got 1000000000"):
        Discrete.symbolic("p", 10**9)


def test_normalisation_known_tells_proved_from_assumed() -> None:
    """A proved mass is known; a recorded constraint is not."""
    assert Density(lam * exp(-lam * x), x, (0, oo)).normalisation_known()
    assert not Density(a * exp(-x), x, (0, oo)).normalisation_known()


def test_run_bounded_gives_up_and_restores_the_timer() -> None:
    """A computation over its CPU budget yields None; the previous SIGPROF handler is restored."""
    import signal

    from symkl._budget import run_bounded

    def spin() -> None:
        while True:
            pass

    before = signal.getsignal(signal.SIGPROF)
    assert run_bounded(spin, 0.05) is None
    assert run_bounded(lambda: 42, 1.0) == 42
    assert signal.getsignal(signal.SIGPROF) is before
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_only_bare_probabilities_are_sampled_in_the_unit_interval() -> None:
    """p in [p, 1 - p] is drawn from [0, 1]; t in σ(t) keeps its own range (all reals)."""
    t = Symbol("t", real=True)
    assert Discrete([p_, 1 - p_]).parameter_domains() == {p_: (0.0, 1.0)}
    assert Discrete([1 / (1 + exp(-t)), 1 / (1 + exp(t))]).parameter_domains() == {}
