"""Tables inside passages: a cell picked by its row label and its column (a table written for
the test, not corpus text)."""

from __future__ import annotations

from fudao.search import analysis, tables

TABLE = ["表 3 各單位推廣經費\n", "單位:", "新臺幣萬元\n", " 110 年 111 年 112年(預算)\n",
         "甲署 12 15.5 20\n", "乙處 3.2 4 4.8\n", "資料來源：", "本部\n"]


def grams(text: str) -> set[str]:
    return set(analysis.bigrams(analysis.normalize(text)))


def test_a_table_is_read_with_its_columns_rows_and_unit() -> None:
    (table,) = tables.read_tables(TABLE)
    assert table.columns == ("110年", "111年", "112年(預算)")
    assert [row[0].row for row in table.rows] == ["甲署", "乙處"]
    assert table.rows[1][2].value == "4.8" and table.rows[1][2].unit == "新臺幣萬元"


def test_the_row_named_and_the_year_asked_pick_the_cell() -> None:
    cell = tables.asked_cell(tables.read_tables(TABLE), grams("乙處112年的推廣經費是多少？"), {2023})
    assert cell is not None and cell.value == "4.8" and cell.clause == 5
    assert tables.describe(cell) == "乙處 112年(預算)：4.8（單位：新臺幣萬元）"


def test_no_cell_without_a_row_or_a_column() -> None:
    found = tables.read_tables(TABLE)
    assert tables.asked_cell(found, grams("乙處的推廣經費是多少？"), set()) is None  # which year?
    assert tables.asked_cell(found, grams("112年的推廣經費是多少？"), {2023}) is None  # which unit?


def test_prose_with_figures_is_no_table() -> None:
    assert tables.read_tables(["共核定 176 案，", "補助 9 億元。\n", "研發 12 案\n"]) == []


def test_a_table_row_ending_in_a_bare_figure_takes_the_unit_stated_above() -> None:
    lines = ["前言說明到此。", "表 3 出口情形", "單位：億美元；%", "項目 出口值 成長率", "100年 839.59 9.13", "累積金額 26.08"]
    assert tables.unit_above(lines, 6) == "億美元；%"
    assert tables.with_unit("累積金額 26.08", "億美元；%") == "累積金額 26.08 億美元"
    assert tables.with_unit("平均成長率 3.2", "億美元；%") == "平均成長率 3.2 %"
    assert tables.with_unit("累積金額 26.08 億美元", "億美元") is None  # the figure has its unit
    # prose between the row and a unit line means the row is not in that table
    assert tables.unit_above(["單位：萬元", "本年度辦理完成。", "合計 12"], 3) is None
