"""The source ids a run dates its report by, read from the facts files without pandas."""

from __future__ import annotations

from analysis.core.sources import source_ids


def test_source_ids_in_order_of_first_appearance_without_blanks(tmp_path):
    first = tmp_path / "a.csv"
    first.write_text("fact_id,source_id\nx1, src-b \nx2,src-a\nx3,\nx4,src-b\n\nx5\n", encoding="utf-8")
    second = tmp_path / "b.csv"
    second.write_text("\ufefffact_id,source_id\ny1,src-c\ny2,src-a\n", encoding="utf-8")
    assert source_ids([first, second]) == ["src-b", "src-a", "src-c"]


def test_a_file_without_the_column_names_no_source(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("fact_id,quote\nx1,src-a\n", encoding="utf-8")
    assert source_ids([path]) == []
