"""JSON Schemas of the rules files and their test-case files."""

from __future__ import annotations

from typing import Any

_SOURCE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "doc": {"type": "string", "pattern": "^[0-9]{3}_[0-9a-f]{16}$"},
        "lines": {
            "type": "array", "items": {"type": "integer", "minimum": 1},
            "minItems": 2, "maxItems": 2,
        },
        "ref": {"type": "string", "minLength": 2},
        "mentions": {"type": "array", "items": {"type": "string", "maxLength": 27}},
    },
    "oneOf": [{"required": ["doc", "lines"]}, {"required": ["ref"]}],
}

_DRAFT = "https://json-schema.org/draft/2020-12/schema"
_STRING: dict[str, Any] = {"type": "string"}


def _record(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    """A JSON object with these properties and no others, `required` among them."""
    return {"type": "object", "additionalProperties": False, "required": required,
            "properties": properties}


def _list_of(items: dict[str, Any]) -> dict[str, Any]:
    """A non-empty JSON array of `items`."""
    return {"type": "array", "minItems": 1, "items": items}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


_OPERAND: dict[str, Any] = {
    "oneOf": [
        {"type": ["number", "string", "boolean"]},
        _record(["param"], {"param": _STRING}),
    ]
}

_META = {
    "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
    "label": _STRING,
    "hint": _STRING,
    "source": _ref("source"),
}

_CONDITION: dict[str, Any] = {
    "type": "object",
    "oneOf": [
        {
            "required": ["fact"],
            "additionalProperties": False,
            "minProperties": 2,
            "maxProperties": 6,
            "properties": {
                **_META,
                "fact": _STRING,
                **{op: _ref("operand") for op in ("eq", "ne", "lt", "le", "gt", "ge")},
                "in": {"type": "array", "minItems": 1},
                "not_in": {"type": "array", "minItems": 1},
            },
        },
        {
            "required": ["all"], "additionalProperties": False,
            "properties": {**_META, "all": {"type": "array", "items": _ref("condition")}},
        },
        {
            "required": ["any"], "additionalProperties": False,
            "properties": {**_META, "any": _list_of(_ref("condition"))},
        },
        {
            "required": ["not"], "additionalProperties": False,
            "properties": {**_META, "not": _ref("condition")},
        },
    ],
}

_PARAM: dict[str, Any] = _record(["label", "values"], {
    "label": _STRING,
    "values": _list_of(_record(["value", "from", "to", "source"], {
        "value": {"type": "number"},
        "from": {"type": ["string", "null"], "format": "date"},
        "to": {"type": ["string", "null"], "format": "date"},
        "source": _ref("source"),
    })),
})

RULE_SCHEMA: dict[str, Any] = {
    "$schema": _DRAFT,
    **_record(["measure", "name", "agency", "applies", "sources", "conditions"], {
        "measure": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "name": _STRING,
        "agency": _STRING,
        "needs": {"type": "array", "items": _STRING},
        "applies": _record(["from", "to"], {
            "from": {"type": ["string", "null"]}, "to": {"type": ["string", "null"]},
            "source": _ref("source"),
        }),
        "sources": _list_of(_ref("source")),
        "params": {"type": "object", "additionalProperties": _ref("param")},
        "conditions": {"type": "array", "items": _ref("condition")},
        "benefit": _record(["label", "cases"], {
            "label": _STRING,
            "cases": _list_of(_record(["amount"], {
                "when": _ref("condition"),
                "amount": {"oneOf": [{"type": "null"}, _record(["param"], {"param": _STRING})]},
                "note": _STRING,
            })),
            # parts of a benefit that hold only up to (or above) an amount of the loan asked for
            "terms": {"type": "array", "items": _record(["label", "source"], {
                "label": _STRING,
                "up_to": _record(["param"], {"param": _STRING}),
                "over": _record(["param"], {"param": _STRING}),
                "source": _ref("source"),
            })},
        }),
        "notes": {"type": "array", "items": _STRING},
        "informational": {"type": "boolean"},
    }),
    "$defs": {"source": _SOURCE, "operand": _OPERAND, "condition": _CONDITION, "param": _PARAM},
}

DERIVED_SCHEMA: dict[str, Any] = {
    "$schema": _DRAFT,
    **_record(["params", "derived"], {
        "params": RULE_SCHEMA["properties"]["params"],
        "derived": {
            "type": "object",
            "additionalProperties": _record(["label", "condition", "source"], {
                "label": _STRING, "condition": _ref("condition"), "source": _ref("source"),
            }),
        },
    }),
    "$defs": RULE_SCHEMA["$defs"],
}

TESTS_SCHEMA: dict[str, Any] = {
    "$schema": _DRAFT,
    **_record(["measure", "cases"], {
        "measure": _STRING,
        "cases": _list_of(_record(["name", "profile", "status"], {
            "name": _STRING,
            "on": _STRING,
            "profile": {"type": "object"},
            "status": {"enum": ["eligible", "ineligible", "unknown"]},
            "max_amount_twd": {"type": ["integer", "null"]},
            "missing_facts": {"type": "array", "items": _STRING},
            "deciding": _STRING,
        })),
    }),
}
