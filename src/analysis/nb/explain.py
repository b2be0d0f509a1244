"""The arithmetic of each claim check in the report language, rebuilt from the facts.

:func:`analysis.claims.check_claims` writes its arithmetic in English; here every number is formatted for
the locale and every word comes from the "analysis" catalog.
"""

from __future__ import annotations

import math

import pandas as pd

from ..core.claims import implied_baseline_for
from ..core.metrics import implied_share_baseline, percent_change
from ..core.numbers import decimals_of, stated_interval
from ..core.periods import parse_period
from ..i18n.labels import READING_LABELS, label_of


def _by_id(ctx):
    return ctx.facts.set_index("fact_id")


def _quoted(text: str) -> str:
    return f"“{text}”"


def explain_claim(ctx, claim) -> str:
    """One claim row's arithmetic, localized; a check this module does not know keeps its English text."""
    handler = _HANDLERS.get(claim["check"])
    if handler is None:
        return str(claim["arithmetic"])
    return handler(ctx, claim)


def _allowed(ctx, low, high, fmt, closed: bool = False) -> str:
    """What a stated figure allows, in words: an interval, or one side of it for a hedge."""
    _ = ctx._
    if pd.isna(low) and pd.isna(high):
        return ""
    if math.isinf(high):
        return _("{low} or more", low=fmt(low))
    if math.isinf(low):
        return _("up to {high}", high=fmt(high)) if closed else _("less than {high}", high=fmt(high))
    if closed:
        return _("from {low} to {high}", low=fmt(low), high=fmt(high))
    return _("from {low} up to (not including) {high}", low=fmt(low), high=fmt(high))


def _closed(fact) -> bool:
    """A hedge that includes its upper end ("almost", "at most"), or a negative value mirrored."""
    return str(fact.get("qualifier", "")) in ("almost", "at_most") or float(fact["value"]) < 0


def _notes(ctx, claim, stated: str = "") -> str:
    """The sentences every check may add: a contradicted direction, periods of different length, a loose fit."""
    _ = ctx._
    notes = []
    flags = str(claim.get("flags", "") or "").split(",")
    if "direction_contradicted" in flags:
        notes.append(_("The text says it rose, but the figures show a fall.") if claim["direction"] == "increase"
                     else _("The text says it fell, but the figures show a rise."))
    if "periods_differ" in flags:
        fact = _by_id(ctx).loc[claim["fact_id"]]
        months = [parse_period(p).months for p in (claim["baseline_period"], fact["period"]) if str(p)]
        if len(months) == 2:
            notes.append(_("The periods differ in length (months: {before} and {now}), so totals and monthly "
                           "averages compare differently.", before=ctx.num(months[0]), now=ctx.num(months[1])))
    if claim.get("fit") == "loose":
        notes.append(_("A loose fit: the figures are more than 5 % away from “{stated}”.", stated=stated))
    elif claim.get("fit") == "close":
        notes.append(_("A close fit: within 5 % of “{stated}”.", stated=stated))
    elif claim.get("fit") == "rounding":
        notes.append(_("It fits only within the rounding of the figures compared."))
    return (" " + " ".join(notes)) if notes else ""


def _unrelated(ctx, claim) -> str:
    _ = ctx._
    fact = _by_id(ctx).loc[claim["fact_id"]]
    fmt = (lambda v: ctx.num(v, 1)) if fact["unit"] == "fold" else (
        (lambda v: ctx.signed_pct(v, 1)) if fact["unit"] == "percent_change" else ctx.num)
    return _("The text gives neither figure this change compares, so it cannot be recomputed; “{stated}” allows "
             "{allowed}.", stated=fact["value_text"],
             allowed=_allowed(ctx, claim["tolerance_low"], claim["tolerance_high"], fmt, _closed(fact))) \
        + _notes(ctx, claim)


def _fold(ctx, claim) -> str:
    _ = ctx._
    fact = _by_id(ctx).loc[claim["fact_id"]]
    if not fact["relates_to"]:
        return _unrelated(ctx, claim)
    current = _by_id(ctx).loc[fact["relates_to"]]
    baseline = ctx.fact(current["metric"], fact["baseline_period"])
    if baseline is None or pd.isna(claim["recomputed"]):
        return _("No {baseline_year} value of this figure is given, so the stated change cannot be recomputed.",
                 baseline_year=ctx.period_label(fact["baseline_period"]))
    values = dict(baseline=ctx.num(baseline["value"]), baseline_year=ctx.period_label(fact["baseline_period"]),
                  current=ctx.num(current["value"]), year=ctx.period_label(current["period"]),
                  fold=ctx.num(claim["recomputed"], 2),
                  change=ctx.signed_pct(percent_change(current["value"], baseline["value"])),
                  stated=fact["value_text"],
                  allowed=_allowed(ctx, claim["tolerance_low"], claim["tolerance_high"], lambda v: ctx.num(v, 1),
                                   _closed(fact)))
    if fact["direction"] == "increase":
        text = _("{current} ({year}) ÷ {baseline} ({baseline_year}) = {fold}-fold, a change of {change}; "
                 "“{stated}” allows {allowed}-fold.", **values)
    else:
        text = _("{baseline} ({baseline_year}) ÷ {current} ({year}) = {fold}-fold, a change of {change}; "
                 "“{stated}” allows {allowed}-fold.", **values)
    return text + _notes(ctx, claim, fact["value_text"])


def _parts(ctx, claim) -> str:
    _ = ctx._
    parts = ctx.facts[(ctx.facts["relation"] == "part_of") & (ctx.facts["relates_to"] == claim["fact_id"])]
    terms = " + ".join(ctx.num(v) for v in parts["value"])
    if claim["verdict"] == "consistent":
        return _("{terms} = {sum}, the stated total.", terms=terms, sum=ctx.num(claim["recomputed"]))
    return _("{terms} = {sum}, but the stated total is {total}.", terms=terms, sum=ctx.num(claim["recomputed"]),
             total=ctx.num(claim["stated"]))


def _part_within(ctx, claim) -> str:
    _ = ctx._
    if claim["verdict"] == "consistent":
        return _("The part, {part}, is not larger than its total, {total}.", part=ctx.num(claim["recomputed"]),
                 total=ctx.num(claim["stated"]))
    return _("The part, {part}, is larger than its total, {total}.", part=ctx.num(claim["recomputed"]),
             total=ctx.num(claim["stated"]))


def _share(ctx, claim) -> str:
    _ = ctx._
    by_id = _by_id(ctx)
    fact = by_id.loc[claim["fact_id"]]
    if not fact["relates_to"] or by_id.loc[fact["relates_to"]]["relation"] != "part_of" \
            or pd.isna(claim["recomputed"]):
        return _("The total this share is taken of is not given, so it cannot be recomputed.")
    part = by_id.loc[fact["relates_to"]]
    total = by_id.loc[part["relates_to"]]
    text = _("{part} ÷ {total} × 100 = {share}; the printed “{stated}” stands for any value from {low} up to "
             "{high}.", part=ctx.num(part["value"]), total=ctx.num(total["value"]),
             share=ctx.pct(claim["recomputed"], 3), stated=fact["value_text"], low=ctx.pct(claim["tolerance_low"], 2),
             high=ctx.pct(claim["tolerance_high"], 2))
    if claim["verdict"] == "inconsistent" and "cut off" in str(claim["arithmetic"]):
        decimals = decimals_of(fact["value_text"])
        text += " " + _("It rounds to {rounded}; only cut off, not rounded, does it give “{stated}”.",
                        rounded=ctx.pct(claim["recomputed"], decimals), stated=fact["value_text"])
    return text


def share_change_readings(ctx, fact_id: str) -> dict:
    """Both readings of a stated change of a share: the earlier share interval each implies."""
    by_id = _by_id(ctx)
    fact = by_id.loc[fact_id]
    current = by_id.loc[fact["relates_to"]]
    now = stated_interval(current["value"], decimals_of(current["value_text"]))
    decimals = decimals_of(fact["value_text"])
    return {r: implied_share_baseline(now, fact["value"], decimals, r) for r in READING_LABELS}


def _share_change(ctx, claim) -> str:
    _ = ctx._
    fact = _by_id(ctx).loc[claim["fact_id"]]
    if not fact["relates_to"]:
        return _unrelated(ctx, claim)
    if claim["related_fact_id"] and claim["related_fact_id"] != fact["relates_to"]:
        before, now = _by_id(ctx).loc[claim["related_fact_id"]], _by_id(ctx).loc[fact["relates_to"]]
        return _("{before} → {now}: {points} percentage points, {relative} of the share; “{stated}” allows "
                 "{allowed}.", before=ctx.pct(before["value"]), now=ctx.pct(now["value"]),
                 points=ctx.num(now["value"] - before["value"], 2),
                 relative=ctx.signed_pct(percent_change(now["value"], before["value"]), 2), stated=fact["value_text"],
                 allowed=_allowed(ctx, claim["tolerance_low"], claim["tolerance_high"], ctx.num))
    readings = share_change_readings(ctx, claim["fact_id"])
    by = ctx.period_label(fact["baseline_period"])
    texts = [
        _("read as {reading}, the {baseline_year} share was about {mid} (from {low} to {high})",
          reading=label_of(_, READING_LABELS, r), baseline_year=by, mid=ctx.pct(i.mid, 2), low=ctx.pct(i.low, 2),
          high=ctx.pct(i.high, 2))
        for r, i in readings.items()
    ]
    return _("Two readings: {readings}. No {baseline_year} share is given to choose between them.",
             readings="; ".join(texts), baseline_year=by)


def _count_change(ctx, claim) -> str:
    _ = ctx._
    by_id = _by_id(ctx)
    fact = by_id.loc[claim["fact_id"]]
    if not fact["relates_to"]:
        return _unrelated(ctx, claim)
    current = by_id.loc[fact["relates_to"]]
    by = ctx.period_label(fact["baseline_period"])
    baseline = ctx.fact(current["metric"], fact["baseline_period"])
    allowed = _allowed(ctx, claim["tolerance_low"], claim["tolerance_high"], lambda v: ctx.signed_pct(v, 2))
    if "derived_baseline" in str(claim["flags"]):
        absolute = by_id.loc[claim["related_fact_id"]]
        before = current["value"] - absolute["value"]
        return _("No {baseline_year} value is printed, but the stated change of {absolute} gives it: {current} − "
                 "{absolute} = {baseline}; ({current} − {baseline}) ÷ {baseline} × 100 = {change}; “{stated}” "
                 "allows {allowed}.", baseline_year=by, absolute=ctx.num(absolute["value"]),
                 current=ctx.num(current["value"]), baseline=ctx.num(before),
                 change=ctx.signed_pct(claim["recomputed"], 2), stated=fact["value_text"],
                 allowed=allowed) + _notes(ctx, claim, fact["value_text"])
    if baseline is not None:
        return _("({current} − {baseline}) ÷ {baseline} × 100 = {change}; “{stated}” allows {low} to {high}.",
                 current=ctx.num(current["value"]), baseline=ctx.num(baseline["value"]),
                 change=ctx.signed_pct(claim["recomputed"], 2), stated=fact["value_text"],
                 low=ctx.signed_pct(claim["tolerance_low"], 2),
                 high=ctx.signed_pct(claim["tolerance_high"], 2)) + _notes(ctx, claim, fact["value_text"])
    implied = implied_baseline_for(ctx.facts, claim["fact_id"])
    interval = _implied_interval(ctx, claim, current["value"], implied, by)
    if not implied.listed:
        return _("No {baseline_year} value is given. {current} after a change between {low} and {high} implies a "
                 "{baseline_year} value from {from_} to {to}: {count} whole counts, too many to list.",
                 count=ctx.num(implied.count), **interval)
    candidates = ", ".join(ctx.num(c) for c in implied.candidates) or _("none")
    return _("No {baseline_year} value is given. {current} after a change between {low} and {high} implies a "
             "{baseline_year} value from {from_} to {to}; whole counts in that range: {candidates}.",
             candidates=candidates, **interval)


def _implied_interval(ctx, claim, current: float, implied, baseline_year: str) -> dict:
    """The values of a sentence on an implied baseline: the later value, the change's rounding interval and the
    interval of the earlier value it implies, each formatted for the report language."""
    return dict(baseline_year=baseline_year, current=ctx.num(current), low=ctx.signed_pct(claim["tolerance_low"], 2),
                high=ctx.signed_pct(claim["tolerance_high"], 2), from_=ctx.num(implied.interval.low, 2),
                to=ctx.num(implied.interval.high, 2))


def _abs_change(ctx, claim) -> str:
    _ = ctx._
    by_id = _by_id(ctx)
    fact = by_id.loc[claim["fact_id"]]
    if not fact["relates_to"]:
        return _unrelated(ctx, claim)
    current = by_id.loc[fact["relates_to"]]
    if pd.isna(claim["recomputed"]):
        return _("No {baseline_year} value is given; {current} after a change of {change} implies {baseline}.",
                 baseline_year=ctx.period_label(fact["baseline_period"]), current=ctx.num(current["value"]),
                 change=ctx.num(fact["value"]), baseline=ctx.num(current["value"] - fact["value"]))
    baseline = by_id.loc[claim["related_fact_id"]]
    return _("{current} − {baseline} = {change}; “{stated}” allows {allowed}.", current=ctx.num(current["value"]),
             baseline=ctx.num(baseline["value"]), change=ctx.num(claim["recomputed"]), stated=fact["value_text"],
             allowed=_allowed(ctx, claim["tolerance_low"], claim["tolerance_high"], ctx.num)) \
        + _notes(ctx, claim, fact["value_text"])


def _from_to(ctx, claim) -> str:
    _ = ctx._
    by_id = _by_id(ctx)
    now, before = by_id.loc[claim["fact_id"]], by_id.loc[claim["related_fact_id"]]
    periods = dict(year=ctx.period_label(now["period"]), baseline_year=ctx.period_label(before["period"]))
    change = ctx.signed_pct(percent_change(now["value"], before["value"]), 2) if before["value"] else "—"
    if now["unit"] == "percent":
        text = _("{before} ({baseline_year}) → {now} ({year}): {points} percentage points, {change} of the share.",
                 before=ctx.pct(before["value"]), now=ctx.pct(now["value"]),
                 points=ctx.num(now["value"] - before["value"], 2), change=change, **periods)
    else:
        text = _("{before} ({baseline_year}) → {now} ({year}): a difference of {diff}, {change}.",
                 before=ctx.num(before["value"]), now=ctx.num(now["value"]),
                 diff=ctx.num(now["value"] - before["value"]), change=change, **periods)
    flags = str(claim["flags"] or "").split(",")
    if claim["direction"] and "direction_contradicted" not in flags:
        text += " " + (_("The words say it rose, as the figures show.") if claim["direction"] == "increase"
                       else _("The words say it fell, as the figures show."))
    elif not claim["direction"]:
        text += " " + _("The text states nothing about this change beyond the two figures.")
    return text + _notes(ctx, claim)


def _restated(ctx, claim) -> str:
    _ = ctx._
    by_id = _by_id(ctx)
    other, precise = by_id.loc[claim["fact_id"]], by_id.loc[claim["related_fact_id"]]
    fmt = ctx.num if other["unit"] != "percent" else (lambda v: ctx.pct(v, 2))
    allowed = _allowed(ctx, claim["tolerance_low"], claim["tolerance_high"], fmt, _closed(other))
    if claim["verdict"] == "consistent":
        return _("“{other}” allows {allowed}; the same figure stated as “{precise}” lies inside.",
                 other=other["value_text"], allowed=allowed, precise=precise["value_text"])
    return _("“{other}” allows {allowed}; the same figure stated as “{precise}” does not lie inside.",
             other=other["value_text"], allowed=allowed, precise=precise["value_text"])


_HANDLERS = {
    "stated_fold": _fold,
    "parts_add_up": _parts,
    "part_within_total": _part_within,
    "stated_share": _share,
    "stated_share_change": _share_change,
    "stated_change": _count_change,
    "stated_abs_change": _abs_change,
    "from_to": _from_to,
    "restated": _restated,
}
