"""The bad-input matrix: each wrong input gives one clear message, a known exit code and a known state on disk.

Inputs are checked before any kernel starts, so a rejected run writes nothing: no report folder, no cache,
and the raw data is never touched. Failures during a run keep the previous report whole.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.cli import main
from analysis.config import DEFAULT_FACTS, NOTEBOOKS_DIR, PROJ_ROOT, RAW_DIR

FIXTURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "notebooks"


def raw_digest() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(RAW_DIR.iterdir())}


def bundled_rows() -> list[dict]:
    with DEFAULT_FACTS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path: Path, rows: list[dict], drop: str | None = None, regions: tuple[str, ...] = ()) -> Path:
    """A facts file, with the bundled metadata beside it (plus labels for ``regions``)."""
    meta = DEFAULT_FACTS.with_suffix(".meta.yaml").read_text(encoding="utf-8")
    labels = "".join(f"  {r}: {{en: {r}, kk: {r}, ru: {r}}}\n" for r in regions)
    path.with_suffix(".meta.yaml").write_text(meta.replace("\nregions:\n", "\nregions:\n" + labels, 1),
                                              encoding="utf-8")
    fields = [f for f in rows[0] if f != drop]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def edited(target: str, **changes) -> list[dict]:
    rows = bundled_rows()
    for row in rows:
        if row["fact_id"] == target:
            row.update(changes)
    return rows


# Each case: (id, setup(tmp) -> extra CLI args, expected exit code, expected message fragments).
def _params(tmp: Path, text: str | bytes, name: str = "set.yaml") -> list[str]:
    path = tmp / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return ["--params", str(path)]


def _facts(tmp: Path, rows=None, text: str | bytes | None = None, drop: str | None = None) -> list[str]:
    path = tmp / "facts.csv"
    if text is not None:
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    else:
        write_rows(path, rows, drop)
    return ["-p", "facts", str(path)]


HEADER = ",".join(bundled_rows()[0])

CASES = [
    ("params-missing", lambda t: ["--params", str(t / "nope.yaml")], 2,
     ["nope.yaml: parameter file not found", "expected a YAML file"]),
    ("params-malformed-yaml", lambda t: _params(t, "name: x\nparameters: [1,\n"), 2,
     ["set.yaml: not valid YAML at line 3"]),
    ("params-not-a-mapping", lambda t: _params(t, "- lang\n- en\n"), 2,
     ["set.yaml: expected a mapping with keys 'name' and 'parameters', got a list"]),
    ("params-empty", lambda t: _params(t, ""), 2, ["set.yaml: expected a mapping", "got an empty file"]),
    ("params-wrong-encoding", lambda t: _params(t, "name: алматы\n".encode("cp1251")), 2,
     ["set.yaml: not UTF-8 text"]),
    ("params-unknown-key", lambda t: _params(t, "name: x\nparamters:\n  lang: en\n"), 2,
     ["set.yaml: unknown key 'paramters'; expected only name, title, description, parameters"]),
    ("unknown-parameter-in-file", lambda t: _params(t, "name: x\nparameters:\n  language: kk\n"), 2,
     ["parameter 'language': unknown parameter; the notebooks' parameters are baseline_period, change_reading"]),
    ("unknown-parameter-cli", lambda t: ["-p", "langg", "en"], 2,
     ["command line (-p): parameter 'langg': unknown parameter"]),
    ("unknown-lang", lambda t: ["-p", "lang", "de"], 2,
     ["parameter 'lang': expected one of en, kk, ru, got 'de'"]),
    ("unknown-change-reading", lambda t: ["-p", "change_reading", "absolute"], 2,
     ["parameter 'change_reading': expected one of points, relative, got 'absolute'"]),
    ("unknown-figure-format", lambda t: ["-p", "figure_format", "gif"], 2,
     ["parameter 'figure_format': expected one of png, svg, got 'gif'"]),
    ("wrong-period", lambda t: ["-p", "period", "twenty"], 2,
     ["parameter 'period': period 'twenty': expected a period such as 2025, 2025-H1"]),
    ("wrong-type-in-file", lambda t: _params(t, "name: x\nparameters:\n  period: [2025]\n"), 2,
     ["parameter 'period': expected text"]),
    ("baseline-not-before-period", lambda t: ["-p", "baseline_period", "2025"], 2,
     ["parameter 'baseline_period': expected a period before 'period' (2025), got 2025"]),
    ("facts-missing-file", lambda t: ["-p", "facts", str(t / "none.csv")], 2,
     ["none.csv", "not found"]),
    ("facts-malformed-csv", lambda t: _facts(t, text=HEADER + '\n"unterminated,quote\n'), 2,
     ["facts.csv"]),
    ("facts-wrong-encoding", lambda t: _facts(t, text=(HEADER + "\nx,алматы\n").encode("cp1251")), 2,
     ["facts.csv: not UTF-8 text"]),
    ("facts-empty", lambda t: _facts(t, text=""), 2, ["facts.csv: the facts file is empty"]),
    ("facts-header-only", lambda t: _facts(t, text=HEADER + "\n"), 2,
     ["facts.csv: the facts file has a header but no rows"]),
    ("facts-missing-column", lambda t: _facts(t, bundled_rows(), drop="unit"), 2,
     ["facts.csv: missing column(s) unit"]),
    ("facts-duplicate-id", lambda t: _facts(t, edited("ast25-round-tables", fact_id="ast25-plenary-sessions")), 2,
     ["row 4 (fact_id 'ast25-plenary-sessions'), column 'fact_id': must be unique"]),
    ("facts-negative-count", lambda t: _facts(t, edited("ast25-legal-aid-received", value="-197")), 2,
     ["row 17 (fact_id 'ast25-legal-aid-received')", "a count or amount is never negative, got '-197'"]),
    ("facts-part-larger-than-total", lambda t: _facts(t, edited(
        "ast25-violations-deadlines", value="181", value_text="181", quote="181")), 2,
     ["a part (181) is larger than its total 'ast25-violations' (171)"]),
    ("facts-bad-theme-id", lambda t: _facts(t, edited("ast25-postponements", theme="Weather!")), 2,
     ["column 'theme': expected lower-case letters", "got 'Weather!'"]),
    ("facts-made-up-quote", lambda t: _facts(t, edited("ast25-postponements", quote="802 жағдай ойдан шығарылған")), 2,
     ["column 'quote': the quote does not occur in the raw text", "(rule quote_in_source)"]),
    ("facts-unknown-source", lambda t: _facts(t, edited("ast25-postponements", source_id="no-such-source")), 2,
     ["column 'source_id': source_id 'no-such-source': no record", "(rule source_record)"]),
    ("facts-theme-without-labels", lambda t: _facts(t, edited("ast25-postponements", theme="weather")), 2,
     ["facts.meta.yaml: theme 'weather': no 'label' mapping"]),
    ("facts-unknown-unit", lambda t: _facts(t, edited("ast25-postponements", unit="cases")), 2,
     ["column 'unit': expected one of", "got 'cases'"]),
    ("facts-value-not-a-number", lambda t: _facts(t, edited("ast25-postponements", value="802 cases")), 2,
     ["column 'value': expected a number, got '802 cases'"]),
    ("region-absent-from-facts", lambda t: ["-p", "region", "Shymkent"], 2,
     ["no facts for 'Shymkent' in 2025"]),
]


@pytest.mark.parametrize(("setup", "code", "fragments"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_rejected_before_anything_is_written(tmp_path, capsys, setup, code, fragments):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    args = setup(inputs)
    raw_before = raw_digest()
    reports, cache = tmp_path / "reports", tmp_path / "cache"
    if "--params" not in args:
        args = ["--params", str(PROJ_ROOT / "params" / "astana-2025-en.yaml"), *args]
    rc = main(["run", *args, "--reports", str(reports), "--cache-dir", str(cache)])
    err = capsys.readouterr().err
    assert rc == code, err
    assert err.startswith("error: "), err
    for fragment in fragments:
        assert fragment in err
    assert "Traceback" not in err
    assert not reports.exists() and not cache.exists(), "a rejected run wrote something"
    assert raw_digest() == raw_before


def test_the_matrix_has_at_least_twenty_distinct_inputs():
    assert len({c[0] for c in CASES}) >= 20


# -- failures while running -------------------------------------------------------------------------------------

def _fixture_run(tmp_path: Path, notebooks: Path, *extra: str) -> list[str]:
    params = tmp_path / "fx.yaml"
    params.write_text("name: fx\nparameters:\n  lang: en\n", encoding="utf-8")
    return ["run", "--params", str(params), "--notebooks", str(notebooks), "--reports", str(tmp_path / "reports"),
            "--cache-dir", str(tmp_path / "cache"), "--jobs", "2", *extra]


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def fixture_notebooks(tmp_path) -> Path:
    folder = tmp_path / "notebooks"
    shutil.copytree(FIXTURE_NOTEBOOKS, folder)
    return folder


def _append_cell(path: Path, source: str) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "id": "added", "metadata": {}, "execution_count": None,
                        "outputs": [], "source": source})
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")


def test_a_notebook_that_raises(tmp_path, capsys, fixture_notebooks):
    assert main(_fixture_run(tmp_path, fixture_notebooks)) == 0
    previous = _tree(tmp_path / "reports" / "fx")
    _append_cell(fixture_notebooks / "01_second.ipynb", "raise RuntimeError('the facts disagree')")
    capsys.readouterr()
    assert main(_fixture_run(tmp_path, fixture_notebooks)) == 3
    err = capsys.readouterr().err
    assert "notebook 01_second.ipynb failed in cell" in err and "RuntimeError: the facts disagree" in err
    assert _tree(tmp_path / "reports" / "fx") == previous
    kept = tmp_path / "reports" / "fx.failed" / "01_second.ipynb"
    assert "the facts disagree" in kept.read_text(encoding="utf-8")


@pytest.mark.parametrize(("sig", "moment"), [(signal.SIGINT, "notebook-running"), (signal.SIGINT, "kernels-starting"),
                                             (signal.SIGKILL, "notebook-running")],
                         ids=["ctrl-c", "ctrl-c-while-kernels-start", "killed"])
def test_an_interrupted_run_leaves_the_previous_report(tmp_path, fixture_notebooks, sig, moment):
    """Interrupted while a notebook runs, or while the kernels are still being started (the kernel template still
    importing, the job threads waiting for it), the run ends at once and leaves the previous report.

    ``communicate`` returns only when no process holds the run's output any more: a kernel or an export process
    started after the interrupt would keep it waiting.
    """
    assert main(_fixture_run(tmp_path, fixture_notebooks)) == 0
    reports = tmp_path / "reports"
    previous = _tree(reports / "fx")
    started = tmp_path / "slow-cell-started"
    _append_cell(fixture_notebooks / "01_second.ipynb",
                 f"import pathlib, time\npathlib.Path({str(started)!r}).touch()\ntime.sleep(60)")
    # A fresh process group, so the signal reaches the runner as Ctrl-C would, and the kernels with it.
    proc = subprocess.Popen([sys.executable, "-m", "analysis", *_fixture_run(tmp_path, fixture_notebooks)],
                            cwd=PROJ_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            # A background job inherits SIGINT ignored; Ctrl-C must reach this run.
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    if moment == "kernels-starting":
        # A job has started (the progress line comes just before its kernel is asked for), and the kernel template
        # it waits for is still importing: that takes seconds, reading one line takes none.
        for line in proc.stdout:
            if line.strip().startswith("start fx/01_second.ipynb"):
                break
        else:
            pytest.fail("the run never started its notebook")
    else:
        while not started.exists():
            assert time.monotonic() < deadline and proc.poll() is None, "the slow cell never started"
            time.sleep(0.2)
    os.killpg(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGINT:
        assert proc.returncode == 130, err
        assert "interrupted" in err
        assert sorted(p.name for p in reports.iterdir()) == ["fx"]
    else:
        assert proc.returncode == -signal.SIGKILL
        # What a kill leaves is a hidden staging folder, never something named like a report.
        assert {p.name for p in reports.iterdir() if not p.name.startswith(".staging-")} == {"fx"}
    assert _tree(reports / "fx") == previous
    assert (reports / "fx" / "report.pdf").exists()
    if sig == signal.SIGKILL:
        # The next run clears what the killed one left and publishes normally.
        _append_cell(fixture_notebooks / "01_second.ipynb", "pass")
        nb = json.loads((fixture_notebooks / "01_second.ipynb").read_text(encoding="utf-8"))
        nb["cells"] = [c for c in nb["cells"] if "time.sleep(60)" not in "".join(c["source"])]
        (fixture_notebooks / "01_second.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        assert main(_fixture_run(tmp_path, fixture_notebooks)) == 0
        assert sorted(p.name for p in reports.iterdir()) == ["fx"]


def test_another_region_with_half_the_metrics_missing(tmp_path, capsys):
    """A facts file for another city that reports only some figures: the report is built and says what is missing."""
    keep = ("enforcement", "applications_notifications")
    rows = [dict(r, region="Almaty") for r in bundled_rows() if r["theme"] in keep]
    facts = write_rows(tmp_path / "almaty-2025.csv", rows, regions=("Almaty",))
    params = tmp_path / "almaty.yaml"
    params.write_text(f"name: almaty-2025-en\nparameters:\n  facts: {facts}\n  region: Almaty\n", encoding="utf-8")
    rc = main(["run", "--params", str(params), "--reports", str(tmp_path / "reports"),
               "--cache-dir", str(tmp_path / "cache"), "--notebooks", str(NOTEBOOKS_DIR)])
    assert rc == 0, capsys.readouterr().err
    folder = tmp_path / "reports" / "almaty-2025-en"
    html = (folder / "report.html").read_text(encoding="utf-8")
    # Two themes, two chapters: the chapters written for the Astana facts are not used for another facts file.
    chapters = sorted(p.name for p in (folder / "notebooks").iterdir())
    assert [c for c in chapters if c.startswith("10_theme-")] == ["10_theme-01-enforcement.ipynb",
                                                                   "10_theme-02-applications_notifications.ipynb"]
    assert "Almaty" in html and "Enforcement of judicial acts" in html
    assert (folder / "report.pdf").stat().st_size > 10_000
    claims = (folder / "claims.csv").read_text(encoding="utf-8")
    assert "ast25-seminars" not in claims and "ast25-writs-rejected-share" in claims
