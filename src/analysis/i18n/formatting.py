"""Numbers, percents and dates formatted for the report language, through Babel's locale data."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date as _babel_format_date
from babel.numbers import format_decimal, format_percent

from ..config import LANGUAGES
from ..core.numbers import round_half_up
from .periods import PeriodLabel

# Kazakh print (and the source's outlet) sets a space before the percent sign as Russian does;
# CLDR's Kazakh pattern has none, so that one pattern is overridden.
_PERCENT_PATTERN_OVERRIDES = {"kk": "#,##0\u00a0%"}


def _locale(lang: str) -> Locale:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    return Locale.parse(lang)


def format_number(value: float, lang: str = "en", decimals: int | None = None) -> str:
    """``47434`` -> ``47,434`` (en), ``47 434`` (kk, ru; a no-break space groups thousands).

    With ``decimals`` the number shows exactly that many places; otherwise a whole value shows none
    and a fraction up to two.
    """
    locale = _locale(lang)
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
        return format_decimal(value, format=f"#,##0.{'#' * decimals}" if decimals else "#,##0", locale=locale)
    pattern = "#,##0" + (f".{'0' * decimals}" if decimals else "")
    return format_decimal(round_half_up(value, decimals), format=pattern, locale=locale)


def format_percent_value(value: float, lang: str = "en", decimals: int = 1) -> str:
    """A value already in percent: ``9.4`` -> ``9.4%`` (en), ``9,4 %`` (kk, ru)."""
    locale = _locale(lang)
    base = _PERCENT_PATTERN_OVERRIDES.get(lang, locale.percent_formats[None].pattern)
    # "#,##0%" -> "#,##0.0%": the last integer digit of the pattern gets the decimals after it.
    head, _, tail = base.rpartition("0")
    pattern = head + "0" + (f".{'0' * decimals}" if decimals else "") + tail
    return format_percent(round_half_up(value, decimals) / 100, format=pattern, locale=locale)


def format_signed_percent(value: float, lang: str = "en", decimals: int = 1) -> str:
    """A change in percent with its sign: ``-56.1%``, ``+3,2 %``; the minus is a true minus sign."""
    text = format_percent_value(abs(value), lang, decimals)
    sign = "\u2212" if value < 0 else ("+" if value > 0 else "")
    return sign + text


def format_date(value: dt.date, lang: str = "en") -> str:
    """A date in the language's long form: ``8 January 2026``, ``8 января 2026 г.``."""
    # Babel's long English form is American ("January 8, 2026"); the report writes English dates day first.
    return _babel_format_date(value, format="d MMMM y" if lang == "en" else "long", locale=_locale(lang))


_HALF = {"en": "H{n} {year}", "ru": "{roman} полугодие {year} г.", "kk": "{year} жылдың {roman} жартыжылдығы"}
_QUARTER = {"en": "Q{n} {year}", "ru": "{roman} квартал {year} г.", "kk": "{year} жылдың {roman} тоқсаны"}
_ROMAN = ("I", "II", "III", "IV")


def _month(lang: str, month: int) -> str:
    from babel.dates import get_month_names

    return get_month_names("wide", context="stand-alone", locale=_locale(lang))[month]


def format_period(period, lang: str = "en") -> PeriodLabel:
    """A reporting period for the reader: ``2025``; ``H1 2025``, ``I полугодие 2025 г.``; ``January–September
    2025``, ``январь–сентябрь 2025 г.``, ``2025 ж. қаңтар–қыркүйек``. A Russian or Kazakh message puts it in a case
    with a format spec (``{year:loc}``, see :mod:`analysis.i18n.periods`)."""
    from ..core.periods import parse_period

    p = parse_period(period)
    _locale(lang)
    kind = p.kind
    parts = {"year": p.year, "first_year": p.first_year, "first_month": p.first_month, "last_month": p.last_month}
    if kind == "year":
        return PeriodLabel(str(p.year), lang, kind, **parts)
    if kind in ("half", "quarter"):
        n = (p.first_month - 1) // (6 if kind == "half" else 3) + 1
        text = (_HALF if kind == "half" else _QUARTER)[lang].format(n=n, roman=_ROMAN[n - 1], year=p.year)
        return PeriodLabel(text, lang, kind, roman=_ROMAN[n - 1], **parts)
    first, last = _month(lang, p.first_month), _month(lang, p.last_month)
    if lang == "kk":
        first, last = first.lower(), last.lower()
    months = first if kind == "month" else f"{first}\u2013{last}"
    if p.first_year != p.year:
        start, end = f"{first} {p.first_year}", f"{last} {p.year}"
        text = {"en": f"{start}\u2013{end}", "ru": f"{start}\u2013{end} гг.",
                "kk": f"{p.first_year} ж. {first} \u2013 {p.year} ж. {last}"}[lang]
    else:
        text = {"en": f"{months} {p.year}", "ru": f"{months} {p.year} г.", "kk": f"{p.year} ж. {months}"}[lang]
    return PeriodLabel(text, lang, kind, **parts)
