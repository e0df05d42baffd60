"""The plugin's settings reach symkl.testing's helpers called directly, and CHECKED is counted."""

# Inner runs use subprocesses: an in-process run would import NumPy a second time and fail.

from __future__ import annotations

import pytest

DIRECT = """
import math

import pytest
import sympy
import symkl
from symkl.testing import Settings, assert_identity, current_settings

n = sympy.Symbol("n", integer=True, positive=True)
p, q = symkl.Discrete.symbolic("p", n), symkl.Discrete.symbolic("q", n)
H = symkl.entropy(p)


def test_checked_only():
    assert_identity(sympy.sqrt(H**2), H)

@pytest.mark.symkl(require="proved")
def test_marked_proved():
    assert_identity(sympy.sqrt(H**2), H)

def test_call_says_checked():
    assert_identity(sympy.sqrt(H**2), H, require="checked")

def test_proved_identity():
    assert_identity(symkl.cross_entropy(p, q) - H, symkl.kl_divergence(p, q))
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "outcomes", "checked_only"),
    [
        (
            (),
            ["checked_only PASSED", "marked_proved FAILED", "call_says_checked PASSED"],
            2,
        ),
        (
            ("--symkl-require=proved",),
            ["checked_only FAILED", "marked_proved FAILED", "call_says_checked PASSED"],
            1,
        ),
    ],
)
def test_require_reaches_assert_identity_called_directly(
    pytester: pytest.Pytester, args: tuple[str, ...], outcomes: list[str], checked_only: int
) -> None:
    """--symkl-require and the marker set assert_identity's default; the call's own wins."""
    pytester.makepyfile(DIRECT)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-v", *args)
    result.stdout.fnmatch_lines(
        [f"*::test_{line}*" for line in outcomes] + ["*::test_proved_identity PASSED*"],
        consecutive=True,
    )
    noun = "assertion" if checked_only == 1 else "assertions"
    result.stdout.fnmatch_lines(
        [
            f"symkl: {checked_only} {noun} passed on numeric samples alone (checked, not proved);"
            " --symkl-require=proved would fail them",
            "  *::test_*: the two sides are equal: sqrt(H(p)**2) vs H(p)",
        ]
    )
    if args:  # a CHECKED under --symkl-require=proved is a failure that says so, never a pass
        result.stdout.fnmatch_lines(
            ["*checked by numeric (200 samples) (required: proved or stronger)*"]
        )


@pytest.mark.slow
def test_no_summary_line_when_everything_is_proved(pytester: pytest.Pytester) -> None:
    """Only numbers-only passes are counted: a proved identity adds no summary line."""
    pytester.makepyfile(
        DIRECT.split("def test_checked_only")[0]
        + "def test_proved():\n"
        + "    assert_identity(symkl.cross_entropy(p, q) - H, symkl.kl_divergence(p, q))\n"
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    result.stdout.no_fnmatch_line("symkl: *")


@pytest.mark.slow
def test_samples_and_timeout_reach_the_helpers(pytester: pytest.Pytester) -> None:
    """Inside a test, current_settings() carries the options; the marker overrides one of them."""
    pytester.makepyfile(
        DIRECT.split("def test_checked_only")[0]
        + """
def test_options():
    assert current_settings() == Settings("proved", 17, math.inf)

@pytest.mark.symkl(samples=5)
def test_marker():
    assert current_settings() == Settings("proved", 5, math.inf)

def test_no_limit_reaches_the_prover():
    proof = assert_identity(H, H)
    assert proof.verdict.value == "proved"
"""
    )
    result = pytester.runpytest_subprocess(
        "-p", "no:cacheprovider", "--symkl-require=proved", "--symkl-samples=17",
        "--symkl-timeout=inf",
    )  # fmt: skip
    result.assert_outcomes(passed=3)


def test_bad_marker_fails_a_test_without_the_fixture(pytester: pytest.Pytester) -> None:
    """A bad symkl marker on a test that calls the helpers directly is a setup error naming it."""
    pytester.makepyfile(
        """
import pytest
import symkl.testing

@pytest.mark.symkl(require="maybe")
def test_x():
    pass
"""
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*symkl require must be checked or proved, got 'maybe'*"])


def test_help_states_the_default_and_what_it_accepts(pytester: pytest.Pytester) -> None:
    """`pytest --help` says the default require is checked and that it passes on samples alone."""
    result = pytester.runpytest_subprocess("--help")
    text = " ".join(result.stdout.str().split())
    assert "symkl.testing's assert_* helpers (default: checked, which passes on numeric" in text
    assert "samples alone; proved insists on a symbolic proof)" in text


def test_settings_outside_pytest_are_checked_by_default() -> None:
    """Without the plugin the default is checked; using() changes it only inside its block."""
    import contextvars

    from symkl.errors import InvalidOptionError
    from symkl.testing import Settings, current_settings, using

    fresh = contextvars.Context()  # as outside pytest: no plugin has set anything
    assert fresh.run(current_settings) == Settings("checked", 200, None)
    outer = current_settings()
    with using(Settings(require="proved", samples=7)) as inner:
        assert current_settings() is inner
    assert current_settings() == outer
    with pytest.raises(InvalidOptionError, match="got 'sometimes'"), using(Settings("sometimes")):
        pass
