"""The claims table: every check the facts table allows, one row per check, the headline first."""

from __future__ import annotations

import pandas as pd

from .candidates import FactIndex
from .changes import check_stated_change
from .comparisons import check_from_to, check_restated
from .rows import CLAIM_COLUMNS
from .shares import check_parts_add_up, check_stated_share


def check_claims(facts: pd.DataFrame) -> pd.DataFrame:
    """Every check the facts table allows, the headline first, then by theme in the order the facts give them."""
    index = FactIndex(facts)
    rows = (check_stated_change(index) + check_from_to(index) + check_restated(index) + check_stated_share(index)
            + check_parts_add_up(index))
    table = pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))
    order = {t: i for i, t in enumerate(index.themes)}
    table["_headline_first"] = ~table["headline"].astype(bool)
    table["_theme_order"] = table["theme"].map(order)
    table = table.sort_values(["_headline_first", "_theme_order"], kind="stable")
    return table.drop(columns=["_headline_first", "_theme_order"]).reset_index(drop=True)
