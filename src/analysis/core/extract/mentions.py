"""Every number of a Kazakh or Russian text as written: its value, what follows it, and whether it is a figure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import ExtractError
from ..numbers import FRACTION_WORDS, GROUP_SEP, NUMBER_WORDS, decimals_of, parse_number, scale_of_word

_LETTER = "а-яәғқңөұүһіёА-ЯӘҒҚҢӨҰҮҺІЁ"
_NUMBER = re.compile(
    rf"(?<![\d\w])"
    rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}})"
    rf"|(?<![\d\w,.])(?P<num>\d{{1,3}}(?:{GROUP_SEP}\d{{3}})+(?!\d)|\d+)(?P<frac>,\d+)?(?!\d)"
    rf"(?P<suffix>-[{_LETTER}]+)?"
)
# A number written as a word counts only before "есе" / "раз" ("екі есеге", "в два раза"), or as "вдвое":
# a fold change. Elsewhere such words are ordinary language ("бір жыл бұрын", a year ago).
_FOLD_ADVERBS = ("вдвое", "втрое", "вчетверо", "впятеро", "вдесятеро")
_FOLD_WORD = re.compile(
    rf"(?<![{_LETTER}])(?P<word>{'|'.join(_FOLD_ADVERBS)}|"
    rf"(?:{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})(?=\s+(?:есе|раз)))(?![{_LETTER}])",
    re.IGNORECASE,
)
_FRACTION = re.compile(rf"(?<![{_LETTER}])(?:почти|около|более|менее|практически)\s+"
                       rf"(?P<word>{'|'.join(FRACTION_WORDS)})(?![{_LETTER}])", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)\S+")
WORD = re.compile(rf"[{_LETTER}A-Za-z%]+")
PERCENT_WORDS = ("пайыз", "процент", "%")
YEAR_WORDS = ("жыл", "год", "г.", "гг")
YEAR_SUFFIXES = ("-го", "-м", "-й", "-жылы", "-жылғы", "-ші", "-шы")
MONTHS = ("янв", "фев", "мар", "апр", "мая", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
          "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
          "қараша", "желтоқсан")
PERIOD_LENGTH_WORDS = ("ай", "айда", "айында", "айдың", "месяц", "месяца", "месяцев", "месяцы", "квартал")


@dataclass(frozen=True)
class NumberMention:
    """One number as written in a text, with where it stands and what follows it."""

    text: str
    value: float
    decimals: int
    start: int
    end: int
    kind: str  # date, year, percent, count, fold, share (a fraction word), url, ordinal
    unit_word: str
    context: str
    scale: str = ""
    scale_text: str = ""


def _kind(value: float, decimals: int, unit_word: str, is_date: bool, suffix: str = "") -> str:
    word = unit_word.lower()
    if is_date:
        return "date"
    if word.startswith(("есе", "раз")):
        return "fold"
    if any(word.startswith(w) for w in PERCENT_WORDS):
        return "percent"
    if decimals == 0 and 1900 <= value <= 2100 and (any(word.startswith(w) for w in YEAR_WORDS)
                                                     or suffix in YEAR_SUFFIXES):
        return "year"
    return "count"


def extract_numbers(text: str, context_chars: int = 40) -> list[NumberMention]:
    """Every number in ``text`` in reading order: ``47 434``, ``9,4`` (+ "пайызы"), ``4 447-сі``, dates,
    fold changes written as words (``екі`` + "есеге", ``вдвое``), with a following scale word (``4,5 тыс.``)."""
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    mentions = []
    found = [*_NUMBER.finditer(text), *_FOLD_WORD.finditer(text)]
    found += [m for m in _FRACTION.finditer(text)]
    for m in sorted(found, key=lambda m: m.start("word") if "word" in m.re.groupindex else m.start()):
        is_fraction = m.re is _FRACTION
        start, end = (m.start("word"), m.end("word")) if "word" in m.re.groupindex else (m.start(), m.end())
        written = text[start:end]
        is_date = m.re is _NUMBER and m["date"] is not None
        value = float("nan") if is_date else parse_number(written)
        decimals = 0 if is_date else decimals_of(written)
        following = WORD.search(text, end, min(len(text), end + 30))
        unit_word = following.group(0) if following and text[end:following.start()].strip() in ("", "-") else ""
        suffix = m["suffix"] or "" if m.re is _NUMBER else ""
        if m.re is _FOLD_WORD and written.lower().startswith("в") and not unit_word.lower().startswith("раз"):
            unit_word = "раз"
        kind = _kind(value, decimals, unit_word, is_date, suffix)
        if is_fraction:
            kind = "share"
        scale, scale_text = "", ""
        if kind == "count" and unit_word and (found_scale := scale_of_word(unit_word)):
            scale, scale_text = found_scale, text[end:following.end()] + ("." if text[following.end():
                                                                                      following.end() + 1] == "."
                                                                          and unit_word.lower() in ("тыс", "млн",
                                                                                                    "млрд") else "")
            after = WORD.search(text, following.end(), min(len(text), following.end() + 30))
            if after and any(after.group(0).lower().startswith(w) for w in PERCENT_WORDS):
                kind = "percent"
        if any(a <= start < b for a, b in urls):
            kind = "url"
        elif kind == "count" and suffix.startswith("-лет"):
            kind = "ordinal"
        lo, hi = max(0, start - context_chars), min(len(text), end + context_chars)
        context = " ".join(text[lo:hi].split())
        mentions.append(NumberMention(written, value, decimals, start, end, kind, unit_word, context, scale,
                                      scale_text))
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



def words_after(text: str, end: int, n: int = 2) -> list[str]:
    return [w.lower() for w in WORD.findall(text[end:end + 40])][:n]


def words_before(text: str, start: int, n: int = 3) -> list[str]:
    return [w.lower() for w in WORD.findall(text[max(0, start - 50):start])][-n:]


def nonfigure_reason(text: str, m: NumberMention) -> str | None:
    """Why a mention is not a figure, or None when it is one."""
    after = words_after(text, m.end)
    if m.kind == "date":
        return "publication or event date (recorded in the provenance record)"
    if m.kind == "url":
        return "part of a web address"
    if m.kind == "year":
        return "year used as a label for a period"
    if m.kind == "ordinal":
        return "ordinal in a name (an anniversary), not a result"
    if text[m.end:m.end + 1] == "+":
        return "an age rating or similar mark, not a figure"
    if m.kind == "count" and after and any(after[0].startswith(w) for w in MONTHS) and m.value <= 31:
        return "day of a date or dateline, not a figure"
    if m.kind == "count" and after and after[0] in PERIOD_LENGTH_WORDS:
        return "the length of the reporting period, not a result"
    return None

