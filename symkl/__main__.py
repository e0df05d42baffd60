"""``python -m symkl``: the same command as ``symkl``.

>>> python -m symkl verify --json
"""

from __future__ import annotations

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
