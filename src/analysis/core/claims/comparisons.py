"""Checks of a figure the text gives twice: in two periods (from → to), or in the same period in other words."""

from __future__ import annotations

import math

import pandas as pd

from ..metrics import percent_change
from ..numbers import direction_from_words
from .arithmetic import (
    as_change,
    direction_agrees,
    direction_of,
    interval_of,
    is_exact,
    months,
    periods_differ,
    range_ratio,
)
from .candidates import FactIndex
from .rows import (
    AMBIGUOUS,
    CONSISTENT,
    INCONSISTENT,
    UNVERIFIABLE,
    claim_row,
    direction_text,
    hedge_text,
    is_headline,
    num,
    span_text,
)


def check_from_to(facts: pd.DataFrame | FactIndex) -> list[dict]:
    """A figure given for two periods ("с 25,7 % до 37,5 %"): the change, and the direction words against it."""
    rows = []
    for earlier, later in FactIndex.of(facts).pairs:
        a, b = float(earlier["value"]), float(later["value"])
        data_dir = direction_of(b, a)
        stated_dir = direction_from_words(later["quote"]) or ""
        share_pair = later["unit"] == "percent"
        relative = percent_change(b, a) if a else math.inf
        if share_pair:
            recomputed = b - a
            working = (f"{num(a, 3)} % ({earlier['period']}) → {num(b, 3)} % ({later['period']}): "
                       f"{recomputed:+.2f} percentage points, {relative:+.2f} % of the share")
        else:
            recomputed = relative
            working = (f"{num(a)} ({earlier['period']}) → {num(b)} ({later['period']}): {b - a:+,.0f}, "
                       f"({num(b)} − {num(a)}) / {num(a)} × 100 = {relative:+.2f} %")
            span = range_ratio(interval_of(later), interval_of(earlier))
            if not is_exact(span):
                working += f" (the figures' rounding and hedges allow {span_text(as_change(span), 1, ' %')})"
        flags = []
        differ = periods_differ(earlier["period"], later["period"])
        if differ:
            flags.append("periods_differ")
        if stated_dir and not direction_agrees(stated_dir, data_dir):
            flags.append("direction_contradicted")
            verdict = INCONSISTENT
            working = f"the words say {direction_text(stated_dir)}, the figures show {direction_text(data_dir)}: " \
                      + working
        elif differ and not share_pair:
            verdict = AMBIGUOUS
            ma, mb = months(earlier["period"]), months(later["period"])
            per_a, per_b = a / ma, b / mb
            working += (f"; periods of different length ({ma} against {mb} months): per month "
                        f"{num(per_a, 1)} → {num(per_b, 1)}, {percent_change(per_b, per_a):+.2f} %")
        elif stated_dir:
            verdict = CONSISTENT
            working += f"; the words say {direction_text(stated_dir)}, as the figures show"
        else:
            verdict = UNVERIFIABLE
            working += "; the text states no direction or size of this change beyond the two figures"
            if differ:
                working += f" (periods of different length: {months(earlier['period'])} against " \
                           f"{months(later['period'])} months)"
        rows.append(claim_row(later, "from_to", b, recomputed, None, verdict, working, related=earlier["fact_id"],
                              direction=stated_dir, data_direction=data_dir, flags=flags,
                              headline=is_headline(earlier, later),
                              reading_points=f"{b - a:+.2f} percentage points" if share_pair else "",
                              reading_relative=f"{relative:+.2f} %" if share_pair else ""))
        rows[-1]["baseline_period"] = str(earlier["period"])
    return rows


def check_restated(facts: pd.DataFrame | FactIndex) -> list[dict]:
    """The same figure stated twice (a rounded or hedged headline and the body): the precise value must fit."""
    rows = []
    for precise, *others in FactIndex.of(facts).restatements:
        for other in others:
            if (other["value_text"], other["qualifier"]) == (precise["value_text"], precise["qualifier"]):
                continue  # the same words twice (a headline repeating the body) cannot disagree
            tolerance = interval_of(other)
            verdict = CONSISTENT if float(precise["value"]) in tolerance else INCONSISTENT
            rows.append(claim_row(other, "restated", other["value"], float(precise["value"]), tolerance, verdict,
                                  f"'{other['value_text']}'{hedge_text(other)} allows {span_text(tolerance, 3)}; "
                                  f"the same figure stated as '{precise['value_text']}'{hedge_text(precise)} "
                                  f"({num(precise['value'], 3)}) "
                                  f"{'lies' if verdict == CONSISTENT else 'does not lie'} inside",
                                  related=precise["fact_id"], fit="point" if verdict == CONSISTENT else "",
                                  headline=is_headline(other, precise)))
    return rows

