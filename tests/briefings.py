"""The briefings shipped in data/: each facts table with its raw text, non-figures and parameter files."""

from __future__ import annotations

from analysis.config import FACTS_DIR, PARAMS_DIR, RAW_DIR

# facts table name -> raw text file
BRIEFINGS = {
    "astana-2025": "kazinform-2026-01-08-astana-courts.kk.txt",
    "zhambyl-2025": "kazinform-2026-01-25-zhambyl-courts.kk.txt",
    "kazakhstan-2025-mgorod": "mgorod-2026-01-03-supreme-court.ru.txt",
    "kazakhstan-2025-sputnik": "sputnik-2026-01-29-supreme-court.ru.txt",
    "sverdlovsk-2025-9m": "veved-2025-10-27-sverdlovsk-courts.ru.txt",
}


def facts_file(name: str):
    return FACTS_DIR / f"{name}.csv"


def nonfacts_file(name: str):
    return FACTS_DIR / f"{name}.nonfacts.csv"


def raw_text(name: str) -> str:
    return (RAW_DIR / BRIEFINGS[name]).read_text(encoding="utf-8")


def params_files(name: str) -> list:
    return [PARAMS_DIR / f"{name}-{lang}.yaml" for lang in ("en", "kk", "ru")]
