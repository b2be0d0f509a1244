"""Charts of the briefing's figures: one shared style, numbered and saved by :meth:`Context.show_chart`.

Every ``plot_*`` function takes the notebook context and returns a :class:`matplotlib.figure.Figure` with a
title, labelled axes, the values written on the bars and the source line under the chart. Figures are built
without pyplot, so a kernel's inline backend never shows them twice and nothing is left open.
When the data lacks a figure a chart needs, the function raises :class:`MissingMetricError`.
"""

from __future__ import annotations

import textwrap
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import numpy as np
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..config import FIGURE_FORMATS
from ..core.claims import VERDICTS
from ..core.metrics import implied_share_baseline
from ..core.numbers import decimals_of, stated_interval
from ..errors import FigureFormatError, MissingMetricError
from ..i18n.labels import READING_LABELS, VERDICT_LABELS, label_of

PALETTE = {
    "main": "#2f5d8a",
    "baseline": "#a7bed3",
    "highlight": "#c8553d",
    "muted": "#b9b9b9",
    "consistent": "#3a7d44",
    "inconsistent": "#c8553d",
    "ambiguous": "#e0a030",
    "unverifiable": "#8c8c8c",
}
FIGSIZE = (7.5, 4.2)
DPI = 150
SVG_HASHSALT = "analysis"

# One style for every chart: seaborn's white grid at paper scale, DejaVu Sans (it has every Kazakh letter).
STYLE = {
    **sns.axes_style("whitegrid"),
    **sns.plotting_context("paper", font_scale=1.15),
    "font.family": "DejaVu Sans",
    "axes.titleweight": "bold",
    "axes.titlesize": 12,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.hashsalt": SVG_HASHSALT,
    "svg.fonttype": "path",
}


@contextmanager
def plot_style():
    """The shared chart style, for code that draws its own figures."""
    with mpl.rc_context(STYLE):
        yield


def chart(slug: str):
    """Mark a plot function with the file name slug its figure is saved under (``02-<slug>.png``)."""

    def mark(fn):
        fn.slug = slug
        return fn

    return mark


def save_figure(fig: Figure, figures_dir: str | Path, name: str, fmt: str = "png") -> Path:
    """Write ``fig`` to ``figures_dir/name.fmt`` byte for byte the same on every run.

    PNG files carry no "Software" text chunk and SVG files no date, and SVG ids come from a fixed salt,
    so two saves of the same chart give identical files.
    """
    if fmt not in FIGURE_FORMATS:
        raise FigureFormatError(f"figure format {fmt!r} is not written; expected one of {', '.join(FIGURE_FORMATS)}")
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.{fmt}"
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}
    with mpl.rc_context(STYLE):
        fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
    return path


def _new_figure(ctx, title: str, xlabel: str, ylabel: str, figsize=FIGSIZE, note: str = ""):
    """A figure with the shared frame: wrapped title, axis labels, source line (and a note) at the bottom."""
    footer = "\n".join(textwrap.wrap(note, 125) + textwrap.wrap(ctx.source_line, 125))
    footer_lines = footer.count("\n") + 1
    fig = Figure(figsize=figsize, layout="constrained")
    # Room at the bottom for the footer lines (in inches, so tall and short charts keep the same gap).
    bottom = (0.1 + 0.14 * footer_lines) / figsize[1]
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    fig.suptitle("\n".join(textwrap.wrap(title, 68)), x=0.01, ha="left", fontsize=12, fontweight="bold")
    ax = fig.add_subplot()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.text(0.01, 0.06 / figsize[1], footer, fontsize=7.5, color="#555555", ha="left", va="bottom",
             linespacing=1.4)
    fig.analysis_title = title
    return fig, ax


def figure_title(fig: Figure) -> str:
    """The title of a chart made here, unwrapped."""
    return getattr(fig, "analysis_title", "") or (fig._suptitle.get_text() if fig._suptitle else "")


def _value_axis(ctx, axis, percent: bool = False) -> None:
    fmt = (lambda v, _pos: ctx.pct(v, 0)) if percent else (lambda v, _pos: ctx.num(v))
    axis.set_major_formatter(FuncFormatter(fmt))
    if not percent:
        # Few ticks: grouped numbers ("42 000") are wide, and the values are written on the bars anyway.
        axis.set_major_locator(MaxNLocator(nbins=5, integer=True))


def _label_bars(ctx, ax, container, values, percent: bool = False, decimals: int | None = None) -> None:
    if percent:
        labels = [ctx.pct(v, 1 if decimals is None else decimals) for v in values]
    else:
        labels = [ctx.num(v, decimals) for v in values]
    ax.bar_label(container, labels=labels, padding=3, fontsize=9)


def _values(ctx, metrics, year=None) -> dict[str, float]:
    """The values of ``metrics`` the data has; MissingMetricError when it has none of them."""
    found = {m: float(row["value"]) for m in metrics if (row := ctx.fact(m, year)) is not None}
    if not found:
        raise MissingMetricError(metrics, ctx.year if year is None else year)
    return found


def _hbar(ctx, values: dict[str, float], title: str, xlabel: str, ylabel: str, color=PALETTE["main"], note=""):
    labels = [ctx.label(m, short=True) for m in values]
    height = max(3.0, 1.6 + 0.45 * len(values))
    fig, ax = _new_figure(ctx, title, xlabel, ylabel, figsize=(FIGSIZE[0], height), note=note)
    sns.barplot(x=list(values.values()), y=labels, orient="h", color=color, ax=ax)
    _label_bars(ctx, ax, ax.containers[0], list(values.values()))
    _value_axis(ctx, ax.xaxis)
    ax.set_xlim(0, max(values.values()) * 1.15 or 1)
    ax.grid(axis="y", visible=False)
    return fig


@chart("claim-verdicts")
def plot_verdicts(ctx) -> Figure:
    """How many claim checks ended in each verdict."""
    _ = ctx._
    if ctx.claims.empty:
        raise MissingMetricError([], ctx.year)
    with plot_style():
        counts = ctx.claims["verdict"].value_counts()
        order = [v for v in VERDICTS if v in counts.index]
        fig, ax = _new_figure(ctx, _("Claim checks by verdict, {region} {year}", region=ctx.region_name,
                                     year=ctx.year), _("Verdict"), _("Number of checks"))
        names = [label_of(_, VERDICT_LABELS, v) for v in order]
        sns.barplot(x=names, y=[counts[v] for v in order], hue=names, palette=[PALETTE[v] for v in order],
                    legend=False, ax=ax)
        for container, v in zip(ax.containers, order, strict=True):
            _label_bars(ctx, ax, container, [counts[v]])
        _value_axis(ctx, ax.yaxis)
        ax.set_ylim(0, counts.max() * 1.2)
        ax.grid(axis="x", visible=False)
    return fig


def _year_pairs(ctx, theme: str | None) -> list[str]:
    facts = ctx.facts if theme is None else ctx.facts[ctx.facts["theme"] == theme]
    counts = facts[facts["unit"] == "count"]
    now = set(counts.loc[counts["year"] == ctx.year, "metric"])
    before = set(counts.loc[counts["year"] == ctx.baseline_year, "metric"])
    return [m for m in counts["metric"].drop_duplicates() if m in now and m in before]


@chart("year-comparison")
def plot_year_comparison(ctx, theme: str | None = None) -> Figure:
    """Every count the briefing gives for both years, side by side."""
    _ = ctx._
    metrics = _year_pairs(ctx, theme)
    if not metrics:
        raise MissingMetricError([], ctx.baseline_year)
    with plot_style():
        fig, ax = _new_figure(ctx, _("Figures given for both {baseline_year} and {year}, {region}",
                                     baseline_year=ctx.baseline_year, year=ctx.year, region=ctx.region_name),
                              "", _("Number"))
        x = np.arange(len(metrics))
        width = 0.38
        for offset, year, color in ((-width / 2, ctx.baseline_year, PALETTE["baseline"]),
                                    (width / 2, ctx.year, PALETTE["main"])):
            values = [ctx.value(m, year) for m in metrics]
            bars = ax.bar(x + offset, values, width, color=color, label=str(year))
            _label_bars(ctx, ax, bars, values)
        ax.set_xticks(x, ["\n".join(textwrap.wrap(ctx.label(m, short=True), 22)) for m in metrics])
        ax.set_xlabel(_("Indicator"))
        _value_axis(ctx, ax.yaxis)
        top = max(ctx.value(m, y) for m in metrics for y in (ctx.year, ctx.baseline_year))
        ax.set_ylim(0, top * 1.15)
        ax.legend(title=_("Year"), frameon=False)
        ax.grid(axis="x", visible=False)
    return fig


@chart("applications-sms")
def plot_applications(ctx) -> Figure:
    """Applications and SMS notification violations, the baseline year beside the reporting year."""
    return plot_year_comparison(ctx, theme="applications_notifications")


@chart("events")
def plot_events(ctx) -> Figure:
    """Meetings and analyses the department supported in the year."""
    _ = ctx._
    metrics = ("extended_plenary_sessions", "general_meetings", "round_tables", "final_meetings", "staff_meetings",
               "planned_analyses")
    values = _values(ctx, metrics)
    with plot_style():
        return _hbar(ctx, values, _("Meetings and analyses supported by the department, {region} {year}",
                                    region=ctx.region_name, year=ctx.year), _("Number"), _("Kind of work"))


@chart("seminars-by-category")
def plot_seminars(ctx) -> Figure:
    """Seminars for judges by the kind of cases, with the stated total."""
    _ = ctx._
    metrics = ("seminars_civil", "seminars_administrative", "seminars_criminal", "seminars_administrative_offences")
    values = _values(ctx, metrics)
    with plot_style():
        total = ctx.fact("seminars")
        note = "" if total is None else _("Stated total: {total}", total=ctx.num(total["value"]))
        return _hbar(ctx, values, _("Seminars for judges by kind of cases, {region} {year}", region=ctx.region_name,
                                    year=ctx.year), _("Number of seminars"), _("Kind of cases"), note=note)


def share_readings(ctx) -> dict:
    """The rejected-writs share now and the earlier share each reading of its stated change implies.

    Returns ``{"now": Interval, "change": row, "points": Interval, "relative": Interval}``; raises
    :class:`MissingMetricError` without the share or its stated change.
    """
    share_row = ctx.fact("writs_rejected_share")
    change_row = ctx.change_fact("writs_rejected_share")
    if share_row is None or change_row is None:
        raise MissingMetricError(["writs_rejected_share", "writs_rejected_share_change"], ctx.year)
    now = stated_interval(share_row["value"], decimals_of(share_row["value_text"]))
    decimals = decimals_of(change_row["value_text"])
    readings = {r: implied_share_baseline(now, change_row["value"], decimals, r) for r in READING_LABELS}
    return {"now": now, "share": share_row, "change": change_row, **readings}


@chart("writs-rejected-share")
def plot_writs(ctx) -> Figure:
    """The share of writs not accepted in the reporting year and the baseline share under both readings."""
    _ = ctx._
    r = share_readings(ctx)
    with plot_style():
        fig, ax = _new_figure(ctx, _("Share of writs of execution not accepted: {year} as stated, {baseline_year} "
                                     "as each reading implies", year=ctx.year, baseline_year=ctx.baseline_year),
                              _("Share of writs sent (%)"), "",
                              note=_("★ the reading this report uses; whiskers: range the rounding allows"))
        rows = [(_("{year}, stated", year=ctx.year), r["share"]["value"], r["now"], PALETTE["main"])]
        for reading in READING_LABELS:
            chosen = reading == ctx.change_reading
            name = _("{year}, reading: {reading}", year=ctx.baseline_year,
                     reading=label_of(_, READING_LABELS, reading))
            if chosen:
                name += " ★"
            rows.append((name, r[reading].mid, r[reading], PALETTE["highlight"] if chosen else PALETTE["muted"]))
        labels = [row[0] for row in rows]
        mids = [row[1] for row in rows]
        bars = ax.barh(labels, mids, color=[row[3] for row in rows], height=0.55)
        ax.errorbar(mids, np.arange(len(rows)), xerr=[[m - row[2].low for m, row in zip(mids, rows, strict=True)],
                                                     [row[2].high - m for m, row in zip(mids, rows, strict=True)]],
                    fmt="none", ecolor="#222222", capsize=4, linewidth=1)
        ax.bar_label(bars, labels=[ctx.pct(m, 1) for m in mids], padding=10, fontsize=9)
        ax.invert_yaxis()
        ax.set_ylabel(_("Year and reading"))
        _value_axis(ctx, ax.xaxis, percent=True)
        ax.set_xlim(0, max(row[2].high for row in rows) * 1.2)
        ax.grid(axis="y", visible=False)
    return fig


@chart("writs-sent-rejected")
def plot_writs_volume(ctx) -> Figure:
    """Writs sent for enforcement, split into those accepted and those not accepted."""
    _ = ctx._
    sent, rejected = ctx.fact("writs_sent"), ctx.fact("writs_rejected")
    if sent is None or rejected is None:
        raise MissingMetricError(["writs_sent", "writs_rejected"], ctx.year)
    accepted = sent["value"] - rejected["value"]
    values = {_("Sent for enforcement"): sent["value"], _("Accepted (derived)"): accepted,
              _("Not accepted"): rejected["value"]}
    with plot_style():
        fig, ax = _new_figure(ctx, _("Writs of execution sent by the courts for enforcement, {region} {year}",
                                     region=ctx.region_name, year=ctx.year), _("Number of writs"), "")
        bars = ax.barh(list(values), list(values.values()),
                       color=[PALETTE["main"], PALETTE["baseline"], PALETTE["highlight"]], height=0.55)
        _label_bars(ctx, ax, bars, list(values.values()))
        ax.invert_yaxis()
        ax.set_ylabel(_("Writs"))
        _value_axis(ctx, ax.xaxis)
        ax.set_xlim(0, sent["value"] * 1.18)
        ax.grid(axis="y", visible=False)
    return fig


@chart("legal-assistance")
def plot_international(ctx) -> Figure:
    """Requests for legal assistance and apostille applications."""
    _ = ctx._
    metrics = ("legal_aid_requests_received", "legal_aid_requests_sent", "apostille_applications",
               "apostille_applications_granted")
    values = _values(ctx, metrics)
    with plot_style():
        return _hbar(ctx, values, _("International legal assistance and apostilles, {region} {year}",
                                    region=ctx.region_name, year=ctx.year), _("Number"), _("Kind of request"))


@chart("violations-by-type")
def plot_violations(ctx) -> Figure:
    """Procedural violations recorded, by kind."""
    _ = ctx._
    metrics = ("violations_procedural_deadlines", "violations_late_judicial_acts", "violations_late_hearings")
    values = _values(ctx, metrics)
    with plot_style():
        total = ctx.fact("procedural_violations")
        note = "" if total is None else _("Stated total: {total}", total=ctx.num(total["value"]))
        return _hbar(ctx, values, _("Procedural violations by kind, {region} {year}", region=ctx.region_name,
                                    year=ctx.year), _("Number of violations"), _("Kind of violation"), note=note)


@chart("violations-implied-baseline")
def plot_violations_baseline(ctx) -> Figure:
    """Violations in the reporting year beside the baseline the stated change implies."""
    _ = ctx._
    now, _change, implied = ctx.implied_baseline("procedural_violations")
    with plot_style():
        fig, ax = _new_figure(ctx, _("Procedural violations: {year} as stated, {baseline_year} as the stated change "
                                     "implies", year=ctx.year, baseline_year=ctx.baseline_year),
                              "", _("Number of violations"))
        names = [_("{year} (implied)", year=ctx.baseline_year), _("{year} (stated)", year=ctx.year)]
        values = [implied.point, now]
        bars = ax.bar(names, values, color=[PALETTE["baseline"], PALETTE["main"]], width=0.5)
        bars[0].set_hatch("//")
        bars[0].set_edgecolor("#ffffff")
        ax.errorbar([0], [implied.point], yerr=[[implied.point - implied.interval.low],
                                                [implied.interval.high - implied.point]],
                    fmt="none", ecolor="#222222", capsize=5, linewidth=1)
        if implied.candidates:
            first = ", ".join(ctx.num(c) for c in implied.candidates)
            label0 = _("whole count: {candidates}", candidates=first)
        else:
            label0 = ctx.num(implied.point, 1)
        ax.bar_label(bars, labels=[label0, ctx.num(now)], padding=3, fontsize=9)
        ax.set_xlabel(_("Year"))
        _value_axis(ctx, ax.yaxis)
        ax.set_ylim(0, max(values) * 1.2)
        ax.grid(axis="x", visible=False)
    return fig


# -- charts from data frames: a notebook computes the frame, these draw it ----------------------------------------


def bar_chart(ctx, frame, *, label: str, value: str, title: str, xlabel: str = "", ylabel: str = "",
              note: str = "", percent: bool = False) -> Figure:
    """Horizontal bars, one per row of ``frame`` (``label`` column on the axis, ``value`` on the bars)."""
    labels = ["\n".join(textwrap.wrap(str(t), 34)) for t in frame[label]]
    values = [float(v) for v in frame[value]]
    with plot_style():
        height = max(2.6, 1.5 + 0.42 * len(values) + 0.12 * sum(t.count("\n") for t in labels))
        fig, ax = _new_figure(ctx, title, xlabel, ylabel, figsize=(FIGSIZE[0], height), note=note)
        bars = ax.barh(labels, values, color=PALETTE["main"], height=0.6)
        _label_bars(ctx, ax, bars, values, percent=percent)
        ax.invert_yaxis()
        _value_axis(ctx, ax.xaxis, percent=percent)
        ax.set_xlim(0, (max(values) if values else 1) * 1.18 or 1)
        ax.grid(axis="y", visible=False)
    return fig


def parts_chart(ctx, parts, *, label: str, value: str, total: float, title: str, xlabel: str = "",
                note: str = "", rest_label: str = "") -> Figure:
    """One bar for a total, cut into its parts (``frame`` rows); what the parts leave of the total is shown grey."""
    values = [float(v) for v in parts[value]]
    names = [str(t) for t in parts[label]]
    rest = float(total) - sum(values)
    if rest > 0 and rest_label:
        values.append(rest)
        names.append(rest_label)
    colors = sns.color_palette("crest", n_colors=max(len(parts), 1)).as_hex()[: len(parts)]
    colors += [PALETTE["muted"]] * (len(values) - len(colors))
    with plot_style():
        height = 2.2 + 0.32 * len(values)
        fig, ax = _new_figure(ctx, title, xlabel, "", figsize=(FIGSIZE[0], height), note=note)
        left = 0.0
        for name, v, color in zip(names, values, colors, strict=True):
            bar = ax.barh([0], [v], left=left, color=color, height=0.5, label=f"{name}: {ctx.num(v)}",
                          edgecolor="#ffffff")
            if v >= 0.06 * total:
                ax.bar_label(bar, labels=[ctx.num(v)], label_type="center", fontsize=9, color="#ffffff")
            left += v
        ax.set_yticks([])
        _value_axis(ctx, ax.xaxis)
        ax.set_xlim(0, max(float(total), left) * 1.02 or 1)
        ax.grid(axis="y", visible=False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2, frameon=False, fontsize=8.5)
    return fig


def periods_chart(ctx, frame, *, label: str, before: str, now: str, before_name: str, now_name: str, title: str,
                  ylabel: str = "", note: str = "") -> Figure:
    """Each row's value in two periods, the earlier one light, side by side."""
    labels = ["\n".join(textwrap.wrap(str(t), 22)) for t in frame[label]]
    x = np.arange(len(labels))
    width = 0.38
    with plot_style():
        fig, ax = _new_figure(ctx, title, "", ylabel, note=note)
        top = 0.0
        for offset, column, name, color in ((-width / 2, before, before_name, PALETTE["baseline"]),
                                            (width / 2, now, now_name, PALETTE["main"])):
            values = [float(v) for v in frame[column]]
            bars = ax.bar(x + offset, values, width, color=color, label=name)
            _label_bars(ctx, ax, bars, values)
            top = max([top, *values])
        ax.set_xticks(x, labels)
        _value_axis(ctx, ax.yaxis)
        ax.set_ylim(0, top * 1.18 or 1)
        ax.legend(frameon=False)
        ax.grid(axis="x", visible=False)
    return fig


def interval_chart(ctx, frame, *, label: str, point: str, low: str, high: str, title: str, xlabel: str = "",
                   note: str = "", percent: bool = False, highlight: str | None = None,
                   decimals: int = 1) -> Figure:
    """Bars to a point value with whiskers over the interval the rounding allows; a ``highlight`` column of
    booleans marks rows drawn in the accent colour (a stated value, or the reading in use)."""
    names = [str(t) for t in frame[label]]
    mids = [float(v) for v in frame[point]]
    lows = [float(v) for v in frame[low]]
    highs = [float(v) for v in frame[high]]
    marked = list(frame[highlight]) if highlight else [False] * len(names)
    with plot_style():
        height = max(2.6, 1.6 + 0.5 * len(names))
        fig, ax = _new_figure(ctx, title, xlabel, "", figsize=(FIGSIZE[0], height), note=note)
        colors = [PALETTE["highlight"] if m else PALETTE["main"] for m in marked]
        bars = ax.barh(names, mids, color=colors, height=0.55)
        ax.errorbar(mids, np.arange(len(names)), xerr=[[m - lo for m, lo in zip(mids, lows, strict=True)],
                                                      [hi - m for m, hi in zip(mids, highs, strict=True)]],
                    fmt="none", ecolor="#222222", capsize=4, linewidth=1)
        fmt = (lambda v: ctx.pct(v, decimals)) if percent else (lambda v: ctx.num(v, decimals))
        ax.bar_label(bars, labels=[fmt(m) for m in mids], padding=10, fontsize=9)
        ax.invert_yaxis()
        _value_axis(ctx, ax.xaxis, percent=percent)
        ax.set_xlim(0, (max(highs) if highs else 1) * 1.2 or 1)
        ax.grid(axis="y", visible=False)
    return fig
