"""Exporting a report: the executed notebooks, figures and tables gathered in the staging folder, the HTML and
PDF (from the cache or built in an export process), the manifest, and the folder published.

Reports are built in export processes, up to ``export_workers`` at a time (several sets finishing together are
exported side by side), forked warm from a fork server (:mod:`.export_server`) where the platform has one.

:class:`ReportExports` is the part of the runner (:mod:`analysis.pipeline.runner`) that exports; it expects the
runner's ``config``, ``cache``, ``inputs``, ``progress``, ``notebooks``, ``epoch``, ``commit``, ``versions``,
``started`` and ``export_workers``.
"""

from __future__ import annotations

import concurrent.futures as cf
import gc
import multiprocessing
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from ..core.sources import source_ids
from ..errors import ReportError
from .cache import Cache
from .keys import export_key, sha256_file
from .manifest import generated_date, python_version, write_manifest
from .plans import EXPORT_ENTRY_FILES, Plan, rel_path, with_sidecars
from .publish import publish
from .stopping import RunStopped


class ReportExports:
    """Exporting reports; a part of the runner (see the module)."""

    def export(self, plan: Plan) -> Path:
        started = time.monotonic()
        stage = plan.staging
        (stage / "notebooks").mkdir(parents=True, exist_ok=True)
        (stage / "figures").mkdir(exist_ok=True)
        executed = []
        for job in plan.jobs:
            entry = plan.entries[job.name]
            dst = stage / "notebooks" / job.name
            Cache.restore(entry, "notebook.ipynb", dst)
            executed.append(dst)
            for name in Cache.files(entry):
                if name.startswith("figures/"):
                    Cache.restore(entry, name, stage / name)
        for name in ("facts.csv", "claims.csv"):
            if plan.facts_entry.name.startswith("analysis-facts-"):  # checked by this run, not yet cached
                shutil.copyfile(plan.facts_entry / name, stage / name)
            else:
                Cache.restore(plan.facts_entry, name, stage / name)
        shutil.rmtree(stage / ".failed", ignore_errors=True)
        meta = self._meta(plan)
        key = export_key(self.inputs, executed, meta)
        entry = self.cache.get("export", key, EXPORT_ENTRY_FILES)
        if entry is not None:
            for name in Cache.files(entry):
                (stage / name).parent.mkdir(parents=True, exist_ok=True)
                Cache.restore(entry, name, stage / name)
            cached = True
        else:
            before = {p for p in stage.rglob("*") if p.is_file()}
            if self.config.export_process:
                self._export_executor().submit(_build_with_epoch, os.environ.get("SOURCE_DATE_EPOCH"),
                                               self.config.build_report, executed, stage, meta).result()
            else:
                _build(self.config.build_report, executed, stage, meta)
            made = {p.relative_to(stage).as_posix(): p for p in sorted(stage.rglob("*"))
                    if p.is_file() and p not in before}
            missing = [n for n in EXPORT_ENTRY_FILES if n not in made]
            if missing:
                raise ReportError(f"the export wrote no {', '.join(missing)}")
            self.cache.put("export", key, made)
            cached = False
        seconds = time.monotonic() - started
        write_manifest(stage / "manifest.json", self._manifest(plan, meta, key, seconds, cached))
        final = self.config.reports_dir / plan.name
        publish(stage, final)
        self.progress.report_done(plan.name, rel_path(final, self.config.root), seconds, cached)
        return final

    def _meta(self, plan: Plan) -> dict:
        root = self.config.root
        # The report's inputs: its facts with the metadata and translations beside them, and the raw texts and
        # records of the sources those facts cite (other briefings' files in the raw folder are not its inputs).
        hashes = {rel_path(p, root): self.inputs.file(p) for p in with_sidecars(plan.facts)}
        cited = set(source_ids(plan.facts))
        hashes.update({rel_path(self.config.raw_dir / k, root): v for k, v in self.inputs.raw.items()
                       if Path(k).name.split(".", 1)[0] in cited})
        hashes.update({rel_path(nb, root): self.inputs.file(nb) for nb in self.notebooks})
        if self.config.lock_file.is_file():
            hashes[rel_path(self.config.lock_file, root)] = self.inputs.lock
        params = self._kernel_parameters(plan)
        epoch = self.epoch
        return {"name": plan.name, "title": plan.pset.title, "lang": params.get("lang"),
                "region": params.get("region"), "period": params.get("period"),
                "baseline_period": params.get("baseline_period"), "parameters": params,
                "generated": generated_date(epoch), "commit": self.commit, "versions": self.versions,
                "input_hashes": dict(sorted(hashes.items())), "source": plan.source}

    def _manifest(self, plan: Plan, meta: dict, export: str, seconds: float, cached: bool) -> dict:
        stage = plan.staging
        outputs = {p.relative_to(stage).as_posix(): sha256_file(p) for p in sorted(stage.rglob("*"))
                   if p.is_file() and p.name != "manifest.json"}
        return {
            **{k: meta[k] for k in ("name", "title", "parameters", "generated", "commit", "versions",
                                    "input_hashes", "source")},
            "params_file": plan.pset.source,
            "parameter_origins": {k: plan.pset.origin(k) for k in sorted(plan.pset.parameters)},
            "python": python_version(),
            "source_date_epoch": self.epoch,
            "cache_keys": {"facts": plan.facts_entry.name, "notebooks": dict(plan.keys), "export": export},
            "outputs": outputs,
            # The only part that differs between two runs on the same inputs.
            "timings": {
                "notebooks": {job.name: {"cache": "miss" if job.name in plan.seconds else "hit",
                                         "seconds": round(plan.seconds.get(job.name, 0.0), 3)}
                              for job in plan.jobs},
                "export": {"cache": "hit" if cached else "miss", "seconds": round(seconds, 3)},
                "run_seconds": round(time.monotonic() - self.started, 3),
            },
        }

    def _export_executor(self) -> cf.ProcessPoolExecutor:
        with self._pool_lock:
            if self._stopping.is_set():
                raise RunStopped("the run is ending; no report is exported")
            if self._export_pool is None:
                self._export_pool = _export_processes(self.export_workers)
            return self._export_pool


# The module a fork server imports to warm up (see _export_processes).
EXPORT_SERVER = "analysis.pipeline.export_server"


def _export_processes(workers: int) -> cf.ProcessPoolExecutor:
    """Up to ``workers`` export processes, started warm; the warm-up starts now, so it overlaps the notebooks.

    Never forked from this process, which runs threads (a fork would copy them mid-flight). Where there is a fork
    server, it imports and warms the exporter once and forks each export process from that: a second process, for
    a second report exported at the same time, costs milliseconds. Elsewhere each process is spawned and warms up
    itself. Both wait for their first report only as long as the warm-up has left to run.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        from multiprocessing import forkserver

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([EXPORT_SERVER])
        forkserver.ensure_running()  # the server warms up while the notebooks run; the processes fork later
        return cf.ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_exit_with_parent)
    pool = cf.ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                  initializer=_warm_export)
    pool.submit(int)  # start one now, so its imports overlap the notebooks
    return pool


def warm_export_process() -> None:
    """Import the exporter and typeset a page before the first report needs it."""
    # Ctrl-C in a terminal reaches the whole foreground group; the runner decides what ends (as for the kernel
    # template), and an export process it leaves ends with it. A fork server's processes keep this setting.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from analysis.kernels.export import warm_export

    # Never fails: a fork server whose warm-up raised would give no process at all, and the first export then says
    # what is wrong (a missing library, say) in its own words.
    warm_export()
    # As in the kernel template: what the imports created is never collected, and the typesetter's collections
    # need not walk it again and again (they scan about a quarter of the objects).
    gc.collect()
    gc.freeze()


def _warm_export() -> None:
    _exit_with_parent()
    warm_export_process()


def _exit_with_parent() -> None:
    """End this export process when its parent is gone: the runner (killed, or ended without shutting the pool
    down), or the fork server, which ends with the runner. A pool's worker otherwise waits for work forever, holding
    the runner's output pipes open."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _build(build: Callable | None, executed: list[Path], out_dir: Path, meta: dict) -> None:
    if build is None:
        from ..report.build import build_report as build
    build(executed, out_dir, meta)


def _build_with_epoch(epoch: str | None, *args) -> None:
    """:func:`_build` in an export process, with the run's ``SOURCE_DATE_EPOCH`` (``epoch``): a process forked from
    a fork server that an earlier run in the same process started has that run's."""
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = epoch
    _build(*args)
