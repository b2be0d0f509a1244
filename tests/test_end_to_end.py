"""The whole path on the bundled briefing: one runner call, three languages, three PDF reports a reviewer reads."""

from __future__ import annotations

import json
import re

import pytest
from pypdf import PdfReader

from analysis.cli import main
from analysis.config import DEFAULT_FACTS, NOTEBOOKS_DIR, PARAMS_DIR
from analysis.pipeline.jobs import plan_jobs

SPACE = "[ \u00a0\u202f]"
# What each language must show: section titles and key figures in its own number format.
EXPECTED = {
    "en": {"sections": ["Contents", "Overview", "Enforcement of judicial acts", "Procedural discipline",
                        "Appendix", "Reproducibility"],
           "figures": [r"47,434", r"4,447", r"9\.4%", r"9\.375%", r"177\.85", r"2\.28"]},
    "kk": {"sections": ["Мазмұны", "Сот актілерін орындау", "Процестік тәртіп", "Қосымша"],
           "figures": [rf"47{SPACE}434", rf"4{SPACE}447", rf"9,4{SPACE}%", rf"9,375{SPACE}%", r"177,85", r"2,28"]},
    "ru": {"sections": ["Содержание", "Исполнение судебных актов", "Процессуальная дисциплина", "Приложение"],
           "figures": [rf"47{SPACE}434", rf"4{SPACE}447", rf"9,4{SPACE}%", rf"9,375{SPACE}%", r"177,85", r"2,28"]},
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    root = tmp_path_factory.mktemp("e2e")
    rc = main(["run", "--params", str(PARAMS_DIR / "astana-2025-en.yaml"), "-p", "lang", "en,kk,ru",
               "--notebooks", str(NOTEBOOKS_DIR), "--reports", str(root / "reports"),
               "--cache-dir", str(root / "cache")])
    assert rc == 0
    return root / "reports"


def pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
class TestReport:
    def test_folder_is_complete(self, reports, lang):
        folder = reports / f"astana-2025-{lang}"
        assert {p.name for p in folder.iterdir()} == {"notebooks", "figures", "facts.csv", "claims.csv",
                                                     "report.html", "report.pdf", "manifest.json"}
        jobs = plan_jobs(sorted(NOTEBOOKS_DIR.glob("*.ipynb")), [DEFAULT_FACTS], "Astana")
        assert sorted(p.name for p in (folder / "notebooks").glob("*.ipynb")) == sorted(j.name for j in jobs)
        captions = (folder / "report.html").read_text(encoding="utf-8").count("analysis-caption-figure\"")
        # Every theme chapter draws at least one chart; each chart is saved once, with its data beside it.
        assert captions >= 5 and len(list((folder / "figures").glob("*.png"))) == captions
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["parameters"]["lang"] == lang

    def test_pdf_has_the_sections_and_the_key_figures_in_the_language_format(self, reports, lang):
        text = pdf_text(reports / f"astana-2025-{lang}" / "report.pdf")
        for section in EXPECTED[lang]["sections"]:
            assert section in text, section
        for pattern in EXPECTED[lang]["figures"]:
            assert re.search(pattern, text), pattern

    def test_the_ambiguous_change_shows_both_readings(self, reports, lang):
        text = pdf_text(reports / f"astana-2025-{lang}" / "report.pdf")
        assert re.search(r"12[.,]7", text) and re.search(r"9[.,]72", text)

    def test_kazakh_letters_intact(self, reports, lang):
        text = pdf_text(reports / f"astana-2025-{lang}" / "report.pdf")
        # Every report quotes the source; the Kazakh report also writes its own prose with these letters.
        assert "өтініштердің саны екі есеге азайды" in text
        if lang == "kk":
            assert set("әғқңөұүі") <= set(text)  # "һ" is rare in Kazakh and the prose has none


@pytest.mark.parametrize("family", ["DejaVu Serif", "DejaVu Sans"])
def test_report_fonts_cover_every_kazakh_letter(family):
    """The print stylesheet names these families; each must have a glyph for every Kazakh letter."""
    import subprocess

    from fontTools.ttLib import TTFont

    path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True, check=True).stdout
    assert family.replace(" ", "") in path
    cmap = TTFont(path).getBestCmap()
    letters = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
    assert [c for c in letters if ord(c) not in cmap] == []



class TestReaderFacing:
    def test_page_one_carries_the_findings(self, reports):
        for lang in ("en", "kk", "ru"):
            first = " ".join(PdfReader(reports / f"astana-2025-{lang}" / "report.pdf").pages[0].extract_text().split())
            labels = {"en": ("Key points", "correct", "unclear wording"), "kk": ("Негізгі", "дұрыс", "екіұшты"),
                      "ru": ("Главное", "верно", "неясная формулировка")}[lang]
            assert all(label.casefold() in first.casefold() for label in labels), (lang, first[:400])
            assert "https://kaz.inform.kz/" in first

    def test_html_marks_its_structure(self, reports):
        from bs4 import BeautifulSoup

        for lang in ("en", "ru"):
            soup = BeautifulSoup((reports / f"astana-2025-{lang}" / "report.html").read_text(encoding="utf-8"),
                                 "html.parser")
            tables = soup.select("table.analysis-table")
            assert tables and all(t.find("caption") for t in tables)
            assert all(th.get("scope") == "col" for t in tables for th in t.select("thead th"))
            images = soup.select("img")
            assert images and all(img.get("alt") for img in images)
            # Alternative text states the data, not only the caption: it carries the chart's figures.
            assert all(re.search(r"\d", img["alt"]) for img in images)
            assert soup.select('[lang="kk"]'), "Kazakh quotes are marked as such"
            assert all(a["href"].startswith("figures/") for a in soup.select("a.figure-data"))


# The main body a reviewer reads: page one with the findings, the contents, the chapters; the appendix apart.
MAIN_BODY_PAGES = 8


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_the_main_body_is_short_and_the_appendix_starts_a_page(reports, lang):
    pages = [page.extract_text() for page in PdfReader(reports / f"astana-2025-{lang}" / "report.pdf").pages]
    # Each page opens with the running header of its chapter; the appendix's is "A. ..." (Cyrillic "А" in kk, ru).
    appendix = next(i for i, text in enumerate(pages) if text.lstrip().startswith(("A. ", "\u0410. ")))
    assert appendix <= MAIN_BODY_PAGES, f"main body of {appendix} pages"
    title = pages[appendix].strip().splitlines()[0]
    assert title not in pages[appendix - 1], "the appendix starts a page of its own"


# Latin-script words a Kazakh or Russian edition may show: proper names (the outlet, its site), the letter of the
# appendix ("A.1"), Roman numerals of half years and quarters, the placeholders of a rule ("X percent", "N-fold")
# and the CSV link of each chart.
ALLOWED_LATIN = {"Kazinform", "Sputnik", "CSV", "A", "I", "II", "III", "IV", "X", "N"}
# A fact id on a chart's source line ("ast25-writs-sent", "mg24h1-cassation-appeals") names a row of the
# appendix: provenance, not prose.
FACT_ID = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")
# The facts file the appendix names as the origin of every figure, and the outlet's site ("veved.ru").
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|yaml|txt|kz|ru)\b")


def foreign_words(html: str, lang: str) -> dict[str, list[str]]:
    """English words and snake_case ids in the reader's text of a kk/ru report, each with where it stands.

    Left out: text in another language marked as such (the source's quotes, with ``lang``), the source's URL,
    the report's name, file names, the parameters and source-record tables of the appendix and the
    reproducibility part (package versions, checksums), and quotes set in «» or “”.
    """
    from bs4 import BeautifulSoup

    from analysis.i18n.text import translator

    _ = translator(lang, "analysis")
    provenance = {_("Parameters of this report"), _("The source and its record")}
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select("style, script, .reproducibility, .source-url, .mono"):
        tag.decompose()
    for tag in soup.select("[lang]"):
        if tag.name != "html" and tag["lang"] != lang:
            tag.decompose()
    for table in soup.select("table"):
        caption = table.find("caption")
        if caption and any(title in caption.get_text() for title in provenance):
            table.decompose()
    found: dict[str, list[str]] = {"english": [], "snake_case": []}
    for line in soup.get_text("\n").splitlines():
        text = FACT_ID.sub(" ", FILE_NAME.sub(" ", re.sub(r"«[^»]*»|“[^”]*”", " ", line)))
        for word in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text):
            kind = "snake_case" if "_" in word else "english"
            if word not in ALLOWED_LATIN:
                found[kind].append(f"{word!r} in {line.strip()[:90]!r}")
    return found


def test_a_briefing_with_its_own_words_finds_them():
    """The check itself: an English word or an id in running text is found, a quote or a marked source is not."""
    html = ('<html lang="ru"><body><p>Доля изменилась (parameter change_reading), ast25-writs-sent.</p>'
            '<p>«quoted source» <span lang="kk">сөз</span> <span lang="en">English gloss</span></p></body></html>')
    found = foreign_words(html, "ru")
    assert [f.split(" in ")[0] for f in found["english"]] == ["'parameter'"]
    assert [f.split(" in ")[0] for f in found["snake_case"]] == ["'change_reading'"]


@pytest.fixture(scope="module")
def other_briefing(reports):
    """A second briefing's kk and ru editions: a Russian source, nine months, a region that is not a city."""
    root = reports.parent
    rc = main(["run", "--params", str(PARAMS_DIR / "sverdlovsk-2025-9m-ru.yaml"), "-p", "lang", "kk,ru",
               "--notebooks", str(NOTEBOOKS_DIR), "--reports", str(reports), "--cache-dir", str(root / "cache")])
    assert rc == 0
    return reports


@pytest.mark.parametrize("name", ["astana-2025-kk", "astana-2025-ru", "sverdlovsk-2025-9m-kk",
                                  "sverdlovsk-2025-9m-ru"])
def test_kazakh_and_russian_editions_have_no_english_words_or_ids(other_briefing, name):
    html = (other_briefing / name / "report.html").read_text(encoding="utf-8")
    assert foreign_words(html, name.rsplit("-", 1)[1]) == {"english": [], "snake_case": []}


@pytest.mark.parametrize("name", ["sverdlovsk-2025-9m-kk", "sverdlovsk-2025-9m-ru"])
def test_a_period_of_nine_months_reads_as_words(other_briefing, name):
    pages = [page.extract_text() for page in PdfReader(other_briefing / name / "report.pdf").pages]
    html = (other_briefing / name / "report.html").read_text(encoding="utf-8")
    # The text as written (a PDF line may break after a dash), tags and spacing aside.
    text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)).split())
    assert "г. году" not in text and "г.." not in text and "ж. қаңтар–қыркүйек жыл" not in text and "«»" not in text
    # The region's name in the report's language, from the metadata (the appendix's record of the source and of
    # the parameters keeps the English id and gloss).
    body = " ".join(pages[:next(i for i, page in enumerate(pages) if page.lstrip().startswith(("A. ", "\u0410. ")))])
    assert "Sverdlovsk" not in body and ("Свердловская область" in body or "Свердлов облысы" in body)
    if name.endswith("-ru"):
        assert "с январём–сентябрём 2024 г." in text and "за январь–сентябрь 2025 г." in text
    else:
        assert "2025 ж. қаңтар–қыркүйектегі" in text
