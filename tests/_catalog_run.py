"""The built-in catalog verified once per test process, shared by the tests that need all of it.

Verifying the whole catalog takes minutes; the catalog's verdict tests and the committed-reports
test read the same results. Tests that use them carry ``xdist_group("catalog")`` so that one
worker verifies once.
"""

from __future__ import annotations

import functools

from symkl.catalog import Catalog, load
from symkl.runner import EntryResult, error_result, verify

__all__ = ["CATALOG", "catalog_results"]

CATALOG: Catalog = load()


@functools.cache
def catalog_results() -> tuple[EntryResult, ...]:
    """Every entry verified once (two warm workers), then one result per load error."""
    results = verify(CATALOG.entries, jobs=2)
    return (*results, *(error_result(e) for e in CATALOG.errors))
