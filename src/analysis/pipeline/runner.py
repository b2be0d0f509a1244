"""Executing the notebooks with papermill and building one report folder per parameter set.

``python -m analysis run --params params/a.yaml [more.yaml ...] [-p name value ...] [--jobs N] [--force]``

1. Every parameter set is checked before any kernel starts (names, types, allowed values, facts files); each
   problem is printed on its own line and the exit code is 2.
2. Each notebook of each set is one job in a shared pool of ``--jobs`` threads; a job starts its own kernel
   (papermill), so up to ``--jobs`` kernels run at once. A run whose inputs are unchanged is taken from the cache.
3. When all notebooks of a set are done, its report is assembled in ``reports/.staging-<name>-<pid>/``, exported
   (HTML and PDF), described by ``manifest.json``, and renamed into ``reports/<name>/`` in one step; the previous
   report is replaced only then.
4. A failing notebook leaves the previous report untouched, keeps the failed executed notebook in
   ``reports/<name>.failed/`` and makes the exit code 3.
"""

from __future__ import annotations

import sys

# Importing nbformat (via papermill) makes jsonschema import the optional package rfc3987_syntax, which builds a
# parser grammar at import time (about 1.2 s per process). It only serves the "iri" string formats, which no
# notebook schema uses; marked absent, its import fails at once and jsonschema skips those checks.
sys.modules.setdefault("rfc3987_syntax", None)

import concurrent.futures as cf  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

from ..config import CACHE_DIR, NOTEBOOKS_DIR, PROJ_ROOT, RAW_DIR, REPORTS_DIR  # noqa: E402
from ..core.epoch import env_epoch  # noqa: E402
from ..core.sources import primary_record, source_ids  # noqa: E402
from ..errors import AnalysisError, ParameterProblems, ParamsFileError, ReportError, RunSetupError  # noqa: E402
from ..versions import git_commit, package_versions  # noqa: E402
from . import params as P  # noqa: E402
from .cache import Cache, KeyInputs, export_key, facts_key, notebook_key, sha256_file  # noqa: E402
from .jobs import JOB_PARAMETERS, Job, plan_jobs  # noqa: E402
from .manifest import (  # noqa: E402
    generated_date,
    python_version,
    source_date_epoch,
    write_manifest,
)
from .progress import PlainProgress, make_progress  # noqa: E402
from .publish import STAGING_PREFIX, check_run_folders, keep_failed  # noqa: E402
from .publish import clean_stale as clean_stale  # noqa: E402
from .publish import publish as publish  # noqa: E402

# jupyter_client interrupts a kernel before shutting it down, which ipykernel logs as an ERROR on stderr at the
# end of every notebook. Errors in cells reach the runner through the outputs, a dead kernel as an exception.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# Seconds to wait for running notebooks after an interrupt killed their kernels.
INTERRUPT_GRACE = 15


@dataclass
class RunConfig:
    """Where a run reads and writes, and the functions it calls (tests substitute ``execute`` and ``build_report``).

    ``execute`` defaults to :func:`papermill.execute_notebook`, ``build_report`` to
    :func:`analysis.report.build_report`.
    """

    notebooks_dir: Path = NOTEBOOKS_DIR
    reports_dir: Path = REPORTS_DIR
    cache_dir: Path = CACHE_DIR
    root: Path = PROJ_ROOT
    raw_dir: Path = RAW_DIR
    package_dir: Path = Path(__file__).resolve().parents[1]
    lock_file: Path = PROJ_ROOT / "requirements.txt"
    jobs: int = os.cpu_count() or 1
    force: bool = False
    kernel_name: str = "python3"
    execute: Callable | None = None
    build_report: Callable | None = None
    progress: PlainProgress | None = None
    # Export in a separate process: WeasyPrint is pure-Python work that would otherwise hold this process's
    # GIL and starve the threads feeding the kernels of the next parameter set.
    export_process: bool = True
    # Fork kernels from a warm template (analysis.kernels); off, or where it cannot, kernels start the ordinary way.
    fork_kernels: bool = True

    def key_inputs(self) -> KeyInputs:
        return KeyInputs(raw_dir=self.raw_dir, package_dir=self.package_dir, lock_file=self.lock_file)


@dataclass
class Plan:
    """One parameter set, checked and ready to run."""

    pset: P.ParameterSet
    facts: list[Path]
    facts_entry: Path | None = None
    source: dict = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    entries: dict[str, Path] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    staging: Path | None = None
    jobs: list[Job] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.pset.name


@dataclass
class RunResult:
    reports: dict[str, Path] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)


# -- checking ----------------------------------------------------------------------------------------------------

def list_notebooks(folder: Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.ipynb") if not p.name.startswith("."))


def _rel(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _resolve_facts(value: str, root: Path) -> tuple[list[Path], str, list[str]]:
    """Facts files of a parameter value: (paths, value to pass to the kernels, problems).

    Relative paths are the project root's, as the notebooks read them; a relative path that exists only from the
    current folder is passed on as an absolute path so the kernels find it too.
    """
    paths, passed, missing = [], [], []
    for item in P.facts_paths(value):
        p = Path(item).expanduser()
        if p.is_absolute() or (root / p).is_file():
            resolved, shown = (p if p.is_absolute() else root / p), item
        elif p.is_file():
            resolved = p.resolve()
            shown = str(resolved)
        else:
            missing.append(item)
            continue
        if not resolved.is_file():
            missing.append(item)
            continue
        paths.append(resolved)
        passed.append(shown)
    return paths, ",".join(passed), missing


FACTS_ENTRY_FILES = ("facts.csv", "claims.csv", "coverage.json")
NOTEBOOK_ENTRY_FILES = ("notebook.ipynb",)
EXPORT_ENTRY_FILES = ("report.html", "report.pdf")


def with_sidecars(facts: list[Path]) -> list[Path]:
    """The facts files and the files beside them that the notebooks read (metadata, translations)."""
    from ..core.metadata import metadata_path
    from ..core.translations import translations_path

    found = list(facts)
    for path in facts:
        found += [p for p in (metadata_path(path), translations_path(path)) if p.is_file()]
    return found


def _check_facts(plan: Plan, inputs: KeyInputs, cache: Cache, root: Path, pending: list) -> list[str]:
    """Check the facts files (schema, coverage of region and year) and keep the table and claim checks as used.

    The outcome is cached by the files' content and the package source, so an unchanged rerun does not load
    pandas at all. A newly checked table waits in ``pending`` and enters the cache only once every check of the
    run has passed, so a rejected run writes nothing.
    """
    pset = plan.pset
    where = f"{pset.origin('facts')}: parameter 'facts'"
    region = pset.parameters.get("region")
    key = facts_key(inputs, with_sidecars(plan.facts), region)
    entry = cache.get("facts", key, FACTS_ENTRY_FILES)
    if entry is None:
        from ..core.claims import check_claims
        from ..core.facts import load_facts
        from ..core.metadata import load_metadata

        try:
            facts = load_facts(plan.facts)
            load_metadata(plan.facts, facts)
        except AnalysisError as exc:
            return [f"{where}: {exc}"]
        # A run for one region checks the claims of that region only.
        mine = facts if region is None else facts[facts["region"].str.casefold() == str(region).casefold()]
        table = facts.drop(columns=["source_file"])
        claims = check_claims(mine)
        coverage = {
            "periods": sorted({(str(r), str(p)) for r, p in zip(facts["region"], facts["period"], strict=True)}),
            "baselines": sorted({(str(r), str(b)) for r, b in zip(facts["region"], facts["baseline_period"],
                                                                  strict=True) if str(b)}),
        }
        tmp = Path(tempfile.mkdtemp(prefix="analysis-facts-"))
        pending.append((plan, key, tmp))
        table.to_csv(tmp / "facts.csv", index=False, lineterminator="\n")
        claims.to_csv(tmp / "claims.csv", index=False, lineterminator="\n")
        (tmp / "coverage.json").write_text(json.dumps(coverage), encoding="utf-8")
        entry = tmp
    plan.facts_entry = entry
    return _coverage_problems(plan, json.loads((entry / "coverage.json").read_text(encoding="utf-8")), root)


def _coverage_problems(plan: Plan, coverage: dict, root: Path) -> list[str]:
    """The region and period must have facts (an error); a baseline period without any is a warning."""
    from ..core.periods import normalize_period

    pset = plan.pset
    periods = {tuple(x) for x in coverage.get("periods", [])}
    baselines = {tuple(x) for x in coverage.get("baselines", [])}
    region, period = pset.parameters.get("region"), pset.parameters.get("period")
    baseline = pset.parameters.get("baseline_period")
    files = ", ".join(_rel(p, root) for p in plan.facts)
    if region is None or period is None:
        return []
    try:
        period = normalize_period(period)
        baseline = normalize_period(baseline) if baseline not in (None, "") else None
    except AnalysisError:
        return []  # resolve_set has said what is wrong with the period
    folded = {(r.casefold(), p) for r, p in periods}
    if (str(region).casefold(), period) not in folded:
        held = ", ".join(f"{r} {p}" for r, p in sorted(periods))
        return [f"{pset.origin('region')}: parameters 'region'/'period': no facts for {region!r} in {period} in "
                f"{files}; the facts cover {held}"]
    if baseline is not None:
        compared = {(r.casefold(), p) for r, p in periods | baselines}
        if (str(region).casefold(), baseline) not in compared:
            plan.warnings.append(
                f"{pset.name}: parameter 'baseline_period' is {baseline}, but {files} has no figure of {region} "
                f"for {baseline} and no change compared with it; the report says so and shows no comparison")
    return []


def prepare(param_files: list[str], overrides: list[tuple[str, str]], config: RunConfig,
            cache: Cache | None = None) -> list[Plan]:
    """Read, expand and check the parameter sets; raise :class:`params.ParameterProblems` listing every problem."""
    notebooks = list_notebooks(config.notebooks_dir)
    if not notebooks:
        raise ParameterProblems([f"{config.notebooks_dir}: no notebooks (*.ipynb) to run"])
    problems: list[str] = []
    try:
        declared = P.declared_parameters(notebooks)
    except ParamsFileError as exc:
        raise ParameterProblems([str(exc)]) from None
    # The runner sets a chapter's theme and number itself, one job per theme.
    declared = {name: spec for name, spec in declared.items() if name not in JOB_PARAMETERS}
    sets = []
    for path in param_files:
        try:
            pset, file_problems = P.read_params_file(path)
        except ParamsFileError as exc:
            problems.append(str(exc))
            continue
        problems += file_problems
        sets.append(pset)
    for name, _value in overrides:
        if name not in declared:
            problems.append(f"{P.CLI_ORIGIN}: parameter {name!r}: unknown parameter; the notebooks' parameters "
                            f"are {', '.join(sorted(declared))}")
    overrides = [(n, v) for n, v in overrides if n in declared]
    sets = P.apply_overrides(sets, overrides, declared)
    problems += P.check_unique_names(sets)
    cache = cache or Cache(config.cache_dir, enabled=not config.force)
    inputs = config.key_inputs()
    plans = []
    pending: list = []
    try:
        _check_sets(sets, declared, config, cache, inputs, plans, pending, problems)
        if problems:
            raise ParameterProblems(problems)
        for plan, key, tmp in pending:
            plan.facts_entry = cache.put("facts", key, {n: tmp / n for n in FACTS_ENTRY_FILES})
    finally:
        for _, _, tmp in pending:
            shutil.rmtree(tmp, ignore_errors=True)
    return plans


def _check_sets(sets, declared, config: RunConfig, cache: Cache, inputs: KeyInputs, plans: list, pending: list,
                problems: list) -> None:
    for pset in sets:
        set_problems = P.resolve_set(pset, declared)
        plan = Plan(pset=pset, facts=[])
        if isinstance(pset.parameters.get("facts"), str) and P.facts_paths(pset.parameters["facts"]):
            plan.facts, passed, missing = _resolve_facts(pset.parameters["facts"], config.root)
            for item in missing:
                set_problems.append(f"{pset.origin('facts')}: parameter 'facts': file {item} not found "
                                    f"(relative paths are read from the project root)")
            pset.parameters["facts"] = passed
        if not set_problems and plan.facts:
            set_problems += _check_facts(plan, inputs, cache, config.root, pending)
        if not set_problems and plan.facts:
            set_problems += _check_sources(plan, config)
        problems += set_problems
        plans.append(plan)


def _check_sources(plan: Plan, config: RunConfig) -> list[str]:
    """The records the facts cite, each with its raw text checked against the recorded sha256.

    The report is dated by these records and the notebooks read the same ones, so a record that is missing,
    malformed or does not match its raw text stops the run here rather than in a kernel.
    """
    where = f"{plan.pset.origin('facts')}: parameter 'facts'"
    try:
        plan.source = primary_record(source_ids(plan.facts), config.raw_dir, strict=True)
    except AnalysisError as exc:
        return [f"{where}: {exc}"]
    return []


# -- report folders ------------------------------------------------------------------------------------------------

def _final_figures(config: RunConfig, name: str) -> str:
    return _rel(config.reports_dir / name / "figures", config.root)


# -- executed notebooks --------------------------------------------------------------------------------------------

def normalize_executed(path: Path, replacements: dict[str, str], parameters: dict) -> None:
    """Make an executed notebook a function of its inputs: no timestamps, no random ids, no staging paths.

    papermill records start and end times per cell and per notebook and gives the injected cell a random id;
    the kernel saw the staging folder's path, which the published notebook names by its final place.
    """
    text = path.read_text(encoding="utf-8")
    for old, new in replacements.items():
        text = text.replace(json.dumps(old)[1:-1], json.dumps(new)[1:-1])
    nb = json.loads(text)
    pm = nb.get("metadata", {}).get("papermill", {})
    nb["metadata"]["papermill"] = {"parameters": parameters, "default_parameters": pm.get("default_parameters", {}),
                                   "version": pm.get("version")}
    for cell in nb.get("cells", []):
        meta = cell.get("metadata", {})
        meta.pop("papermill", None)
        meta.pop("execution", None)
        if "injected-parameters" in meta.get("tags", []):
            cell["id"] = "injected-parameters"
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def _failure_message(set_name: str, notebook: Path, exc: BaseException, kept: Path | None, name: str = "") -> str:
    where = f"{set_name}: notebook {name or notebook.name}"
    if hasattr(exc, "ename") and hasattr(exc, "cell_index"):
        # papermill counts the injected cell; the index below is the cell's in the notebook as written.
        index = _source_cell_index(notebook, exc.cell_index, exc.source)
        first = next((line.strip() for line in str(exc.source).splitlines() if line.strip()), "")
        evalue = str(exc.evalue).strip().splitlines()[0] if str(exc.evalue).strip() else ""
        what = f"failed in cell {index} ({first[:80]!r}): {exc.ename}" + (f": {evalue}" if evalue else "")
    else:
        what = f"failed: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
    keep = f"; the executed notebook is kept in {kept}" if kept else ""
    return f"{where} {what}{keep}; the previous report of {set_name} is unchanged"


def _source_cell_index(notebook: Path, executed_index: int, source: str) -> int:
    try:
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return executed_index
    texts = ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")
             for c in cells]
    candidates = [i for i, t in enumerate(texts) if t == source]
    if candidates:
        return min(candidates, key=lambda i: abs(i - executed_index))
    return executed_index


# -- the run ---------------------------------------------------------------------------------------------------------

class _Runner:
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
        self._not_started = 0
        self._pool_lock = threading.Lock()
        self.notebooks = list_notebooks(config.notebooks_dir)
        self.export_lock = threading.Lock()  # one export at a time (Pango is not safe in two threads at once)
        self.result = RunResult()
        for plan in plans:
            plan.source = plan.source or primary_record(source_ids(plan.facts), config.raw_dir)
            plan.jobs = plan_jobs(self.notebooks, plan.facts, plan.pset.parameters.get("region"))
        self.epoch = source_date_epoch(config.root)
        self.commit = git_commit(config.root)
        self.versions = package_versions()
        self.started = time.monotonic()

    # - keys ------------------------------------------------------------------------------------------------------
    def _kernel_parameters(self, plan: Plan) -> dict:
        return dict(plan.pset.parameters, figures_dir=_final_figures(self.config, plan.name))

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
        with _locked(work.with_name(work.name + ".lock")):
            entry = self.cache.get("notebook", key, NOTEBOOK_ENTRY_FILES)
            if entry is not None:  # another run made it while this one waited
                return entry
            shutil.rmtree(work, ignore_errors=True)
            figures = work / "figures"
            figures.mkdir(parents=True)
            shown = _rel(figures, self.config.root)
            out = work / job.name
            parameters = dict(plan.pset.parameters, figures_dir=shown, **job.params())
            self.progress.notebook_started(plan.name, job.name)
            self._one_started()
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
        return Config({"KernelManager": {"transport": "ipc", "ip": ip}})

    def export(self, plan: Plan) -> Path:
        with self.export_lock:
            return self._export(plan)

    def _export(self, plan: Plan) -> Path:
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
                self._export_executor().submit(_build, self.config.build_report, executed, stage, meta).result()
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
        self.progress.report_done(plan.name, _rel(final, self.config.root), seconds, cached)
        return final

    def _meta(self, plan: Plan) -> dict:
        root = self.config.root
        hashes = {_rel(p, root): self.inputs.file(p) for p in plan.facts}
        hashes.update({_rel(self.config.raw_dir / k, root): v for k, v in self.inputs.raw.items()})
        hashes.update({_rel(nb, root): self.inputs.file(nb) for nb in self.notebooks})
        if self.config.lock_file.is_file():
            hashes[_rel(self.config.lock_file, root)] = self.inputs.lock
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

    def _one_started(self) -> None:
        """Start the export process once the last notebook has started: a core is then about to be free."""
        with self._ipc_lock:
            self._not_started -= 1
            last = self._not_started == 0
        if last and self.config.export_process:
            self._export_executor()

    def _export_executor(self) -> cf.ProcessPoolExecutor:
        with self._pool_lock:
            return self._make_export_executor()

    def _make_export_executor(self) -> cf.ProcessPoolExecutor:
        if self._export_pool is None:
            # spawn, not fork: this process runs threads, which a fork would copy mid-flight.
            self._export_pool = cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                                       initializer=_warm_export)
            self._export_pool.submit(int)  # start it now, so its imports overlap the last notebooks
        return self._export_pool

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
        todo = self.plan_keys()
        from ..kernels.client import start_template

        # One warm template per run; its imports overlap the set-up below and the first kernels fork from it.
        template = start_template(config.fork_kernels) if todo else None
        for plan in self.plans:
            plan.staging = config.reports_dir / f"{STAGING_PREFIX}{plan.name}-{os.getpid()}"
            shutil.rmtree(plan.staging, ignore_errors=True)
            plan.staging.mkdir(parents=True)
        self._not_started = len(todo)
        total = sum(len(plan.jobs) for plan in self.plans)
        self.progress.start(len(self.plans), total, total - len(todo), config.jobs)
        for plan in self.plans:
            for job in plan.jobs:
                if job.name in plan.entries:
                    self.result.cached.append(f"{plan.name}/{job.name}")
                    self.progress.notebook_done(plan.name, job.name, None, True)
        pool = cf.ThreadPoolExecutor(max_workers=max(1, config.jobs), thread_name_prefix="notebook")
        # Reports are exported one at a time beside the notebook jobs, so a finished set's export never holds
        # a slot a kernel could use.
        exports = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="export")
        futures: dict[cf.Future, tuple[str, Plan, Job | None]] = {}
        try:
            for plan, job in todo:
                futures[pool.submit(self.execute, plan, job)] = ("notebook", plan, job)
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
            exports.shutdown(wait=False, cancel_futures=True)
            self._interrupt(pool, futures)
            raise
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            exports.shutdown(wait=False, cancel_futures=True)
            if self._export_pool is not None:
                self._export_pool.shutdown(wait=False, cancel_futures=True)
            if template is not None:
                template.close()
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
                if self.config.export_process:  # warm the exporter while the other notebooks run
                    self._export_executor()
                plan.entries[nb.name] = future.result()
                executed_here = nb.name in plan.seconds  # else another run stored it while this one waited
                (self.result.executed if executed_here else self.result.cached).append(f"{plan.name}/{nb.name}")
                self.progress.notebook_done(plan.name, nb.name, plan.seconds.get(nb.name), not executed_here)
                if self._ready(plan):
                    futures[exports.submit(self.export, plan)] = ("export", plan, None)
                return
            self.progress.notebook_failed(plan.name, nb.name)
            kept = self._keep_failed(plan, nb)
            message = _failure_message(plan.name, nb.path, exc, kept and _rel(kept, self.config.root), nb.name)
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

    def _interrupt(self, pool, futures) -> None:
        """Stop quickly: drop queued jobs, end our kernels (by pid), wait briefly for the threads to notice."""
        pool.shutdown(wait=False, cancel_futures=True)
        _kill_kernels()
        running = [f for f in futures if not f.done()]
        if running:
            cf.wait(running, timeout=INTERRUPT_GRACE)


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path`` (created if missing); a no-op where ``fcntl`` is missing."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _warm_export() -> None:
    """Import the exporter in the export process and typeset a page before the first report needs it."""
    import analysis.report.build  # noqa: F401
    from analysis.kernels.export import warm_export

    warm_export()


def _build(build: Callable | None, executed: list[Path], out_dir: Path, meta: dict) -> None:
    if build is None:
        from ..report.build import build_report as build
    build(executed, out_dir, meta)


def _kill_kernels() -> None:
    """Kill the kernel processes this process started (its direct children), so running notebooks end."""
    try:
        import psutil
    except ImportError:
        return
    for child in psutil.Process(os.getpid()).children(recursive=False):
        try:
            # multiprocessing's resource tracker holds no work and ends with this process; killing it only
            # makes the next process pool warn that it "died unexpectedly".
            if any("resource_tracker" in part for part in child.cmdline()):
                continue
            child.kill()
        except psutil.Error:
            pass


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
