"""Coverage: every number in each shipped raw text is either a fact or a listed non-fact with a reason."""

import pandas as pd
import pytest
from briefings import BRIEFINGS, facts_file, nonfacts_file, raw_text

from analysis.core.extract import extract_numbers
from analysis.core.facts import load_facts


def covered_starts(text: str, facts: pd.DataFrame, nonfacts: pd.DataFrame) -> set[int]:
    """Where in the raw text a fact's value or a non-fact's number starts."""
    starts = set()
    for quote, value_text in zip(facts["quote"], facts["value_text"], strict=True):
        start = text.find(quote)
        if start >= 0 and value_text in quote:
            starts.add(start + quote.find(value_text))
    for context, number in zip(nonfacts["context"], nonfacts["number_text"], strict=True):
        start = text.find(context)
        while start >= 0:
            starts.add(start + context.find(number))
            start = text.find(context, start + 1)
    return starts


def uncovered_numbers(text, facts, nonfacts) -> list[str]:
    starts = covered_starts(text, facts, nonfacts)
    return [f"{m.text!r} in '…{m.context}…'" for m in extract_numbers(text) if m.start not in starts]


@pytest.fixture(scope="module", params=sorted(BRIEFINGS))
def briefing(request):
    name = request.param
    return (raw_text(name), load_facts(facts_file(name)),
            pd.read_csv(nonfacts_file(name), dtype=str, keep_default_na=False))


class TestCoverage:
    def test_every_number_is_a_fact_or_a_listed_nonfact(self, briefing):
        assert uncovered_numbers(*briefing) == []

    def test_removing_any_fact_leaves_its_number_uncovered(self, briefing):
        # The coverage check must be able to fail: drop each fact in turn (apart from facts that share
        # their number's position with another fact, such as the apostille total and the count granted).
        text, facts, nonfacts = briefing
        shared_positions = facts.duplicated(subset=["quote", "value_text"], keep=False)
        for i in facts.index[~shared_positions]:
            missing = uncovered_numbers(text, facts.drop(index=i), nonfacts)
            assert len(missing) == 1, facts.loc[i, "fact_id"]
            assert facts.loc[i, "value_text"].split()[0] in missing[0]

    def test_every_nonfact_has_a_reason_and_occurs_in_the_text(self, briefing):
        text, _facts, nonfacts = briefing
        for row in nonfacts.itertuples():
            assert row.reason.strip()
            assert row.context in text and row.number_text in row.context


def test_astana_nonfacts_are_only_dates_years_and_periods():
    text = raw_text("astana-2025")
    nonfacts = pd.read_csv(nonfacts_file("astana-2025"), dtype=str, keep_default_na=False)
    kinds = {m.text: m.kind for m in extract_numbers(text)}
    assert {kinds[n] for n in nonfacts["number_text"]} <= {"date", "year", "count"}
    assert set(nonfacts.loc[nonfacts["number_text"].map(kinds) == "count", "number_text"]) == {"12"}
