"""Charts: every chart helper gives a titled, labelled, sourced figure; saved files are byte-for-byte stable."""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from analysis.nb import context as notebook
from analysis.nb import figures as plots
from analysis.nb.context import MissingMetricError

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def ctx_en(tmp_path_factory):
    return notebook.setup(2, figures_dir=str(tmp_path_factory.mktemp("figs")))


@pytest.fixture(scope="module")
def ctx_kk(tmp_path_factory):
    return notebook.setup(2, lang="kk", figures_dir=str(tmp_path_factory.mktemp("figs")))


@pytest.fixture
def counts() -> pd.DataFrame:
    return pd.DataFrame({"label": ["Sent", "Accepted", "Not accepted"], "value": [47434.0, 42987.0, 4447.0],
                         "marked": [False, False, True]})


@pytest.fixture
def intervals() -> pd.DataFrame:
    return pd.DataFrame({"label": ["stated", "points ★", "relative"], "mid": [9.4, 12.7, 9.72],
                         "low": [9.35, 12.6, 9.66], "high": [9.45, 12.8, 9.78], "in_use": [False, True, False]})


def _footer_lines(fig: Figure) -> list[str]:
    return [line for t in fig.texts for line in t.get_text().splitlines()]


def _bar_labels(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def _bar_colors(fig: Figure) -> list[str]:
    return [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]


def _frame_charts(ctx, counts, intervals):
    pairs = pd.DataFrame({"short": ["Applications", "SMS"], "before": [558.0, 788.0], "now": [245.0, 28.0]})
    return {
        "bar_chart": plots.bar_chart(ctx, counts, label="label", value="value", title="Writs", xlabel="Number",
                                     ylabel="Writs", note="Facts: a, b"),
        "parts_chart": plots.parts_chart(ctx, counts.iloc[1:], label="label", value="value", total=47434,
                                         title="Parts", xlabel="Number", note="Facts: a, b"),
        "periods_chart": plots.periods_chart(ctx, pairs, label="short", before="before", now="now",
                                             before_name="2024", now_name="2025", title="Two years",
                                             ylabel="Number", note="Facts: a, b"),
        "interval_chart": plots.interval_chart(ctx, intervals, label="label", point="mid", low="low", high="high",
                                               title="Shares", xlabel="Share (%)", percent=True, highlight="in_use",
                                               note="Facts: a, b"),
    }


class TestFrameCharts:
    @pytest.mark.parametrize("name", ["bar_chart", "parts_chart", "periods_chart", "interval_chart"])
    def test_title_axis_note_and_source(self, ctx_en, counts, intervals, name):
        fig = _frame_charts(ctx_en, counts, intervals)[name]
        assert isinstance(fig, Figure)
        assert plots.figure_title(fig)
        ax = fig.axes[0]
        assert ax.get_xlabel() or ax.get_ylabel()
        assert "Facts: a, b" in _footer_lines(fig)
        assert any(line.startswith("Source: Kazinform, 8 January 2026") for line in _footer_lines(fig))
        assert _bar_labels(fig) or ax.get_legend(), "values are written on the bars or in the legend"

    def test_values_on_bars_follow_the_locale(self, ctx_en, ctx_kk, counts):
        assert "47,434" in _bar_labels(plots.bar_chart(ctx_en, counts, label="label", value="value", title="t"))
        assert f"47{NBSP}434" in _bar_labels(plots.bar_chart(ctx_kk, counts, label="label", value="value",
                                                             title="t"))

    def test_a_long_title_is_kept_whole_for_the_caption(self, ctx_en, counts):
        title = "About one writ in every eleven sent for enforcement was not accepted, Astana, the reporting year"
        fig = plots.bar_chart(ctx_en, counts, label="label", value="value", title=title)
        assert plots.figure_title(fig) == title


class TestBarChart:
    def test_one_colour_without_highlight(self, ctx_en, counts):
        fig = plots.bar_chart(ctx_en, counts, label="label", value="value", title="t")
        assert set(_bar_colors(fig)) == {plots.PALETTE["main"]}

    def test_highlight_marks_rows_in_the_accent_colour(self, ctx_en, counts):
        fig = plots.bar_chart(ctx_en, counts, label="label", value="value", title="t", highlight="marked")
        assert _bar_colors(fig) == [plots.PALETTE["main"], plots.PALETTE["main"], plots.PALETTE["highlight"]]

    def test_percent_values(self, ctx_en):
        shares = pd.DataFrame({"label": ["a", "b"], "value": [23.08, 34.62]})
        fig = plots.bar_chart(ctx_en, shares, label="label", value="value", title="t", percent=True)
        assert _bar_labels(fig) == ["23.1%", "34.6%"]

    def test_unknown_column(self, ctx_en, counts):
        with pytest.raises(KeyError):
            plots.bar_chart(ctx_en, counts, label="label", value="value", title="t", highlight="nope")


class TestIntervalChart:
    def test_the_marked_row_is_drawn_in_the_accent_colour(self, ctx_en, intervals):
        fig = plots.interval_chart(ctx_en, intervals, label="label", point="mid", low="low", high="high",
                                   title="t", percent=True, highlight="in_use")
        assert _bar_colors(fig)[1] == plots.PALETTE["highlight"]
        assert [label.get_text() for label in fig.axes[0].get_yticklabels()][1].endswith("★")
        assert _bar_labels(fig) == ["9.4%", "12.7%", "9.7%"]


class TestVerdicts:
    def test_title_axes_source_slug(self, ctx_en):
        fig = plots.plot_verdicts(ctx_en)
        assert plots.figure_title(fig).startswith("Claim checks by verdict")
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel()
        assert any(line.startswith("Source: Kazinform, 8 January 2026") for line in _footer_lines(fig))
        assert plots.plot_verdicts.slug == "claim-verdicts"

    def test_kazakh_source(self, ctx_kk):
        fig = plots.plot_verdicts(ctx_kk)
        assert any(line.startswith("Дереккөз: Kazinform, 2026") for line in _footer_lines(fig))

    def test_no_checks_raises(self, fact_rows, write_facts, tmp_path):
        rows = [r for r in fact_rows if r["theme"] == "methodological_support" and not r["relation"]]
        ctx = notebook.setup(1, facts=str(write_facts(rows)), figures_dir=str(tmp_path))
        with pytest.raises(MissingMetricError):
            plots.plot_verdicts(ctx)


class TestSaveFigure:
    @pytest.mark.parametrize("fmt", ["png", "svg"])
    def test_two_saves_are_identical(self, ctx_en, intervals, tmp_path, fmt):
        def draw():
            return plots.interval_chart(ctx_en, intervals, label="label", point="mid", low="low", high="high",
                                        title="t", percent=True, highlight="in_use")

        first = plots.save_figure(draw(), tmp_path / "a", "chart", fmt).read_bytes()
        second = plots.save_figure(draw(), tmp_path / "b", "chart", fmt).read_bytes()
        assert first == second
        assert len(first) > 1000

    def test_png_has_no_software_chunk(self, ctx_en, tmp_path):
        data = plots.save_figure(plots.plot_verdicts(ctx_en), tmp_path, "chart", "png").read_bytes()
        assert data.startswith(b"\x89PNG") and b"Software" not in data and b"matplotlib" not in data.lower()

    def test_svg_has_no_date(self, ctx_en, tmp_path):
        text = plots.save_figure(plots.plot_verdicts(ctx_en), tmp_path, "chart", "svg").read_text()
        assert text.lstrip().startswith("<?xml") and "<dc:date>" not in text

    def test_unknown_format(self, ctx_en, tmp_path):
        with pytest.raises(plots.FigureFormatError, match="'jpg'"):
            plots.save_figure(plots.plot_verdicts(ctx_en), tmp_path, "chart", "jpg")


class TestAxisTitles:
    @pytest.mark.parametrize("lang", ["kk", "ru"])
    def test_a_long_y_title_of_a_low_chart_is_wrapped_inside_the_figure(self, lang, tmp_path):
        ctx = notebook.setup(2, lang=lang, figures_dir=str(tmp_path))
        frame = pd.DataFrame({"label": ["a", "b", "c"], "value": [47434.0, 42987.0, 4447.0]})
        fig = plots.without_title(plots.bar_chart(ctx, frame, label="label", value="value", title="t",
                                                  xlabel="x", ylabel="Исполнительные листы судов города"))
        fig.draw_without_rendering()
        label, figure = fig.axes[0].yaxis.label.get_window_extent(), fig.bbox
        assert "\n" in fig.axes[0].get_ylabel()
        assert figure.y0 <= label.y0 and label.y1 <= figure.y1
        assert " ".join(fig.axes[0].get_ylabel().split()) == "Исполнительные листы судов города"

    @pytest.mark.parametrize("words", [1, 2, 3, 4, 6])
    def test_a_y_title_fits_its_axes_whether_or_not_the_layout_was_computed(self, words, tmp_path):
        # Titles around half the frame's height: the shorter ones skip the layout, the longer ones are measured.
        ctx = notebook.setup(2, lang="ru", figures_dir=str(tmp_path))
        frame = pd.DataFrame({"label": ["a", "b"], "value": [47434.0, 4447.0]})
        title = " ".join(["Исполнительные"] * words)
        for fig in (plots.bar_chart(ctx, frame, label="label", value="value", title="t", ylabel=title),
                    plots.without_title(plots.bar_chart(ctx, frame, label="label", value="value", title="t",
                                                        ylabel=title))):
            fig.draw_without_rendering()
            axes, label = fig.axes[0].get_window_extent(), fig.axes[0].yaxis.label.get_window_extent()
            assert label.height <= axes.height
            assert " ".join(fig.axes[0].get_ylabel().split()) == title
