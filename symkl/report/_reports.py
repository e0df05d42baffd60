"""``write_reports``: render every document in memory, then write each one atomically.

>>> from symkl.catalog import Catalog, load
>>> from symkl.runner import verify_catalog
>>> verified = verify_catalog(Catalog(load().entries[:1]))
>>> sorted(render_reports(verified, formats=["md", "tex"]))
['index.md', 'index.tex', 'one-hot-ce-is-kl.md', 'one-hot-ce-is-kl.tex']
"""

from __future__ import annotations

import ast
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import jinja2

from .._verdicts import EntryResult, Verified, summary
from ..catalog import Entry, builtin_catalog_dir
from ._context import EntryView, entry_view, file_stems
from ._entries import as_claim, as_derivation
from ._environment import ReportFormat, environment, template_names
from ._errors import ReportFormatError, ReportTemplateError
from ._escape import Raw
from ._figures import figures
from ._pdf import build_pdfs
from ._write import write_atomic

__all__ = [
    "CATALOG_TITLE",
    "Results",
    "document_title",
    "is_builtin_catalog",
    "parse_formats",
    "render_reports",
    "verified_pairs",
    "write_reports",
]

#: The index's title for the built-in catalog.
CATALOG_TITLE = "symkl: the verified catalog"


def is_builtin_catalog(results: Sequence[EntryResult]) -> bool:
    """Whether every result comes from the built-in catalog (then its figures belong in the
    index); a user's own file gets only its own entries."""
    root = builtin_catalog_dir().resolve()
    files = {r.location.rsplit(":", 1)[0] for r in results if r.location}
    if not results or not files:
        return False
    return all(Path(f).resolve().is_relative_to(root) for f in files)


def _docstring_title(path: Path) -> str | None:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    doc = ast.get_docstring(tree)
    first = doc.strip().splitlines()[0].strip() if doc and doc.strip() else ""
    return first.rstrip(".") or None


def document_title(results: Sequence[EntryResult], title: str | None = None) -> str:
    """The index's title: ``title`` if given; the catalog's; else the first line of the claim
    file's docstring, or the file names (``claims.py``, ``a.py and b.py``)."""
    if title is not None and title.strip():
        return title.strip()
    if is_builtin_catalog(results):
        return CATALOG_TITLE
    files = list(dict.fromkeys(r.location.rsplit(":", 1)[0] for r in results if r.location))
    if len(files) == 1 and (doc := _docstring_title(Path(files[0]))) is not None:
        return doc
    names = [Path(f).name for f in files]
    if not names:
        return "symkl report"
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed}: verified claims"


def parse_formats(formats: Sequence[ReportFormat | str] | str) -> list[ReportFormat]:
    """Distinct formats in a fixed order; ``"tex,md"`` is accepted as the CLI writes it."""
    items = formats.split(",") if isinstance(formats, str) else formats
    parsed = {ReportFormat.parse(f) for f in items}
    if not parsed:
        raise ReportFormatError(f"no report format given in {formats!r}")
    return [f for f in ReportFormat if f in parsed]


def _template_line(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"
    lineno, name = getattr(exc, "lineno", None), getattr(exc, "name", None) or "template"
    return f"{name}:{lineno}" if lineno else name


def _render(env: jinja2.Environment, name: str, context: Mapping[str, Any]) -> str:
    try:
        text = env.get_template(name).render(**context)
    except jinja2.TemplateNotFound as exc:
        raise ReportTemplateError(f"template {exc.name!r} not found") from exc
    except jinja2.TemplateError as exc:
        raise ReportTemplateError(f"{_template_line(exc)}: {exc.message}") from exc
    return text if text.endswith("\n") else text + "\n"


#: What the reports are written from: (entry, result) pairs as
#: :func:`symkl.runner.verify_catalog` gives them, or (the older form) bare results, with their
#: entries passed beside them.
Results = Sequence[tuple[Entry | None, EntryResult]] | Sequence[EntryResult]


def verified_pairs(results: Results, entries: Sequence[Entry] | None = None) -> list[Verified]:
    """The reports' input as (entry, result) pairs.

    Results given with a separate list of ``entries`` (the older form) are paired by name.
    """
    if entries is None:
        return [
            Verified(*item) if isinstance(item, tuple) else Verified(None, item) for item in results
        ]
    by_name = {e.name: e for e in entries}
    return [
        Verified(None if r.kind == "error" else by_name.get(r.name), r)
        for r in results
        if isinstance(r, EntryResult)
    ]


def _definition(entry: Entry | None) -> Entry | None:
    """``entry`` if it is a claim or a derivation (the views read their fields), else None."""
    return entry if as_claim(entry) is not None or as_derivation(entry) is not None else None


def _views(pairs: Sequence[Verified]) -> list[EntryView]:
    stems = file_stems([r.name for _, r in pairs])
    return [
        entry_view(r, _definition(e), stem=Raw(s)) for (e, r), s in zip(pairs, stems, strict=True)
    ]


def _groups(views: Sequence[EntryView]) -> list[tuple[str, list[EntryView]]]:
    """Entries grouped by catalog module, modules in order of first appearance."""
    groups: dict[str, list[EntryView]] = {}
    for view in views:
        if view.kind != "error":
            groups.setdefault(view.group, []).append(view)
    return list(groups.items())


def render_reports(
    results: Results,
    entries: Sequence[Entry] | None = None,
    *,
    formats: Sequence[ReportFormat | str] = ("tex", "md"),
    templates: Path | None = None,
    title: str | None = None,
    catalog_figures: bool | None = None,
) -> dict[str, str]:
    """Every document's text by file name (``"<stem>.tex"``, ``"index.md"``), nothing written.

    ``results`` are (entry, result) pairs as :func:`symkl.runner.verify_catalog` gives them
    (or results with their ``entries``: see :func:`verified_pairs`). ``title`` heads the index
    (default: see :func:`document_title`); the catalog's figures are shown only with the
    built-in catalog (``catalog_figures=None``) or when asked for.
    """
    parsed = parse_formats(formats)
    pairs = verified_pairs(results, entries)
    views = _views(pairs)
    plain = [r for _, r in pairs]
    counts = {k: v for k, v in summary(plain).items() if k != "seconds"}  # timings vary
    show_figures = is_builtin_catalog(plain) if catalog_figures is None else catalog_figures
    index_context: dict[str, Any] = {
        "title": document_title(plain, title),
        "entries": [v for v in views if v.kind != "error"],
        "groups": _groups(views),
        "errors": [v for v in views if v.kind == "error"],
        "summary": counts,
        "figures": None,
    }
    documents: dict[str, str] = {}
    for fmt in parsed:
        env = environment(fmt, templates)
        entry_template, index_template = template_names(fmt)
        for view in (v for v in views if v.kind != "error"):
            documents[f"{view.stem}.{fmt.value}"] = _render(env, entry_template, {"entry": view})
        if show_figures:
            index_context["figures"] = figures(svg=fmt is ReportFormat.HTML)
        documents[f"index.{fmt.value}"] = _render(env, index_template, index_context)
    return documents


def write_reports(
    results: Results,
    entries: Sequence[Entry] | None,
    out_dir: Path,
    *,
    formats: Sequence[ReportFormat | str] = ("tex", "md"),
    templates: Path | None = None,
    pdf: bool = False,
    title: str | None = None,
    catalog_figures: bool | None = None,
) -> list[Path]:
    """Write ``<name>.tex`` / ``<name>.md`` / ``<name>.html`` per entry and an index to
    ``out_dir`` (``results``, ``entries``, ``title`` and ``catalog_figures`` as for
    :func:`render_reports`: pairs with ``entries=None``).

    Everything is rendered before anything is written, so a template error changes no file, and
    each file is replaced atomically, so a failed write leaves the previous report intact.
    With ``pdf=True`` each ``.tex`` is built with ``latexmk`` (the PDFs are returned too).
    """
    parsed = parse_formats(formats)
    if pdf and ReportFormat.TEX not in parsed:
        raise ReportFormatError(f"pdf=True needs the tex format, got formats {formats!r}")
    documents = render_reports(
        results, entries, formats=parsed, templates=templates, title=title,
        catalog_figures=catalog_figures,
    )  # fmt: skip
    out_dir = Path(out_dir)
    written = []
    for name, text in documents.items():
        path = out_dir / name
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    if pdf:
        written += build_pdfs([p for p in written if p.suffix == ".tex"])
    return written
