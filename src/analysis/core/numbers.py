"""Reading numbers as Kazakh and Russian texts write them, and the interval their rounding and hedges allow.

A printed figure stands for an interval, never a point:

- **Rounding.** ``9,4`` means anything in [9.35, 9.45): half a unit of the last printed digit either side. A
  count printed in full (``47 434``) is exact. A scaled number keeps the rounding of its printed digits, scaled
  with it: ``4,5 тыс.`` (value 4 500) means [4 450, 4 550); ``441 тысячи`` means [440 500, 441 500).
- **Word numbers.** ``вдвое``, ``екі есе`` are whole numbers: by rounding they allow [n − 0.5, n + 0.5), the
  *loose* tolerance. A ratio within :data:`CLOSE_FIT` (±5 %) of n is a *close* fit; one only inside the loose
  tolerance (2 786 → 5 019 is 1.80, "twice") is told apart as a loose fit.
- **Hedges** (the ``qualifier``) act on the magnitude: ``over`` (свыше, более, астам, аса) allows [x, ∞);
  ``at_least`` (не менее, кем дегенде) the same, closed; ``under`` (менее, кем) (−∞, x); ``at_most`` (не более)
  (−∞, x]; ``about`` (около, порядка, шамамен) widens the rounding interval to ±:data:`HEDGE_SHARE` (10 %) of
  x; ``almost`` (почти, практически, жуық) allows from the lower of the rounding's low end and x − 10 % of x, up to
  x included ("почти половина": [45, 50]; "практически в два раза": [1.5, 2]). For a negative value (a stated
  fall) the interval is mirrored.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Numbers the briefings write as words ("екі есеге", "вдвое", "в два раза").
NUMBER_WORDS = {
    "бір": 1, "екі": 2, "үш": 3, "төрт": 4, "бес": 5, "алты": 6, "жеті": 7, "сегіз": 8, "тоғыз": 9, "он": 10,
    "один": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10, "вдвое": 2, "втрое": 3, "вчетверо": 4, "впятеро": 5, "вдесятеро": 10,
    "двух": 2, "трёх": 3, "трех": 3, "полтора": 1.5, "полторы": 1.5,
}
# Fraction words, read as a percent share ("почти половина" is almost 50 %).
FRACTION_WORDS = {"половина": 50, "половину": 50, "половины": 50, "жартысы": 50, "жартысына": 50,
                  "треть": 100 / 3, "четверть": 25}

# Scale words: the value is stored at full size; the rounding interval scales with it.
SCALES = {"": 1, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
SCALE_WORDS = {
    "thousand": ("тыс", "тысяч", "тысяча", "тысячи", "тысячу", "мың"),
    "million": ("млн", "миллион"),
    "billion": ("млрд", "миллиард"),
}

# Hedge words of each qualifier, Russian and Kazakh; several words are checked longest first.
QUALIFIERS = ("", "over", "under", "about", "almost", "at_least", "at_most")
QUALIFIER_WORDS = {
    "at_least": ("не менее", "не меньше", "как минимум", "минимум", "кем дегенде", "кемінде", "ең кемі"),
    "at_most": ("не более", "не больше", "как максимум", "максимум", "көп дегенде", "ең көбі", "аспайтын"),
    "over": ("свыше", "более", "больше", "сверх", "астам", "аса", "артық"),
    "under": ("менее", "меньше", "не достигает", "кем", "аз"),
    "about": ("около", "порядка", "примерно", "приблизительно", "ориентировочно", "шамамен", "шамасында",
              "шамалы", "мөлшерінде"),
    "almost": ("почти", "практически", "едва ли не", "чуть менее", "чуть меньше", "жуық", "таяу"),
}
HEDGE_SHARE = 0.10
CLOSE_FIT = 0.05

# Words that give the direction of a stated change; matched at the start of a word.
DIRECTION_STEMS = {
    "increase": ("выросл", "вырос", "увеличил", "увеличен", "возрос", "рост", "прирост", "повысил", "повышен",
                 "больше", "чаще", "выше", "өсті", "өсіп", "өскен", "өсім", "артты", "артып", "артқан",
                 "көбейді", "көбейіп", "көбейген", "жоғарылады"),
    "decrease": ("снизил", "снижен", "сократил", "сокращен", "сокращён", "уменьшил", "уменьшен", "упал",
                 "меньше", "реже", "ниже", "понизил", "азайды", "азайып", "азайған", "азайғ", "төмендеді",
                 "төмендеп", "төмендеген", "кеміді", "кеміп", "кеміген", "қысқарды", "қысқарып",
                 "қысқарған"),
}
DIRECTION_WORDS_EXACT = {"increase": ("көп",), "decrease": ("аз", "кем")}

# A space, a no-break space or a narrow no-break space groups thousands.
GROUP_SEP = "[ \u00a0\u202f]"
_LETTERS = "а-яәғқңөұүһіёА-ЯӘҒҚҢӨҰҮҺІЁ"
_NUMERIC = re.compile(rf"^\s*(?P<int>[0-9]{{1,3}}(?:{GROUP_SEP}[0-9]{{3}})+|[0-9]+)(?:[,.](?P<frac>[0-9]+))?"
                      rf"(?:-[{_LETTERS}]+)?(?:{GROUP_SEP}+(?P<scale>[{_LETTERS}]+\.?))?\s*$")
_WORD_SPLIT = re.compile(rf"[{_LETTERS}A-Za-z]+")


@dataclass(frozen=True)
class Interval:
    """An interval of values; half-open [low, high) unless ``high_closed`` (then [low, high])."""

    low: float
    high: float
    high_closed: bool = False

    def __contains__(self, x: float) -> bool:
        if x < self.low:
            return False
        return x <= self.high if self.high_closed else x < self.high

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.low) and math.isfinite(self.high)

    def overlaps(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high


@dataclass(frozen=True)
class NumberReading:
    """A printed number read in full: the number as printed, its decimals, its scale and full value."""

    printed: float
    decimals: int
    scale: str
    word: bool

    @property
    def value(self) -> float:
        return self.printed * SCALES[self.scale]


def normalize_text(text: str) -> str:
    """Text compared for provenance: Unicode NFC, every kind of space (no-break ones too) one plain space."""
    text = unicodedata.normalize("NFC", str(text))
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2007", " ").split())


def scale_of_word(word: str) -> str | None:
    """``thousand``/``million``/``billion`` for a scale word in any case form (``тысячи``, ``мыңнан``), else None."""
    w = word.lower().rstrip(".")
    for scale, stems in SCALE_WORDS.items():
        for stem in stems:
            if w.startswith(stem):
                return scale
    return None


def read_number(text: str) -> NumberReading:
    """Read a printed number with its scale word: ``"4,5 тыс."`` -> 4.5 thousand (value 4 500).

    ``"47 434"`` -> 47434, ``"9,4"`` -> 9.4, ``"4 447-сі"`` -> 4447, ``"екі"`` -> 2, ``"половина"`` -> 50.
    """
    stripped = text.strip()
    word = stripped.lower().split(" ")[0] if stripped else ""
    if word in NUMBER_WORDS:
        return NumberReading(float(NUMBER_WORDS[word]), 0, "", True)
    if word in FRACTION_WORDS:
        return NumberReading(float(FRACTION_WORDS[word]), 0, "", True)
    m = _NUMERIC.match(text)
    if not m:
        raise ValueError(f"not a number as the text writes it: {text!r}")
    scale = ""
    if m["scale"]:
        found = scale_of_word(m["scale"])
        if found is None:
            raise ValueError(f"not a number as the text writes it: {text!r} ({m['scale']!r} is not a scale word)")
        scale = found
    digits = re.sub(GROUP_SEP, "", m["int"])
    printed = float(f"{digits}.{m['frac']}") if m["frac"] else float(digits)
    return NumberReading(printed, len(m["frac"]) if m["frac"] else 0, scale, False)


def parse_number(text: str) -> float:
    """The number as printed, without its scale: ``"47 434"`` -> 47434, ``"9,2 тысячи"`` -> 9.2."""
    return read_number(text).printed


def decimals_of(text: str) -> int:
    """How many decimals a printed number shows: ``"9,4"`` -> 1, ``"47 434"`` -> 0."""
    try:
        return read_number(text).decimals
    except ValueError:
        return 0


def is_word_number(text: str) -> bool:
    try:
        return read_number(text).word
    except ValueError:
        return False


def stated_interval(value: float, decimals: int, scale: str = "") -> Interval:
    """The values that round to ``value`` at ``decimals`` printed places: 3.9 with 1 -> [3.85, 3.95).

    With a scale the half unit scales too: 4 500 printed ``4,5`` thousand -> [4 450, 4 550).
    A word number (``"екі есеге"``) is read as rounded to a whole: [1.5, 2.5).
    """
    half = 0.5 * 10 ** (-decimals) * SCALES[scale or ""]
    return Interval(value - half, value + half)


def value_interval(value: float, value_text: str, unit: str = "", scale: str = "", qualifier: str = "") -> Interval:
    """Every value a printed figure allows, rounding, scale and hedge included (see the module docstring).

    A whole count printed in full, without scale or hedge, is exact: [x, x].
    """
    reading = read_number(value_text) if value_text else NumberReading(abs(value), 0, scale, False)
    scale = scale or reading.scale
    magnitude = abs(value)
    if unit in ("count", "amount", "abs_change") and not scale and not reading.word and reading.decimals == 0:
        base = Interval(magnitude, magnitude, high_closed=True)
    else:
        base = stated_interval(magnitude, reading.decimals, scale)
    hedge = magnitude * HEDGE_SHARE
    if qualifier == "over":
        span = Interval(magnitude, math.inf)
    elif qualifier == "at_least":
        span = Interval(magnitude, math.inf)
    elif qualifier == "under":
        span = Interval(-math.inf if value < 0 else 0.0, magnitude)
    elif qualifier == "at_most":
        span = Interval(-math.inf if value < 0 else 0.0, magnitude, high_closed=True)
    elif qualifier == "about":
        span = Interval(min(base.low, magnitude - hedge), max(base.high, magnitude + hedge))
    elif qualifier == "almost":
        span = Interval(min(base.low, magnitude - hedge), magnitude, high_closed=True)
    else:
        span = base
    if value < 0:
        return Interval(-span.high, -span.low, high_closed=True)
    return span


def fold_fit(ratio_value: float, stated: float, decimals: int) -> str:
    """``close`` or ``loose`` for a fold inside its tolerance: a whole-number fold (word or digits) fits closely
    within ±:data:`CLOSE_FIT` of itself; a fold printed with decimals fits by its rounding (``rounding``)."""
    if decimals > 0:
        return "rounding"
    return "close" if abs(ratio_value - stated) <= CLOSE_FIT * stated else "loose"


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.findall(normalize_text(text))]


def qualifier_from_words(text: str) -> str:
    """The hedge a text's words state (``свыше 5 тыс.`` -> ``over``), or '' when none; the longest word wins."""
    lowered = " " + " ".join(_words(text)) + " "
    found = []
    for qualifier, words in QUALIFIER_WORDS.items():
        for w in words:
            if f" {w} " in lowered:
                found.append((len(w), qualifier))
    return max(found)[1] if found else ""


def direction_from_words(text: str) -> str | None:
    """``increase`` or ``decrease`` when the words of ``text`` say so (вдвое чаще, азайды, меньше на 10 %);
    None when they say neither or both."""
    words = _words(text)
    found = set()
    for direction, stems in DIRECTION_STEMS.items():
        if any(w.startswith(s) for w in words for s in stems):
            found.add(direction)
    for direction, exact in DIRECTION_WORDS_EXACT.items():
        if any(w in exact for w in words):
            found.add(direction)
    return found.pop() if len(found) == 1 else None


def round_half_up(x: float, decimals: int = 0) -> float:
    """Round as people do in print (2.25 -> 2.3, -2.25 -> -2.3), not banker's rounding.

    The float's shortest decimal form is rounded, so 2.675 (stored as 2.67499...) still gives 2.68.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))
