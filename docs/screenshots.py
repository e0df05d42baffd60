"""Regenerate the screenshots in docs/ from the built-in catalog, in headless Chromium.

    python docs/screenshots.py            # needs chromium and chromium-driver (Debian)

Writes docs/html-entry.png (a refuted claim with its counterexample), docs/html-derivation.png,
docs/html-index.png (the top of the index) and docs/exercise-sheet.png (a find-the-error sheet)
with its answer key docs/exercise-answers.png. The browser is driven by tests/_browser.py, the
same helper the browser test uses; images are palette PNGs to keep the repository small.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from _browser import Browser  # noqa: E402

from symkl.catalog import load  # noqa: E402
from symkl.report import write_exercises, write_reports  # noqa: E402
from symkl.runner import verify  # noqa: E402

#: (file in the report folder, screenshot name, largest height kept in pixels)
PAGES = (
    ("kl-is-symmetric.html", "html-entry.png", 1200),
    ("kl-as-ce-minus-entropy.html", "html-derivation.png", 1200),
    ("index.html", "html-index.png", 1300),
    ("exercises/kl-as-ce-minus-entropy-exercise.html", "exercise-sheet.png", 900),
    ("exercises/kl-as-ce-minus-entropy-answers.html", "exercise-answers.png", 1200),
)


def _shrink(path: Path, height: int) -> None:
    """Crop to ``height`` pixels and store as a 64-colour palette PNG."""
    from PIL import Image  # pillow comes with matplotlib (the plots extra)

    with Image.open(path) as image:
        cropped = image.crop((0, 0, image.width, min(image.height, height)))
        cropped.convert("RGB").quantize(colors=64).save(path, optimize=True)


def main() -> int:
    catalog = load()
    results = verify(catalog.entries)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        write_reports(results, catalog.entries, out, formats=("html",))
        chain = [e for e in catalog.entries if e.name == "kl-as-ce-minus-entropy"]
        chain_results = [r for r in results if r.name == "kl-as-ce-minus-entropy"]
        write_exercises(chain_results, chain, out / "exercises", seed=1, mode="error",
                        formats=("html",))  # fmt: skip
        with Browser.start() as browser:
            for page, name, height in PAGES:
                browser.open(out / page)
                browser.screenshot(HERE / name)
                _shrink(HERE / name, height)
                print(f"wrote docs/{name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
