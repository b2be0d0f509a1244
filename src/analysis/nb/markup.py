"""Text from data files made safe for the Markdown a chapter displays: no markup, no emphasis, no links."""

from __future__ import annotations

import html
import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|$])")


def md(text) -> str:
    """A string from the facts, a source record or a parameter, escaped for Markdown and HTML."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def quoted(ctx, text) -> str:
    """A quotation in the report language's quotation marks, escaped."""
    return ctx._("“{text}”", text=md(text))


def heading(text: str, level: int = 2) -> str:
    """A section heading over a chapter's paragraphs (``text`` is a translated message)."""
    return f"{'#' * level} {text}"
