"""A cache that proves what it serves: broken entries are discarded with a warning and rebuilt, never published.

One seeded run fills a cache (fixture notebooks, a stand-in export); each test restores that state into the same
folder (cache keys name the report folder, so the place must not change), breaks one thing and runs again.
"""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_NOTEBOOKS, STUB_PDF, Counting, assert_matches_manifest, package_snapshot, stub_report

from analysis.errors import CacheError
from analysis.pipeline.cache import Cache, verify_entry
from analysis.pipeline.keys import sha256_file
from analysis.pipeline.progress import PlainProgress
from analysis.pipeline.publish import FAILED_MARKER, publish
from analysis.pipeline.runner import RunConfig, prepare, run

FIXTURES = FIXTURE_NOTEBOOKS


def run_in(work: Path, package: Path, execute=None, build=stub_report):
    params = work / "fx-en.yaml"
    params.write_text("name: fx-en\nparameters:\n  lang: en\n", encoding="utf-8")
    config = RunConfig(notebooks_dir=FIXTURES, reports_dir=work / "reports", cache_dir=work / "cache",
                       package_dir=package, jobs=2, execute=execute, build_report=build,
                       progress=PlainProgress(io.StringIO()), export_process=False)
    return run(prepare([str(params)], [], config), config)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    root = tmp_path_factory.mktemp("seeded")
    package = package_snapshot(root)
    work = root / "work"
    work.mkdir()
    result = run_in(work, package)
    assert result.failures == [] and "fx-en" in result.reports
    shutil.copytree(work, root / "pristine")
    return root


@pytest.fixture
def work(seeded):
    work = seeded / "work"
    shutil.rmtree(work)
    shutil.copytree(seeded / "pristine", work)
    return work


def entries(work: Path, kind: str) -> list[Path]:
    return sorted(p.parent for p in (work / "cache" / kind).rglob("entry.json"))


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def report(work: Path) -> Path:
    return work / "reports" / "fx-en"


class TestBrokenEntriesAreRebuilt:
    def test_a_truncated_cached_chart(self, work, seeded, capsys):
        good = (report(work) / "figures" / "00-test.png").read_bytes()
        entry = next(e for e in entries(work, "notebook") if (e / "figures" / "00-test.png").exists())
        truncate(entry / "figures" / "00-test.png")
        counting = Counting()
        result = run_in(work, seeded / "package", execute=counting)
        assert result.failures == [] and counting.calls == ["00_first.ipynb"]
        assert "is unusable" in capsys.readouterr().err
        assert (report(work) / "figures" / "00-test.png").read_bytes() == good
        assert_matches_manifest(report(work))

    def test_a_truncated_cached_pdf(self, work, seeded, capsys):
        (entry,) = entries(work, "export")
        truncate(entry / "report.pdf")
        result = run_in(work, seeded / "package")
        assert result.failures == []
        assert (report(work) / "report.pdf").read_bytes() == STUB_PDF
        assert "report.pdf: size differs" in capsys.readouterr().err
        assert_matches_manifest(report(work))

    def test_an_export_entry_with_no_files(self, work, seeded):
        (entry,) = entries(work, "export")
        record = json.loads((entry / "entry.json").read_text(encoding="utf-8"))
        record.update(files=[], hashes={})
        (entry / "entry.json").write_text(json.dumps(record), encoding="utf-8")
        for name in ("report.html", "report.pdf"):
            (entry / name).unlink()
        result = run_in(work, seeded / "package")
        assert result.failures == []
        assert (report(work) / "report.pdf").read_bytes() == STUB_PDF
        assert_matches_manifest(report(work))

    def test_a_truncated_cached_claims_table(self, work, seeded):
        good = (report(work) / "claims.csv").read_bytes()
        (entry,) = entries(work, "facts")
        truncate(entry / "claims.csv")
        result = run_in(work, seeded / "package")
        assert result.failures == []
        assert (report(work) / "claims.csv").read_bytes() == good
        assert_matches_manifest(report(work))

    def test_a_garbage_entry_record(self, work, seeded, capsys):
        entry = entries(work, "notebook")[0]
        (entry / "entry.json").write_bytes(b"\x00\xffnot json{")
        counting = Counting()
        result = run_in(work, seeded / "package", execute=counting)
        assert result.failures == [] and len(counting.calls) == 1
        assert "the entry record is not readable" in capsys.readouterr().err
        assert_matches_manifest(report(work))

    def test_a_record_naming_a_file_outside_its_entry(self, work, seeded):
        entry = entries(work, "notebook")[0]
        record = json.loads((entry / "entry.json").read_text(encoding="utf-8"))
        record["files"].append("../../../../reports/fx-en/report.html")
        record["hashes"]["../../../../reports/fx-en/report.html"] = {"sha256": "0" * 64, "size": 1}
        (entry / "entry.json").write_text(json.dumps(record), encoding="utf-8")
        assert verify_entry(entry) is not None
        result = run_in(work, seeded / "package")
        assert result.failures == []
        assert_matches_manifest(report(work))

    def test_an_entry_left_without_its_record_by_a_crash(self, work, seeded):
        entry = entries(work, "export")[0]
        (entry / "entry.json").unlink()
        assert Cache(work / "cache").get("export", entry.name) is None
        result = run_in(work, seeded / "package")
        assert result.failures == [] and (report(work) / "report.pdf").read_bytes() == STUB_PDF


class TestCacheEntries:
    def _file(self, tmp_path, text="content"):
        path = tmp_path / "a.txt"
        path.write_text(text, encoding="utf-8")
        return path

    def test_each_file_is_recorded_with_its_hash(self, tmp_path):
        entry = Cache(tmp_path / "c").put("export", "ab" * 32, {"report.pdf": self._file(tmp_path)})
        record = json.loads((entry / "entry.json").read_text(encoding="utf-8"))
        assert record["hashes"]["report.pdf"] == {"sha256": sha256_file(tmp_path / "a.txt"), "size": 7}

    def test_a_required_file_missing_from_the_entry_is_a_miss(self, tmp_path):
        cache = Cache(tmp_path / "c", warn=lambda m: None)
        cache.put("export", "ab" * 32, {"report.html": self._file(tmp_path)})
        assert cache.get("export", "ab" * 32, ("report.html", "report.pdf")) is None
        assert not cache.path("export", "ab" * 32).exists()

    def test_a_file_changed_after_the_check_is_not_copied_out(self, tmp_path):
        cache = Cache(tmp_path / "c")
        entry = cache.put("export", "ab" * 32, {"report.pdf": self._file(tmp_path)})
        assert cache.get("export", "ab" * 32) == entry
        (entry / "report.pdf").write_text("changed", encoding="utf-8")
        with pytest.raises(CacheError, match="changed after it was checked"):
            Cache.restore(entry, "report.pdf", tmp_path / "out.pdf")

    def test_a_crash_while_writing_leaves_no_entry(self, tmp_path, monkeypatch):
        cache = Cache(tmp_path / "c")
        calls = []

        def failing_copy(src, dst):
            calls.append(src)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
            Path(dst).write_bytes(Path(src).read_bytes())

        monkeypatch.setattr(shutil, "copyfile", failing_copy)
        files = {"a.txt": self._file(tmp_path), "b.txt": self._file(tmp_path)}
        with pytest.raises(OSError):
            cache.put("notebook", "cd" * 32, files)
        folder = cache.path("notebook", "cd" * 32).parent
        assert list(folder.iterdir()) == []

    def test_a_valid_entry_another_run_stored_is_kept(self, tmp_path):
        cache = Cache(tmp_path / "c")
        first = cache.put("export", "ef" * 32, {"a.txt": self._file(tmp_path, "one")})
        inode = (first / "a.txt").stat().st_ino
        again = cache.put("export", "ef" * 32, {"a.txt": self._file(tmp_path, "one")})
        assert again == first and (again / "a.txt").stat().st_ino == inode


class TestPublishing:
    def test_a_report_named_like_a_failure_record_is_left_alone(self, work, seeded):
        other = work / "reports" / "fx-en.failed"
        other.mkdir()
        (other / "report.html").write_text("another report", encoding="utf-8")
        (work / "cache" / "export").rename(work / "cache" / "export-old")  # the export runs and publishes again
        result = run_in(work, seeded / "package")
        assert result.failures == []
        assert (other / "report.html").read_text(encoding="utf-8") == "another report"

    def test_a_record_of_failed_notebooks_goes_when_the_report_is_published(self, tmp_path):
        reports = tmp_path / "reports"
        (reports / "x.failed").mkdir(parents=True)
        (reports / "x.failed" / FAILED_MARKER).write_text("", encoding="utf-8")
        (reports / "x.failed" / "01.ipynb").write_text("{}", encoding="utf-8")
        staging = reports / ".staging-x-1"
        staging.mkdir()
        (staging / "report.html").write_text("new", encoding="utf-8")
        publish(staging, reports / "x")
        assert sorted(p.name for p in reports.iterdir()) == ["x"]
