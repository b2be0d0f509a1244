"""Charts of the briefing's figures: one shared style, numbered and saved by :meth:`Context.show_figure`.

A chapter computes a data frame and passes it to one of the frame helpers (``bar_chart``, ``parts_chart``,
``periods_chart``, ``interval_chart``), which know no metric; ``plot_verdicts`` draws the claim checks of the
overview. Every chart has a title, labelled axes, the values written on the bars and the source line under it.
Figures are built without pyplot, so a kernel's inline backend never shows them twice and nothing is left open.
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
from ..errors import FigureFormatError, MissingMetricError
from ..i18n.labels import VERDICT_LABELS, label_of
from .chart_frame import figure_title, new_figure, without_title  # noqa: F401 - the display takes them from here

# One meaning per colour, in every chart (and in the report's verdict labels): each has at least 3:1 contrast
# against white and the blues and the orange stay apart for the common colour-vision deficiencies.
#   main       a figure of the reporting period, as the briefing states it            dark blue
#   baseline   the same figure in the earlier period                                   mid blue
#   highlight  what the reader should look at: the reading in use, a figure in doubt   orange
#   muted      derived or implied values, and what a total's parts leave unexplained   grey
PALETTE = {
    "main": "#1f4e79",
    "baseline": "#5b8db8",
    "highlight": "#c0501f",
    "muted": "#7f7f7f",
    "consistent": "#1f4e79",
    "inconsistent": "#a11d1d",
    "ambiguous": "#c0501f",
    "unverifiable": "#7f7f7f",
}
FIGSIZE = (7.5, 4.2)
# Two bars per row, labelled: a lower frame than the default reads as well and keeps a chapter short.
PERIODS_HEIGHT = 3.6
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
    # Chart text stays text in the SVG (set in DejaVu Sans, which the report's PDF embeds anyway): glyphs written as
    # paths made the print engine re-read a path for every letter, the larger part of typesetting a report with
    # charts, and text keeps the chart's words searchable and selectable in the PDF.
    "svg.fonttype": "none",
    # Chart text comes from data (regions, labels, the source line): a "$" is a dollar sign, never maths.
    "text.parse_math": False,
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


def svg_bytes(fig: Figure) -> bytes:
    """The chart as SVG, byte for byte the same on every run (for display; vector in the PDF)."""
    import io

    buffer = io.BytesIO()
    with mpl.rc_context(STYLE):
        fig.savefig(buffer, format="svg", dpi=DPI, metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


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


@chart("claim-verdicts")
def plot_verdicts(ctx) -> Figure:
    """How many claim checks ended in each verdict."""
    _ = ctx._
    if ctx.claims.empty:
        raise MissingMetricError([], ctx.year)
    with plot_style():
        counts = ctx.claims["verdict"].value_counts()
        order = [v for v in VERDICTS if v in counts.index]
        fig, ax = new_figure(ctx, _("Claim checks by verdict, {region} {year}", region=ctx.region_name,
                                     year=ctx.year), _("Verdict"), _("Number of checks"), figsize=FIGSIZE)
        names = [label_of(_, VERDICT_LABELS, v) for v in order]
        sns.barplot(x=names, y=[counts[v] for v in order], hue=names, palette=[PALETTE[v] for v in order],
                    legend=False, ax=ax)
        for container, v in zip(ax.containers, order, strict=True):
            _label_bars(ctx, ax, container, [counts[v]])
        _value_axis(ctx, ax.yaxis)
        ax.set_ylim(0, counts.max() * 1.2)
        ax.grid(axis="x", visible=False)
    return fig


# -- charts from data frames: a notebook computes the frame, these draw it ----------------------------------------


def bar_chart(ctx, frame, *, label: str, value: str, title: str, xlabel: str = "", ylabel: str = "",
              note: str = "", percent: bool = False, highlight: str | None = None) -> Figure:
    """Horizontal bars, one per row of ``frame`` (``label`` column on the axis, ``value`` on the bars); a
    ``highlight`` column of booleans marks rows drawn in the accent colour."""
    labels = ["\n".join(textwrap.wrap(str(t), 34)) for t in frame[label]]
    values = [float(v) for v in frame[value]]
    marked = [bool(m) for m in frame[highlight]] if highlight else [False] * len(values)
    with plot_style():
        height = max(2.6, 1.5 + 0.42 * len(values) + 0.12 * sum(t.count("\n") for t in labels))
        fig, ax = new_figure(ctx, title, xlabel, ylabel, figsize=(FIGSIZE[0], height), note=note)
        bars = ax.barh(labels, values, color=[PALETTE["highlight"] if m else PALETTE["main"] for m in marked],
                       height=0.6)
        _label_bars(ctx, ax, bars, values, percent=percent)
        ax.invert_yaxis()
        _value_axis(ctx, ax.xaxis, percent=percent)
        ax.set_xlim(0, (max(values) if values else 1) * 1.18 or 1)
        ax.grid(axis="y", visible=False)
    fmt = (lambda v: ctx.pct(v)) if percent else ctx.num
    fig.analysis_alt = describe(ctx, title, [(str(t), fmt(v)) for t, v in zip(frame[label], values, strict=True)])
    return fig


def describe(ctx, title: str, pairs) -> str:
    """The alternative text of a chart: its title, then each label with its value."""
    return f"{title}. " + "; ".join(f"{name}: {value}" for name, value in pairs)


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
        fig, ax = new_figure(ctx, title, xlabel, "", figsize=(FIGSIZE[0], height), note=note)
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
    fig.analysis_alt = describe(ctx, title, [(n, ctx.num(v)) for n, v in zip(names, values, strict=True)])
    return fig


def periods_chart(ctx, frame, *, label: str, before: str, now: str, before_name: str, now_name: str, title: str,
                  ylabel: str = "", note: str = "") -> Figure:
    """Each row's value in two periods, the earlier one light, side by side."""
    labels = ["\n".join(textwrap.wrap(str(t), 22)) for t in frame[label]]
    x = np.arange(len(labels))
    width = 0.38
    with plot_style():
        fig, ax = new_figure(ctx, title, "", ylabel, figsize=(FIGSIZE[0], PERIODS_HEIGHT), note=note)
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
    fig.analysis_alt = describe(ctx, title, [
        (str(t), f"{before_name} {ctx.num(b)}, {now_name} {ctx.num(n)}")
        for t, b, n in zip(frame[label], frame[before], frame[now], strict=True)])
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
        fig, ax = new_figure(ctx, title, xlabel, "", figsize=(FIGSIZE[0], height), note=note)
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
    fig.analysis_alt = describe(ctx, title, [(n, f"{fmt(m)} ({fmt(lo)}–{fmt(hi)})")
                                             for n, m, lo, hi in zip(names, mids, lows, highs, strict=True)])
    return fig
