"""Which facts a check compares: the facts table as plain rows, with every lookup the checks need built once.

Each lookup is a dict filled in one pass over the rows, so finding the baseline of a change, the parts of a total
or the other periods of a figure costs the same at ten rows as at a hundred thousand: the checks grow linearly
with the table. Rows keep the table's order, and so does every group, so the claims come out in the same order
whatever the size.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from functools import cached_property

import pandas as pd

from ..numbers import decimals_of
from .arithmetic import period_of

LEVEL_UNITS = ("count", "amount", "percent")


def grouped(rows: Iterable[dict], key: Callable[[dict], Hashable]) -> dict[Hashable, list[dict]]:
    """Rows by ``key``, the groups in the order of their first row, each in table order."""
    groups: dict[Hashable, list[dict]] = {}
    for row in rows:
        groups.setdefault(key(row), []).append(row)
    return groups


def precise_first(rows: list[dict]) -> list[dict]:
    """The same figure stated more than once: unhedged before hedged, more decimals before fewer, else as given."""
    if len(rows) < 2:
        return rows
    return sorted(rows, key=lambda r: (r["qualifier"] != "", -decimals_of(r["value_text"])))


def _figure(row: dict) -> tuple:
    return row["source_file"], row["region"], row["metric"]


class FactIndex:
    """The rows of a facts table (a ``source_file`` of ``""`` when the table has none) and their lookups."""

    def __init__(self, facts: pd.DataFrame):
        # Built from column lists: pandas' own to_dict("records") boxes every cell and costs several times more.
        names = [str(name) for name in facts.columns]
        self.rows = [dict(zip(names, values, strict=True))
                     for values in zip(*(facts[name].tolist() for name in facts.columns), strict=True)]
        if "source_file" not in facts.columns:
            for row in self.rows:
                row["source_file"] = ""
        self.by_id: dict[str, dict] = {}
        for row in self.rows:
            self.by_id.setdefault(row["fact_id"], row)

    @classmethod
    def of(cls, facts: pd.DataFrame | FactIndex) -> FactIndex:
        return facts if isinstance(facts, FactIndex) else cls(facts)

    def where(self, unit: Iterable[str] = (), relation: str | None = None) -> list[dict]:
        units = set(unit)
        return [r for r in self.rows if (not units or r["unit"] in units)
                and (relation is None or r["relation"] == relation)]

    @cached_property
    def themes(self) -> list[str]:
        return list(dict.fromkeys(r["theme"] for r in self.rows))

    @cached_property
    def _by_figure_and_period(self) -> dict:
        return grouped(self.rows, lambda r: (*_figure(r), str(r["period"])))

    def baseline_of(self, current: dict, period) -> dict | None:
        """The most precise row of ``current``'s figure (source file, region, metric) in ``period``."""
        if not str(period):
            return None
        rows = self._by_figure_and_period.get((*_figure(current), str(period)))
        return precise_first(rows)[0] if rows else None

    @cached_property
    def _absolute_changes(self) -> dict:
        found: dict = {}
        for row in self.where(["abs_change"], "change_of"):
            found.setdefault((row["relates_to"], str(row["baseline_period"])), row)
        return found

    def absolute_change_of(self, target: str, baseline_period) -> dict | None:
        """The first stated absolute change of fact ``target`` against ``baseline_period``."""
        return self._absolute_changes.get((target, str(baseline_period)))

    @cached_property
    def parts(self) -> dict[str, list[dict]]:
        """The parts of each total, by the total's id."""
        return grouped(self.where(relation="part_of"), lambda r: r["relates_to"])

    @cached_property
    def pairs(self) -> list[tuple[dict, dict]]:
        """The same figure (source file, region, metric) in two periods: each earlier → later step."""
        level = [r for r in self.rows if r["unit"] in LEVEL_UNITS and r["relation"] != "share_of"]
        pairs = []
        for group in grouped(level, _figure).values():
            if len(group) < 2:
                continue
            by_period = {p: precise_first(rows)[0]
                         for p, rows in grouped(group, lambda r: str(r["period"])).items()}
            ordered = sorted(by_period, key=lambda p: (period_of(p).end, period_of(p).start))
            pairs += [(by_period[a], by_period[b]) for a, b in zip(ordered, ordered[1:], strict=False)]
        return pairs

    @cached_property
    def paired_ids(self) -> set[str]:
        return {f["fact_id"] for pair in self.pairs for f in pair}

    @cached_property
    def restated_ids(self) -> set[str]:
        """Every statement of a level but the most precise one, when the text gives the level more than once."""
        ids = set()
        levels = [r for r in self.rows if r["relation"] != "change_of"]
        for group in grouped(levels, lambda r: (*_figure(r), r["period"])).values():
            if len(group) > 1:
                ids |= {r["fact_id"] for r in precise_first(group)[1:]}
        return ids

    @cached_property
    def restatements(self) -> list[list[dict]]:
        """Rows that state the same thing (figure, periods, unit) more than once, each group most precise first."""
        groups = grouped(self.rows, lambda r: (*_figure(r), r["period"], r["baseline_period"], r["unit"]))
        return [precise_first(g) for g in groups.values() if len(g) > 1]
