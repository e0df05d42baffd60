"""What every parametric family shares: parameters, validation, printing, support bounds.

A family is a :class:`~symkl.distributions.Distribution` atom whose arguments are its parameters,
named as in ``torch.distributions``. Parameters are numbers or SymPy expressions:

* a number outside its domain raises :class:`~symkl.errors.InvalidParameterError` naming it;
* a parameter that must be positive (a scale, a rate, a concentration) and is symbolic must be
  *declared* positive — ``Symbol("sigma", positive=True)`` — because the closed forms use log rules
  that need it; an undeclared one raises, with the fix in the message;
* constraints SymPy cannot state as assumptions (a probability at most 1, ``low < high``) are
  accepted unless the symbols' assumptions contradict them; the family carries them as domain facts
  (sampling ranges for spot checks, assumptions listed by proofs).

>>> from sympy import Symbol
>>> from symkl.families import Normal
>>> Normal(0, Symbol("s", positive=True)).parameters
(0, s)
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, overload

import sympy

from .._decoding import sstr
from ..distributions import Distribution, Kind, Support
from ..errors import AmbiguousSymbolError, InvalidParameterError, SupportMismatchError
from ._moments import LogTerms, Natural, Phi, PhiKind

__all__ = [
    "COUNT",
    "HALF_LINE",
    "LINE",
    "Arg",
    "Domain",
    "Family",
    "Parameter",
    "positive",
    "real",
    "show",
]

#: The outcome variable of families on the real line, on (0, ∞), and of count families.
LINE = sympy.Symbol("x", real=True)
HALF_LINE = sympy.Symbol("x", positive=True)
COUNT = sympy.Symbol("k", integer=True, nonnegative=True)


class Domain(enum.Enum):
    """Where a scalar parameter lives."""

    REAL = "real"
    POSITIVE = "positive"
    UNIT = "unit"  # [0, 1]


@dataclass(frozen=True)
class Parameter:
    """A parameter's torch name, its domain, its LaTeX letter and its spot-check range."""

    name: str
    domain: Domain
    latex: str
    sample: tuple[float, float]
    #: a UNIT parameter that may not be 1 (NegativeBinomial probs: [0, 1))
    below_one: bool = False
    #: a non-negative integer (Binomial total_count): a generic member's symbol says so
    count: bool = False


def real(name: str, latex: str) -> Parameter:
    """A real parameter (a location), sampled on [−3, 3] by spot checks."""
    return Parameter(name, Domain.REAL, latex, (-3.0, 3.0))


def positive(name: str, latex: str, lo: float = 0.3, hi: float = 4.0) -> Parameter:
    """A positive parameter (a scale, rate or concentration), sampled on [lo, hi]."""
    return Parameter(name, Domain.POSITIVE, latex, (lo, hi))


def show(value: object) -> str:
    """The value as the user wrote it, for error messages."""
    if isinstance(value, sympy.Basic):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return repr(value)


def _sympify(family: str, param: str, value: object) -> sympy.Expr:
    try:
        expr = sympy.sympify(value, strict=True)
    except (sympy.SympifyError, TypeError) as exc:
        raise InvalidParameterError(
            f"{family} {param} must be a number or a SymPy expression, got {show(value)}"
        ) from exc
    if not isinstance(expr, sympy.Expr):
        raise InvalidParameterError(
            f"{family} {param} must be a number or a SymPy expression, got {show(value)}"
        )
    return expr


def check_scalar(family: str, spec: Parameter, value: object) -> sympy.Expr:
    """``value`` as a SymPy expression, or InvalidParameterError naming it."""
    expr = _sympify(family, spec.name, value)
    shown = show(value)
    if expr.is_extended_real is False:
        raise InvalidParameterError(f"{family} {spec.name} must be real, got {shown}")
    if expr.is_number and not expr.is_finite:
        raise InvalidParameterError(f"{family} {spec.name} must be finite, got {shown}")
    if spec.domain is Domain.POSITIVE:
        if expr.is_positive is False:
            raise InvalidParameterError(f"{family} {spec.name} must be positive, got {shown}")
        if expr.is_positive is not True:
            raise InvalidParameterError(
                f"{family} {spec.name} must be positive, got {shown} "
                f"(declare its symbols positive, e.g. Symbol('{shown}', positive=True))"
            )
    elif spec.domain is Domain.UNIT and (
        expr.is_negative is True or (expr - 1).is_positive is True
    ):
        raise InvalidParameterError(f"{family} {spec.name} must be in [0, 1], got {shown}")
    return expr


class Arg:
    """A parameter accessor: ``loc = Arg()`` in a family reads the argument named ``loc``.

    >>> from symkl.families import Normal
    >>> Normal(0, 2).scale
    2
    """

    name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type) -> Arg: ...
    @overload
    def __get__(self, obj: Family, owner: type) -> sympy.Expr: ...
    def __get__(self, obj: Family | None, owner: type) -> Arg | sympy.Expr:
        if obj is None:
            return self
        names = [spec.name for spec in type(obj).params]
        value: sympy.Expr = obj.args[names.index(self.name)]
        return value


class Family(Distribution):
    """A parametric family; ``args`` are its parameters in torch's order.

    A family lives in its class: parameters (:attr:`params`), support (:meth:`bounds`), density,
    log-density basis (:meth:`log_terms`) and moment table (:meth:`moment`), and its closed forms
    (:meth:`entropy_form`, :meth:`kl_form`). The registry asks the classes; families of one
    :attr:`moment_group` compare with each other through their moment tables.
    """

    #: name used by ``str`` (``Normal(mu, sigma)``) and in messages
    label: ClassVar[str]
    #: LaTeX operator, e.g. ``\\mathcal{N}``
    latex_name: ClassVar[str]
    params: ClassVar[tuple[Parameter, ...]] = ()

    def __new__(cls, *values: object) -> Family:
        if len(values) != len(cls.params):
            names = ", ".join(p.name for p in cls.params)
            raise InvalidParameterError(
                f"{cls.label} takes {len(cls.params)} parameter(s) ({names}), got {len(values)}"
            )
        exprs = [
            check_scalar(cls.label, spec, v) for spec, v in zip(cls.params, values, strict=True)
        ]
        cls._check_joint(exprs, values)
        clash = [e for e in exprs if any(s.name == cls.variable.name for s in e.free_symbols)]
        if clash:  # x inside Normal(x, 1) would be captured by the integral over x
            raise AmbiguousSymbolError(
                f"{cls.label}'s parameter {clash[0]} uses the symbol {cls.variable.name}, the "
                f"outcome variable {cls.label} sums or integrates over: rename the parameter"
            )
        obj: Family = sympy.Expr.__new__(cls, *exprs)
        return obj

    @classmethod
    def _check_joint(cls, exprs: Sequence[sympy.Expr], raw: Sequence[object]) -> None:
        """Constraints between parameters (Uniform: low < high)."""

    # --- what the registry and the prover ask of a family ------------------------------------

    #: families whose log-densities share the basis of ``_moments`` ("continuous" or "count");
    #: KL between two members of one group comes from the first one's moment table
    moment_group: ClassVar[str | None] = None
    #: how the prover re-derives E[φ]: "integral", "series", "laplace" (split at the location),
    #: "normaliser" (derivatives of the integrated normaliser), "substitution" or "natural"
    #: (ContinuousBernoulli: by cases on λ = ½)
    moment_route: ClassVar[str] = "integral"
    #: (i, j) when parameter i must be below parameter j (Uniform: low < high)
    increasing: ClassVar[tuple[int, int] | None] = None

    def entropy_form(self) -> sympy.Expr | None:
        """The closed-form entropy in nats, or None (then the definition is used)."""
        return None

    def kl_form(self, other: Family) -> sympy.Expr | None:
        """The closed-form KL(self ‖ other) in nats, or None (moment tables, then definition)."""
        return None

    def natural(self) -> Natural | None:
        """The exponential-family form, for the Bregman derivation of KL (None: not one)."""
        return None

    def substitution(self) -> tuple[Family, sympy.Expr] | None:
        """(Y, g(y)) with X = g(Y) for a simpler family Y, for the "substitution" route."""
        return None

    def log_terms(self) -> LogTerms:
        """log f(x) = Σ c·φ(x) on the support (families in a moment group define it)."""
        raise NotImplementedError(f"{self.label} has no log-density basis")

    def moment(self, phi: Phi) -> sympy.Expr | None:
        """E[φ(X)] from the family's table, or None when not tabulated."""
        return sympy.S.One if phi.kind is PhiKind.ONE else None

    def finite_when(self, phi: Phi) -> sympy.Boolean:
        """Where E[φ(X)] is finite (heavy-tailed families override it)."""
        return sympy.true

    @property
    def parameters(self) -> tuple[sympy.Expr, ...]:
        return tuple(self.args)

    @staticmethod
    def check_comparable(p: Distribution, q: Distribution) -> None:
        """Raise SupportMismatchError unless p and q share an outcome space (vector vs scalar,
        different lengths, a family against a symbolic Discrete)."""
        check_pair(p, q)

    def outcome_key(self) -> tuple[str, int] | None:
        """The shape of a vector family's outcomes (``("vector", 2)``); None for scalars."""
        return None

    def outcome_words(self) -> str:
        """Where the outcomes live, in words (vector families say their shape)."""
        lo, hi = self.bounds()
        if self.kind is Kind.DISCRETE:
            return f"the integers {lo}..{hi}" if hi.is_finite else f"the integers {lo}, {lo + 1}, …"
        if lo.is_infinite and hi.is_infinite:
            return "the real line"
        return f"scalars in [{lo}, {hi}]"

    @property
    def name(self) -> str:
        return f"{self.label}({', '.join(str(a) for a in self.args)})"

    def _sympystr(self, printer: Any) -> str:
        return f"{self.label}({', '.join(printer._print(a) for a in self.args)})"

    def _latex(self, printer: Any) -> str:
        return f"{self.latex_name}\\left({', '.join(printer._print(a) for a in self.args)}\\right)"

    def _pretty(self, printer: Any) -> Any:
        from sympy.printing.pretty.stringpict import prettyForm

        return prettyForm(sympy.sstr(self))

    # --- the density and its support ---------------------------------------------------------

    #: the variable outcomes are summed or integrated over
    variable: ClassVar[sympy.Symbol] = LINE

    def bounds(self) -> tuple[sympy.Expr, sympy.Expr]:
        """The closed hull of the support (integers in it, for discrete families)."""
        return sympy.S.NegativeInfinity, sympy.S.Infinity

    def density(self, x: sympy.Expr) -> sympy.Expr:
        """The pdf / pmf formula, valid on the support."""
        raise NotImplementedError

    @property
    def support(self) -> Support:
        lo, hi = self.bounds()
        return Support(self.kind, variable=self.variable, lower=lo, upper=hi)

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        """The density at ``outcome``, zero outside the support."""
        x = sympy.sympify(outcome)
        lo, hi = self.bounds()
        inside = sympy.And(sympy.Ge(x, lo), sympy.Le(x, hi))
        if inside is sympy.true:
            return self.density(x)
        if inside is sympy.false:
            return sympy.S.Zero
        return sympy.Piecewise((self.density(x), inside), (0, True))

    # --- mean and variance, from the family's moment table ------------------------------------

    def _raw_moment(self, power: int) -> sympy.Expr:
        phi = Phi(PhiKind.X if power == 1 else PhiKind.X2)
        value = self.moment(phi)
        if value is None:
            raise NotImplementedError(f"{self.label} has no tabulated moment E[x^{power}]")
        condition = self.finite_when(phi)
        if condition is sympy.true:
            return sympy.sympify(value)
        if condition is sympy.false:
            return sympy.oo
        result: sympy.Expr = sympy.Piecewise((value, condition), (sympy.oo, True))
        return result

    @property
    def mean(self) -> sympy.Expr:
        """E[X] (∞ where it diverges)."""
        return self._raw_moment(1)

    @property
    def variance(self) -> sympy.Expr:
        """Var X = E[X²] − E[X]² (∞ where E[X²] diverges)."""
        second = self._raw_moment(2)
        if second is sympy.oo:
            return sympy.oo
        first = self._raw_moment(1)
        if isinstance(second, sympy.Piecewise) or isinstance(first, sympy.Piecewise):
            cond = sympy.And(
                *(p.args[0][1] for p in (first, second) if isinstance(p, sympy.Piecewise))
            )
            raw = [p.args[0][0] if isinstance(p, sympy.Piecewise) else p for p in (first, second)]
            result: sympy.Expr = sympy.Piecewise((raw[1] - raw[0] ** 2, cond), (sympy.oo, True))
            return result
        return sympy.simplify(second - first**2)

    def parameter_domains(self) -> Mapping[sympy.Symbol, tuple[float, float]]:
        out: dict[sympy.Symbol, tuple[float, float]] = {}
        for spec, value in zip(type(self).params, self.args, strict=True):
            if isinstance(value, sympy.Symbol):
                out[value] = spec.sample
        return out

    def domain_facts(self) -> list[str]:
        """The domain of each symbolic parameter, as proofs list it."""
        facts = []
        for spec, value in zip(type(self).params, self.args, strict=True):
            if value.is_number:
                continue
            text = {
                Domain.REAL: "real",
                Domain.POSITIVE: "> 0",
                Domain.UNIT: "in [0, 1)" if spec.below_one else "in [0, 1]",
            }[spec.domain]
            if spec.count:  # an integer, as the symbol itself must declare (see _check_joint)
                text = "a positive integer" if value.is_positive else "a non-negative integer"
            facts.append(f"{proof_text(value)} {text} ({self.label} {spec.name})")
        return facts


def proof_text(value: sympy.Expr) -> str:
    """``value`` in a proof's text: p, not the prover's encoded _p/(_p + 1)."""
    return sstr(value)


class DiscreteFamily(Family):
    kind = Kind.DISCRETE
    variable = COUNT

    def value_at(self, outcome: sympy.Expr | int) -> sympy.Expr:
        x = sympy.sympify(outcome)
        if x.is_number and not x.is_integer:
            return sympy.S.Zero
        return super().value_at(x)


class ContinuousFamily(Family):
    kind = Kind.CONTINUOUS


# --- whether two distributions can be compared outcome by outcome ----------------------------


def outcome_shape(d: Distribution) -> str:
    """Where the outcomes of ``d`` live, in words."""
    if isinstance(d, Family):
        return d.outcome_words()
    support = d.support
    count = support.size if support.size is not None else support.upper
    return f"outcomes 1..{count}"


def vector_key(d: Distribution) -> tuple[str, int] | None:
    """The shape of a vector family's outcomes; None for scalar outcomes."""
    return d.outcome_key() if isinstance(d, Family) else None


def check_pair(p: Distribution, q: Distribution) -> None:
    """Raise SupportMismatchError unless p and q are over the same kind of outcome."""
    families = isinstance(p, Family), isinstance(q, Family)
    mismatch = False
    if families[0] != families[1]:
        mismatch = True  # a family against a user's Discrete: outcomes labelled differently
    elif vector_key(p) != vector_key(q):
        mismatch = True  # scalar against vector, different lengths, or simplex against space
    if mismatch:
        raise SupportMismatchError(
            f"cannot compare {sympy.sstr(p)} and {sympy.sstr(q)} outcome by outcome: the first is "
            f"over {outcome_shape(p)}, the second over {outcome_shape(q)}"
        )
