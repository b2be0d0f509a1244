"""Loading the facts table and checking it, with its provenance, before anything uses it.

A facts file is checked in three passes and every problem of every pass is reported together, each naming the
file, the row (as a spreadsheet counts it: the header is row 1), the column and the rule:

1. column types and vocabularies (:data:`FACTS_SCHEMA`);
2. rules within a row and across rows (:data:`ROW_RULES`, relations, value against ``value_text``);
3. provenance (:func:`provenance_problems`): each ``source_id`` resolves to a raw file and its record, the
   record's sha256 matches the file, each quote occurs in the raw text and each ``value_text`` in its quote, after
   Unicode (NFC) and whitespace normalisation (no-break spaces count as spaces).
"""

from __future__ import annotations

from .loading import load_facts, read_facts_csv, validate_facts
from .lookup import fact_value, find_fact
from .provenance import provenance_problems, raw_dir_for
from .schema import COLUMNS, FACTS_SCHEMA, HEADLINE, REQUIRED_TEXT, ROW_RULES, RowRule

__all__ = [
    "COLUMNS", "FACTS_SCHEMA", "HEADLINE", "REQUIRED_TEXT", "ROW_RULES", "RowRule", "fact_value", "find_fact",
    "load_facts", "provenance_problems", "raw_dir_for", "read_facts_csv", "validate_facts",
]
