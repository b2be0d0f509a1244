"""Checking a notebook's parameters and reading the records of its sources, for :func:`analysis.nb.context.setup`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..core.periods import normalize_period
from ..core.sources import read_verified_record
from ..errors import ParameterError, PeriodError
from ..i18n.formatting import format_date


def source_record(source_id: str, lang: str) -> dict:
    """The provenance record ``data/raw/<source_id>.*.meta.yaml``, with its short outlet name and date.

    The record is written in English; its ``translations`` give the outlet's name in the other report languages
    ("«Вечерние ведомости»" for "Vechernie Vedomosti"), which the report's own sentences use.
    """
    record = read_verified_record(source_id)
    translations = record.get("translations") if isinstance(record.get("translations"), dict) else {}
    translated = translations.get(lang) if isinstance(translations.get(lang), dict) else {}
    outlet = str(translated.get("outlet") or record.get("outlet", source_id))
    record["outlet_short"] = outlet.split(" (")[0]
    published = record.get("published")
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            published = None
    if isinstance(published, dt.date):
        record["date_text"] = format_date(published, lang)
    else:
        record["date_text"] = str(record.get("published", ""))
    return record


def split_paths(facts) -> list[str]:
    if isinstance(facts, str | Path):
        parts = [p.strip() for p in str(facts).split(",")]
    else:
        parts = [str(p).strip() for p in facts]
    parts = [p for p in parts if p]
    if not parts:
        raise ParameterError("parameter 'facts' is empty; expected one or more CSV files, comma-separated")
    return parts


def check_choice(name: str, value, allowed) -> str:
    if value not in allowed:
        raise ParameterError(f"parameter {name!r} is {value!r}; expected one of {', '.join(allowed)}")
    return value


def as_period(name: str, value) -> str:
    try:
        return normalize_period(value)
    except PeriodError as exc:
        raise ParameterError(f"parameter {name!r}: {exc}") from None
