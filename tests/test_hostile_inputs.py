"""Hostile inputs, table-driven: each is refused with one line that names the file, row, column and rule (exit 2),
or made harmless where it enters a page (escaped, sanitized, read as plain text).

Groups follow the hardening issue: data that passes the schema and breaks later, errors that blamed the wrong
column, ids used as paths, reserved report names, file-system problems and the environment, YAML limits, and
markup from data.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import matplotlib
import pytest

from analysis.cli import main
from analysis.config import DEFAULT_FACTS, PROJ_ROOT, RAW_DIR
from analysis.core.epoch import parse_epoch
from analysis.core.facts import load_facts
from analysis.core.safe_yaml import load_text
from analysis.core.sources import read_record, read_verified_record, record_path, verify_raw
from analysis.core.text_safety import md_escape, plain_text
from analysis.errors import FactsValidationError, ParamsFileError, RunSetupError, SourceRecordError
from analysis.report.sanitize import sanitize_fragment, sanitize_page

matplotlib.use("Agg")

PARAMS = str(PROJ_ROOT / "params" / "astana-2025-en.yaml")


def rows() -> list[dict]:
    with DEFAULT_FACTS.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def edit(*changes: tuple[str, dict]) -> list[dict]:
    table = rows()
    for fact_id, values in changes:
        for row in table:
            if row["fact_id"] == fact_id:
                row.update(values)
    return table


def write(path: Path, table: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    return path


# -- data that passes the column types and broke a check, a chart or the HTML later ---------------------------------
# (id, the edited table, fragments of the one expected problem)
DATA_CASES = [
    ("total-of-zero", edit(("ast25-writs-sent", {"value": "0", "value_text": "0", "quote": "0"}),
                           ("ast25-writs-rejected", {"value": "0", "value_text": "0", "quote": "0"})),
     ["fact_id 'ast25-writs-sent'), column 'value': a total of 0 leaves the shares of its parts undefined"]),
    ("baseline-of-zero", edit(("ast24-applications", {"value": "0", "value_text": "0", "quote": "0"})),
     ["fact_id 'ast24-applications'), column 'value': a baseline of 0 leaves the change 'ast25-applications-fold'"]),
    ("fold-from-zero", edit(("ast25-applications", {"value": "0", "value_text": "0", "quote": "0"})),
     ["fact_id 'ast25-applications'), column 'value': a value of 0 leaves the N-fold change"]),
    ("change-of-minus-100", edit(("ast25-violations-change", {"value": "-100", "value_text": "100",
                                                                 "quote": "100"})),
     ["column 'value': a change of -100 % or less leaves nothing to compare with, got -100"]),
    ("change-below-minus-100", edit(("ast25-violations-change", {"value": "-150", "value_text": "150",
                                                                    "quote": "150"})),
     ["column 'value': a change of -100 % or less", "got -150"]),
    ("fold-of-zero", edit(("ast25-applications-fold", {"value": "0", "value_text": "0", "quote": "0"})),
     ["column 'value': an N-fold change is not 0"]),
    ("count-of-1e308", edit(("ast25-postponements", {"value": "1" + "0" * 308, "value_text": "1" + "0" * 308,
                                                     "quote": "1" + "0" * 308})),
     ["fact_id 'ast25-postponements'), column 'value': expected a magnitude below 1e+12"]),
    ("part-of-itself", edit(("ast25-violations-deadlines", {"relates_to": "ast25-violations-deadlines"})),
     ["fact_id 'ast25-violations-deadlines'), column 'relates_to': a fact cannot relate to itself"]),
    ("two-fact-cycle", edit(("ast25-violations", {"relation": "part_of", "relates_to": "ast25-violations-deadlines"})),
     ["column 'relates_to': the relations form a cycle", "ast25-violations-deadlines -> ast25-violations"]),
    ("three-fact-cycle", edit(("ast25-writs-sent", {"relation": "part_of", "relates_to": "ast25-writs-rejected-share"}),
                              ("ast25-writs-rejected-share", {"relation": "part_of",
                                                              "relates_to": "ast25-writs-rejected", "unit": "count",
                                                              "value": "9", "value_text": "9", "quote": "9"})),
     ["column 'relates_to': the relations form a cycle"]),
    ("underscore-in-value", edit(("ast25-postponements", {"value": "0_5"})),
     ["column 'value': expected a number in plain decimal notation", "got '0_5'"]),
    ("underscore-as-group-separator", edit(("ast25-postponements", {"value": "8_02"})),
     ["fact_id 'ast25-postponements'), column 'value': expected a number in plain decimal notation", "got '8_02'"]),
    ("underscore-in-period", edit(("ast25-postponements", {"period": "2_025"})),
     ["fact_id 'ast25-postponements'), column 'period': period '2_025': expected a period such as 2025"]),
    ("exponent-in-value", edit(("ast25-postponements", {"value": "8.02e2"})),
     ["column 'value': expected a number in plain decimal notation", "got '8.02e2'"]),
    ("infinite-value", edit(("ast25-postponements", {"value": "inf"})),
     ["column 'value': expected a finite number, got 'inf'"]),
    ("nan-value", edit(("ast25-postponements", {"value": "NaN"})),
     ["column 'value': expected a finite number, got 'NaN'"]),
    ("negative-infinity", edit(("ast25-violations-change", {"value": "-Infinity"})),
     ["column 'value': expected a finite number, got '-Infinity'"]),
    ("nul-byte-in-note", edit(("ast25-postponements", {"note": "checked\x00<script>"})),
     ["column 'note': contains the control character U+0000"]),
    ("bidi-override-in-quote", edit(("ast25-postponements", {"quote": "802 \u202etxet"})),
     ["column 'quote': contains the control character U+202E"]),
    ("escape-sequence-in-region", edit(("ast25-postponements", {"region": "Astana\x1b[31m"})),
     ["column 'region': contains the control character U+001B"]),
    ("source-id-walks-out", edit(("ast25-postponements", {"source_id": "../../etc/passwd"})),
     ["column 'source_id': expected an id of lower-case letters", "got '../../etc/passwd'"]),
    ("source-id-absolute", edit(("ast25-postponements", {"source_id": "/etc/hostname"})),
     ["column 'source_id': expected an id", "got '/etc/hostname'"]),
    ("source-id-with-glob", edit(("ast25-postponements", {"source_id": "kazinform*"})),
     ["column 'source_id': expected an id", "got 'kazinform*'"]),
]

# -- rules across columns: the message names the one column the rule is about ---------------------------------------
COLUMN_CASES = [
    ("count-2.5", edit(("ast25-postponements", {"value": "2.5"})),
     "row 26 (fact_id 'ast25-postponements'), column 'value': a count is a whole number, got '2.5'"),
    ("percent-250", edit(("ast25-writs-rejected-share", {"value": "250"})),
     "(fact_id 'ast25-writs-rejected-share'), column 'value': a percent share lies between 0 and 100, got '250'"),
    ("count-negative", edit(("ast25-postponements", {"value": "-3"})),
     "(fact_id 'ast25-postponements'), column 'value': a count or amount is never negative, got '-3'"),
    ("relation-without-target", edit(("ast25-violations-deadlines", {"relates_to": ""})),
     "(fact_id 'ast25-violations-deadlines'), column 'relates_to': 'relation' and 'relates_to' are given together"),
    ("baseline-after-period", edit(("ast25-violations-change", {"baseline_period": "2026"})),
     "(fact_id 'ast25-violations-change'), column 'baseline_period': the baseline period '2026' must come before "
     "the period '2025'"),
]


class TestFactsRules:
    @pytest.mark.parametrize(("table", "fragments"), [c[1:] for c in DATA_CASES], ids=[c[0] for c in DATA_CASES])
    def test_refused_with_one_line_naming_row_column_and_rule(self, tmp_path, table, fragments):
        path = write(tmp_path / "facts.csv", table)
        with pytest.raises(FactsValidationError) as info:
            load_facts(path)
        message = str(info.value)
        assert "\n" not in message
        for fragment in fragments:
            assert fragment in message, message

    @pytest.mark.parametrize(("table", "expected"), [c[1:] for c in COLUMN_CASES], ids=[c[0] for c in COLUMN_CASES])
    def test_a_rule_across_columns_blames_its_column_only(self, tmp_path, table, expected):
        with pytest.raises(FactsValidationError) as info:
            load_facts(write(tmp_path / "facts.csv", table))
        problems = info.value.problems
        column = expected.split("column ")[1].split(":")[0]
        # Other rules may see the same cell too (a value that no longer matches its printed text), but every
        # problem names that one column, never the whole row.
        assert any(expected in p for p in problems) and all(f"column {column}:" in p for p in problems), problems

    @pytest.mark.parametrize("case", ["nul-byte-in-note", "source-id-walks-out", "change-of-minus-100"])
    def test_the_command_line_exits_2_with_one_line(self, tmp_path, capsys, case):
        table = next(c[1] for c in DATA_CASES if c[0] == case)
        path = write(tmp_path / "facts.csv", table)
        rc = main(["run", "--params", PARAMS, "-p", "facts", str(path), "--reports", str(tmp_path / "reports"),
                   "--cache-dir", str(tmp_path / "cache")])
        err = capsys.readouterr().err
        assert rc == 2, err
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: ") and "Traceback" not in err
        assert not (tmp_path / "reports").exists() and not (tmp_path / "cache").exists()

    def test_a_rejected_table_leaves_no_temporary_folder(self, tmp_path, monkeypatch):
        import tempfile

        from analysis.pipeline.runner import RunConfig, prepare

        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
        (tmp_path / "tmp").mkdir()
        path = write(tmp_path / "facts.csv", next(c[1] for c in DATA_CASES if c[0] == "baseline-of-zero"))
        config = RunConfig(reports_dir=tmp_path / "reports", cache_dir=tmp_path / "cache")
        with pytest.raises(Exception, match="a baseline of 0"):
            prepare([PARAMS], [("facts", str(path))], config)
        assert list((tmp_path / "tmp").iterdir()) == []


# -- ids are not paths; records resolve inside the raw folder and match their raw text -------------------------------

@pytest.fixture
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir()
    for path in RAW_DIR.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


SOURCE = "kazinform-2026-01-08-astana-courts"


def _edit_record(raw: Path, old: str, new: str) -> None:
    meta = record_path(SOURCE, raw)
    meta.write_text(meta.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


class TestSourceRecords:
    @pytest.mark.parametrize("source_id", ["../..", "../raw/kazinform-2026-01-08-astana-courts", "/etc/passwd",
                                           "kazinform*", "Kazinform", "a/b", "x\x00y", "", "-leading-hyphen"])
    def test_an_id_that_is_not_a_plain_id_is_refused(self, raw, source_id):
        with pytest.raises(SourceRecordError, match="expected lower-case letters, digits and hyphens"):
            read_record(source_id, raw)

    def test_the_raw_text_must_match_its_recorded_sha256(self, raw):
        text = raw / f"{SOURCE}.kk.txt"
        text.write_bytes(text.read_bytes() + b" ")
        with pytest.raises(SourceRecordError, match="does not match its record"):
            read_verified_record(SOURCE, raw)

    def test_the_record_file_field_cannot_leave_the_raw_folder(self, raw):
        _edit_record(raw, f"file: {SOURCE}.kk.txt", "file: ../../../etc/hostname")
        with pytest.raises(SourceRecordError, match="field 'file'"):
            verify_raw(read_record(SOURCE, raw), raw)

    def test_a_published_field_with_markup_is_refused(self, raw):
        _edit_record(raw, "published: 2026-01-08", "published: \"<img src=http://example.invalid/x>\"")
        with pytest.raises(SourceRecordError, match="field 'published': expected an ISO date"):
            read_record(SOURCE, raw)

    def test_the_runner_refuses_a_changed_raw_text_before_any_kernel(self, raw, tmp_path):
        from analysis.errors import ParameterProblems
        from analysis.pipeline.runner import RunConfig, prepare

        (raw / f"{SOURCE}.kk.txt").write_text("a different text\n", encoding="utf-8")
        config = RunConfig(reports_dir=tmp_path / "reports", cache_dir=tmp_path / "cache", raw_dir=raw)
        with pytest.raises(ParameterProblems, match="does not match its record"):
            prepare([PARAMS], [], config)

    def test_a_record_alias_bomb_is_refused(self, raw):
        meta = record_path(SOURCE, raw)
        meta.write_text(meta.read_text(encoding="utf-8") + BOMB.replace("a:", "extra:", 1), encoding="utf-8")
        with pytest.raises(SourceRecordError, match="aliases|values once its aliases"):
            read_record(SOURCE, raw)


# -- report names, file-system problems and the environment ----------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))


def _run(tmp_path: Path, *args: str, env: dict | None = None, reports=None, cache=None) -> tuple[int, str]:
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "analysis", *args]
    if args and args[0] == "run":
        for option, default in (("--reports", tmp_path / "reports"), ("--cache-dir", tmp_path / "cache")):
            if option not in args:
                cmd += [option, str(default)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=PROJ_ROOT,
                          env={**os.environ, **(env or {})})
    return proc.returncode, proc.stderr


def _params(tmp_path: Path, text: str, name: str = "set.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _file(folder: Path) -> str:
    path = folder / "file"
    path.write_text("", encoding="utf-8")
    return str(path)


SETUP_CASES = [
    ("report-name-ending-failed", lambda t: ["run", "--params", _params(t, "name: astana.failed\n")], {},
     "report name 'astana.failed': a report name must not end in '.failed'"),
    ("report-name-upper-failed", lambda t: ["run", "--params", _params(t, "name: X.FAILED\n")], {},
     "must not end in '.failed'"),
    ("report-name-with-slash", lambda t: ["run", "--params", _params(t, "name: ../outside\n")], {},
     "key 'name' must be a folder name"),
    ("reports-path-is-a-file", lambda t: ["run", "--params", PARAMS, "--reports", _file(t)], {},
     "--reports: ", ),
    ("cache-dir-is-a-file", lambda t: ["run", "--params", PARAMS, "--cache-dir", _file(t) + "/sub"], {},
     "--cache-dir: "),
    ("output-into-a-file-path", lambda t: ["facts", "-o", _file(t) + "/out.csv"], {}, "cannot write the file"),
    ("output-is-a-folder", lambda t: ["facts", "-o", str(t)], {}, "cannot write the file (Is a directory)"),
    ("epoch-not-a-number", lambda t: ["run", "--params", PARAMS], {"SOURCE_DATE_EPOCH": "yesterday"},
     "SOURCE_DATE_EPOCH: expected a whole number of seconds"),
    ("epoch-exponent", lambda t: ["run", "--params", PARAMS], {"SOURCE_DATE_EPOCH": "1.7e9"},
     "SOURCE_DATE_EPOCH: expected a whole number"),
    ("epoch-far-future", lambda t: ["run", "--params", PARAMS], {"SOURCE_DATE_EPOCH": "99999999999"},
     "SOURCE_DATE_EPOCH: expected a whole number"),
    ("epoch-twenty-digits", lambda t: ["run", "--params", PARAMS], {"SOURCE_DATE_EPOCH": "9" * 20},
     "SOURCE_DATE_EPOCH: expected a whole number"),
    ("epoch-negative", lambda t: ["run", "--params", PARAMS], {"SOURCE_DATE_EPOCH": "-1"},
     "SOURCE_DATE_EPOCH: expected a whole number"),
    ("epoch-fullwidth-digits", lambda t: ["run", "--params", PARAMS], {"SOURCE_DATE_EPOCH": "１７６７８３０４００"},
     "SOURCE_DATE_EPOCH: expected a whole number"),
    ("epoch-padded", lambda t: ["run", "--params", PARAMS], {"SOURCE_DATE_EPOCH": " 1767830400"},
     "SOURCE_DATE_EPOCH: expected a whole number"),
    ("yaml-alias-bomb", lambda t: ["run", "--params", _params(t, "name: bomb\n" + BOMB)], {},
     "set.yaml: not valid YAML"),
    ("yaml-too-large", lambda t: ["run", "--params", _params(t, "name: big\n#" + "x" * 300_000 + "\n")], {},
     "set.yaml: larger than 256 KiB"),
    ("yaml-too-deep", lambda t: ["run", "--params", _params(t, "name: deep\nparameters: " + "[" * 200 + "]" * 200)],
     {}, "set.yaml: not valid YAML"),
    ("yaml-python-tag", lambda t: ["run", "--params", _params(t, "name: !!python/object:os.system x\n")], {},
     "set.yaml: not valid YAML"),
]


class TestSetupProblems:
    @pytest.mark.parametrize(("setup", "env", "fragment"), [c[1:] for c in SETUP_CASES],
                             ids=[c[0] for c in SETUP_CASES])
    def test_one_line_exit_2_nothing_written(self, tmp_path, setup, env, fragment):
        inputs = tmp_path / "in"
        inputs.mkdir()
        args = setup(inputs)
        rc, err = _run(tmp_path, *args, env=env)
        assert rc == 2, err
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        assert fragment in lines[0], err
        assert len(lines[0]) < 400, "the message repeats the input"
        assert not (tmp_path / "reports").exists() and not (tmp_path / "cache").exists()

    def test_epoch_parser_accepts_plain_seconds_only(self):
        assert parse_epoch("1767830400") == 1767830400
        for bad in ("", "0x10", "1_000", "+5", "9" * 20, "٣"):
            with pytest.raises(RunSetupError):
                parse_epoch(bad)

    @pytest.mark.parametrize("value", ["yesterday", "1.7e9", "-1", " 1767830400", "99999999999", "9" * 20,
                                       "１７６７８３０４００"])
    def test_the_report_date_refuses_a_malformed_epoch(self, monkeypatch, value):
        from analysis.pipeline.manifest import source_date_epoch

        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
        with pytest.raises(RunSetupError, match="SOURCE_DATE_EPOCH: expected a whole number"):
            source_date_epoch(PROJ_ROOT)

    def test_alias_bomb_is_refused_before_expansion(self):
        with pytest.raises(Exception, match="aliases|values once its aliases") as info:
            load_text(BOMB)
        assert len(str(info.value)) < 200
        assert load_text("a: &a [1, 2]\nb: *a\n") == {"a": [1, 2], "b": [1, 2]}

    def test_few_aliases_that_expand_to_millions_are_refused(self):
        # 7 levels of 9 aliases: within the count of aliases, 9**7 values once expanded.
        bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(7))
        with pytest.raises(Exception, match="values once its aliases are expanded"):
            load_text(bomb)

    def test_a_plain_document_as_long_as_the_size_limit_allows_is_read(self):
        # A metadata file labelling thousands of regions: many values, no aliases.
        from analysis.core.safe_yaml import MAX_BYTES

        count = (MAX_BYTES - 2) // 2
        assert len(load_text("[" + ",".join(["1"] * count) + "]")) == count

    def test_a_params_file_that_is_a_bomb_is_a_params_error(self, tmp_path):
        from analysis.pipeline.params import read_params_file

        with pytest.raises(ParamsFileError, match="not valid YAML"):
            read_params_file(_params(tmp_path, "name: bomb\n" + BOMB))


# -- markup from data -------------------------------------------------------------------------------------------

def _render(markdown: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(markdown)


def _parse(html: str) -> tuple[list[str], str]:
    """The elements of ``html`` and its text as a reader sees it."""
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.elements, self.text = [], []

        def handle_starttag(self, tag, attrs):
            self.elements.append(tag)

        def handle_data(self, data):
            self.text.append(data)

    reader = Reader()
    reader.feed(html)
    reader.close()
    return reader.elements, "".join(reader.text)


MARKUP_CASES = [
    ("style-element", "Astana<style>body{display:none}</style>"),
    ("script-element", "<script>alert(1)</script>"),
    ("entity-encoded-scheme", "[click](&#106;avascript:alert(1))"),
    ("tab-split-scheme", "[click](java\tscript:alert(1))"),
    ("autolink-scheme", "<javascript:alert(1)>"),
    ("remote-image", "![x](http://example.invalid/track.png)"),
    ("remote-img-element", '<img src="http://example.invalid/x.png">'),
    ("svg-onload", "<svg/onload=alert(1)>"),
    ("event-handler", '<b onmouseover="alert(1)">x</b>'),
    ("maths", "$\\unknownmacro{x}$"),
    ("heading-after-newline", "Astana\n# Heading"),
    ("list-start", "1. not a list"),
    ("emphasis-and-code", "*bold* `code` ~~gone~~ __x__"),
    ("table-pipe", "a | b\n---|---"),
    ("html-comment", "<!-- hidden -->"),
    ("nul-and-bidi", "a\x00b\u202ec"),
]


class TestMarkupFromData:
    @pytest.mark.parametrize("text", [c[1] for c in MARKUP_CASES], ids=[c[0] for c in MARKUP_CASES])
    def test_an_escaped_string_renders_as_its_own_text(self, text):
        elements, shown = _parse(_render("Region: " + md_escape(text)))
        assert elements == ["p"], elements
        assert shown.strip() == "Region: " + plain_text(text)

    @pytest.mark.parametrize("text", [c[1] for c in MARKUP_CASES], ids=[c[0] for c in MARKUP_CASES])
    def test_the_sanitizer_leaves_nothing_active_or_remote(self, text):
        page = _render(text.replace("\t", "\t"))
        clean = sanitize_fragment(page)
        assert not re.search(r"<(script|style|svg|iframe|object|embed|link|meta|base|form)\b", clean, re.I)
        assert not re.search(r"\son\w+\s*=", clean, re.I)
        markup = re.sub(r">[^<]*<", "><", clean).lower()  # the elements and attributes, not the text
        assert "javascript:" not in markup and "example.invalid" not in markup

    @pytest.mark.parametrize("html", [
        '<a href="&#106;avascript:alert(1)">x</a>',
        '<a href="java\tscript:alert(1)">x</a>',
        '<a href="JaVaScRiPt:alert(1)">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
        '<img src="http://example.invalid/x.png">',
        '<img src="//example.invalid/x.png">',
        '<p style="background: url(http://example.invalid/x.png)">x</p>',
        '<link rel="stylesheet" href="http://example.invalid/x.css">',
        '<meta http-equiv="refresh" content="0;url=http://example.invalid">',
        '<base href="http://example.invalid/">',
        '<iframe src="http://example.invalid"></iframe>',
        '<form action="http://example.invalid"><input></form>',
        '<object data="http://example.invalid/x.swf"></object>',
        '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    ], ids=["entity", "tab", "case", "vbscript", "data-link", "remote-img", "scheme-relative-img", "css-url",
            "link", "meta-refresh", "base", "iframe", "form", "object", "mathml"])
    def test_allowlist_cases(self, html):
        clean = sanitize_fragment(html).lower()
        assert "example.invalid" not in clean and "script:" not in clean and "data:text" not in clean

    def test_a_page_keeps_its_own_stylesheet_and_drops_one_from_data(self):
        page = ('<!DOCTYPE html>\n<html lang="kk">\n<head>\n<meta charset="utf-8">\n<title>T</title>\n'
                "<style>\nbody { color: black; }\n</style>\n</head>\n<body>\n<p>x</p><style>p{display:none}</style>"
                '<img src="data:image/png;base64,AAAA" alt="chart"></body>\n</html>\n')
        clean = sanitize_page(page)
        assert "body { color: black; }" in clean and "display:none" not in clean
        assert 'src="data:image/png;base64,AAAA"' in clean and clean.count("<style>") == 1

    def test_chart_text_from_data_is_not_read_as_maths(self, tmp_path):
        import matplotlib.pyplot as plt

        from analysis.nb.figures import plot_style

        with plot_style():
            fig, ax = plt.subplots()
            ax.set_title(plain_text("Astana $\\unknownmacro{x}$"))
            fig.savefig(tmp_path / "chart.png")
            plt.close(fig)
        assert (tmp_path / "chart.png").stat().st_size > 0
