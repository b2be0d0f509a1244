"""Translations of the source's quotes and the analyst's notes, written by people and kept as data.

``data/facts/<name>.translations.csv`` sits beside ``<name>.csv``, one row per text and language::

    fact_id,field,lang,text
    ast25-writs-sent,quote,en,"of the 47,434 writs of execution sent directly by the courts for enforcement"
    ast25-writs-sent,note,kk,"..."

The report shows a quote in its own language and, in the other editions, this translation marked as ours; a note
is shown in the report's language when a translation exists. The file is optional.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FactsFileError

FIELDS = ("quote", "note")


def translations_path(facts_path: Path) -> Path:
    return Path(facts_path).with_suffix(".translations.csv")


@dataclass
class Translations:
    texts: dict = field(default_factory=dict)  # (fact_id, field, lang) -> text

    def get(self, fact_id: str, field_name: str, lang: str) -> str:
        return self.texts.get((fact_id, field_name, lang), "")


def load_translations(facts_paths) -> Translations:
    """The translations beside each facts file (none when a file has no translations file)."""
    result = Translations()
    for facts_path in facts_paths:
        path = translations_path(Path(facts_path))
        if not path.is_file():
            continue
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise FactsFileError(f"{path}: cannot read the translations ({exc})") from exc
        for number, row in enumerate(rows, start=2):
            if (row.get("field") or "") not in FIELDS or not (row.get("text") or "").strip():
                raise FactsFileError(f"{path}: row {number}: expected a field of {', '.join(FIELDS)} and a text, "
                                     f"got field {row.get('field')!r}")
            result.texts[(row["fact_id"], row["field"], row["lang"])] = row["text"].strip()
    return result
