"""The ``symkl`` command's exit codes and its usage error, shared by the parser and the commands.

>>> EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUG
(0, 1, 2, 3)
"""

from __future__ import annotations

__all__ = ["EXIT_BUG", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "UsageError"]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
#: An exception symkl did not expect: a bug, reported in one line rather than a traceback.
EXIT_BUG = 3


class UsageError(Exception):
    """A mistake in how the command was called or in its input: one line, exit code 2."""
