"""Money amounts: `12億 1,147 萬元`, `4萬5千元`, `新臺幣30億元`, `每家最高**3,500**萬元`,
`500 萬`, `3,000千元`, `64.05億美元`, `NT$100 million`.

TWD amounts are reported as {"twd": int}; other currencies as {"amount": int, "currency": code}.
Years, dates and phone numbers never match: an amount needs 元, a currency, NT$/US$, or a
bare 萬/億/兆 in a money context. A bare `N萬`/`N億` (no 元) counts as TWD only when a money
word comes shortly before it in the same clause (補助, 最高, 上限, 貸款, 經費, 投資, 營業額,
產值, 自付 …: `最高補助10萬`, `個案最高 500 萬`) and it ends on the unit: counts such as
`14.9 萬`, `3 萬 5,857 件`, `3萬人` are not money. Vague amounts (`數十萬元`) and unit-only
labels (`單位：千元`) are skipped, and so are unit prices with
cents (`每度 7.32 元`). Amounts broken across lines are not joined here.

`format_twd` goes the other way: a TWD amount as the ministry writes it (`12億1,147萬元`).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from fudao.zhtext.found import Found, longest_without_overlaps
from fudao.zhtext.normalize import fold_for_finders, fold_width
from fudao.zhtext.numerals import BIG_UNITS, DIGITS, NUMERAL_CHARS, SMALL_UNITS, parse_mixed_number

_ANUM = r"\d{1,3}(?:[ ]?,[ ]?\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SEP = r"(?:[ \t]|\*\*)*"
_ATOM = rf"(?:{_ANUM}|[{NUMERAL_CHARS}])"
_CURRENCIES: dict[str, str] = {
    "美元": "USD",
    "美金": "USD",
    "人民幣": "CNY",
    "日圓": "JPY",
    "日元": "JPY",
    "歐元": "EUR",
}
_COUNTERS = (
    "人|家|名|位|件|案|場|個|項|筆|張|座|所|間|處|廠|台|臺|部|輛|艘|架|隻|頭|株|棵|戶|支|組|套|"
    "份|本|冊|頁|則|種|門|次|坪|公頃|公里|公尺|平方|立方|噸|公噸|桶|公升|度|瓩|千瓦|kW|MW|"
    "餘人|餘家|多人|多家|餘名|多名|餘件|多件|字|元素|單位|倍|美|公|枚|盞|工時|訪次|瀏覽"
)
_MONEY_WORDS = re.compile(
    r"(?:補助|補貼|獎勵|最高|上限|貸款|額度|經費|金額|投資|資本|營業額|營收|收入|自付|自籌|"
    r"政府出|出資|預算|融資|保證|費用|產值|新臺幣|新台幣|資金|成本|款)[^,，。；;\n]{0,12}$"
)
_CUR_ALT = "|".join(_CURRENCIES)
_AMOUNT = re.compile(
    rf"(?<![\dA-Za-z])(?<!\d[.,])(?P<pre>(?:新臺幣|新台幣|NT\$|NTD)[ ]*)?"
    rf"(?P<num>{_ATOM}(?:{_SEP}{_ATOM})*)"
    rf"(?:{_SEP}(?P<cur>{_CUR_ALT})|{_SEP}(?P<yuan>元)(?!件|素|化|宵|旦|首|年)"
    rf"|(?P<bare>)(?![ ]*(?:{_COUNTERS})))"
)
_DOLLAR = re.compile(
    r"(?P<cur>NT|US)\$[ ]*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:[ ]*(?P<scale>thousand|million|billion))?",
    re.IGNORECASE,
)
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_WAN = 10_000
_TENTHS_PER_YI = 100_000  # 1億 = 10,000萬 = 100,000 tenths of 萬
_VAGUE_BEFORE = ("數", "幾", "上")


def _split_numbers(num: str) -> int:
    """Offset where the last well-formed number in a run starts (`2 500萬` → at `500`)."""
    spans = [m.start() for m in re.finditer(rf"(?:{_ANUM})|[{''.join(DIGITS)}十拾]", num)]
    for start in spans:
        if parse_mixed_number(num[start:]) is not None:
            return start
    return len(num)


def _trim_bare(num: str, start: int) -> tuple[str, int]:
    """A bare run cut after its last 萬/億 (`1億一` of `1億一方面` → `1億`); empty when
    Arabic digits follow that unit (`3 萬 5,857`: a count)."""
    cut = max(num.rfind(unit) for unit in BIG_UNITS)
    if cut < 0 or any(c.isdigit() for c in num[cut:]):
        return "", start
    return num[: cut + 1], start + cut + 1


def _to_int(value: Decimal) -> int:
    return int(value.to_integral_value(rounding=ROUND_HALF_UP))  # quantize fails beyond 28 digits


def _accept(num: str, match: re.Match[str], text: str, start: int, money: bool) -> bool:
    """Whether a candidate run is a real, specific amount."""
    if num[0] in SMALL_UNITS and num[0] not in "十拾":
        return False
    if text[max(0, start - 1) : start] in _VAGUE_BEFORE:
        return False
    has_arabic = any(c.isdigit() for c in num)
    if match.group("bare") is not None:
        before = text[max(0, start - 24) : start]
        return num[-1] in BIG_UNITS and (money or _MONEY_WORDS.search(before) is not None)
    return has_arabic or money or len(num.strip()) > 1  # 一元, 二元 in text are words


def _from_match(match: re.Match[str], text: str, folded: str, money: bool) -> Found | None:
    """The amount one candidate run states, or None when it is not a specific amount."""
    raw_num = match.group("num")
    if raw_num[0] in BIG_UNITS or raw_num[0] in "百佰千仟":
        return None  # a unit without its number (單位：千元) or a number broken across lines
    offset = _split_numbers(raw_num)
    num, start, end = raw_num[offset:], match.start("num") + offset, match.end()
    if match.group("bare") is not None:
        num, end = _trim_bare(num, start)
    if not num or not _accept(num, match, folded, start, money):
        return None
    value = parse_mixed_number(num)
    if value is None or value <= 0 or value != value.to_integral_value():
        return None  # not a number, or a unit price such as 7.32元
    if offset == 0 and match.group("pre"):
        start = match.start()
    if match.group("cur"):
        found = {"amount": _to_int(value), "currency": _CURRENCIES[match.group("cur")]}
    else:
        found = {"twd": _to_int(value)}
    return Found("amount", text[start:end], found, start, end)


def _dollar_amounts(text: str, folded: str) -> list[Found]:
    """`NT$100 million`, `US$ 3 billion`, `NT$1,000`."""
    out: list[Found] = []
    for match in _DOLLAR.finditer(folded):
        value = Decimal(match.group("num").replace(",", ""))
        value *= _SCALES.get((match.group("scale") or "").lower(), 1)
        if match.group("cur").upper() == "NT":
            found: dict[str, object] = {"twd": _to_int(value)}
        else:
            found = {"amount": _to_int(value), "currency": "USD"}
        start, end = match.start(), match.end()
        out.append(Found("amount", text[start:end], found, start, end))
    return out


def _finds(text: str, *, money: bool = False) -> list[Found]:
    folded = fold_for_finders(text)
    out = [_from_match(m, text, folded, money) for m in _AMOUNT.finditer(folded)]
    found = [f for f in out if f is not None] + _dollar_amounts(text, folded)
    return longest_without_overlaps(found)


def find_amounts(text: str) -> list[Found]:
    """Every money amount in `text`, in order (see the module docstring for the forms)."""
    return _finds(text)


def parse_amount(s: str) -> int | None:
    """The TWD amount `s` states (`12億 1,147 萬元` → 1211470000, `4萬5千元` → 45000);
    a plain number or a bare `500 萬` counts as TWD; None for other currencies or no amount."""
    stripped = fold_width(s).strip().removeprefix("新臺幣").removeprefix("新台幣").strip()
    if stripped and all(c.isdigit() or c in ", ." for c in stripped):
        plain = parse_mixed_number(stripped)
        return None if plain is None else _to_int(plain)
    for found in _finds(s, money=True):
        if "twd" in found.value:
            return int(found.value["twd"])
        return None
    return None


def format_twd(amount: int | float | Decimal | None) -> str:
    """A TWD amount as the ministry writes it; '' for None.

    Under 1萬 in 元 (`500元`, `5,000元`); from 1萬 in 萬元 to one decimal (`6,000萬元`,
    `4.5萬元`), with 億 split off (`1億元`, `12億1,147萬元`). Fractions of a 元 and of
    0.1萬 are rounded half up. Raises ValueError for NaN or infinity.
    """
    if amount is None:
        return ""
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {amount!r}")
    sign, value = ("-" if value < 0 else ""), abs(value)
    yuan = _to_int(value)
    if yuan < _WAN:
        return f"{sign}{yuan:,}元"
    tenths = _to_int(value / 1000)
    yi, rest = divmod(tenths, _TENTHS_PER_YI)
    wan_whole, wan_tenth = divmod(rest, 10)
    wan = f"{wan_whole:,}.{wan_tenth}" if wan_tenth else f"{wan_whole:,}"
    if not yi:
        return f"{sign}{wan}萬元"
    return f"{sign}{yi:,}億{wan}萬元" if rest else f"{sign}{yi:,}億元"
