"""Kazakh case endings after a numeral, chosen by how the numeral is spoken.

Kazakh joins a case ending to a number with a hyphen (``171-ден``, ``9,35 %-дан``, ``4 447-сі``). The ending
follows the last spoken word: its last vowel picks the back or front form (vowel harmony) and its last sound
the first consonant of the ending. ``171`` is spoken ``жүз жетпіс бір`` and takes ``-ден`` like ``бір``; a
percent is spoken ``... пайыз`` and takes ``-дан`` like ``пайыз``; ``9,35`` ends in ``... отыз бес``.
"""

from __future__ import annotations

UNITS = ("нөл", "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз")
TENS = ("", "он", "жиырма", "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан")
PERCENT_WORD = "пайыз"

BACK_VOWELS = set("аоұыяу")
FRONT_VOWELS = set("әөүіеи")
VOICELESS = set("пфкқтсшщчцхһ")
NASALS = set("мнң")
SONORANTS = set("рйлуw")

# Each case: the ending after a vowel, a sonorant (р й л у), a nasal (м н ң), a voiced consonant (з ж б в г д)
# and a voiceless one, in back / front pairs.
ENDINGS = {
    "abl": {"vowel": ("дан", "ден"), "sonorant": ("дан", "ден"), "nasal": ("нан", "нен"),
            "voiced": ("дан", "ден"), "voiceless": ("тан", "тен")},
    "dat": {"vowel": ("ға", "ге"), "sonorant": ("ға", "ге"), "nasal": ("ға", "ге"),
            "voiced": ("ға", "ге"), "voiceless": ("қа", "ке")},
    "loc": {"vowel": ("да", "де"), "sonorant": ("да", "де"), "nasal": ("да", "де"),
            "voiced": ("да", "де"), "voiceless": ("та", "те")},
    "gen": {"vowel": ("ның", "нің"), "sonorant": ("дың", "дің"), "nasal": ("ның", "нің"),
            "voiced": ("дың", "дің"), "voiceless": ("тың", "тің")},
    "acc": {"vowel": ("ны", "ні"), "sonorant": ("ды", "ді"), "nasal": ("ды", "ді"),
            "voiced": ("ды", "ді"), "voiceless": ("ты", "ті")},
    "ins": {"vowel": ("мен", "мен"), "sonorant": ("мен", "мен"), "nasal": ("мен", "мен"),
            "voiced": ("бен", "бен"), "voiceless": ("пен", "пен")},
    "poss": {"vowel": ("сы", "сі"), "sonorant": ("ы", "і"), "nasal": ("ы", "і"),
             "voiced": ("ы", "і"), "voiceless": ("ы", "і")},
}
CASES = tuple(ENDINGS)


def spoken_last_word(number: int) -> str:
    """The last word of a whole number spoken in Kazakh: 171 → ``бір``, 2000 → ``мың``, 40 → ``қырық``."""
    number = abs(int(number))
    if number == 0:
        return UNITS[0]
    if number % 10:
        return UNITS[number % 10]
    if number % 100:
        return TENS[(number % 100) // 10]
    # A round number ends in its smallest scale word: 1 100 "бір мың бір жүз", 5 000 "бес мың".
    if number % 1000:
        return "жүз"
    if number % 10**6:
        return "мың"
    if number % 10**9:
        return "миллион"
    return "миллиард"


def last_word(value: float, decimals: int = 0, percent: bool = False) -> str:
    """The last spoken word of a number as printed with ``decimals`` places (and ``%``, spoken ``пайыз``)."""
    if percent:
        return PERCENT_WORD
    if decimals > 0:
        fraction = round(abs(value) * 10**decimals) % 10**decimals
        if fraction:
            return spoken_last_word(fraction)
    return spoken_last_word(round(abs(value)))


def _sound(word: str) -> str:
    last = word[-1]
    if last in BACK_VOWELS | FRONT_VOWELS and last not in "уй":
        return "vowel"
    if last in NASALS:
        return "nasal"
    if last in SONORANTS:
        return "sonorant"
    if last in VOICELESS:
        return "voiceless"
    return "voiced"


def _front(word: str) -> bool:
    for letter in reversed(word):
        if letter in FRONT_VOWELS:
            return True
        if letter in BACK_VOWELS - {"у"}:
            return False
    return False


def case_ending(word: str, case: str) -> str:
    """The ending ``case`` takes after ``word``: ``case_ending("бір", "abl")`` → ``ден``."""
    if case not in ENDINGS:
        raise ValueError(f"unknown Kazakh case {case!r}: expected one of {', '.join(CASES)}")
    back, front = ENDINGS[case][_sound(word)]
    return front if _front(word) else back


def with_case(text: str, value: float, case: str, decimals: int = 0, percent: bool = False) -> str:
    """``text`` (a formatted number) with the ending ``case`` takes: ``with_case("171", 171, "abl")`` → ``171-ден``."""
    return f"{text}-{case_ending(last_word(value, decimals, percent), case)}"
