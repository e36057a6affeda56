"""JSON schemas of the API's answers for its OpenAPI document (every status an operation gives)."""

from __future__ import annotations

from typing import Any

from fudao.search.types import ANSWER_KINDS

ERROR = {"type": "object", "properties": {"error": {"type": "string", "description": "zh-TW 訊息"}},
         "required": ["error"], "additionalProperties": False}
SOURCE = {"type": "object", "properties": {"doc": {"type": "string"}, "line_start": {"type": "integer"},
                                           "line_end": {"type": "integer"}},
          "required": ["doc", "line_start", "line_end"]}
HIT = {"type": "object", "additionalProperties": False,
       "required": ["doc", "section", "line_start", "line_end", "text", "score"],
       "properties": {"doc": {"type": "string"}, "section": {"type": ["string", "null"]},
                      "line_start": {"type": "integer", "minimum": 1}, "line_end": {"type": "integer", "minimum": 1},
                      "text": {"type": "string"}, "score": {"type": "number"}}}
SEARCH = {"type": "object", "required": ["hits"], "additionalProperties": False,
          "properties": {"hits": {"type": "array", "items": HIT}}}
MEASURE = {"type": "object", "description": "一項輔導措施（DESIGN 的欄位）",
           "required": ["id", "name", "status", "instrument", "facet"],
           "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                          "status": {"enum": ["draft", "reviewed", "published", "retired"]},
                          "instrument": {"type": "string"}, "facet": {"type": "string"},
                          "is_open": {"type": "boolean"}, "window": {"type": ["object", "null"]},
                          "benefits": {"type": "array"}, "contacts": {"type": "array"},
                          "sources": {"type": "object"}, "as_of": {"type": ["string", "null"]},
                          "window_state": {"enum": ["open", "not_stated", "unconfirmed", "closed"]},
                          "window_label": {"type": "string"}},
           "additionalProperties": True}
ASK = {"type": "object", "required": ["answer", "kind", "citations", "measures"], "additionalProperties": False,
       "properties": {"answer": {"type": "string"},
                      "kind": {"type": ["string", "null"], "enum": [*ANSWER_KINDS, None],
                               "description": "答案的種類（金額、日期、是或否、項目…）；拒答或未分類為 null"},
                      "citations": {"type": "array", "items": {
                          "type": "object", "required": ["doc", "line_start", "line_end", "quote"],
                          "properties": {"doc": {"type": "string"}, "line_start": {"type": "integer"},
                                         "line_end": {"type": "integer"}, "quote": {"type": "string"}}}},
                      "measures": {"type": "array", "items": MEASURE}}}
MEASURES = {"type": "object", "required": ["measures", "count", "facets"], "additionalProperties": False,
            "properties": {"measures": {"type": "array", "items": MEASURE},
                           "count": {"type": "integer", "minimum": 0},
                           "facets": {"type": "object", "additionalProperties": {"type": "integer"}},
                           "states": {"type": "object", "additionalProperties": {"type": "integer"},
                                      "description": "各受理狀態（open、not_stated、unconfirmed、closed）的措施數"}}}
MATCH_RESULT = {
    "type": "object", "description": "一項措施的比對結果",
    "required": ["measure_id", "name", "status", "reasons", "missing_facts", "max_amount_twd", "sources"],
    "properties": {
        "measure_id": {"type": "string"}, "name": {"type": "string"},
        "status": {"enum": ["eligible", "ineligible", "unknown"], "description": "符合、不符合、尚缺資料"},
        "reasons": {"type": "array", "items": {"type": "string"}, "description": "判斷理由（zh-TW）"},
        "missing_facts": {"type": "array", "items": {"type": "string"}, "description": "尚缺的欄位"},
        "max_amount_twd": {"type": ["number", "null"], "description": "最高補助或貸款金額（新臺幣元）"},
        "sources": {"type": "array", "items": SOURCE, "description": "規則依據的原文行"},
        "hint": {"type": ["string", "null"]}, "deciding": {"type": "array", "items": {"type": "string"}},
        "has_rule": {"type": "boolean"}, "needs_met": {"type": "integer"},
        "informational": {"type": "boolean", "description": "資訊性措施，無申請資格（文件未列申請條件）"},
        "benefit_terms": {"type": "array", "description": "僅於一定貸款額度內（或以上）適用之優惠，及擬申請貸款金額中適用的部分",
                          "items": {"type": "object", "properties": {
                              "label": {"type": "string"}, "up_to_twd": {"type": ["integer", "null"]},
                              "over_twd": {"type": ["integer", "null"]},
                              "applies_to_twd": {"type": ["integer", "null"]},
                              "source": {"type": ["object", "null"]}}}},
        "trace": {"type": "array", "items": {"type": "object"}, "description": "explain=true 時的規則追蹤"},
    },
    "additionalProperties": True,
}
MATCH = {"type": "object", "required": ["results"], "properties": {"results": {"type": "array", "items": MATCH_RESULT}},
         "additionalProperties": True}

ERROR_TEXT = {400: "請求有誤（訊息指出欄位）", 403: "無權檢視", 404: "找不到", 413: "請求內容過大",
              429: "請求過於頻繁（附 Retry-After）"}


def responses(ok: dict[str, Any], *errors: int) -> dict[int, Any]:
    """The `responses` of an operation: 200 with `ok`, and each error status with ERROR."""
    out: dict[int, Any] = {200: {"description": "OK", "content": {"application/json": {"schema": ok}}}}
    for status in errors:
        out[status] = {"description": ERROR_TEXT[status],
                            "content": {"application/json": {"schema": ERROR}}}
    return out
