"""The report exporters: HTML with code hidden, PDF typeset by WeasyPrint, the nbconvert command line."""

from __future__ import annotations

import base64
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from pypdf import PdfReader
from small_notebooks import PARAMETERS

from analysis.i18n.formatting import format_date
from analysis.report.exporter import (
    ReportExportError,
    ReportHTMLExporter,
    ReportPDFExporter,
    css_content,
    html_to_pdf,
    report_context,
    strip_active_content,
)

JUPYTER = Path(sys.executable).parent / "jupyter"


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["2024", "2025"], [1, 2])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=50)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _executed_notebook(lang: str = "kk", title: str = "Орындау: сот актілері") -> nbformat.NotebookNode:
    """A notebook as papermill leaves it: parameters, injected parameters and rich outputs."""
    params = new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    injected = new_code_cell(f'lang = "{lang}"\n')
    injected.metadata["tags"] = ["injected-parameters"]
    table = new_code_cell(
        "ctx.show_table(tables.writs_table)",
        outputs=[
            new_output(
                "display_data",
                data={
                    "text/html": '<p class="analysis-caption analysis-caption-table"><strong>Table 2.1:</strong> '
                    'Writs</p><table class="analysis-table"><tr><td>қағаз</td><td>47 434</td></tr></table>',
                    "text/plain": "<IPython.core.display.HTML object>",
                },
            )
        ],
    )
    chart = new_code_cell(
        "ctx.show_chart(plots.writs_chart)",
        outputs=[
            new_output("display_data", data={"image/png": _png(), "text/plain": "<Figure>"}),
            new_output(
                "display_data",
                data={"text/html": '<p class="analysis-caption analysis-caption-figure"><strong>Figure 2.1:</strong> '
                      "Writs sent</p>"},
            ),
            new_output("stream", name="stderr", text="UserWarning: noisy kernel\n"),
            new_output("display_data", data={"application/javascript": "alert('js')"}),
        ],
    )
    nb = new_notebook(
        cells=[new_markdown_cell(f"# {title}\n\nӘ ғ қ ң ө ұ ү һ і."), params, injected, table, chart],
        metadata={
            "analysis": {"chapter": 2},
            "papermill": {"parameters": {"lang": lang}},
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        },
    )
    return nb


@pytest.fixture(scope="module")
def html_kk() -> str:
    html, _ = ReportHTMLExporter().from_notebook_node(_executed_notebook("kk"))
    return html


class TestReportHTMLExporter:
    def test_code_and_parameter_cells_are_hidden(self, html_kk):
        assert "ctx.show_table" not in html_kk
        assert "ctx.show_chart" not in html_kk
        assert 'lang = "kk"' not in html_kk
        assert "reporting year" not in html_kk

    def test_outputs_prose_and_captions_are_kept(self, html_kk):
        assert "Table 2.1:" in html_kk and "Figure 2.1:" in html_kk
        assert "data:image/png;base64," in html_kk
        assert "47 434" in html_kk
        assert "Ә ғ қ ң ө ұ ү һ і." in html_kk

    def test_a_chart_takes_its_caption_as_alternative_text(self, html_kk):
        assert 'alt="Figure 2.1: Writs sent"' in html_kk

    def test_stderr_and_scripts_are_left_out(self, html_kk):
        assert "noisy kernel" not in html_kk
        assert "alert(" not in html_kk
        assert "<script" not in html_kk

    def test_stderr_kept_when_asked(self):
        html, _ = ReportHTMLExporter(hide_stderr=False).from_notebook_node(_executed_notebook())
        assert "noisy kernel" in html

    def test_alone_a_notebook_gets_title_page_and_labels_from_its_parameters(self, html_kk):
        # lang comes from papermill's parameters, the source from the raw record beside the text.
        assert '<html lang="kk">' in html_kk
        # One chapter: no contents, which only follow a report's first chapter when there are more.
        assert "Мазмұны" not in html_kk and "Қайталанымдылық" in html_kk
        assert "Kazinform" in html_kk
        assert format_date(dt.date(2026, 1, 8), "kk") in html_kk
        assert "data/facts/astana-2025.csv" in html_kk

    def test_chapter_title_is_the_first_heading(self, html_kk):
        assert 'id="chapter-2"' in html_kk
        # Numbered as the captions number it ("Figure 2.1"), in the contents and the heading alike.
        assert 'data-title="2. Орындау: сот актілері"' in html_kk
        assert "<h1>2. Орындау: сот актілері" in html_kk

    def test_same_notebook_gives_same_html(self, html_kk):
        again, _ = ReportHTMLExporter().from_notebook_node(_executed_notebook("kk"))
        assert again == html_kk

    def test_english_labels_without_translation(self):
        html, _ = ReportHTMLExporter().from_notebook_node(_executed_notebook("en"))
        assert '<html lang="en">' in html
        assert "Contents" in html and "Reproducibility" in html

    def test_unknown_language_is_a_named_error(self):
        with pytest.raises(ReportExportError, match="unknown report language 'xx'"):
            ReportHTMLExporter().from_notebook_node(_executed_notebook("xx"))

    def test_unreadable_stylesheet_is_a_named_error(self, tmp_path):
        exporter = ReportHTMLExporter(stylesheet=str(tmp_path / "missing.css"))
        with pytest.raises(ReportExportError, match="missing.css"):
            exporter.from_notebook_node(_executed_notebook())

    def test_options_are_documented_configurables(self):
        for cls, names in ((ReportHTMLExporter, ("hide_stderr", "hide_echoed_results", "stylesheet")),
                           (ReportPDFExporter, ("pdf_variant",))):
            traits = cls.class_traits(config=True)
            for name in names:
                assert name in traits and traits[name].help

    def test_echoed_results_are_left_out_rich_ones_kept(self):
        nb = _executed_notebook()
        nb.cells += [
            new_code_cell("ctx.show_chart(p)", outputs=[
                new_output("execute_result", data={"text/plain": "PosixPath('figures/02-writs.png')"},
                           execution_count=5),
            ]),
            new_code_cell("ctx.show_table(t)", outputs=[
                new_output("display_data", data={"text/html": "<p>displayed table</p>"}),
                new_output("execute_result", data={"text/html": "<p>returned frame</p>", "text/plain": "x"},
                           execution_count=6),
            ]),
            new_code_cell("frame", outputs=[
                new_output("execute_result", data={"text/html": "<p>rich result</p>", "text/plain": "x"},
                           execution_count=7),
            ]),
        ]
        html, _ = ReportHTMLExporter().from_notebook_node(nb)
        assert "PosixPath" not in html and "returned frame" not in html
        assert "displayed table" in html and "rich result" in html
        shown, _ = ReportHTMLExporter(hide_echoed_results=False).from_notebook_node(nb)
        assert "PosixPath" in shown and "returned frame" in shown

    def test_title_shown_in_the_report_language_replaces_the_file_title(self):
        nb = _executed_notebook("kk", title="2. Enforcement of judicial acts")
        nb.cells.insert(3, new_code_cell("ctx.show_title(t)", outputs=[new_output(
            "display_data", data={"text/markdown": "# 2. Сот актілерін орындау"},
            metadata={"analysis": {"chapter_title": "2. Сот актілерін орындау", "chapter": 2}})]))
        html, _ = ReportHTMLExporter().from_notebook_node(nb)
        assert "Enforcement of judicial acts" not in html
        assert 'data-title="2. Сот актілерін орындау"' in html
        assert "Ә ғ қ ң ө ұ ү һ і." in html  # the rest of the title cell stays
        assert "2. 2." not in html

    def test_input_code_is_hidden_by_default_but_can_be_shown(self):
        html, _ = ReportHTMLExporter(exclude_input=False).from_notebook_node(_executed_notebook())
        assert '<span class="n">show_table</span>' in html


class TestReportContext:
    META = {"lang": "ru", "region": "Astana", "period": "2025", "baseline_period": "2024", "generated": "2026-01-08",
            "source": {"outlet": "Kazinform", "published": "2026-01-08"}}

    def test_labels_dates_and_period_in_the_report_language(self):
        ctx = report_context({"meta": self.META, "chapters": []}, css="")
        assert ctx["region"] == "Астана"
        assert ctx["period"] == "2025 год в сравнении с 2024"
        assert ctx["generated"] == format_date(dt.date(2026, 1, 8), "ru")
        assert ctx["created"] == "2026-01-08"
        assert ctx["gettext"]("Contents") == "Содержание"

    def test_a_period_other_than_a_year_is_named_in_its_own_words(self):
        meta = dict(self.META, period="2025-01/2025-09", baseline_period="2024-01/2024-09")
        ctx = report_context({"meta": meta, "chapters": []}, css="")
        assert ctx["period"] == "январь–сентябрь 2025 г., период сравнения — январь–сентябрь 2024 г."
        meta = dict(self.META, lang="en", period="2025-H1", baseline_period="2024-H1")
        ctx = report_context({"meta": meta, "chapters": []}, css="")
        assert ctx["period"] == "H1 2025, compared with H1 2024"
        assert ctx["title"] == "Court administration in Astana: results for H1 2025"

    def test_generated_datetime_becomes_utc(self):
        meta = {**self.META, "generated": "2026-01-08T09:30:00+05:00"}
        assert report_context({"meta": meta}, css="")["created"] == "2026-01-08T04:30:00Z"

    def test_bad_generated_date_is_a_named_error(self):
        with pytest.raises(ReportExportError, match="generated date 'yesterday'"):
            report_context({"meta": {**self.META, "generated": "yesterday"}}, css="")


class TestStripActiveContent:
    def test_plain_output_is_unchanged(self):
        html = '<p class="analysis-caption"><strong>Table 2.1:</strong> a &lt;b&gt;quote&lt;/b&gt;</p><table></table>'
        assert strip_active_content(html) == html

    def test_scripts_handlers_and_javascript_links_are_removed(self):
        html = ('<p onclick="x()">text<script>alert(1)</script><iframe src="y"></iframe>'
                '<img src="data:image/png;base64,AA" onerror="alert(2)"><a href=" JavaScript:alert(3)">link</a></p>')
        clean = strip_active_content(html)
        assert "alert" not in clean and "<iframe" not in clean and "onclick" not in clean
        assert "text" in clean and "link" in clean and 'src="data:image/png;base64,AA"' in clean

    def test_outputs_of_a_notebook_pass_through_it(self):
        nb = _executed_notebook()
        nb.cells.append(new_code_cell("x", outputs=[
            new_output("display_data", data={"text/html": "<p>html out<script>alert(4)</script></p>"}),
            new_output("display_data", data={"text/markdown": "md out <img src=x onerror=alert(5)>"}),
        ]))
        html, _ = ReportHTMLExporter().from_notebook_node(nb)
        assert "html out" in html and "md out" in html
        assert "alert(4)" not in html and "alert(5)" not in html


class TestCssContent:
    def test_counters_between_strings(self):
        assert css_content("Page {page} of {pages}", page="counter(page)", pages="counter(pages)") == (
            '"Page " counter(page) " of " counter(pages)'
        )

    def test_quotes_and_markup_cannot_leave_the_string(self):
        value = css_content('a"b</style>{page}', page="counter(page)")
        assert value == '"a\\"b\\3C /style>" counter(page)'

    def test_unknown_placeholder_is_a_named_error(self):
        with pytest.raises(ReportExportError, match="unknown placeholder"):
            css_content("{chapter}")


class TestHtmlToPdf:
    def test_external_resources_are_not_fetched(self, tmp_path):
        image = tmp_path / "chart.png"
        image.write_bytes(base64.b64decode(_png()))
        with_file = html_to_pdf(f'<html><body><img src="{image.as_uri()}"></body></html>', created="2026-01-08")
        with_data = html_to_pdf(f'<html><body><img src="data:image/png;base64,{_png()}"></body></html>',
                                created="2026-01-08")
        assert len(PdfReader(io.BytesIO(with_file)).pages[0].images) == 0
        assert len(PdfReader(io.BytesIO(with_data)).pages[0].images) == 1

    def test_dates_come_from_the_page(self):
        pdf = html_to_pdf('<html><head><meta name="dcterms.created" content="2026-01-08"></head>'
                          "<body>x</body></html>", created="2026-01-08")
        assert PdfReader(io.BytesIO(pdf)).metadata["/CreationDate"].startswith("D:20260108")

    def test_a_warmed_up_process_typesets_the_same_bytes_as_a_cold_one(self, html_kk, tmp_path):
        # Hyphenated cells in each language, so the warmed-up hyphenation patterns are used.
        words = {"en": "inconsistencies", "ru": "несвоевременного", "kk": "хабарландырудағы"}
        cells = "".join(f'<td lang="{lang}">{(word + " ") * 3}</td>' for lang, word in words.items())
        page = tmp_path / "page.html"
        page.write_text(html_kk.replace("</main>", f'<table class="dataframe analysis-table"><tr>{cells}</tr></table>'
                                        "</main>", 1), encoding="utf-8")
        script = ("import sys, pathlib\n"
                  "from analysis.report.pdf import html_to_pdf\n"
                  "if sys.argv[2] == 'warm':\n"
                  "    from analysis.pipeline.exporting import warm_export_process\n"
                  "    warm_export_process()\n"
                  "html = pathlib.Path(sys.argv[1]).read_text(encoding='utf-8')\n"
                  "sys.stdout.buffer.write(html_to_pdf(html, created='2026-01-08'))\n")
        cold, warm = (subprocess.run([sys.executable, "-c", script, str(page), how], capture_output=True, check=True,
                                     timeout=600).stdout for how in ("cold", "warm"))
        assert cold.startswith(b"%PDF") and cold == warm


class TestCommandLine:
    @pytest.mark.parametrize(("to", "suffix", "magic"), [("report_pdf", ".pdf", b"%PDF-"),
                                                          ("report_html", ".html", b"<!DOCTYPE html>")])
    def test_jupyter_nbconvert_to_report(self, tmp_path, to, suffix, magic):
        path = tmp_path / "enforcement.ipynb"
        nbformat.write(_executed_notebook("kk"), path)
        result = subprocess.run([str(JUPYTER), "nbconvert", "--to", to, str(path)], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
        out = path.with_suffix(suffix)
        assert out.read_bytes().startswith(magic)
        if suffix == ".pdf":
            text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
            assert "2. Орындау: сот актілері" in text
            assert "Мазмұны" not in text  # one chapter: no contents

    def test_two_command_line_runs_give_the_same_pdf(self, tmp_path):
        # Separate processes, so nothing but the inputs is shared (fontTools would stamp the clock).
        path = tmp_path / "enforcement.ipynb"
        nbformat.write(_executed_notebook("kk"), path)
        outputs = []
        for name in ("first", "second"):
            subprocess.run([str(JUPYTER), "nbconvert", "--to", "report_pdf", str(path), "--output-dir",
                            str(tmp_path / name)], capture_output=True, check=True, timeout=120)
            outputs.append((tmp_path / name / "enforcement.pdf").read_bytes())
        assert outputs[0] == outputs[1]
