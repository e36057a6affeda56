"""Answer spans: split a passage into clauses, pick the shortest run of clauses that states the
kind of value the question asks for next to the question's own focus words, and find the
original lines the span came from.

The scoring reads the documents' habits: a label comes before its value (`貸款期限：10年`,
a heading line above its body), so a run may not end on a dangling label, and only the words
before the last asked-for value count towards it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from fudao.search import analysis
from fudao.zhtext.normalize import fold_width, normalize_text
from fudao.zhtext.values import find_values

# A colon ends a clause unless a figure follows it (a ratio: `由 1：1 調高為 3：1`).
_CLAUSE_END = re.compile(r"(?<=[。；;！？!?\n，])|(?<=[,:：])(?!\s*\d)")
MAX_UNITS = 4
MAX_SPAN_CHARS = 160
KIND_BONUS = 8.0
FOCUS_BONUS = 20.0
LENGTH_PENALTY = 0.01
NEGATION_PENALTY = 2.0
HEADING_CHARS = 16
QUALIFIER_WEIGHT = 3.0
INHERIT = 0.7
# An untyped question (what, whether, who) is answered by what a run adds to it: each bigram of
# the run the question lacks counts NOVELTY, up to NOVEL_CAP of them (a run that only restates
# the question — its heading — answers nothing).
NOVELTY = 0.5
NOVEL_CAP = 15


@dataclass(frozen=True)
class Span:
    """A candidate answer: its text and how well it answers."""

    text: str
    score: float


# A contact table flattened into one line ends a row with its phone number and starts the next
# row's name right after it: `… 王先生 (02)1234-5678#12推動示範聯盟 …`.
_ROW_PHONE = re.compile(r"(?:\(0\d{1,2}\)\s*\d{3,4}-\d{3,4}|080[09]-\d{3}-\d{3})(?:\s*#\s*\d+)?(?=\s*[\u4e00-\u9fff])(?!\s*(?:分機|轉))")


def clauses(text: str) -> list[str]:
    """The clauses of a passage (split at sentence, line and clause marks, and after the phone
    number ending a row of a flattened contact table), empty ones dropped."""
    out = []
    for part in _CLAUSE_END.split(text):
        cut = 0
        for m in _ROW_PHONE.finditer(part):
            out.append(part[cut : m.end()])
            cut = m.end()
        out.append(part[cut:])
    return [c for c in out if c.strip()]


def is_heading(clause: str) -> bool:
    """A short line of its own without a figure or sentence mark: a heading or a form label."""
    line = clause.strip()
    return (
        clause.endswith("\n")
        and 0 < len(line) <= HEADING_CHARS
        and not any(ch.isdigit() for ch in line)
        and not re.search(r"[。，；、]", line)
    )


def dangling(clause: str) -> bool:
    """A clause that only announces what follows it (`貸款期限：`, a heading line, the start of a
    period whose end follows: `自 105 年 2 月 5 日起，`)."""
    tail = clause.rstrip()
    return tail.endswith(("：", ":")) or is_heading(clause) or bool(_PERIOD_START.search(tail))


def candidates(text: str) -> list[str]:
    """Runs of one to MAX_UNITS consecutive clauses, stripped, no longer than MAX_SPAN_CHARS, that
    do not end on a dangling label (unless the label ends the passage)."""
    parts = clauses(text)
    out: list[str] = []
    for i in range(len(parts)):
        for n in range(1, MAX_UNITS + 1):
            if i + n > len(parts):
                break
            cand = "".join(parts[i : i + n]).strip().rstrip("，,：:")
            if len(cand) > MAX_SPAN_CHARS:
                break
            if dangling(parts[i + n - 1]) and i + n < len(parts):
                continue
            out.append(cand)
    return out


# Answer typing only: a figure followed by a counter or unit (件, 家, 億, 年, 成, %, …).
_QUANTITY = re.compile(r"(\d[\d,.]*)\s*(?:[萬億兆千百]\s*)?[\d,]*\s*([^\d\s，。、；：（）()]{1})")
# Counters a question may ask its figure in; the first to appear after 幾/多少 wins
# (`多少諮詢案次` → 案).
_COUNTERS = ("個月", "人次", "人", "班", "名", "案", "件", "家", "次", "場", "項", "款", "張", "戶", "位", "歲", "年", "億", "萬", "元", "成", "天", "籃", "國", "度", "%")
# An age asked by its noun (`年齡要在什麼範圍`): a figure in 歲.
_AGE = re.compile(r"年齡|年紀|幾歲")
# 款 and 金 are money only after another word (`輔導款`, `獎金`); `多少款產品` counts models.
_MONEY = re.compile(r"[^，。？?]{0,2}(?:費|錢|金額|經費)|[^，。？?]{1,2}[款金]")
# A count named by its noun at the end of the question (`核准僑外投資件數？`, `受訓人數是多少`),
# not inside another figure asked (`研發人數的多少比例`).
_COUNT_NOUN = re.compile(r"(件|家|人|案|場|項|戶)數\s*(?:是|為|有|共|總共|合計)?\s*(?:多少|幾)?\s*[？?。]?\s*$")
# A subsidy asked by its verb just before 多少 (`每家最多補多少`, `補助多少`): an amount of money.
_SUBSIDISED = re.compile(r"(?:補|補助|補貼)$")
_ASKED_FIGURE = re.compile(r"(?:幾|多少)([^，。？?！!、]{0,6})")
# A share written as a fraction (`1/2`, `五分之一`) or a ratio (`3：1`; a time has two digits after its colon).
_FRACTION = re.compile(
    r"(?<![\d/])\d{1,2}\s*/\s*\d{1,2}(?![\d/])|[一二三四五六七八九十]+分之[一二三四五六七八九十]+"
    r"|(?<![\d:：])\d{1,2}\s*[：:]\s*\d(?![\d:：])"
)
# In Taiwan 0800 and 0809 numbers are free to call.
_TOLL_FREE = re.compile(r"(?<!\d)080[09]\s*-?\s*\d{3}\s*-?\s*\d{3}(?!\d)")
# A day of a month whose year the sentence gave earlier (`同年 9 月 12 日`).
# A day of a month, or a month that comes every year (`每年 8 月`): a date, with no year.
_MONTH_DAY = re.compile(r"(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*日|每年\s*\d{1,2}\s*月")
# A time of day: 08:30, or an hour range written with 時/點 (`15 時至 22 時`).
_TIME = re.compile(
    r"(?<!\d)\d{1,2}\s*[:：]\s*\d{2}(?!\d)"
    r"|(?<![\d.])\d{1,2}\s*[時點点]\s*(?:至|到|~|～|-|–|－)\s*\d{1,2}\s*[時點点]"
)
# A Taiwanese street address: a city or county, then a district, a road or street and a number.
_ADDRESS = re.compile(r"[縣市][^，。；\n]{0,8}?[區鄉鎮市][^，。；\n]{0,14}?[路街道巷][^，。；\n]{0,14}?\d+(?:-\d+)?\s*號")
# The start of a period whose end the next clause gives (`自民國 105年 2月 5日起，`).
_PERIOD_START = re.compile(r"[自從]\s*(?:民國)?\s*\d{2,4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*起\s*[，,]$")
_DURATION = re.compile(r"(?:\d+(?:\s*[-~～至]\s*\d+)?|[一二三四五六七八九十兩半]+)\s*(?:個月|年|週|天|日|月|工作天|工作日|(?:個)?小時內|分鐘內)(?![\d度底])")


def is_year(figure: str, unit: str) -> bool:
    """A figure followed by 年 that is a 民國 or Western year, not a count of years."""
    digits = figure.replace(",", "")
    if not digits.isdigit():
        return False
    if unit == "年":
        return 80 <= int(digits) <= 200 or 1900 <= int(digits) <= 2100
    # `2020 Demo Business Forum`: a Western year before Latin words
    return unit.isascii() and unit.isalpha() and len(digits) == 4 and 1900 <= int(digits) <= 2100


# Cues that ask a time of day wherever they stand in a question (`幾點到幾點有人接電話`).
CLOCK_CUES = ("幾點", "service hours", "opening hours", "office hours", "what time")
# Question cues for the kinds of value spans are typed by here (beside `query.KIND_CUES`).
SPAN_CUES: dict[str, tuple[str, ...]] = {
    "tollfree": ("免費電話", "免付費", "toll-free", "toll free"),
    "time": ("服務時間", "幾點開始", "幾點結束", "下班", "上班時間", "營業時間", "時段", *CLOCK_CUES),
    "duration": ("期限", "多久", "多長", "年限", "幾年", "幾個月", "how long", "loan term", "average time", "how many years", "how many months"),
}


_ENTITY = re.compile(r"哪(?:個|一個|些|一家|家|國|位|一位)(?!號|天|年|月|時|支)|which (?:country|agency|unit|organi[sz]ation|product)")


def asks_entity(question: str) -> bool:
    """Whether a question asks which thing (`哪個國家`, `哪些單位`): a name, whatever figures
    it mentions on the way."""
    return bool(_ENTITY.search(question.lower()))


# `e-mail address`, `web address`: an e-mail or a web address, not a street address.
_COMPOUND_ADDRESS = re.compile(r"\b(e-?mail|web(?:site)?|ip)\s+address")


def cue_text(question: str) -> str:
    """A question folded for matching kind cues: normalised, lower case, and a compound
    `e-mail address` / `web address` read as the e-mail or web address it is."""
    return _COMPOUND_ADDRESS.sub(r"\1", normalize_text(question).lower())


def asked_kinds(question: str, cue_tables: tuple[dict[str, tuple[str, ...]], ...]) -> list[str]:
    """The value kinds a question asks for, its focus first: the kind whose cue stands last
    (a Chinese question ends on what it asks: `…專線的服務時間？`)."""
    folded = cue_text(question)
    where: dict[str, tuple[int, int]] = {}
    for table in cue_tables:
        for kind, cues in table.items():
            # (where the cue ends, its length): of two cues ending together the longer is
            # the more specific (`免費電話` over `電話`)
            found = [(folded.rfind(c) + len(c), len(c)) for c in cues if c in folded]
            if found:
                where[kind] = max([*found, where.get(kind, (-1, 0))])
    return sorted(where, key=lambda kind: (-where[kind][0], -where[kind][1]))


def span_kinds(text: str) -> set[str]:
    """Kinds of value stated in a span (a date range counts as a date; a figure with a unit,
    other than a year, as a number)."""
    found = {f.kind for f in find_values(text)}
    if "date_range" in found:
        found.add("date")
    if any(not is_year(m.group(1), m.group(2)) for m in _QUANTITY.finditer(text)):
        found.add("number")
    if _FRACTION.search(text):
        found.add("percent")
    if _TIME.search(text):
        found.add("time")
    if _TOLL_FREE.search(text):
        found.add("tollfree")
    if _MONTH_DAY.search(text):
        found.add("date")
    if _DURATION.search(text):
        found.add("duration")
    if _ADDRESS.search(text):
        found.add("address")
    return found


# What an English "how many …" counts, by the noun counted (singular) → the documents' counter.
ENGLISH_COUNTERS: dict[str, str] = {
    "company": "家", "firm": "家", "enterprise": "家", "business": "家", "vendor": "家", "factory": "家",
    "manufacturer": "家", "store": "家", "shop": "家", "centre": "處", "center": "處",
    "case": "件", "application": "件", "patent": "件", "trademark": "件", "project": "案", "plan": "案",
    "people": "人", "person": "人", "trainee": "人", "participant": "人", "worker": "人", "job": "人",
    "attendee": "人", "visit": "次", "visitor": "人", "time": "次", "session": "場", "event": "場",
    "forum": "場", "seminar": "場", "model": "款", "product": "款", "item": "項", "category": "項",
    "card": "張", "country": "國", "measure": "項", "household": "戶", "month": "個", "year": "年", "day": "天",
}
_HOW_MANY = re.compile(r"how many((?: [a-z-]+){1,4})")


def _singular(word: str) -> str:
    """An English noun's singular, good enough for ENGLISH_COUNTERS' keys."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def asked_english_unit(question: str) -> str | None:
    """The counter an English question's "how many <noun>" asks in, if the noun is known
    (`how many Taiwanese companies` → 家)."""
    m = _HOW_MANY.search(question.lower())
    if not m:
        return None
    for word in m.group(1).split():
        if word == "of":
            continue
        found = ENGLISH_COUNTERS.get(_singular(word))
        if found is not None:
            return found
    return None


def asked_unit(question: str) -> str | None:
    """The counter or unit a question asks a figure in (`幾年` → 年, `多少諮詢案次` → 案,
    `投資件數` → 件, `多少電費` → 元, `how many companies` → 家), if any."""
    english = asked_english_unit(question)
    if english is not None:
        return english
    if _AGE.search(question):
        return "歲"
    counted = _COUNT_NOUN.search(question)
    if counted:  # `投資件數`, `受訓人數`: a count in that counter
        return counted.group(1)
    for m in _ASKED_FIGURE.finditer(question):
        tail = m.group(1)
        if tail.startswith(("點", "点")):  # `幾點`: a time of day, not a count
            continue
        if _MONEY.match(tail):
            return "元"
        hits = [(tail.find(c), c) for c in _COUNTERS if c in tail]
        if not hits and _SUBSIDISED.search(question[: m.start()]):  # `最多可以補多少`: money
            return "元"
        if hits:
            return min(hits)[1][0]
    return None


def has_unit(text: str, unit: str) -> bool:
    """Whether a span states a figure in the given unit."""
    return any(m.group(2) == unit and not is_year(m.group(1), m.group(2)) for m in _QUANTITY.finditer(text))


def kind_score(cand: str, kinds: list[str], unit: str | None) -> float:
    """Bonus for a span that states the kind of value (and unit) the question asks for; the
    first kind listed is the question's focus and weighs most."""
    if not kinds and unit is None:
        return 0.0
    have = span_kinds(cand)
    score = 0.0
    if kinds and kinds[0] in have:
        score = FOCUS_BONUS if len(kinds) > 1 else KIND_BONUS
    elif have & set(kinds):
        score = KIND_BONUS * 0.6
    elif "date" in kinds and "year" in have:
        score = KIND_BONUS / 2
    if unit is not None and has_unit(cand, unit):
        score += KIND_BONUS / 2
    return score


def overlap(query_grams: set[str], text: str) -> float:
    """How many of the question's bigrams the span contains."""
    grams = set(analysis.bigrams(analysis.normalize(text)))
    return float(len(query_grams & grams))


def up_to_last_value(cand: str, kinds: list[str], unit: str | None) -> str:
    """The span cut after its last clause stating an asked-for value: words after the value
    describe something else (labels precede their values in these documents)."""
    if not kinds and unit is None:
        return cand
    parts = clauses(cand)
    for end in range(len(parts), 0, -1):
        if kind_score(parts[end - 1], kinds, unit) > 0:
            return "".join(parts[:end])
    return cand


def negated(query_grams: set[str], question_has_negation: bool, cand: str) -> bool:
    """Whether the span negates a word the question matched (`非中小企業` for `中小企業`)."""
    if question_has_negation:
        return False
    norm = analysis.normalize(cand)
    return any(norm[i] == "非" and norm[i + 1 : i + 3] in query_grams for i in range(len(norm) - 2))


@dataclass(frozen=True)
class Clause:
    """What a passage's clause states, read once when the index is built: its text, its
    normalised bigrams, the kinds of value and the units of the figures it states, the bigrams
    it negates (`非中小企業`), and whether it only announces what follows it (as it stands,
    and once a following passage is joined after it with a line break)."""

    text: str
    norm: str
    grams: frozenset[str]
    kinds: frozenset[str]
    units: frozenset[str]
    negates: frozenset[str]
    dangling: bool
    dangling_joined: bool

    def to_json(self) -> list[Any]:
        """The clause as stored in the analysed version (grams are rebuilt from the norm)."""
        return [self.text, self.norm, sorted(self.kinds), sorted(self.units), sorted(self.negates), self.dangling, self.dangling_joined]

    @classmethod
    def from_json(cls, row: list[Any]) -> Clause:
        """A stored clause, its bigrams taken from its normalised text."""
        text, norm, kinds, units, negates, alone, joined = row
        return cls(
            str(text), str(norm), frozenset(analysis.bigrams(str(norm))), frozenset(kinds),
            frozenset(units), frozenset(negates), bool(alone), bool(joined),
        )


def read_clause(part: str, norm: str | None = None) -> Clause:
    """Read one clause (its normalised text may be given)."""
    norm = analysis.normalize(part) if norm is None else norm
    units = {m.group(2) for m in _QUANTITY.finditer(part) if not is_year(m.group(1), m.group(2))}
    negates = {norm[i + 1 : i + 3] for i in range(len(norm) - 2) if norm[i] == "非"}
    return Clause(
        part, norm, frozenset(analysis.bigrams(norm)), frozenset(span_kinds(part)), frozenset(units),
        frozenset(negates), dangling(part), dangling(part if part.endswith("\n") else part + "\n"),
    )


def joined(first: list[Clause], second: list[Clause]) -> list[Clause]:
    """The clauses of two passages read as one text, the first's last clause ending its line."""
    if not first or not second:
        return [*first, *second]
    last = first[-1]
    if not last.text.endswith("\n"):
        last = replace(last, text=last.text + "\n", dangling=last.dangling_joined)
    return [*first[:-1], last, *second]


def read_clauses(text: str) -> list[Clause]:
    """The clauses of a passage with what each states."""
    return [read_clause(part) for part in clauses(text)]


def clause_matches(clause: Clause, kinds: list[str], unit: str | None) -> bool:
    """Whether a clause states an asked-for value (the `kind_score` test on one clause)."""
    have = clause.kinds
    return bool(
        (kinds and (kinds[0] in have or have & set(kinds) or ("date" in kinds and "year" in have)))
        or (unit is not None and unit in clause.units)
    )


def kind_score_of(have: set[str] | frozenset[str], units: set[str] | frozenset[str], kinds: list[str], unit: str | None) -> float:
    """`kind_score` on the value kinds and units a run of clauses states."""
    if not kinds and unit is None:
        return 0.0
    score = 0.0
    if kinds and kinds[0] in have:
        score = FOCUS_BONUS if len(kinds) > 1 else KIND_BONUS
    elif have & set(kinds):
        score = KIND_BONUS * 0.6
    elif "date" in kinds and "year" in have:
        score = KIND_BONUS / 2
    if unit is not None and unit in units:
        score += KIND_BONUS / 2
    return score


@dataclass(frozen=True)
class RunSpan:
    """The best run of clauses of a passage: where it starts and ends, its score, and the
    share of it the question's words fill."""

    start: int
    end: int
    score: float
    overlap: float


def best_run(
    parts: list[Clause], query_grams: set[str], kinds: list[str], unit: str | None = None,
    *, question_negates: bool = False, extra: list[float] | None = None,
    gram_weights: dict[str, float] | None = None, qualifier: list[float] | None = None,
    question_grams: set[str] | None = None,
) -> RunSpan | None:
    """The best run of one to MAX_UNITS clauses: bigrams of the question it states (up to its
    last asked-for value; each counting its `gram_weights` entry, else 1) and INHERIT of those
    the clauses before it in its sentence state, less a length penalty, plus the kind bonus,
    less the negation penalty, plus the best per-clause `extra` (year evidence) of its clauses
    and of those before it in its sentence, less how far the best `qualifier` evidence
    (`qualifiers.clause_evidence`) of its clauses stating an asked-for value falls short of
    the passage's best; for an untyped question, plus NOVELTY for each bigram it adds to the
    `question_grams` (default `query_grams`), up to NOVEL_CAP."""
    best: RunSpan | None = None
    typed = bool(kinds) or unit is not None
    matches = [clause_matches(c, kinds, unit) for c in parts] if typed else []
    hit_grams = [c.grams & query_grams for c in parts]
    # qualifier evidence counts against the passage's best-labelled figure: a run is marked
    # down for the figures it misses, and passages are not re-ranked by their labels
    best_label = max((q for q, m in zip(qualifier, matches, strict=True) if m), default=0.0) if qualifier and typed else 0.0
    n_parts = len(parts)
    lead = [len(c.text) - len(c.text.lstrip()) for c in parts]
    trail = [len(c.text) - len(c.text.rstrip().rstrip("，,：:")) for c in parts]
    opens = sentence_starts(parts)
    for i in range(n_parts):
        grams: set[str] = set()
        upto: set[str] | None = None
        have: set[str] = set()
        units: set[str] = set()
        neg = False
        length = 0
        # what the sentence said before the run scopes it (`110 年本國貿易總額…，累計出超 100 億元`)
        scope = set().union(*hit_grams[opens[i] : i]) if INHERIT else set()
        bonus = max(extra[opens[i] : i], default=0.0) if extra is not None and INHERIT else 0.0
        qual = 0.0
        novel: set[str] = set()
        for j in range(i, min(i + MAX_UNITS, n_parts)):
            c = parts[j]
            length += len(c.text)
            if not typed and NOVELTY:
                novel |= c.grams - (query_grams if question_grams is None else question_grams)
            size = length - lead[i] - trail[j]
            if size > MAX_SPAN_CHARS:
                break
            grams |= hit_grams[j]
            have |= c.kinds
            units |= c.units
            neg = neg or bool(c.negates & query_grams)
            if extra is not None:
                bonus = max(bonus, extra[j])
            if typed and matches[j]:
                upto = set(grams)
                if qualifier is not None:
                    qual = max(qual, qualifier[j])
            if c.dangling and j < n_parts - 1:
                continue
            counted = upto if upto is not None else grams
            evidence = float(len(counted)) if gram_weights is None else sum(gram_weights.get(g, 1.0) for g in counted)
            if scope:
                evidence += INHERIT * sum(1.0 if gram_weights is None else gram_weights.get(g, 1.0) for g in scope - counted)
            score = (
                evidence - LENGTH_PENALTY * size + kind_score_of(have, units, kinds, unit)
                - (NEGATION_PENALTY if neg and not question_negates else 0.0) + bonus + QUALIFIER_WEIGHT * (qual - best_label)
                + NOVELTY * min(len(novel), NOVEL_CAP)
            )
            if best is None or score > best.score:
                best = RunSpan(i, j + 1, score, float(len(counted)))
    return best


def sentence_starts(parts: list[Clause]) -> list[int]:
    """For each clause, the index of the first clause of its sentence (sentences end at 。！？
    or a line break)."""
    out = []
    start = 0
    for k, c in enumerate(parts):
        out.append(start)
        if c.text.rstrip(" ").endswith(("。", "！", "？", "!", "?", "\n")):
            start = k + 1
    return out


def run_text(parts: list[Clause], run: RunSpan) -> str:
    """The text of a run of clauses, stripped of surrounding blanks and a trailing comma or colon."""
    return "".join(c.text for c in parts[run.start : run.end]).strip().rstrip("，,：:")


def best_span(
    text: str, query_grams: set[str], kinds: list[str], unit: str | None = None, *, question_negates: bool = False
) -> Span | None:
    """The best run of clauses of a passage for a question (`question_negates`: the question
    itself says 非, so a span negating its words is not penalised)."""
    parts = read_clauses(text)
    run = best_run(parts, query_grams, kinds, unit, question_negates=question_negates)
    return None if run is None else Span(run_text(parts, run), run.score)


def locate_lines(span: str, lines: list[str], first_line: int) -> tuple[int, int] | None:
    """The original 1-based line range of a span within a passage's original lines."""
    flat: list[str] = []
    owner: list[int] = []
    for offset, line in enumerate(lines):
        for ch in fold_width(line):
            if ch.isalnum():
                flat.append(ch)
                owner.append(first_line + offset)
    haystack = "".join(flat)
    needle = "".join(ch for ch in fold_width(span) if ch.isalnum())
    for probe in (needle, needle[:12], needle[-12:]):
        if not probe:
            continue
        at = haystack.find(probe)
        if at >= 0:
            start = owner[at]
            if probe is needle:
                return start, owner[at + len(needle) - 1]
            tail = haystack.find(needle[-12:], at)
            end = owner[tail + len(needle[-12:]) - 1] if tail >= 0 else start
            return start, max(start, end)
    return None
