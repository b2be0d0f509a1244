"""build_report: executed notebooks merged into one report, written as HTML and PDF."""

from __future__ import annotations

import datetime as dt
import io
import re

import nbformat
import papermill
import pytest
from fontTools.misc.timeTools import timestampSinceEpoch
from fontTools.ttLib import TTFont
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from pypdf import PdfReader
from small_notebooks import PARAMETERS

from analysis.errors import ReportError
from analysis.report.build import build_report
from analysis.report.merge import chapter_label, chapter_title, merge_notebooks, notebook_parameters

KAZAKH_LETTERS = "әғқңөұүһі"
CHAPTERS = {
    0: "Шолу: брифингтегі сандар",
    2: "Сот актілерін орындау",
    90: "Қосымша: әдіс және дереккөз",
}
# The report numbers chapters as the captions do; the overview has no number, the appendix is "A".
REPORT_TITLES = ["Шолу: брифингтегі сандар", "2. Сот актілерін орындау", "A. Қосымша: әдіс және дереккөз"]
CLAIM_TABLE = (
    '<p class="analysis-caption analysis-caption-table"><strong>Table 0.1:</strong> Claims checked</p>'
    '<table class="analysis-table"><thead><tr><th>claim</th><th>verdict</th></tr></thead>'
    "<tbody><tr><td>56,1 % → 9,4 %</td><td>екіұшты</td></tr></tbody></table>"
)
CHART = (
    "import matplotlib.pyplot as plt\n"
    "from IPython.display import HTML, display\n"
    "fig, ax = plt.subplots(figsize=(5, 2.5))\n"
    "ax.bar(['2024', '2025'], [40, {n}])\n"
    "plt.show()\n"
    "display(HTML('<p class=\"analysis-caption analysis-caption-figure\"><strong>Figure {n}.1:</strong> Writs</p>'))"
)
META = {
    "lang": "kk",
    "region": "Astana",
    "period": "2025",
    "baseline_period": "2024",
    "name": "astana-2025-kk",
    "parameters": {"lang": "kk", "region": "Astana", "period": "2025"},
    "generated": "2026-01-08",
    "commit": "0123456789abcdef0123456789abcdef01234567",
    "versions": {"pandas": "3.1.1", "weasyprint": "70.0"},
    "input_hashes": {"data/facts/astana-2025.csv": "ab" * 32},
    "source": {
        "outlet": "Kazinform <b>x</b>",
        "published": "2026-01-08",
        "title": "Сот <script>alert(1)</script>",
        "title_en": "Courts",
    },
}


def _source_notebook(number: int, title: str) -> nbformat.NotebookNode:
    params = new_code_cell(PARAMETERS)
    params.metadata["tags"] = ["parameters"]
    cells = [new_markdown_cell(f"# {title}\n\nМәтін: {KAZAKH_LETTERS} {KAZAKH_LETTERS.upper()}."), params]
    if number == 0:
        cells.append(new_code_cell(f"from IPython.display import HTML, display\ndisplay(HTML({CLAIM_TABLE!r}))"))
    else:
        cells.append(new_code_cell(CHART.replace("{n}", str(number))))
    cells.append(new_markdown_cell("Қорытынды мәтін. " * 30))
    return new_notebook(
        cells=cells,
        metadata={
            "analysis": {"chapter": number},
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        },
    )


@pytest.fixture(scope="module")
def executed(tmp_path_factory) -> list:
    folder = tmp_path_factory.mktemp("executed")
    paths = []
    for number, title in CHAPTERS.items():
        source = folder / f"{number:02d}.src.ipynb"
        nbformat.write(_source_notebook(number, title), source)
        out = folder / f"{number:02d}.ipynb"
        papermill.execute_notebook(source, out, parameters={"lang": "kk"}, progress_bar=False, cwd=folder)
        paths.append(out)
    return paths


@pytest.fixture(scope="module")
def built(executed, tmp_path_factory) -> dict:
    return build_report(executed, tmp_path_factory.mktemp("report"), META)


@pytest.fixture(scope="module")
def pages(built) -> list[str]:
    return [page.extract_text() for page in PdfReader(built["pdf"]).pages]


class TestBuildReport:
    def test_writes_html_and_pdf(self, built):
        assert built["html"].name == "report.html" and built["pdf"].name == "report.pdf"
        assert built["html"].read_bytes().startswith(b"<!DOCTYPE html>")
        assert built["pdf"].read_bytes().startswith(b"%PDF-")

    def test_page_one_opens_with_the_report_header_and_the_first_chapter(self, pages):
        first = " ".join(pages[0].split())
        assert "Астана: сот қызметін ұйымдастырудың 2025 жылғы қорытындысы" in first
        assert "2025 жыл, 2024 жылмен салыстырғанда".casefold() in first.casefold()
        assert "Дереккөз" in first and "Жасалған күні" in first
        assert REPORT_TITLES[0] in first  # no page of its own: the overview follows on page one
        # The commit is recorded in the reproducibility section, not on page one.
        assert "0123456789abcdef0123456789abcdef01234567" in pages[-1]

    def test_contents_follow_the_first_chapter_and_give_each_chapter_its_page(self, pages):
        at = next(i for i, text in enumerate(pages) if "Мазмұны" in text)
        assert at >= 1 and REPORT_TITLES[0] in pages[0]
        toc = pages[at]

        def body(i):  # a page's text, without the contents on the contents' page
            return pages[i].split("Қайталанымдылық", 1)[1] if i == at else pages[i]

        for title in [*REPORT_TITLES[1:], "Қайталанымдылық"]:
            page = next(i + 1 for i in range(at, len(pages)) if title in body(i))
            line = next(line for line in toc.splitlines() if title in line)
            assert re.search(rf"\b{page}\s*$", line), (title, page, line)

    def test_chapters_run_in_order(self, pages):
        text = "\n".join(pages)
        body = text[text.index("Мазмұны"):]
        starts = [body.index(title, body.index("Қайталанымдылық")) for title in REPORT_TITLES[1:]]
        assert starts == sorted(starts)

    def test_pages_are_numbered(self, pages):
        for number, text in enumerate(pages[1:], start=2):
            assert f"Бет {number} / {len(pages)}" in text

    def test_code_is_hidden(self, built, pages):
        html = built["html"].read_text(encoding="utf-8")
        assert "plt.subplots" not in html and "reporting year" not in html
        assert not any("plt.subplots" in text for text in pages)

    def test_outputs_captions_and_claim_table_are_kept(self, built, pages):
        text = "\n".join(pages)
        assert "Table 0.1:" in text and "Figure 2.1:" in text and "Figure 90.1:" in text
        assert "екіұшты" in text
        # One chart in each of the two chapters that draw one (pages share one resource dictionary).
        images = {image.name for page in PdfReader(built["pdf"]).pages for image in page.images}
        assert len(images) == 2

    def test_reproducibility_section_from_meta(self, pages):
        last = pages[-1]
        assert "Қайталанымдылық" in last
        assert "ab" * 32 in last.replace("\n", "")
        assert "weasyprint" in last and "70.0" in last

    def test_kazakh_letters_survive_extraction(self, pages):
        text = "\n".join(pages)
        for letter in KAZAKH_LETTERS + KAZAKH_LETTERS.upper():
            assert letter in text, letter

    def test_fonts_are_embedded_dejavu(self, built):
        fonts = {}
        for page in PdfReader(built["pdf"]).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
                descriptor = descriptor["/FontDescriptor"].get_object()
                fonts[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
        assert fonts and all(fonts.values()), fonts
        assert all("DejaVu" in name for name in fonts), fonts

    def test_meta_text_is_escaped_not_markup(self, built, pages):
        html = built["html"].read_text(encoding="utf-8")
        assert "<script>alert(1)</script>" not in html and "<b>x</b>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;b&gt;x&lt;/b&gt;" in html
        assert "<script>alert(1)</script>" in pages[0] and "<b>x</b>" in pages[0]

    def test_pdf_dates_come_from_meta(self, built):
        info = PdfReader(built["pdf"]).metadata
        assert info["/CreationDate"].startswith("D:20260108") and info["/ModDate"].startswith("D:20260108")

    def test_embedded_fonts_carry_the_report_date_not_the_clock(self, built):
        expected = timestampSinceEpoch(dt.datetime(2026, 1, 8, tzinfo=dt.UTC).timestamp())
        stamps = set()
        for page in PdfReader(built["pdf"]).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
                stamps.add(TTFont(io.BytesIO(data))["head"].modified)
        assert stamps == {expected}

    def test_two_builds_are_byte_identical(self, executed, built, tmp_path):
        again = build_report(executed, tmp_path, META)
        assert again["html"].read_bytes() == built["html"].read_bytes()
        assert again["pdf"].read_bytes() == built["pdf"].read_bytes()

    def test_missing_meta_keys_come_from_the_notebooks(self, executed, tmp_path):
        paths = build_report(executed[:1], tmp_path, {"generated": "2026-01-08", "commit": "c0ffee"})
        html = paths["html"].read_text(encoding="utf-8")
        assert '<html lang="kk">' in html  # from papermill's parameters
        assert "Kazinform" in html  # from the raw source record
        assert "c0ffee" in html

    def test_no_notebooks_is_a_named_error(self, tmp_path):
        with pytest.raises(ReportError, match="no executed notebooks"):
            build_report([], tmp_path, META)

    def test_missing_notebook_is_a_named_error(self, tmp_path):
        with pytest.raises(ReportError, match="not found: .*nowhere.ipynb"):
            build_report([tmp_path / "nowhere.ipynb"], tmp_path, META)

    def test_unwritable_folder_is_a_named_error(self, executed, tmp_path):
        blocker = tmp_path / "file"
        blocker.write_text("")
        with pytest.raises(ReportError, match="cannot create the report folder"):
            build_report(executed[:1], blocker / "out", META)


class TestMergeNotebooks:
    def test_chapters_cells_and_meta(self, executed):
        notebooks = [nbformat.read(p, as_version=4) for p in executed]
        merged = merge_notebooks(notebooks, META)
        assert merged.metadata["report"]["meta"] == META
        chapters = merged.metadata["report"]["chapters"]
        assert [c["title"] for c in chapters] == REPORT_TITLES
        assert [c["anchor"] for c in chapters] == ["chapter-0", "chapter-2", "chapter-90"]
        # Each chapter opens with an empty marker cell.
        assert len(merged.cells) == sum(len(nb.cells) for nb in notebooks) + len(notebooks)
        starts = [c.metadata["report"]["chapter"]["anchor"] for c in merged.cells if "report" in c.metadata]
        assert starts == ["chapter-0", "chapter-2", "chapter-90"]
        # Outputs are kept; ids are unique and do not depend on papermill's random ones.
        assert sum(len(c.get("outputs", [])) for c in merged.cells) == sum(
            len(c.get("outputs", [])) for nb in notebooks for c in nb.cells
        )
        ids = [c.id for c in merged.cells]
        assert len(set(ids)) == len(ids) and ids[0] == "chapter-0-0"
        nbformat.validate(merged)

    def test_inputs_are_not_changed(self, executed):
        notebook = nbformat.read(executed[0], as_version=4)
        before = nbformat.writes(notebook)
        merge_notebooks([notebook], META)
        assert nbformat.writes(notebook) == before


class TestChapterLabel:
    @pytest.mark.parametrize(("number", "label"), [(0, ""), (1, "1"), (5, "5"), (90, "A"), (None, ""), ("2", "")])
    def test_labels(self, number, label):
        assert chapter_label(number) == label

    def test_heading_in_the_body_is_numbered_once(self, executed):
        merged = merge_notebooks([nbformat.read(executed[1], as_version=4)], META)
        sources = [c.source for c in merged.cells if c.cell_type == "markdown"]
        assert sources[0].startswith("# 2. Сот актілерін орындау\n")
        numbered = nbformat.read(executed[1], as_version=4)  # chapter 2, its heading already numbered
        numbered.cells[0].source = sources[0]
        again = merge_notebooks([numbered], META)
        assert [c.source for c in again.cells if c.cell_type == "markdown"][0] == sources[0]
        assert again.metadata["report"]["chapters"][0]["title"] == "2. Сот актілерін орындау"


class TestChapterTitle:
    def test_first_heading_without_markup(self):
        cells = [new_markdown_cell("Intro text"), new_markdown_cell("## The *real* `title` ##\n# Later")]
        nb = new_notebook(cells=cells)
        assert chapter_title(nb) == "The real title"

    def test_no_heading(self):
        assert chapter_title(new_notebook(cells=[new_code_cell("# a comment")])) == ""


class TestNotebookParameters:
    def test_defaults_then_papermill_overrides(self, executed):
        params = notebook_parameters(nbformat.read(executed[0], as_version=4))
        assert params == {"facts": "data/facts/astana-2025.csv", "region": "Astana", "period": "2025",
                          "baseline_period": "2024", "lang": "kk"}

    def test_non_literal_values_are_skipped(self):
        cell = new_code_cell("a = 1\nb = compute()\nc: str = 'x'")
        cell.metadata["tags"] = ["parameters"]
        assert notebook_parameters(new_notebook(cells=[cell])) == {"a": 1, "c": "x"}


def _typeset(body: str, lang: str = "kk"):
    """``body`` laid out by WeasyPrint with the report's print stylesheet, as the report's pages are."""
    from weasyprint import HTML

    from analysis.report.exporter import STYLESHEET

    css = STYLESHEET.read_text(encoding="utf-8")
    return HTML(string=f'<!DOCTYPE html><html lang="{lang}"><head><style>{css}</style></head><body>{body}</body>'
                       "</html>").render()


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


def _text(box) -> str:
    return "".join(b.text for b in _boxes(box) if hasattr(b, "text") and isinstance(b.text, str))


def _page_of(document, element_id: str) -> int:
    """The index of the first page that holds a box of the element with ``id``."""
    return next(n for n, page in enumerate(document.pages)
                if any(b.element is not None and b.element.get("id") == element_id for b in _boxes(page._page_box)))


def _running_header(page) -> str:
    return next(_text(b) for b in _boxes(page._page_box) if getattr(b, "at_keyword", "") == "@top-left")


def _chapter(number: int, paragraphs: int) -> str:
    """A chapter as the report template writes it: an empty marker, then the cell whose output is the heading."""
    title = f"{number}. Тарау {number}"
    text = "".join(f"<p>{'Қорытынды мәтін. ' * 40}</p>" for _ in range(paragraphs))
    return (f'<div class="chapter-start" data-title="{title}" id="chapter-{number}"></div>'
            f'<div class="jp-Cell"><div class="jp-OutputArea-output"><h1>{title}</h1></div></div>'
            f'<div class="jp-Cell"><div class="jp-OutputArea-output">{text}</div></div>')


def _table_output(rows: int = 8, words: int = 1, columns: int = 3) -> str:
    """A heading with its introducing sentence, then a short table (by its rows) as ``Table.to_html`` writes it:
    two outputs of one cell, as the appendix shows them."""
    text = "".join(f'<td>{"сөз " * words}</td>' for _ in range(columns - 2))
    body = "".join(f'<tr id="row-{n}"><td>жол {n}</td>{text}<td class="num">47 434</td></tr>' for n in range(rows))
    return ('<div class="jp-Cell"><div class="jp-OutputArea">'
            '<div class="jp-OutputArea-child"><div class="jp-OutputArea-output">'
            '<h2 id="heading">Барлық тексерулер</h2><p>А.1-кесте әр тексеруді есептеуімен бірге көрсетеді.</p>'
            '</div></div><div class="jp-OutputArea-child"><div class="jp-OutputArea-output">'
            '<div class="table-short"><table class="dataframe analysis-table">'
            '<caption id="caption"><strong>А.1-кесте:</strong> Тексерулер</caption>'
            f'<thead><tr>{"<th>Баған</th>" * columns}</tr></thead>'
            f"<tbody>{body}</tbody></table></div></div></div></div></div>")


class TestPrintStylesheet:
    """What the print stylesheet promises about pages, checked on the layout WeasyPrint makes of it."""

    def test_the_running_header_names_the_chapter_in_effect_at_the_top_of_the_page(self):
        # Chapter 1 fills its first page and runs on; chapter 2 opens lower on that next page.
        document = _typeset("<main>" + _chapter(1, 7) + _chapter(2, 1) + "</main>")
        second = _page_of(document, "chapter-2")
        assert second > 0 and _page_of(document, "chapter-1") < second
        assert _running_header(document.pages[second]) == "1. Тарау 1"
        assert all(_running_header(page) == "2. Тарау 2" for page in document.pages[second + 1:])

    @pytest.mark.parametrize("words", [0, 60, 150])
    def test_a_chapter_heading_that_opens_a_page_names_it_wherever_its_marker_is(self, words):
        # Filler of growing length before chapter 2 moves its heading down the page and, for some lengths, to the
        # top of the next one, with its empty marker left at the foot of the page before.
        document = _typeset(f"<main>{_chapter(1, 5)}<p>{'Мәтін. ' * words}</p>{_chapter(2, 4)}</main>")
        first_lines = [next(_text(b) for b in _boxes(page._page_box.children[0]) if type(b).__name__ == "LineBox")
                       for page in document.pages]
        heading = next(n for n, page in enumerate(document.pages) if any(
            b.element_tag == "h1" and "Тарау 2" in _text(b) for b in _boxes(page._page_box)))
        expected = ["1. Тарау 1"] * heading + ["2. Тарау 2" if first_lines[heading] == "2. Тарау 2" else "1. Тарау 1"]
        expected += ["2. Тарау 2"] * (len(document.pages) - heading - 1)
        assert [_running_header(page) for page in document.pages] == expected

    def test_the_page_of_the_contents_names_no_chapter(self):
        document = _typeset('<main><div class="chapter-start" data-title="Шолу" id="chapter-0"></div><h1>Шолу</h1>'
                            '<nav class="toc"><h2>Мазмұны</h2></nav></main>')
        assert _running_header(document.pages[-1]) == ""

    @pytest.mark.parametrize("lines", range(0, 60, 8))
    def test_a_short_table_stays_whole_with_its_caption_and_its_heading(self, lines):
        filler = "".join(f"<p>Мәтін жолы {n}.</p>" for n in range(lines))
        document = _typeset(f"<main>{filler}{_table_output()}</main>")
        pages = {_page_of(document, element) for element in ("heading", "caption", "row-0", "row-7")}
        assert len(pages) == 1

    @pytest.mark.parametrize("lines", [0, 20])
    def test_a_wide_short_table_breaks_between_rows_and_keeps_its_heading_and_caption(self, lines):
        # Twelve rows of six columns of wrapped text are well over a page tall (as the table of claim checks is in
        # Kazakh and Russian): the table starts where it is, not on a page of its own after an empty one.
        filler = "".join(f"<p>Мәтін жолы {n}.</p>" for n in range(lines))
        document = _typeset(f"<main>{filler}{_table_output(rows=12, words=40, columns=6)}</main>")
        assert _page_of(document, "heading") == _page_of(document, "caption") == _page_of(document, "row-0") == 0
        assert _page_of(document, "heading") == _page_of(document, "caption") == _page_of(document, "row-0")
        assert _page_of(document, "row-11") > _page_of(document, "row-0")

    def test_tables_stay_inside_the_text_block(self):
        # Long words in seven text columns, a fact id, paths and checksums: the automatic table layout must fit
        # them to the page (hyphenating words, breaking paths and checksums), not widen the table past the margin.
        words = "несвоевременного процессуальных непосредственно"
        cells = "".join(f"<td>{words}</td>" for _ in range(6))
        analysis = (f'<table class="dataframe analysis-table"><thead><tr>{"<th>Столбец</th>" * 8}</tr></thead>'
                    f'<tbody><tr><td>ast25-writs-rejected-share-change</td><td class="num">2025</td>{cells}</tr>'
                    "</tbody></table>")
        repro = ('<table class="repro-table"><tbody><tr>'
                 '<td class="mono">notebooks/03_international_assistance_and_services.ipynb</td>'
                 f'<td class="mono hash">{"ab" * 32}</td></tr></tbody></table>')
        document = _typeset(f"<main>{analysis}{repro}</main>", lang="ru")
        tables = [b for page in document.pages for b in _boxes(page._page_box) if type(b).__name__ == "TableBox"]
        assert len(tables) == 2
        for page in document.pages:
            right = page._page_box.content_box_x() + page._page_box.width
            for table in (b for b in _boxes(page._page_box) if type(b).__name__ == "TableBox"):
                assert table.position_x + table.margin_width() <= right + 0.01
        # The id is broken at its own hyphens only.
        first = next(b for b in _boxes(document.pages[0]._page_box) if type(b).__name__ == "TableCellBox"
                     and "ast25" in _text(b))
        lines = [_text(line) for line in _boxes(first) if type(line).__name__ == "LineBox"]
        assert "".join(lines) == "ast25-writs-rejected-share-change"

    def test_a_number_in_a_table_cell_does_not_break_at_its_thousands_space(self):
        cells = "".join(f"<td>{'сөз ' * 30}</td>" for _ in range(6))
        document = _typeset('<table class="dataframe analysis-table"><tbody><tr>'
                            f'<td class="num" id="number">47 434 000</td>{cells}</tr></tbody></table>')
        cell = next(b for b in _boxes(document.pages[0]._page_box)
                    if b.element is not None and b.element.get("id") == "number")
        assert len([b for b in _boxes(cell) if type(b).__name__ == "LineBox"]) == 1
