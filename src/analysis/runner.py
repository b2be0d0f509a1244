"""Executing the notebooks with papermill and building the reports (being written)."""


def add_run_arguments(parser):
    parser.add_argument("--params", nargs="+", default=["params/astana-2025-en.yaml"])


def run_from_cli(args) -> int:
    raise NotImplementedError("the runner is not written yet")
