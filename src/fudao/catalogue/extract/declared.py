"""Measures declared as data (`data/declared.yaml`) and located in a document by an anchor phrase."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from fudao.catalogue.draft import DraftMeasure


@lru_cache(maxsize=1)
def declarations() -> tuple[dict[str, Any], ...]:
    """The declared measures of `data/declared.yaml`."""
    text = resources.files("fudao.catalogue").joinpath("data/declared.yaml").read_text("utf-8")
    return tuple(yaml.safe_load(text)["measures"])


def _anchor_line(lines: list[str], anchor: str) -> int | None:
    target = "".join(anchor.split())
    for number, line in enumerate(lines, start=1):
        if target in "".join(line.split()):
            return number
    return None


def applies(lines: list[str]) -> bool:
    """Whether any declared measure's anchor is in the document."""
    return any(_anchor_line(lines, d["anchor"]) for d in declarations())


def extract(lines: list[str], doc_stem: str) -> list[DraftMeasure]:
    """A draft for each declaration of this document whose anchor is found; fields cite the anchor's lines."""
    out: list[DraftMeasure] = []
    number = doc_stem.split("_")[0]
    for decl in declarations():
        if str(decl.get("doc", number)) != number:
            continue
        start = _anchor_line(lines, decl["anchor"])
        if start is None:
            continue
        end = min(len(lines), start + int(decl.get("lines", 1)) - 1)
        draft = DraftMeasure(slug=decl["slug"], name=decl["name"], doc=doc_stem, line_start=start, line_end=end)
        draft.set("name", decl["name"], start)
        for key, value in decl.get("fields", {}).items():
            draft.set(key, value, start, end)
        out.append(draft)
    return out
