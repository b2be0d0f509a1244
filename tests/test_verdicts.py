"""Plain verdicts: a bare pair (one figure in two periods, no stated change) is context, not a failed check."""

from __future__ import annotations

import pytest

from analysis.nb import context as notebook
from analysis.nb.verdicts import PLAIN_VERDICTS, with_plain_verdicts


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    ctx = notebook.setup(90, figures_dir=str(tmp_path_factory.mktemp("figs")))
    return with_plain_verdicts(ctx.claims, ctx.facts)


def test_bare_pairs_are_context_and_no_claim(plain):
    pairs = plain[(plain["check"] == "from_to") & (plain["verdict"] == "unverifiable")]
    assert not pairs.empty  # the bundled briefing gives two figures of 2024 and 2025 without their change
    assert set(pairs["plain"]) == {"context"}
    assert not pairs["claim"].any() and not pairs["structural"].any()


def test_only_a_bare_pair_is_context_and_every_check_gets_a_known_verdict(plain):
    assert set(plain["plain"]) <= set(PLAIN_VERDICTS)
    context = plain[plain["plain"] == "context"]
    assert (context["check"] == "from_to").all() and (context["verdict"] == "unverifiable").all()
    # "can't check" is left for claims the text lacks the figures to test: none of them is a bare pair.
    assert not ((plain["plain"] == "cannot_check") & (plain["check"] == "from_to")).any()


def test_the_claims_page_one_counts_are_the_checks_that_are_neither_context_nor_structure(plain):
    claims = plain[plain["claim"]]
    assert not claims.empty and "context" not in set(claims["plain"])
    assert len(claims) == len(plain) - int(plain["structural"].sum()) - int((plain["plain"] == "context").sum())
