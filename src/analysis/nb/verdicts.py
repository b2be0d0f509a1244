"""What a claim check means to a reader: a plain verdict from a small fixed vocabulary, and which checks are
the briefing's claims and which only confirm the table's structure.

- ``correct``: the stated figure follows from the others within the rounding of the print;
- ``roughly_right``: a word-number that only loosely fits (the check marks it ``fit == "loose"``);
- ``plausible``: the text lacks the figure to recompute it, but the check could have failed and did not
  (a stated change leaves at least one whole count as its baseline);
- ``wrong``, ``unclear`` (the wording allows more than one result), ``cannot_check``;
- ``context``: not a claim at all, but two figures of two periods that the text gives without saying how they
  changed (a bare pair). Its check can neither hold nor fail, so calling it "can't check" would read as a
  failed check of something the briefing never claimed.

A part that is not above its total is a structural check: it cannot fail for a table that passed validation, so
it is counted apart from the briefing's claims. Bare pairs are no claim either (``claim`` is false for both).
"""

from __future__ import annotations

import pandas as pd

from ..core.claims import implied_baseline_for

STRUCTURAL_CHECKS = ("part_within_total",)
PLAIN_VERDICTS = ("correct", "roughly_right", "plausible", "wrong", "unclear", "cannot_check", "context")


def is_structural(claim) -> bool:
    return claim["check"] in STRUCTURAL_CHECKS


def is_bare_pair(claim) -> bool:
    """Two figures of two periods with no stated change between them: context for a claim, not a claim."""
    return claim["check"] == "from_to" and claim["verdict"] == "unverifiable"


def plain_verdict(claim, facts: pd.DataFrame) -> str:
    """The reader's verdict of one claim check (a row of the claims table)."""
    verdict = claim["verdict"]
    if is_bare_pair(claim):
        return "context"
    if verdict == "consistent":
        return "roughly_right" if str(claim.get("fit", "")) == "loose" else "correct"
    if verdict == "inconsistent":
        return "wrong"
    if verdict == "ambiguous":
        return "unclear"
    if claim["check"] == "stated_change":
        try:
            if implied_baseline_for(facts, claim["fact_id"]).count:
                return "plausible"
        except (KeyError, ValueError, ZeroDivisionError):
            return "cannot_check"
    return "cannot_check"


def is_claim(claim) -> bool:
    """Whether a check tests something the briefing claims (not its table's structure, not a bare pair)."""
    return not is_structural(claim) and not is_bare_pair(claim)


def with_plain_verdicts(claims: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """``claims`` with a ``plain`` verdict and ``structural`` and ``claim`` flags for each check."""
    return claims.assign(
        plain=[plain_verdict(c, facts) for _i, c in claims.iterrows()],
        structural=[is_structural(c) for _i, c in claims.iterrows()],
        claim=[is_claim(c) for _i, c in claims.iterrows()],
    )
