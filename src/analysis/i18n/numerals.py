"""A formatted number that remembers its value, so a Kazakh message can give it a case ending.

A Kazakh translation writes ``{low:abl} бастап {high:dat} дейін``; :class:`Numeral` formats ``abl`` as
``9,35 %-дан`` (see :mod:`analysis.i18n.kazakh`). Without a format spec it is its plain text, so English and
Russian messages (and any code treating it as a string) see no difference.
"""

from __future__ import annotations

from .kazakh import CASES, with_case


class Numeral(str):
    """``str`` of a number as printed, with its value, printed decimals and whether it is a percent."""

    value: float
    decimals: int
    percent: bool

    def __new__(cls, text: str, value: float, decimals: int = 0, percent: bool = False):
        self = super().__new__(cls, text)
        self.value, self.decimals, self.percent = float(value), int(decimals), bool(percent)
        return self

    def __format__(self, spec: str) -> str:
        if spec in CASES:
            return with_case(str(self), self.value, spec, self.decimals, self.percent)
        return format(str(self), spec)


def printed_decimals(text: str, lang: str) -> int:
    """How many decimals a number formatted for ``lang`` shows (``9,35 %`` in kk → 2)."""
    mark = "." if lang == "en" else ","
    digits = "".join(ch for ch in text if ch.isdigit() or ch == mark)
    return len(digits.rsplit(mark, 1)[1]) if mark in digits else 0
