"""The ``>>>`` examples of the families package face and of its newer modules run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "symkl.families",
    "symkl.families._base",
    "symkl.families._bregman",
    "symkl.families._forms",
    "symkl.families._near_equal",
    "symkl.families._negative_binomial",
    "symkl.families._special",
    "symkl.families._uniform",
]


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name: str) -> None:
    """Every example in the module passes, and there is at least one."""
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    failed = attempted = 0
    for test in doctest.DocTestFinder().find(module, module.__name__):
        result = runner.run(test, out=report.append)
        failed, attempted = failed + result.failed, attempted + result.attempted
    assert attempted > 0
    assert failed == 0, "".join(report)
