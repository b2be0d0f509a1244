"""The notebooks: committed clean, every figure from the facts, and each one runs with papermill in every language.

Every notebook is executed into a temporary folder: English from ``notebooks/`` (the working directory
JupyterLab uses), Kazakh and Russian from the project root, so relative paths must resolve either way.
"""

from __future__ import annotations

import ast
import json
import re

import nbformat
import papermill as pm
import pytest

from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT
from analysis.kernels.provisioner import papermill_options

NOTEBOOKS = ["00_overview", "01_methodological_support", "02_enforcement",
             "03_international_assistance_and_services", "04_procedural_discipline",
             "05_applications_and_notifications", "90_appendix"]
CHAPTERS = {"00_overview": 0, "01_methodological_support": 1, "02_enforcement": 2,
            "03_international_assistance_and_services": 3, "04_procedural_discipline": 4,
            "05_applications_and_notifications": 5, "90_appendix": 90}
PARAMETERS_CELL = '''\
facts: str = "data/facts/astana-2025.csv"  # facts CSV file(s), comma-separated, relative to the project root
region: str = "Astana"  # region whose figures are reported
period: str = "2025"  # reporting period: 2025, 2025-H1, 2025-Q3, 2025-01 or 2025-01/2025-09
baseline_period: str = "2024"  # period the briefing compares with, in the same form
lang: str = "en"  # report language: en, kk or ru
change_reading: str = "points"  # reading of 'a share changed by X percent': points or relative
figure_format: str = "png"  # chart file format: png or svg
figures_dir: str = "reports/figures"  # folder the charts are written to, relative to the project root'''
THEMES = {"01_methodological_support": "methodological_support", "02_enforcement": "enforcement",
          "03_international_assistance_and_services": "international_assistance",
          "04_procedural_discipline": "procedural_discipline",
          "05_applications_and_notifications": "applications_notifications"}
# Numbers a chapter may write in code: arithmetic and formatting (a percent, a mean, decimals shown), no figure.
CODE_CONSTANTS = {0, 1, 2, 3, 100}
CAPTIONS = {"en": ("Figure {c}.1", "Table {c}.1"), "kk": ("{c}.1-сурет", "{c}.1-кесте"),
            "ru": ("Рисунок {c}.1", "Таблица {c}.1")}
KAZAKH_LETTERS = set("әғқңөұүһі")


def _read(name):
    return nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)


def _parameters_cell(name: str) -> str:
    if name not in THEMES:
        return PARAMETERS_CELL
    return (PARAMETERS_CELL + f'\ntheme: str = "{THEMES[name]}"  # theme id of the facts this chapter presents\n'
            f"chapter: int = {CHAPTERS[name]}  # chapter number in the report")


def _metadata(name: str) -> dict:
    if name not in THEMES:
        return {"chapter": CHAPTERS[name], "role": "appendix" if CHAPTERS[name] == 90 else "overview"}
    return {"chapter": CHAPTERS[name], "role": "theme", "theme": THEMES[name], "facts": ["astana-2025"]}


def _numbers(tree) -> list:
    """Every number written in code: numeric constants, and digits inside string constants."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value,
                                                                                                      bool):
            found.append(node.value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += re.findall(r"\d+", node.value)
    return found


@pytest.mark.parametrize("name", NOTEBOOKS)
class TestCommittedNotebook:
    def test_parameters_cell_and_metadata(self, name):
        nb = _read(name)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code[0].source == _parameters_cell(name) and code[0].metadata["tags"] == ["parameters"]
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
        assert nb.metadata["analysis"] == _metadata(name)
        assert nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3", "language": "python"}

    def test_clean_and_no_definitions(self, name):
        nb = _read(name)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                assert not re.search(r"\d", cell.source), "numbers in static markdown"
                continue
            assert not cell.outputs and cell.execution_count is None
            tree = ast.parse(cell.source)
            assert not [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]
            assert "matplotlib.use" not in cell.source



@pytest.mark.parametrize("name", [*THEMES, "10_theme"])
def test_no_number_typed_into_a_chapter(name):
    """Every figure comes from the facts: a chapter's code holds no number but the constants of arithmetic."""
    nb = _read(name)
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        numbers = _numbers(ast.parse(cell.source))
        assert set(numbers) <= CODE_CONSTANTS, f"numbers typed into a cell: {numbers}\n{cell.source}"


def _outputs(nb):
    return [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]


def _text(nb) -> str:
    parts = []
    for out in _outputs(nb):
        data = out.get("data", {})
        parts += [data.get("text/markdown", ""), data.get("text/html", ""), out.get("text", "")]
    return "\n".join(p if isinstance(p, str) else "".join(p) for p in parts)


def _run(name, lang, tmp_path, cwd, **extra):
    out = tmp_path / f"{name}-{lang}.ipynb"
    figures = tmp_path / "figures"
    pm.execute_notebook(str(NOTEBOOKS_DIR / f"{name}.ipynb"), str(out), kernel_name="python3", cwd=str(cwd),
                        parameters={"lang": lang, "figures_dir": str(figures), **extra}, progress_bar=False,
                        **papermill_options())  # kernels forked from a warm template, as the runner's
    return nbformat.read(out, as_version=4), figures


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs(name, lang, tmp_path):
    cwd = NOTEBOOKS_DIR if lang == "en" else PROJ_ROOT
    nb, figures = _run(name, lang, tmp_path, cwd)
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    text = _text(nb)
    # The appendix's letter is written in the report language's alphabet (Cyrillic "А" in kk and ru).
    chapter = ("A" if lang == "en" else "\u0410") if CHAPTERS[name] == 90 else str(CHAPTERS[name])
    figure_caption, table_caption = (c.format(c=chapter) for c in CAPTIONS[lang])
    if name in THEMES:
        # A chart's data is its CSV beside it; a table under the chart would only repeat it.
        assert table_caption not in text
    elif name != "00_overview":
        assert table_caption in text
    charts = sorted(figures.glob(f"{CHAPTERS[name]:02d}-*.png"))
    if name in THEMES:
        assert figure_caption in text and charts, "a numbered chart, saved to figures_dir"
        assert any("image/svg+xml" in o.get("data", {}) for o in outputs), "shown as SVG"
        assert sorted(figures.glob(f"{CHAPTERS[name]:02d}-*.csv")), "each chart's data beside it"
    if lang == "kk":
        assert len(KAZAKH_LETTERS & set(text)) >= 5
        assert "Figure " not in text and "Table " not in text
    if lang == "ru":
        assert not KAZAKH_LETTERS & set(re.sub(r"«[^»]*»|<td[^>]*>[^<]*</td>", "", text))
    if name in ("00_overview", "02_enforcement"):
        assert re.search("47[\u00a0 ]434" if lang != "en" else "47,434", text)


def test_a_chapter_runs_only_for_its_theme(tmp_path, fact_rows, write_facts):
    rows = [r for r in fact_rows if r["theme"] == "applications_notifications"]
    with pytest.raises(pm.PapermillExecutionError, match="parameter 'theme'"):
        _run("02_enforcement", "ru", tmp_path, PROJ_ROOT, facts=str(write_facts(rows)))
    assert not list((tmp_path / "figures").glob("02-*")) if (tmp_path / "figures").exists() else True


def test_the_generic_chapter_takes_a_theme_with_a_figure_missing(tmp_path, fact_rows, write_facts):
    rows = [r for r in fact_rows if r["fact_id"] != "ast25-writs-rejected-share-change"]
    nb, figures = _run("10_theme", "ru", tmp_path, PROJ_ROOT, facts=str(write_facts(rows)), theme="enforcement",
                       chapter=2)
    assert not [o for o in _outputs(nb) if o.output_type == "error"]
    assert sorted(figures.glob("02-*")), "the charts that have their figures are still drawn"


def test_text_follows_the_data(tmp_path, fact_rows, write_facts):
    rows = _edit(fact_rows, "ast25-violations", 342)
    rows = _edit(rows, "ast25-violations-deadlines", 252)
    nb, _figures = _run("04_procedural_discipline", "en", tmp_path, PROJ_ROOT, facts=str(write_facts(rows)))
    text = _text(nb)
    assert "between 355.7 and 356.1. The only whole number in that range is 356" in text and "178" not in text


def test_change_reading_selects(tmp_path):
    nb, _figures = _run("02_enforcement", "en", tmp_path, PROJ_ROOT, change_reading="relative")
    text = _text(nb)
    assert "This report uses the reading “relative change”" in text
    assert "a share of 9.7% would mean about 4,600 writs not accepted" in text


def test_svg_figures(tmp_path):
    nb, figures = _run("04_procedural_discipline", "en", tmp_path, PROJ_ROOT, figure_format="svg",
                       change_reading="relative")
    assert sorted(p.name for p in figures.iterdir()) == ["04-violations-by-type.csv", "04-violations-by-type.svg",
                                                         "04-violations-implied-baseline.csv",
                                                         "04-violations-implied-baseline.svg"]
    assert any("image/svg+xml" in o.get("data", {}) for o in _outputs(nb))
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and json.dumps("relative") in injected[0].source


def _edit(rows, fact_id, value):
    for row in rows:
        if row["fact_id"] == fact_id:
            row["quote"] = row["quote"].replace(row["value_text"], str(value))
            row["value"] = row["value_text"] = str(value)
    return rows
