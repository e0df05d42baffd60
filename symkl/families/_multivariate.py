"""Dirichlet and MultivariateNormal: densities over a vector outcome.

The outcome is a :class:`VectorVariable` whose ``components`` are scalar symbols; the defining
integral of a measure is over all of them (the simplex for Dirichlet), which numeric quadrature
reads from the variable::

    >>> from sympy import eye
    >>> MultivariateNormal([0, 0], eye(2)).support.variable.components
    (x_1, x_2)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from ..errors import InvalidParameterError
from ._base import ContinuousFamily, Domain, Family, Parameter, check_scalar, show
from ._moments import Natural
from ._special import lg, psi

__all__ = ["Coordinate", "Dirichlet", "MultivariateNormal", "VectorVariable"]


class VectorVariable(sympy.Symbol):
    """A vector outcome x; its coordinates are :class:`Coordinate` nodes x_i = Coordinate(x, i).

    Coordinates are functions of x (not free symbols), so an integral over x binds them all. On the
    simplex (Dirichlet) the free coordinates are x_1..x_{K−1} and x_K = 1 − Σ x_i.
    """

    def __new__(cls, dim: int, simplex: bool = False) -> VectorVariable:
        name = f"x_simplex{dim}" if simplex else f"x_vec{dim}"
        obj: VectorVariable = super().__new__(cls, name, real=True)
        return obj

    def __getnewargs_ex__(self) -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (self.dim, self.simplex), {}

    @property
    def simplex(self) -> bool:
        name: str = self.name
        return name.startswith("x_simplex")

    @property
    def dim(self) -> int:
        return int(self.name.removeprefix("x_simplex").removeprefix("x_vec"))

    @property
    def components(self) -> tuple[sympy.Expr, ...]:
        free = self.dim - 1 if self.simplex else self.dim
        return tuple(Coordinate(self, sympy.Integer(i)) for i in range(1, free + 1))


class Coordinate(sympy.Function):
    """The i-th coordinate of a vector outcome; prints as x_i, evaluates numerically to nan.

    Double-precision quadrature integrates over one variable; a vector outcome's integrand must
    not be mistaken for a one-dimensional one, so it is unusable (nan) there by design.
    """

    nargs = 2
    is_real = True

    def _sympystr(self, printer: Any) -> str:
        return f"x_{self.args[1]}"

    def _latex(self, printer: Any, exp: Any = None) -> str:
        base = f"x_{{{self.args[1]}}}"
        return base if exp is None else f"{base}^{{{exp}}}"

    def _numpycode(self, printer: Any) -> str:
        return "float('nan')"

    _mpmathcode = _scipycode = _pythoncode = _lambdacode = _numpycode


def _vector(family: str, name: str, values: object) -> list[sympy.Expr]:
    if isinstance(values, (sympy.MatrixBase, sympy.Tuple, list, tuple)):
        items = list(values)
    else:
        raise InvalidParameterError(f"{family} {name} must be a sequence, got {show(values)}")
    if not items:
        raise InvalidParameterError(f"{family} {name} must not be empty, got []")
    return items


class Dirichlet(ContinuousFamily):
    r"""Dirichlet(concentration) on the simplex: density Π x_i^{α_i − 1} / B(α)."""

    label = "Dirichlet"
    latex_name = r"\operatorname{Dir}"

    def __new__(cls, concentration: object) -> Dirichlet:
        items = _vector("Dirichlet", "concentration", concentration)
        if len(items) < 2:
            raise InvalidParameterError(
                f"Dirichlet concentration needs at least 2 entries, got {show(items)}"
            )
        spec = Parameter("concentration", Domain.POSITIVE, r"\alpha", (0.5, 4.0))
        alpha = [check_scalar("Dirichlet", spec, v) for v in items]
        obj: Dirichlet = sympy.Expr.__new__(cls, sympy.Tuple(*alpha))
        return obj

    @property
    def concentration(self) -> tuple[sympy.Expr, ...]:
        return tuple(self.args[0])

    @property
    def name(self) -> str:
        return f"Dirichlet({list(self.concentration)})"

    def _sympystr(self, printer: Any) -> str:
        return f"Dirichlet([{', '.join(printer._print(a) for a in self.concentration)}])"

    def _latex(self, printer: Any) -> str:
        inner = ", ".join(printer._print(a) for a in self.concentration)
        return f"{self.latex_name}\\left({inner}\\right)"

    @property
    def variable(self) -> VectorVariable:
        return VectorVariable(len(self.concentration), simplex=True)

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        return sympy.S.Zero, sympy.S.One

    def outcome_key(self) -> tuple[str, int] | None:
        return ("simplex", len(self.concentration))

    def outcome_words(self) -> str:
        return f"the probability simplex of {len(self.concentration)} coordinates"

    def density(self, x: sympy.Expr) -> sympy.Expr:
        assert isinstance(x, VectorVariable)
        return self.density_at(x.components)

    def density_at(self, free: Sequence[sympy.Expr]) -> sympy.Expr:
        """The density at (x_1, …, x_{K−1}, 1 − Σ x_i)."""
        alpha = self.concentration
        coords = [*free, 1 - sympy.Add(*free)]
        log_norm = sympy.Add(*map(lg, alpha)) - lg(sympy.Add(*alpha))
        body = sympy.Mul(*(c ** (a - 1) for c, a in zip(coords, alpha, strict=True)))
        return body * sympy.exp(-log_norm)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        return self.density(sympy.sympify(outcome))

    def parameter_domains(self) -> Mapping[sympy.Symbol, tuple[float, float]]:
        return {a: (0.5, 4.0) for a in self.concentration if isinstance(a, sympy.Symbol)}

    def domain_facts(self) -> list[str]:
        return [f"{a} > 0 (Dirichlet concentration)" for a in self.concentration if not a.is_number]

    def entropy_form(self) -> sympy.Expr:
        alpha = self.concentration
        a0, k = sympy.Add(*alpha), len(alpha)
        log_b = sympy.Add(*map(lg, alpha)) - lg(a0)
        return log_b + (a0 - k) * psi(a0) - sympy.Add(*((a - 1) * psi(a) for a in alpha))

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, Dirichlet):
            return None
        alpha, beta = self.concentration, other.concentration
        a0, b0 = sympy.Add(*alpha), sympy.Add(*beta)
        return (
            lg(a0) - sympy.Add(*map(lg, alpha)) - lg(b0) + sympy.Add(*map(lg, beta))
            + sympy.Add(*((a - b) * (psi(a) - psi(a0)) for a, b in zip(alpha, beta, strict=True)))
        )  # fmt: skip

    def natural(self) -> Natural:
        """η_i = α_i − 1, T_i = log x_i, A = Σ log Γ(η_i + 1) − log Γ(Σ (η_i + 1))."""

        def log_z(eta: Sequence[sympy.Expr]) -> sympy.Expr:
            return sympy.Add(*(lg(e + 1) for e in eta)) - lg(sympy.Add(*(e + 1 for e in eta)))

        return Natural(tuple(a - 1 for a in self.concentration), log_z)


class MultivariateNormal(ContinuousFamily):
    r"""MultivariateNormal(loc, covariance_matrix), LaTeX ``\mathcal{N}(\mu, \Sigma)``."""

    label = "MultivariateNormal"
    latex_name = r"\mathcal{N}"

    def __new__(cls, loc: object, covariance_matrix: object) -> MultivariateNormal:
        spec = Parameter("loc", Domain.REAL, r"\mu", (-2.0, 2.0))
        mu = [
            check_scalar("MultivariateNormal", spec, v)
            for v in _vector("MultivariateNormal", "loc", loc)
        ]
        try:
            cov = sympy.ImmutableMatrix(covariance_matrix)
        except (TypeError, ValueError, sympy.SympifyError) as exc:
            raise InvalidParameterError(
                "MultivariateNormal covariance_matrix must be a matrix, "
                f"got {show(covariance_matrix)}"
            ) from exc
        d = len(mu)
        if cov.shape != (d, d):
            raise InvalidParameterError(
                f"MultivariateNormal covariance_matrix must be {d}x{d} to match loc, "
                f"got shape {cov.shape[0]}x{cov.shape[1]}"
            )
        _check_covariance(cov)
        obj: MultivariateNormal = sympy.Expr.__new__(cls, sympy.ImmutableMatrix(mu), cov)
        return obj

    @property
    def loc(self) -> sympy.ImmutableMatrix:
        return self.args[0]

    @property
    def covariance_matrix(self) -> sympy.ImmutableMatrix:
        return self.args[1]

    @property
    def dim(self) -> int:
        return int(self.loc.shape[0])

    def outcome_key(self) -> tuple[str, int] | None:
        return ("vector", self.dim)

    def outcome_words(self) -> str:
        return f"vectors of length {self.dim}"

    @property
    def name(self) -> str:
        text: str = sympy.sstr(self)
        return text

    def _sympystr(self, printer: Any) -> str:
        mu = ", ".join(printer._print(v) for v in self.loc)
        return f"MultivariateNormal([{mu}], {printer._print(self.covariance_matrix.tolist())})"

    def _latex(self, printer: Any) -> str:
        return (
            f"{self.latex_name}\\left({printer._print(self.loc)}, "
            f"{printer._print(self.covariance_matrix)}\\right)"
        )

    @property
    def variable(self) -> VectorVariable:
        return VectorVariable(self.dim)

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        return set(self.loc.free_symbols | self.covariance_matrix.free_symbols)

    def density(self, x: sympy.Expr) -> sympy.Expr:
        assert isinstance(x, VectorVariable)
        return self.density_at(x.components)

    def density_at(self, coords: Sequence[sympy.Expr]) -> sympy.Expr:
        """The density at the point with these coordinates."""
        diff = sympy.Matrix(coords) - self.loc
        sigma = self.covariance_matrix
        quad = (diff.T * sigma.inv() * diff)[0, 0]
        norm = sympy.sqrt((2 * sympy.pi) ** self.dim * sigma.det())
        return sympy.exp(-quad / 2) / norm

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        return self.density(sympy.sympify(outcome))

    def parameter_domains(self) -> Mapping[sympy.Symbol, tuple[float, float]]:
        out: dict[sympy.Symbol, tuple[float, float]] = {}
        for v in self.loc:
            if isinstance(v, sympy.Symbol):
                out[v] = (-2.0, 2.0)
        return out

    def domain_facts(self) -> list[str]:
        facts = [f"{v} real (loc)" for v in self.loc if not v.is_number]
        if not self.covariance_matrix.is_zero_matrix and self.covariance_matrix.free_symbols:
            facts.append("covariance_matrix symmetric positive definite")
        return facts

    def entropy_form(self) -> sympy.Expr:
        return (
            self.dim * (1 + sympy.log(2 * sympy.pi)) / 2
            + sympy.log(self.covariance_matrix.det()) / 2
        )

    def kl_form(self, other: Family) -> sympy.Expr | None:
        if not isinstance(other, MultivariateNormal):
            return None
        s1, s2 = self.covariance_matrix, other.covariance_matrix
        s2_inv = s2.inv()
        diff = other.loc - self.loc
        quad = (diff.T * s2_inv * diff)[0, 0]
        return ((s2_inv * s1).trace() + quad - self.dim + sympy.log(s2.det() / s1.det())) / 2


def _check_covariance(cov: sympy.ImmutableMatrix) -> None:
    shown = str(cov.tolist())
    if any(e.is_number and e.is_finite is not True for e in cov):
        raise InvalidParameterError(
            f"MultivariateNormal covariance_matrix must be finite, got {shown}"
        )
    if any(e.is_extended_real is False for e in cov):
        raise InvalidParameterError(
            f"MultivariateNormal covariance_matrix must be real, got {shown}"
        )
    if (cov - cov.T).is_zero_matrix is False:
        raise InvalidParameterError(
            f"MultivariateNormal covariance_matrix must be symmetric, got {shown}"
        )
    d = cov.shape[0]
    for k in range(1, d + 1):  # Sylvester: every leading principal minor positive
        minor = cov[:k, :k].det()
        if minor.is_positive is False:
            raise InvalidParameterError(
                f"MultivariateNormal covariance_matrix must be positive definite, got {shown} "
                f"(leading minor {k} is {minor})"
            )
