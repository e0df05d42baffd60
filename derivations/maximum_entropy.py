"""Maximum entropy over every density meeting a constraint, by Gibbs' inequality against the
maximiser: the Normal for a given second moment on ℝ, the Exponential for a given mean on [0, ∞).

The density f is any function (a SymPy undefined function): its facts are stated with
``where=`` — f ≥ 0, ∫ f = 1, the moment, and a finite differential entropy h (an entropy of −∞
satisfies every upper bound, and the proof's linearity needs finite integrals).
"""

from sympy import E, Eq, Function, Ge, Integral, Symbol, exp, log, oo, pi, sqrt

import symkl
from symkl.citations import COVER_THOMAS, cite

x = Symbol("x", real=True)
sigma = Symbol("sigma", positive=True)
mu = Symbol("mu", positive=True)
h = Symbol("h", real=True)
a = Symbol("a", positive=True)
f = Function("f")
LINE, HALF_LINE = (x, -oo, oo), (x, 0, oo)

phi = exp(-(x**2) / (2 * sigma**2)) / (sigma * sqrt(2 * pi))
expo = exp(-x / mu) / mu


def _entropy(interval: tuple[Symbol, object, object]) -> object:
    return -Integral(f(x) * log(f(x)), interval)


def _facts(interval: tuple[Symbol, object, object], moment: object, value: object) -> list[object]:
    return [
        Ge(f(x), 0),
        Eq(Integral(f(x), interval), 1),
        Eq(Integral(moment * f(x), interval), value),
        Eq(Integral(f(x) * log(f(x)), interval), -h),
    ]


def _kl(reference: object, interval: tuple[Symbol, object, object]) -> object:
    return Integral(f(x) * log(f(x) / reference), interval)


MAX_ENTROPY_NORMAL = symkl.Derivation(
    "max-entropy-normal-by-gibbs",
    _entropy(LINE),
    [
        symkl.Step(
            -Integral(f(x) * log(phi), LINE) - _kl(phi, LINE),
            why="log f = log φ + log(f/φ): h(f) = CE(f, φ) − D(f ‖ φ)",
        ),
        symkl.Step(
            log(2 * pi * sigma**2) / 2 * Integral(f(x), LINE)
            + Integral(x**2 * f(x), LINE) / (2 * sigma**2)
            - _kl(phi, LINE),
            why="−log φ(x) = ½ log(2πσ²) + x²/(2σ²), and the integral is linear",
        ),
        symkl.Step(
            log(2 * pi * E * sigma**2) / 2 - _kl(phi, LINE),
            why="∫ f = 1 and ∫ x² f = σ²: the cross-entropy is ½ log(2πeσ²) for every such f",
        ),
        symkl.Step(
            log(2 * pi * E * sigma**2) / 2,
            relation="<=",
            why="Gibbs' inequality: D(f ‖ φ) ≥ 0 (f log(f/φ) ≥ f − φ, integrated)",
        ),
    ],
    title="The Normal has maximum entropy for a given variance: h(f) ≤ ½ log(2πeσ²) for every "
    "density f with E[X²] = σ²",
    source=cite(COVER_THOMAS, "Theorem 12.1.1", "§12.2, S = ℝ with E X² given")
    + cite(COVER_THOMAS, "Theorem 8.6.5"),
    where=_facts(LINE, x**2, sigma**2),
)

MAX_ENTROPY_EXPONENTIAL = symkl.Derivation(
    "max-entropy-exponential-by-gibbs",
    _entropy(HALF_LINE),
    [
        symkl.Step(
            -Integral(f(x) * log(expo), HALF_LINE) - _kl(expo, HALF_LINE),
            why="log f = log g + log(f/g) with g(x) = e^(−x/μ)/μ: h(f) = CE(f, g) − D(f ‖ g)",
        ),
        symkl.Step(
            log(mu) * Integral(f(x), HALF_LINE)
            + Integral(x * f(x), HALF_LINE) / mu
            - _kl(expo, HALF_LINE),
            why="−log g(x) = log μ + x/μ, and the integral is linear",
        ),
        symkl.Step(
            1 + log(mu) - _kl(expo, HALF_LINE),
            why="∫ f = 1 and ∫ x f = μ: the cross-entropy is 1 + log μ for every such f",
        ),
        symkl.Step(
            1 + log(mu),
            relation="<=",
            why="Gibbs' inequality: D(f ‖ g) ≥ 0",
        ),
    ],
    title="The Exponential has maximum entropy for a given mean on [0, ∞): h(f) ≤ 1 + log μ for "
    "every density f on [0, ∞) with E[X] = μ",
    source=cite(COVER_THOMAS, "Theorem 12.1.1", "§12.2, S = [0, ∞) with E X given"),
    where=_facts(HALF_LINE, x, mu),
)

_uniform = symkl.Density(1 / a, x, (0, a), name="u")
_normal = symkl.Density(
    exp(-(x**2) / (2 * (a**2 / 12))) / (sqrt(2 * pi * a**2 / 12)), x, (-oo, oo), name="φ"
)
UNIFORM_BEATS_NORMAL = symkl.Claim(
    "misconception-uniform-beats-normal-same-variance",
    Ge(symkl.entropy(_uniform), symkl.entropy(_normal)),
    title="Misconception: the uniform on [0, a] has more entropy than the Normal of the same "
    "variance a²/12",
    source=cite(COVER_THOMAS, "Theorem 12.1.1", "the Normal maximises entropy for a variance"),
    why="h(uniform) = log a < ½ log(2πe a²/12) = log a + ½ log(πe/6): spreading evenly over a "
    "bounded interval is not the widest spread for a given variance",
    expect="refuted",
)

_sigma_free = Symbol("s", positive=True)
NO_VARIANCE_CONSTRAINT = symkl.Claim(
    "misconception-normal-bound-without-variance-constraint",
    Ge(log(2 * pi * E * _sigma_free**2) / 2, symkl.entropy(_uniform)),
    title="Misconception: h(f) ≤ ½ log(2πeσ²) for a σ unrelated to f's variance (here f the "
    "uniform on [0, a])",
    source=cite(COVER_THOMAS, "Theorem 12.1.1", "the bound needs E X² = σ²"),
    why="without the constraint a wide uniform (large a) beats any fixed σ",
    expect="refuted",
)
