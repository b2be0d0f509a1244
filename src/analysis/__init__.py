"""Reproducible analysis of a public statistics briefing."""
