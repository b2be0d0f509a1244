"""Tables shown in the notebooks: pandas DataFrames with localized headers and locale-formatted numbers.

Each ``*_table(ctx)`` returns a :class:`Table`; :meth:`Context.show_table` numbers and displays it.
Text cells come from a facts file, so the HTML always escapes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..core.metrics import percent_change, ratio, share
from ..core.numbers import decimals_of
from ..errors import MissingMetricError
from ..i18n.labels import CHECK_LABELS, READING_LABELS, label_of
from .explain import explain_claim
from .verdicts import with_plain_verdicts


@dataclass
class Table:
    """A displayed table: its frame (strings, already formatted) and its title."""

    frame: pd.DataFrame
    title: str

    def to_html(self) -> str:
        """HTML with every cell escaped: quotes and notes are data, never markup."""
        return self.frame.to_html(index=False, escape=True, border=0, na_rep="—",
                                  classes=["analysis-table"])


def _stated(ctx, row) -> str:
    """A fact's value as the reader expects it: counts grouped, shares and changes in percent, folds as N×."""
    if row["unit"] == "percent":
        return ctx.pct(row["value"], decimals_of(row["value_text"]))
    if row["unit"] == "percent_change":
        return ctx.signed_pct(row["value"], decimals_of(row["value_text"]))
    if row["unit"] == "fold":
        return ctx._("{n}-fold", n=ctx.num(row["value"]))
    return ctx.num(row["value"])


def key_figures_table(ctx) -> Table:
    """The main figures of every theme: totals and shares of the reporting year, with a baseline if given."""
    _ = ctx._
    facts = ctx.facts[(ctx.facts["year"] == ctx.year) & ctx.facts["relation"].isin(["", "share_of", "change_of"])]
    rows = []
    for _i, f in facts.iterrows():
        before = ctx.fact(f["metric"], ctx.baseline_year) if f["unit"] == "count" else None
        rows.append({
            _("Theme"): ctx.theme_label(f["theme"]),
            _("Indicator"): ctx.label(f["metric"]),
            str(ctx.year): _stated(ctx, f),
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
        _("Year"): [str(y) for y in facts["year"]],
        _("Value"): [_stated(ctx, f) for _i, f in facts.iterrows()],
        _("Source text"): facts["quote"].tolist(),
    })
    return Table(frame, _("{theme}: the figures and the words of the source", theme=ctx.theme_label(theme)))


def international_table(ctx) -> Table:
    """The international assistance figures with their source words."""
    return theme_figures_table(ctx, "international_assistance")


def _parts_table(ctx, total_metric: str, title: str) -> Table:
    _ = ctx._
    total = ctx.fact(total_metric)
    if total is None:
        raise MissingMetricError([total_metric], ctx.year)
    parts = ctx.facts[(ctx.facts["relation"] == "part_of") & (ctx.facts["relates_to"] == total["fact_id"])]
    if parts.empty:
        raise MissingMetricError([total_metric], ctx.year)
    rows = [{_("Kind"): ctx.label(p["metric"]), _("Number"): ctx.num(p["value"]),
             _("Share of the total"): ctx.pct(share(p["value"], total["value"]))} for _i, p in parts.iterrows()]
    rows.append({_("Kind"): _("Total (stated)"), _("Number"): ctx.num(total["value"]),
                 _("Share of the total"): ctx.pct(share(parts["value"].sum(), total["value"]))})
    return Table(pd.DataFrame(rows), title)


def seminars_table(ctx) -> Table:
    """Seminars for judges by kind of cases, with shares."""
    _ = ctx._
    return _parts_table(ctx, "seminars", _("Seminars for judges by kind of cases, {year}", year=ctx.year))


def violations_table(ctx) -> Table:
    """Procedural violations by kind, with shares."""
    _ = ctx._
    return _parts_table(ctx, "procedural_violations", _("Procedural violations by kind, {year}", year=ctx.year))


def writs_readings_table(ctx) -> Table:
    """The two readings of the stated change of the rejected-writs share, and the one in use."""
    from .story import share_change_readings_for

    _ = ctx._
    change, readings = share_change_readings_for(ctx)
    current = ctx.facts.set_index("fact_id").loc[change["relates_to"]]
    sent = ctx.fact("writs_sent")
    by = int(change["baseline_year"])
    rows = []
    for reading, interval in readings.items():
        row = {
            _("Reading"): label_of(_, READING_LABELS, reading),
            _("In use"): _("yes") if reading == ctx.change_reading else _("no"),
            _("Share in {year}", year=by): ctx.pct(interval.mid, 2),
            _("Range the rounding allows"): f"{ctx.pct(interval.low, 2)} – {ctx.pct(interval.high, 2)}",
            _("Share in {year}", year=ctx.year): ctx.pct(current["value"], decimals_of(current["value_text"])),
        }
        if sent is not None:
            row[_("Not accepted at the {year} volume (illustration)", year=ctx.year)] = ctx.num(
                round(sent["value"] * interval.mid / 100))
        rows.append(row)
    return Table(pd.DataFrame(rows), _("Two readings of “improved by {stated} percent”",
                                       stated=change["value_text"]))


def violations_baseline_table(ctx) -> Table:
    """Whole counts around the implied baseline with the change each would print as."""
    _ = ctx._
    now, change, implied = ctx.implied_baseline("procedural_violations")
    decimals = decimals_of(change["value_text"])
    low, high = int(implied.interval.low) - 1, int(implied.interval.high) + 2
    rows = []
    for n in range(max(low, 1), high + 1):
        pct = percent_change(now, n)
        rows.append({
            _("{year} count (candidate)", year=int(change["baseline_year"])): ctx.num(n),
            _("Change to {n} in {year}", n=ctx.num(now), year=ctx.year): ctx.signed_pct(pct, 2),
            _("As the text would print it"): ctx.signed_pct(pct, decimals),
            _("Matches the text"): _("yes") if n in implied.candidates else _("no"),
        })
    return Table(pd.DataFrame(rows), _("Which {baseline_year} counts fit a fall printed as {stated}",
                                       baseline_year=int(change["baseline_year"]),
                                       stated=ctx.pct(abs(change["value"]), decimals)))


def applications_table(ctx) -> Table:
    """Each count given for both years: values, change, fold."""
    _ = ctx._
    facts = ctx.facts[(ctx.facts["theme"] == "applications_notifications") & (ctx.facts["unit"] == "count")]
    rows = []
    for metric in facts["metric"].drop_duplicates():
        now, before = ctx.fact(metric), ctx.fact(metric, ctx.baseline_year)
        if now is None or before is None:
            continue
        rows.append({
            _("Indicator"): ctx.label(metric),
            str(ctx.baseline_year): ctx.num(before["value"]),
            str(ctx.year): ctx.num(now["value"]),
            _("Change"): ctx.signed_pct(percent_change(now["value"], before["value"])),
            _("Times fewer"): ctx.num(ratio(before["value"], now["value"]), 2) if now["value"] else "—",
        })
    if not rows:
        raise MissingMetricError(["citizen_applications", "sms_notification_violations"], ctx.baseline_year)
    return Table(pd.DataFrame(rows), _("Applications and SMS notification violations, {baseline_year} and {year}",
                                       baseline_year=ctx.baseline_year, year=ctx.year))


def provenance_table(ctx) -> Table:
    """Every fact with its value, the source words and the note of the facts table."""
    _ = ctx._
    f = ctx.facts
    frame = pd.DataFrame({
        _("Fact"): f["fact_id"].tolist(),
        _("Theme"): [ctx.theme_label(t) for t in f["theme"]],
        _("Indicator"): [ctx.label(m) for m in f["metric"]],
        _("Year"): [str(y) for y in f["year"]],
        _("Value"): [_stated(ctx, r) for _i, r in f.iterrows()],
        _("Source text"): f["quote"].tolist(),
        _("Note"): f["note"].tolist(),
    })
    return Table(frame, _("Data provenance: every figure with the words it was read from"))


def _shown_path(value) -> str:
    """Paths inside the project as the parameters cell writes them (relative), others as given."""
    from ..config import PROJ_ROOT, resolve_path

    shown = []
    for part in str(value).split(","):
        part = part.strip()
        try:
            shown.append(str(resolve_path(part).relative_to(PROJ_ROOT.resolve())))
        except ValueError:
            shown.append(part)
    return ", ".join(shown)


def parameters_table(ctx) -> Table:
    """The parameters of the run, as given and as resolved."""
    _ = ctx._
    rows = [{_("Parameter"): k, _("Value"): _shown_path(v) if k in ("facts", "figures_dir") else str(v)}
            for k, v in ctx.parameters.items()]
    rows.append({_("Parameter"): _("facts files read"), _("Value"): ", ".join(p.name for p in ctx.facts_paths)})
    return Table(pd.DataFrame(rows), _("Parameters of this report"))


def source_table(ctx) -> Table:
    """The provenance record of each raw source."""
    _ = ctx._
    fields = ("source_id", "outlet", "published", "title", "title_en", "language", "file", "sha256")
    rows = [{_("Field"): k, _("Value"): str(s[k])} for s in ctx.sources for k in fields if k in s]
    if not rows:
        raise MissingMetricError([], ctx.year)
    return Table(pd.DataFrame(rows), _("The source and its record"))
