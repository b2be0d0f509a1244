"""The arithmetic of each claim check in the report language, rebuilt from the facts.

:func:`analysis.claims.check_claims` writes its arithmetic in English; here every number is formatted for
the locale and every word comes from the "analysis" catalog.
"""

from __future__ import annotations

import pandas as pd

from ..core.claims import implied_baseline_for
from ..core.metrics import implied_share_baseline, percent_change
from ..core.numbers import decimals_of, stated_interval
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


def _fold(ctx, claim) -> str:
    _ = ctx._
    fact = _by_id(ctx).loc[claim["fact_id"]]
    current = _by_id(ctx).loc[fact["relates_to"]]
    baseline = ctx.fact(current["metric"], int(fact["baseline_year"]))
    if baseline is None or pd.isna(claim["recomputed"]):
        return _("No {baseline_year} value of this figure is given, so the stated change cannot be recomputed.",
                 baseline_year=int(fact["baseline_year"]))
    return _("{baseline} ({baseline_year}) ÷ {current} ({year}) = {fold}-fold, a change of {change}; "
             "“{stated}” allows {low}-fold up to (not including) {high}-fold.",
             baseline=ctx.num(baseline["value"]), baseline_year=int(fact["baseline_year"]),
             current=ctx.num(current["value"]), year=int(current["year"]), fold=ctx.num(claim["recomputed"], 2),
             change=ctx.signed_pct(percent_change(current["value"], baseline["value"])),
             stated=fact["value_text"], low=ctx.num(claim["tolerance_low"], 1),
             high=ctx.num(claim["tolerance_high"], 1))


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
    part = by_id.loc[fact["relates_to"]]
    if part["relation"] != "part_of" or pd.isna(claim["recomputed"]):
        return _("The total this share is taken of is not given, so it cannot be recomputed.")
    total = by_id.loc[part["relates_to"]]
    return _("{part} ÷ {total} × 100 = {share}; the printed “{stated}” stands for any value from {low} up to "
             "{high}.", part=ctx.num(part["value"]), total=ctx.num(total["value"]),
             share=ctx.pct(claim["recomputed"], 3), stated=fact["value_text"], low=ctx.pct(claim["tolerance_low"], 2),
             high=ctx.pct(claim["tolerance_high"], 2))


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
    readings = share_change_readings(ctx, claim["fact_id"])
    by = int(fact["baseline_year"])
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
    current = by_id.loc[fact["relates_to"]]
    by = int(fact["baseline_year"])
    baseline = ctx.fact(current["metric"], by)
    if baseline is not None:
        return _("({current} − {baseline}) ÷ {baseline} × 100 = {change}; “{stated}” allows {low} to {high}.",
                 current=ctx.num(current["value"]), baseline=ctx.num(baseline["value"]),
                 change=ctx.signed_pct(claim["recomputed"], 2), stated=fact["value_text"],
                 low=ctx.signed_pct(claim["tolerance_low"], 2), high=ctx.signed_pct(claim["tolerance_high"], 2))
    implied = implied_baseline_for(ctx.facts, claim["fact_id"])
    candidates = ", ".join(ctx.num(c) for c in implied.candidates) or _("none")
    return _("No {baseline_year} value is given. {current} after a change between {low} and {high} implies a "
             "{baseline_year} value from {from_} to {to}; whole counts in that range: {candidates}.",
             baseline_year=by, current=ctx.num(current["value"]), low=ctx.signed_pct(claim["tolerance_low"], 2),
             high=ctx.signed_pct(claim["tolerance_high"], 2), from_=ctx.num(implied.interval.low, 2),
             to=ctx.num(implied.interval.high, 2), candidates=candidates)


_HANDLERS = {
    "stated_fold": _fold,
    "parts_add_up": _parts,
    "part_within_total": _part_within,
    "stated_share": _share,
    "stated_share_change": _share_change,
    "stated_change": _count_change,
}
