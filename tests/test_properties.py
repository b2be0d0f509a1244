"""Properties that hold for every input: the number parser, the facts loader and the escaping helper."""

from __future__ import annotations

import csv
import math
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.config import DEFAULT_FACTS
from analysis.core.facts import COLUMNS, load_facts
from analysis.core.numbers import parse_number
from analysis.core.text_safety import md_escape, plain_text
from analysis.errors import FactsFileError, FactsValidationError

SEPARATORS = st.sampled_from([" ", "\u00a0", "\u202f"])
# Text as hostile data brings it: any character, control and format characters, markup and maths included.
HOSTILE_TEXT = st.text(alphabet=st.one_of(st.characters(codec="utf-8"),
                                          st.sampled_from(list("<>&\"'`*_[]()#|$!:~{}\\-+=.1 \t\n\x00\u202e"))),
                       max_size=40)


def grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


class TestParseNumber:
    @given(st.integers(min_value=0, max_value=10**12), SEPARATORS)
    def test_a_grouped_whole_number_reads_as_itself(self, n, sep):
        assert parse_number(grouped(n, sep)) == n

    @given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=999), st.sampled_from(",."))
    def test_a_decimal_comma_or_point(self, whole, frac, mark):
        assert parse_number(f"{whole}{mark}{frac:03d}") == pytest.approx(whole + frac / 1000)

    @given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["-сі", "-ге", "-ші"]))
    def test_a_kazakh_suffix_is_not_part_of_the_number(self, n, suffix):
        assert parse_number(f"{n}{suffix}") == n

    @given(HOSTILE_TEXT)
    def test_any_text_gives_a_finite_non_negative_number_or_a_value_error(self, text):
        try:
            value = parse_number(text)
        except ValueError:
            return
        assert math.isfinite(value) and value >= 0

    @given(st.text(alphabet=st.characters(categories=["Nd"]), min_size=1, max_size=6))
    def test_only_ascii_digits_are_read(self, digits):
        if digits.isascii():
            assert parse_number(digits) == int(digits)
        else:
            with pytest.raises(ValueError):
                parse_number(digits)

    @given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=999))
    def test_an_underscore_is_never_a_group_separator(self, a, b):
        with pytest.raises(ValueError):
            parse_number(f"{a}_{b:03d}")


def _rows() -> list[dict]:
    with DEFAULT_FACTS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


ROWS = _rows()


class TestLoadFacts:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.integers(min_value=0, max_value=len(ROWS) - 1), st.sampled_from(COLUMNS), HOSTILE_TEXT)
    def test_any_cell_gives_a_table_or_named_problems(self, tmp_path, row, column, text):
        rows = [dict(r) for r in ROWS]
        rows[row][column] = text
        path = tmp_path / "facts.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
        try:
            facts = load_facts(path)
        except (FactsValidationError, FactsFileError) as exc:
            message = str(exc)
            assert "\n" not in message and "\x00" not in message
            assert message.startswith(str(path))
            return
        assert len(facts) == len(ROWS)
        assert facts["value"].map(math.isfinite).all()
        text_columns = [c for c in COLUMNS if facts[c].dtype == object]
        assert not any(facts[c].astype(str).str.contains("[\x00-\x08\x0b-\x1f\x7f]").any() for c in text_columns)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def _render(markdown: str) -> tuple[list[str], str]:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    reader = _Reader()
    reader.feed(markdown2html_mistune(markdown))
    reader.close()
    return reader.elements, "".join(reader.text)


class TestMdEscape:
    @settings(max_examples=300, deadline=None)
    @given(HOSTILE_TEXT)
    def test_escaped_text_renders_as_exactly_its_plain_text(self, text):
        elements, shown = _render("Value: " + md_escape(text))
        assert elements == ["p"]
        assert shown.strip() == ("Value: " + plain_text(text)).strip()

    @settings(max_examples=300, deadline=None)
    @given(HOSTILE_TEXT)
    def test_escaped_text_is_one_line_without_control_characters_or_raw_markup(self, text):
        escaped = md_escape(text)
        assert "\n" not in escaped and "\x00" not in escaped and "\u202e" not in escaped
        assert "<" not in escaped and ">" not in escaped and '"' not in escaped

    @given(HOSTILE_TEXT)
    def test_plain_text_is_idempotent(self, text):
        assert plain_text(plain_text(text)) == plain_text(text)
