"""The raw source is kept byte for byte, with a provenance record beside it."""

import hashlib

import pytest
import yaml

from analysis.config import PROJ_ROOT, RAW_DIR

RAW_FILE = RAW_DIR / "kazinform-2026-01-08-astana-courts.kk.txt"

META_FILE = RAW_DIR / "kazinform-2026-01-08-astana-courts.kk.meta.yaml"
SHARED_SOURCE = PROJ_ROOT.parent / "shared" / "source" / RAW_FILE.name


class TestRawSource:
    def test_hash_matches_provenance_record(self):
        meta = yaml.safe_load(META_FILE.read_text(encoding="utf-8"))
        assert hashlib.sha256(RAW_FILE.read_bytes()).hexdigest() == meta["sha256"]

    def test_identical_to_received_copy_when_present(self):
        if SHARED_SOURCE.is_file():
            assert RAW_FILE.read_bytes() == SHARED_SOURCE.read_bytes()

    def test_provenance_record_names_outlet_date_language_and_content(self):
        meta = yaml.safe_load(META_FILE.read_text(encoding="utf-8"))
        assert meta["file"] == RAW_FILE.name
        assert str(meta["published"]) == "2026-01-08"
        assert meta["language"] == "kk"
        assert "Kazinform" in meta["outlet"]
        assert meta["title"] in RAW_FILE.read_text(encoding="utf-8")
        assert meta["reports"].strip()


RECORDS = sorted(RAW_DIR.glob("*.meta.yaml"))


@pytest.mark.parametrize("record_file", RECORDS, ids=lambda p: p.name)
class TestEveryRecord:
    def test_hash_and_file(self, record_file):
        meta = yaml.safe_load(record_file.read_text(encoding="utf-8"))
        raw = RAW_DIR / meta["file"]
        assert record_file.name == f"{meta['source_id']}.{meta['language']}.meta.yaml"
        assert hashlib.sha256(raw.read_bytes()).hexdigest() == meta["sha256"]

    def test_fields_of_the_template(self, record_file):
        meta = yaml.safe_load(record_file.read_text(encoding="utf-8"))
        for key in ("outlet", "url", "published", "title", "language", "speaker", "reports"):
            assert key in meta, key
        assert meta["url"].startswith("https://") and meta["language"] in ("kk", "ru")
        if meta["title"]:
            assert meta["title"] in (RAW_DIR / meta["file"]).read_text(encoding="utf-8")


def test_the_template_is_not_a_record():
    assert not (RAW_DIR / "TEMPLATE.meta.yaml.example").name.endswith(".meta.yaml")
