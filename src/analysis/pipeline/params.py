"""Parameter sets: reading ``params/*.yaml``, command-line overrides, and checking them before any kernel starts.

A parameter file names one report and the notebook parameters that differ from the notebooks' defaults::

    name: astana-2025-en        # report folder under reports/
    title: Optional title
    parameters:
      lang: en

Command-line overrides (``-p name value``) apply to every set. For the parameters whose values form a fixed set
(``lang``, ``change_reading``, ``figure_format``) a comma list expands into one set per value, and the set's name
follows the value: a name ending in ``-<old value>`` has that suffix replaced, any other name gets ``-<value>``
appended (``astana-2025-en`` with ``-p lang en,kk`` gives ``astana-2025-en`` and ``astana-2025-kk``). Every other
parameter takes its value as given: ``facts`` is itself a comma list of files. An override of ``facts``,
``region``, ``period`` or ``baseline_period`` that changes the value names the folder too
(``-<facts|region|period|baseline>-<value>``), so it never writes into the default report's folder.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..config import CHANGE_READINGS, FIGURE_FORMATS, LANGUAGES, PROJ_ROOT
from ..core.periods import parse_period
from ..core.safe_yaml import load_file
from ..core.text_safety import truncate
from ..errors import ParameterProblems as ParameterProblems  # noqa: F401  (the problems of prepare)
from ..errors import ParamsFileError, PeriodError
from .declared import DeclaredParameter, declared_parameters, read_parameters_cell  # noqa: F401 (re-exported)
from .publish import reserved_name_problem

# Parameters with a fixed set of allowed values; only these expand from a comma list.
CHOICES = {"lang": LANGUAGES, "change_reading": CHANGE_READINGS, "figure_format": FIGURE_FORMATS}
# The runner points this parameter at the report's own figures/ folder.
RUNNER_SET = ("figures_dir",)
# Parameters that are reporting periods (2025, 2025-H1, 2025-Q3, 2025-01/2025-09).
PERIOD_PARAMETERS = ("period", "baseline_period")
# Overrides that change what a report says, and the word that names them in the report folder's name.
CONTENT_PARAMETERS = {"facts": "facts", "region": "region", "period": "period", "baseline_period": "baseline"}
FILE_KEYS = ("name", "title", "description", "parameters")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
CLI_ORIGIN = "command line (-p)"


@dataclass
class ParameterSet:
    """A named set of parameter values, one report folder."""

    name: str
    parameters: dict
    origins: dict = field(default_factory=dict)
    title: str = ""
    source: str = CLI_ORIGIN

    def origin(self, parameter: str) -> str:
        return self.origins.get(parameter, "notebook default")


# -- reading parameter files --------------------------------------------------------------------------------------

def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(PROJ_ROOT))
    except ValueError:
        return str(path)


def read_params_file(path: str | Path) -> tuple[ParameterSet, list[str]]:
    """Read one parameter file; raise :class:`ParamsFileError` when it cannot be read at all.

    Returns the set and the problems of its content (unknown keys, a bad name), which the caller reports together
    with every other problem.
    """
    path = Path(path)
    where = _display(path)
    if not path.is_file():
        raise ParamsFileError(f"{where}: parameter file not found (expected a YAML file such as "
                              "params/astana-2025-en.yaml)")
    data = load_file(path, ParamsFileError, where)
    if not isinstance(data, dict):
        got = "an empty file" if data is None else f"a {type(data).__name__}"
        raise ParamsFileError(f"{where}: expected a mapping with keys 'name' and 'parameters', got {got}")
    problems = []
    for key in data:
        if key not in FILE_KEYS:
            problems.append(f"{where}: unknown key {key!r}; expected only {', '.join(FILE_KEYS)}")
    name = data.get("name")
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        problems.append(f"{where}: key 'name' must be a folder name of letters, digits, '.', '_' or '-' "
                        f"(e.g. astana-2025-en), got {truncate(repr(name), 80)}")
        name = path.stem
    parameters = data.get("parameters") or {}
    if not isinstance(parameters, dict):
        problems.append(f"{where}: key 'parameters' must be a mapping of notebook parameters, "
                        f"got a {type(parameters).__name__}")
        parameters = {}
    title = data.get("title") or ""
    pset = ParameterSet(name=name, parameters=dict(parameters), origins=dict.fromkeys(parameters, where),
                        title=str(title), source=where)
    return pset, problems


# -- overrides and expansion --------------------------------------------------------------------------------------

def _renamed(name: str, parameter: str, old, new) -> str:
    if str(old) == str(new):
        return name
    suffix = f"-{old}"
    if old is not None and name.endswith(suffix):
        return name[: -len(suffix)] + f"-{new}"
    return f"{name}-{new}"


def _slug(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", value).strip("_") or "none"


def _content_name(name: str, parameter: str, old, new) -> str:
    """A report folder for content overrides: ``astana-2025-en`` with ``-p period 2025-H1`` writes
    ``astana-2025-en-period-2025-H1``, never into the default report's folder."""
    if parameter not in CONTENT_PARAMETERS or _same(parameter, old, new):
        return name
    if parameter == "facts":
        value = "_".join(Path(p).stem for p in facts_paths(new)) or "none"
    else:
        value = _slug(str(new))
    return f"{name}-{CONTENT_PARAMETERS[parameter]}-{value}"


def _same(parameter: str, old, new) -> bool:
    if old is None:
        return False
    if parameter in PERIOD_PARAMETERS:
        try:
            return str(parse_period(old)) == str(parse_period(new))
        except PeriodError:
            return str(old) == str(new)
    if parameter == "facts":
        return [str(Path(p)) for p in facts_paths(old)] == [str(Path(p)) for p in facts_paths(new)]
    return str(old) == str(new)


def apply_overrides(sets: list[ParameterSet], overrides: list[tuple[str, str]],
                    declared: dict[str, DeclaredParameter]) -> list[ParameterSet]:
    """Apply ``-p name value`` pairs to every set; comma lists of fixed-choice parameters expand (see module doc)."""
    if not overrides:
        return sets
    plain = {name: value for name, value in overrides if name not in CHOICES}
    expanding = {name: [v.strip() for v in value.split(",") if v.strip()] or [value]
                 for name, value in overrides if name in CHOICES}
    result = []
    for pset in sets:
        combos = itertools.product(*expanding.values()) if expanding else [()]
        for combo in combos:
            name = pset.name
            params = dict(pset.parameters)
            origins = dict(pset.origins)
            for parameter, value in zip(expanding, combo, strict=True):
                old = params.get(parameter, declared[parameter].default if parameter in declared else None)
                name = _renamed(name, parameter, old, value)
                params[parameter] = value
                origins[parameter] = CLI_ORIGIN
            for parameter, value in plain.items():
                old = params.get(parameter, declared[parameter].default if parameter in declared else None)
                name = _content_name(name, parameter, old, value)
                params[parameter] = value
                origins[parameter] = CLI_ORIGIN
            result.append(ParameterSet(name=name, parameters=params, origins=origins, title=pset.title,
                                       source=pset.source))
    return result


# -- checking ---------------------------------------------------------------------------------------------------

def _coerce(value, kind: str):
    """Return (value, problem) with ``value`` converted to the declared type when that is unambiguous."""
    if kind == "int":
        if isinstance(value, bool):
            return value, f"expected a whole number, got {value!r}"
        if isinstance(value, int):
            return value, None
        if isinstance(value, float) and value.is_integer():
            return int(value), None
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            return int(value), None
        return value, f"expected a whole number, got {value!r}"
    if kind == "float":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), None
        try:
            return float(str(value)), None
        except ValueError:
            return value, f"expected a number, got {value!r}"
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        text = str(value).strip().lower()
        if text in ("true", "yes", "1"):
            return True, None
        if text in ("false", "no", "0"):
            return False, None
        return value, f"expected true or false, got {value!r}"
    if kind == "str":
        if isinstance(value, str):
            return value, None
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return ",".join(value), None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value), None
        return value, f"expected text, got {value!r}"
    return value, None


def facts_paths(value: str) -> list[str]:
    """The files of a ``facts`` parameter: a comma-separated list."""
    return [p.strip() for p in str(value).split(",") if p.strip()]


def resolve_set(pset: ParameterSet, declared: dict[str, DeclaredParameter]) -> list[str]:
    """Fill in notebook defaults, convert types and check names, types and allowed values in place.

    Returns one message per problem; checks on files (``facts``) are done by :func:`check_facts`.
    """
    problems = []
    valid = ", ".join(sorted(declared))
    for name in list(pset.parameters):
        where = f"{pset.origin(name)}: parameter {name!r}"
        if name not in declared:
            problems.append(f"{where}: unknown parameter; the notebooks' parameters are {valid}")
            del pset.parameters[name]
        elif name in RUNNER_SET:
            problems.append(f"{where}: set by the runner (the report's figures/ folder); remove it")
            del pset.parameters[name]
    resolved = {}
    for name, param in declared.items():
        if name in RUNNER_SET:
            continue
        value = pset.parameters.get(name, param.default)
        value, problem = _coerce(value, param.type)
        if problem:
            problems.append(f"{pset.origin(name)}: parameter {name!r}: {problem}")
        resolved[name] = value
    for name, allowed in CHOICES.items():
        if name in resolved and resolved[name] not in allowed:
            problems.append(f"{pset.origin(name)}: parameter {name!r}: expected one of {', '.join(allowed)}, "
                            f"got {resolved[name]!r}")
    periods = {}
    for name in PERIOD_PARAMETERS:
        if isinstance(resolved.get(name), str) and name in declared:
            try:
                periods[name] = parse_period(resolved[name])
                resolved[name] = str(periods[name])
            except PeriodError as exc:
                problems.append(f"{pset.origin(name)}: parameter {name!r}: {exc}")
    if len(periods) == 2 and not periods["baseline_period"].comes_before(periods["period"]):
        problems.append(f"{pset.origin('baseline_period')}: parameter 'baseline_period': expected a period before "
                        f"'period' ({periods['period']}), got {periods['baseline_period']}")
    if "facts" in resolved and isinstance(resolved["facts"], str) and not facts_paths(resolved["facts"]):
        problems.append(f"{pset.origin('facts')}: parameter 'facts': expected one or more CSV files, got ''")
    pset.parameters = resolved
    return problems


def check_unique_names(sets: list[ParameterSet]) -> list[str]:
    """Two sets writing the same report folder is a mistake."""
    seen: dict[str, str] = {}
    problems = []
    for pset in sets:
        if not NAME_PATTERN.fullmatch(pset.name):
            problems.append(f"{pset.source}: report name {truncate(repr(pset.name), 80)}: expected a folder name of "
                            "letters, digits, '.', '_' or '-' (e.g. astana-2025-en)")
        elif reserved_name_problem(pset.name):
            problems.append(f"{pset.source}: report name {pset.name!r}: {reserved_name_problem(pset.name)}")
        if pset.name in seen:
            problems.append(f"{pset.source}: report name {pset.name!r} is also produced by {seen[pset.name]}; "
                            "each parameter set needs its own name")
        seen.setdefault(pset.name, pset.source)
    return problems
