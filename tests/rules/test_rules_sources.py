"""Every source a rule cites exists in the original corpus file and mentions what it backs."""

from __future__ import annotations

import re
import unicodedata

import pytest

from fudao.rules.derived import definitions
from fudao.rules.loader import load_rules
from fudao.rules.model import Node, Source


def _node_sources(node: Node) -> list[Source]:
    out = [node.source] if node.source else []
    for child in node.children:
        out += _node_sources(child)
    return out


def _all_sources() -> list[tuple[str, Source]]:
    found: list[tuple[str, Source]] = []
    for rule in load_rules().values():
        found += [(rule.measure_id, s) for s in rule.sources]
        found += [(rule.measure_id, s) for s in _node_sources(rule.condition)]
        for param in rule.params.values():
            found += [(f"{rule.measure_id}:{param.name}", v.source) for v in param.values]
        for term in rule.benefit.terms if rule.benefit else ():
            found += [(f"{rule.measure_id}:{term.label}", term.source)] if term.source else []
    return found


def _squash(text: str) -> str:
    """Spaces removed and compatibility ideographs (PDF extraction) folded."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize(("where", "source"), _all_sources(), ids=lambda v: str(v)[:40])
def test_source_lines_contain_their_mentions(corpus_dir, where: str, source: Source) -> None:
    path = next(corpus_dir.glob(f"{source.doc}.txt"))
    lines = path.read_text(encoding="utf-8").split("\n")
    assert source.line_start and source.line_end
    assert 1 <= source.line_start <= source.line_end <= len(lines), where
    cited = _squash("\n".join(lines[source.line_start - 1 : source.line_end]))
    assert source.mentions, f"{where}: a corpus source names what it backs"
    for mention in source.mentions:
        assert _squash(mention) in cited, f"{where}: 「{mention}」 not in lines {source.line_start}-{source.line_end}"


def test_derived_facts_cite_the_law() -> None:
    for d in definitions().facts:
        assert d.source.ref
