"""The cache key changes with each input that can change a notebook's output, and with nothing else."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from analysis.config import DEFAULT_FACTS
from analysis.pipeline.cache import Cache
from analysis.pipeline.keys import KeyInputs, export_key, facts_key, notebook_key, notebook_source

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
PARAMS = {"lang": "en", "period": "2025", "figures_dir": "reports/x/figures"}


@pytest.fixture
def tree(tmp_path) -> Path:
    """A small project: one notebook, a facts file, raw data, a package and a lock file."""
    shutil.copy(FIXTURES / "00_first.ipynb", tmp_path / "nb.ipynb")
    shutil.copy(DEFAULT_FACTS, tmp_path / "facts.csv")
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "source.txt").write_text("text\n", encoding="utf-8")
    (tmp_path / "pkg" / "templates").mkdir(parents=True)
    (tmp_path / "pkg" / "mod.py").write_text("X = 1\n", encoding="utf-8")
    (tmp_path / "pkg" / "templates" / "index.html.j2").write_text("{{ x }}\n", encoding="utf-8")
    (tmp_path / "requirements.txt").write_text("pandas==3.1.0\n", encoding="utf-8")
    return tmp_path


def key(tree: Path, parameters=None, python="3.11.7", extra=None) -> str:
    inputs = KeyInputs(raw_dir=tree / "raw", package_dir=tree / "pkg", lock_file=tree / "requirements.txt",
                       python=python)
    return notebook_key(inputs, tree / "nb.ipynb", parameters or PARAMS, [tree / "facts.csv"], extra)


def edit_notebook(tree: Path, change) -> None:
    path = tree / "nb.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    change(nb)
    path.write_text(json.dumps(nb), encoding="utf-8")


def touch_markdown(nb):
    nb["cells"][0]["source"] += " (edited)"


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


CHANGES = {
    "notebook source": lambda t: edit_notebook(t, touch_markdown),
    "notebook cell tags": lambda t: edit_notebook(t, lambda nb: nb["cells"][2]["metadata"].update(tags=["x"])),
    "facts file": lambda t: (t / "facts.csv").write_text(
        (t / "facts.csv").read_text(encoding="utf-8").replace(",5,5,", ",6,6,", 1), encoding="utf-8"),
    "raw data file": lambda t: append(t / "raw" / "source.txt", "more\n"),
    "new raw data file": lambda t: (t / "raw" / "other.meta.yaml").write_text("a: 1\n", encoding="utf-8"),
    "package source": lambda t: append(t / "pkg" / "mod.py", "Y = 2\n"),
    "package template": lambda t: append(t / "pkg" / "templates" / "index.html.j2", "<p>\n"),
    "lock file": lambda t: (t / "requirements.txt").write_text("pandas==3.1.1\n", encoding="utf-8"),
}


class TestNotebookKey:
    @pytest.mark.parametrize("what", sorted(CHANGES))
    def test_each_input_changed_alone_gives_a_new_key(self, tree, what):
        before = key(tree)
        CHANGES[what](tree)
        assert key(tree) != before

    def test_parameters_python_and_extra_change_the_key(self, tree):
        before = key(tree)
        assert key(tree, parameters={**PARAMS, "lang": "kk"}) != before
        assert key(tree, parameters={**PARAMS, "figures_dir": "reports/y/figures"}) != before
        assert key(tree, python="3.11.8") != before
        assert key(tree, extra={"source_date_epoch": 1}) != before

    def test_unchanged_inputs_give_the_same_key(self, tree):
        assert key(tree) == key(tree)
        (tree / "pkg" / "__pycache__").mkdir()
        (tree / "pkg" / "__pycache__" / "mod.cpython-311.pyc").write_bytes(b"\0")
        assert key(tree) == key(tree.parent / tree.name)

    def test_outputs_and_execution_counts_do_not_change_the_key(self, tree):
        before = key(tree)

        def run_it(nb):
            cell = nb["cells"][2]
            cell["execution_count"] = 3
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "notebooks en 2025\n"}]
            cell["metadata"]["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
            cell["id"] = "renamed"
        edit_notebook(tree, run_it)
        assert key(tree) == before

    def test_parameter_order_does_not_matter(self, tree):
        assert key(tree, parameters=dict(reversed(PARAMS.items()))) == key(tree)


class TestOtherKeys:
    def test_facts_key_follows_content_and_package(self, tree):
        inputs = KeyInputs(raw_dir=tree / "raw", package_dir=tree / "pkg", lock_file=tree / "requirements.txt")
        before = facts_key(inputs, [tree / "facts.csv"])
        CHANGES["facts file"](tree)
        fresh = KeyInputs(raw_dir=tree / "raw", package_dir=tree / "pkg", lock_file=tree / "requirements.txt")
        assert facts_key(fresh, [tree / "facts.csv"]) != before

    def test_export_key_follows_executed_notebooks_and_meta(self, tree):
        inputs = KeyInputs(raw_dir=tree / "raw", package_dir=tree / "pkg", lock_file=tree / "requirements.txt")
        executed = [tree / "nb.ipynb"]
        before = export_key(inputs, executed, {"lang": "en"})
        assert export_key(inputs, executed, {"lang": "kk"}) != before
        edit_notebook(tree, touch_markdown)
        assert export_key(inputs, executed, {"lang": "en"}) != before


class TestNotebookSource:
    def test_drops_outputs_ids_and_run_metadata(self):
        src = notebook_source(FIXTURES / "00_first.ipynb")
        assert all(set(c) == {"cell_type", "source", "metadata"} for c in src["cells"])
        assert src["cells"][1]["metadata"] == {"tags": ["parameters"]}


class TestCache:
    def test_put_then_get(self, tmp_path):
        f = tmp_path / "a.txt"
        f.write_text("a", encoding="utf-8")
        cache = Cache(tmp_path / "c")
        assert cache.get("notebook", "ab" * 32) is None
        entry = cache.put("notebook", "ab" * 32, {"figures/a.txt": f})
        assert cache.get("notebook", "ab" * 32) == entry
        assert (entry / "figures" / "a.txt").read_text(encoding="utf-8") == "a"
        assert Cache.files(entry) == ["figures/a.txt"]

    def test_an_entry_without_its_record_is_a_miss(self, tmp_path):
        cache = Cache(tmp_path / "c")
        cache.path("notebook", "cd" * 32).mkdir(parents=True)
        assert cache.get("notebook", "cd" * 32) is None

    def test_disabled_cache_misses_but_still_stores(self, tmp_path):
        f = tmp_path / "a.txt"
        f.write_text("a", encoding="utf-8")
        Cache(tmp_path / "c").put("export", "ef" * 32, {"a.txt": f})
        assert Cache(tmp_path / "c", enabled=False).get("export", "ef" * 32) is None
        assert Cache(tmp_path / "c").get("export", "ef" * 32) is not None
