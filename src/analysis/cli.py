"""Command line: ``python -m analysis {facts,claims,extract,run,check-notebooks}``.

Exit codes: 0 ok, 1 a check found a problem (a notebook with outputs), 2 bad input, 3 a notebook failed,
130 interrupted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import DEFAULT_FACTS
from .errors import AnalysisError, OutputError


def _write_table(table, out: str | None, fmt: str) -> None:
    if fmt == "csv":
        text = table.to_csv(index=False, lineterminator="\n")
    elif fmt == "json":
        text = table.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", None, "display.max_colwidth", 80, "display.width", 200):
            text = table.to_string(index=False) + "\n"
    if out:
        try:
            Path(out).parent.mkdir(parents=True, exist_ok=True)
            Path(out).write_text(text, encoding="utf-8")
        except OSError as exc:
            reason = exc.strerror or type(exc).__name__
            if isinstance(exc, FileExistsError | NotADirectoryError):
                reason = "a part of its folder path is a file"
            raise OutputError(f"-o {out}: cannot write the file ({reason}); expected a writable file path") from None
    else:
        sys.stdout.write(text)


def _cmd_facts(args) -> int:
    from .core.facts import load_facts
    from .core.metadata import load_metadata

    paths = args.facts or [DEFAULT_FACTS]
    facts = load_facts(paths)
    load_metadata(paths, facts)
    _write_table(facts.drop(columns=["source_file"]), args.output, args.format)
    return 0


def _cmd_claims(args) -> int:
    from .core.claims import check_claims
    from .core.facts import load_facts

    _write_table(check_claims(load_facts(args.facts or [DEFAULT_FACTS])), args.output, args.format)
    return 0


def _cmd_extract(args) -> int:
    from .core.extract import draft_facts, draft_nonfacts, mentions_table, read_text

    text = read_text(args.file)
    if args.nonfacts:
        table = draft_nonfacts(text, args.source_id)
    elif args.draft:
        table = draft_facts(text, args.source_id, args.region)
    else:
        table = mentions_table(text)
    _write_table(table, args.output, args.format)
    return 0


def _cmd_check_notebooks(args) -> int:
    from .pipeline.notebook_checks import check_notebooks

    problems = check_notebooks(args.folder)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def _cmd_run(args) -> int:
    from .pipeline.runner import run_from_cli

    return run_from_cli(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    table_opts = argparse.ArgumentParser(add_help=False)
    table_opts.add_argument("--format", choices=("text", "csv", "json"), default="text", help="output format")
    table_opts.add_argument("-o", "--output", help="write to this file instead of standard output")

    p = sub.add_parser("facts", parents=[table_opts], help="the validated facts table")
    p.add_argument("facts", nargs="*", help=f"facts CSV file(s) (default: {DEFAULT_FACTS.name})")
    p.set_defaults(func=_cmd_facts)

    p = sub.add_parser("claims", parents=[table_opts], help="the claim checks and their verdicts")
    p.add_argument("facts", nargs="*", help=f"facts CSV file(s) (default: {DEFAULT_FACTS.name})")
    p.set_defaults(func=_cmd_claims)

    p = sub.add_parser("extract", parents=[table_opts], help="numbers of a Kazakh or Russian text")
    p.add_argument("file", help="UTF-8 text file")
    p.add_argument("--draft", action="store_true", help="write a draft facts table to review")
    p.add_argument("--nonfacts", action="store_true",
                   help="write the draft list of the numbers that are not figures, with reasons")
    p.add_argument("--source-id", default="",
                   help="source_id of the draft rows: the id of the raw text's record (data/raw/<id>.<lang>.meta.yaml)")
    p.add_argument("--region", default="", help="region of the draft rows, as in the metadata file's regions")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("check-notebooks", help="fail when a committed notebook carries outputs")
    p.add_argument("folder", nargs="?", default="notebooks")
    p.set_defaults(func=_cmd_check_notebooks)

    from .pipeline.runner import add_run_arguments

    p = sub.add_parser("run", help="execute the notebooks and build the report(s)")
    add_run_arguments(p)
    p.set_defaults(func=_cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except AnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted: the previous report, if any, is unchanged", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
