"""Executing the notebooks with papermill and building one report folder per parameter set.

``python -m analysis run --params params/a.yaml [more.yaml ...] [-p name value ...] [--jobs N] [--force]``

1. Every parameter set is checked before any kernel starts (:mod:`.plans`: names, types, allowed values, facts
   files); each problem is printed on its own line and the exit code is 2.
2. Each notebook of each set is one job in a shared pool of ``--jobs`` threads (:mod:`.execution`); a job starts
   its own kernel (papermill), so up to ``--jobs`` kernels run at once. A run whose inputs are unchanged is taken
   from the cache.
3. When all notebooks of a set are done, its report is assembled in ``reports/.staging-<name>-<pid>/``, exported
   (HTML and PDF, :mod:`.exporting`; the last sets take turns, so that they finish together and are exported side
   by side), described by ``manifest.json``, and renamed into ``reports/<name>/`` in one
   step; the previous report is replaced only then.
4. A failing notebook leaves the previous report untouched, keeps the failed executed notebook in
   ``reports/<name>.failed/`` and makes the exit code 3.

This module holds the orchestration (:func:`run`) and the ``run`` command (:func:`add_run_arguments`,
:func:`run_from_cli`).
"""

from __future__ import annotations

import concurrent.futures as cf
import io
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..config import CACHE_DIR, NOTEBOOKS_DIR, REPORTS_DIR
from ..core.epoch import env_epoch
from ..core.sources import primary_record, source_ids
from ..errors import ParameterProblems, RunSetupError
from ..kernels.protocol import LaunchGate
from ..versions import git_commit, package_versions
from .cache import Cache
from .executed import failure_message
from .execution import NotebookJobs
from .exporting import ReportExports
from .jobs import Job, finishing_together, plan_jobs
from .manifest import source_date_epoch
from .plans import Plan, RunConfig, RunResult, list_notebooks, prepare, rel_path
from .progress import PlainProgress, make_progress
from .publish import STAGING_PREFIX, check_run_folders, keep_failed
from .publish import clean_stale as clean_stale
from .publish import publish as publish
from .stopping import RunStopping


class _Runner(NotebookJobs, ReportExports, RunStopping):
    def __init__(self, plans: list[Plan], config: RunConfig):
        self.plans = plans
        self.config = config
        self.cache = Cache(config.cache_dir, enabled=not config.force)
        self.inputs = config.key_inputs()
        self.progress = config.progress or PlainProgress(io.StringIO())
        self._export_pool: cf.ProcessPoolExecutor | None = None
        self._ipc_dir = ""
        self._ipc_lock = threading.Lock()
        self._ipc_count = 0
        self._pool_lock = threading.Lock()
        self._stopping = threading.Event()
        self._launch_gate = LaunchGate()  # closed with the run: a job thread that goes on starts no kernel
        self._template = None
        self.notebooks = list_notebooks(config.notebooks_dir)
        # Reports exported at the same time (threads of the exports pool): in export processes, one per job at most,
        # as many as there are sets; in this process one (Pango is not safe in two threads at once).
        self.export_workers = max(1, min(config.jobs, len(plans))) if config.export_process else 1
        self.result = RunResult()
        for plan in plans:
            plan.source = plan.source or primary_record(source_ids(plan.facts), config.raw_dir)
            plan.jobs = plan_jobs(self.notebooks, plan.facts, plan.pset.parameters.get("region"))
        self.epoch = source_date_epoch(config.root)
        self.commit = git_commit(config.root)
        self.versions = package_versions()
        self.started = time.monotonic()

    # - orchestration -----------------------------------------------------------------------------------------------
    def run(self) -> RunResult:
        config = self.config
        config.reports_dir.mkdir(parents=True, exist_ok=True)
        clean_stale(config.reports_dir)
        # Kernels inherit the environment: a fixed date and hash seed make their outputs reproducible.
        saved = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "PYTHONHASHSEED")}
        os.environ["SOURCE_DATE_EPOCH"] = str(self.epoch)
        os.environ.setdefault("PYTHONHASHSEED", "0")
        # A short folder: a Unix socket's path is limited to about 100 characters.
        self._ipc_dir = tempfile.mkdtemp(prefix="kernels-")
        try:
            return self._run()
        finally:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    def _run(self) -> RunResult:
        config = self.config
        todo = finishing_together(self.plan_keys(), self.export_workers)
        from ..kernels.client import start_template

        pool = cf.ThreadPoolExecutor(max_workers=max(1, config.jobs), thread_name_prefix="notebook")
        # Reports are exported beside the notebook jobs, so a finished set's export never holds a slot a kernel
        # could use.
        exports = cf.ThreadPoolExecutor(max_workers=self.export_workers, thread_name_prefix="export")
        futures: dict[cf.Future, tuple[str, Plan, Job | None]] = {}
        try:
            # One warm template per run; its imports overlap the set-up below and the first kernels fork from it.
            self._template = config.template
            if self._template is None and todo:
                # A kernel's first steps in the template pay off only for kernels that wait for a free job.
                self._template = start_template(config.fork_kernels, first_steps=len(todo) > config.jobs)
            elif self._template is not None and not todo:
                self._template.close()
            for plan in self.plans:
                plan.staging = config.reports_dir / f"{STAGING_PREFIX}{plan.name}-{os.getpid()}"
                shutil.rmtree(plan.staging, ignore_errors=True)
                plan.staging.mkdir(parents=True)
            total = sum(len(plan.jobs) for plan in self.plans)
            self.progress.start(len(self.plans), total, total - len(todo), config.jobs)
            for plan in self.plans:
                for job in plan.jobs:
                    if job.name in plan.entries:
                        self.result.cached.append(f"{plan.name}/{job.name}")
                        self.progress.notebook_done(plan.name, job.name, None, True)
            for plan, job in todo:
                futures[pool.submit(self.execute, plan, job)] = ("notebook", plan, job)
            if todo and config.export_process:
                # Their imports and one-page warm-up take seconds of one core: started now, they fill the core the
                # facts check has just left while the template is still importing, before the kernels need both.
                self._export_executor()
            for plan in self.plans:
                if self._ready(plan):
                    futures[exports.submit(self.export, plan)] = ("export", plan, None)
            while futures:
                done, _ = cf.wait(list(futures), timeout=0.2, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    kind, plan, nb = futures.pop(future)
                    if future.cancelled():
                        continue
                    self._finished(kind, plan, nb, future, futures, exports)
        except BaseException:
            self._interrupt(pool, exports, futures)
            raise
        finally:
            self._stop(pool, exports)
            for plan in self.plans:
                if plan.staging is not None:
                    shutil.rmtree(plan.staging, ignore_errors=True)
        return self.result

    def _ready(self, plan: Plan) -> bool:
        return not plan.failures and all(job.name in plan.entries for job in plan.jobs)

    def _finished(self, kind, plan, nb, future, futures, exports) -> None:
        exc = future.exception()
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise exc
        if kind == "notebook":
            if exc is None:
                plan.entries[nb.name] = future.result()
                executed_here = nb.name in plan.seconds  # else another run stored it while this one waited
                (self.result.executed if executed_here else self.result.cached).append(f"{plan.name}/{nb.name}")
                self.progress.notebook_done(plan.name, nb.name, plan.seconds.get(nb.name), not executed_here)
                if self._ready(plan):
                    futures[exports.submit(self.export, plan)] = ("export", plan, None)
                return
            self.progress.notebook_failed(plan.name, nb.name)
            kept = self._keep_failed(plan, nb)
            message = failure_message(plan.name, nb.path, exc, kept and rel_path(kept, self.config.root), nb.name)
            plan.failures.append(message)
            self.result.failures.append(message)
            for other, (k, p, _n) in list(futures.items()):  # the rest of this set cannot be published
                if p is plan and k == "notebook":
                    other.cancel()
            return
        if exc is not None:
            message = f"{plan.name}: building the report failed: {type(exc).__name__}: {exc}; " \
                      f"the previous report of {plan.name} is unchanged"
            plan.failures.append(message)
            self.result.failures.append(message)
            return
        self.result.reports[plan.name] = future.result()

    def _keep_failed(self, plan: Plan, nb: Job) -> Path | None:
        executed = plan.staging / ".failed" / nb.name
        if not executed.is_file():
            return None
        # The first failure of this run replaces an older record.
        return keep_failed(self.config.reports_dir, plan.name, executed, replace=not plan.failures)

def run(plans: list[Plan], config: RunConfig) -> RunResult:
    """Execute the plans' notebooks (cache first) and publish a report folder for every set that succeeded."""
    return _Runner(plans, config).run()


# -- command line --------------------------------------------------------------------------------------------------

def add_run_arguments(parser) -> None:
    parser.add_argument("--params", nargs="+", default=["params/astana-2025-en.yaml"], metavar="FILE",
                        help="parameter file(s), one report each (default: params/astana-2025-en.yaml)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                        help="override a parameter in every set; for lang, change_reading and figure_format a "
                             "comma list (lang en,kk,ru) gives one report per value")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1,
                        help="notebooks run at the same time (default: the number of CPUs)")
    parser.add_argument("--force", action="store_true", help="execute every notebook again, ignoring the cache")
    parser.add_argument("--no-fork", dest="fork", action="store_false",
                        help="start every kernel the ordinary way instead of forking it from a warm template")
    parser.add_argument("--notebooks", default=str(NOTEBOOKS_DIR), metavar="DIR",
                        help="folder of the notebooks (default: notebooks/)")
    parser.add_argument("--reports", default=str(REPORTS_DIR), metavar="DIR",
                        help="folder the report folders are written to (default: reports/)")
    parser.add_argument("--cache-dir", default=str(CACHE_DIR), metavar="DIR",
                        help="cache folder (default: .cache/; make clean removes it)")


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


def run_from_cli(args) -> int:
    """``python -m analysis run``: 0 when every report was built, 2 on bad input, 3 when a notebook failed."""
    if args.jobs < 1:
        print(f"error: --jobs: expected a number of at least 1, got {args.jobs}", file=sys.stderr)
        return 2
    config = RunConfig(notebooks_dir=Path(args.notebooks).resolve(), reports_dir=Path(args.reports).resolve(),
                       cache_dir=Path(args.cache_dir).resolve(), jobs=args.jobs, force=args.force,
                       fork_kernels=getattr(args, "fork", True))
    if not config.notebooks_dir.is_dir():
        print(f"error: --notebooks: folder {args.notebooks} not found", file=sys.stderr)
        return 2
    setup = check_run_folders({"--reports": config.reports_dir, "--cache-dir": config.cache_dir})
    try:
        env_epoch()
    except RunSetupError as exc:
        setup.append(str(exc))
    if setup:
        for problem in setup:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    # The kernel template's imports take seconds: when the checks have work to do, it starts then, so its imports
    # overlap them.
    config.warm_up = lambda: _start_template_early(config)
    try:
        return _checked_run(args, config)
    finally:
        if config.template is not None:
            config.template.close()


def _start_template_early(config: RunConfig) -> None:
    from ..kernels.client import start_template

    if config.template is not None:
        return
    # The environment the run gives its kernels (see _Runner.run), so that the template fits them.
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")
    config.template = start_template(config.fork_kernels, env)


def _checked_run(args, config: RunConfig) -> int:
    try:
        plans = prepare(args.params, [tuple(p) for p in args.parameter], config)
    except ParameterProblems as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return 2
    for plan in plans:
        for warning in plan.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    config.progress = make_progress()
    previous = signal.signal(signal.SIGTERM, _on_sigterm) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        result = run(plans, config)
    finally:
        config.progress.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    for message in result.failures:
        print(f"error: {message}", file=sys.stderr)
    if result.failures:
        return 3
    return 0
