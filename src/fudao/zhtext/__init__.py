"""Chinese-text helpers: normalisation, numerals, amounts, ROC dates, phones, percents,
統一編號, agency renames, and a combined value finder. Pure functions, no Django.

Modules: `found`, `normalize`, `numerals`, `amounts`, `rocdates`, `percents`, `phones`,
`ubn`, `agencies`, `values`.
"""

from fudao.zhtext.found import Found

__all__ = ["Found"]
