"""A draft as tables (facts, non-figures, mentions) and measured against a curated facts table."""

from __future__ import annotations

from dataclasses import asdict

import pandas as pd

from ..facts import COLUMNS
from .drafting import draft_rows
from .mentions import extract_numbers, nonfigure_reason


def draft_facts(text: str, source_id: str = "", region: str = "") -> pd.DataFrame:
    """A first draft of a facts table in the schema's columns (theme and metric left for the analyst)."""
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
