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
