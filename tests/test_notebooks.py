"""The notebooks: committed clean and thin, and each one runs with papermill in every report language.

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
year: int = 2025  # reporting year
baseline_year: int = 2024  # year the briefing compares with
lang: str = "en"  # report language: en, kk or ru
change_reading: str = "points"  # reading of 'a share changed by X percent': points or relative
figure_format: str = "png"  # chart file format: png or svg
figures_dir: str = "reports/figures"  # folder the charts are written to, relative to the project root'''
CAPTIONS = {"en": ("Figure {c}.1", "Table {c}.1"), "kk": ("{c}.1-сурет", "{c}.1-кесте"),
            "ru": ("Рисунок {c}.1", "Таблица {c}.1")}
KAZAKH_LETTERS = set("әғқңөұүһі")


def _read(name):
    return nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)


@pytest.mark.parametrize("name", NOTEBOOKS)
class TestCommittedNotebook:
    def test_parameters_cell_and_metadata(self, name):
        nb = _read(name)
        code = [c for c in nb.cells if c.cell_type == "code"]
        assert code[0].source == PARAMETERS_CELL and code[0].metadata["tags"] == ["parameters"]
        assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
        assert nb.metadata["analysis"] == {"chapter": CHAPTERS[name]}
        assert nb.metadata["kernelspec"] == {"name": "python3", "display_name": "Python 3", "language": "python"}

    def test_thin_and_clean(self, name):
        nb = _read(name)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                assert not re.search(r"\d", cell.source), "numbers in static markdown"
                continue
            assert not cell.outputs and cell.execution_count is None
            tree = ast.parse(cell.source)
            assert not [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.Lambda)]
            assert "matplotlib.use" not in cell.source


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
    chapter = "A" if CHAPTERS[name] == 90 else str(CHAPTERS[name])
    figure_caption, table_caption = (c.format(c=chapter) for c in CAPTIONS[lang])
    assert table_caption in text
    charts = sorted(figures.glob(f"{CHAPTERS[name]:02d}-*.png"))
    if name != "90_appendix":
        assert figure_caption in text and charts, "a numbered chart, saved to figures_dir"
        assert any("image/png" in o.get("data", {}) for o in outputs)
    if lang == "kk":
        assert len(KAZAKH_LETTERS & set(text)) >= 5
        assert "Figure " not in text and "Table " not in text
    if lang == "ru":
        assert not KAZAKH_LETTERS & set(re.sub(r"«[^»]*»|<td>[^<]*</td>", "", text))
    if name in ("00_overview", "02_enforcement"):
        assert re.search("47[\u00a0 ]434" if lang != "en" else "47,434", text)


def test_a_theme_without_figures_runs_on(tmp_path, fact_rows, write_facts):
    rows = [r for r in fact_rows if r["theme"] == "applications_notifications"]
    facts = write_facts(rows)
    nb, figures = _run("02_enforcement", "ru", tmp_path, PROJ_ROOT, facts=str(facts))
    text = _text(nb)
    assert not [o for o in _outputs(nb) if o.output_type == "error"]
    assert "В данных нет цифр по этой теме" in text
    assert "В данных нет показателя" not in text  # said once for the theme, not once per section
    assert not list(figures.glob("02-*"))


def test_a_missing_metric_is_said_and_the_rest_runs_on(tmp_path, fact_rows, write_facts):
    rows = [r for r in fact_rows if r["fact_id"] != "ast25-writs-rejected-share-change"]
    nb, figures = _run("02_enforcement", "ru", tmp_path, PROJ_ROOT, facts=str(write_facts(rows)))
    text = _text(nb)
    assert not [o for o in _outputs(nb) if o.output_type == "error"]
    assert "В данных нет показателя" in text
    assert sorted(figures.glob("02-*")), "the charts that have their figures are still drawn"


def test_svg_figures(tmp_path):
    nb, figures = _run("04_procedural_discipline", "en", tmp_path, PROJ_ROOT, figure_format="svg",
                       change_reading="relative")
    assert sorted(p.name for p in figures.iterdir()) == ["04-violations-by-type.svg",
                                                         "04-violations-implied-baseline.svg"]
    assert any("image/svg+xml" in o.get("data", {}) for o in _outputs(nb))
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and json.dumps("relative") in injected[0].source
