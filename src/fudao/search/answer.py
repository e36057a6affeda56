"""`ask`: a short answer from the best passages, cited by document and original lines; a plain
refusal when the answer's passage covers too little of the question, or the question is about
things no document mentions. Measures named in the question come from `directory`, which the
catalogue fills when the app starts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from fudao.search import (
    acronyms,
    analysis,
    attributes,
    coverage,
    datafiles,
    qualifiers,
    spans,
    tables,
)
from fudao.search import query as q
from fudao.search.directory import named_measures, published
from fudao.search.directory import squash as _squash
from fudao.search.index import Record, SearchIndex, get_index
from fudao.search.index import years_in as index_years
from fudao.search.measures import overlaps
from fudao.search.scoring import scored
from fudao.search.types import Answer, Citation, Hit
from fudao.zhtext.normalize import normalize_text, to_traditional
from fudao.zhtext.numerals import chinese_to_int

NOT_FOUND = "文件中找不到這個問題的答案"
TOP_PASSAGES = 5
PASSAGE_WEIGHT = 50.0
TOPIC_WEIGHT = 0.5
WITH_NEXT = True
DEFAULT_MIN_COVERAGE = 0.3
MEASURE_NAME_LABEL = "輔導措施名稱"
MIN_TOPIC_CHARS, MAX_TOPIC_CHARS = 8, 30
# Qualifier evidence: a passage whose own label (its last, short section title: 貸款利率,
# 保證成數) states the question's words; a clause naming the year the question asks about
# (or another year instead).
LABEL_WEIGHT = 1.0
YEAR_BONUS = 5.0
MAX_LABEL_CHARS = 12
_YEAR = re.compile(r"(?<![\d.])(\d{2,4})\s*年")


# The kinds of value that say where to reach someone: asked as "which one" they are still asked.
ADDRESS_KINDS = ("phone", "url", "email", "address")


@dataclass(frozen=True)
class RefusalLimits:
    """When `ask` declines: the passage of its best span covers less than `min_coverage` of
    the question, or more than `max_foreign_share` of the question is words no document uses."""

    min_coverage: float = DEFAULT_MIN_COVERAGE
    max_foreign_share: float = 1.0

    def declines(self, draft: Draft | None) -> bool:
        """Whether a draft answer falls short of these limits."""
        return (
            draft is None or draft.coverage < self.min_coverage or draft.foreign_share > self.max_foreign_share
            or misses_asked_value(draft) or misses_asked_attribute(draft)
        )


def misses_asked_value(draft: Draft) -> bool:
    """Whether the question asks for money (`多少規費`, `多少獎金`), a time of day (`幾點`), a
    street, web or e-mail address and the best span states none: the documents talk about
    the subject but do not give what is asked."""
    stated = spans.span_kinds(draft.quote)
    if draft.kinds[:1] in {("time",), *((k,) for k in ADDRESS_KINDS if k != "phone")}:
        return draft.kinds[0] not in stated
    return draft.unit == "元" and "amount" not in stated and not spans.has_unit(draft.quote, "元")


def misses_asked_attribute(draft: Draft) -> bool:
    """Whether the question names the attribute it asks (`利率是多少`) and the best span's
    passage never names it (`attributes`)."""
    if draft.attribute is None:
        return False
    stated = spans.span_kinds(draft.quote)
    if draft.unit is not None and spans.has_unit(draft.quote, draft.unit):
        stated.add("unit")
    context = " ".join(filter(None, (draft.record.text, draft.record.section, draft.name, draft.shown)))
    return not attributes.names_attribute(draft.attribute, context, stated, get_index().gram_df)


@lru_cache(maxsize=1)
def refusal_limits() -> RefusalLimits:
    """The limits calibrated on the dev set by `fudao eval --tune` (`search/data/answer.json`)."""
    stored = datafiles.read_json("answer.json")
    return RefusalLimits(**stored) if stored else RefusalLimits()


_lines_cache: dict[tuple[str, str], list[str]] = {}


def original_lines(doc: str) -> list[str]:
    """The original lines of a document's current version (kept while the index is the same)."""
    from fudao.documents.models import DocumentVersion

    key = (get_index().fingerprint, doc)
    if key not in _lines_cache:
        version = DocumentVersion.objects.get(document__stem=doc, is_current=True)
        if len(_lines_cache) > 64:
            _lines_cache.clear()
        _lines_cache[key] = version.original_text.splitlines()
    return _lines_cache[key]


def cite(record: Record, quote: str) -> Citation:
    """A citation of a span of a passage, narrowed to the original lines it came from."""
    lines = original_lines(record.doc)[record.line_start - 1 : record.line_end]
    where = spans.locate_lines(quote, lines, record.line_start)
    start, end = where or (record.line_start, record.line_end)
    return Citation(record.doc, start, end, quote)


# How far above a span its name (a heading, a form's title) is looked for, and the gap up to
# which the name's line and the span's lines are cited as one range.
NAME_LOOKBACK_LINES = 80
NAME_JOIN_GAP = 5


def cite_named(record: Record, name: str, quote: str) -> list[Citation]:
    """The citations of an answer shown as `name：span`: the span's lines and the line that
    gives its name (the nearest one at or above the span holding the name), as one range when
    they are close, else two; the span's alone when the name's line is not found."""
    span = cite(record, quote)
    lines = original_lines(record.doc)
    needle = _squash(name)
    top = max(0, span.line_start - 1 - NAME_LOOKBACK_LINES)
    found = next((n for n in range(span.line_start, top, -1) if needle and needle in _squash(lines[n - 1])), None)
    if found is None:
        return [span]
    if span.line_start - found <= NAME_JOIN_GAP:
        return [Citation(record.doc, found, span.line_end, f"{name}\n{quote}")]
    return [Citation(record.doc, found, found, name), span]


# A question naming a measure (`研發轉型補助的…電話`) is answered from that measure's lines when
# they hold an answer: their passages get MEASURE_BONUS, and its best EXTRA_FROM_MEASURE
# passages among the RANKED_DEPTH best join the candidates.
MEASURE_BONUS = 20.0
EXTRA_FROM_MEASURE = 2
RANKED_DEPTH = 50


def named_extents(named: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """The document and line range of each of these measures (those a question names)."""
    from fudao.search.measures import extent

    return [e for e in (extent(m) for m in named) if e is not None]


def with_next(ix: SearchIndex, i: int) -> Record:
    """A passage joined with the next passage of the same document (bodies often follow their
    heading in a passage of their own)."""
    record = ix.records[i]
    if i + 1 >= len(ix.records) or not ix.same_doc_as_next[i]:
        return record
    nxt = ix.records[i + 1]
    return Record(
        record.doc, record.section, record.line_start, nxt.line_end, f"{record.text}\n{nxt.text}", record.kinds,
        tuple(spans.joined(list(record.clauses), list(nxt.clauses))),
    )


def words_of(ix: SearchIndex, i: int, record: Record) -> frozenset[str]:
    """The analysed words of passage `i` as `record` shows it (joined with the next one or not)."""
    if not ix.word_sets:
        return frozenset(coverage.text_words(record.section, record.text))
    own = ix.word_sets[i]
    return own | ix.word_sets[i + 1] if record.line_end != ix.records[i].line_end else own


_topic_cache: dict[tuple[str, str, int, int], frozenset[str]] = {}


def topic_grams(record: Record) -> frozenset[str]:
    """`passage_topic_grams`, kept per passage."""
    key = (record.doc, record.section, record.line_start, record.line_end)
    found = _topic_cache.get(key)
    if found is None:
        if len(_topic_cache) > 20000:
            _topic_cache.clear()
        found = _topic_cache[key] = frozenset(passage_topic_grams(record))
    return found


def passage_topic_grams(record: Record) -> set[str]:
    """Bigrams that say which passage, not which part of it: the measure or subject names of
    its section path and heading (not short labels like 貸款利率, which are what a question
    asks about, nor a sentence that doubles as a title) and the form's measure-name line."""
    lines = [line.strip() for line in record.text.splitlines() if line.strip()]
    heads = [*record.section.split(" > "), *lines[:1]]
    names = [h for h in heads if MIN_TOPIC_CHARS <= len(h) <= MAX_TOPIC_CHARS and "，" not in h]
    names += [line for line in lines if line.startswith(MEASURE_NAME_LABEL)]
    return set(analysis.bigrams(analysis.normalize("\n".join(names))))


NAME_CUES = (
    "哪個措施", "哪一項措施", "哪項措施", "哪一項服務", "哪項服務", "哪個方案", "哪一個方案", "哪個貸款", "哪一種貸款", "什麼措施", "哪個計畫", "哪一個計畫", "什麼計畫", "什麼輔導",
    "哪些措施", "叫做什麼", "叫什麼", "名稱", "which program", "which measure", "what is the name",
)
_QUOTED = re.compile(r"「([^」]{2,30})」")
NAME_LOOKBACK = 3
# An item that a report's paragraph opens with its programme's name: `（四） 青年創業優惠貸款：…`.
_LABELLED = re.compile(
    r"(?:^|\n)\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[、.])?\s*(?:推動|辦理)?"
    r"([^\s：:，。、；]{2,24}?(?:計畫|方案|專案|貸款|補助|保證|服務)(?:[（(][A-Za-z]+[）)])?)\s*[：:]"
)


def asks_name(question: str) -> bool:
    """Whether a question asks which measure, programme or activity (its name)."""
    from fudao.search.measures import asks_measures

    folded = question.lower()
    return any(cue in folded for cue in NAME_CUES) or asks_measures(question)


def measure_name(ix: SearchIndex, i: int, record: Record, span: str) -> str | None:
    """The name of what a span describes: the form's measure-name line (in this passage or
    the few before it in the same document), else a 「quoted」 name in or just before the span,
    else the name of a report item it opens, else the catalogue measure whose lines hold it."""
    for j in range(i, max(i - NAME_LOOKBACK, -1), -1):
        if j < i and not ix.same_doc_as_next[j]:
            break
        for line in ix.records[j].text.splitlines():
            if line.strip().startswith(MEASURE_NAME_LABEL):
                return line.strip()[len(MEASURE_NAME_LABEL) :].strip()
    at = record.text.find(span)
    before = record.text[max(0, at - NAME_LOOKBACK * 20) : at] if at >= 0 else ""
    quoted = _QUOTED.findall(span) or _QUOTED.findall(before)[-1:]
    return quoted[0] if quoted else labelled_name(before + span) or heading_name(record, before) or catalogue_name(record)


# A heading that names what its body offers (`財務健檢 個案處理`), not a form's label.
_NAMED_HEADING = re.compile(r"(?:計畫|方案|專案|貸款|補助|保證|服務|診斷|協商|輔導|獎勵|措施)")


def heading_name(record: Record, before: str) -> str | None:
    """The nearest heading line before a span (`財務健檢 個案處理`), or the heading of the
    section the passage is the body of, when it names a service."""
    lines = [line.strip() for line in before.splitlines()]
    for line in reversed([*record.section.split(" > ")[-1:], *lines]):
        if 2 <= len(line) <= 24 and not re.search(r"[。，；：:]", line) and _NAMED_HEADING.search(line):
            return line
    return None


def catalogue_name(record: Record) -> str | None:
    """The published measure whose source lines hold the passage (the narrowest such measure)."""
    from fudao.search.measures import extent

    holding = []
    for m, _ in published():
        where = extent(m)
        if where and where[0] == record.doc and where[1] <= record.line_start and record.line_end <= where[2]:
            holding.append((where[2] - where[1], str(m["name"])))
    return min(holding)[1] if holding else None


def labelled_name(text: str) -> str | None:
    """The last programme name a text opens an item with (`（四） 青年創業優惠貸款：…`)."""
    found = _LABELLED.findall(text)
    return found[-1] if found else None


def label_grams(record: Record) -> set[str]:
    """Bigrams of a passage's own label: its last section title when short."""
    last = record.section.rsplit(" > ", 1)[-1].strip()
    return set(analysis.bigrams(analysis.normalize(last))) if 0 < len(last) <= MAX_LABEL_CHARS else set()


def clause_years(norm: str) -> set[int]:
    """AD years a normalised clause names (民國 years converted)."""
    out = set()
    for m in _YEAR.finditer(norm):
        y = int(m.group(1))
        if 80 <= y <= 200:
            out.add(y + 1911)
        elif 1900 <= y <= 2100:
            out.add(y)
    return out


# A yes/no or either/or question (`可以…嗎`, `是不是`, `還是`) is answered by the clause that
# states the rule (`一律線上申請`, `採「只租不售」方式`, `服務經費：免費`): a clause with a rule's
# wording that shares a character of the question's asking part (rules are short and worded
# unlike the question: 賣/租 → 只租不售, 付費 → 免費).
_YES_NO = re.compile(r"嗎\s*[？?]?\s*$|是不是|是否|能不能|可不可以|會不會|要不要|需不需要|還是")
_RULE = re.compile(r"一律|只|僅|免|不得|須|均|皆|不含|限|不需|不用|不收|無須|不必|禁止|即可")
_PLAIN_CHARS = frozenset("的是要嗎用還不可以有都每一家我們你妳他她需能會在去了呢吧啊這那個些")
RULE_BONUS = 10.0


def yes_no_part(question: str) -> str | None:
    """The part of a yes/no question that asks (its last clause, worded as yes/no and asking
    no figure: `…，是不是每一家都要有登記？`), or None for another question."""
    parts = [p for p in re.split(r"[，,；;。]", question) if p.strip()]
    last = parts[-1] if parts else ""
    return last if _YES_NO.search(last) and not re.search(r"多少|幾", last) else None


# A rule that speaks of the firm's situation the question opens with (`我們是外商…的分公司，可以申請
# …嗎` → `不含…外國營利事業在台設立之分公司`) weighs SITUATION_SHARE more, when it shares at least
# SITUATION_CHARS of its characters.
SITUATION_CHARS = 2
SITUATION_SHARE = 0.5


def rule_evidence(parts: list[spans.Clause], asking: str | None, question: str = "") -> list[float] | None:
    """Per clause, RULE_BONUS for a clause stating a rule that shares a character of a yes/no
    question's asking part, more when it also speaks of the situation the rest of the
    `question` states (None for another question)."""
    if asking is None or not RULE_BONUS:
        return None
    wanted = {ch for ch in asking if "\u4e00" <= ch <= "\u9fff"} - _PLAIN_CHARS
    # `本計畫不提供補助款` answers `會不會提供補助款`: the question's own words negated
    negated = {f"{neg}{g}" for g in analysis.bigrams(asking) for neg in "不無未"}
    situation = {ch for ch in question.replace(asking, "") if "\u4e00" <= ch <= "\u9fff"} - _PLAIN_CHARS - wanted
    out = []
    for c in parts:
        rule = bool(_RULE.search(c.text) or any(n in c.text for n in negated))
        bonus = RULE_BONUS if rule and wanted & set(c.text) else 0.0
        if rule and len(situation & set(c.text)) >= SITUATION_CHARS:
            bonus += SITUATION_SHARE * RULE_BONUS
        out.append(bonus)
    return out


# A question asking a list of named items (`哪幾種產業`, `5項亮點產業是哪幾個`, `四大措施是哪些`,
# `what are the six measures`) is answered by the clause that enumerates them: LIST_BONUS for a
# clause listing at least two items (`A、B及C`), and LIST_COUNT_BONUS more when it lists as many
# as the question says, or states that count (`等 5 項`).
_LIST_ASKED = re.compile(
    r"哪(?:幾|些|[\d二三四五六七八九十兩]+)(?!\s*[天年月日號點時次])\s*(?:個|項|種|類|大|樣|家|位|國)?|有哪|包括哪"
    r"|(?:what|which) (?:are|were) the (?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b"
)
_COUNT_ASKED = re.compile(r"(\d+|[一二三四五六七八九十兩]+)\s*(?:大|個|項|種|類|樣|家|位|國)")
_ENGLISH_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
LIST_BONUS = 8.0
LIST_COUNT_BONUS = 4.0


def asked_list_count(question: str) -> int | None:
    """For a list question, how many items it says there are (`5項…是哪幾個`, `四大措施`,
    `the six measures`), 0 when it does not say, None for another question."""
    if not _LIST_ASKED.search(question.lower()):
        return None
    english = re.search(r"\b(" + "|".join(_ENGLISH_COUNTS) + r")\b", question.lower())
    if english:
        return _ENGLISH_COUNTS[english.group(1)]
    for m in _COUNT_ASKED.finditer(question):
        number = m.group(1)
        value = int(number) if number.isdigit() else chinese_to_int(number)
        if value and 1 < value <= 30:
            return value
    return 0


def listed_items(text: str) -> int:
    """How many named items a clause enumerates (`A、B、C及D` → 4; 0 without an enumeration,
    or when its items hold figures: `113年同期、113年下半年` lists periods, not names)."""
    items = re.sub(r"^\s*[（(]?[\d一二三四五六七八九十]+[、)）]", "", text).split("、")  # `3、` numbers a paragraph
    if len(items) < 2 or any(re.search(r"\d", item) for item in items[1:-1]):
        return 0
    last = items[-1]
    return len(items) + (1 if re.search(r"[^、，。]{2,}(?:及|與|和)[^、，。]{2,}", last) else 0)


def list_evidence(parts: list[spans.Clause], count: int | None) -> list[float] | None:
    """Per clause, the list bonuses for a list question asking `count` items (None: no list asked)."""
    if count is None or not LIST_BONUS:
        return None
    out = []
    for c in parts:
        items = listed_items(c.text)
        bonus = LIST_BONUS if items >= 2 else 0.0
        if bonus and count and (items == count or re.search(rf"{count}\s*(?:大|個|項|種|類|樣|家|位|國)", c.text)):
            bonus += LIST_COUNT_BONUS
        out.append(bonus)
    return out


def combined(*evidence: list[float] | None) -> list[float] | None:
    """Per-clause evidence summed over the kinds given (None when none applies)."""
    given = [e for e in evidence if e is not None]
    return [sum(values) for values in zip(*given, strict=True)] if given else None


def year_evidence(parts: list[spans.Clause], years: set[int]) -> list[float] | None:
    """Per clause, YEAR_BONUS when it names an asked year, minus it when it names only others."""
    if not years:
        return None
    out = []
    for c in parts:
        named = clause_years(c.norm)
        out.append(YEAR_BONUS if named & years else -YEAR_BONUS if named else 0.0)
    return out


# A question word's weight in a span: its bigram's IDF over the passages relative to the mean
# IDF of the question's bigrams, kept within [IDF_MIN, IDF_MAX] (a rare qualifier such as 新加坡
# or 中油 says more than 企業; the question's words weigh as much in all as unweighted).
IDF_MIN, IDF_MAX = 0.3, 2.5


def gram_weights(ix: SearchIndex, grams: set[str]) -> dict[str, float]:
    """How much each of the question's bigrams counts towards a span: rare ones more than common ones."""
    idf = {g: ix.gram_idf(g) for g in grams}
    # bigrams no passage has (`了多`, `資了`: the question's phrasing) match nothing and would
    # only inflate the mean
    seen = [v for g, v in idf.items() if ix.gram_df.get(g, 0) > 0]
    mean = sum(seen) / len(seen) if seen else 1.0
    return {g: min(IDF_MAX, max(IDF_MIN, v / mean)) for g, v in idf.items()} if mean > 0 else {}


# Counters that make a question ask a count (`多少人次`, `幾家`), not a money or time figure.
COUNTED = frozenset("人案件家次場項款張戶位處國")


@dataclass(frozen=True)
class Draft:
    """The best span for a question before the refusal check: the passage it comes from, the
    quote, the name shown before it, how much of the question that passage covers, and the
    share of the question no document mentions."""

    record: Record
    quote: str
    name: str | None
    coverage: float
    foreign_share: float
    kinds: tuple[str, ...] = ()
    unit: str | None = None
    shown: str | None = None
    attribute: str | None = None
    shape: str | None = None


# A share of a whole asked (`占總經費多少`, `總經費的多少`, `推廣計畫經費的多少`) or a rate
# (`不合格率是多少`).
_SHARE = re.compile(
    r"(?:[占佔][^，。？?]{0,8}|總[^，。？?]{0,6}的|(?:經費|成本|費用|總額|金額|預算)的)(?:多少|幾)"
    r"|[^利費]率\s*(?:是|為|有|大概|大約|約)?\s*(?:多少|幾)"
)


def asked_value_kinds(text: str, expanded: str) -> list[str]:
    """The kinds of value that answer a question, its focus first; none for a question asking
    which thing (its answer is a name)."""
    if spans.asks_entity(text):
        # `網址是哪一個`, `地址是哪裡`: which of a kind of address is still that kind, not a name
        return [k for k in q.wanted_kinds(expanded) if k in ADDRESS_KINDS]
    # a Chinese question's kinds are in its own words; the synonyms expansion adds (`找誰` →
    # 聯絡窗口, `投資` → 投資金額) describe the subject, not what is asked
    own = expanded if analysis.is_english(text) else text
    kinds = spans.asked_kinds(text, (q.KIND_CUES, spans.SPAN_CUES)) or q.wanted_kinds(own)
    if "year" in kinds and "date" in kinds:  # `哪一年開始`: the year is what is asked, a date only shows it
        kinds = ["year", *(k for k in kinds if k != "year")]
    unit = spans.asked_unit(analysis.normalize(text))
    folded = normalize_text(text).lower()
    if any(cue in folded for cue in spans.CLOCK_CUES):  # `專線幾點到幾點有人接電話`: the hours, whatever else it names
        return ["time", *(k for k in kinds if k != "time")]
    if _SHARE.search(text):  # `占總經費的多少`: a share of a whole
        kinds = ["percent", *(k for k in kinds if k != "percent")]
    elif unit == "元":  # `多少電費`: money, whatever else it names
        kinds = ["amount", *(k for k in kinds if k != "amount")]
    elif unit in COUNTED and "date" not in kinds[:1]:  # `網站有多少人次瀏覽`: a count, whatever else it names
        kinds = ["number", *(k for k in kinds if k != "number")]
    return kinds or (["number"] if q.asks_number(text) else [])


def draft_answer(text: str, named: list[dict[str, Any]] | None = None) -> Draft | None:
    """The best-scoring span among the top passages of a checked question, or None when no
    passage matches at all; `named` are the measures the question names (looked up when not
    given)."""
    ix, scores = scored(text)
    order = [int(i) for i in np.argsort(-scores, kind="stable")[:TOP_PASSAGES] if scores[i] > 0]
    if not order:
        return None
    expanded = q.expand(text)
    yes_no = yes_no_part(text)
    listed = None if yes_no else asked_list_count(text)
    untyped = yes_no is not None or listed is not None
    kinds = [] if untyped else asked_value_kinds(text, expanded)
    ask_grams = set(analysis.bigrams(analysis.normalize(expanded)))
    unit = None if spans.asks_entity(text) or untyped else spans.asked_unit(analysis.normalize(text))
    top = float(scores[order[0]])
    years = set(index_years(expanded))
    best: tuple[float, int, Record, str] | None = None
    weights = gram_weights(ix, ask_grams)
    asking = qualifiers.asking_part(text)
    qual_weights = qualifiers.question_weights(asking, q.expand(asking) if asking != text else expanded, weights)
    inside = named_extents(named_measures(text) if named is None else named)
    if inside:  # the best passages of a measure the question names compete too
        ranked = [int(i) for i in np.argsort(-scores, kind="stable")[:RANKED_DEPTH] if scores[i] > 0]
        order += [i for i in ranked if i not in order and overlaps(ix.records[i], inside)][:EXTRA_FROM_MEASURE]
    for i in order:
        record = with_next(ix, i) if WITH_NEXT else ix.records[i]
        topic = topic_grams(record)
        parts = list(record.clauses) or spans.read_clauses(record.text)
        run = spans.best_run(
            parts, ask_grams - topic, kinds, unit, question_negates="非" in text, extra=combined(year_evidence(parts, years), rule_evidence(parts, yes_no, text), list_evidence(parts, listed)),
            gram_weights=weights,
            qualifier=qualifiers.clause_evidence([c.text for c in parts], qual_weights) if kinds or unit else None,
            question_grams=ask_grams,
        )
        if run is None:
            continue
        score = (
            run.score + PASSAGE_WEIGHT * float(scores[i]) / top + TOPIC_WEIGHT * len(ask_grams & topic)
            + LABEL_WEIGHT * len((ask_grams - topic) & label_grams(record))
            + (MEASURE_BONUS if overlaps(record, inside) else 0.0)
        )
        if best is None or score > best[0]:
            best = (score, i, record, spans.run_text(parts, run))
    if best is None:
        record = ix.records[order[0]]
        best = (0.0, order[0], record, record.text[: spans.MAX_SPAN_CHARS])
    _, i, record, quote = best
    cell = tables.cell_in(record, ask_grams, years) if kinds or unit else None
    if cell is not None:
        quote = cell.clause.strip()
    name = measure_name(ix, i, record, quote) if asks_name(text) and cell is None else None
    terms = coverage.terms_of(text)
    cover = coverage.coverage(terms, words_of(ix, i, record), ix)
    shown = tables.describe(cell.cell) if cell is not None else table_figure(record, quote) if kinds or unit else None
    attribute = None if analysis.is_english(text) else attributes.asked_attribute(asking)
    shape = "yesno" if yes_no else "list" if listed is not None else "condition" if _CONDITION.search(asking) else None
    return Draft(record, quote, name, cover, coverage.foreign_share(terms, ix), tuple(kinds), unit, shown, attribute, shape)


def table_figure(record: Record, quote: str) -> str | None:
    """A quote ending in a table's bare figure shown with the unit the table states above it
    (`估計累積減免關稅金額 26.08 億美元`), or None."""
    if not tables.ends_in_bare_figure(quote):  # most spans: no need to locate their lines
        return None
    found = cite(record, quote)
    lines = original_lines(record.doc)
    unit = tables.unit_above(lines, found.line_end)
    return tables.with_unit(quote, unit) if unit else None


# A question asking a condition or requirement (`要符合什麼資格`, `條件是什麼`, `學歷要求`).
_CONDITION = re.compile(r"資格|條件|門檻|要求|規定|限制|qualif|eligib|requirement|condition")


def answer_kind(draft: Draft) -> str | None:
    """What a drafted answer is (`types.ANSWER_KINDS`): its shape (yes/no, list, condition),
    a name, or the kind of value asked; None for an untyped question."""
    if draft.shape is not None:
        return draft.shape
    if draft.name is not None:
        return "name"
    focus = draft.kinds[0] if draft.kinds else None
    if focus in (None, "number"):
        return "count" if draft.unit in COUNTED else "number" if focus or draft.unit else None
    return focus


def measures_answer(text: str, named: list[dict[str, Any]] | None = None) -> Answer | None:
    """For a "which measures" question, the catalogue's measures that answer it, each named
    with its cap and window and cited by its name's lines, then the other measures it names
    (`named`, looked up when not given); None when none is found."""
    from fudao.search import measures as ms

    if not ms.asks_measures(text):
        return None
    ix, scores = scored(text)
    found = ms.measures_for(ix, scores, text, [m for m, _ in published()])
    if not found:
        return None
    citations = []
    for f in found:
        name = f.measure["sources"]["name"]
        lines = original_lines(name["doc"])[int(name["line_start"]) - 1 : int(name["line_end"])]
        citations.append(Citation(name["doc"], int(name["line_start"]), int(name["line_end"]), "\n".join(lines).strip()))
    answer = "可申請的措施：" + "；".join(ms.describe(f.measure) for f in found)
    listed = {f.measure["id"] for f in found}
    others = [m for m in (named_measures(text) if named is None else named) if m["id"] not in listed]
    return Answer(answer, citations, [f.measure for f in found] + others, kind="measures")


# A benefit asked (`參展費有什麼優惠`) and one a span states as a figure: a discount, a share, an
# amount.
_BENEFIT_ASKED = re.compile(r"(?:什麼|什么|哪些|何種)(?:優惠|优惠|折扣|好處|好处)")
_BENEFIT = re.compile(r"\d\s*折|[\d一二三四五六七八九十]\s*成(?!長)|\d\s*萬?元|免費|減半")


def holds_draft(listed: Answer, draft: Draft, question: str) -> bool:
    """Whether a catalogue answer should stand over the best span: unless that span comes from
    a passage outside every published measure that names a programme of its own (a report's
    「青年創業優惠貸款」, which the catalogue does not hold), or the question asks what benefit
    and the first measure's own passage states it as a figure."""
    from fudao.search.measures import extent

    extents = [e for e in (extent(m) for m in listed.measures) if e]
    if _BENEFIT_ASKED.search(question) and extents[:1] and overlaps(draft.record, extents[:1]) and _BENEFIT.search(draft.quote):
        return False
    return overlaps(draft.record, extents) or catalogue_name(draft.record) is not None or not draft.name


def close_hits(question: str, hits: list[Hit]) -> list[Hit]:
    """The hits close enough to a declined question to be worth offering: those whose passage
    covers as much of the question as an answer's passage must (the calibrated refusal limit)."""
    ix = get_index()
    terms = coverage.terms_of(question)
    limit = refusal_limits().min_coverage
    return [h for h in hits if coverage.coverage(terms, coverage.text_words(h.section, h.text), ix) >= limit]


def read_question(question: str) -> str:
    """A question as `ask` reads it: checked (QueryError on bad input), and Simplified Chinese
    in Traditional, the script every question cue is written in."""
    return to_traditional(q.check_query(question))


def answer_question(question: str, *, limits: RefusalLimits | None = None) -> Answer:
    """Answer a question from the documents with citations, or decline plainly when the best
    span falls short of the refusal `limits` (default: the calibrated ones)."""
    text = read_question(question)
    acronym = acronyms.asked_acronym(text)
    spelled = acronyms.expansion(get_index(), acronym) if acronym else None
    if spelled is not None:
        record, name, quote = spelled
        return Answer(f"{acronym}：{name}", [cite(record, quote)], kind="name")
    named = named_measures(text)
    draft = draft_answer(text, named)
    if draft is None or (limits or refusal_limits()).declines(draft):
        return Answer(NOT_FOUND, measures=named)
    listed = measures_answer(text, named)
    if listed is not None and holds_draft(listed, draft, text):
        return listed
    if draft.shown is None and draft.name and draft.name not in draft.quote:
        return Answer(f"{draft.name}：{draft.quote}", cite_named(draft.record, draft.name, draft.quote), named, answer_kind(draft))
    return Answer(draft.shown or draft.quote, [cite(draft.record, draft.quote)], named, answer_kind(draft))
