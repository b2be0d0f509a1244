"""Numbers as the text writes them, rounding intervals and derived metrics."""

import math

import pytest

from analysis.core.metrics import (
    change,
    implied_baseline,
    implied_share_baseline,
    percent_change,
    ratio,
    share,
)
from analysis.core.numbers import Interval, decimals_of, parse_number, round_half_up, stated_interval


class TestParseNumber:
    @pytest.mark.parametrize(
        ("text", "value"),
        [("47 434", 47434), ("47\u00a0434", 47434), ("4 447-сі", 4447), ("9,4", 9.4), ("12-сі", 12),
         ("18-і", 18), ("1 234 567", 1234567), ("екі", 2), ("0,05", 0.05), ("802", 802)],
    )
    def test_reads_kazakh_and_russian_forms(self, text, value):
        assert parse_number(text) == value

    @pytest.mark.parametrize("text", ["", "abc", "47 43", "9,4,1", "--5"])
    def test_rejects_what_is_not_a_number(self, text):
        with pytest.raises(ValueError, match="not a number"):
            parse_number(text)


class TestDecimalsAndIntervals:
    def test_decimals_follow_the_printed_form(self):
        assert decimals_of("9,4") == 1
        assert decimals_of("47 434") == 0
        assert decimals_of("0,05") == 2

    def test_one_decimal_allows_half_a_tenth_either_side(self):
        span = stated_interval(3.9, 1)
        assert span.low == pytest.approx(3.85) and span.high == pytest.approx(3.95)
        assert 3.85 in span and 3.9499 in span and 3.95 not in span and 3.8499 not in span

    def test_negative_change_interval(self):
        span = stated_interval(-3.9, 1)
        assert span.low == pytest.approx(-3.95) and span.high == pytest.approx(-3.85)

    def test_whole_number_interval(self):
        assert stated_interval(2, 0) == Interval(1.5, 2.5)

    @pytest.mark.parametrize(("x", "d", "expected"), [(2.25, 1, 2.3), (-2.25, 1, -2.3), (2.675, 2, 2.68),
                                                      (9.375, 1, 9.4), (9.35, 1, 9.4), (0.5, 0, 1.0)])
    def test_round_half_up_as_in_print(self, x, d, expected):
        assert round_half_up(x, d) == expected


class TestMetrics:
    def test_change_and_percent_change(self):
        assert change(245, 558) == -313
        assert percent_change(245, 558) == pytest.approx(-56.0932, abs=1e-4)

    def test_ratio_and_share(self):
        assert ratio(558, 245) == pytest.approx(2.2776, abs=1e-4)
        assert share(4447, 47434) == pytest.approx(9.3751, abs=1e-4)

    @pytest.mark.parametrize("fn", [percent_change, ratio, share])
    def test_zero_denominator_is_an_error(self, fn):
        with pytest.raises(ZeroDivisionError):
            fn(1, 0)


class TestImpliedBaseline:
    def test_violations_fell_3_9_percent_to_171(self):
        implied = implied_baseline(171, -3.9, 1)
        assert implied.interval.low == pytest.approx(171 / 0.9615, abs=1e-6)
        assert implied.interval.high == pytest.approx(171 / 0.9605, abs=1e-6)
        assert implied.candidates == (178,)

    def test_candidates_round_trip_to_the_stated_change(self):
        implied = implied_baseline(1000, -10.0, 1)
        for n in implied.candidates:
            assert round_half_up(percent_change(1000, n), 1) == -10.0
        assert 1111 in implied.candidates
        assert all(implied.interval.low <= n <= implied.interval.high for n in implied.candidates)

    def test_rounding_edge_excludes_a_baseline_just_outside(self):
        # 171 from 177 is -3.39 %, from 179 is -4.47 %: neither prints as 3,9.
        implied = implied_baseline(171, -3.9, 1)
        assert 177 not in implied.candidates and 179 not in implied.candidates

    def test_coarser_rounding_widens_the_interval(self):
        fine = implied_baseline(171, -3.9, 1).interval
        coarse = implied_baseline(171, -4, 0).interval
        assert coarse.high - coarse.low > fine.high - fine.low

    def test_small_count_may_have_no_whole_candidate(self):
        # 10 after a fall of 3.9 %: 10.4 would be needed, no whole count prints as 3,9 %.
        assert implied_baseline(10, -3.9, 1).candidates == ()

    def test_a_fall_of_100_percent_or_more_has_no_baseline(self):
        with pytest.raises(ValueError):
            implied_baseline(5, -100, 0)

    def test_increase(self):
        implied = implied_baseline(110, 10.0, 1)
        assert 100 in implied.candidates


class TestImpliedShareBaseline:
    share_now = stated_interval(9.4, 1)

    def test_percentage_points_reading(self):
        before = implied_share_baseline(self.share_now, -3.3, 1, "points")
        assert before.low == pytest.approx(9.35 + 3.25) and before.high == pytest.approx(9.45 + 3.35)

    def test_relative_reading(self):
        before = implied_share_baseline(self.share_now, -3.3, 1, "relative")
        assert before.low == pytest.approx(9.35 / (1 - 0.0325)) and before.high == pytest.approx(9.45 / (1 - 0.0335))
        assert math.isclose(before.mid, 9.72, abs_tol=0.01)

    def test_unknown_reading(self):
        with pytest.raises(ValueError, match="points"):
            implied_share_baseline(self.share_now, -3.3, 1, "absolute")
