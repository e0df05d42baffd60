"""Popular claims that are wrong, each refuted with numbers.

The swapped-notation line of the Cross Validated thread read literally, KL's symmetry and
triangle inequality, "cross-entropy is a distance", and the belief that fitting by forward
KL(p‖q) makes q sharp and mode-seeking (it is mass-covering: shown on a bimodal p).
"""

import sympy
from sympy import Eq, IndexedBase, Le, Rational, S, Sum, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl.citations import BISHOP, CV_DIFFERENCE, cite
from symkl.distributions import IndexedDiscrete

n = Symbol("n", integer=True, positive=True)
i = IndexedDiscrete.index
x = Symbol("x", real=True)
m = Symbol("m", real=True)
s = Symbol("s", positive=True)
p, q, r = (symkl.Discrete.symbolic(name, n) for name in ("p", "q", "r"))
P, Q = IndexedBase("p", positive=True), IndexedBase("q", positive=True)


def _gaussian(mean: sympy.Expr, sd: sympy.Expr) -> sympy.Expr:
    return exp(-((x - mean) ** 2) / (2 * sd**2)) / (sd * sqrt(2 * pi))


#: p = ½ N(−2, ½²) + ½ N(2, ½²): two well separated modes.
bimodal = symkl.Density((_gaussian(-2, S.Half) + _gaussian(2, S.Half)) / 2, x, (-oo, oo), name="p")
#: The moment-matched Gaussian (mean 0, variance ¼ + 4 = 17/4): the forward-KL optimum.
broad = symkl.Density(_gaussian(0, sqrt(Rational(17, 4))), x, (-oo, oo), name="q_broad")
#: A Gaussian sitting on one mode: near the reverse-KL optimum.
sharp = symkl.Density(_gaussian(2, S.Half), x, (-oo, oo), name="q_sharp")
#: Any Gaussian N(m, s²), to state the forward objective in closed form.
gaussian = symkl.Density(_gaussian(m, s), x, (-oo, oo), name="q")

SWAPPED_NOTATION = symkl.Derivation(
    "swapped-notation-ce",
    symkl.cross_entropy(q, p),
    [
        symkl.Step(
            symkl.kl_divergence(p, q) + symkl.entropy(p),
            why="as written: H(q, p) = D_KL(p, q) + H(p), with H(q, p) = −Σ q log p",
        ),
        symkl.Step(-Sum(P[i] * log(Q[i]), (i, 1, n)), why="= −Σ p_i log q_i, as written"),
    ],
    title="Misconception: H(q, p) = D_KL(p, q) + H(p) with the arguments of H swapped",
    source=cite(CV_DIFFERENCE, "answer 2", "‘their relation can be written as’"),
    expect="refuted",
)

SWAPPED_KL = symkl.Claim(
    "swapped-notation-kl",
    Eq(symkl.kl_divergence(p, q), symkl.cross_entropy(q, p) - symkl.entropy(p)),
    title="Misconception: D_KL(p, q) = H(q, p) − H(p)",
    source=cite(CV_DIFFERENCE, "answer 2", "‘so have D_KL(p, q) = H(q, p) − H(p)’"),
    why="true only with H(p, q) = −Σ p log q; with the arguments as written the sides differ",
    expect="refuted",
)

KL_SYMMETRIC = symkl.Claim(
    "kl-is-symmetric",
    Eq(symkl.kl_divergence(p, q), symkl.kl_divergence(q, p)),
    title="Misconception: KL divergence is symmetric, D_KL(p‖q) = D_KL(q‖p)",
    source=cite(CV_DIFFERENCE, "answer 3", "‘KL divergence is not symmetric’"),
    why="the two directions weight log(p/q) by different distributions",
    expect="refuted",
)

KL_TRIANGLE = symkl.Claim(
    "kl-triangle-inequality",
    Le(symkl.kl_divergence(p, r), symkl.kl_divergence(p, q) + symkl.kl_divergence(q, r)),
    title="Misconception: KL divergence is a distance and obeys the triangle inequality",
    source=cite(CV_DIFFERENCE, "question", "‘tools to measure the distance’"),
    why="KL is a divergence, not a metric",
    expect="refuted",
)

CE_OF_ITSELF_IS_ZERO = symkl.Claim(
    "cross-entropy-of-itself-is-zero",
    Eq(symkl.cross_entropy(p, p), 0),
    title="Misconception: cross-entropy is a distance, so H(p, p) = 0",
    source=cite(CV_DIFFERENCE, "question", "‘tools to measure the distance’"),
    why="H(p, p) = H(p), which is 0 only for a point mass",
    expect="refuted",
)

CE_OF_ITSELF_IS_ENTROPY = symkl.Claim(
    "cross-entropy-of-itself-is-entropy",
    Eq(symkl.cross_entropy(p, p), symkl.entropy(p)),
    title="H(p, p) = H(p): the minimum of H(p, ·) is the entropy, not 0",
    source=cite(CV_DIFFERENCE, "question"),
    why="definition",
)

FORWARD_OBJECTIVE = symkl.Claim(
    "forward-kl-objective-bimodal",
    Eq(
        symkl.cross_entropy(bimodal, gaussian),
        log(s) + log(2 * pi) / 2 + (Rational(17, 4) + m**2) / (2 * s**2),
    ),
    title="Forward-KL objective of a Gaussian fit to the bimodal p",
    source=cite(CV_DIFFERENCE, "answer 3", "the VI paragraph") + cite(BISHOP, "§10.1.2"),
    why="E_p[−log N(x; m, s²)] = log s + ½ log 2π + E_p[(x − m)²]/(2s²) with E_p[x] = 0, "
    "E_p[x²] = 17/4; minimised at m = 0, s² = 17/4 (moment matching)",
    expect="checked",
)

FORWARD_KL_IS_MODE_SEEKING = symkl.Claim(
    "forward-kl-is-mode-seeking",
    Le(symkl.kl_divergence(bimodal, sharp), symkl.kl_divergence(bimodal, broad)),
    title="Misconception: fitting q by forward KL(p‖q) makes q sharp, on one mode",
    source=cite(CV_DIFFERENCE, "answer 3", "‘q that is sharp and focused’"),
    why="forward KL is mass-covering: q = N(2, ½²) on one mode pays heavily where p has its "
    "other mode, while the moment-matched N(0, 17/4) has the smaller KL(p‖q)",
    expect="refuted",
)

REVERSE_KL_IS_MODE_SEEKING = symkl.Claim(
    "reverse-kl-is-mode-seeking",
    Le(symkl.kl_divergence(sharp, bimodal), symkl.kl_divergence(broad, bimodal)),
    title="Reverse KL(q‖p) prefers the Gaussian that sits on one mode",
    source=cite(BISHOP, "§10.1.2") + cite(CV_DIFFERENCE, "answer 3", "directions exchanged"),
    why="KL(q‖p) is large where q has mass and p has none, so q avoids the gap between modes",
    expect="checked",
)
