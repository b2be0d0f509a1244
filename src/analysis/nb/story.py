"""The two paragraphs every theme chapter shares: what the chapter covers, and what its claim checks say.

A chapter writes the rest of its prose in its own notebook; these two read the same in every chapter, so they
live here, as Markdown built from the facts and the claim checks.

Every number in the text is formatted from the data for the report language, and every sentence comes from
the "analysis" catalog, so another facts file or another language changes the text without code.
A paragraph that needs a figure the data lacks is replaced by a note saying so; the others still appear.
"""

from __future__ import annotations

import functools

from ..errors import MissingMetricError
from ..i18n.labels import CHECK_LABELS, N_, VERDICT_LABELS, label_of, theme_label
from .explain import explain_claim
from .markup import md


def _or_missing_note(fn):
    """Let a section that needs a figure the data lacks say so instead of stopping the notebook."""

    @functools.wraps(fn)
    def tell(ctx, *args, **kwargs):
        try:
            return fn(ctx, *args, **kwargs)
        except MissingMetricError as exc:
            return ctx.missing_note(exc)

    return tell


def _section(ctx, heading: str, body: str) -> str:
    """A section: its heading (a catalog message) over its text."""
    return f"## {ctx._(heading)}\n\n{body}"


def _verdict(ctx, verdict: str) -> str:
    return f"**{label_of(ctx._, VERDICT_LABELS, verdict)}**"


@_or_missing_note
def chapter_intro(ctx, theme: str) -> str:
    """What a theme chapter covers: the theme, the region, the year, how many figures and checks."""
    _ = ctx._
    facts = ctx.facts[ctx.facts["theme"] == theme]
    if facts.empty:
        ctx.theme_empty = True
        return "*" + _("The data has no figures for this theme ({theme}, {region}, {year}); the chapter is "
                       "left empty.", theme=theme_label(_, theme), region=ctx.region_name, year=ctx.year) + "*"
    return _("This chapter covers {theme} in {region} in {year}. Figures from the briefing: {n}; checks that "
             "can be made with them: {checks}.", theme=theme_label(_, theme).lower(), region=ctx.region_name,
             year=ctx.year, n=ctx.num(len(facts)), checks=ctx.num(len(ctx.claims_of(theme))))


@_or_missing_note
def theme_checks(ctx, theme: str | None = None) -> str:
    """Each claim check of a theme: what is checked, the verdict and its arithmetic, as a list."""
    _ = ctx._
    claims = ctx.claims_of(theme)
    heading = N_("What the claim checks say")
    if claims.empty:
        return _section(ctx, heading, _("Nothing in this part of the briefing can be checked against another "
                                        "figure: each number stands alone."))
    lines = []
    for _i, claim in claims.iterrows():
        fact = ctx.facts.set_index("fact_id").loc[claim["fact_id"]]
        lines.append("- " + _("{check} ({what}): {verdict}. {arithmetic}",
                              check=label_of(_, CHECK_LABELS, claim["check"]), what=ctx.label(fact["metric"]),
                              verdict=_verdict(ctx, claim["verdict"]), arithmetic=md(explain_claim(ctx, claim))))
    return _section(ctx, heading, "\n".join(lines))
