"""The number extractor on the real text and on Russian forms."""

import pytest
from briefings import BRIEFINGS, facts_file, raw_text

from analysis.core.extract import draft_facts, draft_nonfacts, evaluate_draft, extract_numbers
from analysis.core.facts import COLUMNS, load_facts


class TestOnTheBriefing:
    def test_finds_every_figure_with_its_unit_word(self, raw_text):  # noqa: F811 - the conftest fixture
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

    def test_draft_leaves_out_dates_years_and_the_period_length(self, raw_text):
        draft = draft_facts(raw_text, "src", "Astana")
        assert len(draft) == 29
        assert not draft["value_text"].isin(["2025", "2024", "2026-01-08", "12"]).any()
        assert (draft["unit"] == "percent").sum() == 1 and (draft["unit"] == "percent_change").sum() == 2
        assert list(draft.columns) == list(COLUMNS)


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


def draft(text: str) -> list[dict]:
    return draft_facts(text).to_dict("records")


class TestDraftProposes:
    @pytest.mark.parametrize(("text", "expected"), [
        ("Поступило 1 200 дел, из них 300 гражданских.", ("300", "part_of", "1 200")),
        ("Рассмотрено 500 жалоб, в том числе 120 протестов.", ("120", "part_of", "500")),
        ("52 семинар өтті. Бұл сабақтардың 12-сі азаматтық істер бойынша.", ("12-сі", "part_of", "52")),
        ("47 434 парақтың 4 447-сі немесе 9,4 пайызы қабылданбаған.", ("9,4", "share_of", "4 447-сі")),
        ("Отклонено 400 жалоб, или 8,5% от их числа.", ("8,5", "share_of", "400")),
        ("Зарегистрировано 171 нарушение, на 3,9% меньше.", ("3,9", "change_of", "171")),
        ("бұзушылықтар саны 3,9 пайызға азайып, 171 факті тіркелді", ("3,9", "change_of", "171")),
    ])
    def test_relation_and_partner(self, text, expected):
        rows = {r["value_text"]: r for r in draft(text)}
        by_id = {r["fact_id"]: r["value_text"] for r in rows.values()}
        value_text, relation, partner = expected
        assert rows[value_text]["relation"] == relation
        assert by_id[rows[value_text]["relates_to"]] == partner

    @pytest.mark.parametrize(("text", "later", "earlier"), [("Число дел снизилось с 500 до 441.", "441", "500"),
                                                          ("Оправданы 142 против 109 годом ранее.", "142", "109"),
                                                          ("Назначено 142 вместо 109.", "142", "109")])
    def test_pairs_give_the_earlier_value_the_baseline_period(self, text, later, earlier):
        rows = {r["value_text"]: r for r in draft("В 2025 году. " + text)}
        assert rows[later]["period"] == "2025" and rows[earlier]["period"] == "2024"

    @pytest.mark.parametrize(("text", "unit", "direction", "value"), [
        ("Число дел уменьшилось на 10%.", "percent_change", "decrease", -10),
        ("28 пайызға артты", "percent_change", "increase", 28),
        ("вдвое чаще применяли залог", "fold", "increase", 2),
        ("в два раза меньше жалоб", "fold", "decrease", 2),
        ("өтініштер саны екі есеге азайды", "fold", "decrease", 2),
        ("поступило на 350 тысяч дел меньше", "abs_change", "decrease", -350000),
        ("45,9% дел завершились примирением", "percent", "", 45.9),
    ])
    def test_unit_direction_and_signed_value(self, text, unit, direction, value):
        [row] = draft(text)
        assert (row["unit"], row["direction"], row["value"]) == (unit, direction, value)

    @pytest.mark.parametrize(("text", "value", "scale", "qualifier"), [
        ("свыше 5 тысяч осужденных", 5000, "thousand", "over"),
        ("4,5 тыс. актов", 4500, "thousand", ""),
        ("1,6 млн исков", 1_600_000, "million", ""),
        ("27 мыңнан астам атқару парағы", 27000, "thousand", "over"),
        ("шамамен 40 пайызы", 40, "", "about"),
        ("почти 40%", 40, "", "almost"),
        ("не менее 12 семинаров", 12, "", "at_least"),
        ("40 пайызға жуық", 40, "", "almost"),
    ])
    def test_scale_and_qualifier(self, text, value, scale, qualifier):
        [row] = draft(text)
        assert (row["value"], row["scale"], row["qualifier"]) == (value, scale, qualifier)

    def test_period_from_context(self):
        rows = {r["value_text"]: r for r in draft(
            "В 2025 году рассмотрено 300 дел. В первой половине 2024 года поступило 9,7 тысяч ходатайств. "
            "За девять месяцев 2025 года поступило 120 жалоб.")}
        assert rows["300"]["period"] == "2025"
        assert rows["9,7 тысяч"]["period"] == "2024-H1"
        assert rows["120"]["period"] == "2025-01/2025-09"

    def test_quotes_are_cut_at_clause_boundaries_and_occur_in_the_text(self):
        text = ("Оның мәліметінше, 2025 жылы соттар 47 434 атқару парағын жолдады. Тағы 466 талап қайтарылды, "
                "ал 82 іс қаралды.")
        rows = {r["value_text"]: r for r in draft(text)}
        assert rows["47 434"]["quote"] == "2025 жылы соттар 47 434 атқару парағын жолдады"
        assert rows["466"]["quote"] == "Тағы 466 талап қайтарылды"
        assert rows["82"]["quote"] == "ал 82 іс қаралды"
        assert all(r["quote"] in text for r in rows.values())


class TestSkips:
    TEXT = (" date 2026-01-29 АСТАНА, 29 янв — Sputnik. Подробнее: https://example.kz/news/69606187-sudy-77 . "
            "Решение от 12.01.2025, как и в 2024-го, к 30-летию Конституции; возрастное ограничение 18+. "
            "За 12 месяцев поступило 583 дела.")

    def test_urls_dates_years_ordinals_and_period_lengths_are_not_figures(self):
        rows = draft(self.TEXT)
        assert [r["value_text"] for r in rows] == ["583"]

    def test_each_nonfigure_is_drafted_with_its_reason(self):
        reasons = dict(zip(draft_nonfacts(self.TEXT)["number_text"], draft_nonfacts(self.TEXT)["reason"],
                           strict=True))
        assert "date" in reasons["2026-01-29"] and "dateline" in reasons["29"]
        assert "web address" in reasons["69606187"] and "web address" in reasons["77"]
        assert "date" in reasons["12.01.2025"] and "year" in reasons["2024-го"]
        assert "ordinal" in reasons["30-летию"] and "rating" in reasons["18"]


class TestAgainstTheCuratedTables:
    def test_precision_and_recall_on_the_shipped_briefings(self, capsys):
        lines, results = [], {}
        for name in BRIEFINGS:
            result = evaluate_draft(raw_text(name), load_facts(facts_file(name)))
            results[name] = result
            lines.append(f"{name:26} " + "  ".join(
                f"{key} P {r['precision']:.2f} R {r['recall']:.2f} ({r['matched']}/{r['facts']}, {r['drafts']} drafted)"
                for key, r in result.items()))
        with capsys.disabled():
            print("\nextractor against the curated tables:\n" + "\n".join(lines))
        for result in results.values():
            assert result["value"]["recall"] >= 0.9 and result["value"]["precision"] >= 0.9
            assert result["unit"]["recall"] >= 0.9
            assert result["relation"]["recall"] >= 0.6

    def test_the_measure_can_fail(self):
        facts = load_facts(facts_file("zhambyl-2025"))
        wrong = facts.assign(unit="count", relation="", relates_to="")
        result = evaluate_draft(raw_text("zhambyl-2025"), wrong)
        assert result["unit"]["recall"] < 0.7 and result["value"]["recall"] == 1.0
