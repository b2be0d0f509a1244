"""The command line: tables on stdout, exit codes, one-line errors."""

import json
import subprocess
import sys

from analysis.cli import main
from analysis.config import PROJ_ROOT

RAW = PROJ_ROOT / "data/raw/kazinform-2026-01-08-astana-courts.kk.txt"


class TestCommands:
    def test_facts_csv(self, capsys):
        assert main(["facts", "--format", "csv"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("fact_id,source_id,theme")
        assert "47 434" in out

    def test_claims_json_to_file(self, tmp_path):
        out = tmp_path / "claims.json"
        assert main(["claims", "--format", "json", "-o", str(out)]) == 0
        rows = json.loads(out.read_text(encoding="utf-8"))
        assert rows[0]["headline"] is True and rows[0]["verdict"] == "consistent"

    def test_extract_draft(self, capsys):
        assert main(["extract", str(RAW), "--draft", "--format", "csv", "--region", "Astana"]) == 0
        assert "draft-001" in capsys.readouterr().out


class TestErrors:
    def test_missing_facts_file_one_line_exit_2(self, tmp_path, capsys):
        assert main(["facts", str(tmp_path / "missing.csv")]) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("error: ") and "missing.csv: facts file not found" in err
        assert "\n" not in err

    def test_extract_draft_with_source_id_and_nonfacts(self, capsys):
        assert main(["extract", str(RAW), "--draft", "--format", "csv", "--source-id", "my-source",
                     "--region", "Astana"]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[1].startswith("draft-001,my-source,,,Astana,2025,2024,")
        assert main(["extract", str(RAW), "--nonfacts", "--format", "csv", "--source-id", "my-source"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "source_id,number_text,context,reason"
        assert all(line.startswith("my-source,") for line in lines[1:]) and len(lines) == 11
        text = RAW.read_text(encoding="utf-8")
        import csv
        import io

        assert all(r["context"] in text for r in csv.DictReader(io.StringIO("\n".join(lines))))

    def test_extract_not_utf8(self, tmp_path, capsys):
        bad = tmp_path / "cp1251.txt"
        bad.write_bytes("Астана 47 434".encode("cp1251"))
        assert main(["extract", str(bad)]) == 2
        assert "not UTF-8" in capsys.readouterr().err

    def test_module_entry_point(self, tmp_path):
        proc = subprocess.run([sys.executable, "-m", "analysis", "claims", str(tmp_path / "x.csv")],
                              capture_output=True, text=True)
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and "x.csv" in proc.stderr
