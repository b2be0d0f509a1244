"""Tables shown in the notebooks: pandas DataFrames with localized headers and locale-formatted numbers.

Each ``*_table(ctx)`` returns a :class:`Table`; :meth:`Context.show_table` numbers and displays it.
Text cells come from a facts file, so the HTML always escapes them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import pandas as pd

from ..core.numbers import decimals_of
from ..errors import MissingMetricError
from ..i18n.labels import CHECK_LABELS, label_of
from .explain import explain_claim
from .verdicts import with_plain_verdicts

_NUMERIC_CELL = re.compile(r"^[−+\-]?[\d\u00a0\u202f ,.]*\d[\d\u00a0\u202f ,.]*(\u00a0?%)?(-fold)?$")


@dataclass
class Table:
    """A displayed table: its frame (strings, already formatted), its title, and the language of columns quoting
    the source in another language than the report's (``{"Source text": "kk"}``)."""

    frame: pd.DataFrame
    title: str
    lang_columns: dict = field(default_factory=dict)

    def to_html(self, label: str = "") -> str:
        """HTML with every cell escaped (quotes and notes are data, never markup), the numbered title as its
        ``caption``, column headers marked as such, numbers right-aligned and quotes in their own language."""
        frame = self.frame
        rows = []
        for record in frame.itertuples(index=False):
            cells = []
            for column, value in zip(frame.columns, record, strict=True):
                text = "—" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
                attrs = ' class="num"' if _NUMERIC_CELL.match(text) else ""
                if column in self.lang_columns:
                    attrs += f' lang="{html.escape(self.lang_columns[column])}"'
                cells.append(f"<td{attrs}>{html.escape(text)}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in frame.columns)
        caption = (f"<caption><strong>{html.escape(label)}:</strong> {html.escape(self.title)}</caption>"
                   if label else "")
        table = (f'<table class="dataframe analysis-table">{caption}<thead><tr>{head}</tr></thead>'
                 f"<tbody>{''.join(rows)}</tbody></table>")
        # A short table is kept on one page with its caption (the print engine keeps a table's rows together but
        # not its caption, so a block around both does it); a long one may break between rows.
        return f'<div class="table-short">{table}</div>' if len(rows) <= 14 else table


def stated_value(ctx, row) -> str:
    """A fact's value as the reader expects it: counts grouped, shares and changes in percent, folds as N×."""
    if row["unit"] == "percent":
        return ctx.pct(row["value"], decimals_of(row["value_text"]))
    if row["unit"] == "percent_change":
        return ctx.signed_pct(row["value"], decimals_of(row["value_text"]))
    if row["unit"] == "fold":
        return ctx._("{n}-fold", n=ctx.num(row["value"]))
    if row["unit"] == "abs_change":
        # A change of a count keeps its sign, a true minus as in the percent changes.
        value = float(row["value"])
        return ("\u2212" if value < 0 else "+" if value > 0 else "") + ctx.num(abs(value))
    return ctx.num(row["value"])


def key_figures_table(ctx) -> Table:
    """The main figures of every theme: totals and shares of the reporting year, with a baseline if given."""
    _ = ctx._
    facts = ctx.facts[(ctx.facts["period"] == ctx.period) & ctx.facts["relation"].isin(["", "share_of", "change_of"])]
    rows = []
    for _i, f in facts.iterrows():
        before = ctx.fact(f["metric"], ctx.baseline_period) if f["unit"] == "count" else None
        rows.append({
            _("Theme"): ctx.theme_label(f["theme"]),
            _("Indicator"): ctx.label(f["metric"]),
            str(ctx.year): stated_value(ctx, f),
            str(ctx.baseline_year): ctx.num(before["value"]) if before is not None else "—",
        })
    if not rows:
        raise MissingMetricError([], ctx.year)
    return Table(pd.DataFrame(rows), _("Key figures of the briefing, {region} {year}", region=ctx.region_name,
                                       year=ctx.year))


def claims_table(ctx, theme: str | None = None) -> Table:
    """Every claim check with its verdict and localized arithmetic, the headline first."""
    _ = ctx._
    claims = with_plain_verdicts(ctx.claims_of(theme), ctx.facts)
    if claims.empty:
        raise MissingMetricError([], ctx.year)
    by_id = ctx.facts.set_index("fact_id")
    rows = []
    for n, (_i, c) in enumerate(claims.iterrows(), 1):
        fact = by_id.loc[c["fact_id"]]
        rows.append({
            "#": ctx.num(n),
            _("Theme"): ctx.theme_label(c["theme"]),
            _("Check"): label_of(_, CHECK_LABELS, c["check"]) + (" ★" if c["headline"] else ""),
            _("Indicator"): ctx.label(fact["metric"]),
            _("Verdict"): ctx.plain_label(c["plain"]),
            _("Arithmetic"): explain_claim(ctx, c),
        })
    title = _("Claim checks and their verdicts (★ the headline claim)")
    return Table(pd.DataFrame(rows), title)


def theme_figures_table(ctx, theme: str) -> Table:
    """Every figure of one theme with the words of the source it was read from."""
    _ = ctx._
    facts = ctx.facts[ctx.facts["theme"] == theme]
    if facts.empty:
        raise MissingMetricError([], ctx.year)
    frame = pd.DataFrame({
        _("Indicator"): [ctx.label(m) for m in facts["metric"]],
        _("Year"): [ctx.period_label(p) for p in facts["period"]],
        _("Value"): [stated_value(ctx, f) for _i, f in facts.iterrows()],
        _("Source text"): facts["quote"].tolist(),
        _("Our translation"): [ctx.quote_translation(i) for i in facts["fact_id"]],
    })
    if not frame[_("Our translation")].any():
        frame = frame.drop(columns=[_("Our translation")])
    return Table(frame, _("{theme}: the figures and the words of the source", theme=ctx.theme_label(theme)),
                 lang_columns=_quote_language(ctx, _("Source text")))


def provenance_table(ctx) -> Table:
    """Every fact with its value, the source words and the note of the facts table."""
    _ = ctx._
    f = ctx.facts
    frame = pd.DataFrame({
        _("Fact"): f["fact_id"].tolist(),
        _("Theme"): [ctx.theme_label(t) for t in f["theme"]],
        _("Indicator"): [ctx.label(m) for m in f["metric"]],
        _("Year"): [ctx.period_label(p) for p in f["period"]],
        _("Value"): [stated_value(ctx, r) for _i, r in f.iterrows()],
        _("Source text"): f["quote"].tolist(),
        _("Our translation"): [ctx.quote_translation(i) for i in f["fact_id"]],
        _("Note"): [ctx.note(i, n) for i, n in zip(f["fact_id"], f["note"], strict=True)],
    })
    if not frame[_("Our translation")].any():
        frame = frame.drop(columns=[_("Our translation")])
    return Table(frame, _("Data provenance: every figure with the words it was read from"),
                 lang_columns=_quote_language(ctx, _("Source text")))


def _quote_language(ctx, column: str) -> dict:
    """``{column: language}`` when the source is written in another language than the report."""
    languages = {str(s.get("language", "")) for s in ctx.sources} - {""}
    language = languages.pop() if len(languages) == 1 else ""
    return {column: language} if language and language != ctx.lang else {}
