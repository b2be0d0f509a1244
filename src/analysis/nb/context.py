"""What a notebook needs after its parameters cell: paths, facts, claims, translator, numbering, display.

A notebook calls ``ctx = setup(chapter, facts=facts, region=region, ...)`` with the parameters cell's
values; everything derived (resolved paths, the facts table, the claim checks, the ``_`` of the report
language, the source line of the charts) lives on the returned :class:`Context`. Display goes through
the context, so numbered captions ("Figure 2.1", "Table 2.1") and saved chart files stay consistent.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from babel.dates import format_date as _babel_format_date

from .. import config
from ..core.claims import check_claims
from ..core.facts import find_fact, load_facts
from ..core.metadata import Metadata, load_metadata
from ..core.periods import normalize_period, parse_period
from ..core.sources import read_verified_record
from ..core.text_safety import md_escape, plain_text
from ..core.translations import Translations, load_translations
from ..errors import MissingMetricError, ParameterError, PeriodError
from ..i18n.formatting import (
    format_date,
    format_number,
    format_percent_value,
    format_period,
    format_signed_percent,
)
from ..i18n.labels import PLAIN_VERDICT_LABELS, READING_LABELS, VERDICT_LABELS, label_of
from ..i18n.numerals import Numeral, printed_decimals
from ..i18n.plurals import plural_form
from ..i18n.text import Translator, translator

# The appendix is chapter 90 in file names and "A" in captions.
APPENDIX_CHAPTER = 90


@dataclass
class Context:
    """Everything a notebook cell needs, derived once from the parameters."""

    chapter: int
    parameters: dict
    lang: str
    region: str
    period: str
    baseline_period: str
    change_reading: str
    figure_format: str
    facts_paths: list[Path]
    figures_dir: Path
    facts: pd.DataFrame
    claims: pd.DataFrame
    sources: list[dict]
    _: Translator
    metadata: Metadata = field(default_factory=Metadata)
    translations: Translations = field(default_factory=Translations)
    theme: str = ""
    figure_count: int = 0
    table_count: int = 0
    saved: list[Path] = field(default_factory=list)
    tables: list[pd.DataFrame] = field(default_factory=list)
    # Set when the chapter's theme has no figures at all: after the note that says so, the chapter shows
    # nothing more, rather than one "no figure" note per section and prose that refers to missing charts.
    theme_empty: bool = False
    _silenced: bool = False

    # -- looking up figures -------------------------------------------------------------------------------
    def fact(self, metric: str, period: str | None = None):
        """The row of ``metric`` in ``period`` (default: the reporting period), or None."""
        return find_fact(self.facts, metric, self.period if period is None else period)

    def value(self, metric: str, period: str | None = None) -> float:
        """The value of ``metric``; raises :class:`MissingMetricError` when the data lacks it."""
        row = self.fact(metric, period)
        if row is None:
            raise MissingMetricError([metric], self.period_label(self.period if period is None else period))
        return float(row["value"])

    # -- periods --------------------------------------------------------------------------------------------------
    def period_label(self, period) -> str:
        """A period as the reader reads it in the report language (``January–September 2025``)."""
        return format_period(period, self.lang)

    @property
    def year(self) -> str:
        """The reporting period for the reader (a year, a half year, a run of months)."""
        return self.period_label(self.period)

    @property
    def baseline_year(self) -> str:
        """The baseline period for the reader."""
        return self.period_label(self.baseline_period)

    def change_fact(self, metric: str):
        """The stated change (``change_of`` row) of ``metric`` in the reporting year, or None."""
        row = self.fact(metric)
        if row is None:
            return None
        rows = self.facts[(self.facts["relation"] == "change_of") & (self.facts["relates_to"] == row["fact_id"])]
        return None if rows.empty else rows.iloc[0]

    def implied_baseline(self, metric: str):
        """``(value, change row, ImpliedBaseline)`` for a count whose change is stated without its baseline.

        Raises :class:`MissingMetricError` when the data lacks the count or its stated change.
        """
        from ..core.claims import implied_baseline_for

        now, change = self.fact(metric), self.change_fact(metric)
        if now is None or change is None:
            raise MissingMetricError([metric, f"{metric}_change"], self.year)
        return float(now["value"]), change, implied_baseline_for(self.facts, change["fact_id"])

    def claims_of(self, theme: str | None = None) -> pd.DataFrame:
        """The claim checks (of one theme), headline first."""
        return self.claims if theme is None else self.claims[self.claims["theme"] == theme]

    def _n(self, singular: str, plural: str, n: float, /, **values) -> str:
        """A message with plural forms, in the form ``n`` asks for in the report language."""
        for name in ("ngettext", "_n"):
            choose = getattr(self._, name, None)
            if callable(choose):
                return choose(singular, plural, n, **values)
        return (singular if n == 1 else plural).format(**values)

    # -- formatting -------------------------------------------------------------------------------------------
    def num(self, value: float, decimals: int | None = None) -> Numeral:
        """A number for the report language (``47 434`` in kk/ru); a Kazakh message may add a case: ``{n:abl}``."""
        text = format_number(value, self.lang, decimals)
        return Numeral(text, value, printed_decimals(text, self.lang))

    def pct(self, value: float, decimals: int = 1) -> Numeral:
        """A value in percent (``9,4 %`` in kk/ru)."""
        return Numeral(format_percent_value(value, self.lang, decimals), value, decimals, percent=True)

    def signed_pct(self, value: float, decimals: int = 1) -> Numeral:
        """A change in percent with its sign."""
        return Numeral(format_signed_percent(value, self.lang, decimals), value, decimals, percent=True)

    def label(self, metric: str, short: bool = False) -> str:
        """The reader's name of a metric, from the metadata beside the facts."""
        return self.metadata.metric_label(metric, self.lang, short)

    def theme_label(self, theme: str | None = None) -> str:
        """The reader's name of a theme (default: this chapter's)."""
        return self.metadata.theme_label(theme or self.theme, self.lang)

    def count(self, value: float, metric: str) -> str:
        """A number with its counted noun in the form the number asks for: ``42 987 исполнительных листов``."""
        forms = self.metadata.unit_forms(metric, self.lang)
        number = self.num(value)
        return f"{number}\u00a0{plural_form(forms, value, self.lang)}" if forms else number

    def verdict_label(self, verdict: str) -> str:
        """The reader's word for a claim check's verdict."""
        return label_of(self._, VERDICT_LABELS, verdict)

    def plain_label(self, plain: str) -> str:
        """The reader's word for a plain verdict (``correct``, ``unclear``...)."""
        return label_of(self._, PLAIN_VERDICT_LABELS, plain)

    def reading_label(self, reading: str) -> str:
        """The reader's name of a reading of a stated change of a share (``points``, ``relative``)."""
        return label_of(self._, READING_LABELS, reading)

    def note(self, fact_id: str, note: str) -> str:
        """A fact's note in the report language: its translation when the data has one, else as written."""
        return self.translations.get(fact_id, "note", self.lang) or note

    def quote_translation(self, fact_id: str) -> str:
        """Our translation of a fact's quote into the report language ("" when the source is in that language)."""
        if any(str(s.get("language", "")) == self.lang for s in self.sources):
            return ""
        return self.translations.get(fact_id, "quote", self.lang)

    @property
    def region_name(self) -> str:
        return self.metadata.region_label(self.region, self.lang)

    # -- a chapter's facts --------------------------------------------------------------------------------------
    def theme_facts(self, theme: str | None = None) -> pd.DataFrame:
        """The facts of a theme (default: this chapter's) in the order the briefing gives them, with their labels."""
        rows = self.facts[self.facts["theme"] == (theme or self.theme)].copy()
        rows["label"] = [self.label(m) for m in rows["metric"]]
        rows["short"] = [self.label(m, short=True) for m in rows["metric"]]
        return rows

    @property
    def source_line(self) -> str:
        """"Source: Kazinform, 8 January 2026 ..." under every chart, from the raw sources' records."""
        _ = self._
        cited = "; ".join(f"{s['outlet_short']}, {s['date_text']}" for s in self.sources) or _("the facts table")
        return plain_text(_("Source: {sources} (briefing of the court administration, {region}); calculations of "
                            "this analysis", sources=cited, region=self.region_name))

    # -- numbering ------------------------------------------------------------------------------------------------
    @property
    def chapter_label(self) -> str:
        return "A" if self.chapter == APPENDIX_CHAPTER else str(self.chapter)

    def figure_ref(self, offset: int = 0) -> str:
        """Label of a figure: ``offset=0`` the last shown, ``1`` the next one ("Figure 2.1")."""
        return self._("Figure {number}", number=f"{self.chapter_label}.{self.figure_count + offset}")

    def table_ref(self, offset: int = 0) -> str:
        """Label of a table: ``offset=0`` the last shown, ``1`` the next one ("Table 2.1")."""
        return self._("Table {number}", number=f"{self.chapter_label}.{self.table_count + offset}")

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

        from .figures import figure_title, save_figure, svg_bytes

        if self._silenced:
            return
        self.figure_count += 1
        name = f"{self.chapter:02d}-{slug}"
        path = save_figure(fig, self.figures_dir, name, self.figure_format)
        self.saved.append(path)
        alt = getattr(fig, "analysis_alt", "") or figure_title(fig)
        display(SVG(data=svg_bytes(fig)), metadata={"analysis": {"alt": alt}})
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
        ``report_title``, the main finding, travels in the output's metadata to the report's title.
        """
        from IPython.display import HTML, display

        if self._silenced:
            return
        items = "".join(f'<li><span class="verdict verdict-{html.escape(plain)}">{html.escape(self.plain_label(plain))}'
                        f"</span> {html.escape(text)}</li>" for plain, text in points)
        body = (f'<aside class="key-points"><h2>{html.escape(title)}</h2><ul>{items}</ul>'
                + (f'<p class="key-points-note">{html.escape(note)}</p>' if note else "") + "</aside>")
        display(HTML(body), metadata={"analysis": {"report_title": report_title}} if report_title else None)

    def show_title(self, title: str) -> None:
        """Display the chapter title in the report language.

        The output's metadata (``analysis.chapter_title``, ``analysis.chapter``) carries the title and number for
        the report's contents; the notebook's own first heading, written for the analyst, is then left out.
        """
        from IPython.display import Markdown, display

        display(Markdown(f"# {title}"), metadata={"analysis": {"chapter_title": title, "chapter": self.chapter}})

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


def _source_record(source_id: str, lang: str) -> dict:
    """The provenance record ``data/raw/<source_id>.*.meta.yaml``, with its short outlet name and date."""
    record = read_verified_record(source_id)
    outlet = str(record.get("outlet", source_id))
    record["outlet_short"] = outlet.split(" (")[0]
    published = record.get("published")
    if isinstance(published, str):
        try:
            published = dt.date.fromisoformat(published)
        except ValueError:
            published = None
    if isinstance(published, dt.date):
        # English reports write the day first, as the source's region does.
        record["date_text"] = (_babel_format_date(published, "d MMMM y", locale="en") if lang == "en"
                               else format_date(published, lang))
    else:
        record["date_text"] = str(record.get("published", ""))
    return record


def _split_paths(facts) -> list[str]:
    if isinstance(facts, str | Path):
        parts = [p.strip() for p in str(facts).split(",")]
    else:
        parts = [str(p).strip() for p in facts]
    parts = [p for p in parts if p]
    if not parts:
        raise ParameterError("parameter 'facts' is empty; expected one or more CSV files, comma-separated")
    return parts


def _check_choice(name: str, value, allowed) -> str:
    if value not in allowed:
        raise ParameterError(f"parameter {name!r} is {value!r}; expected one of {', '.join(allowed)}")
    return value


def _as_period(name: str, value) -> str:
    try:
        return normalize_period(value)
    except PeriodError as exc:
        raise ParameterError(f"parameter {name!r}: {exc}") from None


def setup(chapter: int, *, facts: str = str(config.DEFAULT_FACTS), region: str = "Astana", period: str = "2025",
          baseline_period: str = "2024", lang: str = "en", change_reading: str = "points", figure_format: str = "png",
          figures_dir: str = "reports/figures", theme: str = "") -> Context:
    """Check the parameters, resolve paths, load facts and claims, and pick the translator.

    Parameters
    ----------
    chapter : int
        The notebook's chapter (0 overview, 1-5 themes, 90 appendix); numbers figures and tables.
    facts, region, period, baseline_period, lang, change_reading, figure_format, figures_dir
        The values of the notebook's parameters cell.

    Raises
    ------
    ParameterError
        A value outside its allowed set, or a region the facts do not report.
    FactsFileError, FactsValidationError
        A facts file that cannot be read or breaks the schema.
    """
    parameters = {"facts": facts, "region": region, "period": period, "baseline_period": baseline_period, "lang": lang,
                  "change_reading": change_reading, "figure_format": figure_format, "figures_dir": figures_dir}
    lang = _check_choice("lang", lang, config.LANGUAGES)
    change_reading = _check_choice("change_reading", change_reading, config.CHANGE_READINGS)
    figure_format = _check_choice("figure_format", figure_format, config.FIGURE_FORMATS)
    period, baseline_period = _as_period("period", period), _as_period("baseline_period", baseline_period)
    if not parse_period(baseline_period).comes_before(parse_period(period)):
        raise ParameterError(f"parameter 'baseline_period' ({baseline_period}) must come before 'period' ({period})")
    paths = [config.resolve_path(p) for p in _split_paths(facts)]
    table = load_facts(paths)
    mine = table[table["region"].str.casefold() == str(region).casefold()].reset_index(drop=True)
    if mine.empty:
        regions = ", ".join(sorted(table["region"].unique()))
        raise ParameterError(f"parameter 'region' is {region!r}, but the facts only report: {regions}")
    metadata = load_metadata(paths, table)
    translations = load_translations(paths)
    if theme and theme not in set(mine["theme"]):
        themes = ", ".join(dict.fromkeys(mine["theme"]))
        raise ParameterError(f"parameter 'theme' is {theme!r}, but the facts of {region} have only: {themes}")
    claims = check_claims(mine)
    sources = [_source_record(s, lang) for s in mine["source_id"].drop_duplicates()]
    return Context(
        chapter=int(chapter), parameters=parameters, lang=lang, region=str(mine["region"].iloc[0]), period=period,
        baseline_period=baseline_period, change_reading=change_reading, figure_format=figure_format,
        facts_paths=paths, figures_dir=config.resolve_path(figures_dir), facts=mine, claims=claims,
        sources=sources, _=translator(lang, "analysis"), metadata=metadata, translations=translations,
        theme=str(theme or ""),
    )
