"""Claim checks: stated vs recomputed, the tolerance rounding allows, and a verdict."""

import pandas as pd
import pytest

from analysis.core.claims import AMBIGUOUS, CLAIM_COLUMNS, CONSISTENT, INCONSISTENT, UNVERIFIABLE, check_claims
from analysis.core.facts import load_facts


@pytest.fixture(scope="module")
def claims(facts):
    return check_claims(facts).set_index("claim_id")


def reload_with(fact_rows, write_facts, **edits):
    for row in fact_rows:
        if row["fact_id"] in edits:
            row.update(edits[row["fact_id"]])
    return check_claims(load_facts(write_facts(fact_rows), provenance=False)).set_index("claim_id")


class TestBundledBriefing:
    def test_headline_comes_first_and_is_consistent(self, facts):
        table = check_claims(facts)
        first = table.iloc[0]
        assert first["headline"] and first["check"] == "stated_fold"
        assert first["verdict"] == CONSISTENT and first["fit"] == "loose"
        assert first["direction"] == first["data_direction"] == "decrease"
        assert first["recomputed"] == pytest.approx(558 / 245)
        assert "558 (2024) → 245 (2025): earlier/later = 558 / 245 = 2.28-fold" in first["arithmetic"]
        assert table["headline"].sum() == 1

    def test_parts_add_up(self, claims):
        assert claims.loc["ast25-seminars:parts_add_up", "verdict"] == CONSISTENT
        assert claims.loc["ast25-seminars:parts_add_up", "arithmetic"].startswith("12 + 18 + 11 + 11 = 52")
        assert claims.loc["ast25-violations:parts_add_up", "verdict"] == CONSISTENT
        assert claims.loc["ast25-writs-sent:part_within_total", "verdict"] == CONSISTENT

    def test_rejected_share_rounds_to_the_stated_9_4(self, claims):
        row = claims.loc["ast25-writs-rejected-share:stated_share"]
        assert row["verdict"] == CONSISTENT
        assert row["recomputed"] == pytest.approx(9.3751, abs=1e-4)
        assert (row["tolerance_low"], row["tolerance_high"]) == pytest.approx((9.35, 9.45))

    def test_share_change_is_ambiguous_with_both_readings(self, claims):
        row = claims.loc["ast25-writs-rejected-share-change:stated_share_change"]
        assert row["verdict"] == AMBIGUOUS
        assert "percentage points" in row["reading_points"] and "≈ 12.7 %" in row["reading_points"]
        assert "≈ 9.72 %" in row["reading_relative"]

    def test_violations_change_is_unverifiable_with_implied_baseline(self, claims):
        row = claims.loc["ast25-violations-change:stated_change"]
        assert row["verdict"] == UNVERIFIABLE
        assert "whole counts 178" in row["arithmetic"]

    def test_every_row_has_a_known_verdict_and_arithmetic(self, facts):
        table = check_claims(facts)
        assert set(table["verdict"]) <= {CONSISTENT, INCONSISTENT, AMBIGUOUS, UNVERIFIABLE}
        assert table["arithmetic"].str.len().gt(0).all()
        assert len(table) == 10
        assert set(table.loc[table["check"] == "from_to", "fact_id"]) == {"ast25-applications", "ast25-sms-violations"}


class TestVerdictsCanFail:
    def test_parts_not_adding_up_are_inconsistent(self, fact_rows, write_facts):
        claims = reload_with(fact_rows, write_facts, **{"ast25-seminars": {
            "value": "53", "value_text": "53", "quote": "53 семинарлық сабақ"}})
        assert claims.loc["ast25-seminars:parts_add_up", "verdict"] == INCONSISTENT
        assert "≠ 53" in claims.loc["ast25-seminars:parts_add_up", "arithmetic"]

    def test_share_outside_rounding_is_inconsistent(self, fact_rows, write_facts):
        claims = reload_with(fact_rows, write_facts, **{"ast25-writs-rejected-share": {
            "value": "9.5", "value_text": "9,5", "quote": "9,5 пайызы"}})
        assert claims.loc["ast25-writs-rejected-share:stated_share", "verdict"] == INCONSISTENT

    def test_fold_that_the_counts_do_not_support_is_inconsistent(self, fact_rows, write_facts):
        claims = reload_with(fact_rows, write_facts, **{"ast24-applications": {
            "value": "300", "value_text": "300", "quote": "бұл көрсеткіш 300 болған"}})
        assert claims.loc["ast25-applications-fold:stated_fold", "verdict"] == INCONSISTENT

    def test_a_much_larger_fall_is_not_two_fold(self, fact_rows, write_facts):
        # 2 450 -> 245 is a ten-fold fall: "two-fold" understates it, and 10 lies outside [1.5, 2.5).
        claims = reload_with(fact_rows, write_facts, **{"ast24-applications": {
            "value": "2450", "value_text": "2450", "quote": "бұл көрсеткіш 2450 болған"}})
        assert claims.loc["ast25-applications-fold:stated_fold", "verdict"] == INCONSISTENT

    def test_fold_without_baseline_is_unverifiable(self, fact_rows, write_facts):
        rows = [r for r in fact_rows if r["fact_id"] != "ast24-applications"]
        claims = check_claims(load_facts(write_facts(rows), provenance=False)).set_index("claim_id")
        assert claims.loc["ast25-applications-fold:stated_fold", "verdict"] == UNVERIFIABLE

    def test_change_with_a_given_baseline_is_checked(self, fact_rows, write_facts):
        baseline = dict(fact_rows[0], fact_id="ast24-violations", theme="procedural_discipline",
                        metric="procedural_violations", period="2024", value="178", value_text="178",
                        quote="178", note="", relation="", relates_to="")
        claims = check_claims(load_facts(write_facts([*fact_rows, baseline]), provenance=False)).set_index("claim_id")
        assert claims.loc["ast25-violations-change:stated_change", "verdict"] == CONSISTENT
        baseline["value"] = baseline["value_text"] = baseline["quote"] = "190"
        claims = check_claims(load_facts(write_facts([*fact_rows, baseline]), provenance=False)).set_index("claim_id")
        assert claims.loc["ast25-violations-change:stated_change", "verdict"] == INCONSISTENT

    def test_table_of_plain_counts_of_one_period_has_no_checks(self, fact_rows, write_facts):
        rows = [r for r in fact_rows if not r["relation"] and r["period"] == "2025" and r["unit"] == "count"]
        table = check_claims(load_facts(write_facts(rows)))
        assert isinstance(table, pd.DataFrame) and table.empty
        assert list(table.columns) == list(CLAIM_COLUMNS)


class TestRegions:
    def test_the_claims_of_one_region_are_its_rows_of_the_whole_tables_claims(self, facts):
        # The briefing again for another region, with its own ids: a run for one region checks its rows only, so
        # no check may pair, restate or total figures across regions.
        ids = facts["relates_to"].where(facts["relates_to"] == "", facts["relates_to"] + "-x")
        other = facts.assign(region="elsewhere", fact_id=facts["fact_id"] + "-x", relates_to=ids)
        whole = check_claims(pd.concat([facts, other], ignore_index=True))
        alone = check_claims(other)
        assert len(whole) == 2 * len(alone) and len(alone) == len(check_claims(facts))
        theirs = whole[whole["fact_id"].str.endswith("-x")].reset_index(drop=True)
        pd.testing.assert_frame_equal(theirs, alone)
