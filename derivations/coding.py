"""The coding view: code lengths, bits and nats, and why differential entropy is different.

With q-optimal Shannon code lengths ℓ(x) = ⌈−log₂ q(x)⌉ the expected length under p lies in
[H₂(p, q), H₂(p, q) + 1): the answer's "how many bits you need" made exact.
"""

from sympy import Eq, Ge, Lt, Rational, S, Symbol, ceiling, log

import symkl
from symkl.citations import COVER_THOMAS, CV_PRACTICE, cite

n = Symbol("n", integer=True, positive=True)
x = Symbol("x", real=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)


def _code_length(dist: symkl.Discrete) -> object:
    return ceiling(-log(dist) / log(2))


EXPECTED_LENGTH = symkl.expectation(p, _code_length(q))

CODE_LENGTH_LOWER = symkl.Claim(
    "code-length-at-least-cross-entropy",
    Ge(EXPECTED_LENGTH, symkl.cross_entropy(p, q, base=2)),
    title="E_p[⌈−log₂ q⌉] ≥ H₂(p, q): a code built for q costs at least H(p, q) bits",
    source=cite(CV_PRACTICE, "answer", "‘how many bits’") + cite(COVER_THOMAS, "Theorem 5.4.3"),
    why="⌈a⌉ ≥ a for every outcome",
)

CODE_LENGTH_UPPER = symkl.Claim(
    "code-length-below-cross-entropy-plus-one",
    Lt(EXPECTED_LENGTH, symkl.cross_entropy(p, q, base=2) + 1),
    title="E_p[⌈−log₂ q⌉] < H₂(p, q) + 1",
    source=cite(COVER_THOMAS, "Theorem 5.4.3", "the wrong-code theorem"),
    why="⌈a⌉ < a + 1 for every outcome, and Σ p = 1",
)

_p_example = symkl.Discrete([S.Half, S.Half], name="p")
_q_example = symkl.Discrete([Rational(1, 4), Rational(3, 4)], name="q")

WORKED_EXAMPLE = symkl.Claim(
    "code-length-worked-example",
    Eq(symkl.expectation(_p_example, _code_length(_q_example)), Rational(3, 2)),
    title="Worked example: p = (½, ½) coded for q = (¼, ¾) takes 1.5 bits on average",
    source=cite(CV_PRACTICE, "answer", "the optimal code for f_θ used on data from q"),
    why="lengths ⌈log₂ 4⌉ = 2 and ⌈log₂ 4/3⌉ = 1, each used half the time; H₂(p, q) ≈ 1.21 "
    "and 1.21 ≤ 1.5 < 2.21",
)

WORKED_EXAMPLE_BOUNDS = symkl.Claim(
    "code-length-worked-example-bounds",
    Ge(
        symkl.expectation(_p_example, _code_length(_q_example)),
        symkl.cross_entropy(_p_example, _q_example, base=2),
    ),
    title="Worked example: 1.5 bits ≥ H₂(p, q) = 1 + ½·log₂(4/3)",
    source=cite(CV_PRACTICE, "answer", "coding"),
    why="evaluated exactly",
)

DYADIC_EXAMPLE = symkl.Claim(
    "code-length-dyadic-equals-entropy",
    Eq(
        symkl.expectation(
            symkl.Discrete([S.Half, Rational(1, 4), Rational(1, 8), Rational(1, 8)], name="p"),
            _code_length(
                symkl.Discrete([S.Half, Rational(1, 4), Rational(1, 8), Rational(1, 8)], name="p")
            ),
        ),
        symkl.entropy([S.Half, Rational(1, 4), Rational(1, 8), Rational(1, 8)], base=2),
    ),
    title="For dyadic p the optimal code meets the entropy exactly: 1.75 bits",
    source=cite(COVER_THOMAS, "Example 5.1.2"),
    why="−log₂ p(x) is an integer for every outcome, so no rounding is lost",
)

KL_IS_EXTRA_BITS = symkl.Claim(
    "kl-is-extra-bits",
    Eq(
        symkl.kl_divergence(p, q, base=2),
        symkl.cross_entropy(p, q, base=2) - symkl.entropy(p, base=2),
    ),
    title="D_KL(p‖q) in bits is the extra code length of using q's code for p's data",
    source=cite(CV_PRACTICE, "answer", "‘measures how many additional bits’"),
    why="the decomposition, in base 2",
)

NATS_TO_BITS = symkl.Claim(
    "change-of-base-nats-to-bits",
    Eq(symkl.entropy(p, base=2), symkl.entropy(p) / log(2)),
    title="H₂(p) = H(p) / log 2: bits from nats",
    source=cite(COVER_THOMAS, "Lemma 2.1.2"),
    why="log₂ t = ln t / ln 2 in every term",
)

KL_BITS_TO_NATS = symkl.Claim(
    "change-of-base-kl",
    Eq(symkl.kl_divergence(p, q), log(2) * symkl.kl_divergence(p, q, base=2)),
    title="D_KL in nats is ln 2 times D_KL in bits",
    source=cite(COVER_THOMAS, "Lemma 2.1.2"),
    why="the base only rescales",
)

_half_width = symkl.Density(S(2), x, (0, S.Half), name="u")

DIFFERENTIAL_ENTROPY_VALUE = symkl.Claim(
    "differential-entropy-of-a-narrow-uniform",
    Eq(symkl.entropy(_half_width), -log(2)),
    title="The uniform density on (0, ½) has differential entropy −log 2",
    source=cite(COVER_THOMAS, "Example 8.1.1"),
    why="−∫₀^½ 2 log 2 dx = −log 2",
)

DIFFERENTIAL_ENTROPY_NON_NEGATIVE = symkl.Claim(
    "differential-entropy-non-negative",
    Ge(symkl.entropy(_half_width), 0),
    title="Misconception: differential entropy is non-negative like discrete entropy",
    source=cite(CV_PRACTICE, "answer", "the coding view") + cite(COVER_THOMAS, "Example 8.1.1"),
    why="a density may exceed 1, so −log p(x) can be negative everywhere: H = −log 2 < 0",
    expect="refuted",
)
