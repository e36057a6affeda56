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
    """One draft per measure of the tables, cited at its rows' lines.

    A row of the contact table that names an industry (紡織產業, 經銷業 …) is not a measure: it
    goes to the contact directory of the measure its group label names (產業升級轉型輔導); a
    measure named on two rows is one draft with both rows' contacts.
    """
    drafts: dict[str, DraftMeasure] = {}
    for row in _plan_rows(lines):
        draft = _draft(row, doc_stem)
        drafts.setdefault(draft.slug, draft)
    directories: dict[str, list[dict[str, Any]]] = {}
    for row in _contact_rows(lines):
        if is_industry(row["name"]) and row.get("group"):
            directories.setdefault(row["group"], []).extend(_directory_entries(row, doc_stem))
            continue
        draft = _draft(row, doc_stem)
        if draft.slug in drafts:
            _merge_rows(drafts[draft.slug], draft)
        else:
            drafts[draft.slug] = draft
    for group, entries in directories.items():
        draft = _directory_measure(group, entries, doc_stem)
        drafts.setdefault(draft.slug, draft)
    return list(drafts.values())


_NOT_INDUSTRY = ("措施", "計畫", "輔導", "協助", "服務產業輔導")


def is_industry(name: str) -> bool:
    """Whether a row names an industry (紡織產業, 經銷業, 美容及美髮業), not a measure."""
    return name.endswith("業") and not any(w in name for w in _NOT_INDUSTRY)


def _directory_entries(row: dict[str, Any], doc: str) -> list[dict[str, Any]]:
    return [{"industry": row["name"], "org": c["org"], "person": c["person"], "phone": c["phone"],
             "ext": c["ext"], "doc": doc, "line": c["line"]} for c in row["contacts"]]


def _directory_measure(group: str, entries: list[dict[str, Any]], doc: str) -> DraftMeasure:
    """The measure a group label names (產業升級轉型輔導), holding its industries' contact directory."""
    first, last = min(e["line"] for e in entries), max(e["line"] for e in entries)
    draft = DraftMeasure(slug=slug_for(group, doc), name=group, doc=doc, line_start=first, line_end=last)
    draft.set("name", group, first, last)
    orgs = list(dict.fromkeys(e["org"] for e in entries if e["org"]))
    draft.set("agency", orgs[0] if orgs else "", first, last)
    draft.set("executing_units", orgs[1:], first, last)
    draft.set("instrument", infer_instrument(group), first, last)
    draft.set("summary", "分業別聯絡窗口：" + "、".join(dict.fromkeys(e["industry"] for e in entries)), first, last)
    draft.set("contact_directory", entries, first, last)
    draft.flag("缺少欄位：申請期間")
    return draft


def _merge_rows(kept: DraftMeasure, again: DraftMeasure) -> None:
    """The same measure on a second row (another agency's window): add its contacts and agency."""
    contacts = [*kept.fields.get("contacts", []), *again.fields.get("contacts", [])]
    kept.set("contacts", contacts, kept.line_start, again.line_end)
    other = again.fields.get("agency")
    units = list(kept.fields.get("executing_units", []))
    if other and other != kept.fields.get("agency") and other not in units:
        units.append(other)
        kept.set("executing_units", units, kept.line_start, again.line_end)
    kept.line_end = max(kept.line_end, again.line_end)


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
    labels: list[str] = []  # the rotated labels read so far: category (振興輔導), then measure
    label = ""
    last_label_line = 0
    for number, text in _in_table(lines, CONTACT_HEADER):
        if not words and len(text) <= 2 and not find_phones(text):
            # a rotated label, one or two characters a line (振/興/輔/導); a blank line ends it
            label = label + text if number - last_label_line <= 1 else text
            if number - last_label_line > 1:
                labels.append("")
            labels[-1] = label
            last_label_line = number
            continue
        if not words:
            start = number
        words.append(text)
        if find_phones(text) and not find_phones(lines[number] if number < len(lines) else ""):
            row = _contact_row(" ".join(words), start, number)
            if row:
                row["group"] = next((x for x in reversed(labels) if len(x) > 4), "")
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
