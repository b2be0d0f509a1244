"""The parameters the notebooks declare: each ``name: type = default  # help`` line of a cell tagged ``parameters``.

Read with :mod:`ast` rather than by starting papermill, so checking a run's parameters costs milliseconds.
"""

from __future__ import annotations

import ast
import io
import json
import tokenize
from dataclasses import dataclass
from pathlib import Path

from ..errors import ParamsFileError


@dataclass(frozen=True)
class DeclaredParameter:
    """One ``name: type = default  # help`` line of a notebook's parameters cell."""

    name: str
    type: str
    default: object
    help: str = ""



def read_parameters_cell(path: Path) -> dict[str, DeclaredParameter]:
    """The parameters declared in a notebook's cell tagged ``parameters``.

    Parsed with :mod:`ast` rather than by starting papermill, so checking costs milliseconds.
    """
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ParamsFileError(f"{path}: not a readable notebook ({exc})") from exc
    cells = [c for c in nb.get("cells", []) if "parameters" in c.get("metadata", {}).get("tags", [])]
    if not cells:
        raise ParamsFileError(f"{path}: no cell tagged 'parameters'; expected one as the first code cell")
    source = _text(cells[0].get("source", ""))
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise ParamsFileError(f"{path}: the parameters cell is not valid Python "
                              f"(line {exc.lineno}: {exc.msg})") from exc
    comments = _line_comments(source)
    declared = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            name, annotation = node.target.id, ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, annotation = node.targets[0].id, ""
        else:
            continue
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            default = None
        kind = annotation or type(default).__name__
        declared[name] = DeclaredParameter(name, kind, default, comments.get(node.lineno, ""))
    return declared


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _line_comments(source: str) -> dict[int, str]:
    comments = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                comments[tok.start[0]] = tok.string.lstrip("#").strip()
    except (tokenize.TokenError, IndentationError):
        pass
    return comments


def declared_parameters(notebooks: list[Path]) -> dict[str, DeclaredParameter]:
    """The union of the parameters declared by the notebooks (the first declaration of a name wins)."""
    declared: dict[str, DeclaredParameter] = {}
    for path in notebooks:
        for name, param in read_parameters_cell(path).items():
            declared.setdefault(name, param)
    return declared
