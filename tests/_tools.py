"""Tests that need TeX or Chromium skip where they are missing, except in CI.

CI installs both and sets ``SYMKL_REQUIRE_TOOLS=1``: there the tests run anyway and a missing
tool fails them (``latexmk is not on PATH``), so that the PDF and browser checks cannot pass by
being skipped.
"""

from __future__ import annotations

import os

import pytest

__all__ = ["needs"]


def needs(available: bool, what: str) -> pytest.MarkDecorator:
    """Skip when ``what`` is missing, unless ``SYMKL_REQUIRE_TOOLS`` is set."""
    required = bool(os.environ.get("SYMKL_REQUIRE_TOOLS"))
    return pytest.mark.skipif(not available and not required, reason=f"{what} is not installed")
