"""The report: executed notebooks merged into one notebook, exported to HTML and PDF in this process.

One HTML export feeds both files: ``report.html`` is written as is and WeasyPrint typesets the same text into
``report.pdf``.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import nbformat

from ..errors import ReportError
from .exporter import ReportHTMLExporter, html_to_pdf
from .merge import merge_notebooks, notebook_meta

log = logging.getLogger(__name__)


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


def _read_notebook(path: Path):
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError as exc:
        raise ReportError(f"executed notebook not found: {path}") from exc
    except (OSError, ValueError) as exc:
        raise ReportError(f"cannot read the executed notebook {path}: {exc}") from exc
