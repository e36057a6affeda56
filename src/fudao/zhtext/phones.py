"""Taiwan telephone numbers with their extensions.

Forms: `(02)8995-6399#1223`, `(02)2754-1255 分機 3517`, `(03)485-5973#313`, `02-27089055`,
`0800-000-257`, `0912-345-678`, `+886-2-2345-6789`, `TEL: 02 2345 6789 ext. 12`; a list
`0800-288-019、0800-550-010` gives one finding each. Value {"number": "02-8995-6399",
"ext": "1223" | None}: area code, then the local number grouped 4-4 (8 digits), 3-4
(7 digits) or 3-3 (toll-free 080x and mobile 09xx). An extension written alone (`分機 714`)
is not a phone. Numbers without a leading 0 (local 2754-1255) are not found.
"""

from __future__ import annotations

import re

from fudao.zhtext.found import Found
from fudao.zhtext.normalize import fold_for_finders

_LONG_AREA = ("0826", "0836", "037", "049", "089", "082")
_EXT = r"(?:\s*(?:#|＃|分機|轉|ext\.?|Ext\.?|EXT\.?|x)\s*[:：]?\s*(?P<ext>\d{1,5}))?"
_PHONE = re.compile(
    r"(?<![\dA-Za-z-])"
    r"(?:\((?P<paren>0\d{1,3})\)\s*(?P<plocal>\d{2,4}[-\s]?\d{3,4})"
    r"|(?:\+886[-\s]?\(?(?P<intl>\d{1,3})\)?[-\s]?(?P<ilocal>\d{3,4}[-\s]?\d{3,4}))"
    r"|(?P<free>0[89]\d{2})[-\s]?(?P<flocal>\d{3}[-\s]?\d{3})"
    r"|(?P<area>0[2-8]\d{0,2})[-\s](?P<alocal>\d{3,4}[-\s]?\d{4}))"
    rf"(?![\d.]){_EXT}(?!\d)"
)


def _group(local: str) -> str | None:
    digits = re.sub(r"\D", "", local)
    if len(digits) == 8:
        return f"{digits[:4]}-{digits[4:]}"
    if len(digits) in (6, 7):
        return f"{digits[:-4]}-{digits[-4:]}"
    return None


def _number(m: re.Match[str]) -> str | None:
    if m["paren"]:
        local = _group(m["plocal"])
        return None if local is None else f"{m['paren']}-{local}"
    if m["intl"]:
        local = _group(m["ilocal"])
        return None if local is None else f"0{m['intl'].lstrip('0')}-{local}"
    if m["free"]:
        digits = re.sub(r"\D", "", m["flocal"])
        return f"{m['free']}-{digits[:3]}-{digits[3:]}"
    area = m["area"]
    for code in _LONG_AREA:
        if area.startswith(code) and area != code:
            return None
    local = _group(m["alocal"])
    return None if local is None else f"{area}-{local}"


def find_phones(text: str) -> list[Found]:
    """Every telephone number in `text`, in order, normalised with its extension."""
    folded = fold_for_finders(text)
    out: list[Found] = []
    for m in _PHONE.finditer(folded):
        number = _number(m)
        if number is None:
            continue
        value = {"number": number, "ext": m["ext"]}
        out.append(Found("phone", text[m.start() : m.end()], value, m.start(), m.end()))
    return out
