"""Text from data files made safe for the Markdown a chapter displays: no markup, no emphasis, no links."""

from __future__ import annotations

from ..core.text_safety import html_escape, md_escape


def md(text) -> str:
    """A string from the facts, a source record or a parameter, escaped for Markdown and HTML.

    The one escaping helper of the package (:func:`analysis.core.text_safety.md_escape`): markup, links,
    emphasis, maths and control characters from data never reach a page.
    """
    return md_escape(text)


def quoted(ctx, text, lang: str = "") -> str:
    """A quotation in the report language's quotation marks, escaped; ``lang`` marks a quotation in another
    language than the report's, for screen readers and hyphenation."""
    inner = md(text)
    if lang and lang != ctx.lang:
        inner = f'<span lang="{html_escape(lang)}">{inner}</span>'
    return ctx._("“{text}”", text=inner)


def quoted_source(ctx, fact_id: str, text) -> str:
    """A quotation of the source, in its language, followed by our translation when the report has one."""
    language = next((str(s.get("language", "")) for s in ctx.sources if s.get("language")), "")
    shown = quoted(ctx, text, language)
    translation = ctx.quote_translation(fact_id)
    return ctx._("{quote} (our translation: {translation})", quote=shown, translation=quoted(ctx, translation)) \
        if translation else shown


def heading(text: str, level: int = 2) -> str:
    """A section heading over a chapter's paragraphs (``text`` is a translated message)."""
    return f"{'#' * level} {text}"
