"""Finding the numbers of a Kazakh or Russian text and drafting the facts table they suggest.

Used by the coverage test (every number of the source is a fact or a listed non-fact) and by
``python -m analysis extract FILE --draft`` to draft a facts table for a new briefing, which an analyst then
reviews. The draft proposes, for each figure:

- **unit**: ``percent`` (a share), ``percent_change`` ("на 27 %", "28 пайызға"), ``fold`` ("вдвое", "екі есе"),
  ``abs_change`` ("на 350 тысяч меньше", "7 772 іске … көп"), else ``count``; with the **scale** word
  (тыс., мың, млн, млрд) the value is at full size; the **qualifier** from the hedge words around the number;
  the **direction** of a change from its clause's words;
- **relation** and partner: a part ("4 447-сі", "12-сі", "из них", "в том числе", "оның ішінде"), a share of
  the number before it ("немесе 9,4 пайызы", "или 9,4 %"), a change of the nearest count; pairs ("с X до Y",
  "X против Y", "X вместо Y") give the earlier value the baseline period;
- **period** from context: the year the text reports on, "в первой половине 2024 года" (2024-H1), "девять
  месяцев" (January to September), "өткен жылы", "в прошлом году" (the year before);
- the **quote**: the clause around the number, cut at sentence and clause boundaries.

Dates, years used as labels ("2025 жылы", "2024-го"), numbers inside a URL, ordinals ("30-летию"), ratings
("18+"), the length of a period ("12 ай", "9 месяцев") and day numbers of a dateline are drafted as non-figures,
each with its reason (:func:`draft_nonfacts`). :func:`evaluate_draft` measures a draft against a curated table.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import ExtractError
from .numbers import (
    FRACTION_WORDS,
    GROUP_SEP,
    NUMBER_WORDS,
    SCALES,
    decimals_of,
    direction_from_words,
    parse_number,
    qualifier_from_words,
    scale_of_word,
)

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
_WORD = re.compile(rf"[{_LETTER}A-Za-z%]+")
PERCENT_WORDS = ("пайыз", "процент", "%")
YEAR_WORDS = ("жыл", "год", "г.", "гг")
YEAR_SUFFIXES = ("-го", "-м", "-й", "-жылы", "-жылғы", "-ші", "-шы")
MONTHS = ("янв", "фев", "мар", "апр", "мая", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек",
          "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек", "қазан",
          "қараша", "желтоқсан")
PERIOD_LENGTH_WORDS = ("ай", "айда", "айында", "айдың", "месяц", "месяца", "месяцев", "месяцы", "квартал")
_PART_SUFFIX = re.compile(r"-(?:сі|сы|і|ы|ісі|ысы)$")
_PART_LEADS = ("из них", "в том числе", "оның ішінде", "в т. ч.", "из которых")
_SHARE_LEADS = ("немесе", "или", "яғни", "то есть")
_SENTENCE_END = re.compile(r"(?<!\d)[.!?;](?!\d)|\n|»|«|(?:^|\n)\s*date \d{4}-\d{2}-\d{2}\s")
# A year that names what a figure is compared with, not the figure's own period.
_COMPARED_YEAR_AFTER = ("жылмен", "жылға", "годом", "году,")
_COMPARED_YEAR_BEFORE = ("чем", "сравнению", "сравнении", "против", "относительно")


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
        following = _WORD.search(text, end, min(len(text), end + 30))
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
            after = _WORD.search(text, following.end(), min(len(text), following.end() + 30))
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


# -- what is not a figure -------------------------------------------------------------------------------------

def _words_after(text: str, end: int, n: int = 2) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[end:end + 40])][:n]


def _words_before(text: str, start: int, n: int = 3) -> list[str]:
    return [w.lower() for w in _WORD.findall(text[max(0, start - 50):start])][-n:]


def nonfigure_reason(text: str, m: NumberMention) -> str | None:
    """Why a mention is not a figure, or None when it is one."""
    after = _words_after(text, m.end)
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


# -- drafting -----------------------------------------------------------------------------------------------------

@dataclass
class Draft:
    """One proposed fact, with the span of its number in the text."""

    mention: NumberMention
    fact_id: str
    unit: str
    value: float
    value_text: str
    scale: str = ""
    qualifier: str = ""
    direction: str = ""
    relation: str = ""
    partner: Draft | None = None
    period: str = ""
    baseline_period: str = ""
    headline: str = ""
    quote: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.mention.start


def _sentence_bounds(text: str, at: int) -> tuple[int, int]:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, at):
        start = m.end()
    end_match = _SENTENCE_END.search(text, at)
    return start, end_match.start() if end_match else len(text)


def _clause(text: str, m: NumberMention, end: int | None = None) -> tuple[int, int]:
    """The clause around a number: its sentence cut at commas (not decimal commas) on either side."""
    s, e = _sentence_bounds(text, m.start)
    end = max(m.end, end or m.end)
    left = s
    for c in re.finditer(r",(?!\d)", text[s:m.start]):
        left = s + c.end()
    right = e
    c = re.search(r",(?!\d)", text[end:e])
    if c:
        right = end + c.start()
    return left, right


def _quote(text: str, left: int, right: int, m: NumberMention, max_words: int = 14) -> str:
    """The clause, trimmed to at most ``max_words`` words around the number, without dangling punctuation."""
    chunk = text[left:right]
    words = list(re.finditer(r"\S+", chunk))
    at = next((i for i, w in enumerate(words) if left + w.end() > m.start), 0)
    lo, hi = max(0, at - max_words // 2), min(len(words), at + max_words // 2 + 1)
    if not words:
        return m.text
    quote = chunk[words[lo].start():words[hi - 1].end()]
    return quote.strip(" ,;:—–-«»\"()").strip()


def _default_period(mentions: list[NumberMention]) -> int | None:
    years = Counter(int(m.value) for m in mentions if m.kind == "year")
    return years.most_common(1)[0][0] if years else None


def _period_of(text: str, m: NumberMention, mentions: list[NumberMention], default: int | None) -> str:
    s, e = _sentence_bounds(text, m.start)
    sentence = text[s:e].lower()
    before = text[s:m.start].lower()
    year_here = [x for x in mentions if x.kind == "year" and s <= x.start < e and not _compared_year(text, x)]
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


def _compared_year(text: str, m: NumberMention) -> bool:
    after = _words_after(text, m.end, 1)
    before = _words_before(text, m.start, 2)
    return bool(after and after[0] in ("жылмен", "годом")) or any(w in _COMPARED_YEAR_BEFORE for w in before)


def _baseline_in_sentence(text: str, m: NumberMention, mentions: list[NumberMention]) -> str:
    s, e = _sentence_bounds(text, m.start)
    years = [x for x in mentions if x.kind == "year" and s <= x.start < e and _compared_year(text, x)]
    return str(int(years[0].value)) if years else ""


def _baseline(period: str) -> str:
    if not period:
        return ""
    m = re.match(r"^(\d{4})(.*)$", period)
    year = int(m[1])
    rest = re.sub(r"(\d{4})", lambda x: str(int(x[1]) - 1), m[2])
    return f"{year - 1}{rest}"


def _unit_of(text: str, m: NumberMention) -> tuple[str, list[str]]:
    before = _words_before(text, m.start, 2)
    after = _words_after(text, m.end + len(m.scale_text), 2)
    s, e = _sentence_bounds(text, m.start)
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


def _pairs(text: str, mentions: list[NumberMention]) -> dict[int, int]:
    """``{index of the later value: index of the earlier}`` for "с X до Y", "X против Y", "X вместо Y"."""
    pairs = {}
    for i, (a, b) in enumerate(zip(mentions, mentions[1:], strict=False)):
        between = text[a.end + len(a.scale_text):b.start].lower()
        before = text[max(0, a.start - 4):a.start].lower()
        if re.fullmatch(r"\s*%?\s*до\s*", between) and re.search(r"(?:^|[\s(])со?\s$", before):
            pairs[i + 1] = i  # "с X до Y": Y is the later value
        elif re.fullmatch(r"\s*%?\s*(?:против|вместо)\s*", between):
            pairs[i] = i + 1  # "X против Y", "X вместо Y": X is the later value
    return pairs


def draft_rows(text: str) -> list[Draft]:
    """The proposed facts of ``text`` (see the module docstring), in reading order."""
    mentions = [m for m in extract_numbers(text) if not nonfigure_reason(text, m)]
    all_mentions = extract_numbers(text)
    default = _default_period(all_mentions)
    first_line_end = _headline_end(text)
    pairs = _pairs(text, mentions)
    drafts: list[Draft] = []
    for i, m in enumerate(mentions):
        unit, notes = _unit_of(text, m)
        value = m.value * SCALES[m.scale]
        value_text = m.text + m.scale_text
        d = Draft(m, f"draft-{i + 1:03d}", unit, value, value_text, scale=m.scale, notes=list(notes))
        left, right = _clause(text, m, m.end + len(m.scale_text))
        window = " ".join(_words_before(text, m.start, 3) + [m.text]
                          + _words_after(text, m.end + len(m.scale_text), 3))
        d.qualifier = qualifier_from_words(_prefix(text, m, mentions[i - 1] if i else None)) \
            or _kazakh_postfix_qualifier(text, m)
        if d.qualifier in ("under",) and unit != "count":
            d.qualifier = ""
        if unit in ("percent_change", "abs_change", "fold"):
            sentence = text[slice(*_sentence_bounds(text, m.start))]
            d.direction = (direction_from_words(text[left:right]) or direction_from_words(window)
                           or direction_from_words(sentence) or "")
            if d.direction == "decrease" and unit != "fold":
                d.value = -d.value
        d.period = _period_of(text, m, all_mentions, default)
        if unit in ("percent_change", "abs_change", "fold"):
            d.baseline_period = _baseline_in_sentence(text, m, all_mentions) or _baseline(d.period)
        d.headline = "yes" if m.start < first_line_end and unit in ("percent_change", "fold", "abs_change") else ""
        d.quote = _quote(text, left, right, m)
        drafts.append(d)
    for y, x in pairs.items():
        later, earlier = drafts[y], drafts[x]
        earlier.period = _baseline(later.period) or earlier.period
        if later.scale and not earlier.scale:
            earlier.scale = later.scale
            earlier.value = earlier.mention.value * SCALES[later.scale]
            earlier.notes.append(f"scale word written once after {later.fact_id}")
        earlier.notes.append(f"pair: from this to {later.fact_id}")
        later.notes.append(f"pair: from {earlier.fact_id} to this")
    _relations(text, drafts, pairs)
    later_of = {x: y for y, x in pairs.items()}
    index = {id(d): i for i, d in enumerate(drafts)}
    for d in drafts:
        if d.relation == "change_of" and d.partner is not None and index[id(d.partner)] in later_of:
            d.partner = drafts[later_of[index[id(d.partner)]]]
            d.notes.append(f"the later value of the pair, {d.partner.fact_id}")
    return drafts


def _prefix(text: str, m: NumberMention, previous: NumberMention | None) -> str:
    """The words just before a number that can hedge it, not past a bracket, a comma or the number before."""
    start = max(previous.end if previous else 0, m.start - 30)
    prefix = text[start:m.start]
    for mark in "(,;:":
        prefix = prefix.rsplit(mark, 1)[-1]
    return " ".join(_WORD.findall(prefix)[-2:])


def _kazakh_postfix_qualifier(text: str, m: NumberMention) -> str:
    after = _words_after(text, m.end + len(m.scale_text), 3)
    words = {"астам": "over", "аса": "over", "артық": "over", "жуық": "almost", "шамасында": "about",
             "кем": "under"}
    for w in after[:3]:
        if w in words:
            return words[w]
    return ""


def _headline_end(text: str) -> int:
    """Where the headline ends: the first line (after a leading date), or the second when the first is a rating."""
    lines = text.split("\n")
    end = len(lines[0])
    first = re.sub(r"^\s*date \S+\s*", "", lines[0])
    if len(lines) > 1 and (len(first) < 40 or re.search(r"\d+\+", first)):
        end += 1 + len(lines[1])
    return end


def _relations(text: str, drafts: list[Draft], pairs: dict[int, int]) -> None:
    paired = set(pairs) | set(pairs.values())
    for i, d in enumerate(drafts):
        m = d.mention
        s, _e = _sentence_bounds(text, m.start)
        before_words = " ".join(_words_before(text, m.start, 2))
        prev = drafts[i - 1] if i else None
        if d.unit == "percent" and prev is not None and any(w in before_words.split() for w in _SHARE_LEADS) \
                and prev.unit == "count":
            d.relation, d.partner = "share_of", prev
            d.notes.append(f"'{before_words.split()[-1]} X %' after {prev.fact_id}: its share")
            continue
        clause_start = _clause(text, m)[0]
        if d.unit == "percent" and prev is not None and prev.unit == "count" and i not in paired \
                and prev.start >= s \
                and text[clause_start:m.start].strip().lower().startswith(("бұл", "что составляет", "это")):
            d.relation, d.partner = "share_of", prev
            d.notes.append(f"'бұл … X пайызы' / 'что составляет X %' after {prev.fact_id}: its share")
            continue
        if d.unit == "count" and i not in paired:
            lead = text[s:m.start].lower()
            total = None
            if _PART_SUFFIX.search(m.text):
                total = _previous_total(drafts, i, text)
                reason = "possessive suffix on the number"
            elif any(w in lead for w in _PART_LEADS):
                at = max(lead.rfind(w) for w in _PART_LEADS)
                total = _previous_total(drafts, i, text, before=s + at)
                reason = "'из них' / 'в том числе' / 'оның ішінде'"
            if total is not None:
                d.relation, d.partner = "part_of", total
                d.notes.append(f"{reason}: a part of {total.fact_id}")
                continue
        if d.unit in ("percent_change", "abs_change", "fold"):
            current = _nearest_count(drafts, i, text)
            if current is not None:
                d.relation, d.partner = "change_of", current
                d.notes.append(f"a change of {current.fact_id}, the nearest count")


def _previous_total(drafts: list[Draft], i: int, text: str, before: int | None = None) -> Draft | None:
    for d in reversed(drafts[:i]):
        if before is not None and d.start >= before:
            continue
        if d.unit == "count" and d.relation != "part_of" and not _PART_SUFFIX.search(d.mention.text):
            return d
    return None


def _nearest_count(drafts: list[Draft], i: int, text: str) -> Draft | None:
    s, e = _sentence_bounds(text, drafts[i].start)
    here = [d for d in drafts if s <= d.start < e and d.unit == "count" and d is not drafts[i]]
    if here and not text[s:e].strip().lower().startswith(("бұл көрсеткіш", "этот показатель")):
        return min(here, key=lambda d: abs(d.start - drafts[i].start))
    sentence = text[s:e].strip().lower()
    if sentence.startswith(("бұл", "это", "что составляет")):
        earlier = [d for d in drafts[:i] if d.unit in ("count", "percent") and d.start < s]
        return earlier[-1] if earlier else None
    return None


def draft_facts(text: str, source_id: str = "", region: str = "") -> pd.DataFrame:
    """A first draft of a facts table in the schema's columns (theme and metric left for the analyst)."""
    from .facts import COLUMNS

    rows = []
    for d in draft_rows(text):
        rows.append({
            "fact_id": d.fact_id, "source_id": source_id, "theme": "", "metric": "", "region": region,
            "period": d.period, "baseline_period": d.baseline_period, "value": d.value,
            "value_text": d.value_text, "scale": d.scale, "qualifier": d.qualifier, "unit": d.unit,
            "direction": d.direction, "relation": d.relation,
            "relates_to": d.partner.fact_id if d.partner is not None else "", "headline": d.headline,
            "quote": d.quote, "note": "draft" + (": " + "; ".join(d.notes) if d.notes else ""),
        })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def draft_nonfacts(text: str, source_id: str = "") -> pd.DataFrame:
    """The numbers of ``text`` that are not figures, each with its context (verbatim, within its line) and the
    reason."""
    rows = []
    for m in extract_numbers(text):
        reason = nonfigure_reason(text, m)
        if reason:
            line_start = text.rfind("\n", 0, m.start) + 1
            line_end = text.find("\n", m.end) if "\n" in text[m.end:] else len(text)
            context = text[max(line_start, m.start - 40):min(line_end, m.end + 40)].strip()
            rows.append({"source_id": source_id, "number_text": m.text, "context": context, "reason": reason})
    return pd.DataFrame(rows, columns=["source_id", "number_text", "context", "reason"])


def mentions_table(text: str) -> pd.DataFrame:
    """All mentions as a table (for display)."""
    return pd.DataFrame([asdict(m) for m in extract_numbers(text)])


# -- measuring a draft ---------------------------------------------------------------------------------------------

def _fact_start(text: str, quote: str, value_text: str) -> int | None:
    at = text.find(quote)
    if at < 0:
        return None
    inner = quote.find(value_text)
    return at + inner if inner >= 0 else None


def evaluate_draft(text: str, facts: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Precision and recall of a draft of ``text`` against the curated ``facts`` of the same text.

    A draft row matches a curated fact when their numbers start at the same place in the text. ``value``: the
    match has the curated value at full size (its sign, which the direction gives, aside); ``unit``: and the
    unit; ``relation``: and the relation, with the same partner (the partner's number at the same place).
    Precision divides by the draft rows, recall by the curated facts.
    """
    drafts = draft_rows(text)
    by_start = {d.start: d for d in drafts}
    starts = {}
    for f in facts.itertuples():
        starts[f.fact_id] = _fact_start(text, f.quote, f.value_text)
    counts = {"value": 0, "unit": 0, "relation": 0}
    matched_drafts = {"value": set(), "unit": set(), "relation": set()}
    for f in facts.itertuples():
        d = by_start.get(starts[f.fact_id])
        if d is None:
            continue
        if abs(abs(d.value) - abs(float(f.value))) > 1e-6 * max(1.0, abs(float(f.value))):
            continue
        counts["value"] += 1
        matched_drafts["value"].add(d.fact_id)
        if d.unit != f.unit:
            continue
        counts["unit"] += 1
        matched_drafts["unit"].add(d.fact_id)
        partner = d.partner.start if d.partner is not None else None
        wanted = starts.get(f.relates_to) if f.relates_to else None
        if d.relation == f.relation and partner == wanted:
            counts["relation"] += 1
            matched_drafts["relation"].add(d.fact_id)
    n_facts, n_drafts = len(facts), len(drafts)
    return {key: {"precision": len(matched_drafts[key]) / n_drafts if n_drafts else 0.0,
                  "recall": counts[key] / n_facts if n_facts else 0.0,
                  "matched": counts[key], "facts": n_facts, "drafts": n_drafts} for key in counts}
