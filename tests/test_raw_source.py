"""The raw source is kept byte for byte, with a provenance record beside it."""

import hashlib

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
