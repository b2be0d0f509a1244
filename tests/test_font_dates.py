"""Every font the PDF embeds carries the report's date, also one WeasyPrint embeds whole (nothing to subset)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from analysis.report.exporter import html_to_pdf

REPORT_DATE = timestampSinceEpoch(dt.datetime(2026, 1, 8, tzinfo=dt.UTC).timestamp())


def font_dates(pdf: bytes) -> dict[str, int]:
    dates = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            dates[str(font["/BaseFont"])] = TTFont(io.BytesIO(data))["head"].modified
    return dates


# A font used only for invisible characters has no glyph to subset: WeasyPrint embeds the file as it is.
@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b"], ids=["soft-hyphen", "zero-width-space"])
def test_a_font_embedded_whole_gets_the_report_date(monkeypatch, invisible):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = (f"<html><body><p>text<span style=\"font-family: 'DejaVu Sans Mono'\">{invisible}</span>more</p>"
            "</body></html>")
    dates = font_dates(html_to_pdf(html, created="2026-01-08"))
    assert len(dates) == 2, dates
    assert set(dates.values()) == {REPORT_DATE}, dates
