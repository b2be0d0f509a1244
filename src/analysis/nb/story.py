"""The narrative of the overview and the appendix, and the two pieces every theme chapter opens and closes its
checks with (what the chapter covers, what its claim checks say), as Markdown paragraphs built from the facts
and the claim checks. A theme chapter writes the rest of its prose in its own notebook.

Every number in the text is formatted from the data for the report language, and every sentence comes from
the "analysis" catalog, so another facts file or another language changes the text without code.
A paragraph that needs a figure the data lacks is replaced by a note saying so; the others still appear.
"""

from __future__ import annotations

import functools

import pandas as pd

from ..errors import MissingMetricError
from ..i18n.labels import CHECK_LABELS, N_, READING_LABELS, VERDICT_LABELS, label_of, theme_label
from .explain import explain_claim
from .markup import md, quoted


def _or_missing_note(fn):
    """Let a section that needs a figure the data lacks say so instead of stopping the notebook."""

    @functools.wraps(fn)
    def tell(ctx, *args, **kwargs):
        try:
            return fn(ctx, *args, **kwargs)
        except MissingMetricError as exc:
            return ctx.missing_note(exc)

    return tell


def _paragraphs(ctx, *builders) -> str:
    """Join the paragraphs ``builders`` make; one that lacks data gives the missing-figure note instead."""
    out = []
    for build in builders:
        try:
            text = build(ctx)
        except MissingMetricError as exc:
            text = ctx.missing_note(exc)
        if text:
            out.append(text)
    return "\n\n".join(out)


def _section(ctx, heading: str, body: str) -> str:
    """A section: its heading (a catalog message) over its text."""
    return f"## {ctx._(heading)}\n\n{body}"


CHAPTER_TITLES = {
    0: N_("Overview: the briefing checked"),
    90: N_("Appendix: method and data provenance"),
}
CHAPTER_THEMES = {1: "methodological_support", 2: "enforcement", 3: "international_assistance",
                  4: "procedural_discipline", 5: "applications_notifications"}


@_or_missing_note
def chapter_title(ctx) -> str:
    """The chapter's title in the report language, numbered as the report numbers it."""
    _ = ctx._
    if ctx.chapter in CHAPTER_THEMES:
        name = theme_label(_, CHAPTER_THEMES[ctx.chapter])
    else:
        name = _(CHAPTER_TITLES.get(ctx.chapter, ""))
    return f"{ctx.chapter_label}. {name}" if ctx.chapter else name


def _verdict(ctx, verdict: str) -> str:
    return f"**{label_of(ctx._, VERDICT_LABELS, verdict)}**"


# -- shared pieces ------------------------------------------------------------------------------------------------


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


# -- 00 overview ----------------------------------------------------------------------------------------------------


@_or_missing_note
def overview_intro(ctx) -> str:
    """Where the figures come from and what the report does with them."""
    _ = ctx._
    source = ctx.sources[0] if ctx.sources else {}
    title = source.get("title_en") if ctx.lang == "en" and source.get("title_en") else source.get("title", "")
    paragraphs = [_("On {date}, {outlet} reported the results of the court administration in {region} for {year}, "
                    "given at a briefing. The headline: {title}.", date=source.get("date_text", ""),
                    outlet=md(source.get("outlet_short", "")), region=ctx.region_name, year=ctx.year,
                    title=quoted(ctx, title))]
    themes = ctx.facts["theme"].drop_duplicates()
    compared = ctx.facts[(ctx.facts["year"] == ctx.baseline_year) | ctx.facts["baseline_year"].eq(ctx.baseline_year)]
    paragraphs.append(_("The briefing gives {n} figures in {themes} themes; {k} of them concern a comparison with "
                        "{baseline_year}. This report restates each figure, recomputes what can be recomputed and "
                        "says what the text leaves open.", n=ctx.num(len(ctx.facts)), themes=ctx.num(len(themes)),
                        k=ctx.num(len(compared)), baseline_year=ctx.baseline_year))
    return "\n\n".join(paragraphs)


@_or_missing_note
def headline_check(ctx) -> str:
    """The headline claim first: what it says, the verdict and the arithmetic."""
    _ = ctx._
    head = ctx.claims[ctx.claims["headline"]]
    heading = N_("The headline claim")
    if head.empty:
        return _section(ctx, heading, "*" + _("The data marks no headline claim, so there is none to check "
                                              "first.") + "*")
    claim = head.iloc[0]
    return _section(ctx, heading, _("The headline says {quote}. Verdict: {verdict}. {arithmetic}",
                                    quote=quoted(ctx, claim["quote"]), verdict=_verdict(ctx, claim["verdict"]),
                                    arithmetic=md(explain_claim(ctx, claim))))


@_or_missing_note
def verdict_summary(ctx) -> str:
    """How many checks ended in each verdict, pointing to the chart and table that follow."""
    _ = ctx._
    heading = N_("All claim checks")
    if ctx.claims.empty:
        return _section(ctx, heading, _("The data allows no claim checks."))
    counts = ctx.claims["verdict"].value_counts()
    parts = "; ".join(f"{label_of(_, VERDICT_LABELS, v)}: {ctx.num(n)}" for v, n in counts.items())
    return _section(ctx, heading, _("Checks made: {n} ({parts}). {figure} counts them by verdict and {table} "
                                    "lists each with its arithmetic.", n=ctx.num(len(ctx.claims)), parts=parts,
                                    figure=ctx.figure_ref(1), table=ctx.table_ref(1)))


@_or_missing_note
def verdict_meaning(ctx) -> str:
    """What the verdicts mean for a reader."""
    _ = ctx._
    return _("*Consistent* means the stated figure follows from the others, allowing for the rounding of the "
             "print; *ambiguous* means the wording allows more than one result; *unverifiable* means the text "
             "lacks the figure needed to check it. {figure} shows the counts.", figure=ctx.figure_ref())


@_or_missing_note
def key_figures_note(ctx) -> str:
    """A sentence before the key figures table."""
    return _section(ctx, N_("Key figures"), ctx._("{table} lists the main figures of each theme as the briefing "
                                                  "gives them.", table=ctx.table_ref(1)))


@_or_missing_note
def reading_note(ctx) -> str:
    """Which reading of an ambiguous change of a share this report uses (the change_reading parameter)."""
    _ = ctx._
    ambiguous = ctx.claims[ctx.claims["check"] == "stated_share_change"]
    if ambiguous.empty:
        return ""
    # Theme chapters are numbered in the order the facts give their themes.
    chapter = list(dict.fromkeys(ctx.facts["theme"])).index(ambiguous.iloc[0]["theme"]) + 1
    return _("Where the briefing says a share changed “by X percent”, this report reads it as {reading} (the "
             "parameter change_reading); chapter {chapter} shows both readings.",
             reading=label_of(_, READING_LABELS, ctx.change_reading), chapter=chapter)


# -- 90 appendix -------------------------------------------------------------------------------------------------------


@_or_missing_note
def method(ctx) -> str:
    """How the checks work, each rule shown on an example from the data when it has one."""
    return _section(ctx, N_("Method"), _paragraphs(ctx, _method_rounding, _method_parts, _method_fold,
                                                   _method_implied, _method_ambiguity))


def _first_claim(ctx, check: str):
    rows = ctx.claims[ctx.claims["check"] == check]
    return None if rows.empty else rows.iloc[0]


def _with_example(ctx, text: str, check: str) -> str:
    """``text`` followed by the first claim of kind ``check`` worked through, when the data has one."""
    claim = _first_claim(ctx, check)
    if claim is None or (check == "stated_share" and pd.isna(claim["tolerance_low"])):
        return text
    return text + " " + ctx._("Example: {example}", example=md(explain_claim(ctx, claim)))


def _method_rounding(ctx) -> str:
    _ = ctx._
    text = _("**Rounding intervals.** A printed number stands for every value that rounds to it. A share printed "
             "with one decimal is checked against the interval it allows, not against the printed digits.")
    return _with_example(ctx, text, "stated_share")


def _method_parts(ctx) -> str:
    _ = ctx._
    text = _("**Parts add up.** Where the text breaks a total into parts, the parts must add up to it exactly; "
             "a single part must not exceed its total.")
    return _with_example(ctx, text, "parts_add_up")


def _method_fold(ctx) -> str:
    _ = ctx._
    text = _("**N-fold changes.** “Two-fold” written as a word is read as a whole number: the recomputed ratio "
             "of the earlier to the later value must lie in its rounding interval.")
    return _with_example(ctx, text, "stated_fold")


def _method_implied(ctx) -> str:
    _ = ctx._
    text = _("**Implied baselines.** When a change is stated but the earlier value is not, the later value and "
             "the rounding interval of the change give the interval the earlier value must lie in; for a count, "
             "the whole numbers in it are the candidates.")
    return _with_example(ctx, text, "stated_change")


def _method_ambiguity(ctx) -> str:
    _ = ctx._
    text = _("**The ambiguity.** “A share changed by X percent” may mean X percentage points or X percent of the "
             "share itself. Both readings are computed; the parameter change_reading picks the one the report "
             "uses (here: {reading}).", reading=label_of(_, READING_LABELS, ctx.change_reading))
    return _with_example(ctx, text, "stated_share_change")


@_or_missing_note
def provenance_note(ctx) -> str:
    """Before the provenance table."""
    _ = ctx._
    files = ", ".join(md(p.name) for p in ctx.facts_paths)
    return _section(ctx, N_("Data provenance"), _(
        "Every figure in this report comes from the facts table ({files}): one row per number in the source, with "
        "the words it was read from. {table} lists them all; notes are as the facts table gives them.",
        files=files, table=ctx.table_ref(1)))


@_or_missing_note
def parameters_note(ctx) -> str:
    """Before the parameters table."""
    return _section(ctx, N_("Parameters"), ctx._("{table} records the parameters this report was made with.",
                                                 table=ctx.table_ref(1)))


@_or_missing_note
def source_note(ctx) -> str:
    """Before the source record table."""
    return _section(ctx, N_("The source"), ctx._("{table} gives the record kept beside the raw text of the "
                                                 "source: where and when it was published, and its checksum.",
                                                 table=ctx.table_ref(1)))
