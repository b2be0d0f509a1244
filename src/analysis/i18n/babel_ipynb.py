"""A Babel extraction method for Jupyter notebooks: the messages of their code cells.

Registered as the ``ipynb`` extractor (entry point group ``babel.extractors``), so a mapping file can say
``[ipynb: notebooks/*.ipynb]``. Each code cell goes through Babel's own Python extractor, so a notebook
marks messages exactly as a module does (``_("...", name=value)``, ``_n(singular, plural, n)``, translator
comments). Markdown and raw cells are not read: the notebooks write the text the reader sees from code.

A message's line number is ``cell * 1000 + line``, counting cells from 0 as the notebook lists them and
lines from 1 inside the cell: ``notebooks/02_enforcement.ipynb:4002`` is cell 4, line 2.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

LINES_PER_CELL = 1000

# IPython lines that are not Python (``%magic``, ``!shell``); blanked so the cell still tokenizes.
_IPYTHON_LINE = re.compile(r"^[ \t]*[%!].*$", re.MULTILINE)


def notebook_code_cells(fileobj: IO[bytes]) -> Iterator[tuple[int, str]]:
    """(index, source) of each code cell of the notebook read from ``fileobj``."""
    notebook = json.loads(fileobj.read().decode("utf-8"))
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        yield index, "".join(source) if isinstance(source, list) else str(source)


def extract_notebook(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Extract messages from the code cells of a notebook.

    Parameters
    ----------
    fileobj
        The notebook file, opened in binary mode.
    keywords, comment_tags, options
        As Babel passes them to every extraction method; they go on to its Python extractor.

    Yields
    ------
    tuple
        ``(lineno, funcname, messages, comments)`` as Babel's Python extractor does, with ``lineno`` as
        ``cell * 1000 + line``.
    """
    name = getattr(fileobj, "name", None) or "(notebook)"
    for index, source in notebook_code_cells(fileobj):
        code = io.BytesIO(_IPYTHON_LINE.sub("", source).encode("utf-8"))
        code.name = f"{name} (cell {index})"  # Babel's warnings name the file they read
        for lineno, funcname, messages, comments in extract_python(
            code, keywords, comment_tags, {**options, "encoding": "utf-8"}
        ):
            # Babel gives no line for a call whose only argument is an f-string; the cell is still named.
            yield index * LINES_PER_CELL + (lineno or 0), funcname, messages, comments
