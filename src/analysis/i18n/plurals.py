"""The form of a counted noun a number asks for, by the language's CLDR plural rules.

Forms are given as a language writes them in the metadata beside the facts: English ``[one, other]``,
Russian ``[one, few, many]`` (``1 лист``, ``2 листа``, ``5 листов``; a fraction takes the ``few`` form:
``1,5 листа``), Kazakh one form (a noun after a numeral stays singular: ``5 парақ``).
"""

from __future__ import annotations

from babel import Locale

# Index of each CLDR category in the list of forms a language keeps.
_FORM_INDEX = {
    "en": {"one": 0, "other": 1},
    "ru": {"one": 0, "few": 1, "many": 2, "other": 1},
    "kk": {"one": 0, "other": 0},
}


def plural_category(value: float, lang: str) -> str:
    """``one``, ``few``, ``many`` or ``other`` for ``value`` in ``lang`` (CLDR rules, via Babel)."""
    number = int(value) if float(value).is_integer() else value
    return Locale.parse(lang).plural_form(number)


def plural_form(forms: list[str], value: float, lang: str) -> str:
    """The form of ``forms`` (as listed in the metadata) that ``value`` takes in ``lang``."""
    if not forms:
        return ""
    index = _FORM_INDEX.get(lang, {"one": 0}).get(plural_category(value, lang), len(forms) - 1)
    return forms[min(index, len(forms) - 1)]
