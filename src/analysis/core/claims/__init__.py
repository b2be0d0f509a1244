"""Turning each checkable statement of a briefing into a row: stated, recomputed, tolerance, verdict.

The checks follow from the facts table (units, relations, periods), so another briefing gets its checks without
code. Every stated comparison becomes a row:

=====================  ======================================================================================
check                  what is recomputed
=====================  ======================================================================================
``stated_fold``        "N-fold" rise or fall: later/earlier for a rise, earlier/later for a fall. The direction
                       comes from the wording (``direction``) and is cross-checked against the data.
``stated_change``      a change in percent of a count: (later − earlier) / earlier × 100; without the earlier
                       value, the implied baseline (interval, count of whole candidates, listed when ≤ 10).
``stated_abs_change``  a change by a number ("на 350 тысяч меньше"): later − earlier, or the implied baseline.
``stated_share_change`` a change of a share "by X percent": two readings (points, relative) unless ``pp_change``.
``stated_share``       a share: part / total × 100 must round to it; without its total, unverifiable.
``parts_add_up``       two or more parts of a total add up to it; ``part_within_total`` for a single part.
``from_to``            the same figure in two periods ("с 25,7 % до 37,5 %", "со 109 до 142"): the change
                       (counts: absolute and relative; shares: points and relative), and the direction the
                       words give checked against it.
``restated``           the same figure stated twice (a rounded headline and the body): the precise value must lie
                       in what the other allows.
=====================  ======================================================================================

Tolerances follow :mod:`analysis.core.numbers`: rounding of the printed digits (scaled with ``тыс.``, ``млн``),
hedges (over, under, about, almost, at least, at most) as one-sided or widened intervals, a whole-number fold
word as [n − 0.5, n + 0.5) with a close (±5 %) or loose fit told apart. When the compared figures are themselves
rounded, a stated change is consistent if any pair of values they allow gives it (``fit`` ``rounding``).
A comparison of periods of different length (five months against a half year) is flagged (``flags``
``periods_differ``) and, for counts, ambiguous: totals and monthly averages read differently.

Columns of the table (:data:`CLAIM_COLUMNS`): ``claim_id`` (``<fact_id>:<check>``), ``theme``, ``check``,
``fact_id``, ``quote``, ``stated`` (the value as stored), ``recomputed`` (from the other figures; empty when
nothing can be recomputed), ``tolerance_low``/``tolerance_high`` (what the stated value allows), ``verdict``
(consistent, inconsistent, ambiguous, unverifiable), ``arithmetic`` (the working, in English),
``reading_points``/``reading_relative`` (the two readings of a change of a share), ``headline`` (the fact is
marked as the headline), and, added with periods: ``period``, ``baseline_period``, ``related_fact_id`` (the
other fact of the comparison), ``direction`` (as stated), ``data_direction`` (as the figures show),
``fit`` (``point``: the recomputed value lies in the tolerance; ``rounding``: only within the rounding of the
compared figures; ``close``/``loose`` for a whole-number fold), ``flags`` (``periods_differ``,
``direction_contradicted``, ``derived_baseline``), ``candidates`` (how many whole baselines fit).
"""

from __future__ import annotations

from .changes import check_stated_change, implied_baseline_for
from .comparisons import check_from_to, check_restated
from .rows import AMBIGUOUS, CLAIM_COLUMNS, CONSISTENT, INCONSISTENT, UNVERIFIABLE, VERDICTS
from .shares import check_parts_add_up, check_stated_share
from .table import check_claims

__all__ = [
    "AMBIGUOUS", "CLAIM_COLUMNS", "CONSISTENT", "INCONSISTENT", "UNVERIFIABLE", "VERDICTS", "check_claims",
    "check_from_to", "check_parts_add_up", "check_restated", "check_stated_change", "check_stated_share",
    "implied_baseline_for",
]
