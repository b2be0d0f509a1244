"""Paths and vocabularies used across the package, so notebooks never hard-code them."""

from __future__ import annotations

import os
from pathlib import Path

PROJ_ROOT = Path(os.environ.get("ANALYSIS_PROJ_ROOT", Path(__file__).resolve().parents[2]))
DATA_DIR = PROJ_ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
FACTS_DIR = DATA_DIR / "facts"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
PARAMS_DIR = PROJ_ROOT / "params"
REPORTS_DIR = PROJ_ROOT / "reports"
CACHE_DIR = PROJ_ROOT / ".cache"

DEFAULT_FACTS = FACTS_DIR / "astana-2025.csv"

# count: a number of things; amount: a sum of money; percent: a share of a total; percent_change: a stated
# change in percent (relative for counts, ambiguous for shares); pp_change: a change of a share in percentage
# points; abs_change: a change by a number of things ("на 350 тысяч меньше"); fold: "N times" change.
UNITS = ("count", "amount", "percent", "percent_change", "pp_change", "abs_change", "fold")
# The units of a stated change: each needs a direction (increase/decrease) and a baseline period.
CHANGE_UNITS = ("percent_change", "pp_change", "abs_change", "fold")
DIRECTIONS = ("", "increase", "decrease")

RELATIONS = ("", "part_of", "share_of", "change_of")

LANGUAGES = ("en", "kk", "ru")

# How to read "a share improved by X percent": percentage points or a relative change of the share.
CHANGE_READINGS = ("points", "relative")

FIGURE_FORMATS = ("png", "svg")


def resolve_path(path: str | os.PathLike) -> Path:
    """Resolve a user-given path against the project root when it is relative.

    Notebooks run with their own folder as working directory, so a path from a parameter
    (``data/facts/astana-2025.csv``) must not depend on where the run started.
    """
    p = Path(path).expanduser()
    if p.is_absolute():
        return p
    if p.exists():
        return p.resolve()
    return (PROJ_ROOT / p).resolve()
