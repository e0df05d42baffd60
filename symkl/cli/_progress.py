"""Progress on stderr: a one-line bar on a terminal, or one flushed line per finished item.

>>> bar = ProgressBar.for_stream(sys.stderr, lines=True)
>>> bar(3, 10, "gibbs-inequality")   # [######..............]  3/10 gibbs-inequality
>>> bar.finished(4, 10, "ok  gibbs-inequality  proved")   # not a TTY: [ 4/10] ok  gibbs-...

On a terminal the bar is redrawn in place as items start. Elsewhere (a pipe, a CI log) a bar
would only be noise, so nothing is drawn; with ``lines=True`` each finished item gets a line
instead, flushed at once, so a long run is never silent in a log.
"""

from __future__ import annotations

import shutil
from typing import TextIO

__all__ = ["ProgressBar"]

_WIDTH = 20


class ProgressBar:
    """Callable as ``progress(done, total, name)``; :meth:`close` erases the line."""

    def __init__(self, stream: TextIO, *, enabled: bool, lines: bool = False) -> None:
        self.stream = stream
        self.enabled = enabled
        #: Not a terminal: write one line per finished item (see :meth:`finished`).
        self.lines = lines and not enabled
        self._drawn = False
        self._last: tuple[int, int, str] | None = None

    @classmethod
    def for_stream(cls, stream: TextIO, *, lines: bool = False) -> ProgressBar:
        """A bar that draws only if ``stream`` is a TTY, so logs and pipes stay clean; there,
        ``lines=True`` writes a line per finished item instead."""
        isatty = getattr(stream, "isatty", None)
        return cls(stream, enabled=bool(isatty and isatty()), lines=lines)

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
        self._last = (done, total, name)
        # \r and clear-to-end-of-line redraw in place without scrolling the terminal.
        self.stream.write("\r\x1b[K" + self.render(done, total, name))
        self.stream.flush()
        self._drawn = True

    def finished(self, done: int, total: int, text: str) -> None:
        """Item ``done`` of ``total`` is finished: a line ``[ done/total] text`` when not on a
        terminal (and ``lines`` was asked for); on a terminal the bar moves on."""
        if self.lines:
            self.stream.write(f"[{done:>{len(str(total))}}/{total}] {text}\n")
            self.stream.flush()
        elif self.enabled and self._last is not None:
            self(done, total, self._last[2])

    def echo(self, text: str, stream: TextIO) -> None:
        """Print ``text`` as a line of ``stream``, flushed, with the bar kept below it."""
        drawn = self._drawn
        self.close()
        stream.write(text + "\n")
        stream.flush()
        if drawn and self._last is not None:
            self(*self._last)

    def close(self) -> None:
        """Erase the bar so the report that follows starts on a clean line."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False
