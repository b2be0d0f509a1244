"""Text from data files made safe where it enters Markdown, HTML or a chart.

Every string that comes from data (facts, source records, parameters, the region) passes through one of these
helpers at the point where it enters a page:

- :func:`md_escape` for Markdown paragraphs (it is also valid HTML text and attribute content);
- :func:`plain_text` for chart labels and other plain-text places (charts do not read mathtext, see
  ``analysis.nb.figures.STYLE``).

Both remove control characters, so a NUL byte or a bidirectional override in a data file never reaches a report.
"""

from __future__ import annotations

import html
import re

# C0 and C1 control characters, DEL, line and paragraph separators, and the bidirectional embeddings, overrides
# and isolates, which reorder what a reader sees.
_CONTROL = re.compile("[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# Characters that Markdown (CommonMark, GFM tables and strike-through, the report's maths) reads as markup; ":"
# so that "http://..." in data is not turned into a link.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|~$!:])")
# At the start of a paragraph these begin a list, a quote, a heading underline or a numbered list.
_MD_BLOCK_START = re.compile(r"^(\s*)(?:([-+=>])|(\d+)([.)]))")


def plain_text(text) -> str:
    """``text`` as one line of plain text: control characters become spaces, runs of space collapse."""
    return re.sub(r"[ \t]{2,}", " ", _CONTROL.sub(" ", str(text))).strip()


def md_escape(text) -> str:
    """``text`` from a data file as literal Markdown text: no markup, links, emphasis, maths or HTML.

    Every character Markdown would read as markup gets a backslash, then HTML is escaped (so
    ``&#106;avascript:`` stays text, not an entity). The result is one line: control characters, line breaks included,
    become spaces. Safe in Markdown, in HTML text and in a quoted HTML attribute.
    """
    escaped = html.escape(_MD_SPECIAL.sub(r"\\\1", plain_text(text)), quote=True)
    return _MD_BLOCK_START.sub(_escape_block_start, escaped, count=1)


def _escape_block_start(m: re.Match) -> str:
    if m.group(2):
        return m.group(1) + "\\" + m.group(2)
    return m.group(1) + m.group(3) + "\\" + m.group(4)


def html_escape(text) -> str:
    """``text`` from a data file as HTML text (or a quoted attribute value), control characters removed."""
    return html.escape(plain_text(text), quote=True)


def truncate(text, limit: int = 120) -> str:
    """``text`` shortened for an error message: one line, at most ``limit`` characters (``...`` marks a cut)."""
    line = plain_text(text)
    return line if len(line) <= limit else line[: limit - 3] + "..."
