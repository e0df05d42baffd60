"""What every catalog entry is, whatever it states: the runner and the catalog need no more.

An :class:`Entry` has a name, its metadata, the verdict it should get, where it was written and
the facts it may assume; a :class:`symkl.Claim` or :class:`symkl.Derivation` adds what it states
and :meth:`Entry.goals`, the relations to prove. The catalog collects entries and the runner
proves their goals without knowing which kind they are, so neither imports the relation types.

>>> with collecting() as errors:
...     pass
>>> errors
[]
"""

from __future__ import annotations

import contextvars
import os
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import sympy

from ._proof import Verdict
from .errors import CatalogError, MalformedClaimError
from .relations import as_facts

__all__ = ["Entry", "collecting"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_CATALOG_DIR = os.path.join(_PACKAGE_DIR, "_catalog") + os.sep
#: While a catalog module loads, construction errors are recorded here instead of raised.
_COLLECTING: contextvars.ContextVar[list[CatalogError] | None] = contextvars.ContextVar(
    "symkl_collecting", default=None
)


@contextmanager
def collecting() -> Iterator[list[CatalogError]]:
    """Record malformed claims (with file and line) instead of raising, for catalog loading."""
    errors: list[CatalogError] = []
    token = _COLLECTING.set(errors)
    try:
        yield errors
    finally:
        _COLLECTING.reset(token)


def _in_symkl(filename: str) -> bool:
    """Code of symkl itself, but not the catalog shipped inside the wheel (symkl/_catalog)."""
    path = os.path.abspath(filename)
    return path.startswith(_PACKAGE_DIR) and not path.startswith(_CATALOG_DIR)


def _caller_location() -> tuple[str, int]:
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None and _in_symkl(frame.f_code.co_filename):
        frame = frame.f_back
    if frame is None:
        return "<unknown>", 0
    return frame.f_code.co_filename, frame.f_lineno


class Entry:
    """Shared by Claim and Derivation: name, metadata, expected verdict, where it was written.

    ``where`` holds the facts the user stated followed by the domain facts of every distribution
    and log base in the entry (``0 <= p``, ``p <= 1``, ``Eq(a + b, 1)``, ``b > 0``).
    """

    #: ``"claim"`` or ``"derivation"``, as results and ``symkl verify --json`` name it
    kind: ClassVar[str]

    name: str
    title: str
    source: str
    expect: Verdict
    location: tuple[str, int]
    error: CatalogError | None

    where: tuple[sympy.Basic, ...]

    def goals(self) -> list[object]:
        """The relations to prove, each on its own: a claim's one, or one per derivation step."""
        raise NotImplementedError

    def _init_common(
        self, name: object, title: str, source: str, expect: Verdict | str, where: object = ()
    ) -> None:
        self.location = _caller_location()
        self.error = None
        self.where = ()
        self.where = as_facts(where)
        if not isinstance(name, str) or not name.strip():
            raise MalformedClaimError(f"a claim needs a non-empty string name, got {name!r}")
        for label, text in (("title", title), ("source", source)):
            if not isinstance(text, str):
                raise MalformedClaimError(f"a claim's {label} must be a string, got {text!r}")
        self.name = name
        self.title = title or name
        self.source = source
        try:
            self.expect = Verdict.parse(expect)
        except ValueError as exc:
            raise MalformedClaimError(str(exc)) from exc

    def _fail(self, exc: MalformedClaimError) -> None:
        errors = _COLLECTING.get()
        if errors is None:
            raise exc
        path, line = self.location
        self.error = CatalogError(str(exc), path=path, line=line)
        errors.append(self.error)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"
