"""What a notebook needs after its parameters cell: paths, facts, claims, translator, numbering, display.

A notebook calls ``ctx = setup(chapter, facts=facts, region=region, ...)`` with the parameters cell's
values; everything derived (resolved paths, the facts table, the claim checks, the ``_`` of the report
language, the source line of the charts) lives on the returned :class:`Context`. Display goes through
the context, so numbered captions ("Figure 2.1", "Table 2.1") and saved chart files stay consistent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .. import config
from ..core.claims import check_claims
from ..core.facts import find_fact, load_facts
from ..core.metadata import Metadata, load_metadata
from ..core.periods import parse_period
from ..core.translations import Translations, load_translations
from ..errors import MissingMetricError, ParameterError
from ..i18n.text import Translator, translator
from .display import Display, caption_html
from .loading import as_period, check_choice, source_record, split_paths
from .wording import Wording

__all__ = ["APPENDIX_CHAPTER", "Context", "MissingMetricError", "caption_html", "setup"]

# The appendix is chapter 90 in file names and "A" in captions.
APPENDIX_CHAPTER = 90
# The appendix opens its tables with every claim check and its arithmetic; chapters point to its rows.
APPENDIX_CLAIMS_TABLE = 1


@dataclass
class Context(Wording, Display):
    """Everything a notebook cell needs, derived once from the parameters; wording and display come from the
    mixins :class:`Wording` and :class:`Display`."""

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

    # -- a chapter's facts --------------------------------------------------------------------------------------
    def theme_facts(self, theme: str | None = None) -> pd.DataFrame:
        """The facts of a theme (default: this chapter's) in the order the briefing gives them, with their labels."""
        rows = self.facts[self.facts["theme"] == (theme or self.theme)].copy()
        rows["label"] = [self.label(m) for m in rows["metric"]]
        rows["short"] = [self.label(m, short=True) for m in rows["metric"]]
        return rows

    # -- numbering ------------------------------------------------------------------------------------------------
    @property
    def chapter_label(self) -> str:
        # Translators: the letter that numbers the appendix ("Table A.1"), in the report language's alphabet.
        return self._("A") if self.chapter == APPENDIX_CHAPTER else str(self.chapter)

    def figure_ref(self, offset: int = 0) -> str:
        """Label of a figure: ``offset=0`` the last shown, ``1`` the next one ("Figure 2.1")."""
        number = f"{self.chapter_label}.{self.figure_count + offset}"
        return self._("Figure {number}", number=number)

    @property
    def appendix_claims_ref(self) -> str:
        """Label of the appendix's table of every claim check ("Table A.1")."""
        number = f"{self._('A')}.{APPENDIX_CLAIMS_TABLE}"
        return self._("Table {number}", number=number)

    def table_ref(self, offset: int = 0) -> str:
        """Label of a table: ``offset=0`` the last shown, ``1`` the next one ("Table 2.1")."""
        number = f"{self.chapter_label}.{self.table_count + offset}"
        return self._("Table {number}", number=number)

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
    lang = check_choice("lang", lang, config.LANGUAGES)
    change_reading = check_choice("change_reading", change_reading, config.CHANGE_READINGS)
    figure_format = check_choice("figure_format", figure_format, config.FIGURE_FORMATS)
    period, baseline_period = as_period("period", period), as_period("baseline_period", baseline_period)
    if not parse_period(baseline_period).comes_before(parse_period(period)):
        raise ParameterError(f"parameter 'baseline_period' ({baseline_period}) must come before 'period' ({period})")
    paths = [config.resolve_path(p) for p in split_paths(facts)]
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
    sources = [source_record(s, lang) for s in mine["source_id"].drop_duplicates()]
    return Context(
        chapter=int(chapter), parameters=parameters, lang=lang, region=str(mine["region"].iloc[0]), period=period,
        baseline_period=baseline_period, change_reading=change_reading, figure_format=figure_format,
        facts_paths=paths, figures_dir=config.resolve_path(figures_dir), facts=mine, claims=claims,
        sources=sources, _=translator(lang, "analysis"), metadata=metadata, translations=translations,
        theme=str(theme or ""),
    )
