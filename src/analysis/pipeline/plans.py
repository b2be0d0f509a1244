"""Parameter sets checked and ready to run: names, types, allowed values, facts files and their sources.

:func:`prepare` reads and expands the parameter sets, checks each before any kernel starts and returns one
:class:`Plan` per set; every problem found is reported at once (:class:`analysis.errors.ParameterProblems`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..config import CACHE_DIR, NOTEBOOKS_DIR, PROJ_ROOT, RAW_DIR, REPORTS_DIR
from ..core.sources import primary_record, source_ids
from ..errors import AnalysisError, ParameterProblems, ParamsFileError
from . import params as P
from .cache import Cache
from .jobs import JOB_PARAMETERS, Job
from .keys import KeyInputs, facts_key
from .progress import PlainProgress


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
    # Called when the checks find a facts table to check (pandas to import, seconds of work): the command line
    # starts the kernel template then, so its imports overlap the checks; an unchanged rerun starts none early.
    warm_up: Callable | None = None
    # A kernel template already started (by ``warm_up``); the run uses it when its environment fits and closes it.
    template: object | None = None

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


def rel_path(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` when inside it (as the reports show paths), else as given."""
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


def _check_facts(plan: Plan, inputs: KeyInputs, cache: Cache, config: RunConfig, pending: list) -> list[str]:
    """Check the facts files (schema, coverage of region and year) and keep the table and claim checks as used.

    The outcome is cached by the files' content and the package source, so an unchanged rerun does not load
    pandas at all. A newly checked table waits in ``pending`` and enters the cache only once every check of the
    run has passed, so a rejected run writes nothing.
    """
    pset = plan.pset
    where = f"{pset.origin('facts')}: parameter 'facts'"
    region = pset.parameters.get("region")
    key = facts_key(inputs, with_sidecars(plan.facts), region)
    # Sets that share the facts (one per language, say) share the check: the first one's is still pending.
    entry = next((tmp for _plan, pending_key, tmp in pending if pending_key == key), None) \
        or cache.get("facts", key, FACTS_ENTRY_FILES)
    if entry is None:
        if config.warm_up is not None:
            config.warm_up()
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
    return _coverage_problems(plan, json.loads((entry / "coverage.json").read_text(encoding="utf-8")), config.root)


def _coverage_problems(plan: Plan, coverage: dict, root: Path) -> list[str]:
    """The region and period must have facts (an error); a baseline period without any is a warning."""
    from ..core.periods import normalize_period

    pset = plan.pset
    periods = {tuple(x) for x in coverage.get("periods", [])}
    baselines = {tuple(x) for x in coverage.get("baselines", [])}
    region, period = pset.parameters.get("region"), pset.parameters.get("period")
    baseline = pset.parameters.get("baseline_period")
    files = ", ".join(rel_path(p, root) for p in plan.facts)
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
        stored = {tmp: cache.put("facts", key, {n: tmp / n for n in FACTS_ENTRY_FILES}) for _, key, tmp in pending}
        for plan in plans:
            plan.facts_entry = stored.get(plan.facts_entry, plan.facts_entry)
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
            set_problems += _check_facts(plan, inputs, cache, config, pending)
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
