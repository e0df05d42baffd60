"""The README's examples run: every ``>>>`` line in it is a doctest."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_doctest() -> doctest.DocTest:
    """The README as one doctest; code fences become blank lines, so they end an output."""
    text = re.sub(r"^```\w*$", "", README.read_text(encoding="utf-8"), flags=re.M)
    return doctest.DocTestParser().get_doctest(text, {}, "README.md", str(README), 0)


def test_readme_has_examples() -> None:
    """The README shows runnable examples (guards against a doctest that finds none)."""
    assert len(_readme_doctest().examples) >= 20


@pytest.mark.slow
def test_readme_examples_run() -> None:
    """Every README example gives the output it shows."""
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    result = runner.run(_readme_doctest())
    assert result.attempted >= 20
    assert result.failed == 0
