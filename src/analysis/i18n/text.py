"""Text the reader sees, in the report language, from gettext message catalogs (read with Babel).

Messages are written in English in the code (the msgid); ``locales/<lang>/LC_MESSAGES/<domain>.po`` holds
the Kazakh and Russian translations. Placeholders use ``str.format`` names: ``"{count} writs"``.
A message missing from a catalog falls back to English, and ``missing_translations`` lists such gaps
so a test can keep the catalogs complete.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from ..config import LANGUAGES

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAINS = ("analysis", "report")


@cache
def _catalog(lang: str, domain: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown report language {lang!r}: expected one of {', '.join(LANGUAGES)}")
    path = LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    if lang == "en" or not path.is_file():
        return {}
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=domain)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


class Translator:
    """``_ = Translator("kk")``; ``_("Writs sent: {n}", n=...)`` gives the Kazakh sentence, formatted."""

    def __init__(self, lang: str = "en", domain: str = "analysis"):
        self.lang = lang
        self.domain = domain
        self._messages = _catalog(lang, domain)

    def __call__(self, message: str, /, **values) -> str:
        text = self._messages.get(message, message)
        return text.format(**values) if values else text

    def has(self, message: str) -> bool:
        return self.lang == "en" or message in self._messages


def translator(lang: str = "en", domain: str = "analysis") -> Translator:
    """The translator for ``lang``; English needs no catalog."""
    return Translator(lang, domain)


def missing_translations(messages, lang: str, domain: str = "analysis") -> list[str]:
    """The msgids of ``messages`` that ``lang``'s catalog does not translate."""
    t = Translator(lang, domain)
    return [m for m in messages if not t.has(m)]
