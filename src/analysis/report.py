"""The report: executed notebooks merged into one notebook, exported to HTML and PDF in this process.

Each notebook becomes a chapter (its first markdown heading is the chapter title) and keeps its
outputs; the run's record (``meta``) travels in the merged notebook's metadata, where the report
template finds it for the title page and the reproducibility section. One HTML export feeds both
files: ``report.html`` is written as is and WeasyPrint typesets the same text into ``report.pdf``.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import hashlib
import html
import logging
import os
import re
import subprocess
import time
from importlib import metadata as importlib_metadata
from pathlib import Path

import nbformat
import yaml

from .config import PROJ_ROOT, RAW_DIR, resolve_path
from .errors import AnalysisError

log = logging.getLogger(__name__)

REPORT_KEY = "report"
# The appendix notebook's chapter number; the report labels it "A".
APPENDIX_CHAPTER = 90
# Packages whose versions the reproducibility section lists when the caller gives none.
RECORDED_PACKAGES = ("analysis", "pandas", "matplotlib", "seaborn", "papermill", "nbconvert", "weasyprint")

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


class ReportError(AnalysisError):
    """The report cannot be built: no notebooks, an unreadable notebook, or an unwritable folder."""


def build_report(executed: list[Path], out_dir: Path, meta: dict) -> dict[str, Path]:
    """Merge executed notebooks into one report and write ``report.html`` and ``report.pdf``.

    Parameters
    ----------
    executed : list of Path
        Executed notebooks, in chapter order.
    out_dir : Path
        Folder the two files are written to (created if missing).
    meta : dict
        The run's record: ``lang``, ``region``, ``year``, ``baseline_year``, ``name``, ``parameters``,
        ``generated`` (ISO date), ``commit``, ``versions``, ``input_hashes``, ``source``. Keys left out
        are filled from the first notebook and the raw source record, as for a notebook exported alone.

    Returns
    -------
    dict
        ``{"html": path, "pdf": path}``.
    """
    from .exporter import ReportHTMLExporter, html_to_pdf

    if not executed:
        raise ReportError("no executed notebooks to build a report from")
    notebooks = [_read_notebook(Path(p)) for p in executed]
    full_meta = {**notebook_meta(notebooks[0]), **meta}
    merged = merge_notebooks(notebooks, full_meta)

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReportError(f"cannot create the report folder {out_dir}: {exc.strerror}") from exc

    started = time.perf_counter()
    resources = {"metadata": {"name": str(full_meta.get("name") or "report"), "path": str(out_dir)}}
    html, resources = ReportHTMLExporter().from_notebook_node(merged, resources)
    exported = time.perf_counter()
    pdf = html_to_pdf(html, created=resources["report"]["created"])
    typeset = time.perf_counter()
    log.info("report HTML export %.2f s, PDF typesetting %.2f s", exported - started, typeset - exported)

    paths = {"html": out_dir / "report.html", "pdf": out_dir / "report.pdf"}
    try:
        paths["html"].write_bytes(html.encode("utf-8"))
        paths["pdf"].write_bytes(pdf)
    except OSError as exc:
        raise ReportError(f"cannot write the report to {out_dir}: {exc.strerror}") from exc
    return paths


def merge_notebooks(notebooks: list, meta: dict):
    """One notebook holding every cell of ``notebooks``, each notebook a chapter, ``meta`` in its metadata.

    The first cell of each chapter carries ``metadata.report.chapter`` (anchor and title) and cell ids
    are renumbered per chapter, so ids stay unique and do not change between runs (papermill gives
    its injected cell a random id).
    """
    merged = nbformat.v4.new_notebook()
    first = notebooks[0].metadata if notebooks else {}
    for key in ("kernelspec", "language_info"):
        if key in first:
            merged.metadata[key] = copy.deepcopy(first[key])
    chapters = []
    for index, nb in enumerate(notebooks):
        chapter = _chapter_record(nb, index)
        chapters.append(chapter)
        merged.cells.extend(_chapter_cells(nb, chapter))
    merged.metadata[REPORT_KEY] = {"meta": copy.deepcopy(meta), "chapters": chapters}
    return merged


def prepare_notebook(nb, resources: dict | None = None):
    """A copy of ``nb`` ready for the report template.

    A merged notebook is returned as is (copied); any other notebook becomes a one-chapter report
    with its run record taken from its own metadata (see :func:`notebook_meta`).
    """
    nb = copy.deepcopy(nb)
    if REPORT_KEY in nb.metadata and "meta" in nb.metadata[REPORT_KEY]:
        return nb
    path = (resources or {}).get("metadata", {}).get("path")
    meta = notebook_meta(nb)
    if not meta.get("name"):
        meta["name"] = str((resources or {}).get("metadata", {}).get("name", ""))
    chapter = _chapter_record(nb, 0)
    nb.cells = _chapter_cells(nb, chapter)
    nb.metadata[REPORT_KEY] = {"meta": meta, "chapters": [chapter]}
    log.debug("report metadata for %s filled from the notebook", path or "a notebook")
    return nb


def chapter_title(nb) -> str:
    """The text of the first markdown heading of ``nb`` (markup removed), or ``""``."""
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        match = _HEADING.search(cell.source)
        if match:
            return re.sub(r"[*_`]+", "", match.group(1)).strip()
    return ""


def notebook_parameters(nb) -> dict:
    """The parameters a notebook ran with: its parameters cell's defaults, then papermill's overrides."""
    values: dict = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            values.update(_literal_assignments(cell.source))
            break
    values.update(nb.metadata.get("papermill", {}).get("parameters", {}) or {})
    return values


def notebook_meta(nb) -> dict:
    """A run record for a notebook exported alone, from its parameters and the raw source record.

    ``generated`` is the day of ``SOURCE_DATE_EPOCH`` when it is set, else the source's publication
    date, so two exports of the same notebook agree.
    """
    params = notebook_parameters(nb)
    source = _source_record(params.get("region"), params.get("year"))
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        generated = dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    else:
        generated = str(source.get("published") or "")
    return {
        "lang": params.get("lang", "en"),
        "region": params.get("region", source.get("region", "")),
        "year": params.get("year", source.get("period", "")),
        "baseline_year": params.get("baseline_year", source.get("baseline_period")),
        "name": "",
        "parameters": params,
        "generated": generated,
        "commit": _git_commit(),
        "versions": _package_versions(),
        "input_hashes": _input_hashes(params.get("facts", ""), source),
        "source": source,
    }


def _read_notebook(path: Path):
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError as exc:
        raise ReportError(f"executed notebook not found: {path}") from exc
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read the executed notebook {path}: {exc}") from exc


def chapter_label(number) -> str:
    """How the report numbers a chapter: ``"2"``; ``"A"`` for the appendix (90); none for the overview (0)."""
    if not isinstance(number, int) or number <= 0:
        return ""
    return "A" if number == APPENDIX_CHAPTER else str(number)


def _chapter_record(nb, index: int) -> dict:
    number = nb.metadata.get("analysis", {}).get("chapter")
    anchor = f"chapter-{number if isinstance(number, int) else index}"
    shown = _shown_title(nb)
    title = shown or chapter_title(nb) or nb.metadata.get("title", "") or f"Chapter {index + 1}"
    label = chapter_label(number)
    # Captions say "Figure 2.1", so the chapter heading carries its number too.
    numbered = bool(label) and not title.startswith(f"{label}.")
    if numbered:
        title = f"{label}. {title}"
    return {"anchor": anchor, "title": title, "number": number, "title_shown": bool(shown),
            "renumber": numbered and not shown}


def _shown_title(nb) -> str:
    """The chapter title a notebook displays in the report language (``analysis.chapter_title`` output)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            title = output.get("metadata", {}).get("analysis", {}).get("chapter_title")
            if title:
                return str(title)
    return ""


def _chapter_cells(nb, chapter: dict) -> list:
    """The cells of a chapter, opened by an empty marker cell that carries the chapter's anchor and title.

    When the notebook displays its title in the report language, the first markdown heading (the
    English title of the notebook file) is dropped so the chapter does not open with two titles.
    """
    cells = copy.deepcopy(list(nb.cells))
    if chapter.get("title_shown"):
        cells = _without_first_heading(cells)
    elif chapter.get("renumber"):
        _number_first_heading(cells, chapter["title"])
    _describe_images(cells)
    marker = nbformat.v4.new_raw_cell("")
    marker.metadata[REPORT_KEY] = {"chapter": {"anchor": chapter["anchor"], "title": chapter["title"]}}
    cells.insert(0, marker)
    for i, cell in enumerate(cells):
        cell["id"] = f"{chapter['anchor']}-{i}"
    return cells


def _without_first_heading(cells: list) -> list:
    for i, cell in enumerate(cells):
        if cell.cell_type != "markdown" or not _HEADING.search(cell.source):
            continue
        rest = _HEADING.sub("", cell.source, count=1).strip()
        if rest:
            cell.source = rest
            return cells
        return cells[:i] + cells[i + 1 :]
    return cells


def _describe_images(cells: list) -> None:
    """Give each chart the text of the caption displayed after it, as the image's alternative text."""
    for cell in cells:
        outputs = cell.get("outputs", [])
        for i, output in enumerate(outputs):
            data = output.get("data", {})
            if "image/png" not in data and "image/svg+xml" not in data:
                continue
            for later in outputs[i + 1 :]:
                caption = later.get("data", {}).get("text/html", "")
                if "analysis-caption" in caption:
                    text = html.unescape(re.sub(r"<[^>]+>", "", caption))
                    output.setdefault("metadata", {}).setdefault(REPORT_KEY, {})["alt"] = " ".join(text.split())
                    break


def _number_first_heading(cells: list, title: str) -> None:
    for cell in cells:
        if cell.cell_type == "markdown" and (match := _HEADING.search(cell.source)):
            hashes = cell.source[match.start() : match.start(1)].strip()
            cell.source = f"{cell.source[: match.start()]}{hashes} {title}{cell.source[match.end() :]}"
            return


def _literal_assignments(source: str) -> dict:
    """``name = literal`` and ``name: type = literal`` lines of a parameters cell."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    values = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            targets, value = [node.target], node.value
        elif isinstance(node, ast.Assign) and all(isinstance(t, ast.Name) for t in node.targets):
            targets, value = node.targets, node.value
        else:
            continue
        try:
            literal = ast.literal_eval(value)
        except ValueError:
            continue
        for target in targets:
            values[target.id] = literal
    return values


def _source_record(region=None, year=None) -> dict:
    """The raw source's sidecar record matching ``region`` and ``year`` (else the first one)."""
    records = []
    for path in sorted(RAW_DIR.glob("*.meta.yaml")):
        try:
            record = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(record, dict):
            records.append(record)
    for record in records:
        if record.get("region") == region and str(record.get("period")) == str(year):
            return record
    return records[0] if records else {}


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=PROJ_ROOT, capture_output=True, text=True, timeout=10, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"


def _package_versions() -> dict:
    versions = {}
    for name in RECORDED_PACKAGES:
        try:
            versions[name] = importlib_metadata.version(name)
        except importlib_metadata.PackageNotFoundError:
            continue
    return versions


def _input_hashes(facts: str, source: dict) -> dict:
    paths = [resolve_path(p.strip()) for p in str(facts).split(",") if p.strip()]
    if source.get("file"):
        paths.append(RAW_DIR / source["file"])
    hashes = {}
    for path in paths:
        if path.is_file():
            hashes[_display_path(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(PROJ_ROOT.resolve()).as_posix()
    except ValueError:
        return path.name
