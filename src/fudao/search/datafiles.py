"""The search package's own data files (`search/data/`): glossary, thesaurus, function words,
and the weights and limits `fudao eval --tune` stores."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import yaml


def read_text(name: str) -> str:
    """The text of a data file shipped with the package."""
    return resources.files("fudao.search").joinpath(f"data/{name}").read_text(encoding="utf-8")


def read_json(name: str) -> dict[str, Any] | None:
    """A JSON data file as a dict, or None while it has not been written (before any tuning)."""
    try:
        return dict(json.loads(read_text(name)))
    except FileNotFoundError:
        return None


def read_yaml(name: str) -> Any:
    """A YAML data file, parsed with libyaml's loader where PyYAML has it (the glossary's 2,000
    entries take 0.3 s with the pure-Python one, at every process start)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(read_text(name), Loader=loader)  # a safe loader either way
