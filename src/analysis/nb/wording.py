"""How a notebook's context words and formats for the reader: numbers, periods, labels, translated notes.

A mixin of :class:`analysis.nb.context.Context`; it reads the context's ``lang``, ``_``, ``metadata``,
``translations``, ``sources``, ``region``, ``period`` and ``baseline_period``.
"""

from __future__ import annotations

from ..core.text_safety import plain_text
from ..i18n.formatting import format_number, format_percent_value, format_period, format_signed_percent
from ..i18n.labels import PLAIN_VERDICT_LABELS, READING_LABELS, VERDICT_LABELS, label_of
from ..i18n.numerals import Numeral, printed_decimals
from ..i18n.plurals import plural_form


class Wording:
    """Numbers, periods and names in the report language."""

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

    @property
    def source_line(self) -> str:
        """"Source: Kazinform, 8 January 2026 ..." under every chart, from the raw sources' records."""
        _ = self._
        cited = "; ".join(f"{s['outlet_short']}, {s['date_text']}" for s in self.sources) or _("the facts table")
        return plain_text(_("Source: {sources} (briefing of the court administration, {region}); calculations of "
                            "this analysis", sources=cited, region=self.region_name))
