"""Pieces shared by the tests that build small notebooks of their own."""

# A parameters cell like the real notebooks', shortened to what the exporter reads.
PARAMETERS = (
    'facts: str = "data/facts/astana-2025.csv"  # facts CSV file(s)\n'
    'region: str = "Astana"  # region\n'
    "year: int = 2025  # reporting year\n"
    "baseline_year: int = 2024  # baseline year\n"
    'lang: str = "en"  # report language\n'
)
