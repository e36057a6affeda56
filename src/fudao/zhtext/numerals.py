"""Chinese numerals: reading them as integers and replacing quantities by Arabic digits.

`replace_chinese_numerals` is deliberately conservative. It converts only
- `百分之` + numeral (`百分之十` → `10%`), and
- a numeral run that starts with a digit character (一…九, 十, 兩, 零) and is directly
  followed by a unit of quantity (元, 萬元, 人, 家, 年, 月, 日, 次, 成, 倍, 個, …),
  unless it follows 第 (ordinals), 數/幾 (vague: 數十萬), or a word that makes 一 part
  of a word (統一, 唯一, 單一, 同一, 週一…).
Heading numbers (`一、`, `（一）`), words (`一律`, `統一`, `一般`) and numerals before
anything that is not a unit stay as written.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

import cn2an

DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "貳": 2,
    "贰": 2,
    "參": 3,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陸": 6,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {
    "萬": 10**4,
    "万": 10**4,
    "億": 10**8,
    "亿": 10**8,
    "兆": 10**12,
}
NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_UNITS = (
    "萬元|億元|美元|元|人次|家次|場次|小時|分鐘|個月|人|家|場|件|案|項|名|位|個|年|月|日|天|"
    "週|歲|倍|成|次|所|座|間|台|臺|輛|公里|公頃|公尺|公斤|噸|筆|張|期|季|梯|班|種|%"
)
_BLOCKED_BEFORE = "第數幾統唯單同逐劃專週之"
_QUANTITY = re.compile(
    rf"(?<![{_BLOCKED_BEFORE}{NUMERAL_CHARS}])(?<!星期)(?<!禮拜)"
    rf"(?P<num>[{''.join(DIGITS)}十][{NUMERAL_CHARS}]*)(?=(?:{_UNITS})(?!化|素|件|宵|旦|首|部分))"
)
_PERCENT_WORDS = re.compile(rf"百分之(?P<num>[{NUMERAL_CHARS}\d.]+)")


def _tokens(s: str) -> list[str] | None:
    """Split a mixed numeral into Arabic numbers and single Chinese characters."""
    out: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch.isspace() or ch == "*":
            i += 1
            continue
        match = _ARABIC.match(s, i)
        if match:
            out.append(match.group().replace(",", ""))
            i = match.end()
        elif ch in DIGITS or ch in SMALL_UNITS or ch in BIG_UNITS:
            out.append(ch)
            i += 1
        else:
            return None
    return out


def parse_mixed_number(s: str) -> Decimal | None:
    """The value of a numeral mixing Arabic digits and Chinese units (`12億 1,147萬`, `4萬5千`,
    `一百二十萬`, `3.14億`, `2兆729億`); None when it is not one well-formed number."""
    tokens = _tokens(s)
    if not tokens:
        return None
    done: list[tuple[int, Decimal]] = []  # (big unit, amount) groups already closed
    section = Decimal(0)
    current: Decimal | None = None
    for tok in tokens:
        if tok[0].isdigit() or tok in DIGITS:
            if current is not None and current != 0:
                return None  # two numbers in a row
            try:
                current = Decimal(tok) if tok[0].isdigit() else Decimal(DIGITS[tok])
            except InvalidOperation:
                return None
        elif tok in SMALL_UNITS:
            section += (Decimal(1) if current is None else current) * SMALL_UNITS[tok]
            current = None
        else:
            unit = BIG_UNITS[tok]
            if any(u == unit for u, _ in done):
                return None  # 5萬3萬
            lower = sum((amount for u, amount in done if u < unit), Decimal(0))
            group = (lower + section + (current or 0)) * unit
            if group == 0:
                return None
            done = [(u, amount) for u, amount in done if u > unit] + [(unit, group)]
            section, current = Decimal(0), None
    return sum((amount for _, amount in done), Decimal(0)) + section + (current or 0)


def chinese_to_int(s: str) -> int | None:
    """The integer a Chinese (or mixed) numeral writes (`一百二十` → 120, `兩千` → 2000,
    `十二` → 12, `4萬5千` → 45000); None when `s` is not a whole number."""
    text = s.strip()
    if not text or any(not (c.isdigit() or c in NUMERAL_CHARS or c in ",.") for c in text):
        return None
    try:
        value = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        mixed = parse_mixed_number(text)
        value = mixed if mixed is not None else None
    if value is None or int(value) != value:
        return None
    return int(value)


def replace_chinese_numerals(s: str) -> str:
    """`s` with Chinese-numeral quantities as Arabic digits (see the module docstring)."""

    def percent(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group("num"))
        if value is None:
            mixed = parse_mixed_number(match.group("num"))
            return match.group() if mixed is None else f"{mixed.normalize():f}%"
        return f"{value}%"

    def quantity(match: re.Match[str]) -> str:
        value = chinese_to_int(match.group("num"))
        return match.group() if value is None else str(value)

    return _QUANTITY.sub(quantity, _PERCENT_WORDS.sub(percent, s))


def format_count(n: int) -> str:
    """A count as the ministry prints it: `1,205`, and from 1萬 with 萬 split off
    (`4萬419`, `3萬3,849`, `2萬`)."""
    if n < 0:
        return "-" + format_count(-n)
    if n < 10_000:
        return f"{n:,}"
    wan, rest = divmod(n, 10_000)
    return f"{wan:,}萬{rest:,}" if rest else f"{wan:,}萬"
