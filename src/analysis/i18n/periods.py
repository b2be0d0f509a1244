"""A reporting period that a Russian or Kazakh message can put in the case its sentence needs.

A message writes ``В {year:loc} суды…`` (ru) or ``{year:loc} соттар…`` (kk); :class:`PeriodLabel` formats
``loc`` as ``2025 году`` / ``январе–сентябре 2025 г.`` in Russian and ``2025 жылы`` / ``2025 ж.
қаңтар–қыркүйекте`` in Kazakh. A plain year alone prints as ``2025``, so a message about a year never
writes the word "year" itself: ``{year} году`` would read ``январь–сентябрь 2025 г. году`` for nine months.
Without a format spec a label is its plain text.

Russian cases: ``nom`` (``2025 год``), ``gen`` (``2025 года``), ``acc`` (after ``за``: ``2025 год``), ``loc``
(after ``в``: ``2025 году``), ``ins`` (after ``с``: ``2025 годом``).
Kazakh: ``nom`` (``2025 жыл``), ``loc`` (``2025 жылы``), ``attr`` (``2025 жылғы``), ``gen`` (``2025 жылдың``),
``ins`` (``2025 жылмен``), ``abl`` (``2025 жылғыдан``, "than in 2025").
"""

from __future__ import annotations

from .kazakh import case_ending

RU_CASES = ("nom", "gen", "acc", "loc", "ins")
KK_CASES = ("nom", "loc", "attr", "gen", "ins", "abl")

# A year's own word in each Russian case.
_RU_YEAR = {"nom": "год", "gen": "года", "acc": "год", "loc": "году", "ins": "годом"}
_RU_MONTHS = {
    "nom": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
            "ноябрь", "декабрь"),
    "gen": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
            "ноября", "декабря"),
    "loc": ("январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
            "ноябре", "декабре"),
    "ins": ("январём", "февралём", "мартом", "апрелем", "маем", "июнем", "июлем", "августом", "сентябрём",
            "октябрём", "ноябрём", "декабрём"),
}
_RU_HALF = {"nom": "полугодие", "gen": "полугодия", "acc": "полугодие", "loc": "полугодии", "ins": "полугодием"}
_RU_QUARTER = {"nom": "квартал", "gen": "квартала", "acc": "квартал", "loc": "квартале", "ins": "кварталом"}
_KK_YEAR = {"nom": "жыл", "loc": "жылы", "attr": "жылғы", "gen": "жылдың", "ins": "жылмен", "abl": "жылғыдан"}


class PeriodLabel(str):
    """``str`` of a period as printed (``январь–сентябрь 2025 г.``), which knows how to decline itself."""

    lang: str
    kind: str
    parts: dict

    def __new__(cls, text: str, lang: str = "en", kind: str = "", **parts):
        self = super().__new__(cls, text)
        self.lang, self.kind, self.parts = lang, kind, parts
        return self

    def __reduce__(self):
        # Copies and pickles (a cell's values, the run record) keep the forms, not only the text.
        return _rebuild, (str(self), self.lang, self.kind, self.parts)

    def __format__(self, spec: str) -> str:
        if not spec:
            return str(self)
        if self.lang == "ru" and spec in RU_CASES:
            return self._russian(spec)
        if self.lang == "kk" and spec in KK_CASES:
            return self._kazakh(spec)
        raise ValueError(f"a period in {self.lang!r} has no form {spec!r}: expected one of "
                         f"{', '.join(RU_CASES if self.lang == 'ru' else KK_CASES)}")

    def _russian(self, case: str) -> str:
        p = self.parts
        if self.kind == "year":
            return f"{p['year']} {_RU_YEAR[case]}"
        if self.kind in ("half", "quarter"):
            word = (_RU_HALF if self.kind == "half" else _RU_QUARTER)[case]
            return f"{p['roman']} {word} {p['year']} г."
        months = _RU_MONTHS.get(case, _RU_MONTHS["nom"])
        first, last = months[p["first_month"] - 1], months[p["last_month"] - 1]
        if p["first_year"] != p["year"]:
            return f"{first} {p['first_year']}\u2013{last} {p['year']} гг."
        span = first if p["first_month"] == p["last_month"] else f"{first}\u2013{last}"
        return f"{span} {p['year']} г."

    def _kazakh(self, case: str) -> str:
        if self.kind == "year":
            return f"{self.parts['year']} {_KK_YEAR[case]}"
        text = str(self)
        if case == "nom":
            return text
        if self.kind in ("half", "quarter"):
            # "жартыжылдығы", "тоқсаны" carry the possessive ending, after which a case ending takes "н".
            front = text[-1] == "і"
            endings = {"loc": "нде" if front else "нда", "attr": "ндегі" if front else "ндағы",
                       "gen": "нің" if front else "ның", "ins": "мен", "abl": "ндегіден" if front else "ндағыдан"}
            return text + endings[case]
        last = text.rsplit(" ", 1)[-1].rsplit("\u2013", 1)[-1]
        if case in ("gen", "ins"):
            return text + case_ending(last, case)
        located = text + case_ending(last, "loc")
        if case == "loc":
            return located
        # The attributive "-дағы" (of the period) is the locative with "-ғы"/"-гі"; "than in" adds "-дан"/"-ден".
        front = located.endswith("е")
        attributive = located + ("гі" if front else "ғы")
        return attributive if case == "attr" else attributive + ("ден" if front else "дан")


def _rebuild(text: str, lang: str, kind: str, parts: dict) -> PeriodLabel:
    return PeriodLabel(text, lang, kind, **parts)
