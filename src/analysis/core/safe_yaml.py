"""YAML read with limits: a bounded file size, a bounded number of aliases and nesting depth.

``yaml.safe_load`` expands every alias, so a few hundred bytes of nested aliases (an "alias bomb") become
gigabytes in memory. Parameter sets and source records are small hand-written files: they need few aliases, if
any, so more than :data:`MAX_ALIASES` is refused before anything is expanded.
"""

from __future__ import annotations

import yaml

from ..errors import AnalysisError
from .text_safety import truncate

MAX_BYTES = 256 * 1024
MAX_ALIASES = 64
MAX_DEPTH = 64
# Values in the document once every alias is expanded, as a reader of the data would see them. A document without
# aliases holds at most one value per two bytes ("[1,1,…]"), so this refuses only what aliases blow up: a metadata
# file labelling thousands of regions is as long as the size limit lets it be.
MAX_EXPANDED = MAX_BYTES // 2


class YAMLLimitError(yaml.YAMLError):
    """A YAML document exceeds one of the limits (size, aliases, nesting)."""

    def __init__(self, problem: str, mark=None):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _LimitedLoader(yaml.SafeLoader):
    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise YAMLLimitError(f"more than {MAX_ALIASES} aliases (*name); write the values out",
                                     self.peek_event().start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise YAMLLimitError(f"nested more than {MAX_DEPTH} levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_text(text: str, max_bytes: int = MAX_BYTES):
    """Parse one YAML document like ``yaml.safe_load``, within the limits; raises ``yaml.YAMLError``."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise YAMLLimitError(f"larger than {max_bytes // 1024} KiB; a parameter set or source record is a few "
                             "lines")
    loader = _LimitedLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if _expanded_size(node, {}) > MAX_EXPANDED:
            raise YAMLLimitError(f"more than {MAX_EXPANDED} values once its aliases are expanded", node.start_mark)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _expanded_size(node, memo: dict) -> int:
    """How many values ``node`` stands for with every alias expanded (each shared node counted once per use)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive structure counts itself once
    if isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(n, memo) for n in node.value)
    elif isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    else:
        size = 1
    memo[key] = size = min(size, MAX_EXPANDED + 1)
    return size


def describe_error(exc: yaml.YAMLError) -> str:
    """One short line for a YAML error: where it is and what is wrong, never the document's content."""
    mark = getattr(exc, "problem_mark", None)
    at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return f"not valid YAML{at}: {truncate(problem, 160)}"


def load_file(path, error: type[AnalysisError], where: str | None = None, max_bytes: int = MAX_BYTES):
    """Read and parse a YAML file; any problem raises ``error`` with one line naming ``where``."""
    from pathlib import Path

    path = Path(path)
    where = where or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise error(f"{where}: larger than {max_bytes // 1024} KiB; a parameter set or source record is a "
                        "few lines")
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise error(f"{where}: not UTF-8 text (byte {exc.start})") from None
    except IsADirectoryError:
        raise error(f"{where}: is a folder, expected a YAML file") from None
    except OSError as exc:
        raise error(f"{where}: cannot read the file ({exc.strerror})") from None
    try:
        return load_text(text, max_bytes)
    except yaml.YAMLError as exc:
        raise error(f"{where}: {describe_error(exc)}") from None
    except RecursionError:
        raise error(f"{where}: not valid YAML: nested too deeply") from None
