"""A one-line progress bar on stderr, drawn only when stderr is a terminal.

>>> bar = ProgressBar.for_stream(sys.stderr)
>>> bar(3, 10, "gibbs-inequality")   # [######..............]  3/10 gibbs-inequality
"""

from __future__ import annotations

import shutil
from typing import TextIO

__all__ = ["ProgressBar"]

_WIDTH = 20


class ProgressBar:
    """Callable as ``progress(done, total, name)``; :meth:`close` erases the line."""

    def __init__(self, stream: TextIO, *, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self._drawn = False

    @classmethod
    def for_stream(cls, stream: TextIO) -> ProgressBar:
        """A bar that draws only if ``stream`` is a TTY, so logs and pipes stay clean."""
        isatty = getattr(stream, "isatty", None)
        return cls(stream, enabled=bool(isatty and isatty()))

    def render(self, done: int, total: int, name: str) -> str:
        """The text of the bar, cut to the terminal width."""
        filled = _WIDTH * done // total if total else _WIDTH
        bar = "#" * filled + "." * (_WIDTH - filled)
        line = f"[{bar}] {done:>{len(str(total))}}/{total} {name}"
        columns = shutil.get_terminal_size((80, 24)).columns
        return line[: max(columns - 1, 10)]

    def __call__(self, done: int, total: int, name: str) -> None:
        if not self.enabled:
            return
        # \r and clear-to-end-of-line redraw in place without scrolling the terminal.
        self.stream.write("\r\x1b[K" + self.render(done, total, name))
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar so the report that follows starts on a clean line."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
