"""Text from data files made safe for the Markdown a chapter displays: no markup, no emphasis, no links."""

from __future__ import annotations

from ..core.text_safety import md_escape


def md(text) -> str:
    """A string from the facts, a source record or a parameter, escaped for Markdown and HTML.

    The one escaping helper of the package (:func:`analysis.core.text_safety.md_escape`): markup, links,
    emphasis, maths and control characters from data never reach a page.
    """
    return md_escape(text)


def quoted(ctx, text) -> str:
    """A quotation in the report language's quotation marks, escaped."""
    return ctx._("“{text}”", text=md(text))


def heading(text: str, level: int = 2) -> str:
    """A section heading over a chapter's paragraphs (``text`` is a translated message)."""
    return f"{'#' * level} {text}"
