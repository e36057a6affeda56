"""The field form of the 中堅企業服務團 handbook: one form per measure (輔導措施名稱, 輔導措施簡介,
提供服務項目, 中堅企業優惠方式, 聯絡方式, 相關網站), grouped under facet headings (一、人才面 …).
"""

from __future__ import annotations

import re
from typing import Any

from fudao.catalogue.draft import DraftMeasure, slug_for
from fudao.catalogue.extract.common import (
    contradictory_amounts,
    find_benefits,
    infer_instrument,
    parse_window,
    squash,
)
from fudao.catalogue.extract.contacts import parse_contacts
from fudao.catalogue.extract.targets import applicant_types
from fudao.zhtext.phones import find_phones

NAME_LABEL = "輔導措施名稱"
_NAME = re.compile(r"^\s*輔導措施名稱\s*(.+?)\s*$")
_FACET = re.compile(r"^\s*[一二三四五六七八九十]+、\s*(人才|技術|智財|品牌行銷|其他)面\s*$")
_SUBHEAD = re.compile(r"^\s*\([一二三四五六七八九十]+\)\S")
_ITEM = re.compile(r"^\s*[¢█]\s*(?:（其他）)?([^：:]{1,24})[：:]?(.*)$")
_FIELD = re.compile(r"^\s*●\s*([^：:]{1,24})[：:](.*)$")
_URL = re.compile(r"https?://[^\s)）]+")
# (label as written with spaces removed, field); the mittelstand label spans two lines.
_LABELS = [("輔導措施簡介", "summary"), ("提供服務項目", "services"), ("中堅企業優惠方式", "mittelstand"),
           ("聯絡方式", "contacts"), ("相關網站", "websites")]
_LABEL_NAMES = {"summary": "輔導措施簡介", "services": "提供服務項目", "mittelstand": "中堅企業優惠方式",
                "contacts": "聯絡方式"}

Lines = list[tuple[int, str]]


def applies(lines: list[str]) -> bool:
    """Whether the document has measure forms."""
    return any(_NAME.match(line) for line in lines)


def extract(lines: list[str], doc_stem: str) -> list[DraftMeasure]:
    """One draft per 輔導措施名稱 form, with its facet, fields, contacts and cited lines."""
    starts = [i for i, line in enumerate(lines, start=1) if _NAME.match(line)]
    drafts: list[DraftMeasure] = []
    for n, start in enumerate(starts):
        end = (starts[n + 1] - 1) if n + 1 < len(starts) else len(lines)
        end = _trim_tail(lines, start, end)
        drafts.append(_form(lines, doc_stem, start, end, _facet_before(lines, start)))
    return drafts


def _trim_tail(lines: list[str], start: int, end: int) -> int:
    """Drop the next form's facet and sub-headings and trailing blanks from a block."""
    while end > start and (not lines[end - 1].strip() or _SUBHEAD.match(lines[end - 1])
                           or _FACET.match(lines[end - 1]) or lines[end - 1].startswith("mailto:")):
        end -= 1
    return end


def _facet_before(lines: list[str], line: int) -> str:
    for i in range(line - 1, 0, -1):
        m = _FACET.match(lines[i - 1])
        if m:
            return m.group(1)
    return "其他"


def _split(lines: list[str], start: int, end: int) -> dict[str, Lines]:
    """The block's lines by label; a label's own line keeps any text after the label."""
    parts: dict[str, Lines] = {}
    current: Lines | None = None
    i = start + 1
    while i <= end:
        text = lines[i - 1]
        key, rest, used = _label_at(lines, i, end)
        if key:
            current = parts.setdefault(key, [])
            if rest:
                current.append((i + used - 1, rest))
            i += used
            continue
        if current is not None and text.strip():
            current.append((i, text))
        i += 1
    return parts


def _label_at(lines: list[str], i: int, end: int) -> tuple[str | None, str, int]:
    text = lines[i - 1].strip()
    if text == "中堅企業" or (text.startswith("中堅企業") and text[4:].strip()[:1] in ("¢", "█")):
        j = i + 1
        while j <= end and not lines[j - 1].strip():
            j += 1
        if j <= end and lines[j - 1].strip().startswith("優惠方式"):
            return "mittelstand", (text[4:].strip() + " " + lines[j - 1].strip()[4:].strip()).strip(), j - i + 1
    for label, key in _LABELS:
        if text.replace(" ", "").startswith(label):
            return key, text[len(label):].strip() if text.startswith(label) else "", 1
    return None, "", 0


def _form(lines: list[str], doc: str, start: int, end: int, facet: str) -> DraftMeasure:
    name = _NAME.match(lines[start - 1]).group(1)  # type: ignore[union-attr]
    draft = DraftMeasure(slug=slug_for(name, doc), name=name, doc=doc, line_start=start, line_end=end)
    draft.set("name", name, start)
    draft.set("facet", facet, start)
    parts = _split(lines, start, end)
    for key, label in _LABEL_NAMES.items():
        if not parts.get(key):
            draft.flag(f"缺少欄位：{label}")
    if parts.get("summary"):
        _cite(draft, "summary", squash("\n".join(t for _, t in parts["summary"])), parts["summary"])
    _services(draft, parts.get("services", []))
    _mittelstand(draft, parts.get("mittelstand", []))
    _contacts(draft, parts.get("contacts", []))
    _websites(draft, parts.get("websites", []))
    items = " ".join(draft.fields.get("service_items", []))
    draft.set("instrument", infer_instrument(name, items), start)
    draft.set("region", "全國", start)
    draft.fields.setdefault("aliases", [])
    for message in contradictory_amounts(draft.fields.get("benefits", [])):
        draft.flag(message)
    return draft


def _cite(draft: DraftMeasure, field: str, value: Any, part: Lines) -> None:
    draft.set(field, value, part[0][0], part[-1][0])


def _bullets(part: Lines) -> list[tuple[str | None, str, Lines]]:
    """(item header or None, field label, its lines) for the 提供服務項目 block."""
    out: list[tuple[str | None, str, Lines]] = []
    item: str | None = None
    split = [(n, piece if i == 0 else "●" + piece) for n, t in part for i, piece in enumerate(t.split("●"))]
    for number, text in [(n, t) for n, t in split if t.strip()]:
        m_item, m_field = _ITEM.match(text), _FIELD.match(text)
        if m_item:
            item = m_item.group(1).strip()
            out.append((item, "", [(number, m_item.group(2))] if m_item.group(2).strip() else []))
        elif m_field:
            out.append((item, m_field.group(1).strip(), [(number, m_field.group(2))]))
        elif out:
            out[-1][2].append((number, text))
    return out


def _services(draft: DraftMeasure, part: Lines) -> None:
    """Service items, targets, windows, benefits, documents and how to apply."""
    if not part:
        return
    items: list[str] = []
    found: dict[str, list[tuple[str, Lines]]] = {}
    heads: dict[str | None, str] = {}
    for item, label, sub in _bullets(part):
        text, scope = squash("\n".join(t for _, t in sub)), ""
        key = _field_key(label or item)
        if not label:
            heads[item] = text
        elif key is None and _field_key(item) == "benefits":
            key, scope = "benefits", f"{item}/{label}"  # a 經費 item's sub-bullets: one scheme each
            text = f"{heads.get(item, '')}{text}"
        if not label and key is None and item and item not in items:
            items.append(item)
        if key and sub:
            found.setdefault(key, []).append((text, sub))
        if key == "benefits" and sub:
            loan = "貸" in (item or "") + label
            draft.fields.setdefault("benefits", []).extend(
                find_benefits(f"{label}：{text}", sub[0][0], applies_to=scope or item or "", loan=loan))
    draft.set("service_items", items, part[0][0], part[-1][0])
    if "benefits" in draft.fields:
        _cite_lines(draft, "benefits", found.get("benefits", []))
    for key in ("target", "how_to_apply"):
        if key in found:
            _cite_lines(draft, key, found[key], "；".join(_unique(t for t, _ in found[key])))
    if "required_documents" in found:
        _cite_lines(draft, "required_documents", found["required_documents"],
                    _unique(t for t, _ in found["required_documents"]))
    if "window" in found:
        text = "\n".join(_unique(t for t, _ in found["window"]))
        _cite_lines(draft, "window", found["window"], parse_window(text))
    else:
        draft.flag("缺少欄位：申請期間")
    desks = [(t, sub) for t, sub in found.get("how_to_apply", []) if find_phones(t)]
    if desks:
        draft.fields["window_contacts"] = [
            {"role": "window", "org": "", "person": None, "phone": p.value["number"], "ext": p.value["ext"],
             "email": None, "note": None, "line": sub[0][0]} for t, sub in desks for p in find_phones(t)]
    types = applicant_types(draft.fields.get("target", ""))
    if "target" in found:
        _cite_lines(draft, "applicant_types", found["target"], types)


def _field_key(label: str | None) -> str | None:
    if not label:
        return None
    if "對象" in label or label == "申請資格":
        return "target"
    if label in ("申請期間", "報名期間"):
        return "window"
    if any(w in label for w in ("經費", "費用", "額度", "利率", "成數")):
        return "benefits"
    if "應備" in label:
        return "required_documents"
    if label in ("申請方式", "報名方式", "申貸窗口", "服務方式"):
        return "how_to_apply"
    return None


def _unique(values: Any) -> list[str]:
    out: list[str] = []
    for v in values:
        if v and v not in out:
            out.append(v)
    return out


def _cite_lines(draft: DraftMeasure, field: str, found: list[tuple[str, Lines]], value: Any = None) -> None:
    numbers = [n for _, sub in found for n, _ in sub]
    if not numbers:
        return
    draft.set(field, draft.fields.get(field) if value is None else value, min(numbers), max(numbers))


def _mittelstand(draft: DraftMeasure, part: Lines) -> None:
    """The 中堅企業優惠方式: each preference with its text; amounts in it apply to 中堅企業."""
    if not part:
        return
    prefs: list[dict[str, Any]] = []
    for item, _label, sub in _bullets(part):
        text = squash("\n".join(t for _, t in sub))
        prefs.append({"kind": item or "其他", "text": text})
        if sub:
            extra = [{**b, "applies_to": b["applies_to"] or "中堅企業"} for b in find_benefits(text, sub[0][0])]
            if extra:
                draft.fields.setdefault("benefits", []).extend(extra)
                src = draft.sources.get("benefits", {"line_start": sub[0][0], "line_end": sub[-1][0]})
                draft.set("benefits", draft.fields["benefits"], min(src["line_start"], sub[0][0]),
                          max(src["line_end"], sub[-1][0]))
    draft.set("mittelstand_preferences", prefs, part[0][0], part[-1][0])


def _contacts(draft: DraftMeasure, part: Lines) -> None:
    """Contacts, host agency and executing units of the 聯絡方式 grid."""
    if not part:
        return
    contacts = parse_contacts(part) + draft.fields.pop("window_contacts", [])
    first, last = part[0][0], part[-1][0]
    draft.set("contacts", contacts, first, last)
    hosts = _unique(c["org"] for c in contacts if c["role"] == "host")
    units = _unique(c["org"] for c in contacts if c["role"] == "executing")
    if hosts:
        draft.set("agency", hosts[0], first, last)
    else:
        draft.flag("缺少欄位：主辦機關")
    draft.set("executing_units", [u for u in units if u not in hosts[:1]], first, last)
    if not any(c["phone"] for c in contacts):
        draft.flag("缺少欄位：聯絡電話")


def _websites(draft: DraftMeasure, part: Lines) -> None:
    """Related websites as {name, url}; 無 means none."""
    sites: list[dict[str, str]] = []
    label = ""
    for _number, text in part:
        urls = _URL.findall(text)
        before = _URL.split(text)[0].strip().strip("()（）")
        if not urls:
            label = text.strip() if text.strip() != "無" else ""
            continue
        for url in urls:
            if all(s["url"] != url for s in sites):
                sites.append({"name": before or label, "url": url})
        label = ""
    if part:
        draft.set("websites", sites, part[0][0], part[-1][0])
