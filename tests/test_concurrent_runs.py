"""Runs that coexist: concurrent runs of the same and of different parameter sets, output not a terminal.

Each run must end with exit 0 and publish a complete report whose files match its manifest, whichever run
executed a notebook, filled a cache entry or published first.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURE_NOTEBOOKS, assert_matches_manifest

from analysis.config import PROJ_ROOT
from analysis.pipeline.progress import PlainProgress, make_progress

FIXTURES = FIXTURE_NOTEBOOKS


def _complete(folder: Path) -> None:
    assert_matches_manifest(folder)
    assert {"notebooks/00_first.ipynb", "notebooks/01_second.ipynb"} <= {p.relative_to(folder).as_posix()
                                                                          for p in folder.rglob("*")}
    assert (folder / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_three_runs_at_once_two_of_the_same_set(tmp_path):
    params = {}
    for name, lang in (("fx-en", "en"), ("fx-kk", "kk")):
        params[name] = tmp_path / f"{name}.yaml"
        params[name].write_text(f"name: {name}\nparameters:\n  lang: {lang}\n", encoding="utf-8")
    # The first notebook takes a few seconds, so the second run of the set reaches it while the first holds it.
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    first_nb = notebooks / "00_first.ipynb"
    nb = json.loads(first_nb.read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "id": "slow", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": "import time\ntime.sleep(12)"})
    first_nb.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    common = ["--notebooks", str(notebooks), "--reports", str(tmp_path / "reports"), "--cache-dir",
              str(tmp_path / "cache"), "--jobs", "1"]
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}

    def start(name):
        return subprocess.Popen([sys.executable, "-m", "analysis", "run", "--params", str(params[name]), *common],
                                cwd=PROJ_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    first = start("fx-en")
    # Once the first run holds a notebook's lock, the second run of the same set has to wait for it and then
    # take that notebook from the cache (the path that once crashed a run whose output is not a terminal).
    work = tmp_path / "cache" / "work"
    deadline = time.monotonic() + 300
    while not (work.is_dir() and any(p.is_dir() for p in work.iterdir())):
        assert first.poll() is None and time.monotonic() < deadline, "the first run never started a notebook"
        time.sleep(0.1)
    procs = [first, start("fx-en"), start("fx-kk")]
    outputs = [p.communicate(timeout=900) for p in procs]
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, out + err
        assert "Traceback" not in err, err
    assert "from the cache" in outputs[1][0], outputs[1][0]
    for name in ("fx-en", "fx-kk"):
        _complete(tmp_path / "reports" / name)
    left = sorted(p.name for p in (tmp_path / "reports").iterdir())
    assert left == ["fx-en", "fx-kk"]


class TestPlainProgress:
    def test_a_notebook_another_run_executed_has_no_duration(self):
        stream = io.StringIO()
        progress = PlainProgress(stream)
        progress.start(1, 2, 0, 1)
        progress.notebook_done("fx", "00_first.ipynb", None, False)
        progress.notebook_done("fx", "01_second.ipynb", 1.25, False)
        lines = stream.getvalue().splitlines()
        assert lines[1] == "[1/2] fx/00_first.ipynb from the cache"
        assert lines[2] == "[2/2] fx/01_second.ipynb executed in 1.2 s"

    def test_a_pipe_gets_plain_lines(self):
        read, write = os.pipe()
        with os.fdopen(write, "w") as stream:
            assert type(make_progress(stream)) is PlainProgress
        os.close(read)
