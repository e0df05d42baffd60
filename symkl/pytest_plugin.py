"""pytest plugin (entry point ``symkl``): the ``symkl_prover`` fixture and the ``symkl`` marker.

>>> def test_my_loss(symkl_prover):
...     symkl_prover.assert_identity(my_loss, symkl.cross_entropy(p, q))

Options (group "symkl"): ``--symkl-samples K`` numeric samples per check (default 200),
``--symkl-timeout S`` seconds per proof (default: the prover's own budget, 60; ``inf`` for none),
``--symkl-require {checked,proved}`` the weakest verdict that passes (default ``checked``: a
verdict backed by numeric samples alone passes). A test can override them with
``@pytest.mark.symkl(samples=..., timeout=..., require=...)``. The settings reach the fixture
and the :mod:`symkl.testing` helpers called directly in a test (``assert_identity`` etc.); an
argument given in the call itself wins. The terminal summary counts the assertions that passed
as CHECKED only, so a numbers-only pass is never silent.

Loading the plugin imports nothing heavy: SymPy is imported when a fixture is first used, so
pytest runs that never touch symkl do not pay for it.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from ._proof import Proof

__all__ = [
    "SymklProver",
    "pytest_addoption",
    "pytest_configure",
    "pytest_runtest_call",
    "pytest_runtest_setup",
    "symkl_prover",
]

_REQUIRE_CHOICES = ("checked", "proved")
# The user property under which a test's report carries its CHECKED-only passes; reports travel
# from xdist workers to the controller, so the count is right with -n too.
_CHECKED_PROPERTY = "symkl_checked_only"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("symkl", "symkl: proving identities in tests")
    group.addoption(
        "--symkl-samples", type=int, default=200, metavar="K",
        help="numeric samples per symkl check (default: 200)",
    )  # fmt: skip
    group.addoption(
        "--symkl-timeout", type=float, default=None, metavar="S",
        help="seconds per symkl proof before it counts as undecided "
        "(default: symkl's own budget, 60; inf: no limit)",
    )  # fmt: skip
    group.addoption(
        "--symkl-require", choices=_REQUIRE_CHOICES, default="checked",
        help="weakest verdict a symkl assertion accepts, in the symkl_prover fixture and in "
        "symkl.testing's assert_* helpers (default: checked, which passes on numeric samples "
        "alone; proved insists on a symbolic proof)",
    )  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "symkl(samples=None, timeout=None, require=None): symkl settings of this test "
        "(the symkl_prover fixture and symkl.testing's assert_* helpers)",
    )
    config.pluginmanager.register(_CheckedTally(config), "symkl-checked-tally")


@dataclass(frozen=True)
class SymklProver:
    """Proves and asserts with the session's settings; see :mod:`symkl.testing`."""

    samples: int = 200
    timeout: float | None = None
    require: str = "checked"

    def prove(self, claim: Any) -> Proof:
        """:func:`symkl.prove` with these settings."""
        from .prover import prove

        return prove(claim, timeout=self.timeout, samples=self.samples)

    def assert_identity(self, lhs: Any, rhs: Any) -> Proof:
        """:func:`symkl.testing.assert_identity` with these settings."""
        from .testing import assert_identity

        return assert_identity(
            lhs, rhs, require=self.require, samples=self.samples, timeout=self.timeout
        )

    def assert_same_gradient(self, f: Any, g: Any, wrt: Any) -> Proof:
        """:func:`symkl.testing.assert_same_gradient` with these settings."""
        from .testing import assert_same_gradient

        return assert_same_gradient(f, g, wrt, require=self.require)

    def assert_same_argmin(self, f: Any, g: Any, wrt: Any) -> Proof:
        """:func:`symkl.testing.assert_same_argmin` with these settings."""
        from .testing import assert_same_argmin

        return assert_same_argmin(f, g, wrt, require=self.require)


def _prover_for(item: pytest.Item) -> SymklProver:
    """The settings of ``item``: the command line, then its ``symkl`` marker; bad ones fail it."""
    config = item.config
    prover = SymklProver(
        samples=config.getoption("--symkl-samples"),
        timeout=config.getoption("--symkl-timeout"),
        require=config.getoption("--symkl-require"),
    )
    marker = item.get_closest_marker("symkl")
    if marker is not None:
        unknown = set(marker.kwargs) - {"samples", "timeout", "require"}
        if unknown or marker.args:
            bad = sorted(unknown) or list(marker.args)
            pytest.fail(
                f"@pytest.mark.symkl takes samples=, timeout=, require=; got {bad!r}", pytrace=False
            )
        prover = replace(prover, **marker.kwargs)
    if prover.require not in _REQUIRE_CHOICES:
        pytest.fail(
            f"symkl require must be checked or proved, got {prover.require!r}", pytrace=False
        )
    from .errors import InvalidParameterError
    from .prover._timeout import check_samples, resolve_timeout

    try:  # a bad limit is the test author's mistake: say which, once, before any proof
        resolve_timeout(prover.timeout)
        check_samples(prover.samples)
    except InvalidParameterError as exc:
        pytest.fail(f"symkl settings: {exc}", pytrace=False)
    return prover


def _uses_symkl(item: pytest.Item) -> bool:
    # Only tests that can reach symkl pay for validating its settings: the fixture, the marker,
    # or a module that imported symkl.testing (checked lazily, so plain tests import nothing).
    import sys

    fixtures = getattr(item, "fixturenames", ())
    return (
        "symkl_prover" in fixtures
        or item.get_closest_marker("symkl") is not None
        or "symkl.testing" in sys.modules
    )


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A bad ``symkl`` marker or option is the test's setup error, before any proof runs."""
    if _uses_symkl(item):
        _prover_for(item)


@pytest.hookimpl(hookwrapper=True)  # the old-style wrapper: pytest 7.4 is supported
def pytest_runtest_call(item: pytest.Item) -> Generator[None, None, None]:
    """Run the test with its symkl settings as :mod:`symkl.testing`'s defaults."""
    if not _uses_symkl(item):
        yield
        return
    from . import testing

    prover = _prover_for(item)
    settings = testing.Settings(prover.require, prover.samples, prover.timeout)
    testing.checked_passes(reset=True)
    with testing.using(settings):
        yield
    passes = testing.checked_passes(reset=True)
    if passes:  # the call's report (made after this hook) carries them to the terminal summary
        item.user_properties.append((_CHECKED_PROPERTY, list(passes)))


class _CheckedTally:
    """Collects each test's CHECKED-only passes from its reports (in the xdist controller, too)
    and states their number at the end of the run."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.passes: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call":  # the teardown report carries the same properties again
            return
        for name, value in report.user_properties:
            if name == _CHECKED_PROPERTY and isinstance(value, list):
                self.passes += [f"{report.nodeid}: {text}" for text in value]

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        """One line (with ``-v`` one more per assertion) for the passes on numbers alone."""
        if not self.passes:
            return
        count = len(self.passes)
        noun = "assertion" if count == 1 else "assertions"
        terminalreporter.write_line(
            f"symkl: {count} {noun} passed on numeric samples alone (checked, not proved); "
            "--symkl-require=proved would fail them"
        )
        if self.config.getoption("verbose") > 0:
            for line in self.passes:
                terminalreporter.write_line(f"  {line}")


@pytest.fixture
def symkl_prover(request: pytest.FixtureRequest) -> SymklProver:
    """A :class:`SymklProver` configured by the command line and the test's ``symkl`` marker."""
    return _prover_for(request.node)
