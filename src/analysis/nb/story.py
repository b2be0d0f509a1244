"""The two paragraphs every theme chapter shares: the note of a theme without figures, and its claim checks.

A chapter writes the rest of its prose in its own notebook; these two read the same in every chapter, so they
live here, as Markdown built from the facts and the claim checks.

Every number in the text is formatted from the data for the report language, and every sentence comes from
the "analysis" catalog, so another facts file or another language changes the text without code.
A paragraph that needs a figure the data lacks is replaced by a note saying so; the others still appear.
"""

from __future__ import annotations

import functools

from ..errors import MissingMetricError
from ..i18n.labels import CHECK_LABELS, label_of, theme_label
from .verdicts import with_plain_verdicts


def _or_missing_note(fn):
    """Let a section that needs a figure the data lacks say so instead of stopping the notebook."""

    @functools.wraps(fn)
    def tell(ctx, *args, **kwargs):
        try:
            return fn(ctx, *args, **kwargs)
        except MissingMetricError as exc:
            return ctx.missing_note(exc)

    return tell


@_or_missing_note
def chapter_intro(ctx, theme: str) -> str:
    """A note when the theme has no figures (the chapter then stays empty); nothing otherwise.

    A chapter opens with what was reported: a sentence counting its figures and checks would only repeat
    what the key points and the appendix already say.
    """
    _ = ctx._
    if not ctx.facts[ctx.facts["theme"] == theme].empty:
        return ""
    ctx.theme_empty = True
    return "*" + _("The data has no figures for this theme ({theme}, {region}, {year}); the chapter is left "
                   "empty.", theme=theme_label(_, theme), region=ctx.region_name, year=ctx.year) + "*"


@_or_missing_note
def theme_checks(ctx, theme: str | None = None) -> str:
    """Each claim check of a theme with its plain verdict and its row in the appendix's table of checks.

    The arithmetic is shown once, in that table (and worked through in the chapter's own text where it matters);
    here each check only points to it.
    """
    _ = ctx._
    claims = ctx.claims_of(theme)
    if claims.empty:
        return "**" + _("What the claim checks say") + ".** " + _("Nothing in this part of the briefing can be "
                                                                  "checked against another figure: each number "
                                                                  "stands alone.")
    plain = with_plain_verdicts(claims, ctx.facts)
    metrics = ctx.facts.set_index("fact_id")["metric"]
    # A run-in heading: the list is short, and a heading of its own would cost more room than the list.
    lines = [_("**What the claim checks say** ({table} in the appendix gives their arithmetic):",
               table=ctx.appendix_claims_ref)]
    for index, claim in plain.iterrows():
        verdict = "**" + ctx.plain_label(claim["plain"]) + "**"
        lines.append("- " + _("{check} ({what}): {verdict}, row {row}.",
                              check=label_of(_, CHECK_LABELS, claim["check"]),
                              what=ctx.label(metrics[claim["fact_id"]]), verdict=verdict,
                              row=ctx.num(ctx.claims.index.get_loc(index) + 1)))
    return lines[0] + "\n\n" + "\n".join(lines[1:])
