"""Drafting facts from the numbers of a text: unit, scale, hedge, direction, period, quote and relations."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..numbers import SCALES, direction_from_words, qualifier_from_words
from .clauses import (
    baseline_in_sentence,
    baseline_of,
    clause,
    default_period,
    headline_end,
    hedge_prefix,
    kazakh_postfix_qualifier,
    period_of,
    quote_of,
    sentence_bounds,
    unit_of,
)
from .mentions import NumberMention, extract_numbers, nonfigure_reason, words_after, words_before

_PART_SUFFIX = re.compile(r"-(?:сі|сы|і|ы|ісі|ысы)$")
_PART_LEADS = ("из них", "в том числе", "оның ішінде", "в т. ч.", "из которых")
_SHARE_LEADS = ("немесе", "или", "яғни", "то есть")


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
    default = default_period(all_mentions)
    first_line_end = headline_end(text)
    pairs = _pairs(text, mentions)
    drafts: list[Draft] = []
    for i, m in enumerate(mentions):
        unit, notes = unit_of(text, m)
        value = m.value * SCALES[m.scale]
        value_text = m.text + m.scale_text
        d = Draft(m, f"draft-{i + 1:03d}", unit, value, value_text, scale=m.scale, notes=list(notes))
        left, right = clause(text, m, m.end + len(m.scale_text))
        window = " ".join(words_before(text, m.start, 3) + [m.text]
                          + words_after(text, m.end + len(m.scale_text), 3))
        d.qualifier = qualifier_from_words(hedge_prefix(text, m, mentions[i - 1] if i else None)) \
            or kazakh_postfix_qualifier(text, m)
        if d.qualifier in ("under",) and unit != "count":
            d.qualifier = ""
        if unit in ("percent_change", "abs_change", "fold"):
            sentence = text[slice(*sentence_bounds(text, m.start))]
            d.direction = (direction_from_words(text[left:right]) or direction_from_words(window)
                           or direction_from_words(sentence) or "")
            if d.direction == "decrease" and unit != "fold":
                d.value = -d.value
        d.period = period_of(text, m, all_mentions, default)
        if unit in ("percent_change", "abs_change", "fold"):
            d.baseline_period = baseline_in_sentence(text, m, all_mentions) or baseline_of(d.period)
        d.headline = "yes" if m.start < first_line_end and unit in ("percent_change", "fold", "abs_change") else ""
        d.quote = quote_of(text, left, right, m)
        drafts.append(d)
    for y, x in pairs.items():
        later, earlier = drafts[y], drafts[x]
        earlier.period = baseline_of(later.period) or earlier.period
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


def _relations(text: str, drafts: list[Draft], pairs: dict[int, int]) -> None:
    paired = set(pairs) | set(pairs.values())
    for i, d in enumerate(drafts):
        m = d.mention
        s, _e = sentence_bounds(text, m.start)
        before_words = " ".join(words_before(text, m.start, 2))
        prev = drafts[i - 1] if i else None
        if d.unit == "percent" and prev is not None and any(w in before_words.split() for w in _SHARE_LEADS) \
                and prev.unit == "count":
            d.relation, d.partner = "share_of", prev
            d.notes.append(f"'{before_words.split()[-1]} X %' after {prev.fact_id}: its share")
            continue
        clause_start = clause(text, m)[0]
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
    s, e = sentence_bounds(text, drafts[i].start)
    here = [d for d in drafts if s <= d.start < e and d.unit == "count" and d is not drafts[i]]
    if here and not text[s:e].strip().lower().startswith(("бұл көрсеткіш", "этот показатель")):
        return min(here, key=lambda d: abs(d.start - drafts[i].start))
    sentence = text[s:e].strip().lower()
    if sentence.startswith(("бұл", "это", "что составляет")):
        earlier = [d for d in drafts[:i] if d.unit in ("count", "percent") and d.start < s]
        return earlier[-1] if earlier else None
    return None

