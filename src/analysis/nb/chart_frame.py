"""The frame every chart shares: a wrapped title, axis titles, the source line (and a note) at the bottom, a height
that keeps the footer's room the same in inches, and the frame without its title as the report shows it.
"""

from __future__ import annotations

import textwrap

from matplotlib.figure import Figure


def new_figure(ctx, title: str, xlabel: str, ylabel: str, figsize: tuple[float, float], note: str = ""):
    """A figure with the shared frame: wrapped title, axis labels, source line (and a note) at the bottom."""
    footer = "\n".join(textwrap.wrap(note, 125) + textwrap.wrap(ctx.source_line, 125))
    footer_lines = footer.count("\n") + 1
    fig = Figure(figsize=figsize, layout="constrained")
    title_lines = textwrap.wrap(title, 68)
    fig.suptitle("\n".join(title_lines), x=0.01, ha="left", fontsize=12, fontweight="bold")
    ax = fig.add_subplot()
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    footer_text = fig.text(0.01, 0, footer, fontsize=7.5, color="#555555", ha="left", va="bottom", linespacing=1.4)
    fig.analysis_title = title
    # Room at the bottom for the footer lines, in inches, so tall and short charts keep the same gap.
    fig.analysis_frame = (footer_text, 0.1 + 0.14 * footer_lines, _TITLE_LINE_INCHES * len(title_lines) + 0.1)
    _fit_frame(fig, figsize[1])
    return fig, ax


# A title line of 12 pt bold with its line spacing, in inches.
_TITLE_LINE_INCHES = 0.22


def _fit_frame(fig: Figure, height: float) -> None:
    """Give ``fig`` the height ``height`` (inches), keeping the footer's room at the bottom the same in inches."""
    footer_text, footer_inches, _title_inches = fig.analysis_frame
    fig.set_size_inches(fig.get_size_inches()[0], height)
    bottom = footer_inches / height
    fig.get_layout_engine().set(rect=(0, bottom, 1, 1 - bottom))
    footer_text.set_y(0.06 / height)
    _fit_ylabel(fig)


def _fit_ylabel(fig: Figure) -> None:
    """Wrap a y axis title longer than its axes: a chart of few bars is low, and the ends of a title that runs past
    the figure are cut off ("Исполнительные ли…").

    The axes take most of the frame (the figure less the rooms of the footer and the title), so a title no longer
    than half the frame fits as it is, and most charts have none: only for the others is the layout computed (where
    the axes go, not a drawing of the whole figure), a third of the time a chart takes to make."""
    titled = [ax for ax in fig.axes if ax.yaxis.label.get_text().strip()]
    if not titled:
        return
    _footer, footer_inches, title_inches = fig.analysis_frame
    if fig._suptitle is None or not fig._suptitle.get_visible():
        title_inches = 0.0
    half_frame = (fig.get_size_inches()[1] - footer_inches - title_inches) * fig.dpi / 2
    renderer = fig._get_renderer()
    if all(ax.yaxis.label.get_window_extent(renderer).height <= half_frame for ax in titled):
        return
    fig.get_layout_engine().execute(fig)
    for ax in titled:
        label = ax.yaxis.label
        text = " ".join(label.get_text().split())
        room, needed = ax.get_window_extent().height, label.get_window_extent().height
        if needed > room > 0:
            label.set_text("\n".join(textwrap.wrap(text, max(6, int(len(text) * room / needed)),
                                                    break_long_words=False)))


def without_title(fig: Figure) -> Figure:
    """The chart as the report shows it: the caption under it states the title, so the image leaves it out and is
    shorter by the title's height. Call after saving the chart's file, which keeps its title."""
    frame = getattr(fig, "analysis_frame", None)
    if frame is None or fig._suptitle is None or not fig._suptitle.get_visible():
        return fig
    fig._suptitle.set_visible(False)
    fig._suptitle.set_in_layout(False)
    _fit_frame(fig, fig.get_size_inches()[1] - frame[2])
    return fig


def figure_title(fig: Figure) -> str:
    """The title of a chart made here, unwrapped."""
    return getattr(fig, "analysis_title", "") or (fig._suptitle.get_text() if fig._suptitle else "")
