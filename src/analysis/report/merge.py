"""Executed notebooks merged into one report notebook: each notebook a chapter, the run's record in its metadata.

Each notebook becomes a chapter (its first markdown heading is the chapter title) and keeps its outputs; the
run's record (``meta``) travels in the merged notebook's metadata, where the report template finds it for the
title page and the reproducibility section.
"""

from __future__ import annotations

import ast
import copy
import datetime as dt
import hashlib
import html
import logging
import re
from pathlib import Path

import nbformat

from ..config import PROJ_ROOT, RAW_DIR, resolve_path
from ..core.epoch import env_epoch
from ..core.sources import primary_record, source_ids
from ..versions import commit_time, git_commit, package_versions

log = logging.getLogger(__name__)

REPORT_KEY = "report"
# The appendix notebook's chapter number; the report labels it "A".
APPENDIX_CHAPTER = 90
# Packages whose versions the reproducibility section lists when the caller gives none.

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)


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
    meta = copy.deepcopy(meta)
    # The overview states the main finding; it becomes the report's title.
    found = next((t for nb in notebooks if (t := _output_metadata(nb, "report_title"))), "")
    if found and not meta.get("title"):
        meta["title"] = str(found)
    # The run records the region's id (its English name); the overview gives its name in the report language,
    # from the metadata beside the facts, and the header shows that.
    region = next((r for nb in notebooks if (r := _output_metadata(nb, "region_label"))), "")
    if region:
        meta["region"] = str(region)
    merged.metadata[REPORT_KEY] = {"meta": meta, "chapters": chapters}
    return merged


def _output_metadata(nb, name: str):
    """The first value of ``analysis.<name>`` in the metadata of a notebook's outputs (None without one)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            value = output.get("metadata", {}).get("analysis", {}).get(name)
            if value:
                return value
    return None


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
    facts_files = [resolve_path(p.strip()) for p in str(params.get("facts", "")).split(",") if p.strip()]
    source = primary_record(source_ids(p for p in facts_files if p.is_file()))
    epoch = env_epoch()
    seconds = epoch if epoch is not None else commit_time(PROJ_ROOT)
    generated = dt.datetime.fromtimestamp(seconds, dt.UTC).date().isoformat() if seconds is not None else ""
    return {
        "lang": params.get("lang", "en"),
        "region": params.get("region", source.get("region", "")),
        "period": params.get("period", source.get("period", "")),
        "baseline_period": params.get("baseline_period", source.get("baseline_period")),
        "name": "",
        "parameters": params,
        "generated": generated,
        "commit": git_commit(PROJ_ROOT),
        "versions": package_versions(),
        "input_hashes": _input_hashes(params.get("facts", ""), source),
        "source": source,
    }


def chapter_label(number) -> str:
    """How the report numbers a chapter: ``"2"``; ``"A"`` for the appendix (90); none for the overview (0)."""
    if not isinstance(number, int) or number <= 0:
        return ""
    return "A" if number == APPENDIX_CHAPTER else str(number)


def _chapter_record(nb, index: int) -> dict:
    # A chapter run for one theme of many shows its number with its title; a notebook alone carries it.
    number = _shown_output_field(nb, "chapter")
    if not isinstance(number, int):
        number = nb.metadata.get("analysis", {}).get("chapter")
    anchor = f"chapter-{number if isinstance(number, int) else index}"
    shown = _shown_title(nb)
    title = shown or chapter_title(nb) or nb.metadata.get("title", "") or f"Chapter {index + 1}"
    # The notebook gives the label in the report language (the appendix's letter is Cyrillic in kk and ru).
    label = chapter_label(number)
    label = (_shown_output_field(nb, "chapter_label") or label) if label else label
    # Captions say "Figure 2.1", so the chapter heading carries its number too.
    numbered = bool(label) and not title.startswith(f"{label}.")
    if numbered:
        title = f"{label}. {title}"
    return {"anchor": anchor, "title": title, "number": number, "title_shown": bool(shown),
            "renumber": numbered and not shown}


def _shown_output_field(nb, name: str):
    """A field of the first output whose metadata carries ``analysis.chapter_title`` (None without one)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output.get("metadata", {}).get("analysis", {})
            if record.get("chapter_title"):
                return record.get(name)
    return None


def _shown_title(nb) -> str:
    """The chapter title a notebook displays in the report language (``analysis.chapter_title`` output)."""
    title = _shown_output_field(nb, "chapter_title")
    return str(title) if title else ""


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
            stated = output.get("metadata", {}).get("analysis", {}).get("alt")
            if stated:  # a chart that describes its own data
                output.setdefault("metadata", {}).setdefault(REPORT_KEY, {})["alt"] = " ".join(str(stated).split())
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
