"""Pieces shared by the tests that build small notebooks of their own."""

# A parameters cell like the real notebooks', shortened to what the exporter reads.
PARAMETERS = (
    'facts: str = "data/facts/astana-2025.csv"  # facts CSV file(s)\n'
    'region: str = "Astana"  # region\n'
    "period: str = \"2025\"  # reporting period\n"
    "baseline_period: str = \"2024\"  # baseline period\n"
    'lang: str = "en"  # report language\n'
)
