"""Kazakh case endings after numerals follow the numeral's spoken last word; Russian nouns agree with numbers."""

from __future__ import annotations

import pytest

from analysis.i18n.kazakh import case_ending, last_word, spoken_last_word, with_case
from analysis.i18n.numerals import Numeral, printed_decimals
from analysis.i18n.plurals import plural_form


class TestSpokenLastWord:
    @pytest.mark.parametrize(("number", "word"), [
        (0, "нөл"), (1, "бір"), (9, "тоғыз"), (10, "он"), (11, "бір"), (40, "қырық"), (90, "тоқсан"),
        (100, "жүз"), (171, "бір"), (200, "жүз"), (1000, "мың"), (1100, "жүз"), (5000, "мың"), (47434, "төрт"),
        (100000, "мың"), (2_000_000, "миллион"), (10**9, "миллиард"),
    ])
    def test_word(self, number, word):
        assert spoken_last_word(number) == word

    def test_a_fraction_ends_in_its_decimals_and_a_percent_in_its_word(self):
        assert last_word(9.35, 2) == "бес"
        assert last_word(9.4, 1) == "төрт"
        assert last_word(9.0, 1) == "тоғыз"
        assert last_word(9.35, 2, percent=True) == "пайыз"


class TestCaseEndings:
    # Endings as Kazakh print joins them to figures, e.g. the source's "4 447-сі", "12-сі", "18-і", "11-і".
    @pytest.mark.parametrize(("number", "case", "text"), [
        (4447, "poss", "4447-сі"), (12, "poss", "12-сі"), (18, "poss", "18-і"), (11, "poss", "11-і"),
        (9, "poss", "9-ы"), (171, "abl", "171-ден"), (10, "abl", "10-нан"), (40, "abl", "40-тан"),
        (6, "abl", "6-дан"), (245, "abl", "245-тен"), (1000, "abl", "1000-нан"), (5, "dat", "5-ке"),
        (40, "dat", "40-қа"), (20, "dat", "20-ға"), (7, "dat", "7-ге"), (3, "loc", "3-те"), (30, "loc", "30-да"),
        (1, "gen", "1-дің"), (10, "gen", "10-ның"), (5, "gen", "5-тің"), (2, "acc", "2-ні"), (4, "acc", "4-ті"),
        (100, "ins", "100-бен"), (5, "ins", "5-пен"), (1, "ins", "1-мен"),
    ])
    def test_ending(self, number, case, text):
        assert with_case(str(number), number, case) == text

    def test_percent_takes_the_ending_of_its_word(self):
        assert with_case("9,35 %", 9.35, "abl", 2, percent=True) == "9,35 %-дан"
        assert with_case("3,3 %", 3.3, "dat", 1, percent=True) == "3,3 %-ға"

    def test_unknown_case(self):
        with pytest.raises(ValueError, match="unknown Kazakh case"):
            case_ending("бір", "vocative")


class TestNumeral:
    def test_a_message_adds_the_case_only_where_it_asks(self):
        low = Numeral("9,35\u00a0%", 9.35, 2, percent=True)
        high = Numeral("9,45\u00a0%", 9.45, 2, percent=True)
        assert f"{low:abl} бастап {high:dat} дейін" == "9,35\u00a0%-дан бастап 9,45\u00a0%-ға дейін"
        assert f"from {low} to {high}" == "from 9,35\u00a0% to 9,45\u00a0%"

    @pytest.mark.parametrize(("text", "lang", "decimals"), [
        ("47 434", "kk", 0), ("9,375", "kk", 3), ("47,434", "en", 0), ("177.85", "en", 2), ("1,5", "ru", 1)])
    def test_printed_decimals(self, text, lang, decimals):
        assert printed_decimals(text, lang) == decimals


class TestRussianAgreement:
    FORMS = ["исполнительный лист", "исполнительных листа", "исполнительных листов"]

    @pytest.mark.parametrize(("n", "form"), [
        (1, 0), (2, 1), (4, 1), (5, 2), (11, 2), (12, 2), (14, 2), (21, 0), (22, 1), (25, 2), (101, 0), (111, 2),
        (42987, 2), (4447, 2), (171, 0), (1.5, 1), (9.4, 1),
    ])
    def test_form(self, n, form):
        assert plural_form(self.FORMS, n, "ru") == self.FORMS[form]

    def test_english_and_kazakh(self):
        assert [plural_form(["writ", "writs"], n, "en") for n in (1, 2, 0, 1.5)] == ["writ", "writs", "writs", "writs"]
        assert plural_form(["парақ"], 47434, "kk") == "парақ"
