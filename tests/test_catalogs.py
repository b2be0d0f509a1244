"""The "analysis" catalogs: every message the notebooks' package code shows has a Kazakh and a Russian text."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import analysis
from analysis.i18n.text import LOCALES_DIR, missing_translations, translator

PACKAGE = Path(analysis.__file__).parent
# The modules whose text the notebooks show; their messages live in the "analysis" domain.
MODULES = ("nb/context", "nb/story", "nb/figures", "nb/tables", "nb/explain", "i18n/labels")
MARKERS = ("_", "N_")
# Functions that translate a message chosen at run time (from a table of N_-marked messages).
DYNAMIC_OK = {"metric_label", "theme_label", "label_of", "chapter_title", "_section", "_pair_sentence"}
KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def _calls(tree):
    """(function name, call node) of each call to ``_``/``N_``/``ctx._``, with the function it sits in."""
    for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]:
        for node in ast.walk(func):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if (isinstance(f, ast.Name) and f.id in MARKERS) or (isinstance(f, ast.Attribute) and f.attr == "_"):
                yield func.name, node
    for node in tree.body:  # module-level tables of N_ marks
        for sub in ast.walk(node):
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "N_":
                yield "<module>", sub


def collect():
    literal, dynamic = set(), set()
    for name in MODULES:
        tree = ast.parse((PACKAGE / f"{name}.py").read_text(encoding="utf-8"))
        for func, call in _calls(tree):
            arg = call.args[0] if call.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                literal.add(arg.value)
            else:
                dynamic.add(func)
    return literal, dynamic


MSGIDS, DYNAMIC = collect()


def test_messages_are_found():
    assert len(MSGIDS) > 150
    assert "Figure {number}" in MSGIDS and "Enforcement of judicial acts" in MSGIDS


def test_translated_at_run_time_only_from_marked_tables():
    assert DYNAMIC <= DYNAMIC_OK, f"translate literals or mark them with N_: {sorted(DYNAMIC - DYNAMIC_OK)}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
class TestCatalog:
    def test_every_message_translated(self, lang):
        assert missing_translations(sorted(MSGIDS), lang, "analysis") == []

    def test_no_stale_or_fuzzy_entries(self, lang):
        with (LOCALES_DIR / lang / "LC_MESSAGES" / "analysis.po").open("rb") as fh:
            catalog = read_po(fh, locale=lang)
        ids = {m.id for m in catalog if m.id}
        assert ids - MSGIDS == set(), "entries no code uses"
        assert not [m.id for m in catalog if m.id and m.fuzzy]

    def test_placeholders_kept(self, lang):
        _ = translator(lang, "analysis")
        for msgid in MSGIDS:
            names = set(re.findall(r"\{(\w+)\}", msgid))
            assert set(re.findall(r"\{(\w+)\}", _(msgid))) == names, msgid

    def test_script(self, lang):
        _ = translator(lang, "analysis")
        texts = [_(m) for m in MSGIDS]
        with_kazakh = [t for t in texts if KAZAKH_LETTERS & set(t)]
        if lang == "kk":
            assert len(with_kazakh) > len(texts) // 2
        else:
            assert with_kazakh == []
        latin_words = [t for t in texts if re.fullmatch(r"[A-Za-z ,.()]+", t) and t != "Kazinform"]
        assert latin_words == [], "an untranslated English text"
