"""Hostile arguments to every public function: only SymklError escapes, nothing hangs or runs.

Each call runs in a forked child with a time budget and a memory ceiling, so a hang, a memory
blow-up or a crash is seen as such instead of stopping the suite. The child reports whether the
call returned or which exception escaped; the parent asserts that escaped exceptions are
``SymklError`` subclasses and that no string was executed (a code-carrying string would create a
file in the test's tmp folder).

* fast profile (default): a few hundred calls;
* ``-m slow``: thousands;
* ``SYMKL_FUZZ_STRICT=1`` turns contract violations into failures (until the robustness fixes are
  merged they are reported as expected failures; KNOWN_FINDINGS lists the reproductions);
* ``SYMKL_FUZZ_REPORT=path`` writes the counts (calls, outcomes by type, slowest call) as JSON.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import pickle
import resource
import time
from collections import Counter
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symkl
from symkl import families
from symkl.errors import SymklError

STRICT = os.environ.get("SYMKL_FUZZ_STRICT", "1") == "1"
REPORT = os.environ.get("SYMKL_FUZZ_REPORT")
#: Wall-clock budget of one call (prove gets a shorter timeout of its own inside it).
CALL_BUDGET = 30.0
PROVE_TIMEOUT = 3.0
#: Address-space ceiling of the child: a blow-up becomes a MemoryError, not a killed machine.
MEMORY_LIMIT = 3 * 1024**3
#: Where a code-carrying string would write if anything executed it.
CANARY_DIR = Path(os.environ.get("SYMKL_FUZZ_CANARY", "/tmp")) / f"symkl-fuzz-{os.getpid()}"

x = sympy.Symbol("x", real=True)
n = sympy.Symbol("n", integer=True, positive=True)
s = sympy.Symbol("s", positive=True)


def code_string(tag: str) -> str:
    """A string that creates ``CANARY_DIR/tag`` if anything evaluates it as Python."""
    target = CANARY_DIR / tag.replace("/", "_")  # one flat folder: a write must not fail
    return f"__import__('pathlib').Path({str(target)!r}).write_text('ran')"


# --- hostile values -------------------------------------------------------------------------------


def _deep(depth: int) -> sympy.Expr:
    expr: sympy.Expr = x
    for _ in range(depth):
        expr = sympy.log(1 + expr**2)
    return expr


_ATOMS: list[Any] = [
    None, True, 0, -1, 1, 2, 10**400, -(10**30), 0.5, -0.5, 1e-320, 1e308,
    float("nan"), float("inf"), float("-inf"), 1j, Fraction(1, 3), b"bytes", object(), {},
    {"a": 1}, set(), "", "p", "e", "x**2", "1/0", "ξ∑😀", "\x00", "a" * 10_000,
    sympy.nan, sympy.oo, -sympy.oo, sympy.zoo, sympy.I, sympy.S.Half, sympy.E, sympy.pi,
    sympy.Float("0.6931471805599453"), x, n, s, sympy.Symbol("p"), sympy.Symbol("x"),
    sympy.Pow(2, sympy.Pow(2, sympy.Pow(2, 100, evaluate=False), evaluate=False), evaluate=False),
    sympy.Rational(69314718055994530942, 100000000000000000000), _deep(60),
    sympy.Interval(0, 1), sympy.Tuple(1, 2), sympy.Matrix([[1, 2], [3, 4]]), sympy.Eq(x, 1),
    sympy.true,
]  # fmt: skip


def _distributions() -> list[Any]:
    p2, q3 = symkl.Discrete.symbolic("p", 2), symkl.Discrete.symbolic("q", 3)
    return [
        p2, q3, symkl.Discrete.symbolic("p", n), symkl.Discrete([sympy.S.Half] * 2),
        families.Normal(0, 1), families.Normal(0, s), families.Poisson(2),
        families.Bernoulli(sympy.S.Half), families.Uniform(0, 1),
        symkl.Density(sympy.exp(-x), x, (0, sympy.oo)),
        families.MultivariateNormal([0, 0], [[1, 0], [0, 1]]),
        families.Dirichlet([1, 2, 3]),
    ]  # fmt: skip


def hostile(tag: str) -> st.SearchStrategy[Any]:
    """Wrong types, NaN/inf, huge and tiny numbers, strings with code, unicode, nested and empty
    lists, distributions of every kind, deep expressions and huge exponents."""
    leaf = st.one_of(
        st.sampled_from(_ATOMS),
        st.just(code_string(tag)),
        st.sampled_from(_distributions()),
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**50), max_value=10**50),
        st.text(max_size=12),
    )
    return st.recursive(leaf, lambda inner: st.lists(inner, max_size=4), max_leaves=6)


# --- the public surface ---------------------------------------------------------------------------


def _measure_then_doit(fn: Callable[..., Any]) -> Callable[..., Any]:
    def call(*args: Any) -> Any:
        return fn(*args).doit()

    call.__name__ = f"{fn.__name__}().doit"
    return call


def _prove(claim: Any, *rest: Any) -> Any:
    return symkl.prove(claim, timeout=PROVE_TIMEOUT)


def _prove_eq(a: Any, b: Any) -> Any:
    measure = symkl.entropy(a)
    try:
        claim = sympy.Eq(measure, b, evaluate=False)
    except sympy.SympifyError:
        return None  # SymPy refused to build the claim (b = None, a list): no symkl code ran
    return symkl.prove(claim, timeout=PROVE_TIMEOUT)


def _spot(claim: Any, samples: Any) -> Any:
    return symkl.spot_check(claim, samples=samples)


#: name -> (callable, number of hostile arguments)
SURFACE: dict[str, tuple[Callable[..., Any], int]] = {
    "entropy": (symkl.entropy, 1),
    "entropy/base": (lambda a, b: symkl.entropy(a, base=b), 2),
    "entropy/doit": (_measure_then_doit(symkl.entropy), 1),
    "entropy-base/doit": (lambda a, b: symkl.entropy(a, base=b).doit(), 2),
    "cross_entropy": (symkl.cross_entropy, 2),
    "cross_entropy/doit": (_measure_then_doit(symkl.cross_entropy), 2),
    "kl_divergence": (symkl.kl_divergence, 3),
    "kl_divergence/doit": (_measure_then_doit(symkl.kl_divergence), 2),
    "Discrete": (symkl.Discrete, 1),
    "Discrete/name": (lambda a, b: symkl.Discrete(a, name=b), 2),
    "Discrete.symbolic": (symkl.Discrete.symbolic, 2),
    "Density": (lambda a, b: symkl.Density(a, x, b), 2),
    "Density/var": (symkl.Density, 3),
    "expectation": (symkl.expectation, 2),
    "outcome_sum": (symkl.outcome_sum, 2),
    "prove": (_prove, 1),
    "prove/entropy-eq": (_prove_eq, 2),
    "spot_check": (_spot, 2),
    "same_gradient": (symkl.same_gradient, 3),
    "same_argmin": (symkl.same_argmin, 4),
    "gradient": (symkl.gradient, 2),
    "gradient_is": (symkl.gradient_is, 3),
    "mle": (symkl.mle, 2),
    "likelihood": (symkl.likelihood, 1),
    "maximize": (symkl.maximize, 1),
    "Claim": (lambda a, b: symkl.Claim(a, b), 2),
    "Step": (lambda a, b: symkl.Step(a, relation=b), 2),
    "Derivation": (lambda a, b, c: symkl.Derivation(a, b, c), 3),
    "Normal": (families.Normal, 2),
    "Exponential": (families.Exponential, 1),
    "Gamma": (families.Gamma, 2),
    "Beta": (families.Beta, 2),
    "Laplace": (families.Laplace, 2),
    "Uniform": (families.Uniform, 2),
    "Bernoulli": (families.Bernoulli, 1),
    "Categorical": (families.Categorical, 1),
    "Poisson": (families.Poisson, 1),
    "Geometric": (families.Geometric, 1),
    "Dirichlet": (families.Dirichlet, 1),
    "MultivariateNormal": (families.MultivariateNormal, 2),
}


# --- running one call in a child ------------------------------------------------------------------


def _child(conn: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
    with contextlib.suppress(ValueError, OSError):  # a lower hard limit may be in place
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    try:
        result = fn(*args)
        payload = ("returned", type(result).__name__, "", False)
    except BaseException as exc:  # report every escape to the parent
        chain = ", ".join(c.__name__ for c in type(exc).__mro__[:3])
        payload = ("raised", chain, str(exc)[:300], isinstance(exc, SymklError))
    try:
        conn.send_bytes(pickle.dumps(payload))
    finally:
        os._exit(0)


def run_call(fn: Callable[..., Any], args: tuple[Any, ...]) -> tuple[str, str, str, bool, float]:
    """(outcome, type, message, is SymklError, seconds) for ``fn(*args)`` in a forked child."""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    # not a daemon: prove(timeout=...) forks a worker of its own inside the child
    process = context.Process(target=_child, args=(child, fn, args), daemon=False)
    start = time.perf_counter()
    process.start()
    child.close()
    try:
        if not parent.poll(CALL_BUDGET):
            return ("hung", "", f"no return within {CALL_BUDGET:g} s", False, CALL_BUDGET)
        try:
            outcome, kind, message, ours = pickle.loads(parent.recv_bytes())
        except EOFError:
            return ("crashed", "", f"exit code {process.exitcode}", False, 0.0)
    finally:
        if process.is_alive():
            process.kill()
        process.join(1)
        parent.close()
    return outcome, kind, message, ours, time.perf_counter() - start


# --- the contract ---------------------------------------------------------------------------------

CALLS: list[dict[str, Any]] = []


def contract_violation(name: str, args: tuple[Any, ...]) -> str | None:
    """None when ``name(*args)`` returned or raised a SymklError, in budget, running nothing."""
    fn, _ = SURFACE[name]
    CANARY_DIR.mkdir(parents=True, exist_ok=True)
    outcome, kind, message, ours, seconds = run_call(fn, args)
    CALLS.append({"name": name, "outcome": outcome, "type": kind, "seconds": seconds})
    ran = sorted(p.name for p in CANARY_DIR.iterdir())
    if "write_text" in message and "No such file" in message:  # ran, but could not write
        ran.append(message)
    for path in CANARY_DIR.iterdir():
        path.unlink()
    shown = ", ".join(_show(a) for a in args)
    if ran:
        return f"{name}({shown}) EXECUTED a string: {ran}"
    if outcome == "raised" and not ours:
        return f"{name}({shown}) raised {kind}: {message}"
    if outcome in ("hung", "crashed"):
        return f"{name}({shown}) {outcome}: {message}"
    return None


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, sympy.Basic) else sympy.sstr(value)
    return text if len(text) < 80 else text[:77] + "..."


def _report(problems: list[str]) -> None:
    if not problems:
        return
    message = f"{len(problems)} contract violation(s):\n  " + "\n  ".join(problems[:10])
    if STRICT:
        pytest.fail(message)
    pytest.xfail(f"known robustness findings (SYMKL_FUZZ_STRICT=1 fails): {message}")


def _fuzz(name: str, max_examples: int) -> None:
    _, arity = SURFACE[name]
    problems: list[str] = []

    @settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(args=st.tuples(*(hostile(f"{name}-{i}") for i in range(arity))))
    def run(args: tuple[Any, ...]) -> None:
        problem = contract_violation(name, args)
        if problem:
            problems.append(problem)

    run()
    _report(problems)


@pytest.mark.slow  # the default fuzz profile: CI runs it with -m slow
@pytest.mark.parametrize("name", sorted(SURFACE))
def test_public_function_survives_hostile_arguments(name: str) -> None:
    """Only SymklError escapes, within the budget, and no string is executed (fast profile)."""
    _fuzz(name, 5)


@pytest.mark.fuzz
@pytest.mark.parametrize("name", sorted(SURFACE))
def test_public_function_survives_many_hostile_arguments(name: str) -> None:
    """The same contract over many more drawn arguments (slow profile)."""
    _fuzz(name, 150)


@pytest.mark.slow
def test_code_strings_are_never_executed(tmp_path: Path) -> None:
    """A code-carrying string through every parameter of every public function runs nothing."""
    target = tmp_path / "pwned"
    code = f"__import__('pathlib').Path({str(target)!r}).write_text('ran')"
    good = [symkl.Discrete.symbolic("p", 2), sympy.S.Half, x]
    executed = []
    for name, (fn, arity) in sorted(SURFACE.items()):
        for position in range(arity):
            args = [good[i % len(good)] for i in range(arity)]
            args[position] = code
            run_call(fn, tuple(args))
            if target.exists():
                executed.append(f"{name} executed a string given as argument {position + 1}")
                target.unlink()
    _report(executed)


def test_api_fuzz_counts() -> None:
    """The counts for the closing note: calls, outcomes by type, slowest call."""
    if not CALLS:
        pytest.skip("the fuzz tests did not run (deselected)")
    slowest = max(CALLS, key=lambda c: c["seconds"])
    data = {
        "calls": len(CALLS),
        "outcomes": dict(Counter(c["outcome"] for c in CALLS)),
        "escaped_types": dict(Counter(c["type"] for c in CALLS if c["outcome"] == "raised")),
        "slowest": slowest,
    }
    if REPORT:
        with open(REPORT, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
    print(json.dumps(data))
    assert data["calls"] >= len(SURFACE)


# --- known findings: minimal reproductions, expected to fail until fixed -------------------------

_p2 = symkl.Discrete.symbolic("p", 2)
_MVN = families.MultivariateNormal


def _finding(fid: str, area: str, what: str) -> tuple[pytest.MarkDecorator, ...]:
    # Every finding is fixed: its reproduction is now a plain regression test (no xfail).
    return ()


KNOWN_FINDINGS = [
    pytest.param(lambda: symkl.same_argmin(None, None, None), id="F5-same_argmin-None",
                 marks=_finding("F5", "optimize", "plain TypeError")),
    pytest.param(lambda: symkl.same_gradient(None, None, None), id="F5-same_gradient-None",
                 marks=_finding("F5", "optimize", "plain TypeError")),
    pytest.param(lambda: symkl.likelihood(None), id="F5-likelihood-None",
                 marks=_finding("F5", "optimize", "plain ValueError")),
    pytest.param(lambda: symkl.maximize(None), id="F5-maximize-None",
                 marks=_finding("F5", "optimize", "AttributeError")),
    pytest.param(lambda: symkl.gradient("\x96", x), id="F5-gradient-unparsable-string",
                 marks=_finding("F5", "optimize", "SympifyError")),
    pytest.param(lambda: symkl.outcome_sum(None, None), id="F6-outcome_sum-None",
                 marks=_finding("F6", "inputs", "AttributeError")),
    pytest.param(lambda: symkl.entropy([0.5, 0.5], base=None).doit(), id="F6-base-None",
                 marks=_finding("F6", "inputs", "AttributeError")),
    pytest.param(lambda: symkl.Density(sympy.nan, x, (0, 1)), id="F6-Density-nan",
                 marks=_finding("F6", "inputs", "a NaN density is accepted")),
    pytest.param(lambda: symkl.spot_check(sympy.Ge(symkl.entropy(_p2), 0), samples=-5),
                 id="F6-negative-samples",
                 marks=_finding("F6", "numeric", "samples=-5 accepted, ok with 4 samples")),
    pytest.param(lambda: symkl.kl_divergence(_MVN([0, 0], [[1, 0], [0, 1]]), _MVN([0], [[1]])).doit(),  # noqa: E501
                 id="F6-mvn-dimensions",
                 marks=_finding("F6", "families", "sympy ShapeError")),
]  # fmt: skip


@pytest.mark.parametrize("call", KNOWN_FINDINGS)
def test_known_finding_raises_a_symkl_error(call: Callable[[], Any]) -> None:
    """Each minimal reproduction raises a SymklError (xfail until its fix merges)."""
    with pytest.raises(SymklError):
        call()


def _run_code(name: str, target: Path) -> None:
    code = f"__import__('pathlib').Path({str(target)!r}).write_text('ran')"
    calls: dict[str, Callable[[], Any]] = {
        "entropy-base": lambda: symkl.entropy(_p2, base=code),
        "Density": lambda: symkl.Density(code, x, (0, 1)),
        "expectation": lambda: symkl.expectation(_p2, code),
        "outcome_sum": lambda: symkl.outcome_sum(code),
        "maximize": lambda: symkl.maximize([code]),
        "same_argmin": lambda: symkl.same_argmin(code, x, x),
    }
    with contextlib.suppress(SymklError):
        calls[name]()


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(k, marks=_finding("F7", area, "the string is executed"))
        for k, area in [
            ("entropy-base", "inputs"), ("Density", "inputs"), ("expectation", "inputs"),
            ("outcome_sum", "inputs"), ("maximize", "optimize"), ("same_argmin", "optimize"),
        ]
    ],
)  # fmt: skip
def test_known_finding_code_string_not_executed(name: str, tmp_path: Path) -> None:
    """A code-carrying string is rejected, not run (xfail until the fix merges)."""
    target = tmp_path / "pwned"
    run_call(lambda: _run_code(name, target), ())
    assert not target.exists()
