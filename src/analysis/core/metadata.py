"""Labels, units and kinds of a facts table's themes, metrics and regions: the metadata file beside the facts.

``data/facts/<name>.meta.yaml`` sits beside ``<name>.csv`` (as indicator metadata sits beside data)::

    themes:
      enforcement:
        label: {en: "Enforcement of judicial acts", kk: "...", ru: "..."}
    metrics:
      writs_sent:
        kind: count                     # count | amount | share | change | fold
        label: {en: "writs of execution sent for enforcement", kk: "...", ru: "..."}
        short: {en: "Writs sent", kk: "...", ru: "..."}
        unit: {en: [writ, writs], kk: [парақ], ru: [лист, листа, листов]}
    regions:
      Astana: {en: Astana, kk: Астана, ru: Астана}
    glossary:                           # optional: the briefing's terms, defined for the reader
      writ_of_execution:
        term: {en: "writ of execution", kk: "атқару парағы", ru: "исполнительный лист"}
        text: {en: "...", kk: "...", ru: "..."}

Every theme, metric and region a facts table names needs a label in every report language; ``short`` falls back
to ``label``. ``unit`` gives the counted noun in its plural forms (en one/other, ru one/few/many, kk one form).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import LANGUAGES
from ..errors import MetadataError
from .safe_yaml import load_file

if TYPE_CHECKING:  # a cached rerun reads paths from this module and should not pay for importing pandas
    import pandas as pd

KINDS = ("count", "amount", "share", "change", "fold")


def metadata_path(facts_path: Path) -> Path:
    """``data/facts/astana-2025.csv`` → ``data/facts/astana-2025.meta.yaml``."""
    return Path(facts_path).with_suffix(".meta.yaml")


@dataclass
class Metadata:
    """The merged metadata of one or more facts files."""

    themes: dict = field(default_factory=dict)
    metrics: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)
    glossary: dict = field(default_factory=dict)
    files: list = field(default_factory=list)

    def glossary_in(self, lang: str) -> list[tuple[str, str]]:
        """The briefing's terms and their definitions in ``lang`` (``glossary:`` in the metadata), in file order."""
        return [(str(e["term"][lang]), str(e["text"][lang])) for e in self.glossary.values()
                if isinstance(e, dict) and lang in (e.get("term") or {}) and lang in (e.get("text") or {})]

    def theme_label(self, theme: str, lang: str) -> str:
        return self.themes[theme]["label"][lang]

    def metric_label(self, metric: str, lang: str, short: bool = False) -> str:
        entry = self.metrics[metric]
        if short and lang in (entry.get("short") or {}):
            return entry["short"][lang]
        return entry["label"][lang]

    def unit_forms(self, metric: str, lang: str) -> list[str]:
        """The counted noun's plural forms for ``lang``, or ``[]`` when the metric has no unit."""
        return list((self.metrics.get(metric, {}).get("unit") or {}).get(lang) or [])

    def kind(self, metric: str) -> str:
        return str(self.metrics.get(metric, {}).get("kind", "count"))

    def region_label(self, region: str, lang: str) -> str:
        labels = self.regions.get(region)
        return labels[lang] if labels and lang in labels else region


def _read(path: Path) -> dict:
    if not path.is_file():
        raise MetadataError(f"{path}: metadata file not found; every facts file needs one beside it, with the "
                            "labels of its themes, metrics and regions (see data/facts/astana-2025.meta.yaml)")
    data = load_file(path, MetadataError) or {}
    if not isinstance(data, dict):
        raise MetadataError(f"{path}: expected a mapping with 'themes', 'metrics' and 'regions'")
    return data


def _labels_problems(path: Path, section: str, key: str, entry, field_name: str, languages) -> list[str]:
    labels = entry.get(field_name) if isinstance(entry, dict) else None
    if not isinstance(labels, dict):
        return [f"{path}: {section} {key!r}: no {field_name!r} mapping (expected one text per language: "
                f"{', '.join(languages)})"]
    return [f"{path}: {section} {key!r}: no {field_name!r} in language {lang!r}" for lang in languages
            if not str(labels.get(lang) or "").strip()]


def load_metadata(facts_paths, facts: pd.DataFrame | None = None, languages=LANGUAGES) -> Metadata:
    """Read the metadata beside each facts file; with ``facts``, check that it covers every id the facts name.

    Raises :class:`MetadataError` naming each missing id, its file and the language that lacks a label.
    """
    meta = Metadata()
    problems: list[str] = []
    for facts_path in facts_paths:
        path = metadata_path(Path(facts_path))
        data = _read(path)
        meta.files.append(path)
        for section in ("themes", "metrics", "regions", "glossary"):
            entries = data.get(section) or {}
            if not isinstance(entries, dict):
                problems.append(f"{path}: {section!r}: expected a mapping of ids")
                continue
            getattr(meta, section).update({str(k): v for k, v in entries.items()})
        if facts is None:
            continue
        mine = facts[facts["source_file"] == Path(facts_path).name] if "source_file" in facts else facts
        for theme in dict.fromkeys(mine["theme"]):
            problems += _labels_problems(path, "theme", theme, meta.themes.get(theme), "label", languages)
        for metric in dict.fromkeys(mine["metric"]):
            entry = meta.metrics.get(metric)
            problems += _labels_problems(path, "metric", metric, entry, "label", languages)
            kind = entry.get("kind", "count") if isinstance(entry, dict) else "count"
            if isinstance(entry, dict) and kind not in KINDS:
                problems.append(f"{path}: metric {metric!r}: kind {kind!r}: expected one of {', '.join(KINDS)}")
        for region in dict.fromkeys(mine["region"]):
            labels = meta.regions.get(region)
            problems += [f"{path}: region {region!r}: no label in language {lang!r}" for lang in languages
                         if not isinstance(labels, dict) or not str(labels.get(lang) or "").strip()]
    if problems:
        raise MetadataError("; ".join(problems[:8]) + (f" (and {len(problems) - 8} more)" if len(problems) > 8
                                                         else ""))
    return meta
