"""How a notebook's context displays: paragraphs, charts with their data, tables, the key points, captions.

A mixin of :class:`analysis.nb.context.Context`; numbering (``figure_ref``, ``table_ref``) and the list of saved
files live on the context, so captions ("Figure 2.1") and chart files stay consistent.
"""

from __future__ import annotations

import html

import pandas as pd

from ..core.text_safety import md_escape
from ..errors import MissingMetricError


class Display:
    """Everything a notebook cell shows goes through these methods."""

    # -- display ------------------------------------------------------------------------------------------------
    def show(self, markdown: str) -> None:
        """Display a paragraph (Markdown made by :mod:`analysis.story`)."""
        from IPython.display import Markdown, display

        if self._silenced or not markdown:
            return
        display(Markdown(markdown))
        self._silenced = self.theme_empty

    def say(self, text: str) -> None:
        """Display a paragraph: a translated message whose values were formatted (and escaped) by the caller."""
        self.show(text)

    def show_figure(self, fig, slug: str, data: pd.DataFrame | None = None) -> None:
        """Save a chart made by :mod:`analysis.nb.figures` to ``figures_dir`` and display it with its caption.

        The chart is displayed as SVG (vector in the PDF) whatever ``figure_format`` the saved file has; with
        ``data``, the frame it was drawn from is saved beside it as CSV and the caption links to it. The chart's
        alternative text states its data.
        """
        from IPython.display import HTML, SVG, display

        from .figures import figure_title, save_figure, svg_bytes, without_title

        if self._silenced:
            return
        self.figure_count += 1
        name = f"{self.chapter:02d}-{slug}"
        path = save_figure(fig, self.figures_dir, name, self.figure_format)
        self.saved.append(path)
        alt = getattr(fig, "analysis_alt", "") or figure_title(fig)
        display(SVG(data=svg_bytes(without_title(fig))), metadata={"analysis": {"alt": alt}})
        link = ""
        if data is not None:
            csv_path = self.figures_dir / f"{name}.csv"
            data.to_csv(csv_path, index=False, lineterminator="\n")
            self.saved.append(csv_path)
            label = html.escape(self._("data (CSV)"))
            link = f' <a class="figure-data" href="figures/{html.escape(csv_path.name)}">{label}</a>'
        display(HTML(caption_html("figure", self.figure_ref(), figure_title(fig)).replace("</p>", link + "</p>", 1)))

    def show_frame(self, frame: pd.DataFrame, title: str) -> None:
        """Display a table (cells already formatted as text) with its numbered caption; cells are escaped."""
        from IPython.display import HTML, display

        from .tables import Table

        if self._silenced:
            return
        self.table_count += 1
        table = Table(frame, title)
        display(HTML(table.to_html(self.table_ref())))
        self.tables.append(frame)

    def show_key_points(self, title: str, points: list[tuple[str, str]], note: str = "",
                        report_title: str = "") -> None:
        """The findings box that opens a report: one line per claim, each with its plain verdict.

        ``points`` are ``(plain verdict, text)`` pairs; texts and ``note`` are plain text (escaped here).
        ``report_title``, the main finding, travels in the output's metadata to the report's title, with the
        region's name in the report language for the header.
        """
        from IPython.display import HTML, display

        if self._silenced:
            return
        items = "".join(f'<li><span class="verdict verdict-{html.escape(plain)}">{html.escape(self.plain_label(plain))}'
                        f"</span> {html.escape(text)}</li>" for plain, text in points)
        body = (f'<aside class="key-points"><h2>{html.escape(title)}</h2><ul>{items}</ul>'
                + (f'<p class="key-points-note">{html.escape(note)}</p>' if note else "") + "</aside>")
        # The region's name in the report language travels with it: the header shows it, and only the metadata
        # beside the facts knows it for every region.
        found = {"report_title": report_title, "region_label": self.region_name} if report_title else None
        display(HTML(body), metadata={"analysis": found} if found else None)

    def show_title(self, title: str) -> None:
        """Display the chapter title in the report language.

        The output's metadata (``analysis.chapter_title``, ``analysis.chapter``, ``analysis.chapter_label``) carries
        the title, number and label for the report's contents; the notebook's own first heading, written for the
        analyst, is then left out.
        """
        from IPython.display import Markdown, display

        display(Markdown(f"# {title}"), metadata={"analysis": {"chapter_title": title, "chapter": self.chapter,
                                                               "chapter_label": self.chapter_label}})

    def _build(self, make):
        """``make(ctx)``, or None when the chapter is silenced or the data lacks a figure (which is then said)."""
        if self._silenced:
            return None
        try:
            return make(self)
        except MissingMetricError as exc:
            self.show(self.missing_note(exc))
            return None

    def show_chart(self, plot) -> None:
        """Draw ``plot(ctx)``, save it to ``figures_dir`` and display it with its numbered caption.

        When the data lacks a figure the chart needs, a note says so and the notebook goes on. The saved file is
        appended to ``ctx.saved``; nothing is returned, so a notebook cell shows the chart once, not its path too.
        """
        from IPython.display import HTML, SVG, Image, display

        from .figures import save_figure

        fig = self._build(plot)
        if fig is None:
            return
        self.figure_count += 1
        title = getattr(fig, "analysis_title", "")
        name = f"{self.chapter:02d}-{plot.slug}"
        path = save_figure(fig, self.figures_dir, name, self.figure_format)
        self.saved.append(path)
        data = path.read_bytes()
        display(SVG(data=data) if self.figure_format == "svg" else Image(data=data, format="png", width=720))
        display(HTML(caption_html("figure", self.figure_ref(), title)))

    def show_table(self, make_table) -> None:
        """Build ``make_table(ctx)`` (a :class:`analysis.tables.Table`) and display it, caption first.

        The table's data frame is appended to ``ctx.tables`` for further work in a notebook.
        """
        from IPython.display import HTML, display

        table = self._build(make_table)
        if table is None:
            return
        self.table_count += 1
        display(HTML(table.to_html(self.table_ref())))
        self.tables.append(table.frame)

    def missing_note(self, exc: MissingMetricError) -> str:
        """The localized note for figures the data lacks."""
        names = ", ".join(self._("“{text}”", text=self.label(m)) for m in exc.metrics)
        return "*" + self._("The data has no figure for {metrics} ({region}, {year}); this part is left out.",
                            metrics=md_escape(names), region=md_escape(self.region_name),
                            year=exc.year or self.year) + "*"


def caption_html(kind: str, label: str, title: str) -> str:
    """A caption paragraph; ``kind`` ("figure"/"table") is a CSS class for the report's stylesheet."""
    return (f'<p class="analysis-caption analysis-caption-{kind}"><strong>{html.escape(label)}:</strong> '
            f"{html.escape(title)}</p>")
