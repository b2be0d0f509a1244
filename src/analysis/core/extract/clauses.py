"""What the words around a number say: its sentence and clause, its quote, period, baseline and unit."""

from __future__ import annotations

import re
from collections import Counter

from ..numbers import direction_from_words
from .mentions import PERCENT_WORDS, WORD, NumberMention, words_after, words_before

SENTENCE_END = re.compile(r"(?<!\d)[.!?;](?!\d)|\n|»|«|(?:^|\n)\s*date \d{4}-\d{2}-\d{2}\s")
# A year that names what a figure is compared with, not the figure's own period.
_COMPARED_YEAR_AFTER = ("жылмен", "жылға", "годом", "году,")
_COMPARED_YEAR_BEFORE = ("чем", "сравнению", "сравнении", "против", "относительно")


def sentence_bounds(text: str, at: int) -> tuple[int, int]:
    start = 0
    for m in SENTENCE_END.finditer(text, 0, at):
        start = m.end()
    end_match = SENTENCE_END.search(text, at)
    return start, end_match.start() if end_match else len(text)


def clause(text: str, m: NumberMention, end: int | None = None) -> tuple[int, int]:
    """The clause around a number: its sentence cut at commas (not decimal commas) on either side."""
    s, e = sentence_bounds(text, m.start)
    end = max(m.end, end or m.end)
    left = s
    for c in re.finditer(r",(?!\d)", text[s:m.start]):
        left = s + c.end()
    right = e
    c = re.search(r",(?!\d)", text[end:e])
    if c:
        right = end + c.start()
    return left, right


def quote_of(text: str, left: int, right: int, m: NumberMention, max_words: int = 14) -> str:
    """The clause, trimmed to at most ``max_words`` words around the number, without dangling punctuation."""
    chunk = text[left:right]
    words = list(re.finditer(r"\S+", chunk))
    at = next((i for i, w in enumerate(words) if left + w.end() > m.start), 0)
    lo, hi = max(0, at - max_words // 2), min(len(words), at + max_words // 2 + 1)
    if not words:
        return m.text
    quote = chunk[words[lo].start():words[hi - 1].end()]
    return quote.strip(" ,;:—–-«»\"()").strip()


def default_period(mentions: list[NumberMention]) -> int | None:
    years = Counter(int(m.value) for m in mentions if m.kind == "year")
    return years.most_common(1)[0][0] if years else None


def period_of(text: str, m: NumberMention, mentions: list[NumberMention], default: int | None) -> str:
    s, e = sentence_bounds(text, m.start)
    sentence = text[s:e].lower()
    before = text[s:m.start].lower()
    year_here = [x for x in mentions if x.kind == "year" and s <= x.start < e and not compared_year(text, x)]
    year = int(year_here[0].value) if year_here else default
    if year is None:
        return ""
    if any(w in before for w in ("өткен жылы", "бір жыл бұрын", "в прошлом году", "годом ранее", "год назад")):
        return str(year - 1)
    if re.search(r"перв\w+ (?:половин|полугоди)", sentence) or "бірінші жартыжылдық" in sentence:
        return f"{year}-H1"
    if re.search(r"(?:девять|9) месяц|тоғыз ай|9 ай", sentence):
        return f"{year}-01/{year}-09"
    return str(year)


def compared_year(text: str, m: NumberMention) -> bool:
    after = words_after(text, m.end, 1)
    before = words_before(text, m.start, 2)
    return bool(after and after[0] in ("жылмен", "годом")) or any(w in _COMPARED_YEAR_BEFORE for w in before)


def baseline_in_sentence(text: str, m: NumberMention, mentions: list[NumberMention]) -> str:
    s, e = sentence_bounds(text, m.start)
    years = [x for x in mentions if x.kind == "year" and s <= x.start < e and compared_year(text, x)]
    return str(int(years[0].value)) if years else ""


def baseline_of(period: str) -> str:
    if not period:
        return ""
    m = re.match(r"^(\d{4})(.*)$", period)
    year = int(m[1])
    rest = re.sub(r"(\d{4})", lambda x: str(int(x[1]) - 1), m[2])
    return f"{year - 1}{rest}"


def unit_of(text: str, m: NumberMention) -> tuple[str, list[str]]:
    before = words_before(text, m.start, 2)
    after = words_after(text, m.end + len(m.scale_text), 2)
    s, e = sentence_bounds(text, m.start)
    sentence = text[s:e]
    if m.kind == "fold":
        return "fold", ["'есе'/'раз' after the number: a fold change"]
    if m.kind == "share":
        return "percent", ["a fraction word: a share"]
    if m.kind == "percent":
        unit_word = m.unit_word.lower()
        if (before and before[-1] == "на") or unit_word.endswith(("ға", "ке", "ге", "ка")) \
                or (after and after[0].endswith(("ға", "ке", "ге")) and after[0].startswith(PERCENT_WORDS[:2])):
            return "percent_change", ["'на X %' / 'X пайызға': a change in percent"]
        return "percent", ["percent without 'на'/'-ға': a share"]
    direction = direction_from_words(sentence)
    if before and before[-1] == "на" and direction:
        return "abs_change", ["'на X … больше/меньше': a change by a number"]
    if "салыстырғанда" in sentence.lower() and m.unit_word.lower().endswith(("ке", "ға", "ге", "қа")) and direction:
        return "abs_change", ["'X-ке … көп/аз, салыстырғанда': a change by a number"]
    return "count", []



def hedge_prefix(text: str, m: NumberMention, previous: NumberMention | None) -> str:
    """The words just before a number that can hedge it, not past a bracket, a comma or the number before."""
    start = max(previous.end if previous else 0, m.start - 30)
    prefix = text[start:m.start]
    for mark in "(,;:":
        prefix = prefix.rsplit(mark, 1)[-1]
    return " ".join(WORD.findall(prefix)[-2:])


def kazakh_postfix_qualifier(text: str, m: NumberMention) -> str:
    after = words_after(text, m.end + len(m.scale_text), 3)
    words = {"астам": "over", "аса": "over", "артық": "over", "жуық": "almost", "шамасында": "about",
             "кем": "under"}
    for w in after[:3]:
        if w in words:
            return words[w]
    return ""


def headline_end(text: str) -> int:
    """Where the headline ends: the first line (after a leading date), or the second when the first is a rating."""
    lines = text.split("\n")
    end = len(lines[0])
    first = re.sub(r"^\s*date \S+\s*", "", lines[0])
    if len(lines) > 1 and (len(first) < 40 or re.search(r"\d+\+", first)):
        end += 1 + len(lines[1])
    return end

