"""``SOURCE_DATE_EPOCH``: the one reader of the variable that fixes a report's date.

The value must be a plain whole number of seconds since 1970-01-01 UTC (digits only), no later than
2100-01-01: anything else stops a run with one line instead of being ignored, misread or overflowing later.
"""

from __future__ import annotations

import os
import re

from ..errors import RunSetupError
from .text_safety import truncate

VARIABLE = "SOURCE_DATE_EPOCH"
# 2100-01-01T00:00:00Z, the end of the years the facts table accepts.
MAX_EPOCH = 4_102_444_800
_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_epoch(text: str) -> int:
    """The seconds of a ``SOURCE_DATE_EPOCH`` value; raises :class:`RunSetupError` naming what was expected."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text) or int(text) > MAX_EPOCH:
        raise RunSetupError(f"{VARIABLE}: expected a whole number of seconds since 1970-01-01 UTC (digits only, "
                            f"at most {MAX_EPOCH}, i.e. before 2100), got {truncate(repr(text), 40)}; "
                            f"unset it to date the report by its source")
    return int(text)


def env_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` from the environment, checked; None when it is not set."""
    text = os.environ.get(VARIABLE)
    return None if text is None else parse_epoch(text)
