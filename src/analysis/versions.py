"""What software produced a report: the package versions and the project's commit, recorded in one place."""

from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

# The software whose version can change a report.
PACKAGES = ("analysis", "pandas", "numpy", "matplotlib", "seaborn", "pandera", "babel", "papermill", "nbclient",
            "nbconvert", "nbformat", "ipykernel", "jinja2", "weasyprint", "pyyaml")


def package_versions(names=PACKAGES) -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def git_commit(root: Path) -> str:
    """The commit of the project's working tree, with ``+dirty`` when tracked files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if head.returncode != 0:
            return "unknown"
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                                capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head.stdout.strip() + ("+dirty" if status.stdout.strip() else "")


def commit_time(root: Path) -> int | None:
    """The committer time of the project's ``HEAD`` (seconds since the epoch), or None outside a git checkout."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    text = out.stdout.strip()
    return int(text) if out.returncode == 0 and text.isdigit() else None
