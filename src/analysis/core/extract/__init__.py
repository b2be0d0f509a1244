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

from .drafting import Draft, draft_rows
from .mentions import NumberMention, extract_numbers, nonfigure_reason, read_text
from .tables import draft_facts, draft_nonfacts, evaluate_draft, mentions_table

__all__ = [
    "Draft", "NumberMention", "draft_facts", "draft_nonfacts", "draft_rows", "evaluate_draft", "extract_numbers",
    "mentions_table", "nonfigure_reason", "read_text",
]
