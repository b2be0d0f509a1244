"""Typesetting the report page into a PDF with WeasyPrint, reproducibly: the same HTML gives the same bytes.

Nothing is fetched from outside the page; the PDF's dates, its file identifier and the embedded fonts' dates are
functions of the page and its ``created`` date, never of the clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import struct
import threading

from ..core.epoch import env_epoch
from ..errors import AnalysisError, ReportExportError

_TYPESETTING = threading.Lock()


def html_to_pdf(html: str, created: str = "", pdf_variant: str | None = None) -> bytes:
    """Typeset report HTML with WeasyPrint and return the PDF bytes.

    The output depends on ``html`` and ``created`` only: the PDF's dates come from the ``dcterms``
    meta elements of the page, its file identifier is a digest of the HTML, the embedded font
    subsets are stamped with ``created`` (or ``SOURCE_DATE_EPOCH`` when set) instead of the clock,
    and nothing is fetched from outside the page (images are ``data:`` URLs, fonts are system fonts).
    """
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    try:
        document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))
        # The environment is shared by threads: typeset one report at a time in a process.
        with _TYPESETTING, _source_date_epoch(created), _dated_fonts():
            # Tagged: headings, paragraphs, tables and figures carry their structure (and alt text) for readers.
            return document.write_pdf(pdf_identifier=identifier, pdf_variant=pdf_variant, pdf_tags=True)
    except (ValueError, OSError) as exc:
        raise ReportExportError(f"WeasyPrint could not typeset the report: {exc}") from exc


@contextlib.contextmanager
def _dated_fonts():
    """Stamp every embedded font with the report's date, not only the fonts WeasyPrint subsets.

    WeasyPrint dates a font only when fontTools rewrites it as a subset. A font it embeds whole keeps the date
    in its own file (DejaVu's is from 2023): that happens when the only characters drawn with a font are
    invisible (a soft hyphen, a zero-width space), so there is no glyph to subset, or when subsetting fails.
    Each font is checked after WeasyPrint cleaned it and rewritten when its date differs.
    """
    from weasyprint.pdf import fonts

    original = fonts.Font.clean

    def clean(font, to_unicode, hinting):
        original(font, to_unicode, hinting)
        font.file_content = _with_font_date(font.file_content, font.index)

    fonts.Font.clean = clean
    try:
        yield
    finally:
        fonts.Font.clean = original


def _with_font_date(content: bytes, index: int = 0) -> bytes:
    """``content`` (a TrueType or OpenType font) with ``head.modified`` set to ``SOURCE_DATE_EPOCH``."""
    from fontTools.misc.timeTools import timestampNow
    from fontTools.ttLib import TTFont, TTLibError

    try:
        font = TTFont(io.BytesIO(content), fontNumber=index, lazy=True)
        if "head" not in font or font["head"].modified == timestampNow():
            return content
        font = TTFont(io.BytesIO(content), fontNumber=index)  # recalcTimestamp: saving sets the date
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()
    except (TTLibError, ValueError, KeyError, struct.error):
        return content


@contextlib.contextmanager
def _source_date_epoch(created: str):
    """Set ``SOURCE_DATE_EPOCH`` from ``created`` while typesetting, unless the caller set it.

    fontTools, which subsets the embedded fonts, writes the current time into each font's ``head``
    table unless this variable is set; with it the PDF is byte-identical from run to run.
    """
    try:
        given = env_epoch()
    except AnalysisError as exc:
        raise ReportExportError(str(exc)) from None
    if given is not None:
        yield
        return
    when = parse_report_date(created, "created") if created else dt.date(1970, 1, 1)
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
    elif when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    os.environ["SOURCE_DATE_EPOCH"] = str(int(when.timestamp()))
    try:
        yield
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def parse_report_date(value, what: str):
    """A ``date`` or ``datetime`` from a date, a datetime or an ISO string; None when absent."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise ReportExportError(f"report metadata: {what} date {text!r} is not an ISO date") from exc
