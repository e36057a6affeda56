"""Passages: sized for retrieval, inside one top-level section, quoting their original lines."""

from __future__ import annotations

import pytest
from dochelpers import provenance_key, quotes_lines

from corpusfiles import corpus_path
from fudao.documents.passages import MAX_CHARS, build_passages
from fudao.documents.pipeline import parse_document
from fudao.documents.repair import repair
from fudao.documents.sections import build_sections

STEMS = ["000", "001", "002", "003", "004"]


def _parsed(stem: str):
    path = corpus_path(stem)
    return parse_document(path, path.read_bytes())


@pytest.mark.parametrize("stem", STEMS)
def test_provenance_every_passage_quotes_its_original_lines(stem):
    parsed = _parsed(stem)
    lines = parsed.read.text.splitlines()
    assert parsed.passages
    for passage in parsed.passages:
        original = lines[passage.line_start - 1 : passage.line_end]
        assert quotes_lines(passage.text, original), (passage.line_start, passage.line_end, passage.text[:80])


@pytest.mark.parametrize("stem", STEMS)
def test_passages_never_cross_a_top_level_section(stem):
    parsed = _parsed(stem)
    tops = [s for s in parsed.tree.sections if s.parent is None]
    for passage in parsed.passages:
        inside = [t for t in tops if t.line_start <= passage.line_start <= t.line_end]
        for top in inside:
            assert passage.line_end <= top.line_end


@pytest.mark.parametrize("stem", ["001", "002", "004"])
def test_passage_sizes(stem):
    parsed = _parsed(stem)
    sizes = [p.size for p in parsed.passages if p.kind != "table"]
    assert max(sizes) <= MAX_CHARS + 50
    median = sorted(sizes)[len(sizes) // 2]
    assert 100 <= median <= MAX_CHARS


@pytest.mark.parametrize("stem", ["001", "002", "004"])
def test_heading_is_never_cut_from_its_body(stem):
    parsed = _parsed(stem)
    bare_titles = {f"{s.numbering}{s.title}".replace(" ", "") for s in parsed.tree.sections}
    for passage in parsed.passages:
        lines = [line.replace(" ", "").rstrip("：") for line in passage.text.splitlines()]
        assert not all(line in bare_titles for line in lines), passage.text[:80]


def test_section_path_of_a_passage():
    parsed = _parsed("004")
    passage = next(p for p in parsed.passages if "索馬利蘭" in p.text)
    path = parsed.tree.sections[passage.section].title_path
    assert path[0] == "國營事業"


def test_table_kept_whole_with_its_caption():
    text = "\n".join([
        "一、補助額度",
        "本計畫依項目訂定補助上限，說明如下表，申請者應依實際需求核實編列經費並檢附估價單。",
        "經費核定後不得移用於其他項目，變更時應事先報請本署同意。",
        "表 1 補助上限",
        "項目\t上限\t比例",
        "顧問診斷\t30 萬元\t50%",
        "設備導入\t100 萬元\t40%",
        "二、申請方式",
        "請於期限內線上申請。",
    ])
    units = repair(text)
    passages = build_passages(units, build_sections(units))
    table = next(p for p in passages if p.kind == "table")
    assert table.text.splitlines() == ["表 1 補助上限", "項目\t上限\t比例", "顧問診斷\t30 萬元\t50%", "設備導入\t100 萬元\t40%"]
    assert (table.line_start, table.line_end) == (4, 7)
    assert "變更時應事先報請本署同意" in passages[0].text


def test_value_lines_map_to_original_lines():
    parsed = _parsed("002")
    passage = next(p for p in parsed.passages if "12億 1,147 萬元" in p.text)
    offset = passage.text.index("12億 1,147 萬元")
    line = passage.line_of(offset)
    assert "12億 1,147 萬元" in parsed.read.text.splitlines()[line - 1]


@pytest.mark.parametrize("stem", STEMS)
def test_values_cite_the_line_they_start_on(stem):
    parsed = _parsed(stem)
    lines = parsed.read.text.splitlines()
    found = [value for values in parsed.values for value in values]
    assert found
    for value in found:
        raw = "".join(value.raw.split())
        window = "".join(provenance_key(line) for line in lines[value.line - 1 : value.line + 3])
        assert raw in window, (value.line, value.raw)
        assert raw[0] in provenance_key(lines[value.line - 1])
