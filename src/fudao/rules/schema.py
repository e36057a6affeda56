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

_OPERAND: dict[str, Any] = {
    "oneOf": [
        {"type": ["number", "string", "boolean"]},
        {
            "type": "object", "additionalProperties": False,
            "required": ["param"], "properties": {"param": {"type": "string"}},
        },
    ]
}

_META = {
    "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
    "label": {"type": "string"},
    "hint": {"type": "string"},
    "source": {"$ref": "#/$defs/source"},
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
                "fact": {"type": "string"},
                **{op: {"$ref": "#/$defs/operand"} for op in ("eq", "ne", "lt", "le", "gt", "ge")},
                "in": {"type": "array", "minItems": 1},
                "not_in": {"type": "array", "minItems": 1},
            },
        },
        {
            "required": ["all"], "additionalProperties": False,
            "properties": {**_META, "all": {"type": "array", "items": {"$ref": "#/$defs/condition"}}},
        },
        {
            "required": ["any"], "additionalProperties": False,
            "properties": {
                **_META, "any": {"type": "array", "minItems": 1,
                                 "items": {"$ref": "#/$defs/condition"}},
            },
        },
        {
            "required": ["not"], "additionalProperties": False,
            "properties": {**_META, "not": {"$ref": "#/$defs/condition"}},
        },
    ],
}

_PARAM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label", "values"],
    "properties": {
        "label": {"type": "string"},
        "values": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "additionalProperties": False,
                "required": ["value", "from", "to", "source"],
                "properties": {
                    "value": {"type": "number"},
                    "from": {"type": ["string", "null"], "format": "date"},
                    "to": {"type": ["string", "null"], "format": "date"},
                    "source": {"$ref": "#/$defs/source"},
                },
            },
        },
    },
}

RULE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["measure", "name", "agency", "applies", "sources", "conditions"],
    "properties": {
        "measure": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
        "name": {"type": "string"},
        "agency": {"type": "string"},
        "needs": {"type": "array", "items": {"type": "string"}},
        "applies": {
            "type": "object", "additionalProperties": False, "required": ["from", "to"],
            "properties": {"from": {"type": ["string", "null"]}, "to": {"type": ["string", "null"]},
                           "source": {"$ref": "#/$defs/source"}},
        },
        "sources": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/source"}},
        "params": {"type": "object", "additionalProperties": {"$ref": "#/$defs/param"}},
        "conditions": {"type": "array", "items": {"$ref": "#/$defs/condition"}},
        "benefit": {
            "type": "object", "additionalProperties": False, "required": ["label", "cases"],
            "properties": {
                "label": {"type": "string"},
                "cases": {
                    "type": "array", "minItems": 1,
                    "items": {
                        "type": "object", "additionalProperties": False, "required": ["amount"],
                        "properties": {
                            "when": {"$ref": "#/$defs/condition"},
                            "amount": {"oneOf": [
                                {"type": "null"},
                                {"type": "object", "additionalProperties": False,
                                 "required": ["param"], "properties": {"param": {"type": "string"}}},
                            ]},
                            "note": {"type": "string"},
                        },
                    },
                },
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}},
    },
    "$defs": {"source": _SOURCE, "operand": _OPERAND, "condition": _CONDITION, "param": _PARAM},
}

DERIVED_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["params", "derived"],
    "properties": {
        "params": RULE_SCHEMA["properties"]["params"],
        "derived": {
            "type": "object",
            "additionalProperties": {
                "type": "object", "additionalProperties": False,
                "required": ["label", "condition", "source"],
                "properties": {"label": {"type": "string"}, "condition": {"$ref": "#/$defs/condition"},
                               "source": {"$ref": "#/$defs/source"}},
            },
        },
    },
    "$defs": RULE_SCHEMA["$defs"],
}

TESTS_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "additionalProperties": False,
    "required": ["measure", "cases"],
    "properties": {
        "measure": {"type": "string"},
        "cases": {
            "type": "array", "minItems": 1,
            "items": {
                "type": "object", "additionalProperties": False,
                "required": ["name", "profile", "status"],
                "properties": {
                    "name": {"type": "string"},
                    "on": {"type": "string"},
                    "profile": {"type": "object"},
                    "status": {"enum": ["eligible", "ineligible", "unknown"]},
                    "max_amount_twd": {"type": ["integer", "null"]},
                    "missing_facts": {"type": "array", "items": {"type": "string"}},
                    "deciding": {"type": "string"},
                },
            },
        },
    },
}
