"""Kernels forked from a warm template: isolation, the same outputs as an ordinary launch, fallback, clean ends."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import papermill as pm
import psutil
import pytest
from conftest import FIXTURE_NOTEBOOKS, package_snapshot
from jupyter_client.provisioning import KernelProvisionerFactory

from analysis.config import NOTEBOOKS_DIR, PROJ_ROOT
from analysis.errors import AnalysisError, KernelForkError
from analysis.kernels import client
from analysis.kernels.client import ENV_SWITCH, fork_supported, warm_template
from analysis.kernels.provisioner import PROVISIONER_NAME, ForkProvisioner, WarmKernelManager, papermill_options
from analysis.kernels.template import _Server
from analysis.pipeline.progress import PlainProgress
from analysis.pipeline.runner import RunConfig, prepare, run

pytestmark = pytest.mark.skipif(not fork_supported(), reason="kernels are forked on Linux only")

FIXTURES = FIXTURE_NOTEBOOKS


def notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, path)
    return path


def execute(path: Path, tmp_path: Path, fork: bool = True) -> dict:
    """Run a notebook whose last cell prints one JSON object; return that object."""
    out = tmp_path / f"out-{path.name}"
    pm.execute_notebook(str(path), str(out), kernel_name="python3", progress_bar=False, cwd=str(tmp_path),
                        **papermill_options(fork))
    nb = nbformat.read(out, as_version=4)
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.get("name") == "stdout")
    return json.loads(text)


STATE = """\
import json, os, random, sys
import matplotlib, numpy, analysis.config
print(json.dumps({"pid": os.getpid(), "ppid": os.getppid(), "cwd": os.getcwd(),
                  "dpi": matplotlib.rcParams["figure.dpi"], "backend": matplotlib.get_backend(),
                  "themes": list(analysis.config.LANGUAGES),
                  "marker": os.environ.get("KERNEL_TEST_MARKER"), "random": random.random(),
                  "numpy": float(numpy.random.random()), "path0": sys.path[0], "argv0": os.path.basename(sys.argv[0]),
                  "extra_module": "analysis_test_extra" in sys.modules}))
"""

MUTATE = """\
import os, sys, types, matplotlib, analysis.config
matplotlib.rcParams["figure.dpi"] = 7
analysis.config.LANGUAGES = ("changed",)
os.environ["KERNEL_TEST_MARKER"] = "leaked"
os.chdir("/")
sys.modules["analysis_test_extra"] = types.ModuleType("analysis_test_extra")
"""


@pytest.fixture(scope="module")
def template():
    """One template for the tests of this module, as one run has one."""
    with warm_template() as t:
        t.wait_ready(timeout=600)  # generous: the machine may be busy; speed is the benchmark's business
        yield t


@pytest.fixture
def own_template():
    with warm_template() as t:
        t.wait_ready(timeout=600)  # generous: the machine may be busy; speed is the benchmark's business
        yield t


class TestRegistration:
    def test_entry_point_names_the_provisioner(self):
        factory = KernelProvisionerFactory.instance()
        assert factory._check_availability(PROVISIONER_NAME)
        manager = WarmKernelManager(kernel_name="python3")
        assert manager.kernel_spec.metadata["kernel_provisioner"] == {"provisioner_name": PROVISIONER_NAME}
        provisioner = factory.create_provisioner_instance("k", manager.kernel_spec, parent=manager)
        assert isinstance(provisioner, ForkProvisioner)

    def test_errors_derive_from_the_package_error(self):
        assert issubclass(KernelForkError, AnalysisError)


class TestIsolation:
    def test_a_notebook_changing_global_state_leaves_the_next_kernel_untouched(self, tmp_path, template):
        before = execute(notebook(tmp_path / "a.ipynb", STATE), tmp_path)
        execute(notebook(tmp_path / "b.ipynb", MUTATE, STATE), tmp_path)
        after = execute(notebook(tmp_path / "c.ipynb", STATE), tmp_path)
        assert before["ppid"] == after["ppid"] == template.pid  # both forked from the template
        assert after["pid"] != before["pid"]
        for key in ("cwd", "dpi", "backend", "themes", "marker", "path0", "argv0", "extra_module"):
            assert after[key] == before[key], key
        assert after["cwd"] == str(tmp_path) and after["marker"] is None and after["dpi"] != 7
        assert after["argv0"] == "ipykernel_launcher.py" and after["path0"] != str(tmp_path)

    def test_each_kernel_starts_with_fresh_random_state(self, tmp_path, template):
        first = execute(notebook(tmp_path / "a.ipynb", STATE), tmp_path)
        second = execute(notebook(tmp_path / "b.ipynb", STATE), tmp_path)
        assert first["random"] != second["random"] and first["numpy"] != second["numpy"]

    def test_the_kernel_sees_the_environment_it_was_given_and_watches_its_parent(self, tmp_path, template,
                                                                                 monkeypatch):
        monkeypatch.setenv("KERNEL_TEST_MARKER", "given")
        source = STATE + (
            "from ipykernel.kernelapp import IPKernelApp\n"
            "print(json.dumps({'handle': IPKernelApp.instance().parent_handle,"
            " 'parent': os.environ['JPY_PARENT_PID']}))\n")
        nb = notebook(tmp_path / "a.ipynb", source)
        out = tmp_path / "out.ipynb"
        pm.execute_notebook(str(nb), str(out), kernel_name="python3", progress_bar=False, **papermill_options())
        lines = "".join(o.get("text", "") for o in nbformat.read(out, as_version=4).cells[0].outputs).splitlines()
        state, kernel = json.loads(lines[0]), json.loads(lines[1])
        assert state["marker"] == "given" and state["ppid"] == template.pid
        assert kernel["handle"] == template.pid == int(kernel["parent"])


class TestFallback:
    def test_switched_off_launches_the_ordinary_way(self, tmp_path, template, monkeypatch):
        monkeypatch.setenv(ENV_SWITCH, "0")
        state = execute(notebook(tmp_path / "a.ipynb", STATE), tmp_path)
        assert state["ppid"] == os.getpid()

    def test_another_hash_seed_cannot_be_forked(self, tmp_path, template, monkeypatch):
        monkeypatch.setenv("PYTHONHASHSEED", "12345")
        with pytest.raises(KernelForkError, match="PYTHONHASHSEED"):
            template.fork_kernel([sys.executable, "-m", "ipykernel_launcher"], dict(os.environ), str(tmp_path))
        # The provisioner starts no template of its own when told not to, and falls back.
        state = execute(notebook(tmp_path / "a.ipynb", STATE), tmp_path, fork=False)
        assert state["ppid"] == os.getpid()

    def test_a_command_of_another_program_is_not_forked(self, tmp_path, template):
        with pytest.raises(KernelForkError, match="not a kernel of this interpreter"):
            template.fork_kernel(["/bin/true", "-m", "ipykernel_launcher"], dict(os.environ), str(tmp_path))

    def test_a_dead_template_means_ordinary_kernels(self, tmp_path, own_template, monkeypatch):
        monkeypatch.setattr(ForkProvisioner, "start_template", False)
        monkeypatch.setattr(client, "_TEMPLATES", [own_template])
        own_template.process.kill()
        own_template.process.wait()
        state = execute(notebook(tmp_path / "a.ipynb", STATE), tmp_path)
        assert state["ppid"] == os.getpid()

    def test_no_fork_on_other_platforms(self, tmp_path, monkeypatch):
        monkeypatch.setattr(client.sys, "platform", "darwin")
        assert not client.fork_enabled()
        with warm_template() as t:
            assert t is None
        state = execute(notebook(tmp_path / "a.ipynb", STATE), tmp_path)
        assert state["ppid"] == os.getpid()

    def test_the_template_forks_only_while_it_runs_one_thread(self, tmp_path, monkeypatch):
        # The count is the template's own (this test process may run other threads): two threads, no fork.
        a, b = client.socket.socketpair(client.socket.AF_UNIX, client.socket.SOCK_SEQPACKET)
        server = _Server(a)
        request = {"argv": [sys.executable, "-m", "ipykernel_launcher"], "env": dict(os.environ),
                   "cwd": str(tmp_path)}
        try:
            monkeypatch.setattr(threading, "active_count", lambda: 2)
            assert "the template runs 2 threads" in server._check(request)
            monkeypatch.setattr(threading, "active_count", lambda: 1)
            assert server._check(request) == ""
        finally:
            a.close()
            b.close()

    def test_the_template_reports_one_thread_and_its_modules(self, template):
        assert template.threads == 1  # after its imports and first steps, before any fork
        assert "pandas" in template.imported and "analysis.nb.figures" in template.imported
        assert "analysis.nb.warmup:warm_kernel" in template.imported
        assert all(name.startswith("analysis.") for name in template.failed)  # only names of other layouts

    def test_without_first_steps_the_kernels_import_the_charting_themselves(self, tmp_path):
        with warm_template(first_steps=False) as lean:
            lean.wait_ready(timeout=600)
            assert "pandas" in lean.imported and "analysis.nb.context" in lean.imported
            assert not {"matplotlib", "seaborn", "analysis.nb.figures"} & {*lean.imported, *lean.failed}
            assert "analysis.nb.warmup:warm_kernel" not in lean.imported
            state = execute(notebook(tmp_path / "state.ipynb", STATE), tmp_path)
            assert state["ppid"] == lean.pid and state["backend"] == "module://matplotlib_inline.backend_inline"


class _RecordingKernelManager(WarmKernelManager):
    """Records how each of its kernels ended."""

    ends: list = []

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        forked = self.provisioner.forked
        await super().shutdown_kernel(now=now, restart=restart)
        self.ends.append((forked, self._shutdown_status))


class TestShutdown:
    def test_a_forked_kernel_ends_on_its_shutdown_request_without_a_signal(self, tmp_path, template):
        """The kernel answers the request and exits by itself; none needs SIGTERM (which the manager sends only
        when a kernel is still alive after half its shutdown wait). Repeated: the hang it guards against came
        from a race between the kernel's threads at exit, about one kernel in six."""
        from jupyter_client.manager import _ShutdownStatus

        path = notebook(tmp_path / "a.ipynb", "print('output to flush')")
        _RecordingKernelManager.ends = []
        for _ in range(12):
            pm.execute_notebook(str(path), str(tmp_path / "out.ipynb"), kernel_name="python3", progress_bar=False,
                                kernel_manager_class=_RecordingKernelManager)
        assert _RecordingKernelManager.ends == [(True, _ShutdownStatus.ShutdownRequest)] * 12


# - byte-identical reports ---------------------------------------------------------------------------------------

def snapshot(folder: Path) -> dict[str, bytes]:
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    manifest = json.loads(files.pop("manifest.json"))
    manifest.pop("timings")
    files["manifest.json"] = json.dumps(manifest, sort_keys=True).encode()
    return files


def build(tmp_path: Path, notebooks: Path, fork: bool, cache: str) -> dict[str, bytes]:
    from analysis.report.build import build_report

    package = package_snapshot(tmp_path)
    params = tmp_path / "set.yaml"
    params.write_text("name: fx-kk\nparameters:\n  lang: kk\n", encoding="utf-8")
    config = RunConfig(notebooks_dir=notebooks, reports_dir=tmp_path / "reports", cache_dir=tmp_path / cache,
                       package_dir=package, jobs=2, build_report=build_report, progress=PlainProgress(io.StringIO()),
                       fork_kernels=fork)
    result = run(prepare([str(params)], [], config), config)
    assert result.failures == [] and len(result.executed) == len(list(notebooks.glob("*.ipynb")))
    return snapshot(tmp_path / "reports" / "fx-kk")


def test_forked_and_ordinary_kernels_give_byte_identical_reports(tmp_path):
    """Two chapters with charts and tables: notebooks, figures, facts, HTML and PDF, byte for byte."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("02_enforcement.ipynb", "04_procedural_discipline.ipynb"):
        shutil.copyfile(NOTEBOOKS_DIR / name, notebooks / name)
    forked = build(tmp_path, notebooks, True, "cache-fork")
    ordinary = build(tmp_path, notebooks, False, "cache-plain")
    assert sorted(forked) == sorted(ordinary)
    assert any(name.startswith("figures/") for name in forked) and "report.pdf" in forked
    for name in forked:
        assert forked[name] == ordinary[name], name


# - no process left behind ---------------------------------------------------------------------------------------

def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _wait_gone(pids, seconds=20.0) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        left = [p for p in pids if not _gone(p)]
        if not left:
            return []
        time.sleep(0.1)
    return [p for p in pids if not _gone(p)]


SLOW = "import os, time\nopen({path!r}, 'w').write(f'{{os.getpid()}} {{os.getppid()}}')\ntime.sleep(60)"


@pytest.mark.parametrize("how", ["ctrl-c", "killed", "runner-killed"])
def test_an_interrupted_run_leaves_no_kernel_or_template(tmp_path, how):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FIXTURES, notebooks)
    pids = tmp_path / "pids"
    nb = json.loads((notebooks / "01_second.ipynb").read_text(encoding="utf-8"))
    nb["cells"].append({"cell_type": "code", "id": "slow", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": SLOW.format(path=str(pids))})
    (notebooks / "01_second.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    params = tmp_path / "fx.yaml"
    params.write_text("name: fx\nparameters:\n  lang: en\n", encoding="utf-8")
    log = (tmp_path / "log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "analysis", "run", "--params", str(params), "--notebooks",
                             str(notebooks), "--reports", str(tmp_path / "reports"), "--cache-dir",
                             str(tmp_path / "cache")],
                            # Files, not pipes: after a kill, the runner's other helpers may hold a pipe open.
                            cwd=PROJ_ROOT, stdout=log, stderr=log,
                            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 60
    while not pids.is_file() or not pids.read_text(encoding="utf-8").strip():
        assert time.monotonic() < deadline and proc.poll() is None, "the slow cell never started"
        time.sleep(0.1)
    kernel, template = map(int, pids.read_text(encoding="utf-8").split())
    assert template != proc.pid and psutil.Process(template).ppid() == proc.pid  # a forked kernel
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)
    elif how == "killed":
        os.killpg(proc.pid, signal.SIGKILL)
    else:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    err = (tmp_path / "log").read_text(encoding="utf-8")
    if how == "ctrl-c":
        assert proc.returncode == 130, err
    else:
        assert proc.returncode == -signal.SIGKILL
    log.close()
    assert _wait_gone([kernel, template]) == [], f"left behind: {kernel} (kernel), {template} (template)"
