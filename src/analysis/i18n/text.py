"""Text the reader sees, in the report language, from gettext message catalogs (read with Babel).

Messages are written in English in the code (the msgid); ``locales/<lang>/LC_MESSAGES/<domain>.po`` holds
the Kazakh and Russian translations, kept in line with the code by ``make i18n``. Placeholders use
``str.format`` names: ``"{count} writs"``. A message that depends on a number has a singular and a plural
(``_n``); the catalog's ``Plural-Forms`` header chooses among its forms (Russian: one, few, many).
A message missing from a catalog falls back to English, and ``missing_translations`` lists such gaps.
"""

from __future__ import annotations

import gettext
import math
import re
from dataclasses import dataclass, field
from functools import cache
from numbers import Real
from pathlib import Path

from babel.messages.pofile import read_po

from ..config import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAINS = ("analysis", "report")

# English, which needs no catalog: "one" for 1, "other" for the rest.
_ENGLISH_PLURALS = "nplurals=2; plural=(n != 1);"

# The form a number with a fraction takes (CLDR's "other"). gettext's expressions are for whole numbers;
# in Russian a fraction takes the genitive singular, which is the "few" form: "9,4 процента" as "2 процента".
# Elsewhere it is the last form ("other" in English and Kazakh).
FRACTION_FORM = {"ru": 1}


@dataclass(frozen=True)
class _Catalog:
    messages: dict[str, str] = field(default_factory=dict)
    plurals: dict[str, tuple[str, ...]] = field(default_factory=dict)
    plural_forms: str = _ENGLISH_PLURALS
    num_plurals: int = 2


@cache
def _catalog(lang: str, domain: str) -> _Catalog:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == "en" or not path.is_file():
        return _Catalog()
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=domain)
    messages, plurals = {}, {}
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        if m.pluralizable:
            # A plural entry counts only with every form written.
            if len(m.string) == catalog.num_plurals and all(m.string):
                plurals[m.id[0]] = tuple(m.string)
        elif m.string:
            messages[m.id] = m.string
    return _Catalog(messages, plurals, catalog.plural_forms, catalog.num_plurals)


@cache
def _plural_rule(plural_forms: str):
    """The index function of a ``Plural-Forms`` header (``nplurals=3; plural=...;``)."""
    expr = next(part.split("=", 1)[1] for part in plural_forms.split(";") if part.strip().startswith("plural="))
    return gettext.c2py(expr.strip())


def plural_index(lang: str, n: float, domain: str = "analysis") -> int:
    """Which of the catalog's plural forms ``n`` takes: 0 = the singular.

    A whole number (also as a float: counts in the facts table are floats) goes through the catalog's
    ``Plural-Forms`` expression; a number with a fraction takes ``FRACTION_FORM`` (CLDR's "other").
    The sign does not matter.
    """
    if isinstance(n, bool) or not isinstance(n, Real) or not math.isfinite(n):
        raise TypeError(f"a plural message needs a finite number, got {n!r}")
    catalog = _catalog(lang, domain)
    n = abs(n)
    if n != int(n):
        return FRACTION_FORM.get(lang, catalog.num_plurals - 1)
    return _plural_rule(catalog.plural_forms)(int(n))


# A period printed with an abbreviation ("январь–сентябрь 2025 г.") may end a sentence whose message ends with a
# full stop of its own; the abbreviation's point closes the sentence, as Russian print writes it.
_ABBREVIATION_THEN_STOP = re.compile(r"(\s(?:г|гг|ж)\.)\.")


def _one_stop(text: str) -> str:
    return _ABBREVIATION_THEN_STOP.sub(r"\1", text)


class Translator:
    """``_ = Translator("kk")``; ``_("Writs sent: {n}", n=...)`` gives the Kazakh sentence, formatted."""

    def __init__(self, lang: str = "en", domain: str = "analysis"):
        self.lang = lang
        self.domain = domain
        self._catalog = _catalog(lang, domain)
        self._messages = self._catalog.messages

    def __call__(self, message: str, /, **values) -> str:
        text = self._messages.get(message, message)
        return _one_stop(text.format(**values)) if values else text

    def _n(self, singular: str, plural: str, n: float, /, **values) -> str:
        """The form of a message that suits the number ``n``, formatted with ``values``.

        ``_._n("{count} writ was returned", "{count} writs were returned", k, count=ctx.num(k))``:
        ``n`` chooses the form, ``values`` fill it (pass the number as the reader sees it, formatted).
        English, or a message the catalog lacks, uses ``singular`` for 1 and ``plural`` otherwise.
        """
        forms = self._catalog.plurals.get(singular)
        if forms is None:
            forms = (singular, plural)
            index = plural_index("en", n)
        else:
            index = min(plural_index(self.lang, n, self.domain), len(forms) - 1)
        text = forms[index]
        return _one_stop(text.format(**values)) if values else text

    def has(self, message: str) -> bool:
        return self.lang == "en" or message in self._messages or message in self._catalog.plurals


def translator(lang: str = "en", domain: str = "analysis") -> Translator:
    """The translator for ``lang``; English needs no catalog."""
    return Translator(lang, domain)


def missing_translations(messages, lang: str, domain: str = "analysis") -> list[str]:
    """The msgids of ``messages`` that ``lang``'s catalog does not translate (for a plural: its singular)."""
    t = Translator(lang, domain)
    return [m for m in messages if not t.has(m)]
