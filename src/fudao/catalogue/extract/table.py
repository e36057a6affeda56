"""Tables of measures by category and agency, as the PDF extraction leaves them: a header row
(`類別 計畫名稱 主政單位`, or `措施 承辦內容 承辦單位 承辦人 聯絡電話`), then one row per measure,
long cells wrapped onto further lines, rotated group labels one or two characters a line.
"""

from __future__ import annotations

import re
from typing import Any

from fudao.catalogue.draft import DraftMeasure, slug_for
from fudao.catalogue.extract.common import agency_name, infer_instrument
from fudao.zhtext.phones import find_phones

PLAN_HEADER = ("類別", "計畫名稱", "主政單位")
CONTACT_HEADER = ("措施", "承辦內容", "承辦單位", "承辦人", "聯絡電話")
_AGENCY_END = re.compile(r"(局|處|司|署|部|會|室|中心|公室)$")
_AGENCY_START = ("經濟部", "行政院", "衛福部", "文化部", "勞動部", "教育部", "內政部", "財政部")
_PERSON = re.compile(r"^\S{1,3}(先生|小姐)$")
_SECTION = re.compile(r"^\s*[一二三四五六七八九十]+、")


def _is_header(line: str, header: tuple[str, ...]) -> bool:
    return tuple(line.split()) == header


def applies(lines: list[str]) -> bool:
    """Whether the document has a measures table."""
    return any(_is_header(x, PLAN_HEADER) or _is_header(x, CONTACT_HEADER) for x in lines)


def extract(lines: list[str], doc_stem: str) -> list[DraftMeasure]:
    """One draft per table row, cited at the row's lines."""
    rows = _plan_rows(lines) + _contact_rows(lines)
    drafts: dict[str, DraftMeasure] = {}
    for row in rows:
        draft = _draft(row, doc_stem)
        if draft.slug in drafts:
            draft.slug = slug_for(draft.name, doc_stem, extra=draft.fields.get("agency", "") + str(row["start"]))
        drafts[draft.slug] = draft
    return list(drafts.values())


def _in_table(lines: list[str], header: tuple[str, ...]) -> list[tuple[int, str]]:
    """Non-blank lines of every part of a table (headers repeat on each page), headers removed."""
    out: list[tuple[int, str]] = []
    inside = False
    for number, line in enumerate(lines, start=1):
        if _is_header(line, header):
            inside = True
            continue
        if inside and _SECTION.match(line):
            inside = False
        if inside and line.strip() and not any(_is_header(line, h) for h in (PLAN_HEADER, CONTACT_HEADER)):
            out.append((number, line.strip()))
    return out


def _plan_rows(lines: list[str]) -> list[dict[str, Any]]:
    """Rows `類別 名稱 主政單位`; a row ends at the line that ends with an agency."""
    rows: list[dict[str, Any]] = []
    words: list[str] = []
    start = 0
    for number, text in _in_table(lines, PLAN_HEADER):
        if not words:
            start = number
        words.extend(text.split())
        if len(words) >= 3 and _AGENCY_END.search(words[-1]):
            rows.append({"category": words[0], "name": "".join(words[1:-1]), "agency": words[-1],
                         "contacts": [], "start": start, "end": number})
            words = []
    return rows


def _contact_rows(lines: list[str]) -> list[dict[str, Any]]:
    """Rows `措施 承辦單位 承辦人 電話`; a row ends at its phone line; rotated labels skipped."""
    rows: list[dict[str, Any]] = []
    words: list[str] = []
    start = 0
    for number, text in _in_table(lines, CONTACT_HEADER):
        if not words and len(text) <= 2 and not find_phones(text):
            continue  # a rotated group label (振/興/輔/導)
        if not words:
            start = number
        words.append(text)
        if find_phones(text) and not find_phones(lines[number] if number < len(lines) else ""):
            row = _contact_row(" ".join(words), start, number)
            if row:
                rows.append(row)
            words = []
    return rows


def _contact_row(text: str, start: int, end: int) -> dict[str, Any] | None:
    phones = find_phones(text)
    before = text[: text.find(phones[0].raw)].split()
    persons: list[str] = []
    while before and _PERSON.match(before[-1]):
        persons.insert(0, before.pop())
    at = next((i for i, w in enumerate(before) if i > 0 and w.startswith(_AGENCY_START)), None)
    if at is None:
        return None
    agency = before[at]
    rest = before[at + 1 :]
    while rest and not _AGENCY_END.search(agency):
        agency += rest.pop(0)
    unit = "".join(rest)
    contacts = []
    for i, phone in enumerate(phones):
        person = persons[i] if i < len(persons) else (persons[-1] if persons else None)
        contacts.append({"role": "host", "org": agency_name(agency), "person": person,
                         "phone": phone.value["number"], "ext": phone.value["ext"], "email": None,
                         "note": unit or None, "line": end})
    return {"category": "", "name": "".join(before[:at]), "agency": agency, "unit": unit,
            "contacts": contacts, "start": start, "end": end}


def _draft(row: dict[str, Any], doc: str) -> DraftMeasure:
    name = row["name"]
    draft = DraftMeasure(slug=slug_for(name, doc), name=name, doc=doc, line_start=row["start"], line_end=row["end"])
    span = (row["start"], row["end"])
    draft.set("name", name, *span)
    draft.set("agency", agency_name(row["agency"]), *span)
    draft.set("facet", "其他", *span)
    draft.set("instrument", infer_instrument(name), *span)
    if row["category"]:
        draft.set("summary", f"類別：{row['category']}", *span)
    if row["contacts"]:
        draft.set("contacts", row["contacts"], *span)
    if row.get("unit"):
        draft.set("executing_units", [row["unit"]], *span)
    draft.flag("缺少欄位：申請期間")
    return draft
