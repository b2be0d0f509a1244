"""Themes, metrics and regions are data: their labels in every report language live beside the facts."""

from __future__ import annotations

import shutil

import pytest
import yaml

from analysis.config import DEFAULT_FACTS, LANGUAGES
from analysis.core.facts import load_facts
from analysis.core.metadata import load_metadata, metadata_path
from analysis.errors import MetadataError


@pytest.fixture
def copied(tmp_path):
    """The bundled facts and metadata in a temporary folder, the metadata as an editable dict."""
    facts = tmp_path / "briefing.csv"
    shutil.copyfile(DEFAULT_FACTS, facts)
    meta = yaml.safe_load(metadata_path(DEFAULT_FACTS).read_text(encoding="utf-8"))

    def write(data=meta):
        metadata_path(facts).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        return facts

    return facts, meta, write


class TestBundled:
    def test_every_id_has_every_label(self):
        facts = load_facts(DEFAULT_FACTS)
        meta = load_metadata([DEFAULT_FACTS], facts)
        for lang in LANGUAGES:
            assert all(meta.metric_label(m, lang) for m in facts["metric"])
            assert all(meta.theme_label(t, lang) for t in facts["theme"])
            assert meta.region_label("Astana", lang)

    def test_counts_name_their_unit_in_every_language(self):
        facts = load_facts(DEFAULT_FACTS)
        meta = load_metadata([DEFAULT_FACTS], facts)
        counted = facts.loc[facts["unit"] == "count", "metric"].unique()
        assert [m for m in counted if not all(meta.unit_forms(m, lang) for lang in LANGUAGES)] == []
        assert len(meta.unit_forms("writs_sent", "ru")) == 3 and len(meta.unit_forms("writs_sent", "en")) == 2


class TestProblems:
    def test_missing_file(self, tmp_path):
        facts = tmp_path / "briefing.csv"
        shutil.copyfile(DEFAULT_FACTS, facts)
        with pytest.raises(MetadataError, match=r"briefing\.meta\.yaml: metadata file not found"):
            load_metadata([facts], load_facts(facts))

    def test_a_metric_without_a_label_names_the_id_file_and_language(self, copied):
        facts, meta, write = copied
        del meta["metrics"]["writs_sent"]["label"]["kk"]
        with pytest.raises(MetadataError, match=r"briefing\.meta\.yaml: metric 'writs_sent': no 'label' in "
                                                r"language 'kk'"):
            load_metadata([write()], load_facts(facts))

    def test_a_theme_without_metadata(self, copied):
        facts, meta, write = copied
        del meta["themes"]["enforcement"]
        with pytest.raises(MetadataError, match=r"theme 'enforcement': no 'label' mapping"):
            load_metadata([write()], load_facts(facts))

    def test_a_region_without_a_label(self, copied):
        facts, meta, write = copied
        meta["regions"] = {}
        with pytest.raises(MetadataError, match=r"region 'Astana': no label in language 'en'"):
            load_metadata([write()], load_facts(facts))

    def test_an_unknown_kind(self, copied):
        facts, meta, write = copied
        meta["metrics"]["writs_sent"]["kind"] = "colour"
        with pytest.raises(MetadataError, match=r"metric 'writs_sent': kind 'colour'"):
            load_metadata([write()], load_facts(facts))

    def test_every_problem_is_named(self, copied):
        facts, meta, write = copied
        for metric in ("writs_sent", "round_tables"):
            del meta["metrics"][metric]["label"]["ru"]
        with pytest.raises(MetadataError) as info:
            load_metadata([write()], load_facts(facts))
        assert "'writs_sent'" in str(info.value) and "'round_tables'" in str(info.value)
