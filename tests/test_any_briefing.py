"""A second briefing, with themes no notebook is written for, gets a complete report from data files alone."""

from __future__ import annotations

import ast
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT
from analysis.core.facts import load_facts
from analysis.i18n.formatting import format_number
from analysis.pipeline.jobs import notebook_role, plan_jobs
from analysis.pipeline.progress import PlainProgress
from analysis.pipeline.runner import RunConfig, prepare, run

BRIEFING = Path(__file__).parent / "fixtures" / "briefing"
FACTS = BRIEFING / "facts" / "synthetic-2025.csv"


def chapter_messages(notebook: Path) -> list[str]:
    """The literal text of every ``_("...")`` message in a notebook's code cells."""
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_" and node.args
                    and isinstance(node.args[0], ast.Constant)):
                found.append(node.args[0].value)
    return found


def astana_chapters() -> list[Path]:
    return [nb for nb in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
            if notebook_role(nb).get("role") == "theme" and "astana-2025" in notebook_role(nb).get("facts", [])]


class TestJobs:
    def test_each_theme_without_a_notebook_gets_the_generic_chapter(self):
        notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
        jobs = plan_jobs(notebooks, [FACTS], "Model Region")
        names = [job.name for job in jobs]
        assert names[0].startswith("00_") and names[-1].startswith("90_")
        themed = [job for job in jobs if "theme" in job.params()]
        assert [(j.params()["theme"], j.params()["chapter"]) for j in themed] == [("court_workload", 1),
                                                                                    ("jury_trials", 2)]
        assert all(job.path.name == "10_theme.ipynb" for job in themed)

    def test_the_astana_chapters_run_only_for_the_astana_facts(self):
        notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
        jobs = plan_jobs(notebooks, [PROJ_ROOT / "data" / "facts" / "astana-2025.csv"], "Astana")
        themed = [job for job in jobs if "theme" in job.params()]
        assert {job.path for job in themed} == set(astana_chapters())
        assert len(themed) == 5


@pytest.fixture(scope="module")
def synthetic_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(BRIEFING / "raw", root / "data" / "raw")
    shutil.copytree(BRIEFING / "facts", root / "data" / "facts")
    shutil.copytree(NOTEBOOKS_DIR, root / "notebooks")
    params = root / "synthetic-en.yaml"
    params.write_text("name: synthetic-en\nparameters:\n  lang: en\n  facts: data/facts/synthetic-2025.csv\n"
                      "  region: Model Region\n  period: \"2025\"\n  baseline_period: \"2024\"\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        # The kernels find the project (data, raw records) through this variable.
        mp.setenv("ANALYSIS_PROJ_ROOT", str(root))
        config = RunConfig(notebooks_dir=root / "notebooks", reports_dir=root / "reports", cache_dir=root / ".cache",
                           root=root, raw_dir=root / "data" / "raw", lock_file=PROJ_ROOT / "requirements.txt",
                           jobs=2, progress=PlainProgress(io.StringIO()))
        result = run(prepare([str(params)], [], config), config)
    assert result.failures == []
    return root / "reports" / "synthetic-en"


def page_text(folder: Path) -> str:
    html = (folder / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).replace("&amp;", "&")


class TestSyntheticReport:
    def test_every_theme_is_a_chapter(self, synthetic_report):
        names = sorted(p.name for p in (synthetic_report / "notebooks").iterdir())
        assert names == ["00_overview.ipynb", "10_theme-01-court_workload.ipynb", "10_theme-02-jury_trials.ipynb",
                         "90_appendix.ipynb"]
        text = page_text(synthetic_report)
        assert "Court workload" in text and "Jury trials" in text

    def test_every_fact_appears(self, synthetic_report):
        text = page_text(synthetic_report)
        facts = load_facts(FACTS)
        missing = [f.fact_id for f in facts.itertuples() if format_number(f.value, "en") not in text]
        assert missing == []

    def test_no_sentence_of_the_astana_chapters(self, synthetic_report):
        text = page_text(synthetic_report)
        messages = [m for nb in astana_chapters() for m in chapter_messages(nb)]
        assert len(messages) > 20, "the Astana chapters write their sentences in place"
        generic = set(chapter_messages(NOTEBOOKS_DIR / "10_theme.ipynb"))
        fragments = [part.strip() for m in messages if m not in generic
                     for part in re.split(r"\{\w+\}", m) if len(part.strip()) >= 24]
        assert [f for f in fragments if f in text] == []
        assert "Astana" not in text and "writs" not in text
