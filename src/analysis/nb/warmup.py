"""A chapter's first steps, taken once in the kernel template so that every kernel forked from it starts warm.

A forked kernel starts with the template's memory: what was imported there is imported, and what was cached
there is cached. Importing is not all of a kernel's first work. The first facts check registers pandera's
backends (and imports hypothesis), the first date or number loads Babel's locale data, the first translation
reads a catalog, the first chart loads its fonts and renderers. Each costs a fresh kernel a few tenths of a
second, seven times a report; :func:`warm_kernel` pays them once, in the template, before any kernel is forked.

Nothing here is shown or written: a kernel's outputs are the same whether it was forked from a warmed template
or started the ordinary way (the tests compare them byte for byte).
"""

from __future__ import annotations

import io

from .. import config


def warm_kernel(facts: str = str(config.DEFAULT_FACTS)) -> None:
    """Set up a chapter on ``facts`` in every report language and draw one chart, without showing anything."""
    from . import context, figures

    ctx = None
    for lang in config.LANGUAGES:
        ctx = context.setup(0, facts=facts, lang=lang)
        ctx.num(1234.5)
        ctx.pct(12.5)
    fig = figures.bar_chart(ctx, ctx.facts.head(2).assign(shown=[1.0, 2.0]), label="fact_id", value="shown",
                            title="")
    figures.svg_bytes(fig)
    with figures.plot_style():
        fig.savefig(io.BytesIO(), format="png", dpi=figures.DPI)
