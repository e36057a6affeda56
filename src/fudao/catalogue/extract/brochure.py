"""The headed brochure (markdown): detailed measures `# 名稱(機關)` with `## 申請資格`, `## 保證額度`,
`## 服務窗口` …; `## 措施N：名稱(機關)` blocks; and a plan's numbered list (`### 面向` then
`**措施N.** 名稱`), whose headings are the measures' facets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from fudao.catalogue.draft import DraftMeasure, slug_for
from fudao.catalogue.extract.common import (
    agency_name,
    contradictory_amounts,
    find_benefits,
    infer_instrument,
    parse_window,
    squash,
)
from fudao.catalogue.extract.targets import applicant_types
from fudao.zhtext.phones import find_phones

_HEADING = re.compile(r"^(#{1,4})\s+(.+?)\s*$")
_AGENCY = re.compile(r"^(.*?)\s*[(（]([^()（）]{2,12})[)）]\s*$")
_STEP = re.compile(r"^措施\s*\d+\s*[：:]\s*(.+)$")
_LIST_ITEM = re.compile(r"^\*\*措施\s*(\d+)\.\*\*\s*(.+?)\s*$")
_INLINE = re.compile(r"^-\s*(申請資格|收件日期|申請方式)\**\s*[►▶]\s*(.*)$")
_BULLET = re.compile(r"^[-•►▶✓\s]+")
DIMENSIONS = ("金融支持", "降低行政成本", "提升產業競爭力", "開拓多元市場", "租稅優惠", "安定就業")
# Sub-heading → field; figures under the heading get the heading's kind where it is not a cap.
_SECTIONS = {
    "申請資格": "target", "收件日期": "window", "申請期間": "window", "申請方式": "how_to_apply",
    "服務窗口": "contacts", "聯絡方式": "contacts", "補助標的": "items", "受理網址": "websites",
    "保證額度": "benefits", "貸款額度": "benefits", "補助經費": "benefits", "保證成數": "benefits",
    "保證手續費減免": "benefits", "貸款利率": "benefits", "利率減碼": "benefits", "貸款期限": "terms",
}
_FORCED = {"保證額度": "guarantee_cap", "貸款額度": "loan_cap", "保證成數": "guarantee_ratio"}

Lines = list[tuple[int, str]]


@dataclass
class Heading:
    """A markdown heading with its level, text and 1-based line."""

    level: int
    text: str
    line: int


def applies(lines: list[str]) -> bool:
    """Whether the document is a headed brochure with measure headings or a 措施 list."""
    heads = [h.text for h in _headings(lines)]
    return any(t.startswith("申請資格") for t in heads) or any(_LIST_ITEM.match(x.strip()) for x in lines)


def _headings(lines: list[str]) -> list[Heading]:
    out = []
    for number, line in enumerate(lines, start=1):
        m = _HEADING.match(line.strip())
        if m:
            out.append(Heading(len(m.group(1)), m.group(2).replace("*", "").strip(), number))
    return out


def extract(lines: list[str], doc_stem: str) -> list[DraftMeasure]:
    """Detailed measures, 措施N blocks and the plan's list, merged by slug (the list gives facets)."""
    heads = _headings(lines)
    drafts: dict[str, DraftMeasure] = {}
    for i, head in enumerate(heads):
        kind = _measure_heading(head, heads[i + 1 : i + 3], lines)
        if kind:
            end = _block_end(heads, i, len(lines), kind)
            draft = _detailed(lines, doc_stem, head, end, heads)
            drafts.setdefault(draft.slug, draft)
    detailed_spans = [(d.line_start, d.line_end) for d in drafts.values()]
    for draft in [*_stages(lines, doc_stem, heads), *_service_blocks(lines, doc_stem, heads, detailed_spans)]:
        if draft.slug in drafts:
            _add_alias(drafts[draft.slug], draft.fields.get("aliases", []))
        else:
            drafts[draft.slug] = draft
    for draft in _plan_list(lines, doc_stem):
        if draft.slug in drafts:
            _merge_list_item(drafts[draft.slug], draft)
        else:
            drafts[draft.slug] = draft
    return list(drafts.values())


def _measure_heading(head: Heading, following: list[Heading], lines: list[str]) -> str | None:
    if head.level == 1 and any(h.text.startswith("申請資格") for h in following):
        return "detailed"
    stop = following[0].line if following else len(lines)
    if head.level == 1 and any(_INLINE.match(x.strip()) for x in lines[head.line : stop]):
        return "detailed"
    if head.level == 2 and _STEP.match(head.text):
        return "step"
    return None


def _block_end(heads: list[Heading], i: int, last: int, kind: str) -> int:
    for h in heads[i + 1 :]:
        if (h.level == 1 and kind == "detailed") or (h.level <= 2 and kind == "step" and h.level == 2):
            return h.line - 1
        if kind == "step" and h.level == 1 and _AGENCY.match(h.text):
            return h.line - 1
    return last


def _split_name(text: str) -> tuple[str, str, str | None]:
    """(name, agency, facet) of a heading like `提升產業競爭力-研發轉型補助(產發署)`."""
    step = _STEP.match(text)
    text = step.group(1) if step else text
    m = _AGENCY.match(text)
    name, agency = (m.group(1), agency_name(m.group(2))) if m else (text, "")
    facet = None
    for dim in DIMENSIONS:
        if name.startswith(dim) and len(name) > len(dim) + 1:
            facet, name = dim, name[len(dim) :].lstrip("-－ ").strip()
    return name.strip(), agency, facet


def _sections(lines: list[str], start: int, end: int, heads: list[Heading]) -> dict[str, list[tuple[str, Lines]]]:
    """Field → [(sub-heading, its lines)] of a measure block."""
    by_line = {h.line: h for h in heads}
    out: dict[str, list[tuple[str, Lines]]] = {}
    current: tuple[str, Lines] | None = None
    for number in range(start + 1, end + 1):
        text = lines[number - 1].strip()
        if number in by_line:
            title = by_line[number].text
            key = _SECTIONS.get(title, "other")
            current = (title, [])
            out.setdefault(key, []).append(current)
            continue
        inline = _INLINE.match(text)
        if inline:
            out.setdefault(_SECTIONS[inline.group(1)], []).append((inline.group(1), [(number, inline.group(2))]))
            continue
        if text:
            if current is None:
                current = ("", [])
                out.setdefault("other", []).append(current)
            current[1].append((number, _BULLET.sub("", text).replace("*", "")))
    return out


def _detailed(lines: list[str], doc: str, head: Heading, end: int, heads: list[Heading]) -> DraftMeasure:
    name, agency, facet = _split_name(head.text)
    draft = DraftMeasure(slug=slug_for(name, doc), name=name, doc=doc, line_start=head.line, line_end=end)
    draft.set("name", name, head.line)
    full = re.sub(r"\s*[(（][^()（）]+[)）]\s*$", "", _STEP.sub(r"\1", head.text))
    draft.set("aliases", [full] if full != name else [], head.line)
    if agency:
        draft.set("agency", agency, head.line)
    else:
        draft.flag("缺少欄位：主辦機關")
    draft.set("facet", facet or "其他", head.line)
    parts = _sections(lines, head.line, end, heads)
    _fill(draft, parts)
    items = draft.fields.get("service_items", [])
    draft.set("instrument", infer_instrument(name, " ".join(items)), head.line)
    draft.set("region", "全國", head.line)
    for message in contradictory_amounts(draft.fields.get("benefits", [])):
        draft.flag(message)
    return draft


def _span(parts: list[tuple[str, Lines]]) -> tuple[int, int]:
    numbers = [n for _, sub in parts for n, _ in sub]
    return min(numbers), max(numbers)


def _text(parts: list[tuple[str, Lines]]) -> str:
    return "；".join(squash(" ".join(t for _, t in sub)) for _, sub in parts if sub)


def _fill(draft: DraftMeasure, parts: dict[str, list[tuple[str, Lines]]]) -> None:
    """Set the fields found under the block's sub-headings; flag the missing ones."""
    for key in ("target", "how_to_apply"):
        found = [p for p in parts.get(key, []) if p[1]]
        if found:
            draft.set(key, _text(found), *_span(found))
    if "target" in draft.fields:
        draft.set("applicant_types", applicant_types(draft.fields["target"]), *_span(parts["target"]))
    windows = [p for p in parts.get("window", []) if p[1]]
    if windows:
        draft.set("window", parse_window("\n".join(t for _, sub in windows for _, t in sub)), *_span(windows))
    else:
        draft.flag("缺少欄位：申請期間")
    benefits = _benefits(parts.get("benefits", []) + parts.get("terms", []) + [p for p in parts.get("other", []) if p[1]])
    if benefits:
        draft.set("benefits", benefits, min(b["line"] for b in benefits), max(b["line"] for b in benefits))
    items = [p for p in parts.get("items", []) if p[1]]
    draft.set("service_items", _service_items(draft.name, parts), draft.line_start)
    if items:
        summary = "補助標的：" + "、".join(t for _, sub in items for _, t in sub)
        draft.set("summary", summary, *_span(items))
    contacts = [p for p in parts.get("contacts", []) if p[1]] or _phone_lines(parts)
    if contacts:
        draft.set("contacts", _contacts(contacts), *_span(contacts))
    else:
        draft.flag("缺少欄位：聯絡方式")


def _service_items(name: str, parts: dict[str, list[tuple[str, Lines]]]) -> list[str]:
    titles = " ".join(t for group in parts.values() for t, _ in group) + name
    out = [label for word, label in (("保證", "保證"), ("貸款", "貸款"), ("補助", "輔導補助"),
                                       ("培訓", "人才培訓"), ("諮詢", "諮詢服務")) if word in titles]
    return out or ["諮詢服務"]


def _benefits(parts: list[tuple[str, Lines]]) -> list[dict[str, Any]]:
    """Figures under money headings; a line's figures read with the two lines before it."""
    out: list[dict[str, Any]] = []
    for title, sub in parts:
        if title in ("貸款期限",):
            for number, text in sub:
                label, _, term = text.partition("：")
                out.append({"kind": "loan_term", "value": None, "unit": "", "applies_to": label.strip() if term else "",
                            "text": text.strip(), "term": (term or text).strip(), "line": number})
            continue
        previous: list[str] = []
        for number, text in sub:
            context = " ".join([title, *previous[-2:]])
            stated = _TERM.search(text)
            for b in find_benefits(f"{context} {text}", number, kind=_FORCED.get(title)):
                if b["text"] in text and b not in out and not (title == "利率減碼" and b["unit"] == "TWD"):
                    b = _scoped_cap(b, previous[-3:])
                    if stated:
                        b = {**b, "term": stated.group(0)}
                    out.append(b)
            previous.append(text)
    return out


_TERM = re.compile(r"(?:最長|最多)\s*\d+\s*(?:年|個月)")


def _scoped_cap(benefit: dict[str, Any], previous: list[str]) -> dict[str, Any]:
    """A grant cap laid out under its label (個案補助 / 產業聯盟 / 聯合申請) gets the label's kind."""
    if not benefit["kind"].startswith("cap_per"):
        return benefit
    for text in reversed(previous):
        if "聯盟" in text or "聯合" in text:
            return {**benefit, "kind": "cap_per_alliance"}
        if any(w in text for w in ("個案", "單一", "每家", "每案")):
            return {**benefit, "kind": "cap_per_case"}
    return benefit


def _phone_lines(parts: dict[str, list[tuple[str, Lines]]]) -> list[tuple[str, Lines]]:
    """Lines with phones where no 服務窗口 heading exists; those naming a 窗口 win over other hotlines."""
    found = [(t, [(n, x) for n, x in sub if find_phones(x)]) for group in parts.values() for t, sub in group]
    windows = [(t, [(n, x) for n, x in sub if "窗口" in x]) for t, sub in found]
    windows = [f for f in windows if f[1]]
    return windows or [f for f in found if f[1]]


def _contacts(parts: list[tuple[str, Lines]]) -> list[dict[str, Any]]:
    """Service windows: the words before each phone name the window."""
    out = []
    for _, sub in parts:
        for number, text in sub:
            for phone in find_phones(text):
                label = text[: text.find(phone.raw)].strip(" :：、").split("、")[-1].strip()
                label = re.sub(r"^(諮詢窗口|聯絡窗口|[\d\-()]+)$", "", label)
                out.append({"role": "window", "org": label, "person": None, "phone": phone.value["number"],
                            "ext": phone.value["ext"], "email": None, "note": None, "line": number})
    return out


def _plan_list(lines: list[str], doc: str) -> list[DraftMeasure]:
    """The plan's numbered measures (`**措施N.** 名稱`) with the facet heading above them."""
    facet = "其他"
    group: tuple[str, int] | None = None
    out = []
    for number, line in enumerate(lines, start=1):
        head = _HEADING.match(line.strip())
        if head and head.group(2).strip() in DIMENSIONS:
            facet = head.group(2).strip()
        if head:
            group = (head.group(2).replace("*", "").strip(), number)
        item = _LIST_ITEM.match(line.strip())
        if not item:
            continue
        name = item.group(2)
        draft = DraftMeasure(slug=slug_for(name, doc), name=name, doc=doc, line_start=number, line_end=number)
        draft.set("name", name, number)
        draft.set("facet", facet, number)
        draft.set("aliases", [], number)
        _set_listing(draft, f"措施{int(item.group(1))}", group, number)
        draft.set("instrument", infer_instrument(name), number)
        draft.flag("缺少欄位：主辦機關")
        draft.flag("缺少欄位：申請期間")
        out.append(draft)
    return out


def _set_listing(draft: DraftMeasure, label: str, group: tuple[str, int] | None, line: int) -> None:
    """Where the document lists the measure: its number in the list (`措施10`, `階段一`) and the
    heading it is listed under (`租稅優惠`), cited to the item's line (the heading's line kept as
    `heading_line`), so that a short name reads as the item of a list it is."""
    draft.set("listing", {"label": label, "group": group[0] if group else None}, line)
    if group:
        draft.sources["listing"]["heading_line"] = group[1]


def _merge_list_item(detailed: DraftMeasure, item: DraftMeasure) -> None:
    """A listed measure that has its own detailed block: the list gives its facet, its place in
    the list and another name."""
    detailed.set("facet", item.fields["facet"], item.line_start)
    if "listing" in item.fields:
        detailed.fields["listing"] = item.fields["listing"]
        detailed.sources["listing"] = item.sources["listing"]
    aliases = list(detailed.fields.get("aliases", []))
    for alias in [item.name, *item.fields.get("aliases", [])]:
        if alias != detailed.name and alias not in aliases:
            aliases.append(alias)
    src = detailed.sources.get("aliases", {"line_start": item.line_start, "line_end": item.line_start})
    detailed.fields["aliases"] = aliases
    detailed.sources["aliases"] = {"doc": detailed.doc, "line_start": src["line_start"], "line_end": src["line_end"]}


_STAGE = re.compile(r"^階段\s*([一二三四五六七八九十\d]+)\s*(.+?)\s*(?:[(（][^()（）]*[)）])?\s*$")
_STAGE_SPLIT = re.compile(r"\s*[/+＋／]\s*")


def _add_alias(draft: DraftMeasure, aliases: list[str]) -> None:
    found = list(draft.fields.get("aliases", []))
    for alias in aliases:
        if alias != draft.name and alias not in found:
            found.append(alias)
    src = draft.sources.get("aliases", {"line_start": draft.line_start, "line_end": draft.line_start})
    draft.fields["aliases"] = found
    draft.sources["aliases"] = {"doc": draft.doc, "line_start": src["line_start"], "line_end": src["line_end"]}


def _next_phone(lines: list[str], start: int, heads: list[Heading]) -> tuple[int, str] | None:
    """The first line with a phone from `start` up to the next measure heading (措施N or a title)."""
    stops = [h.line for h in heads if h.line > start and (h.level == 1 or _STEP.match(h.text))]
    stop = min(stops) if stops else len(lines) + 1
    for number in range(start, stop):
        if find_phones(lines[number - 1]):
            return number, lines[number - 1].strip()
    return None


def _stage_benefits(text: str, line: int) -> list[dict[str, Any]]:
    """Figures of a stage line (政府出 19 萬 + 企業自付 1 萬 / 工具導入最高補助10萬), each labelled."""
    from fudao.zhtext.amounts import find_amounts

    out: list[dict[str, Any]] = []
    for segment in _STAGE_SPLIT.split(text.replace("*", "")):
        for found in find_amounts(segment):
            if "twd" not in found.value:
                continue
            before = segment[: found.start]
            if "自付" in before or "自籌" in before:
                kind = "company_pays"
            elif "政府" in before:
                kind = "government_pays"
            else:
                kind = "cap_per_alliance" if "聯盟" in before else "cap_per_case"
            label = re.split(r"最高|補助|政府|企業|個案", before.strip())[0].strip(" ()（）")
            out.append({"kind": kind, "value": found.value["twd"], "unit": "TWD", "applies_to": label,
                        "text": found.raw.strip(), "line": line})
    return out


def _stages(lines: list[str], doc: str, heads: list[Heading]) -> list[DraftMeasure]:
    """The stages of a programme (`### 階段一 AI診斷與輔導`), each a measure of its own, with the
    figures under it and the contact line that follows the stages."""
    out: list[DraftMeasure] = []
    programme = ""
    programme_line = 0
    for i, head in enumerate(heads):
        if head.level == 1:
            programme, programme_line = head.text, head.line
        stage = _STAGE.match(head.text)
        if not stage:
            continue
        name = stage.group(2).strip()
        end = (heads[i + 1].line - 1) if i + 1 < len(heads) else len(lines)
        draft = DraftMeasure(slug=slug_for(name, doc), name=name, doc=doc, line_start=head.line, line_end=end)
        draft.set("name", name, head.line)
        draft.set("aliases", [f"{programme}階段{stage.group(1)}"] if programme else [], head.line)
        _set_listing(draft, f"階段{stage.group(1)}", (programme, programme_line) if programme else None, head.line)
        body = [(n, lines[n - 1].strip()) for n in range(head.line + 1, end + 1) if lines[n - 1].strip()]
        benefits = [b for n, text in body for b in _stage_benefits(text, n)]
        if benefits:
            draft.set("benefits", benefits, body[0][0], body[-1][0])
        if body:
            draft.set("summary", squash(" ".join(t for _, t in body)).replace("*", ""), body[0][0], body[-1][0])
            if programme:
                draft.set("summary", f"{programme}：{draft.fields['summary']}", body[0][0], body[-1][0])
        phone = _next_phone(lines, head.line + 1, heads)
        if phone:
            draft.set("contacts", _contacts([("", [phone])]), phone[0])
        draft.set("facet", "其他", head.line)
        draft.set("instrument", infer_instrument(name, " ".join(t for _, t in body)), head.line)
        draft.set("service_items", _service_items(name, {"other": [("", body)]}), head.line)
        draft.set("region", "全國", head.line)
        draft.flag("缺少欄位：主辦機關")
        draft.flag("缺少欄位：申請期間")
        out.append(draft)
    return out


def _service_blocks(lines: list[str], doc: str, heads: list[Heading],
                    taken: list[tuple[int, int]]) -> list[DraftMeasure]:
    """Services set out as a `##` heading with bullets (債務協商 個案處理, 提供AI試製場域) outside
    the detailed measures, with the contact line that follows them."""
    out: list[DraftMeasure] = []
    for i, head in enumerate(heads):
        if head.level != 2 or _STEP.match(head.text) or head.text in _SECTIONS or head.text in DIMENSIONS:
            continue
        if any(a <= head.line <= b for a, b in taken):
            continue
        end = (heads[i + 1].line - 1) if i + 1 < len(heads) else len(lines)
        bullets = [(n, _BULLET.sub("", lines[n - 1].strip()).replace("*", ""))
                   for n in range(head.line + 1, end + 1) if lines[n - 1].strip().startswith("- ")]
        if not bullets:
            continue
        name = squash(head.text)
        draft = DraftMeasure(slug=slug_for(name, doc), name=name, doc=doc, line_start=head.line, line_end=end)
        draft.set("name", name, head.line)
        joined = name.replace(" ", "")
        draft.set("aliases", [joined] if joined != name else [], head.line)
        draft.set("summary", "；".join(t for _, t in bullets), bullets[0][0], bullets[-1][0])
        draft.set("service_items", [t for _, t in bullets], bullets[0][0], bullets[-1][0])
        phone = _next_phone(lines, head.line + 1, heads)
        if phone:
            draft.set("contacts", _contacts([("", [phone])]), phone[0])
        else:
            draft.flag("缺少欄位：聯絡方式")
        draft.set("facet", "其他", head.line)
        draft.set("instrument", infer_instrument(name, " ".join(t for _, t in bullets)), head.line)
        draft.set("region", "全國", head.line)
        draft.flag("缺少欄位：主辦機關")
        draft.flag("缺少欄位：申請期間")
        out.append(draft)
    return out
