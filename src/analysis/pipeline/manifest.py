"""The record of which inputs and software produced a report (``manifest.json``), and the report's date.

Everything in a manifest except its ``timings`` section is a function of the inputs, so two runs on the same
inputs write the same manifest apart from the timings.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from ..core.epoch import env_epoch
from ..versions import commit_time


def source_date_epoch(root: Path) -> int:
    """The build's date: SOURCE_DATE_EPOCH when set, else the time of the project's last commit (never the clock,
    never the source's date); outside a git checkout, the ZIP epoch that reproducible-builds tools use.

    Raises :class:`analysis.errors.RunSetupError` when SOURCE_DATE_EPOCH is set but not a plain epoch.
    """
    env = env_epoch()
    if env is not None:
        return env
    committed = commit_time(root)
    if committed is not None:
        return committed
    return int(dt.datetime(1980, 1, 1, tzinfo=dt.UTC).timestamp())


def generated_date(epoch: int) -> str:
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date().isoformat()


def python_version() -> str:
    return sys.version.split()[0]


def write_manifest(path: Path, manifest: dict) -> None:
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
