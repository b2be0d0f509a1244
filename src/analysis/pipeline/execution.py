"""Executing one notebook of a plan: its cache key, its kernel (papermill, forked or not), its cache entry.

:class:`NotebookJobs` is the part of the runner (:mod:`analysis.pipeline.runner`) that executes notebooks; it
expects the runner's ``plans``, ``config``, ``cache``, ``inputs``, ``progress``, ``epoch``, the ``_stopping`` event
and the ``_launch_gate`` its kernels are given.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from .executed import locked, normalize_executed
from .jobs import Job
from .keys import notebook_key
from .plans import NOTEBOOK_ENTRY_FILES, Plan, RunConfig, rel_path, with_sidecars
from .stopping import RunStopped

# jupyter_client interrupts a kernel before shutting it down, which ipykernel logs as an ERROR on stderr at the
# end of every notebook. Errors in cells reach the runner through the outputs, a dead kernel as an exception.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]


def final_figures(config: RunConfig, name: str) -> str:
    return rel_path(config.reports_dir / name / "figures", config.root)


class NotebookJobs:
    """Executing notebooks; a part of the runner (see the module)."""

    # - keys ------------------------------------------------------------------------------------------------------
    def _kernel_parameters(self, plan: Plan) -> dict:
        return dict(plan.pset.parameters, figures_dir=final_figures(self.config, plan.name))

    def _extra(self) -> dict:
        return {"kernel": self.config.kernel_name, "source_date_epoch": self.epoch,
                "pythonhashseed": os.environ.get("PYTHONHASHSEED")}

    def plan_keys(self) -> list[tuple[Plan, Job]]:
        todo = []
        for plan in self.plans:
            for job in plan.jobs:
                parameters = dict(self._kernel_parameters(plan), **job.params())
                key = notebook_key(self.inputs, job.path, parameters, with_sidecars(plan.facts), self._extra())
                plan.keys[job.name] = key
                entry = self.cache.get("notebook", key, NOTEBOOK_ENTRY_FILES)
                if entry is not None:
                    plan.entries[job.name] = entry
                else:
                    todo.append((plan, job))
        return todo

    # - jobs ------------------------------------------------------------------------------------------------------
    def execute(self, plan: Plan, job: Job) -> Path:
        execute = self.config.execute
        if execute is None:
            import papermill

            execute = papermill.execute_notebook
        from ..kernels.provisioner import papermill_options

        key = plan.keys[job.name]
        # The kernel writes its charts to a folder named by the run's key, not by this process: notebooks that
        # show their parameters then read the same in every run (the published notebook names the final place).
        work = self.cache.root / "work" / key[:24]
        with locked(work.with_name(work.name + ".lock")):
            entry = self.cache.get("notebook", key, NOTEBOOK_ENTRY_FILES)
            if entry is not None:  # another run made it while this one waited
                return entry
            shutil.rmtree(work, ignore_errors=True)
            figures = work / "figures"
            figures.mkdir(parents=True)
            shown = rel_path(figures, self.config.root)
            out = work / job.name
            parameters = dict(plan.pset.parameters, figures_dir=shown, **job.params())
            if self._stopping.is_set():
                raise RunStopped(f"{job.name} was not started: the run is ending")
            self.progress.notebook_started(plan.name, job.name)
            started = time.monotonic()
            try:
                # The kernel's working folder is the notebooks folder, as in JupyterLab. It is given to the kernel
                # (resources.metadata.path) rather than through papermill's cwd, which changes the whole
                # process's folder and so is unsafe with several notebooks running in threads.
                execute(str(job.path), str(out), parameters=parameters, kernel_name=self.config.kernel_name,
                        progress_bar=False, request_save_on_cell_execute=False, log_output=False,
                        resources={"metadata": {"path": str(self.config.notebooks_dir)}},
                        config=self._kernel_config(), extra_arguments=KERNEL_ARGUMENTS,
                        **papermill_options(self.config.fork_kernels))
            except BaseException:
                if out.is_file():
                    (plan.staging / ".failed").mkdir(exist_ok=True)
                    shutil.copyfile(out, plan.staging / ".failed" / job.name)
                shutil.rmtree(work, ignore_errors=True)
                raise
            plan.seconds[job.name] = time.monotonic() - started
            final_params = dict(self._kernel_parameters(plan), **job.params())
            normalize_executed(out, {str(figures): final_params["figures_dir"], shown: final_params["figures_dir"]},
                               final_params)
            files = {"notebook.ipynb": out}
            files.update({f"figures/{f.name}": f for f in sorted(figures.iterdir()) if f.is_file()})
            entry = self.cache.put("notebook", key, files, {"notebook": job.name})
            shutil.rmtree(work, ignore_errors=True)
            return entry

    def _kernel_config(self):
        """Each kernel talks over its own IPC sockets (files in a private folder) rather than local TCP ports.

        With TCP, a port freed by one finished kernel can be taken by the next one while the old client still
        has a message in flight; the new kernel then logs "DELIM not in msg_list" into a cell's output, which
        makes the executed notebook differ from run to run. IPC socket names are never reused within a run.
        """
        from traitlets.config import Config

        with self._ipc_lock:
            self._ipc_count += 1
            ip = os.path.join(self._ipc_dir, str(self._ipc_count))
        return Config({"KernelManager": {"transport": "ipc", "ip": ip},
                       "ForkProvisioner": {"launch_gate": self._launch_gate}})
