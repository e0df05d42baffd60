"""Every ``>>>`` example in symkl.optimize runs and prints what its docstring says.

Each module is run as ``pytest --doctest-modules`` would: the examples see only the module's own
globals and what they import themselves.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import pytest

import symkl.optimize

MODULES = ["symkl.optimize"] + [
    f"symkl.optimize.{info.name}" for info in pkgutil.iter_modules(symkl.optimize.__path__)
]


def _run(module: ModuleType) -> tuple[int, int, str]:
    """Failures, examples run, and the failure report."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    failed = attempted = 0
    for test in doctest.DocTestFinder().find(module, module.__name__):
        result = runner.run(test, out=report.append)
        failed, attempted = failed + result.failed, attempted + result.attempted
    return failed, attempted, "".join(report)


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    """The module's examples all pass, and it has at least one (every module shows its use)."""
    failed, attempted, report = _run(importlib.import_module(name))
    assert attempted > 0
    assert failed == 0, report


def test_a_wrong_example_fails() -> None:
    """An example whose printed result is not the real one is reported, with the real one."""
    failed, attempted, report = _run(ModuleType("fake", ">>> 1 + 1\n3\n"))
    assert (failed, attempted) == (1, 1)
    assert "Expected:\n    3\nGot:\n    2" in report


def test_every_module_is_run() -> None:
    """The list covers the package face and its private modules."""
    assert {"symkl.optimize", "symkl.optimize._relations", "symkl.optimize._mle"} <= set(MODULES)
