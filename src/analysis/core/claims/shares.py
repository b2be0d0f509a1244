"""Checks of a total's parts and of a stated share: the parts add up, the share is part / total."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..metrics import share
from ..numbers import Interval, decimals_of
from .arithmetic import interval_of
from .candidates import FactIndex
from .rows import CONSISTENT, INCONSISTENT, UNVERIFIABLE, claim_row, is_headline, num, span_text


def check_parts_add_up(facts: pd.DataFrame | FactIndex) -> list[dict]:
    """A total broken down into two or more parts: the parts must add up to it exactly."""
    index = FactIndex.of(facts)
    rows = []
    for total_id, parts in index.parts.items():
        total = index.by_id[total_id]
        values = [p["value"] for p in parts]
        # Summed as the table's column would be (numpy's pairwise sum), so the total is the same at any size.
        added = float(np.asarray(values, dtype=float).sum())
        terms = " + ".join(num(v) for v in values)
        headline = is_headline(total, *parts)
        if len(parts) == 1:
            verdict = CONSISTENT if added <= total["value"] else INCONSISTENT
            sign = "≤" if verdict == CONSISTENT else ">"
            rows.append(claim_row(total, "part_within_total", total["value"], added, None, verdict,
                                  f"part {terms} {sign} total {num(total['value'])}", headline=headline,
                                  related=parts[0]["fact_id"]))
            continue
        verdict = CONSISTENT if added == total["value"] else INCONSISTENT
        sign = "=" if verdict == CONSISTENT else "≠"
        exactly = Interval(total["value"], total["value"])
        rows.append(claim_row(total, "parts_add_up", total["value"], added, exactly, verdict,
                              f"{terms} = {num(added)} {sign} {num(total['value'])} stated",
                              headline=headline, related=",".join(p["fact_id"] for p in parts)))
    return rows


def check_stated_share(facts: pd.DataFrame | FactIndex) -> list[dict]:
    """A share printed as "9,4 %": part / total must round to it. A share without its total is unverifiable."""
    index = FactIndex.of(facts)
    rows = []
    for fact in index.where(["percent"]):
        tolerance = interval_of(fact)
        if fact["relation"] != "share_of":
            if fact["fact_id"] in index.paired_ids or fact["fact_id"] in index.restated_ids:
                continue
            rows.append(claim_row(fact, "stated_share", fact["value"], None, tolerance, UNVERIFIABLE,
                                  f"a share of {num(fact['value'], 3)} % stated without the figures it is "
                                  f"a share of, so it cannot be recomputed; '{fact['value_text']}' allows "
                                  f"{span_text(tolerance, 3, ' %')}"))
            continue
        part = index.by_id[fact["relates_to"]]
        if part["relation"] != "part_of":
            rows.append(claim_row(fact, "stated_share", fact["value"], None, tolerance, UNVERIFIABLE,
                                  f"the total of {fact['relates_to']} is not given", related=fact["relates_to"]))
            continue
        total = index.by_id[part["relates_to"]]
        recomputed = share(part["value"], total["value"])
        verdict = CONSISTENT if recomputed in tolerance else INCONSISTENT
        text = (f"{num(part['value'])} / {num(total['value'])} × 100 = {recomputed:.3f} %; "
                f"'{fact['value_text']}' allows {span_text(tolerance, 3)}")
        decimals = decimals_of(fact["value_text"])
        if verdict == INCONSISTENT and not fact["qualifier"]:
            truncated = math.floor(recomputed * 10 ** decimals) / 10 ** decimals
            if abs(truncated - fact["value"]) < 1e-9:
                text += f"; the share rounds to {recomputed:.{decimals}f} %, and only cut off (not rounded) gives " \
                        f"'{fact['value_text']}'"
        rows.append(claim_row(fact, "stated_share", fact["value"], recomputed, tolerance, verdict, text,
                              related=part["fact_id"], fit="point" if verdict == CONSISTENT else ""))
    return rows
