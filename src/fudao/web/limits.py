"""Bounds on user input: numbers, JSON bodies and lists (no input may cost a 500 or seconds of CPU).

Each parser raises `InputError` (a ValueError) whose zh-TW message names the field.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError

from fudao.errors import Invalid

MAX_BODY_BYTES = 64 * 1024  # a JSON request body of the API
# The WSGI environ key that asks the server to close the connection after this answer
# (`fudao serve`'s gunicorn logger honours it): set on an early refusal whose body is unread.
CLOSE_CONNECTION = "fudao.close_connection"


def close_after(request: HttpRequest) -> None:
    """Ask the server to close the connection once this answer is sent: the request's body was
    not read (an early 413 or 429), and a keep-alive client's next request would otherwise wait
    behind the rest of it."""
    request.META[CLOSE_CONNECTION] = True


def read_json_body(request: HttpRequest) -> Any:
    """The request's JSON body, or HttpError 4xx with a zh-TW message."""
    if len(request.body) > MAX_BODY_BYTES:
        raise HttpError(413, f"請求內容過大（上限 {MAX_BODY_BYTES // 1024} KB）")
    if not request.body.strip():
        raise HttpError(400, "請在請求內容放入企業資料（JSON 物件）")
    return loads_json(request.body)

MAX_NUMBER_CHARS = 32
MAX_JSON_DEPTH = 16
MAX_JSON_INT_DIGITS = 20
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?", re.ASCII)


class InputError(Invalid):
    """Input out of bounds or malformed; the message names the field (zh-TW)."""


def parse_number(raw: str, *, label: str, field: str | None = None, minimum: float | None = None,
                 maximum: float | None = None, integer: bool = False) -> int | float:
    """A decimal number typed by a person (commas allowed), within [minimum, maximum].

    Rejects inf/nan, exponents beyond 3 digits, more than MAX_NUMBER_CHARS characters and
    fractions where `integer` is asked, with an InputError naming `label`.
    """
    text = unicodedata.normalize("NFKC", raw[: MAX_NUMBER_CHARS * 4]).replace(",", "").strip()
    if len(raw) > MAX_NUMBER_CHARS * 4:
        text += "0" * MAX_NUMBER_CHARS  # too long, whatever it holds
    if len(text) > MAX_NUMBER_CHARS:
        raise InputError(f"「{label}」的數字過長（最多 {MAX_NUMBER_CHARS} 字元）", field)
    if not NUMBER.fullmatch(text):
        raise InputError(f"「{label}」須為數字（收到「{raw[:40]}」）", field)
    number = float(text)
    if not math.isfinite(number):
        raise InputError(f"「{label}」的數字超出範圍", field)
    if integer and number != int(number):
        raise InputError(f"「{label}」須為整數（收到「{raw[:40]}」）", field)
    if minimum is not None and number < minimum:
        raise InputError(f"「{label}」不可小於 {minimum:,g}", field)
    if maximum is not None and number > maximum:
        raise InputError(f"「{label}」不可大於 {maximum:,.0f}", field)
    return int(number) if integer or number == int(number) else number


def _json_int(text: str) -> int | float:
    # An absurdly long integer becomes inf, which the profile's bounds reject naming the field.
    return float("inf") if len(text.lstrip("-")) > MAX_JSON_INT_DIGITS else int(text)


def _json_float(text: str) -> float:
    return float(text) if len(text) <= MAX_NUMBER_CHARS else float("inf")


TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"?|[\[\]{}]', re.S)


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text (strings skipped), in linear time."""
    depth = deepest = 0
    for match in TOKENS.finditer(text):
        ch = match.group()
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def loads_json(body: bytes, *, what: str = "請求內容", max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse a JSON document with bounds: UTF-8, nesting ≤ max_depth; NaN/Infinity and
    out-of-range numbers become inf (rejected by the profile naming the field)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{what}須為 UTF-8 編碼的 JSON") from None
    if json_depth(text) > max_depth:
        raise InputError(f"{what}的 JSON 巢狀層數過多（最多 {max_depth} 層）")
    try:
        return json.loads(text, parse_int=_json_int, parse_float=_json_float,
                          parse_constant=lambda _name: float("inf"))
    except json.JSONDecodeError as exc:
        raise InputError(f"{what}不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 字）") from None
    except (ValueError, RecursionError):
        raise InputError(f"{what}不是有效的 JSON") from None


def unique_capped(values: list[Any], *, cap: int) -> list[Any]:
    """The values without repeats (first occurrence kept), at most `cap` of them."""
    return list(dict.fromkeys(values))[:cap]
