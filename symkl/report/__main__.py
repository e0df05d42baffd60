"""``python -m symkl.report``: regenerate the committed reports of the built-in catalog.

    python -m symkl.report [--out reports] [--pdf] [--no-figures] [--format tex,md,html]

Loads the catalog, verifies every entry, writes the documents and the figures, and removes
documents this command generated earlier for entries that are no longer in the catalog.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main", "regenerate"]


def regenerate(
    out_dir: Path,
    *,
    pdf: bool = False,
    figures: bool = True,
    formats: Sequence[str] = ("tex", "md"),
) -> list[Path]:
    """Verify the built-in catalog and (re)write ``out_dir``; returns the files written."""
    from ..catalog import load
    from ..runner import verify_catalog
    from ._build import build_reports

    verified = verify_catalog(load())
    return build_reports(verified, Path(out_dir), formats=formats, pdf=pdf, draw=figures)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m symkl.report", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("reports"), help="output folder")
    parser.add_argument("--pdf", action="store_true", help="also build every PDF with latexmk")
    parser.add_argument("--no-figures", action="store_true", help="do not redraw the figures")
    parser.add_argument(
        "--format", default="tex,md", help="documents to write: tex, md, html (default: tex,md)"
    )
    args = parser.parse_args(argv)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    written = regenerate(args.out, pdf=args.pdf, figures=not args.no_figures, formats=formats)
    print(f"wrote {len(written)} files to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
