"""The narrative of each chapter, as Markdown paragraphs built from the facts and the claim checks.

Every number in the text is formatted from the data for the report language, and every sentence comes from
the "analysis" catalog, so another facts file or another language changes the text without code.
A paragraph that needs a figure the data lacks is replaced by a note saying so; the others still appear.
"""

from __future__ import annotations

import functools

import pandas as pd

from ..core.metrics import percent_change, ratio, share
from ..errors import MissingMetricError
from ..i18n.labels import CHECK_LABELS, N_, READING_LABELS, VERDICT_LABELS, label_of, theme_label
from .explain import explain_claim, share_change_readings
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


# -- 01 methodological support ---------------------------------------------------------------------------------


@_or_missing_note
def methodological_reported(ctx) -> str:
    """The meetings, analyses and seminars the department supported."""
    return _section(ctx, N_("What was reported"), _paragraphs(ctx, _meth_events, _meth_seminars))


def _meth_events(ctx) -> str:
    _ = ctx._
    metrics = ("extended_plenary_sessions", "general_meetings", "round_tables", "final_meetings", "staff_meetings")
    found = [(m, ctx.fact(m)) for m in metrics]
    found = [(m, row) for m, row in found if row is not None]
    if not found:
        raise MissingMetricError(metrics, ctx.year)
    listing = ", ".join(f"{ctx.label(m)}: {ctx.num(row['value'])}" for m, row in found)
    total = sum(row["value"] for _m, row in found)
    text = _("In {year} the department gave practical and organisational help with {total} meetings ({listing}).",
             year=ctx.year, total=ctx.num(total), listing=listing)
    analyses = ctx.fact("planned_analyses")
    if analyses is not None:
        text += " " + _("It also carried out {n} planned analyses and reviews of court practice, alone and with "
                        "judges.", n=ctx.num(analyses["value"]))
    return text


def _meth_seminars(ctx) -> str:
    _ = ctx._
    total = ctx.value("seminars")
    parts = ctx.facts[(ctx.facts["relation"] == "part_of")
                      & (ctx.facts["relates_to"] == ctx.fact("seminars")["fact_id"])]
    text = _("It supported {n} seminars for judges.", n=ctx.num(total))
    if not parts.empty:
        biggest = parts.loc[parts["value"].idxmax()]
        text += " " + _("The largest group, {what}, made up {count} of them ({share}).",
                        what=ctx.label(biggest["metric"]), count=ctx.num(biggest["value"]),
                        share=ctx.pct(share(biggest["value"], total)))
    return text


@_or_missing_note
def methodological_meaning(ctx) -> str:
    """What the counts can and cannot say."""
    _ = ctx._
    return _section(ctx, N_("What it means"), _(
        "These are counts of work done, not of its results: they show how busy the department was, not whether "
        "court practice improved. {figure} compares the kinds of work.", figure=ctx.figure_ref(1)))


@_or_missing_note
def seminars_note(ctx) -> str:
    """Before the seminars chart and table."""
    _ = ctx._
    return _("{figure} splits the seminars by the kind of cases; {table} gives each group's share of the total.",
             figure=ctx.figure_ref(1), table=ctx.table_ref(1))


@_or_missing_note
def methodological_open(ctx) -> str:
    """What the text leaves open in this theme."""
    _ = ctx._
    earlier = ctx.facts[(ctx.facts["theme"] == "methodological_support")
                        & (ctx.facts["year"] == ctx.baseline_year)]
    text = _("The text gives no {baseline_year} figures for this work, so it cannot say whether there was more "
             "or less of it than before.", baseline_year=ctx.baseline_year)
    if not earlier.empty:
        text = _("The text does not say how this work affected the courts' decisions.")
    return _section(ctx, N_("What the text leaves open"), text)


# -- 02 enforcement ---------------------------------------------------------------------------------------------------


@_or_missing_note
def enforcement_reported(ctx) -> str:
    """Writs sent, writs not accepted, the stated share and its stated change."""
    return _section(ctx, N_("What was reported"), _paragraphs(ctx, _enf_volume, _enf_change))


def _enf_volume(ctx) -> str:
    _ = ctx._
    sent, rejected = ctx.value("writs_sent"), ctx.value("writs_rejected")
    text = _("In {year} the courts of {region} sent {sent} writs of execution directly for compulsory enforcement; "
             "{rejected} of them were not accepted.", year=ctx.year, region=ctx.region_name, sent=ctx.num(sent),
             rejected=ctx.num(rejected))
    stated = ctx.fact("writs_rejected_share")
    if stated is not None:
        text += " " + _("The briefing puts that at {share}.", share=ctx.pct(stated["value"],
                                                                            _decimals(stated["value_text"])))
    return text


def _decimals(value_text: str) -> int:
    from ..core.numbers import decimals_of

    return decimals_of(value_text)


def _enf_change(ctx) -> str:
    _ = ctx._
    change = ctx.change_fact("writs_rejected_share")
    if change is None:
        raise MissingMetricError(["writs_rejected_share_change"], ctx.year)
    return _("It adds that the indicator improved “by {stated} percent” compared with {baseline_year}: {quote}.",
             stated=ctx.num(abs(change["value"]), _decimals(change["value_text"])),
             baseline_year=int(change["baseline_year"]),
             quote=quoted(ctx, change["quote"]))


@_or_missing_note
def enforcement_meaning(ctx) -> str:
    """What the volume and share mean, with the recomputed share."""
    _ = ctx._
    sent, rejected = ctx.value("writs_sent"), ctx.value("writs_rejected")
    recomputed = share(rejected, sent)
    return _section(ctx, N_("What it means"), _(
        "Recomputed, {rejected} of {sent} is {share}: about one writ in every {every} was not accepted, and "
        "{accepted} were. {figure} shows the split.", rejected=ctx.num(rejected), sent=ctx.num(sent),
        share=ctx.pct(recomputed, 3), every=ctx.num(round(ratio(sent, rejected))),
        accepted=ctx.num(sent - rejected), figure=ctx.figure_ref(1)))


@_or_missing_note
def enforcement_ambiguity(ctx) -> str:
    """The two readings of the stated change of the share, the one selected, and what each implies."""
    from .figures import share_readings

    _ = ctx._
    r = share_readings(ctx)
    stated = ctx.num(abs(r["change"]["value"]), _decimals(r["change"]["value_text"]))
    points, relative = r["points"], r["relative"]
    chosen = label_of(_, READING_LABELS, ctx.change_reading)
    by = int(r["change"]["baseline_year"])
    text = [
        _("“Improved by {stated} percent” can be read in two ways, and the text does not say which it means.",
          stated=stated),
        "- " + _("As percentage points: the share fell from about {mid} in {baseline_year} (from {low} to {high}, "
                 "given the rounding) to {now}.", mid=ctx.pct(points.mid, 1), baseline_year=by,
                 low=ctx.pct(points.low, 2), high=ctx.pct(points.high, 2), now=ctx.pct(r["share"]["value"])),
        "- " + _("As a relative change: the share itself became {stated} percent smaller, so it was about {mid} in "
                 "{baseline_year} (from {low} to {high}).", stated=stated, mid=ctx.pct(relative.mid, 2),
                 baseline_year=by, low=ctx.pct(relative.low, 2), high=ctx.pct(relative.high, 2)),
        _("This report uses the reading “{reading}” (parameter change_reading); {figure} shows both, the one in "
          "use marked, and {table} gives the numbers.", reading=chosen, figure=ctx.figure_ref(1),
          table=ctx.table_ref(1)),
    ]
    sent = ctx.fact("writs_sent")
    if sent is not None:
        selected = r[ctx.change_reading]
        text.append(_("What it implies for {baseline_year}: the text gives no number of writs sent that year. Only "
                      "as an illustration, at the {year} volume of {sent} writs a share of {share} would mean "
                      "about {count} writs not accepted, against {now} in {year}.", baseline_year=by, year=ctx.year,
                      sent=ctx.num(sent["value"]), share=ctx.pct(selected.mid, 2),
                      count=ctx.num(round(sent["value"] * selected.mid / 100)),
                      now=ctx.num(ctx.value("writs_rejected"))))
    body = "\n\n".join(text[:1]) + "\n\n" + "\n".join(text[1:3]) + "\n\n" + "\n\n".join(text[3:])
    return _section(ctx, N_("The ambiguous change of the share"), body)


@_or_missing_note
def enforcement_open(ctx) -> str:
    """What the text leaves open about enforcement."""
    _ = ctx._
    return _section(ctx, N_("What the text leaves open"), _(
        "The text gives neither the {baseline_year} share nor the {baseline_year} volume of writs, so the size of "
        "the improvement depends on the reading. Nor does it say why writs were not accepted: the briefing speaks "
        "of unfounded refusals and of bailiffs held liable, but gives no count of either.",
        baseline_year=ctx.baseline_year))


# -- 03 international assistance and services ----------------------------------------------------------------------


@_or_missing_note
def international_reported(ctx) -> str:
    """Legal assistance requests in and out, apostille applications."""
    return _section(ctx, N_("What was reported"), _paragraphs(ctx, _intl_requests, _intl_apostille))


def _intl_requests(ctx) -> str:
    _ = ctx._
    received, sent = ctx.value("legal_aid_requests_received"), ctx.value("legal_aid_requests_sent")
    text = _("In {year} the department received {received} requests for international legal assistance from "
             "foreign states, and the courts of {region} sent {sent} requests to foreign courts.", year=ctx.year,
             received=ctx.num(received), region=ctx.region_name, sent=ctx.num(sent))
    if sent:
        text += " " + _("For every request sent, about {ratio} came in.", ratio=ctx.num(ratio(received, sent), 1))
    return text


def _intl_apostille(ctx) -> str:
    _ = ctx._
    applications = ctx.value("apostille_applications")
    granted = ctx.fact("apostille_applications_granted")
    text = _("There were {n} applications for an apostille on official documents of the courts.",
             n=ctx.num(applications))
    if granted is not None and applications:
        text += " " + _("The text says all of them were granted ({granted}, {share}); that count is read from the "
                        "word “all”, not printed separately.", granted=ctx.num(granted["value"]),
                        share=ctx.pct(share(granted["value"], applications), 0))
    return text


@_or_missing_note
def international_meaning(ctx) -> str:
    """After the chart."""
    return _section(ctx, N_("What it means"), ctx._(
        "{figure} puts the requests and applications side by side; {table} quotes the source for each.",
        figure=ctx.figure_ref(1), table=ctx.table_ref(1)))


@_or_missing_note
def international_open(ctx) -> str:
    """What the text leaves open about international assistance."""
    _ = ctx._
    return _section(ctx, N_("What the text leaves open"), _(
        "The text gives no {baseline_year} figures, no count of requests answered or still open, and no time taken "
        "to handle them.", baseline_year=ctx.baseline_year))


# -- 04 procedural discipline -------------------------------------------------------------------------------------


@_or_missing_note
def discipline_reported(ctx) -> str:
    """Procedural violations, their kinds, their stated change, and postponements."""
    return _section(ctx, N_("What was reported"),
                    _paragraphs(ctx, _disc_total, _disc_parts, _disc_postponements))


def _disc_total(ctx) -> str:
    _ = ctx._
    total = ctx.value("procedural_violations")
    change = ctx.change_fact("procedural_violations")
    if change is None:
        return _("The Situational Centre's daily monitoring of procedural deadlines recorded {n} violations in "
                 "{year}.", n=ctx.num(total), year=ctx.year)
    return _("The Situational Centre's daily monitoring of procedural deadlines recorded {n} violations in {year}, "
             "a fall of {change} compared with {baseline_year}.", n=ctx.num(total), year=ctx.year,
             change=ctx.pct(abs(change["value"]), _decimals(change["value_text"])),
             baseline_year=int(change["baseline_year"]))


def _disc_parts(ctx) -> str:
    _ = ctx._
    total_row = ctx.fact("procedural_violations")
    if total_row is None:
        raise MissingMetricError(["procedural_violations"], ctx.year)
    parts = ctx.facts[(ctx.facts["relation"] == "part_of") & (ctx.facts["relates_to"] == total_row["fact_id"])]
    if parts.empty:
        raise MissingMetricError(["violations_procedural_deadlines", "violations_late_judicial_acts",
                                  "violations_late_hearings"], ctx.year)
    listing = "; ".join(_("{what}: {n} ({share})", what=ctx.label(p["metric"]), n=ctx.num(p["value"]),
                          share=ctx.pct(share(p["value"], total_row["value"])))
                        for _i, p in parts.iterrows())
    return _("By kind: {listing}. {figure} and {table} show them.", listing=listing, figure=ctx.figure_ref(1),
             table=ctx.table_ref(1))


def _disc_postponements(ctx) -> str:
    _ = ctx._
    row = ctx.fact("unjustified_postponements")
    if row is None:
        raise MissingMetricError(["unjustified_postponements"], ctx.year)
    return _("Unjustified postponements of hearings are said to have fallen considerably, to {n} by the end of the "
             "year; no earlier figure is given.", n=ctx.num(row["value"]))


@_or_missing_note
def discipline_baseline(ctx) -> str:
    """The baseline the stated change implies: an interval and its whole-count candidates."""
    _ = ctx._
    now, change, implied = ctx.implied_baseline("procedural_violations")
    by = int(change["baseline_year"])
    baseline = ctx.fact("procedural_violations", by)
    if baseline is not None:
        return _section(ctx, N_("The implied baseline"), _(
            "The {baseline_year} count is given ({n}), so the stated change can be recomputed: {change}.",
            baseline_year=by, n=ctx.num(baseline["value"]),
            change=ctx.signed_pct(percent_change(now, baseline["value"]), 2)))
    text = _("The text does not give the {baseline_year} count. But a fall printed as {stated} means any fall "
             "from {low} to {high}; with {n} violations in {year}, the {baseline_year} count must lie between "
             "{from_} and {to}.", baseline_year=by,
             stated=ctx.pct(abs(change["value"]), _decimals(change["value_text"])),
             low=ctx.pct(abs(_tolerance(change)[1]), 2), high=ctx.pct(abs(_tolerance(change)[0]), 2),
             n=ctx.num(now), year=ctx.year,
             from_=ctx.num(implied.interval.low, 2), to=ctx.num(implied.interval.high, 2))
    if len(implied.candidates) == 1:
        c = implied.candidates[0]
        text += " " + _("The only whole number in that range is {candidate}: {change} from it to {n}, so the "
                        "violations fell by {diff}.", candidate=ctx.num(c), change=ctx.signed_pct(
                            percent_change(now, c), 2), n=ctx.num(now), diff=ctx.num(c - now))
    elif implied.candidates:
        text += " " + _("Whole numbers in that range: {candidates}.",
                        candidates=", ".join(ctx.num(c) for c in implied.candidates))
    else:
        text += " " + _("No whole number lies in that range, so the stated change cannot be exact for a count.")
    text += " " + _("{figure} and {table} show this.", figure=ctx.figure_ref(1), table=ctx.table_ref(1))
    return _section(ctx, N_("The implied baseline"), text)


def _tolerance(change) -> tuple[float, float]:
    from ..core.numbers import stated_interval

    t = stated_interval(change["value"], _decimals(change["value_text"]))
    return t.low, t.high


@_or_missing_note
def discipline_open(ctx) -> str:
    """What the text leaves open about procedural discipline."""
    _ = ctx._
    return _section(ctx, N_("What the text leaves open"), _(
        "The text gives no {baseline_year} counts by kind, so which kind of violation fell is unknown; no earlier "
        "number of unjustified postponements, so “considerably” cannot be checked; and no number of cases heard, "
        "so the violations cannot be set against the workload.", baseline_year=ctx.baseline_year))


# -- 05 applications and notifications -----------------------------------------------------------------------------


@_or_missing_note
def applications_reported(ctx) -> str:
    """Applications and SMS notification violations in both years."""
    return _section(ctx, N_("What was reported"), _paragraphs(ctx, _apps_applications, _apps_sms))


def _pair_sentence(ctx, metric: str, message: str) -> str:
    now, before = ctx.value(metric), ctx.value(metric, ctx.baseline_year)
    fold = ctx.num(ratio(before, now), 1) if now else "—"
    return ctx._(message, now=ctx.num(now), before=ctx.num(before), year=ctx.year, baseline_year=ctx.baseline_year,
                 change=ctx.signed_pct(percent_change(now, before)), fold=fold)


def _apps_applications(ctx) -> str:
    return _pair_sentence(ctx, "citizen_applications",
                          N_("The department registered {now} applications in {year} against {before} in "
                             "{baseline_year}: a change of {change}, or {fold} times fewer."))


def _apps_sms(ctx) -> str:
    return _pair_sentence(ctx, "sms_notification_violations",
                          N_("Violations in notifying parties by SMS fell to {now} in {year} from {before} in "
                             "{baseline_year}: a change of {change}, or {fold} times fewer."))


@_or_missing_note
def applications_meaning(ctx) -> str:
    """The headline's "two-fold" against the recomputed fold."""
    _ = ctx._
    claims = ctx.claims_of("applications_notifications")
    fold = claims[claims["check"] == "stated_fold"]
    heading = N_("What it means")
    if fold.empty or pd.isna(fold.iloc[0]["recomputed"]):
        return _section(ctx, heading, _("The text states no fold change that these figures could check."))
    claim = fold.iloc[0]
    fact = ctx.facts.set_index("fact_id").loc[claim["fact_id"]]
    if claim["recomputed"] >= fact["value"]:
        text = _("The headline's {stated}-fold fall ({quote}) is {verdict}: the recomputed fall is {fold}-fold, so "
                 "if anything the headline understates it.", stated=ctx.num(fact["value"]),
                 quote=quoted(ctx, fact["quote"]), verdict=_verdict(ctx, claim["verdict"]),
                 fold=ctx.num(claim["recomputed"], 2))
    else:
        text = _("The headline's {stated}-fold fall ({quote}) is {verdict}: the recomputed fall is {fold}-fold.",
                 stated=ctx.num(fact["value"]), quote=quoted(ctx, fact["quote"]),
                 verdict=_verdict(ctx, claim["verdict"]), fold=ctx.num(claim["recomputed"], 2))
    text += " " + _("{figure} compares the two years and {table} gives the changes.", figure=ctx.figure_ref(1),
                    table=ctx.table_ref(1))
    return _section(ctx, heading, text)


@_or_missing_note
def applications_open(ctx) -> str:
    """What the text leaves open about applications and notifications."""
    _ = ctx._
    return _section(ctx, N_("What the text leaves open"), _(
        "The text does not say why applications fell (fewer complaints, or a change in what is registered as an "
        "application), nor how many SMS notices were sent in each year, without which the fall in violations "
        "cannot be read as a rate."))


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


def share_change_readings_for(ctx):
    """Both readings of the enforcement share change (for tables)."""
    change = ctx.change_fact("writs_rejected_share")
    if change is None:
        raise MissingMetricError(["writs_rejected_share_change"], ctx.year)
    return change, share_change_readings(ctx, change["fact_id"])
