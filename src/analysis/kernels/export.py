"""Warming the export process while the notebooks still run, so a report's export starts at full speed.

The first report a fresh process exports pays, besides the imports (nbconvert's exporters, WeasyPrint), for
one-time work inside them: Pango and fontconfig loading the fonts, the font subsetter's tables, the Jinja
environment, the hyphenation patterns. :func:`warm_export` does all of it on a one-page report, so that what is
left after the last notebook of a set is the merge and the typesetting of that report. Nothing of the warm-up is
kept: the reports that follow are byte-identical to those of a cold process (tested).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

# Text in the scripts and styles the reports use: Latin, Cyrillic with the Kazakh letters, digits, a table.
_WARM_MARKDOWN = "# Warm-up\n\nAstana 2025: 47 434, 9,4 %. Астана: әғқңөұүһі ӘҒҚҢӨҰҮҺІ. *emphasis*, **strong**.\n"
_WARM_TABLE = "<table><tr><th>a</th><td>1</td></tr></table>"


def warm_export() -> None:
    """Import the exporter and typeset a one-page report; any failure is only logged (the export then warms up
    when it first runs)."""
    try:
        import nbformat

        from ..report import build  # noqa: F401 - the export's entry point, imported before it is needed
        from ..report.exporter import ReportHTMLExporter, html_to_pdf

        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_markdown_cell(_WARM_MARKDOWN),
                    nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output(
                        "display_data", data={"text/html": _WARM_TABLE})])]
        html, resources = ReportHTMLExporter().from_notebook_node(nb, {"metadata": {"name": "warm-up"}})
        html_to_pdf(html, created=resources.get("report", {}).get("created", ""))
        # The report languages' hyphenation patterns (table cells are hyphenated), read once here: the first report
        # in a language would otherwise parse them first (English: about 0.15 s).
        import pyphen

        from ..config import LANGUAGES

        for lang in LANGUAGES:
            if pyphen.language_fallback(lang):
                pyphen.Pyphen(lang=lang)
    except Exception as exc:  # noqa: BLE001 - warming is an optimisation; the real export reports real errors
        log.debug("export warm-up skipped: %s: %s", type(exc).__name__, exc)
