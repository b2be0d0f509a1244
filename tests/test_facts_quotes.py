"""Every fact traces to the raw text: its quote occurs verbatim and contains the value as printed."""

import pytest
from briefings import BRIEFINGS, facts_file, raw_text

from analysis.config import DEFAULT_FACTS
from analysis.core.facts import load_facts
from analysis.core.numbers import SCALES, read_number

FACTS = [(name, fact) for name in BRIEFINGS for fact in load_facts(facts_file(name)).to_dict("records")]


@pytest.mark.parametrize(("briefing", "fact"), FACTS, ids=[f["fact_id"] for _, f in FACTS])
class TestQuote:
    def test_quote_occurs_verbatim_in_raw_text(self, briefing, fact):
        assert fact["quote"] in raw_text(briefing)

    def test_quote_contains_value_as_the_text_writes_it(self, briefing, fact):
        assert fact["value_text"] in fact["quote"]
        reading = read_number(fact["value_text"])
        assert reading.printed * SCALES[fact["scale"]] == pytest.approx(abs(fact["value"]))


class TestTable:
    def test_every_theme_of_the_briefing_has_figures_and_labels(self, facts):
        from analysis.core.metadata import load_metadata

        metadata = load_metadata([DEFAULT_FACTS], facts)
        assert list(dict.fromkeys(facts["theme"])) == list(metadata.themes)

    def test_stated_2024_values_are_facts(self, facts):
        stated_2024 = facts[facts["period"] == "2024"].set_index("metric")["value"].to_dict()
        assert stated_2024 == {"citizen_applications": 558, "sms_notification_violations": 788}

    def test_stated_percent_changes_are_facts(self, facts):
        changes = facts[facts["unit"] == "percent_change"].set_index("fact_id")["value"].to_dict()
        assert changes == {"ast25-writs-rejected-share-change": -3.3, "ast25-violations-change": -3.9}

    def test_the_ambiguous_change_says_so_in_its_note(self, facts):
        note = facts.set_index("fact_id").loc["ast25-writs-rejected-share-change", "note"]
        assert "Ambiguous" in note and "percentage points" in note
