"""Reading numbers as Kazakh and Russian texts write them, and the interval their rounding allows."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Numbers the briefing writes as words (the headline's "екі есеге", "two-fold").
NUMBER_WORDS = {
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9, "он": 10,
    "один": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "вдвое": 2, "втрое": 3,
}

# A space, a no-break space or a narrow no-break space groups thousands.
GROUP_SEP = "[ \u00a0\u202f]"
_NUMERIC = re.compile(rf"^\s*(?P<int>\d{{1,3}}(?:{GROUP_SEP}\d{{3}})+|\d+)(?:[,.](?P<frac>\d+))?"
                      r"(?:-[а-яәғқңөұүһіА-ЯӘҒҚҢӨҰҮҺІ]+)?\s*$")


@dataclass(frozen=True)
class Interval:
    """A half-open interval [low, high) of values that print the same after rounding."""

    low: float
    high: float

    def __contains__(self, x: float) -> bool:
        return self.low <= x < self.high

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2


def parse_number(text: str) -> float:
    """Return the value of a number written the Kazakh or Russian way.

    ``"47 434"`` -> 47434, ``"9,4"`` -> 9.4, ``"4 447-сі"`` -> 4447, ``"екі"`` -> 2.
    """
    word = text.strip().lower().split(" ")[0] if text.strip() else ""
    if word in NUMBER_WORDS:
        return float(NUMBER_WORDS[word])
    m = _NUMERIC.match(text)
    if not m:
        raise ValueError(f"not a number as the text writes it: {text!r}")
    digits = re.sub(GROUP_SEP, "", m["int"])
    return float(f"{digits}.{m['frac']}") if m["frac"] else float(digits)


def decimals_of(text: str) -> int:
    """How many decimals a printed number shows: ``"9,4"`` -> 1, ``"47 434"`` -> 0."""
    m = _NUMERIC.match(text)
    return len(m["frac"]) if m and m["frac"] else 0


def stated_interval(value: float, decimals: int) -> Interval:
    """The values that round to ``value`` at ``decimals`` places: 3.9 with 1 -> [3.85, 3.95).

    A word number (``"екі есеге"``) is read as rounded to a whole: [1.5, 2.5).
    """
    half = 0.5 * 10 ** (-decimals)
    return Interval(value - half, value + half)


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round as people do in print (2.25 -> 2.3, -2.25 -> -2.3), not banker's rounding.

    The float's shortest decimal form is rounded, so 2.675 (stored as 2.67499...) still gives 2.68.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))
