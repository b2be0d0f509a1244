"""Report folders: staging, publishing in one step, records of failed notebooks, and what interrupted runs left.

A run builds each report in ``reports/.staging-<name>-<pid>/`` and publishes it by renaming; concurrent runs of
the same report publish one after the other (a lock on the reports folder), so each publishes a complete folder.
Publishing touches only the report's own folder and, when it is a record of an earlier failure (it carries
:data:`FAILED_MARKER`), ``<name>.failed/``; report names never end in a reserved suffix
(:func:`reserved_name_problem`), so no report is taken for another's record.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from ..kernels.protocol import pid_alive

STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".old-"
FAILED_SUFFIX = ".failed"
# A file in every folder of failed notebooks the runner keeps: it tells such a record from a report.
FAILED_MARKER = ".failed-notebooks"
RESERVED_SUFFIXES = (FAILED_SUFFIX,)
RESERVED_PREFIXES = (STAGING_PREFIX, OLD_PREFIX, ".")


def reserved_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a report folder (it would be taken for the runner's own folders), or None."""
    lowered = name.lower()
    for suffix in RESERVED_SUFFIXES:
        if lowered.endswith(suffix):
            return f"a report name must not end in {suffix!r} (reserved for the records of failed notebooks)"
    for prefix in RESERVED_PREFIXES:
        if name.startswith(prefix):
            return f"a report name must not start with {prefix!r} (reserved for the runner's working folders)"
    return None


@contextlib.contextmanager
def report_lock(reports_dir: Path, name: str):
    """An exclusive lock, across processes, for changing report folders in ``reports_dir``.

    The lock is held on the folder itself (no lock file is left beside the reports); publishing is a few renames,
    so one lock for every report of the folder costs nothing. A no-op where ``fcntl`` is missing.
    """
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(reports_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def publish(staging: Path, final: Path) -> None:
    """Replace ``final`` by the complete ``staging`` folder: old aside, new in, old deleted.

    A record of failed notebooks of the same report (``<name>.failed/`` with its marker) is removed after; no
    other folder is touched.
    """
    with report_lock(final.parent, final.name):
        old = final.parent / f"{OLD_PREFIX}{final.name}-{os.getpid()}"
        if final.exists():
            os.replace(final, old)
        os.replace(staging, final)
        shutil.rmtree(old, ignore_errors=True)
        failed = final.parent / f"{final.name}{FAILED_SUFFIX}"
        if (failed / FAILED_MARKER).is_file():
            shutil.rmtree(failed, ignore_errors=True)


def keep_failed(reports_dir: Path, name: str, executed: Path, replace: bool) -> Path:
    """Copy a failed executed notebook into ``<name>.failed/`` (emptied first when ``replace``); return the copy."""
    failed = Path(reports_dir) / f"{name}{FAILED_SUFFIX}"
    with report_lock(reports_dir, name):
        if replace and (failed / FAILED_MARKER).is_file():
            shutil.rmtree(failed, ignore_errors=True)
        failed.mkdir(parents=True, exist_ok=True)
        (failed / FAILED_MARKER).write_text("", encoding="utf-8")
        shutil.copyfile(executed, failed / executed.name)
    return failed / executed.name


def clean_stale(reports_dir: Path) -> None:
    """Remove staging folders of runs that no longer exist; put back a report an interrupted swap moved aside."""
    if not reports_dir.is_dir():
        return
    for path in sorted(reports_dir.iterdir()):
        for prefix in (STAGING_PREFIX, OLD_PREFIX):
            if not path.name.startswith(prefix) or not path.is_dir():
                continue
            name, _, pid = path.name[len(prefix):].rpartition("-")
            if pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid)):
                continue  # another run is busy with it
            final = reports_dir / name
            if prefix == OLD_PREFIX and name and not final.exists():
                with contextlib.suppress(OSError):
                    os.replace(path, final)
            else:
                shutil.rmtree(path, ignore_errors=True)


def check_run_folders(folders: dict[str, Path]) -> list[str]:
    """One line per folder the run cannot write to (``{"--reports": path, ...}``); nothing is created."""
    problems = []
    for option, folder in folders.items():
        folder = Path(folder)
        existing = folder
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        if not existing.is_dir():
            problems.append(f"{option}: {existing} is a file, expected a folder (or a path that does not exist "
                            "yet)")
        elif not os.access(existing, os.W_OK | os.X_OK):
            problems.append(f"{option}: the folder {existing} is not writable")
    return problems
