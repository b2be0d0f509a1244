"""Which notebooks a report runs, and with which chapter parameters: one job per executed notebook.

A notebook's metadata (``metadata.analysis.role``) says what it is:

- ``theme``: the chapter of one theme of one briefing (``theme``, and ``facts``: the facts files' names it was
  written for); it runs only for those facts, so its sentences never reach another briefing's report;
- ``generic-theme``: the chapter of any theme; it runs once for every theme of the facts that has no notebook of
  its own, with the parameter ``theme``;
- anything else (overview, appendix, or no role): runs once, as it is.

Theme chapters are numbered in the order the facts give their themes and take the place of the first theme
notebook in the folder's order.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

# Parameters the runner sets per job; a parameter file or the command line cannot set them.
JOB_PARAMETERS = ("theme", "chapter")


@dataclass(frozen=True)
class Job:
    """One notebook run: the notebook, the executed notebook's file name, and the parameters of this job."""

    path: Path
    name: str
    parameters: tuple[tuple[str, object], ...] = ()

    def params(self) -> dict:
        return dict(self.parameters)


def notebook_role(path: Path) -> dict:
    """The notebook's ``metadata.analysis`` record (``{}`` when it has none or cannot be read)."""
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {}).get("analysis", {})
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def facts_themes(facts_paths: list[Path], region: str | None) -> list[str]:
    """The themes of the facts files for ``region`` (every region when None), in the order the files give them."""
    themes: list[str] = []
    for path in facts_paths:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                if region is not None and str(row.get("region", "")).casefold() != str(region).casefold():
                    continue
                theme = (row.get("theme") or "").strip()
                if theme and theme not in themes:
                    themes.append(theme)
    return themes


def plan_jobs(notebooks: list[Path], facts_paths: list[Path], region: str | None) -> list[Job]:
    """The jobs of one report: every notebook that applies to these facts, theme chapters expanded."""
    roles = {nb: notebook_role(nb) for nb in notebooks}
    stems = {Path(p).stem for p in facts_paths}
    specific = {}
    for nb, role in roles.items():
        written_for = role.get("facts") or []
        written_for = [written_for] if isinstance(written_for, str) else list(written_for)
        if role.get("role") == "theme" and stems & set(written_for):
            specific.setdefault(str(role.get("theme", "")), nb)
    generic = next((nb for nb, role in roles.items() if role.get("role") == "generic-theme"), None)

    jobs: list[Job] = []
    themes_placed = False
    for nb in notebooks:
        if roles[nb].get("role") not in ("theme", "generic-theme"):
            jobs.append(Job(nb, nb.name))
            continue
        if themes_placed:
            continue
        themes_placed = True
        for chapter, theme in enumerate(facts_themes(facts_paths, region), 1):
            parameters = (("theme", theme), ("chapter", chapter))
            if theme in specific:
                jobs.append(Job(specific[theme], specific[theme].name, parameters))
            elif generic is not None:
                jobs.append(Job(generic, f"{generic.stem}-{chapter:02d}-{theme}.ipynb", parameters))
    return jobs


def finishing_together(todo: list[tuple], sets: int) -> list[tuple]:
    """``todo`` (``(plan, job)`` pairs, set after set) in the order to start them: set after set, except that the
    last ``sets`` sets take turns, job by job.

    Those sets then finish together, and their exports, each in its own process, run side by side on the cores the
    notebooks leave; run one after the other, the last export would run alone on one core while the others idle.
    """
    groups: dict[int, list[tuple]] = {}
    for pair in todo:
        groups.setdefault(id(pair[0]), []).append(pair)
    ordered = list(groups.values())
    if sets < 2 or len(ordered) < 2:
        return list(todo)
    head, tail = ordered[:-sets], ordered[-sets:]
    taking_turns = [group[i] for i in range(max(map(len, tail))) for group in tail if i < len(group)]
    return [pair for group in head for pair in group] + taking_turns
