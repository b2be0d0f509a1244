"""Running notebooks into report folders: cache, safe replacement, failures, interrupts (fixture notebooks)."""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURE_NOTEBOOKS, Counting, package_snapshot, stub_report

from analysis.config import PROJ_ROOT, RAW_DIR
from analysis.pipeline.jobs import finishing_together
from analysis.pipeline.keys import sha256_file
from analysis.pipeline.progress import PlainProgress, RichProgress, make_progress
from analysis.pipeline.runner import (
    RunConfig,
    add_run_arguments,
    clean_stale,
    prepare,
    publish,
    run,
    run_from_cli,
)
from analysis.versions import commit_time

FIXTURES = FIXTURE_NOTEBOOKS


def no_kernel(input_path, output_path, **kwargs):
    raise AssertionError(f"a kernel was started for {input_path}")


def interrupt(input_path, output_path, **kwargs):
    """Ctrl-C while a notebook runs: the signal reaches the main thread, which waits for the jobs."""
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(1)


def params_file(tmp_path, name="fx-en", text="  lang: en\n") -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"name: {name}\nparameters:\n{text}", encoding="utf-8")
    return path


def run_set(tmp_path, notebooks=FIXTURES, overrides=(), execute=None, force=False, cache="cache",
            build=stub_report):
    package = package_snapshot(tmp_path)
    config = RunConfig(notebooks_dir=notebooks, reports_dir=tmp_path / "reports", cache_dir=tmp_path / cache,
                       package_dir=package,
                       jobs=2, force=force, execute=execute, build_report=build,
                       progress=PlainProgress(io.StringIO()), export_process=build is not stub_report)
    plans = prepare([str(params_file(tmp_path))], list(overrides), config)
    return run(plans, config)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def without_timings(manifest: bytes) -> dict:
    data = json.loads(manifest)
    data.pop("timings")
    return data


def copy_notebooks(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, folder)
    return folder


def edit(path: Path, change) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    change(nb)
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def add_failing_cell(nb):
    nb["cells"].append({"cell_type": "code", "id": "boom", "metadata": {}, "execution_count": None,
                        "outputs": [], "source": "# a deliberate failure\nraise ValueError('boom')"})


class TestReportFolder:
    def test_a_complete_report_folder(self, tmp_path):
        raw_before = {p.name: p.stat().st_mtime_ns for p in RAW_DIR.iterdir()}
        result = run_set(tmp_path)
        folder = tmp_path / "reports" / "fx-en"
        assert result.reports == {"fx-en": folder} and result.failures == []
        files = set(snapshot(folder))
        assert files == {"notebooks/00_first.ipynb", "notebooks/01_second.ipynb", "figures/00-test.png",
                         "facts.csv", "claims.csv", "report.html", "report.pdf", "manifest.json"}
        assert [p.name for p in (tmp_path / "reports").iterdir()] == ["fx-en"]  # no staging left
        executed = (folder / "notebooks" / "00_first.ipynb").read_text(encoding="utf-8")
        assert "notebooks en 2025 2024" in executed  # the kernel ran in the notebooks folder
        assert ".staging-" not in executed and "start_time" not in executed
        assert json.dumps(str(folder / "figures"))[1:-1] in executed  # the published place of the charts
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        # The build's date: the last commit's (no SOURCE_DATE_EPOCH here), never the source's publication date.
        committed = dt.datetime.fromtimestamp(commit_time(PROJ_ROOT), dt.UTC).date().isoformat()
        assert manifest["parameters"]["lang"] == "en" and manifest["generated"] == committed != "2026-01-08"
        assert set(manifest["cache_keys"]["notebooks"]) == {"00_first.ipynb", "01_second.ipynb"}
        assert "data/facts/astana-2025.csv" in manifest["input_hashes"]
        assert manifest["outputs"]["report.pdf"] == sha256_file(folder / "report.pdf")
        assert {p.name: p.stat().st_mtime_ns for p in RAW_DIR.iterdir()} == raw_before

    def test_two_cold_runs_give_identical_files(self, tmp_path):
        run_set(tmp_path, cache="cache-a")
        first = snapshot(tmp_path / "reports" / "fx-en")
        run_set(tmp_path, cache="cache-b")
        second = snapshot(tmp_path / "reports" / "fx-en")
        assert without_timings(first.pop("manifest.json")) == without_timings(second.pop("manifest.json"))
        assert first == second

    def test_language_list_builds_one_folder_per_language(self, tmp_path):
        result = run_set(tmp_path, overrides=[("lang", "en,kk")])
        assert sorted(result.reports) == ["fx-en", "fx-kk"]
        kk = json.loads((tmp_path / "reports" / "fx-kk" / "manifest.json").read_text(encoding="utf-8"))
        assert kk["parameters"]["lang"] == "kk" and kk["parameter_origins"]["lang"] == "command line (-p)"


class TestCache:
    def test_unchanged_rerun_starts_no_kernel_and_writes_the_same_files(self, tmp_path):
        run_set(tmp_path)
        before = snapshot(tmp_path / "reports" / "fx-en")
        result = run_set(tmp_path, execute=no_kernel)
        after = snapshot(tmp_path / "reports" / "fx-en")
        assert result.executed == [] and len(result.cached) == 2
        assert without_timings(before.pop("manifest.json")) == without_timings(after.pop("manifest.json"))
        assert before == after

    def test_force_executes_every_notebook(self, tmp_path):
        run_set(tmp_path)
        counting = Counting()
        run_set(tmp_path, execute=counting, force=True)
        assert sorted(counting.calls) == ["00_first.ipynb", "01_second.ipynb"]

    def test_editing_one_notebook_executes_only_that_one(self, tmp_path):
        notebooks = copy_notebooks(tmp_path)
        run_set(tmp_path, notebooks=notebooks)
        edit(notebooks / "01_second.ipynb", lambda nb: nb["cells"][0].update(source="# Test chapter 1, edited"))
        counting = Counting()
        result = run_set(tmp_path, notebooks=notebooks, execute=counting)
        assert counting.calls == ["01_second.ipynb"]
        assert result.cached == ["fx-en/00_first.ipynb"]


class TestFailures:
    def test_failing_notebook_keeps_the_previous_report(self, tmp_path, capsys):
        notebooks = copy_notebooks(tmp_path)
        run_set(tmp_path, notebooks=notebooks)
        folder = tmp_path / "reports" / "fx-en"
        before = snapshot(folder)
        edit(notebooks / "01_second.ipynb", add_failing_cell)
        parser = argparse.ArgumentParser()
        add_run_arguments(parser)
        args = parser.parse_args(["--params", str(params_file(tmp_path)), "--notebooks", str(notebooks),
                                  "--reports", str(tmp_path / "reports"), "--cache-dir", str(tmp_path / "cache")])
        assert run_from_cli(args) == 3
        [message] = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
        assert "fx-en: notebook 01_second.ipynb failed in cell 3 ('# a deliberate failure'): " \
               "ValueError: boom" in message
        assert "fx-en.failed" in message and "previous report of fx-en is unchanged" in message
        assert snapshot(folder) == before
        kept = tmp_path / "reports" / "fx-en.failed" / "01_second.ipynb"
        assert "ValueError" in kept.read_text(encoding="utf-8")
        assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["fx-en", "fx-en.failed"]

    def test_a_later_success_removes_the_failure_record(self, tmp_path):
        notebooks = copy_notebooks(tmp_path)
        good = (notebooks / "01_second.ipynb").read_bytes()
        edit(notebooks / "01_second.ipynb", add_failing_cell)
        result = run_set(tmp_path, notebooks=notebooks)
        assert len(result.failures) == 1 and not (tmp_path / "reports" / "fx-en").exists()
        (notebooks / "01_second.ipynb").write_bytes(good)
        result = run_set(tmp_path, notebooks=notebooks)
        assert result.failures == [] and sorted(p.name for p in (tmp_path / "reports").iterdir()) == ["fx-en"]

    def test_interrupt_leaves_the_previous_report_and_no_partial_folder(self, tmp_path):
        # Python ignores SIGINT when started with it ignored (a background job); Ctrl-C must raise here.
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            self._interrupted_run(tmp_path)
        finally:
            signal.signal(signal.SIGINT, previous)

    def _interrupted_run(self, tmp_path):
        run_set(tmp_path)
        before = snapshot(tmp_path / "reports" / "fx-en")
        with pytest.raises(KeyboardInterrupt):
            run_set(tmp_path, execute=interrupt, force=True)
        assert snapshot(tmp_path / "reports" / "fx-en") == before
        assert [p.name for p in (tmp_path / "reports").iterdir()] == ["fx-en"]


class TestReportFolders:
    def dead_pid(self) -> int:
        proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
        return int(proc.stdout)

    def test_stale_staging_is_removed_and_a_report_moved_aside_is_restored(self, tmp_path):
        pid = self.dead_pid()
        (tmp_path / f".staging-a-{pid}" / "notebooks").mkdir(parents=True)
        (tmp_path / f".old-b-{pid}").mkdir()
        (tmp_path / f".old-b-{pid}" / "report.html").write_text("b", encoding="utf-8")
        (tmp_path / "c").mkdir()
        (tmp_path / f".old-c-{pid}").mkdir()
        clean_stale(tmp_path)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["b", "c"]
        assert (tmp_path / "b" / "report.html").read_text(encoding="utf-8") == "b"

    def test_publish_replaces_the_old_folder_whole(self, tmp_path):
        (tmp_path / "r").mkdir()
        (tmp_path / "r" / "old.txt").write_text("old", encoding="utf-8")
        (tmp_path / "stage").mkdir()
        (tmp_path / "stage" / "new.txt").write_text("new", encoding="utf-8")
        publish(tmp_path / "stage", tmp_path / "r")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]
        assert [p.name for p in (tmp_path / "r").iterdir()] == ["new.txt"]


class TestProgress:
    def test_plain_lines_when_not_a_terminal(self):
        out = io.StringIO()
        progress = PlainProgress(out)
        progress.start(1, 2, 1, 2)
        progress.notebook_done("a", "00.ipynb", None, True)
        progress.notebook_done("a", "01.ipynb", 1.25, False)
        assert out.getvalue().splitlines() == [
            "run: 1 parameter set(s), 2 notebook(s), 1 from the cache, 1 to execute with 2 job(s)",
            "[1/2] a/00.ipynb from the cache",
            "[2/2] a/01.ipynb executed in 1.2 s",
        ]


    def test_live_display_counts_notebooks_and_cache_hits(self):
        out = io.StringIO()
        progress = RichProgress(out)
        progress.start(1, 2, 1, 2)
        progress.notebook_done("a", "00.ipynb", None, True)
        progress.notebook_started("a", "01.ipynb")
        assert "running a/01.ipynb" in progress._status() and "cache hits 1" in progress._status()
        progress.notebook_done("a", "01.ipynb", 1.0, False)
        progress.stop()
        assert progress.progress.tasks[0].completed == 2
        assert "2/2" in out.getvalue()

    def test_choice_follows_the_stream(self):
        assert type(make_progress(io.StringIO())) is PlainProgress


class TestWithTheRealExport:
    def test_html_and_pdf_are_written(self, tmp_path):
        report = pytest.importorskip("analysis.report.build")
        run_set(tmp_path, build=report.build_report)
        folder = tmp_path / "reports" / "fx-en"
        assert (folder / "report.pdf").read_bytes().startswith(b"%PDF")
        assert "<html" in (folder / "report.html").read_text(encoding="utf-8").lower()

    def test_sets_exported_side_by_side_match_sets_exported_in_this_process(self, tmp_path, monkeypatch):
        """Two sets: their exports run at once in two export processes, forked from a fork server that an earlier
        run with another date started; byte for byte what one export after the other in this process gives."""
        report = pytest.importorskip("analysis.report.build")

        def two_sets(cache: str, processes: bool):
            # A cache of its own: nothing, the export least of all, is taken from another run. The same reports
            # folder: the report names it.
            config = RunConfig(notebooks_dir=FIXTURES, reports_dir=tmp_path / "reports", cache_dir=tmp_path / cache,
                               package_dir=package_snapshot(tmp_path), jobs=2, build_report=report.build_report,
                               progress=PlainProgress(io.StringIO()), export_process=processes)
            result = run(prepare([str(params_file(tmp_path))], [("lang", "en,kk")], config), config)
            assert result.failures == [] and sorted(result.reports) == ["fx-en", "fx-kk"]
            return {name: snapshot(tmp_path / "reports" / name) for name in result.reports}

        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
        two_sets("cache-earlier", True)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        side_by_side, in_process = two_sets("cache-a", True), two_sets("cache-b", False)
        for name in ("fx-en", "fx-kk"):
            for file in ("report.pdf", "report.html"):
                assert side_by_side[name][file] == in_process[name][file], (name, file)


class TestOrder:
    def test_the_last_sets_take_turns_so_they_finish_together(self):
        en, kk, ru = "en", "kk", "ru"
        todo = [(en, 1), (en, 2), (kk, 1), (kk, 2), (kk, 3), (ru, 1), (ru, 2)]
        assert finishing_together(todo, 2) == [(en, 1), (en, 2), (kk, 1), (ru, 1), (kk, 2), (ru, 2), (kk, 3)]
        assert finishing_together(todo, 3) == [(en, 1), (kk, 1), (ru, 1), (en, 2), (kk, 2), (ru, 2), (kk, 3)]
        assert finishing_together(todo, 1) == todo
        assert finishing_together(todo[:2], 2) == todo[:2]
