"""What the appendix shows beside the tables every chapter may use: the source's record under the reader's names,
the provenance of every figure in columns that fit the page, and the definition of a percentage point.

Texts come from the "analysis" catalog; values from the facts and the raw source's record, escaped by the table.
"""

from __future__ import annotations

import pandas as pd
from babel import Locale

from ..errors import MissingMetricError
from . import tables
from .markup import md

# Two round shares for the worked definition of a percentage point: an illustration of the unit, not a figure of
# the briefing. Their difference and relative change are computed, so they read right in each number format.
_ILLUSTRATION = (10, 8)


def source_record_table(ctx) -> tables.Table:
    """The record kept beside each raw source, under the reader's names for its fields, in the report language:
    the outlet and our translation of the title come from the record's translations when it has them."""
    _ = ctx._
    rows = []
    for record in ctx.sources:
        translated = (record.get("translations") or {}).get(ctx.lang) or {}
        language = str(record.get("language", ""))
        fields = [
            (_("Outlet"), translated.get("outlet") or (record.get("outlet") if ctx.lang == "en"
                                                       else record.get("outlet_short"))),
            (_("Published"), record.get("date_text")),
            (_("Title"), record.get("title")),
            # The source's own language needs no translation of its title.
            (_("Title, our translation"), None if language == ctx.lang else
             translated.get("title") or (record.get("title_en") if ctx.lang == "en" else None)),
            (_("Language"), Locale.parse(language).get_display_name(ctx.lang) if language else None),
            (_("File"), record.get("file")),
            (_("Checksum (SHA-256)"), record.get("sha256")),
            (_("Source id"), record.get("source_id")),
        ]
        rows += [{_("Field"): name, _("Value"): str(value)} for name, value in fields if value]
    if not rows:
        raise MissingMetricError([], ctx.year)
    return tables.Table(pd.DataFrame(rows), _("The source and its record"))


def provenance_table(ctx) -> tables.Table:
    """Every figure with its source words and note (:func:`analysis.nb.tables.provenance_table`) without the theme
    column: the rows run in the briefing's order, theme by theme, and eight columns do not fit the page."""
    _ = ctx._
    table = tables.provenance_table(ctx)
    frame = table.frame.drop(columns=[_("Theme")])
    # A number the source prints with a space between its thousands ("47 434") must not break there: the space
    # becomes a no-break space, which reads the same.
    for column in (_("Source text"), _("Our translation")):
        if column in frame:
            frame[column] = frame[column].str.replace(r"(?<=\d) (?=\d{3}(?!\d))", "\u00a0", regex=True)
    table.frame = frame
    return table


def percentage_point_term(ctx) -> str:
    """The glossary entry of a percentage point, worked on two round shares (Markdown)."""
    before, after = _ILLUSTRATION
    return ctx._("**percentage point**: the unit of a difference between two percentages. A share that falls from "
                 "{before} to {after} falls by {points} percentage points; measured against the earlier share, that "
                 "is a fall of {relative}.", before=ctx.pct(before, 0), after=ctx.pct(after, 0),
                 points=ctx.num(before - after), relative=ctx.pct((before - after) / before * 100, 0))


def definitions(ctx) -> list[str]:
    """The terms the report uses, then the briefing's own from the glossary beside the facts (Markdown)."""
    return [percentage_point_term(ctx)] + [f"**{md(term)}**: {md(text)}"
                                            for term, text in ctx.metadata.glossary_in(ctx.lang)]
