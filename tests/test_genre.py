"""Any briefing of the genre: periods, scaled and hedged numbers, folds both ways, every comparison, provenance.

Each test builds a small synthetic briefing (raw text, provenance record with its checksum, facts) in a temporary
``data/`` folder, so the rules are exercised on texts the shipped briefings do not contain.
"""

from __future__ import annotations

import csv
import hashlib

import pytest

from analysis.core.claims import AMBIGUOUS, CONSISTENT, INCONSISTENT, UNVERIFIABLE, check_claims
from analysis.core.facts import COLUMNS, load_facts
from analysis.core.metrics import MAX_LISTED_CANDIDATES, implied_baseline
from analysis.core.numbers import (
    QUALIFIER_WORDS,
    direction_from_words,
    qualifier_from_words,
    read_number,
    value_interval,
)
from analysis.core.periods import parse_period
from analysis.errors import FactsValidationError, PeriodError
from analysis.i18n.formatting import format_period
from analysis.i18n.text import translator

SOURCE = "test-2026-01-01-courts"


def fact(fact_id, metric, period, value, value_text, quote, unit="count", **more) -> dict:
    row = dict.fromkeys(COLUMNS, "")
    row.update(fact_id=fact_id, source_id=SOURCE, theme="cases", metric=metric, region="Testland",
               period=period, value=str(value), value_text=value_text, unit=unit, quote=quote)
    row.update({k: str(v) for k, v in more.items()})
    return row


@pytest.fixture
def briefing(tmp_path):
    """Write a raw text, its record and facts under ``tmp_path/data``; return a loader of the facts."""

    def make(text: str, rows: list[dict], sha256: str | None = None, record: bool = True):
        raw, facts_dir = tmp_path / "data" / "raw", tmp_path / "data" / "facts"
        raw.mkdir(parents=True, exist_ok=True)
        facts_dir.mkdir(parents=True, exist_ok=True)
        (raw / f"{SOURCE}.ru.txt").write_text(text, encoding="utf-8")
        digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
        if record:
            (raw / f"{SOURCE}.ru.meta.yaml").write_text(
                f"source_id: {SOURCE}\nfile: {SOURCE}.ru.txt\nsha256: {digest}\noutlet: Test\n"
                "published: 2026-01-01\nlanguage: ru\n", encoding="utf-8")
        path = facts_dir / "test.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
            writer.writeheader()
            writer.writerows(rows)
        return path

    return make


def claims_of(path):
    return check_claims(load_facts(path)).set_index("claim_id")


# -- periods ------------------------------------------------------------------------------------------------------

class TestPeriods:
    @pytest.mark.parametrize(("text", "months", "canonical"), [
        ("2025", 12, "2025"), ("2025-H1", 6, "2025-H1"), ("2025-H2", 6, "2025-H2"), ("2025-Q3", 3, "2025-Q3"),
        ("2025-03", 1, "2025-03"), ("2025-01/2025-09", 9, "2025-01/2025-09"), ("2025-01/2025-12", 12, "2025"),
        ("2025-07/2025-12", 6, "2025-H2"), ("2025-07/2026-06", 12, "2025-07/2026-06"), (2025, 12, "2025"),
    ])
    def test_forms(self, text, months, canonical):
        period = parse_period(text)
        assert period.months == months and str(period) == canonical

    @pytest.mark.parametrize("text", ["2025-H3", "2025-13", "25", "2025-09/2025-01", "first half", "", None])
    def test_bad_forms(self, text):
        with pytest.raises(PeriodError):
            parse_period(text)

    def test_order_and_length(self):
        assert parse_period("2024").comes_before(parse_period("2025"))
        assert parse_period("2025-H1").comes_before(parse_period("2025-07/2025-11"))
        assert not parse_period("2025").comes_before(parse_period("2025-H1"))
        assert not parse_period("2025-H1").same_length(parse_period("2025-07/2025-11"))


class TestPeriodsInSentences:
    """A period takes the case its sentence needs, so "в {year:loc}" reads right for a year and for nine months."""

    @pytest.mark.parametrize(("period", "lang", "case", "text"), [
        ("2025", "ru", "loc", "2025 году"), ("2025", "ru", "gen", "2025 года"),
        ("2025", "ru", "acc", "2025 год"), ("2024", "ru", "ins", "2024 годом"),
        ("2025-01/2025-09", "ru", "loc", "январе–сентябре 2025 г."),
        ("2025-01/2025-09", "ru", "gen", "января–сентября 2025 г."),
        ("2025-01/2025-09", "ru", "acc", "январь–сентябрь 2025 г."),
        ("2024-01/2024-09", "ru", "ins", "январём–сентябрём 2024 г."),
        ("2025-H1", "ru", "loc", "I полугодии 2025 г."), ("2025-Q3", "ru", "gen", "III квартала 2025 г."),
        ("2025-03", "ru", "loc", "марте 2025 г."),
        ("2025", "kk", "loc", "2025 жылы"), ("2025", "kk", "attr", "2025 жылғы"), ("2024", "kk", "ins", "2024 жылмен"),
        ("2024", "kk", "abl", "2024 жылғыдан"),
        ("2025-01/2025-09", "kk", "loc", "2025 ж. қаңтар–қыркүйекте"),
        ("2025-01/2025-09", "kk", "attr", "2025 ж. қаңтар–қыркүйектегі"),
        ("2024-01/2024-09", "kk", "ins", "2024 ж. қаңтар–қыркүйекпен"),
        ("2025-03", "kk", "loc", "2025 ж. наурызда"), ("2025-06", "kk", "gen", "2025 ж. маусымның"),
        ("2025-H1", "kk", "loc", "2025 жылдың I жартыжылдығында"),
        ("2025-Q3", "kk", "ins", "2025 жылдың III тоқсанымен"),
    ])
    def test_cases(self, period, lang, case, text):
        assert format(format_period(period, lang), case) == text

    def test_without_a_case_a_period_is_as_printed(self):
        assert f"{format_period('2025', 'ru')}" == "2025"
        assert str(format_period("2025-01/2025-09", "ru")) == "январь–сентябрь 2025 г."

    def test_a_case_the_language_lacks_is_an_error(self):
        with pytest.raises(ValueError, match="no form 'attr'"):
            format(format_period("2025", "ru"), "attr")

    def test_a_sentence_ending_with_the_abbreviation_has_one_stop(self):
        sentence = translator("ru")("{label}: {value} in {year}.", label="x", value="1",
                                    year=format_period("2025-01/2025-09", "ru"))
        assert sentence.endswith("январе–сентябре 2025 г.") and not sentence.endswith("г..")


# -- scales and hedges --------------------------------------------------------------------------------------------

class TestScales:
    @pytest.mark.parametrize(("text", "value", "scale", "low", "high"), [
        ("4,5 тыс.", 4_500, "thousand", 4_450, 4_550),
        ("441 тысячи", 441_000, "thousand", 440_500, 441_500),
        ("9,2 тысячи", 9_200, "thousand", 9_150, 9_250),
        ("1,6 миллиона", 1_600_000, "million", 1_550_000, 1_650_000),
        ("2 млрд", 2_000_000_000, "billion", 1_500_000_000, 2_500_000_000),
        ("27 мыңнан", 27_000, "thousand", 26_500, 27_500),
        ("4,5 мың", 4_500, "thousand", 4_450, 4_550),
        ("1,2 млн", 1_200_000, "million", 1_150_000, 1_250_000),
    ])
    def test_value_at_full_size_and_scaled_rounding(self, text, value, scale, low, high):
        reading = read_number(text)
        assert reading.value == pytest.approx(value) and reading.scale == scale
        interval = value_interval(value, text, "count", scale)
        assert (interval.low, interval.high) == pytest.approx((low, high))

    def test_a_count_printed_in_full_is_exact(self):
        interval = value_interval(47434, "47 434", "count")
        assert 47434 in interval and 47433.9 not in interval and 47434.1 not in interval

    def test_not_a_scale_word(self):
        with pytest.raises(ValueError):
            read_number("5 штук")

    def test_facts_store_full_size(self, briefing):
        text = "Признаны незаконными 4,5 тыс. актов."
        path = briefing(text, [fact("a", "acts", "2025", 4500, "4,5 тыс.", "4,5 тыс. актов", scale="thousand")])
        assert load_facts(path).at[0, "value"] == 4500
        path = briefing(text, [fact("a", "acts", "2025", 4.5, "4,5 тыс.", "4,5 тыс. актов", scale="thousand")])
        with pytest.raises(FactsValidationError, match=r"column 'value': 4.5 does not match value_text '4,5 тыс.' "
                                                       r"at scale 'thousand' \(4500\) \(rule value_matches_text\)"):
            load_facts(path)
        path = briefing(text, [fact("a", "acts", "2025", 4500, "4,5 тыс.", "4,5 тыс. актов")])
        with pytest.raises(FactsValidationError, match=r"column 'scale': .*\(rule scale_word\)"):
            load_facts(path)


class TestQualifiers:
    @pytest.mark.parametrize(("text", "qualifier"), [
        ("свыше 5 тысяч", "over"), ("более 14 тысяч", "over"), ("27 мыңнан астам", "over"), ("5 мыңнан аса", "over"),
        ("менее 100", "under"), ("около 40%", "about"), ("порядка 300", "about"), ("шамамен 40 пайызы", "about"),
        ("почти вдвое", "almost"), ("практически в два раза", "almost"), ("40 пайызға жуық", "almost"),
        ("не менее 12", "at_least"), ("кем дегенде 12", "at_least"), ("не более 3", "at_most"),
        ("ровно 12", ""),
    ])
    def test_read_from_the_words(self, text, qualifier):
        assert qualifier_from_words(text) == qualifier

    @pytest.mark.parametrize(("qualifier", "inside", "outside"), [
        ("over", [5000, 7000, 1e12], [4999]),
        ("at_least", [5000, 9000], [4990]),
        ("under", [0, 4999], [5000, 5001]),
        ("at_most", [5000, 1], [5001]),
        ("about", [4500, 5499], [4499, 5501]),
        ("almost", [4500, 5000], [4499, 5001]),
    ])
    def test_one_sided_or_widened_intervals(self, qualifier, inside, outside):
        interval = value_interval(5000, "5 тысяч", "count", "thousand", qualifier)
        assert all(x in interval for x in inside)
        assert not any(x in interval for x in outside)

    def test_a_hedged_fall_is_mirrored(self):
        interval = value_interval(-10, "10", "percent_change", "", "over")
        assert -12 in interval and -9 not in interval

    def test_every_qualifier_has_russian_and_kazakh_words(self):
        kazakh = set("әғқңөұүһі")
        for qualifier, words in QUALIFIER_WORDS.items():
            assert any(not set(w) & kazakh for w in words), qualifier
            assert any(set(w) & kazakh or w in ("аса", "кем", "аз", "шамалы", "таяу") for w in words), qualifier

    def test_qualifier_needs_its_word_in_the_quote(self, briefing):
        text = "Рассмотрено 14 тысяч жалоб."
        path = briefing(text, [fact("a", "appeals", "2025", 14000, "14 тысяч", "14 тысяч жалоб", scale="thousand",
                                    qualifier="over")])
        with pytest.raises(FactsValidationError, match=r"column 'qualifier': the quote has no word for 'over'"):
            load_facts(path)


# -- folds ----------------------------------------------------------------------------------------------------

FOLD_TEXT = "Суды вдвое чаще (с 2 786 до 5 019) применяли залог."


def fold_rows(before, after, value_text="вдвое", direction="increase", qualifier="", quote="вдвое чаще"):
    return [
        fact("b", "bail", "2024", before, f"{before:,}".replace(",", " "), "с 2 786 до 5 019"),
        fact("a", "bail", "2025", after, f"{after:,}".replace(",", " "), "с 2 786 до 5 019"),
        fact("f", "bail_fold", "2025", 2, value_text, quote, unit="fold", direction=direction, relation="change_of",
             relates_to="a", baseline_period="2024", qualifier=qualifier, headline="yes"),
    ]


class TestFolds:
    def test_direction_from_the_wording(self):
        assert direction_from_words("вдвое чаще") == "increase"
        assert direction_from_words("в два раза меньше") == "decrease"
        assert direction_from_words("екі есе өсті") == "increase"
        assert direction_from_words("екі есеге азайды") == "decrease"
        assert direction_from_words("в два раза") is None

    def test_a_rise_is_divided_later_by_earlier_and_fits_loosely(self, briefing):
        row = claims_of(briefing(FOLD_TEXT, fold_rows(2786, 5019))).loc["f:stated_fold"]
        assert row["recomputed"] == pytest.approx(5019 / 2786)
        assert row["verdict"] == CONSISTENT and row["fit"] == "loose"
        assert row["direction"] == row["data_direction"] == "increase"
        assert row["headline"]

    def test_a_close_fit_is_told_apart(self, briefing):
        text = "Суды вдвое чаще (с 2 786 до 5 500) применяли залог."
        rows = fold_rows(2786, 5500)
        rows[0]["quote"] = rows[1]["quote"] = "с 2 786 до 5 500"
        row = claims_of(briefing(text, rows)).loc["f:stated_fold"]
        assert row["verdict"] == CONSISTENT and row["fit"] == "close"

    def test_a_fall_is_divided_earlier_by_later(self, briefing):
        text = "Число жалоб в два раза меньше (с 5 019 до 2 786)."
        rows = fold_rows(5019, 2786, value_text="два", direction="decrease", quote="в два раза меньше")
        rows[0]["quote"] = rows[1]["quote"] = "с 5 019 до 2 786"
        row = claims_of(briefing(text, rows)).loc["f:stated_fold"]
        assert row["recomputed"] == pytest.approx(5019 / 2786)
        assert row["verdict"] == CONSISTENT and row["data_direction"] == "decrease"

    def test_a_direction_the_data_contradicts_is_inconsistent(self, briefing):
        text = "Число жалоб уменьшилось в два раза (с 2 786 до 5 019)."
        rows = fold_rows(2786, 5019, value_text="два", direction="decrease", quote="уменьшилось в два раза")
        row = claims_of(briefing(text, rows)).loc["f:stated_fold"]
        assert row["verdict"] == INCONSISTENT and "direction_contradicted" in row["flags"]

    def test_the_wording_and_the_direction_column_must_agree(self, briefing):
        path = briefing(FOLD_TEXT, fold_rows(2786, 5019, direction="decrease"))
        with pytest.raises(FactsValidationError, match=r"column 'direction': the quote's words say 'increase'"):
            load_facts(path)

    @pytest.mark.parametrize(("after", "verdict"), [(5300, CONSISTENT), (5800, INCONSISTENT)])
    def test_almost_two_fold_is_at_most_two(self, briefing, after, verdict):
        text = f"Суды почти вдвое чаще (с 2 786 до {after:,}) применяли залог.".replace(",", " ")
        rows = fold_rows(2786, after, qualifier="almost", quote="почти вдвое чаще")
        rows[0]["quote"] = rows[1]["quote"] = f"с 2 786 до {after:,}".replace(",", " ")
        assert claims_of(briefing(text, rows)).loc["f:stated_fold", "verdict"] == verdict

    @pytest.mark.parametrize(("after", "verdict"), [(6500, CONSISTENT), (5300, INCONSISTENT)])
    def test_more_than_two_fold_is_at_least_two(self, briefing, after, verdict):
        text = f"Суды более чем вдвое чаще (с 2 786 до {after:,}) применяли залог.".replace(",", " ")
        rows = fold_rows(2786, after, qualifier="over", quote="более чем вдвое чаще")
        rows[0]["quote"] = rows[1]["quote"] = f"с 2 786 до {after:,}".replace(",", " ")
        assert claims_of(briefing(text, rows)).loc["f:stated_fold", "verdict"] == verdict

    def test_a_fold_without_figures_is_unverifiable(self, briefing):
        text = "вдвое выросло число процессов"
        rows = [fact("f", "jury_fold", "2025", 2, "вдвое", text, unit="fold", direction="increase",
                     baseline_period="2024")]
        assert claims_of(briefing(text, rows)).loc["f:stated_fold", "verdict"] == UNVERIFIABLE


# -- comparisons --------------------------------------------------------------------------------------------------

class TestComparisons:
    def test_from_to_shares_give_points_and_relative(self, briefing):
        text = "С 25,7% до 37,5% увеличилось число отказов."
        quote = "С 25,7% до 37,5% увеличилось"
        rows = [fact("b", "refusals", "2024", 25.7, "25,7", quote, unit="percent"),
                fact("a", "refusals", "2025", 37.5, "37,5", quote, unit="percent")]
        row = claims_of(briefing(text, rows)).loc["a:from_to"]
        assert row["verdict"] == CONSISTENT and row["recomputed"] == pytest.approx(11.8)
        assert row["reading_points"] == "+11.80 percentage points" and row["reading_relative"] == "+45.91 %"

    def test_from_to_against_its_words_is_inconsistent(self, briefing):
        text = "С 37,5% до 25,7% увеличилось число отказов."
        quote = "С 37,5% до 25,7% увеличилось"
        rows = [fact("b", "refusals", "2024", 37.5, "37,5", quote, unit="percent"),
                fact("a", "refusals", "2025", 25.7, "25,7", quote, unit="percent")]
        assert claims_of(briefing(text, rows)).loc["a:from_to", "verdict"] == INCONSISTENT

    def test_from_to_counts_with_scale(self, briefing):
        text = "Число дел снизилось с 500 тысяч до 441 тысячи."
        quote = "снизилось с 500 тысяч до 441 тысячи"
        rows = [fact("b", "cases", "2024", 500000, "500 тысяч", quote, scale="thousand"),
                fact("a", "cases", "2025", 441000, "441 тысячи", quote, scale="thousand")]
        row = claims_of(briefing(text, rows)).loc["a:from_to"]
        assert row["verdict"] == CONSISTENT and row["recomputed"] == pytest.approx(-11.8)

    def test_periods_of_different_length_are_flagged(self, briefing):
        text = "За пять месяцев рассмотрено более 14 тысяч жалоб. В первом полугодии поступило 9,7 тысяч."
        rows = [fact("b", "appeals", "2025-H1", 9700, "9,7 тысяч", "поступило 9,7 тысяч", scale="thousand"),
                fact("a", "appeals", "2025-07/2025-11", 14000, "14 тысяч", "более 14 тысяч жалоб",
                     scale="thousand", qualifier="over")]
        row = claims_of(briefing(text, rows)).loc["a:from_to"]
        assert row["verdict"] == AMBIGUOUS and row["flags"] == "periods_differ"
        assert "6 against 5 months" in row["arithmetic"] and "per month" in row["arithmetic"]

    def test_a_change_across_periods_of_different_length_is_ambiguous(self, briefing):
        text = "За пять месяцев 1 500 дел, вдвое больше, чем за полугодие: 700."
        rows = [fact("b", "cases", "2025-H1", 700, "700", "за полугодие: 700"),
                fact("a", "cases", "2025-07/2025-11", 1500, "1 500", "За пять месяцев 1 500 дел"),
                fact("f", "cases_fold", "2025-07/2025-11", 2, "вдвое", "вдвое больше", unit="fold",
                     direction="increase", relation="change_of", relates_to="a", baseline_period="2025-H1")]
        row = claims_of(briefing(text, rows)).loc["f:stated_fold"]
        assert row["verdict"] == AMBIGUOUS and "periods_differ" in row["flags"]

    def test_a_share_without_its_total_is_unverifiable(self, briefing):
        text = "В 2025 году 98,8% судебных актов оставлены без изменений."
        rows = [fact("s", "upheld_share", "2025", 98.8, "98,8", "98,8% судебных актов", unit="percent")]
        row = claims_of(briefing(text, rows)).loc["s:stated_share"]
        assert row["verdict"] == UNVERIFIABLE and "without the figures it is a share of" in row["arithmetic"]

    def test_a_restated_hedged_figure_must_contain_the_precise_one(self, briefing):
        text = "Из 276 тысяч дел почти половина (46,3%) урегулирована."
        rows = [fact("h", "settled_share", "2025", 50, "половина", "почти половина (46,3%)", unit="percent",
                     qualifier="almost"),
                fact("p", "settled_share", "2025", 46.3, "46,3", "почти половина (46,3%)", unit="percent")]
        assert claims_of(briefing(text, rows)).loc["h:restated", "verdict"] == CONSISTENT
        rows[1].update(value="52.3", value_text="52,3")
        text2 = text.replace("46,3", "52,3")
        rows[0]["quote"] = rows[1]["quote"] = "почти половина (52,3%)"
        assert claims_of(briefing(text2, rows)).loc["h:restated", "verdict"] == INCONSISTENT

    def test_change_from_rounded_endpoints_respects_their_rounding(self, briefing):
        text = "Число исков выросло на 27% — с 1,3 до 1,6 миллиона."
        rows = [fact("b", "claims", "2024", 1300000, "1,3", "с 1,3 до 1,6 миллиона", scale="million"),
                fact("a", "claims", "2025", 1600000, "1,6 миллиона", "с 1,3 до 1,6 миллиона", scale="million"),
                fact("c", "claims_change", "2025", 27, "27", "выросло на 27%", unit="percent_change",
                     direction="increase", relation="change_of", relates_to="a", baseline_period="2024")]
        row = claims_of(briefing(text, rows)).loc["c:stated_change"]
        assert row["verdict"] == CONSISTENT and row["fit"] == "rounding"
        assert row["recomputed"] == pytest.approx(300 / 13)

    def test_absolute_change_gives_the_baseline_of_a_percent_change(self, briefing):
        text = "Поступило 35 394 иска, на 7 772 или на 28,1% больше."
        rows = [fact("a", "claims", "2025", 35394, "35 394", "Поступило 35 394 иска"),
                fact("d", "claims_abs", "2025", 7772, "7 772", "на 7 772 или на 28,1% больше", unit="abs_change",
                     direction="increase", relation="change_of", relates_to="a", baseline_period="2024"),
                fact("c", "claims_change", "2025", 28.1, "28,1", "на 7 772 или на 28,1% больше",
                     unit="percent_change", direction="increase", relation="change_of", relates_to="a",
                     baseline_period="2024")]
        claims = claims_of(briefing(text, rows))
        assert claims.loc["c:stated_change", "verdict"] == CONSISTENT
        assert "derived_baseline" in claims.loc["c:stated_change", "flags"]
        assert "implies a 2024 value of 27,622" in claims.loc["d:stated_abs_change", "arithmetic"]

    def test_a_stated_fall_must_be_negative(self, briefing):
        text = "уголовных дел поступило меньше на 10%"
        rows = [fact("c", "criminal_change", "2025", 10, "10", text, unit="percent_change", direction="decrease",
                     baseline_period="2024")]
        with pytest.raises(FactsValidationError, match=r"column 'value': a stated fall is negative.*change_sign"):
            load_facts(briefing(text, rows))


class TestImpliedBaseline:
    def test_few_candidates_are_listed(self):
        implied = implied_baseline(171, -3.9, 1)
        assert implied.candidates == (178,) and implied.count == 1

    def test_many_candidates_are_counted_not_listed(self):
        implied = implied_baseline(5500, -35, 0)
        assert implied.count > MAX_LISTED_CANDIDATES and implied.candidates == ()
        assert implied.interval.low == pytest.approx(5500 / 0.655)
        assert implied.interval.high == pytest.approx(5500 / 0.645)

    def test_the_claim_row_says_how_many(self, briefing):
        text = "Поступило 5 500 дел, на 35% меньше."
        rows = [fact("a", "cases", "2025", 5500, "5 500", "Поступило 5 500 дел"),
                fact("c", "cases_change", "2025", -35, "35", "на 35% меньше", unit="percent_change",
                     direction="decrease", relation="change_of", relates_to="a", baseline_period="2024")]
        row = claims_of(briefing(text, rows)).loc["c:stated_change"]
        assert row["verdict"] == UNVERIFIABLE and row["candidates"] == 131
        assert "131 whole counts" in row["arithmetic"] and "too many to list" in row["arithmetic"]
        assert row["arithmetic"].count(",") < 10


# -- provenance ---------------------------------------------------------------------------------------------------

GOOD_TEXT = "Суды\u00a0рассмотрели 47\u00a0434 дела и 12 жалоб."


def good_rows():
    return [fact("a", "cases", "2025", 47434, "47 434", "рассмотрели 47 434 дела"),
            fact("b", "appeals", "2025", 12, "12", "12 жалоб")]


class TestProvenance:
    def test_no_break_spaces_and_unicode_forms_match(self, briefing):
        assert len(load_facts(briefing(GOOD_TEXT, good_rows()))) == 2

    def test_made_up_quote(self, briefing):
        rows = good_rows()
        rows[1]["quote"] = "12 жалоб граждан"
        with pytest.raises(FactsValidationError, match=r"row 3 \(fact_id 'b'\), column 'quote': the quote does not "
                                                       r"occur in the raw text .*\(rule quote_in_source\)"):
            load_facts(briefing(GOOD_TEXT, rows))

    def test_value_text_outside_its_quote(self, briefing):
        rows = good_rows()
        rows[1].update(value="13", value_text="13")
        with pytest.raises(FactsValidationError, match=r"column 'quote': does not contain value_text '13' "
                                                       r"\(rule value_text_in_quote\)"):
            load_facts(briefing(GOOD_TEXT, rows))

    def test_bad_hash(self, briefing):
        with pytest.raises(FactsValidationError, match=r"row 2 \(fact_id 'a'\), column 'source_id': .*sha256 .* does "
                                                       r"not match .*\(rule source_checksum\)"):
            load_facts(briefing(GOOD_TEXT, good_rows(), sha256="0" * 64))

    def test_missing_record(self, briefing):
        with pytest.raises(FactsValidationError, match=r"column 'source_id': source_id 'test-2026-01-01-courts': no "
                                                       r"record .*\(rule source_record\)"):
            load_facts(briefing(GOOD_TEXT, good_rows(), record=False))

    def test_unknown_source_id(self, briefing):
        rows = good_rows()
        rows[0]["source_id"] = "nowhere-2026"
        with pytest.raises(FactsValidationError, match=r"row 2 .*column 'source_id': source_id 'nowhere-2026'"):
            load_facts(briefing(GOOD_TEXT, rows))

    def test_every_problem_at_once_each_with_row_column_and_rule(self, briefing):
        rows = good_rows()
        rows[0].update(quote="придуманная цитата 47 434", unit="litres")
        rows[1].update(period="2025-H3", value="x")
        with pytest.raises(FactsValidationError) as info:
            load_facts(briefing(GOOD_TEXT, rows, sha256="0" * 64))
        problems = info.value.problems
        assert str(info.value).startswith(str(info.value.path))
        rules = {p.rsplit("(rule ", 1)[1].rstrip(")") for p in problems if "(rule " in p}
        assert {"source_checksum", "quote_in_source", "period_form", "isin"} <= rules
        assert any("column 'value': expected a number" in p for p in problems)
        assert all(p.startswith("row ") and ", column '" in p for p in problems)
        assert not any("column 'note'" in p or "column 'theme'" in p for p in problems)

    def test_shipped_template_record_has_every_field(self):
        import yaml

        from analysis.config import RAW_DIR

        template = yaml.safe_load((RAW_DIR / "TEMPLATE.meta.yaml.example").read_text(encoding="utf-8"))
        assert {"source_id", "file", "sha256", "outlet", "url", "published", "title", "language",
                "speaker"} <= set(template)
