"""Coverage: every number in the raw text is either a fact or a listed non-fact with a reason."""

import pandas as pd
import pytest

from analysis.config import DEFAULT_FACTS
from analysis.core.extract import extract_numbers

NONFACTS_FILE = DEFAULT_FACTS.with_name("astana-2025.nonfacts.csv")


def covered_spans(text: str, facts: pd.DataFrame, nonfacts: pd.DataFrame) -> set[tuple[int, int]]:
    """Character spans of the raw text that a fact's quote or a non-fact's context accounts for."""
    spans = set()
    for quote, value_text in zip(facts["quote"], facts["value_text"], strict=True):
        start = text.find(quote)
        if start >= 0:
            at = start + quote.find(value_text)
            spans.add((at, at + len(value_text)))
    for context, number in zip(nonfacts["context"], nonfacts["number_text"], strict=True):
        start = text.find(context)
        while start >= 0:
            at = start + context.find(number)
            spans.add((at, at + len(number)))
            start = text.find(context, start + 1)
    return spans


def uncovered_numbers(text, facts, nonfacts) -> list[str]:
    spans = covered_spans(text, facts, nonfacts)
    return [f"{m.text!r} in '…{m.context}…'" for m in extract_numbers(text) if (m.start, m.end) not in spans]


@pytest.fixture(scope="module")
def nonfacts():
    return pd.read_csv(NONFACTS_FILE, dtype=str, keep_default_na=False)


class TestCoverage:
    def test_every_number_is_a_fact_or_a_listed_nonfact(self, raw_text, facts, nonfacts):
        assert uncovered_numbers(raw_text, facts, nonfacts) == []

    def test_removing_any_fact_leaves_its_number_uncovered(self, raw_text, facts, nonfacts):
        # The coverage check must be able to fail: drop each fact in turn (apart from facts that share
        # their number's position with another fact, such as the apostille total and the count granted).
        shared_positions = facts.duplicated(subset=["quote", "value_text"], keep=False)
        for i in facts.index[~shared_positions]:
            missing = uncovered_numbers(raw_text, facts.drop(index=i), nonfacts)
            assert len(missing) == 1, facts.loc[i, "fact_id"]
            assert facts.loc[i, "value_text"] in missing[0]

    def test_every_nonfact_has_a_reason_and_occurs_in_the_text(self, raw_text, nonfacts):
        for row in nonfacts.itertuples():
            assert row.reason.strip()
            assert row.context in raw_text and row.number_text in row.context

    def test_nonfacts_are_only_dates_years_and_periods(self, raw_text, nonfacts):
        kinds = {m.text: m.kind for m in extract_numbers(raw_text)}
        assert {kinds[n] for n in nonfacts["number_text"]} <= {"date", "year", "count"}
        assert set(nonfacts.loc[nonfacts["number_text"].map(kinds) == "count", "number_text"]) == {"12"}
