"""``write_reports``: render every document in memory, then write each one atomically.

>>> catalog = load()
>>> write_reports(verify(catalog.entries), catalog.entries, Path("reports"))
[PosixPath('reports/kl-as-ce-minus-entropy.tex'), ...]
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..catalog import Entry
from ..runner import EntryResult, summary
from ._context import EntryView, entry_view, file_stems
from ._environment import ReportFormat, environment, template_names
from ._errors import ReportFormatError, ReportTemplateError
from ._escape import Raw
from ._fits import BernoulliCurves, GaussianFits, bernoulli_curves, gaussian_fits
from ._pdf import build_pdfs
from ._write import write_atomic

__all__ = ["FIGURE_FOLDER", "Figures", "parse_formats", "render_reports", "write_reports"]

#: Figures live here, relative to the report folder (see :func:`symkl.report.draw_figures`).
FIGURE_FOLDER = "figures"


@dataclass(frozen=True)
class Figures:
    """What the documents say about the figures: file stems and the numbers they show."""

    folder: Raw
    forward_reverse: Raw
    bernoulli: Raw
    fits: GaussianFits
    curves: BernoulliCurves


def figures() -> Figures:
    """The figures' file stems and computed numbers (the same the drawings use)."""
    return Figures(
        folder=Raw(FIGURE_FOLDER),
        forward_reverse=Raw("forward-reverse-kl"),
        bernoulli=Raw("bernoulli-ce-kl"),
        fits=gaussian_fits(),
        curves=bernoulli_curves(),
    )


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


def _views(results: Sequence[EntryResult], entries: Sequence[Entry]) -> list[EntryView]:
    by_name = {e.name: e for e in entries}
    stems = file_stems([r.name for r in results])
    return [
        entry_view(r, None if r.kind == "error" else by_name.get(r.name), stem=Raw(s))
        for r, s in zip(results, stems, strict=True)
    ]


def _groups(views: Sequence[EntryView]) -> list[tuple[str, list[EntryView]]]:
    """Entries grouped by catalog module, modules in order of first appearance."""
    groups: dict[str, list[EntryView]] = {}
    for view in views:
        if view.kind != "error":
            groups.setdefault(view.group, []).append(view)
    return list(groups.items())


def render_reports(
    results: Sequence[EntryResult],
    entries: Sequence[Entry],
    *,
    formats: Sequence[ReportFormat | str] = ("tex", "md"),
    templates: Path | None = None,
) -> dict[str, str]:
    """Every document's text by file name (``"<stem>.tex"``, ``"index.md"``), nothing written."""
    views = _views(results, entries)
    counts = {k: v for k, v in summary(results).items() if k != "seconds"}  # timings vary
    index_context = {
        "entries": [v for v in views if v.kind != "error"],
        "groups": _groups(views),
        "errors": [v for v in views if v.kind == "error"],
        "summary": counts,
        "figures": figures(),
    }
    documents: dict[str, str] = {}
    for fmt in parse_formats(formats):
        env = environment(fmt, templates)
        entry_template, index_template = template_names(fmt)
        for view in (v for v in views if v.kind != "error"):
            documents[f"{view.stem}.{fmt.value}"] = _render(env, entry_template, {"entry": view})
        documents[f"index.{fmt.value}"] = _render(env, index_template, index_context)
    return documents


def write_reports(
    results: Sequence[EntryResult],
    entries: Sequence[Entry],
    out_dir: Path,
    *,
    formats: Sequence[ReportFormat | str] = ("tex", "md"),
    templates: Path | None = None,
    pdf: bool = False,
) -> list[Path]:
    """Write ``<name>.tex`` / ``<name>.md`` per entry and an index to ``out_dir``.

    Everything is rendered before anything is written, so a template error changes no file, and
    each file is replaced atomically, so a failed write leaves the previous report intact.
    With ``pdf=True`` each ``.tex`` is built with ``latexmk`` (the PDFs are returned too).
    """
    parsed = parse_formats(formats)
    if pdf and ReportFormat.TEX not in parsed:
        raise ReportFormatError(f"pdf=True needs the tex format, got formats {formats!r}")
    documents = render_reports(results, entries, formats=parsed, templates=templates)
    out_dir = Path(out_dir)
    written = []
    for name, text in documents.items():
        path = out_dir / name
        write_atomic(path, text.encode("utf-8"))
        written.append(path)
    if pdf:
        written += build_pdfs([p for p in written if p.suffix == ".tex"])
    return written
