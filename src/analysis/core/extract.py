"""Finding the numbers of a Kazakh or Russian text, with their unit words and context.

Used by the coverage test (every number of the source is a fact or a listed non-fact) and by
``python -m analysis extract FILE`` to draft a facts table for a new briefing, which an analyst then reviews.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from ..errors import ExtractError
from .numbers import GROUP_SEP, NUMBER_WORDS, decimals_of, parse_number

_LETTER = "а-яәғқңөұүһіёА-ЯӘҒҚҢӨҰҮҺІЁ"
_NUMBER = re.compile(
    rf"(?<![\d\w])"
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
    rf"|(?<![\d\w,.])(?P<num>\d{{1,3}}(?:{GROUP_SEP}\d{{3}})+(?!\d)|\d+)(?P<frac>,\d+)?(?!\d)"
    rf"(?P<suffix>-[{_LETTER}]+)?"
)
# A number written as a word counts only before "есе" / "раз" ("екі есеге", "в два раза"): a fold change.
# Elsewhere such words are ordinary language ("бір жыл бұрын", a year ago).
_FOLD_WORD = re.compile(
    rf"(?<![{_LETTER}])(?P<word>{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?=\s+(?:есе|раз))",
    re.IGNORECASE,
)
_WORD = re.compile(rf"[{_LETTER}A-Za-z%]+")
PERCENT_WORDS = ("пайыз", "процент", "%")
YEAR_WORDS = ("жыл", "год", "г.")


@dataclass(frozen=True)
class NumberMention:
    """One number as written in a text, with where it stands and what follows it."""

    text: str
    value: float
    decimals: int
    start: int
    end: int
    kind: str  # date, year, percent, count
    unit_word: str
    context: str


def _kind(value: float, decimals: int, unit_word: str, is_date: bool) -> str:
    word = unit_word.lower()
    if is_date:
        return "date"
    if word.startswith(("есе", "раз")):
        return "fold"
    if any(word.startswith(w) for w in PERCENT_WORDS):
        return "percent"
    if decimals == 0 and 1900 <= value <= 2100 and any(word.startswith(w) for w in YEAR_WORDS):
        return "year"
    return "count"


def extract_numbers(text: str, context_chars: int = 40) -> list[NumberMention]:
    """Every number in ``text`` in reading order: ``47 434``, ``9,4`` (+ "пайызы"), ``4 447-сі``, dates,
    and fold changes written as words (``екі`` + "есеге")."""
    mentions = []
    matches = sorted([*_NUMBER.finditer(text), *_FOLD_WORD.finditer(text)], key=lambda m: m.start())
    for m in matches:
        written = m.group(0)
        is_date = m.re is _NUMBER and m["date"] is not None
        value = float("nan") if is_date else parse_number(written)
        decimals = 0 if is_date else decimals_of(written)
        following = _WORD.search(text, m.end(), min(len(text), m.end() + 30))
        unit_word = following.group(0) if following and text[m.end():following.start()].strip() in ("", "-") else ""
        lo, hi = max(0, m.start() - context_chars), min(len(text), m.end() + context_chars)
        context = " ".join(text[lo:hi].split())
        mentions.append(NumberMention(written, value, decimals, m.start(), m.end(),
                                      _kind(value, decimals, unit_word, is_date), unit_word, context))
    return mentions


def read_text(path: str | Path) -> str:
    """Read a source text as UTF-8, with a clear error when it is not."""
    p = Path(path)
    if not p.is_file():
        raise ExtractError(f"{p}: file not found (expected a UTF-8 text file)")
    try:
        return p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{p}: not UTF-8 text (byte {exc.start}); convert the file to UTF-8") from exc


def draft_facts(text: str, source_id: str = "", region: str = "") -> pd.DataFrame:
    """A first draft of a facts table: one row per number that is not a date or a year label.

    Theme, metric, year and unit are left for the analyst to fill in or correct; the quote is the
    context around the number, which the analyst trims to the phrase that states it.
    """
    rows = []
    for i, m in enumerate(n for n in extract_numbers(text) if n.kind not in ("date", "year")):
        rows.append({
            "fact_id": f"draft-{i + 1:03d}", "source_id": source_id, "theme": "", "metric": "",
            "region": region, "year": "", "baseline_year": "", "value": m.value, "value_text": m.text,
            "unit": "percent" if m.kind == "percent" else "count", "relation": "", "relates_to": "",
            "quote": m.context, "note": f"draft: followed by {m.unit_word!r}" if m.unit_word else "draft",
        })
    return pd.DataFrame(rows)


def mentions_table(text: str) -> pd.DataFrame:
    """All mentions as a table (for display)."""
    return pd.DataFrame([asdict(m) for m in extract_numbers(text)])
