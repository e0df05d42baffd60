"""pytest plugin (entry point ``symkl``): the ``symkl_prover`` fixture and the ``symkl`` marker.

>>> def test_my_loss(symkl_prover):
...     symkl_prover.assert_identity(my_loss, symkl.cross_entropy(p, q))

Options (group "symkl"): ``--symkl-samples K`` numeric samples per check, ``--symkl-timeout S``
seconds per proof (default: the prover's own budget; ``inf`` for none), ``--symkl-require
{checked,proved}`` the weakest verdict that passes. A test
can override them with ``@pytest.mark.symkl(samples=..., timeout=..., require=...)``.

Loading the plugin imports nothing heavy: SymPy is imported when a fixture is first used, so
pytest runs that never touch symkl do not pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from .prover import Proof

__all__ = ["SymklProver", "pytest_addoption", "pytest_configure", "symkl_prover"]

_REQUIRE_CHOICES = ("checked", "proved")


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
        help="weakest verdict a symkl assertion accepts (default: checked)",
    )  # fmt: skip


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "symkl(samples=None, timeout=None, require=None): settings of the symkl_prover fixture",
    )


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


@pytest.fixture
def symkl_prover(request: pytest.FixtureRequest) -> SymklProver:
    """A :class:`SymklProver` configured by the command line and the test's ``symkl`` marker."""
    config = request.config
    prover = SymklProver(
        samples=config.getoption("--symkl-samples"),
        timeout=config.getoption("--symkl-timeout"),
        require=config.getoption("--symkl-require"),
    )
    marker = request.node.get_closest_marker("symkl")
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
