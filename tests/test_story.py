"""Shared narrative, tables and set-up: text follows the facts file, the language and the parameters."""

from __future__ import annotations

import re

import pytest

from analysis.errors import ParameterError
from analysis.nb import context as notebook
from analysis.nb import explain, markup, story, tables
from analysis.nb import figures as plots
from analysis.nb.context import MissingMetricError

NBSP = "\u00a0"


def _edit(rows, fact_id, value, value_text=None):
    for row in rows:
        if row["fact_id"] == fact_id:
            old = row["value_text"]
            row["value"] = str(value)
            row["value_text"] = value_text or str(value)
            row["quote"] = row["quote"].replace(old, row["value_text"])
    return rows


class TestSetup:
    def test_resolves_relative_paths_and_loads(self, tmp_path):
        ctx = notebook.setup(2, facts="data/facts/astana-2025.csv", figures_dir=str(tmp_path))
        assert ctx.facts_paths[0].is_absolute() and ctx.facts_paths[0].is_file()
        assert not ctx.claims.empty and ctx.claims.iloc[0]["headline"]
        assert ctx.sources[0]["outlet_short"] == "Kazinform"

    @pytest.mark.parametrize("name, value", [("lang", "de"), ("change_reading", "both"), ("figure_format", "jpg"),
                                             ("period", "next"), ("region", "Almaty"), ("facts", " , "),
                                             ("theme", "weather")])
    def test_bad_parameters(self, tmp_path, name, value):
        with pytest.raises(ParameterError, match=name):
            notebook.setup(2, figures_dir=str(tmp_path), **{name: value})

    def test_baseline_after_period(self, tmp_path):
        with pytest.raises(ParameterError, match="baseline_period"):
            notebook.setup(2, period="2024", baseline_period="2025", figures_dir=str(tmp_path))

    def test_numbering(self, tmp_path):
        ctx = notebook.setup(4, lang="ru", figures_dir=str(tmp_path))
        assert ctx.figure_ref(1) == "Рисунок 4.1"
        ctx.figure_count = 1
        assert ctx.figure_ref() == "Рисунок 4.1" and ctx.table_ref(1) == "Таблица 4.1"
        assert notebook.setup(90, lang="kk", figures_dir=str(tmp_path)).table_ref(1) == "\u0410.1-кесте"  # Cyrillic А


class TestTextFollowsTheData:
    def test_headline_first(self, tmp_path):
        ctx = notebook.setup(0, figures_dir=str(tmp_path))
        assert ctx.claims.iloc[0]["headline"] and ctx.claims.iloc[0]["check"] == "stated_fold"

    def test_changed_figure_changes_the_checks(self, fact_rows, write_facts, tmp_path):
        before = story.theme_checks(notebook.setup(2, figures_dir=str(tmp_path)), "enforcement")
        # 4 447 of 48 000 is 9.26 %, outside the 9.35-9.45 % a printed "9,4" allows.
        rows = _edit(fact_rows, "ast25-writs-sent", 48000, "48 000")
        after = story.theme_checks(notebook.setup(2, facts=str(write_facts(rows)), figures_dir=str(tmp_path)),
                                   "enforcement")
        share = "stated share (share of writs not accepted)"
        assert f"{share}: **correct**, row 4." in before and f"{share}: **wrong**, row 4." in after

    def test_claim_checks_point_to_their_row_in_the_appendix_instead_of_repeating_the_arithmetic(self, tmp_path):
        ctx = notebook.setup(2, figures_dir=str(tmp_path))
        text = story.theme_checks(ctx, "enforcement")
        assert "Table A.1" in text and "47,434" not in text and "÷" not in text
        rows = [int(row) for row in re.findall(r"row (\d+)\.", text)]
        numbered = tables.claims_table(ctx).frame
        for row in rows:
            assert numbered.iloc[row - 1][ctx._("Theme")] == ctx.theme_label("enforcement")
        assert len(rows) == len(ctx.claims_of("enforcement"))

    def test_a_chapter_opens_without_a_boilerplate_count(self, tmp_path):
        ctx = notebook.setup(4, figures_dir=str(tmp_path), theme="procedural_discipline")
        assert story.chapter_intro(ctx, ctx.theme) == ""

    def test_an_implied_baseline_lists_few_whole_counts_and_counts_many(self, fact_rows, write_facts, tmp_path):
        def arithmetic(ctx):
            claims = ctx.claims.set_index("fact_id", drop=False)
            return explain.explain_claim(ctx, claims.loc["ast25-violations-change"])

        few = arithmetic(notebook.setup(4, figures_dir=str(tmp_path)))
        assert few == ("No 2024 value is given. 171 after a change between −3.95% and −3.85% implies a 2024 value "
                       "from 177.85 to 178.03; whole counts in that range: 178.")
        rows = _edit(fact_rows, "ast25-violations", 171000, "171 000")
        many = arithmetic(notebook.setup(4, facts=str(write_facts(rows)), figures_dir=str(tmp_path)))
        # 171 000 ÷ 0.9615 = 177 847.11 and 171 000 ÷ 0.9605 = 178 032.27: the whole counts 177 848 to 178 032.
        assert many == ("No 2024 value is given. 171,000 after a change between −3.95% and −3.85% implies a 2024 "
                        "value from 177,847.11 to 178,032.27: 185 whole counts, too many to list.")

    def test_locale_words(self, tmp_path):
        # The appendix's letter is the Cyrillic "А" in Kazakh and Russian.
        for lang, words in (("kk", ("\u0410.1-кесте", "дұрыс", "4-жол")),
                            ("ru", ("Таблица \u0410.1", "верно", "строка 4"))):
            text = story.theme_checks(notebook.setup(2, lang=lang, figures_dir=str(tmp_path)), "enforcement")
            assert all(word in text for word in words), (lang, text)


class TestMissingMetrics:
    @pytest.fixture
    def partial(self, fact_rows, write_facts, tmp_path):
        rows = [r for r in fact_rows if r["theme"] in ("methodological_support", "applications_notifications")]
        return str(write_facts(rows))

    @pytest.mark.parametrize("lang, note", [("en", "The data has no figure for"), ("kk", "Деректерде"),
                                            ("ru", "В данных нет показателя")])
    def test_a_missing_value_is_named(self, partial, tmp_path, lang, note):
        ctx = notebook.setup(2, facts=partial, lang=lang, figures_dir=str(tmp_path))
        with pytest.raises(MissingMetricError) as err:
            ctx.value("writs_sent")
        assert note in ctx.missing_note(err.value)
        assert ctx.fact("writs_sent") is None and ctx.change_fact("writs_rejected_share") is None
        # What the data has is still there.
        assert ctx.value("citizen_applications", 2024) == 558

    def test_implied_baseline_needs_the_stated_change(self, partial, tmp_path):
        ctx = notebook.setup(4, facts=partial, figures_dir=str(tmp_path))
        with pytest.raises(MissingMetricError):
            ctx.implied_baseline("procedural_violations")

    def test_chart_and_table_are_skipped(self, fact_rows, write_facts, tmp_path):
        rows = [r for r in fact_rows if r["theme"] == "methodological_support" and not r["relation"]]
        ctx = notebook.setup(1, facts=str(write_facts(rows)), figures_dir=str(tmp_path / "figures"))
        assert ctx.show_chart(plots.plot_verdicts) is None
        assert ctx.show_table(tables.claims_table) is None
        assert ctx.figure_count == 0 and ctx.table_count == 0
        assert not (tmp_path / "figures").exists() or not list((tmp_path / "figures").glob("*.png"))


class TestEscaping:
    def test_quotes_are_never_markup(self, fact_rows, write_facts, tmp_path):
        for row in fact_rows:
            if row["fact_id"] == "ast25-writs-rejected-share-change":
                row["quote"] = "<b>x</b> *y* " + row["quote"]
        ctx = notebook.setup(2, facts=str(write_facts(fact_rows)), figures_dir=str(tmp_path))
        text = markup.quoted(ctx, ctx.change_fact("writs_rejected_share")["quote"])
        assert "<b>" not in text and "&lt;b&gt;" in text and r"\*y\*" in text
        html = tables.theme_figures_table(ctx, "enforcement").to_html()
        assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


class TestEmptyTheme:
    def test_a_chapter_without_figures_says_so_once_and_shows_nothing_more(self, fact_rows, write_facts, tmp_path,
                                                                           monkeypatch):
        import IPython.display

        shown = []
        monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
        rows = [r for r in fact_rows if r["theme"] != "methodological_support"]
        ctx = notebook.setup(1, facts=str(write_facts(rows)), figures_dir=str(tmp_path / "figures"))
        ctx.show(story.chapter_intro(ctx, "methodological_support"))
        ctx.say(story.theme_checks(ctx, "methodological_support"))
        ctx.show_chart(plots.plot_verdicts)
        ctx.show_table(tables.key_figures_table)
        assert len(shown) == 1 and "no figures for this theme" in shown[0].data
        assert not (tmp_path / "figures").exists() or not list((tmp_path / "figures").iterdir())

    def test_a_chapter_with_figures_goes_on(self, tmp_path, monkeypatch):
        import IPython.display

        shown = []
        monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
        ctx = notebook.setup(1, figures_dir=str(tmp_path), theme="methodological_support")
        ctx.show(story.chapter_intro(ctx, ctx.theme))
        ctx.say(story.theme_checks(ctx, ctx.theme))
        # No opening note for a theme with figures; its claim checks follow.
        assert len(shown) == 1 and "Table A.1" in shown[0].data
