"""Tests of the pytest plugin: options, the symkl_prover fixture and the symkl marker."""

# Inner runs use subprocesses: an in-process run would import NumPy a second time and fail.

from __future__ import annotations

import subprocess
import sys

import pytest

HEADER = """
import pytest
import sympy
import symkl

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
"""


def test_plugin_module_does_not_import_sympy() -> None:
    """Loading the plugin (as pytest does at start-up) leaves SymPy unimported."""
    code = "import sys, symkl.pytest_plugin; print('sympy' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_options_are_grouped_in_help(pytester: pytest.Pytester) -> None:
    """`pytest --help` lists the symkl options under their own group."""
    result = pytester.runpytest_subprocess("--help")
    result.stdout.fnmatch_lines(
        [
            "symkl: proving identities in tests:",
            "  --symkl-samples=K*",
            "  --symkl-timeout=S*",
            "  --symkl-require={checked,proved}*",
        ]
    )


@pytest.mark.slow
def test_fixture_passes_and_fails_with_readable_message(pytester: pytest.Pytester) -> None:
    """A true identity passes; a false one fails showing both sides and the counterexample."""
    pytester.makepyfile(
        HEADER
        + """
def test_true(symkl_prover):
    symkl_prover.assert_identity(
        symkl.cross_entropy(p, q), symkl.entropy(p) + symkl.kl_divergence(p, q)
    )

def test_false(symkl_prover):
    symkl_prover.assert_identity(
        symkl.cross_entropy(q, p), symkl.entropy(p) + symkl.kl_divergence(p, q)
    )
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*symkl could not show that the two sides are equal: refuted by counterexample*",
            "*  lhs: H(q, p)",
            "*  rhs: H(p) + KL(p || q)",
            "*  counterexample: p_1 = *; lhs = *, rhs = *",
        ]
    )


CHECKED_ONLY = """
def check(prover):
    e = symkl.entropy(p)
    proof = prover.assert_identity(sympy.sqrt(e**2), e)
    assert proof.verdict.value == "checked"

def test_default(symkl_prover):
    check(symkl_prover)

@pytest.mark.symkl(require="proved")
def test_marked_proved(symkl_prover):
    check(symkl_prover)

@pytest.mark.symkl(require="checked")
def test_marked_checked(symkl_prover):
    check(symkl_prover)
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "outcomes"),
    [
        ((), ["test_default PASSED", "test_marked_proved FAILED", "test_marked_checked PASSED"]),
        (
            ("--symkl-require=proved",),
            ["test_default FAILED", "test_marked_proved FAILED", "test_marked_checked PASSED"],
        ),
    ],
)
def test_require_from_option_and_marker(
    pytester: pytest.Pytester, args: tuple[str, ...], outcomes: list[str]
) -> None:
    """--symkl-require sets the weakest passing verdict; the marker overrides it per test."""
    pytester.makepyfile(HEADER + CHECKED_ONLY)
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--strict-markers", "-v", *args
    )
    result.stdout.fnmatch_lines([f"*::{line}*" for line in outcomes], consecutive=True)


@pytest.mark.slow
def test_samples_and_timeout_reach_the_prover(pytester: pytest.Pytester) -> None:
    """The fixture carries --symkl-samples and --symkl-timeout."""
    pytester.makepyfile(
        """
def test_settings(symkl_prover):
    settings = (symkl_prover.samples, symkl_prover.timeout, symkl_prover.require)
    assert settings == (17, 2.5, "checked")
"""
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--symkl-samples=17", "--symkl-timeout=2.5"
    )
    result.assert_outcomes(passed=1)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("--symkl-timeout=0", "symkl settings: timeout must be positive seconds*got 0.0"),
        ("--symkl-timeout=nan", "symkl settings: timeout must be positive seconds*got nan"),
        ("--symkl-samples=0", "symkl settings: samples must be from 1 to 100000, got 0"),
    ],
)
def test_bad_limits_are_named(pytester: pytest.Pytester, option: str, message: str) -> None:
    """A zero or NaN timeout, or zero samples, fails the test with the value named."""
    pytester.makepyfile("def test_x(symkl_prover):\n    pass\n")
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", option)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*{message}*"])


@pytest.mark.slow
def test_bad_marker_arguments_are_a_usage_error(pytester: pytest.Pytester) -> None:
    """An unknown marker keyword is reported, naming it."""
    pytester.makepyfile(
        """
import pytest

@pytest.mark.symkl(sample=3)
def test_x(symkl_prover):
    pass
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*@pytest.mark.symkl takes samples=, timeout=, require=; got *sample*"]
    )
