"""Parameters, the jobs of a run, execution, cache, manifest, progress.

Importing nbformat (via papermill) makes jsonschema import the optional package rfc3987_syntax, which builds a
parser grammar at import time (about 1.2 s per process). It only serves the "iri" string formats, which no
notebook schema uses; marked absent here, before any module of the pipeline imports nbformat, its import fails at
once and jsonschema skips those checks.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
