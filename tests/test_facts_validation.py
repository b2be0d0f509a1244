"""Bad facts files raise one clear error naming the file, the row and the rule."""

import pytest

from analysis.core.facts import COLUMNS, fact_value, find_fact, load_facts
from analysis.errors import FactsFileError, FactsValidationError


def edit(rows, target, **changes):
    for row in rows:
        if row["fact_id"] == target:
            row.update(changes)
    return rows


class TestReadable:
    def test_bundled_facts_load(self, facts):
        assert len(facts) == 30
        assert facts["fact_id"].is_unique

    def test_missing_file(self, tmp_path):
        with pytest.raises(FactsFileError, match=r"nope\.csv: facts file not found"):
            load_facts(tmp_path / "nope.csv")

    def test_not_utf8(self, tmp_path):
        path = tmp_path / "latin.csv"
        path.write_bytes("fact_id\nä\n".encode("cp1251", errors="replace") + b"\xe4\xff")
        with pytest.raises(FactsFileError, match="not UTF-8 text"):
            load_facts(path)

    def test_empty_file(self, tmp_path):
        path = tmp_path / "empty.csv"
        path.write_text("", encoding="utf-8")
        with pytest.raises(FactsFileError, match="empty"):
            load_facts(path)

    def test_header_only(self, write_facts):
        with pytest.raises(FactsFileError, match="no rows"):
            load_facts(write_facts([]))

    def test_malformed_csv(self, tmp_path):
        path = tmp_path / "bad.csv"
        path.write_text(",".join(COLUMNS) + '\n"unterminated,quote\n', encoding="utf-8")
        with pytest.raises((FactsFileError, FactsValidationError), match="bad.csv"):
            load_facts(path)

    def test_missing_column(self, fact_rows, write_facts):
        path = write_facts(fact_rows, columns=[c for c in COLUMNS if c != "quote"])
        with pytest.raises(FactsValidationError, match="missing column.*quote"):
            load_facts(path)

    def test_unknown_column(self, fact_rows, write_facts):
        path = write_facts([dict(r, extra="x") for r in fact_rows], columns=[*COLUMNS, "extra"])
        with pytest.raises(FactsValidationError, match="unknown column.*extra"):
            load_facts(path)


class TestRules:
    def test_duplicate_id(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-general-meetings", fact_id="ast25-plenary-sessions")
        with pytest.raises(FactsValidationError, match=r"row 3 .*column 'fact_id': must be unique"):
            load_facts(write_facts(rows))

    def test_negative_count(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", value="-56")
        with pytest.raises(FactsValidationError, match=r"row 18 \(fact_id 'ast25-legal-aid-sent'\).*never negative"):
            load_facts(write_facts(rows))

    def test_value_not_a_number(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", value="fifty-six")
        with pytest.raises(FactsValidationError, match=r"row 18 .*column 'value': expected a number, got 'fifty-six'"):
            load_facts(write_facts(rows))

    def test_period_not_a_period(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", period="2025.5")
        with pytest.raises(FactsValidationError, match=r"row 18 .*column 'period': period '2025.5': expected a "
                                                       r"period such as 2025, 2025-H1.* \(rule period_form\)"):
            load_facts(write_facts(rows))

    def test_a_theme_is_an_id(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", theme="Weather Report")
        with pytest.raises(FactsValidationError, match=r"column 'theme': expected lower-case letters"):
            load_facts(write_facts(rows))

    def test_unknown_unit(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", unit="litres")
        with pytest.raises(FactsValidationError, match=r"column 'unit': expected one of .*got 'litres'"):
            load_facts(write_facts(rows))

    def test_part_larger_than_total(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-writs-rejected", value="50000", value_text="50 000",
                    quote="50 000")
        with pytest.raises(FactsValidationError, match=r"a part \(50000\) is larger than its total 'ast25-writs-sent'"):
            load_facts(write_facts(rows))

    def test_parts_adding_up_to_more_than_total(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-seminars", value="40", value_text="40", quote="40 семинар")
        message = r"parts of 'ast25-seminars' add up to 52, more than the total 40"
        with pytest.raises(FactsValidationError, match=message):
            load_facts(write_facts(rows))

    def test_relation_to_unknown_fact(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-seminars-civil", relates_to="ast25-nothing")
        with pytest.raises(FactsValidationError, match=r"column 'relates_to': no fact with fact_id 'ast25-nothing'"):
            load_facts(write_facts(rows))

    def test_share_over_100(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-writs-rejected-share", value="140", value_text="140", quote="140")
        with pytest.raises(FactsValidationError, match="between 0 and 100"):
            load_facts(write_facts(rows))

    def test_quote_must_contain_value_text(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", quote="шетелдік соттарға тапсырма жолдаған")
        with pytest.raises(FactsValidationError, match=r"column 'quote': does not contain value_text '56'"):
            load_facts(write_facts(rows))

    def test_value_must_match_value_text(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", value="65")
        with pytest.raises(FactsValidationError, match=r"column 'value': 65 does not match value_text '56'"):
            load_facts(write_facts(rows))

    def test_empty_required_text(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", quote="")
        with pytest.raises(FactsValidationError, match=r"row 18 .*column 'quote': must not be empty"):
            load_facts(write_facts(rows))

    def test_baseline_period_after_period(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-violations-change", baseline_period="2026")
        message = r"column 'baseline_period': the baseline period '2026' must come before the period '2025'"
        with pytest.raises(FactsValidationError, match=message + r" \(rule baseline_before_period\)"):
            load_facts(write_facts(rows))

    def test_message_names_the_file(self, fact_rows, write_facts):
        rows = edit(fact_rows, "ast25-legal-aid-sent", unit="litres")
        path = write_facts(rows, name="astana-2026.csv")
        with pytest.raises(FactsValidationError) as info:
            load_facts(path)
        assert str(info.value).startswith(str(path))

    def test_duplicate_id_across_files(self, fact_rows, write_facts):
        a = write_facts(fact_rows[:3], name="a.csv")
        b = write_facts(fact_rows[:1], name="b.csv")
        with pytest.raises(FactsValidationError, match="'ast25-plenary-sessions' appears in more than one file"):
            load_facts([a, b])


class TestLookup:
    def test_find_and_value(self, facts):
        assert fact_value(facts, "citizen_applications", "2024") == 558
        assert fact_value(facts, "citizen_applications", 2025, "astana") == 245
        assert fact_value(facts, "citizen_applications", "2025-01/2025-12") == 245
        assert find_fact(facts, "no_such_metric") is None
        assert fact_value(facts, "writs_sent", "2024") is None
