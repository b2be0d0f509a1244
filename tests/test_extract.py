"""The number extractor on the real text and on Russian forms."""

import pytest

from analysis.core.extract import draft_facts, extract_numbers


class TestOnTheBriefing:
    def test_finds_every_figure_with_its_unit_word(self, raw_text):
        found = {(m.text, m.kind) for m in extract_numbers(raw_text)}
        for expected in [("47 434", "count"), ("4 447-сі", "count"), ("9,4", "percent"), ("3,3", "percent"),
                         ("3,9", "percent"), ("12-сі", "count"), ("18-і", "count"), ("екі", "fold"),
                         ("2026-01-08", "date"), ("2025", "year"), ("2024", "year")]:
            assert expected in found

    def test_values_and_context(self, raw_text):
        by_text = {m.text: m for m in extract_numbers(raw_text)}
        assert by_text["47 434"].value == 47434
        assert by_text["9,4"].value == 9.4 and by_text["9,4"].decimals == 1
        assert by_text["9,4"].unit_word == "пайызы"
        assert "атқару парағының" in by_text["47 434"].context

    def test_count_of_mentions(self, raw_text):
        mentions = extract_numbers(raw_text)
        assert len(mentions) == 39
        assert [m.start for m in mentions] == sorted(m.start for m in mentions)

    def test_draft_leaves_out_dates_and_years(self, raw_text):
        draft = draft_facts(raw_text, "src", "Astana")
        assert len(draft) == 30
        assert not draft["value_text"].isin(["2025", "2024", "2026-01-08"]).any()
        assert (draft["unit"] == "percent").sum() == 3


class TestForms:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [("было 1 234 обращения", [("1 234", 1234.0, "count")]),
         ("снизилось на 3,9 процента", [("3,9", 3.9, "percent")]),
         ("сократилось в два раза", [("два", 2.0, "fold")]),
         ("в 2024 году и 12.01.2025", [("2024", 2024.0, "year"), ("12.01.2025", None, "date")]),
         ("81, 62 және 28", [("81", 81.0, "count"), ("62", 62.0, "count"), ("28", 28.0, "count")]),
         ("бір жыл бұрын", [])],
    )
    def test_russian_and_kazakh_forms(self, text, expected):
        got = [(m.text, None if m.kind == "date" else m.value, m.kind) for m in extract_numbers(text)]
        assert got == expected
