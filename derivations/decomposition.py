"""Cross-entropy = entropy + KL divergence, step by step.

Lei Mao's chain D_KL(p‖q) = E_p[−log q/p] = … = H(p, q) − H(p) exactly as the post writes it,
the same identity for densities (the Cross Validated answer on f_θ), and the form the first
Cross Validated answer gives, H(A, B) = D_KL(A‖B) + S_A.
"""

from sympy import Eq, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl.citations import CV_DIFFERENCE, CV_PRACTICE, LEI_MAO, cite

n = Symbol("n", integer=True, positive=True)
x = Symbol("x", real=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
a, b = symkl.Discrete.symbolic("A", n), symkl.Discrete.symbolic("B", n)
p5, q5 = symkl.Discrete.symbolic("p", 5), symkl.Discrete.symbolic("q", 5)

mu, theta = Symbol("mu", real=True), Symbol("theta", real=True)
sigma, tau = Symbol("sigma", positive=True), Symbol("tau", positive=True)
data_density = symkl.Density(
    exp(-((x - mu) ** 2) / (2 * sigma**2)) / (sigma * sqrt(2 * pi)), x, (-oo, oo), name="q"
)
model_density = symkl.Density(
    exp(-((x - theta) ** 2) / (2 * tau**2)) / (tau * sqrt(2 * pi)), x, (-oo, oo), name="f_θ"
)


def _lei_mao_chain(left: symkl.Discrete, right: symkl.Discrete) -> list[symkl.Step]:
    return [
        symkl.Step(symkl.expectation(left, -log(right / left)), why="definition"),
        symkl.Step(symkl.expectation(left, -log(right) + log(left)), why="log of a quotient"),
        symkl.Step(
            symkl.expectation(left, -log(right)) + symkl.expectation(left, log(left)),
            why="linearity of expectation",
        ),
        symkl.Step(
            symkl.expectation(left, -log(right)) - symkl.expectation(left, -log(left)),
            why="pull the sign out of the second expectation",
        ),
        symkl.Step(
            symkl.cross_entropy(left, right) - symkl.entropy(left),
            why="definitions of H(p, q) and H(p)",
        ),
    ]


KL_AS_CE_MINUS_ENTROPY = symkl.Derivation(
    "kl-as-ce-minus-entropy",
    symkl.kl_divergence(p, q),
    _lei_mao_chain(p, q),
    title="KL divergence is cross-entropy minus entropy (symbolic n)",
    source=cite(LEI_MAO, "Cross Entropy and KL Divergence"),
)

KL_AS_CE_MINUS_ENTROPY_EXPLICIT = symkl.Derivation(
    "kl-as-ce-minus-entropy-five-outcomes",
    symkl.kl_divergence(p5, q5),
    _lei_mao_chain(p5, q5),
    title="KL divergence is cross-entropy minus entropy (five outcomes)",
    source=cite(LEI_MAO, "Cross Entropy and KL Divergence"),
)

CE_IS_ENTROPY_PLUS_KL = symkl.Claim(
    "ce-is-entropy-plus-kl",
    Eq(symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q)),
    title="H(p, q) = H(p) + D_KL(p‖q)",
    source=cite(LEI_MAO, "Optimization Using Cross Entropy or KL Divergence"),
    why="rearranging D_KL(p‖q) = H(p, q) − H(p)",
)

CE_IS_KL_PLUS_ENTROPY_AB = symkl.Claim(
    "ce-is-kl-plus-entropy-a-b",
    Eq(symkl.cross_entropy(a, b), symkl.kl_divergence(a, b) + symkl.entropy(a)),
    title="H(A, B) = D_KL(A‖B) + S_A",
    source=cite(CV_DIFFERENCE, "answer 1", "‘From the definitions, we can easily see’"),
    why="the entropy S_A of the data is the constant that separates CE from KL",
)

CE_IS_KL_PLUS_ENTROPY_EQ2 = symkl.Claim(
    "ce-is-kl-plus-entropy-answer-3",
    Eq(symkl.cross_entropy(p, q), symkl.kl_divergence(p, q) + symkl.entropy(p)),
    title="H(p, q) = D_KL(p, q) + H(p), solved from equation (1)",
    source=cite(CV_DIFFERENCE, "answer 3", "equations (1) and (2)"),
    why="equation (1) solved for H(p, q)",
)

KL_DENSITY_DECOMPOSITION = symkl.Derivation(
    "kl-density-decomposition",
    symkl.kl_divergence(data_density, model_density),
    [
        symkl.Step(
            symkl.outcome_sum(data_density * log(data_density / model_density)),
            why="definition: ∫ q log(q/f_θ) dx",
        ),
        symkl.Step(
            symkl.outcome_sum(-data_density * log(model_density))
            + symkl.outcome_sum(data_density * log(data_density)),
            why="log of a quotient and linearity of the integral",
        ),
        symkl.Step(
            symkl.cross_entropy(data_density, model_density) - symkl.entropy(data_density),
            why="the first term is H(q, f_θ), the second −H(q)",
        ),
    ],
    title="KL(q‖f_θ) = H(q, f_θ) − H(q) for densities",
    source=cite(CV_PRACTICE, "answer", "‘the density of your true data-generating process’"),
)

CE_IS_ENTROPY_PLUS_KL_DENSITIES = symkl.Claim(
    "ce-is-entropy-plus-kl-densities",
    Eq(
        symkl.cross_entropy(data_density, model_density),
        symkl.entropy(data_density) + symkl.kl_divergence(data_density, model_density),
    ),
    title="H(q, f_θ) = H(q) + KL(q‖f_θ) for densities",
    source=cite(CV_PRACTICE, "answer", "‘This decomposes into the Entropy H(q) + KL(q‖f_θ)’"),
    why="the continuous decomposition, pointwise in x",
)

KL_IN_BITS = symkl.Claim(
    "ce-is-entropy-plus-kl-in-bits",
    Eq(symkl.cross_entropy(p, q, base=2), symkl.entropy(p, base=2) + symkl.kl_divergence(p, q, 2)),
    title="The decomposition holds in bits as well as in nats",
    source=cite(CV_PRACTICE, "answer", "‘how many bits you need’"),
    why="every term is divided by the same log 2",
)
