"""Charts: every plot function gives a titled, labelled, sourced figure; saved files are byte-for-byte stable."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from analysis.nb import context as notebook
from analysis.nb import figures as plots
from analysis.nb.context import MissingMetricError

PLOTS = [plots.plot_verdicts, plots.plot_year_comparison, plots.plot_applications, plots.plot_events,
         plots.plot_seminars, plots.plot_writs, plots.plot_writs_volume, plots.plot_international,
         plots.plot_violations, plots.plot_violations_baseline]


@pytest.fixture(scope="module")
def ctx_en(tmp_path_factory):
    return notebook.setup(2, figures_dir=str(tmp_path_factory.mktemp("figs")))


@pytest.fixture(scope="module")
def ctx_kk(tmp_path_factory):
    return notebook.setup(2, lang="kk", figures_dir=str(tmp_path_factory.mktemp("figs")))


def _footer_lines(fig: Figure) -> list[str]:
    return [line for t in fig.texts for line in t.get_text().splitlines()]


def _bar_labels(fig: Figure) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts]


class TestPlotFunctions:
    @pytest.mark.parametrize("plot", PLOTS, ids=lambda p: p.__name__)
    def test_title_axes_source_slug(self, ctx_en, plot):
        fig = plot(ctx_en)
        assert isinstance(fig, Figure)
        assert plots.figure_title(fig)
        ax = fig.axes[0]
        assert ax.get_xlabel() and ax.get_ylabel()
        assert any(line.startswith("Source: Kazinform, 8 January 2026") for line in _footer_lines(fig))
        assert plot.slug and "/" not in plot.slug
        assert _bar_labels(fig), "values are written on the bars"

    def test_values_on_bars_follow_the_locale(self, ctx_en, ctx_kk):
        assert "47,434" in _bar_labels(plots.plot_writs_volume(ctx_en))
        assert "47\u00a0434" in _bar_labels(plots.plot_writs_volume(ctx_kk))

    def test_kazakh_title_and_source(self, ctx_kk):
        fig = plots.plot_writs(ctx_kk)
        assert "үлесі" in plots.figure_title(fig)
        assert any(line.startswith("Дереккөз: Kazinform, 2026") for line in _footer_lines(fig))

    def test_selected_reading_is_marked(self, tmp_path):
        for reading in ("points", "relative"):
            ctx = notebook.setup(2, change_reading=reading, figures_dir=str(tmp_path))
            labels = [t.get_text() for t in plots.plot_writs(ctx).axes[0].get_yticklabels()]
            marked = [label for label in labels if label.endswith("★")]
            assert len(marked) == 1 and ("points" if reading == "points" else "relative") in marked[0]

    def test_missing_metric_raises(self, fact_rows, write_facts, tmp_path):
        rows = [r for r in fact_rows if r["theme"] == "applications_notifications"]
        ctx = notebook.setup(2, facts=str(write_facts(rows)), figures_dir=str(tmp_path))
        with pytest.raises(MissingMetricError) as err:
            plots.plot_writs_volume(ctx)
        assert "writs_sent" in err.value.metrics


class TestSaveFigure:
    @pytest.mark.parametrize("fmt", ["png", "svg"])
    def test_two_saves_are_identical(self, ctx_en, tmp_path, fmt):
        first = plots.save_figure(plots.plot_writs(ctx_en), tmp_path / "a", "chart", fmt).read_bytes()
        second = plots.save_figure(plots.plot_writs(ctx_en), tmp_path / "b", "chart", fmt).read_bytes()
        assert first == second
        assert len(first) > 1000

    def test_png_has_no_software_chunk(self, ctx_en, tmp_path):
        data = plots.save_figure(plots.plot_events(ctx_en), tmp_path, "chart", "png").read_bytes()
        assert data.startswith(b"\x89PNG") and b"Software" not in data and b"matplotlib" not in data.lower()

    def test_svg_has_no_date(self, ctx_en, tmp_path):
        text = plots.save_figure(plots.plot_events(ctx_en), tmp_path, "chart", "svg").read_text()
        assert text.lstrip().startswith("<?xml") and "<dc:date>" not in text

    def test_unknown_format(self, ctx_en, tmp_path):
        with pytest.raises(plots.FigureFormatError, match="'jpg'"):
            plots.save_figure(plots.plot_events(ctx_en), tmp_path, "chart", "jpg")
