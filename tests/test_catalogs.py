"""The message catalogs, checked against what Babel extracts from the package and the notebooks.

The same mapping files (``src/analysis/i18n/babel-<domain>.cfg``) and keywords (the Makefile's
``I18N_KEYWORDS``) as ``make i18n``. A failure names the message and where the code uses it:

- a message of the code or a notebook has no Kazakh or Russian text, or only a fuzzy one;
- a catalog keeps a message no code uses any more (orphaned), or an obsolete ``#~`` entry;
- a translation drops or invents a ``{placeholder}``; a plural entry lacks one of its forms;
- the committed ``locales/<domain>.pot`` is not what the code has now (``make i18n`` was not run);
- a Kazakh text without Kazakh letters overall, a Russian text with them, an English text left untranslated.
"""

from __future__ import annotations

import io
import json
import re
import string
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from analysis.i18n import text
from analysis.i18n.babel_ipynb import extract_notebook
from analysis.i18n.text import LOCALES_DIR, Translator, plural_index

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "src" / "analysis" / "i18n"
LANGS = ("kk", "ru")
DOMAINS = ("analysis", "report")
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")
# Translations that are rightly in Latin letters: names and codes.
LATIN_OK = {"SHA-256", "Kazinform"}
# Package modules that translate a message chosen at run time from a table of N_-marked messages. Anywhere
# else (and in every notebook) a translated message must be a literal, or Babel cannot see it.
RUN_TIME_MESSAGES_OK = {"src/analysis/i18n/labels.py", "src/analysis/nb/story.py"}
PLURAL_FORMS = {
    "kk": "nplurals=2; plural=(n != 1);",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
}


def _keywords() -> dict:
    """The extraction keywords, read from the Makefile's ``I18N_KEYWORDS`` (``-k _ -k N_ -k _n:1,2``)."""
    found = re.search(r"^I18N_KEYWORDS\s*:?=(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
    assert found, "the Makefile defines I18N_KEYWORDS"
    return parse_keywords(re.findall(r"-k\s*(\S+)", found.group(1)))


KEYWORDS = _keywords()


@dataclass
class Used:
    """A message as the code uses it: its id (a (singular, plural) pair for a plural) and its places."""

    id: str | tuple[str, str]
    places: set[str] = field(default_factory=set)

    @property
    def where(self) -> str:
        return sorted(self.places)[0]


def mapping(domain: str):
    path = I18N / f"babel-{domain}.cfg"
    with path.open(encoding="utf-8") as fh:
        return parse_mapping_cfg(fh, filename=str(path))


def extract(root: Path, domain: str) -> dict[str, Used]:
    """The messages of ``domain`` under ``root``, keyed by msgid (a plural's singular), as ``make i18n`` sees them."""
    method_map, options_map = mapping(domain)
    used: dict[str, Used] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(root), method_map, options_map, keywords=KEYWORDS
    ):
        key = message if isinstance(message, str) else message[0]
        used.setdefault(key, Used(message)).places.add(f"{Path(filename).as_posix()}:{lineno}")
    return used


@cache
def used_in_project(domain: str) -> dict[str, Used]:
    return extract(ROOT, domain)


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def placeholders(message: str) -> set[str]:
    """The ``str.format`` names of ``message`` (``{count}``, ``{row.name}`` gives ``row``)."""
    names = set()
    for _literal, name, _spec, _conversion in string.Formatter().parse(message):
        if name is not None:
            names.add(re.split(r"[.\[]", name, maxsplit=1)[0])
    return names


def _forms(message) -> tuple[str, ...]:
    return tuple(message.string) if message.pluralizable else (message.string,)


def catalog_problems(used: dict[str, Used], catalog: Catalog) -> dict[str, list[str]]:
    """What is wrong with ``catalog`` for the messages ``used``, by kind; every list empty when all is well."""
    problems: dict[str, list[str]] = {
        "untranslated": [], "fuzzy": [], "plural": [], "placeholders": [], "orphaned": [], "obsolete": [],
    }
    for key, use in sorted(used.items()):
        label = f"{key!r} ({use.where})"
        entry = catalog.get(key)
        forms = _forms(entry) if entry is not None else ("",)
        if entry is None or not any(forms):
            problems["untranslated"].append(label)
            continue
        if entry.fuzzy:
            problems["fuzzy"].append(label)
        if isinstance(use.id, tuple) != entry.pluralizable or (
            entry.pluralizable and tuple(entry.id) != tuple(use.id)
        ):
            problems["plural"].append(f"{label}: the catalog's entry is {entry.id!r}, the code's {use.id!r}")
        elif entry.pluralizable and (len(forms) != catalog.num_plurals or not all(forms)):
            problems["plural"].append(f"{label}: {sum(map(bool, forms))} of {catalog.num_plurals} forms written")
        ids = use.id if isinstance(use.id, tuple) else (use.id,)
        expected = set().union(*map(placeholders, ids))
        for form in filter(None, forms):
            try:
                names = placeholders(form)
            except ValueError as exc:
                problems["placeholders"].append(f"{label}: {form!r} is not a valid format string ({exc})")
                continue
            if names != expected:
                problems["placeholders"].append(
                    f"{label}: {form!r} has {sorted(names)}, the message {sorted(expected)}")
    for entry in catalog:
        key = entry.id if isinstance(entry.id, str) else entry.id[0]
        if key and key not in used:
            problems["orphaned"].append(repr(key))
    problems["obsolete"] = [repr(key) for key in catalog.obsolete]
    return problems


HINTS = {
    "untranslated": "no translation (run `make i18n` if the message is new, then write its msgstr)",
    "fuzzy": "a fuzzy translation (check it, then remove the `#, fuzzy` line)",
    "plural": "a plural entry without all its forms, or singular/plural not as the code has it (`make i18n`)",
    "placeholders": "placeholders that differ from the message's",
    "orphaned": "entries no code uses any more (`make i18n` removes them)",
    "obsolete": "obsolete `#~` entries (`make i18n` removes them)",
}


def _report(where: str, kind: str, items: list[str]) -> str:
    return f"{where}: {len(items)} with {HINTS[kind]}:\n  " + "\n  ".join(items)


CASES = [pytest.param(domain, lang, id=f"{lang}-{domain}") for domain in DOMAINS for lang in LANGS]


class TestExtraction:
    def test_package_and_notebook_messages_are_found(self):
        analysis, report = used_in_project("analysis"), used_in_project("report")
        assert len(analysis) > 150 and len(report) > 15
        assert {"Figure {number}", "Enforcement of judicial acts", "Astana"} <= analysis.keys()
        assert {"Contents", "Page {page} of {pages}", "Reproducibility"} <= report.keys()

    def test_notebook_extractor_is_registered(self):
        found = {ep.name: ep.value for ep in entry_points(group="babel.extractors")}
        assert found.get("ipynb") == "analysis.i18n.babel_ipynb:extract_notebook"

    def test_a_message_in_a_notebook_is_extracted(self, tmp_path):
        (tmp_path / "notebooks").mkdir()
        nb = _notebook(['ctx.show(_("{count} writs were checked", count=n))'])
        (tmp_path / "notebooks" / "07_new.ipynb").write_text(json.dumps(nb), encoding="utf-8")
        used = extract(tmp_path, "analysis")
        assert used["{count} writs were checked"].places == {"notebooks/07_new.ipynb:1001"}
        assert extract(tmp_path, "report") == {}

    @pytest.mark.parametrize("domain", DOMAINS)
    def test_template_is_up_to_date(self, domain):
        pot = read_catalog(LOCALES_DIR / f"{domain}.pot")
        in_pot = {(m.id if isinstance(m.id, str) else m.id[0]): (m.id, {f for f, _ in m.locations})
                  for m in pot if m.id}
        in_code = {key: (use.id, {p.rsplit(":", 1)[0] for p in use.places})
                   for key, use in used_in_project(domain).items()}
        new = sorted(in_code.keys() - in_pot.keys())
        gone = sorted(in_pot.keys() - in_code.keys())
        changed = sorted(k for k in in_code.keys() & in_pot.keys() if in_code[k] != in_pot[k])
        assert not (new or gone or changed), (
            f"locales/{domain}.pot is not what the code has now: run `make i18n`. New: {new}; "
            f"no longer used: {gone}; moved or changed: {changed}")

    def test_notebook_messages_are_literals(self):
        """A notebook translates only literal messages: ``_(f"...")`` or ``_(text)`` would stay English."""
        found = []
        for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
            with path.open("rb") as fh:
                found += [f"notebooks/{path.name}:{line}" for line, func, messages, _ in
                          extract_notebook(fh, KEYWORDS, [], {}) if _not_literal(func, messages)]
        assert found == [], "translate a literal message (named values go in `_(\"...\", name=value)`)"

    def test_package_translates_run_time_messages_only_from_marked_tables(self):
        found = set()
        for path in sorted((ROOT / "src" / "analysis").rglob("*.py")):
            with path.open("rb") as fh:
                if any(_not_literal(func, messages) for _, func, messages, _ in extract_python(fh, KEYWORDS, [], {})):
                    found.add(path.relative_to(ROOT).as_posix())
        assert found <= RUN_TIME_MESSAGES_OK, (
            f"translate literals, or mark the messages with N_ in a table: {sorted(found - RUN_TIME_MESSAGES_OK)}")


def _not_literal(func: str, messages) -> bool:
    messages = messages if isinstance(messages, tuple) else (messages,)
    spec = KEYWORDS.get(func) or (1,)
    return any(index > len(messages) or messages[index - 1] is None for index in spec)


@pytest.mark.parametrize(("domain", "lang"), CASES)
class TestCatalog:
    @staticmethod
    def _problems(domain, lang, kind):
        catalog = read_catalog(LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po", lang)
        return catalog_problems(used_in_project(domain), catalog)[kind]

    @pytest.mark.parametrize("kind", list(HINTS))
    def test_no_problem(self, domain, lang, kind):
        items = self._problems(domain, lang, kind)
        assert items == [], _report(f"{lang}/LC_MESSAGES/{domain}.po", kind, items)

    def test_plural_forms_header(self, domain, lang):
        catalog = read_catalog(LOCALES_DIR / lang / "LC_MESSAGES" / f"{domain}.po", lang)
        assert catalog.plural_forms == PLURAL_FORMS[lang]

    def test_script(self, domain, lang):
        """Of the translated messages (the others fail above): the script of each text, every plural form."""
        _ = Translator(lang, domain)
        used = {key: use for key, use in used_in_project(domain).items() if _.has(key)}
        texts = {key: _(key) for key, use in used.items() if isinstance(use.id, str)}
        texts |= {f"{key} [n={n}]": _._n(*use.id, n) for key, use in used.items()
                  if isinstance(use.id, tuple) for n in (1, 2, 5)}
        with_kazakh = [key for key, t in texts.items() if KAZAKH_LETTERS & set(t)]
        if lang == "kk":
            assert len(with_kazakh) > len(texts) // 2, "most Kazakh texts have a Kazakh letter"
        else:
            assert with_kazakh == [], f"Kazakh letters in Russian text: {with_kazakh}"
        english = [key for key, t in texts.items() if _only_latin(t) and key not in LATIN_OK]
        assert english == [], f"texts left in English: {english}"


def _only_latin(text_: str) -> bool:
    letters = [c for c in re.sub(r"\{[^{}]*\}", "", text_) if c.isalpha()]
    return bool(letters) and all(c.isascii() for c in letters)


def _notebook(code_cells: list[str], markdown: str = "") -> dict:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": markdown or "# A chapter"}]
    cells += [{"cell_type": "code", "metadata": {}, "source": src.splitlines(keepends=True), "outputs": [],
               "execution_count": None} for src in code_cells]
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


class TestNotebookExtractor:
    def _extract(self, nb: dict) -> list:
        fh = io.BytesIO(json.dumps(nb).encode("utf-8"))
        return list(extract_notebook(fh, KEYWORDS, ["Translators:"], {}))

    def test_code_cells_with_cell_and_line(self):
        found = self._extract(_notebook(
            ['x = 1\nsay(_("Writs sent: {n}", n=x))',
             '%matplotlib inline\n# Translators: a count of requests\n_n("{n} request", "{n} requests", k, n=k)',
             'N_("marked only")\nctx.show(ctx._("Through the context"))\n_ = ctx._\n_._n("{n} day", "{n} days", d)'],
            markdown='_("prose in markdown is not a message")'))
        assert found == [
            (1002, "_", ("Writs sent: {n}", None), []),
            (2003, "_n", ("{n} request", "{n} requests", None, None), ["Translators: a count of requests"]),
            (3001, "N_", "marked only", []),
            (3002, "_", "Through the context", []),
            (3004, "_n", ("{n} day", "{n} days", None), []),
        ]

    def test_a_message_that_is_not_a_literal_is_seen(self):
        found = self._extract(_notebook(['_("A literal")', 'say(_(f"{x} writs"))\nsay(_(text))',
                                         '_n("{n} day", plural, n)']))
        assert [(line, _not_literal(func, m)) for line, func, m, _ in found] == [
            (1001, False), (2000, True), (2002, True), (3001, True)]

    def test_list_or_string_sources_and_no_cells(self):
        nb = _notebook([])
        nb["cells"].append({"cell_type": "code", "metadata": {}, "source": '_("one string")', "outputs": []})
        assert [m for _, _, m, _ in self._extract(nb)] == ["one string"]
        assert self._extract({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}) == []


def _used(*ids) -> dict[str, Used]:
    return {(i if isinstance(i, str) else i[0]): Used(i, {"notebooks/07_new.ipynb:4001"}) for i in ids}


def _ru_catalog(entries) -> Catalog:
    catalog = Catalog(locale="ru")
    for msgid, msgstr, *flags in entries:
        catalog.add(msgid, msgstr, flags=flags)
    return catalog


class TestChecksCatchEachProblem:
    """The catalog checks on made-up catalogs: each problem is found and named."""

    GOOD = [("Writs: {n}", "Листы: {n}"), (("{n} writ", "{n} writs"), ("{n} лист", "{n} листа", "{n} листов"))]

    def test_a_complete_catalog_passes(self):
        problems = catalog_problems(_used("Writs: {n}", ("{n} writ", "{n} writs")), _ru_catalog(self.GOOD))
        assert problems == {kind: [] for kind in HINTS}

    def test_each_problem(self):
        catalog = _ru_catalog(self.GOOD + [
            ("Fuzzy {x}", "Нечётко {x}", "fuzzy"),
            ("Dropped {a} and {b}", "Потеряно {a}"),
            ("Invented", "Придумано {c}"),
            (("{n} day", "{n} days"), ("{n} день", "", "{n} дней")),
            ("No longer used", "Больше не нужно"),
            ("Empty", ""),
        ])
        catalog.obsolete["Old"] = catalog["Writs: {n}"]
        used = _used("Writs: {n}", ("{n} writ", "{n} writs"), "Fuzzy {x}", "Dropped {a} and {b}", "Invented",
                     ("{n} day", "{n} days"), "Empty", "New in a notebook")
        problems = catalog_problems(used, catalog)
        where = " (notebooks/07_new.ipynb:4001)"
        assert problems["untranslated"] == ["'Empty'" + where, "'New in a notebook'" + where]
        assert problems["fuzzy"] == ["'Fuzzy {x}'" + where]
        assert problems["plural"] == ["'{n} day'" + where + ": 2 of 3 forms written"]
        assert [p.split(")")[0] + ")" for p in problems["placeholders"]] == ["'Dropped {a} and {b}'" + where,
                                                                      "'Invented'" + where]
        assert problems["orphaned"] == ["'No longer used'"]
        assert problems["obsolete"] == ["'Old'"]

    def test_singular_in_the_catalog_plural_in_the_code(self):
        problems = catalog_problems(_used(("Writs: {n}", "Writs: {n}")), _ru_catalog(self.GOOD[:1]))
        assert len(problems["plural"]) == 1

    def test_a_format_spec_keeps_the_placeholder(self):
        catalog = _ru_catalog([("From {n} requests", "{n:abl} бастап")])
        assert catalog_problems(_used("From {n} requests"), catalog)["placeholders"] == []

    def test_a_broken_format_string(self):
        problems = catalog_problems(_used("Writs: {n}"), _ru_catalog([("Writs: {n}", "Листы: {n")]))
        assert "not a valid format string" in problems["placeholders"][0]


class TestPlurals:
    @pytest.mark.parametrize(("n", "form"), [
        (1, 0), (2, 1), (5, 2), (11, 2), (12, 2), (14, 2), (21, 0), (22, 1), (25, 2), (111, 2), (104, 1), (0, 2),
        (1.5, 1), (9.4, 1), (0.5, 1), (21.0, 0), (47434.0, 1), (-3, 1),
    ])
    def test_russian(self, n, form):
        assert plural_index("ru", n) == form

    @pytest.mark.parametrize("lang", ["kk", "en"])
    @pytest.mark.parametrize(("n", "form"), [(1, 0), (2, 1), (5, 1), (21, 1), (0, 1), (1.5, 1), (1.0, 0)])
    def test_kazakh_and_english(self, lang, n, form):
        assert plural_index(lang, n) == form

    @pytest.mark.parametrize("n", [None, "5", float("nan"), True])
    def test_not_a_number(self, n):
        with pytest.raises(TypeError, match="finite number"):
            plural_index("ru", n)

    @pytest.fixture
    def catalogs(self, tmp_path, monkeypatch):
        """Kazakh and Russian catalogs with plural messages; the Russian "{n} day" lacks its "few" form."""
        entries = {
            "kk": [("{n} writ", "{n} writs", ["{n} парақ", "{n} парақ"]),
                   ("{n} percent", "{n} percent", ["{n} пайыз", "{n} пайыз"])],
            "ru": [("{n} writ", "{n} writs",
                    ["{n} исполнительный лист", "{n} исполнительных листа", "{n} исполнительных листов"]),
                   ("{n} percent", "{n} percent", ["{n} процент", "{n} процента", "{n} процентов"]),
                   ("{n} day", "{n} days", ["{n} день", "", "{n} дней"])],
        }
        for lang, messages in entries.items():
            po = f'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Plural-Forms: {PLURAL_FORMS[lang]}\\n"\n\n'
            for singular, plural, forms in messages:
                po += f'msgid "{singular}"\nmsgid_plural "{plural}"\n'
                po += "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms)) + "\n"
            folder = tmp_path / lang / "LC_MESSAGES"
            folder.mkdir(parents=True)
            (folder / "analysis.po").write_text(po, encoding="utf-8")
        monkeypatch.setattr(text, "LOCALES_DIR", tmp_path)
        text._catalog.cache_clear()
        yield
        text._catalog.cache_clear()

    @pytest.mark.parametrize(("lang", "n", "shown", "expected"), [
        ("ru", 1, "1", "1 исполнительный лист"),
        ("ru", 3, "3", "3 исполнительных листа"),
        ("ru", 11, "11", "11 исполнительных листов"),
        ("ru", 21, "21", "21 исполнительный лист"),
        ("ru", 47434.0, "47 434", "47 434 исполнительных листа"),
        ("kk", 5, "5", "5 парақ"),
        ("en", 1, "1", "1 writ"),
        ("en", 2, "2", "2 writs"),
        ("en", 1.5, "1.5", "1.5 writs"),
    ])
    def test_translator_chooses_the_form(self, catalogs, lang, n, shown, expected):
        assert Translator(lang)._n("{n} writ", "{n} writs", n, n=shown) == expected

    @pytest.mark.parametrize(("lang", "n", "shown", "expected"), [
        ("ru", 1, "1", "1 процент"),
        ("ru", 9.4, "9,4", "9,4 процента"),
        ("ru", 3.9, "3,9", "3,9 процента"),
        ("ru", 25, "25", "25 процентов"),
        ("kk", 9.4, "9,4", "9,4 пайыз"),
    ])
    def test_a_fraction_takes_the_form_cldr_gives_it(self, catalogs, lang, n, shown, expected):
        assert Translator(lang)._n("{n} percent", "{n} percent", n, n=shown) == expected

    def test_an_entry_without_every_form_is_not_used(self, catalogs):
        _ = Translator("ru")
        assert _._n("{n} day", "{n} days", 5, n="5") == "5 days"
        assert not _.has("{n} day") and _.has("{n} writ")
