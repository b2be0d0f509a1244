"""The appendix's own tables: the source's record in the report language, the provenance of every figure."""

from __future__ import annotations

import pytest

from analysis.nb import appendix
from analysis.nb import context as notebook


@pytest.fixture(scope="module", params=["en", "kk", "ru"])
def ctx(request, tmp_path_factory):
    return notebook.setup(90, lang=request.param, figures_dir=str(tmp_path_factory.mktemp("figs")))


def test_the_source_record_uses_readers_names_and_its_translation(ctx):
    frame = appendix.source_record_table(ctx).frame
    fields = dict(zip(frame.iloc[:, 0], frame.iloc[:, 1], strict=True))
    keys = {"source_id", "outlet", "published", "title", "title_en", "language", "file", "sha256"}
    assert not keys & set(fields)  # no key of the record file as a field name
    record = ctx.sources[0]
    translated = record.get("translations", {}).get(ctx.lang, {})
    assert fields[ctx._("Outlet")] == (translated.get("outlet") or record["outlet"])
    assert fields[ctx._("Checksum (SHA-256)")] == record["sha256"]
    # The source is in Kazakh: its title needs no translation in the Kazakh report, and gets ours in the others.
    title_translation = fields.get(ctx._("Title, our translation"))
    assert title_translation == {"en": record["title_en"], "kk": None, "ru": translated.get("title")}[ctx.lang]


def test_provenance_leaves_the_theme_out_and_keeps_numbers_of_the_source_whole(ctx):
    frame = appendix.provenance_table(ctx).frame
    assert ctx._("Theme") not in frame.columns and len(frame) == len(ctx.facts)
    quotes = " ".join(frame[ctx._("Source text")])
    assert "47\u00a0434" in quotes and "47 434" not in quotes


def test_a_percentage_point_is_defined_before_the_briefings_terms(ctx):
    terms = appendix.definitions(ctx)
    assert len(terms) == 1 + len(ctx.metadata.glossary_in(ctx.lang))
    assert ctx.pct(10, 0) in terms[0] and ctx.pct(20, 0) in terms[0]
