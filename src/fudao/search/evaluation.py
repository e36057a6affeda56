"""Quality figures on the dev sets (`eval/search_dev.jsonl`; `eval/search_dev2.jsonl` and
`eval/search_dev3.jsonl`, written from the documents alone for tuning) and, reported apart, on the blind set
(`eval/search_blind.jsonl`, written without sight of the code or the dev sets): Recall@1/5/10,
MRR@10, answer accuracy, citation coverage and false refusals; plus the tuning of the ranking
weights and the refusal limits, which only ever read the dev sets."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from fudao.search import analysis, index, ranking
from fudao.search import coverage as cov
from fudao.search import query as q
from fudao.search.scoring import RERANK_DEPTH

if TYPE_CHECKING:
    from fudao.search.answer import RefusalLimits

DEV_SET = Path(__file__).resolve().parents[3] / "eval" / "search_dev.jsonl"
DEV2_SET = DEV_SET.with_name("search_dev2.jsonl")
DEV3_SET = DEV_SET.with_name("search_dev3.jsonl")
TUNING_SETS = (DEV_SET, DEV2_SET, DEV3_SET)
# Never read by tuning or calibration: only `evaluate(BLIND_SET)` opens them. The fourth set was
# written from the documents alone in session 8, the way callers speak to the hotline, and scored
# once before anyone read it.
BLIND_SET = DEV_SET.with_name("search_blind.jsonl")
BLIND4_SET = DEV_SET.with_name("search_blind4.jsonl")
BLIND_SETS = (BLIND_SET, BLIND4_SET)
_STRIP = re.compile(r"[\s,，、]")


@dataclass(frozen=True)
class DevQuestion:
    """One dev question with its gold document, original line range and short answer (None:
    unanswerable); a list answer (named items) is held as its items, in the document's order."""

    id: str
    question: str
    doc: str | None
    line_start: int | None
    line_end: int | None
    answer: str | None
    lang: str
    paraphrase: bool
    kind: str | None = None
    items: tuple[str, ...] = ()


def tuning_set(path: Path | None) -> Path:
    """The question set tuning may read: the dev set or another file, never the blind set."""
    source = path or DEV_SET
    if any(source.resolve() == blind.resolve() for blind in BLIND_SETS):
        raise ValueError("盲測集不可用於調整參數")
    return source


def load_tuning(paths: Sequence[Path] | None = None) -> list[DevQuestion]:
    """The questions tuning reads: those of the given sets (default every dev set that exists),
    refusing the blind set."""
    chosen = [tuning_set(p) for p in paths] if paths else [p for p in TUNING_SETS if p.is_file()]
    return [d for p in chosen for d in load_dev(p)]


def load_dev(path: Path | None = None) -> list[DevQuestion]:
    """The dev questions of a JSON Lines file (default `eval/search_dev.jsonl`)."""
    source = path or DEV_SET
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [_question(row) for row in rows]


def _question(row: dict[str, Any]) -> DevQuestion:
    """A question of a set's JSON line; an answer given as a list is a list of named items."""
    known = set(DevQuestion.__dataclass_fields__) - {"items"}
    fields = {k: v for k, v in row.items() if k in known}
    if isinstance(fields.get("answer"), list):
        items = tuple(str(item) for item in fields["answer"])
        fields["answer"] = "、".join(items)
        return DevQuestion(**fields, items=items)
    return DevQuestion(**fields)


def is_hit(doc: str, start: int, end: int, gold: DevQuestion) -> bool:
    """Whether a passage overlaps the gold lines in the gold document."""
    return (
        gold.doc == doc
        and gold.line_start is not None
        and gold.line_end is not None
        and start <= gold.line_end
        and end >= gold.line_start
    )


def first_hit_rank(ranked: Sequence[tuple[str, int, int]], gold: DevQuestion) -> int | None:
    """1-based rank of the first passage that overlaps the gold lines, or None."""
    for rank, (doc, start, end) in enumerate(ranked, start=1):
        if is_hit(doc, start, end, gold):
            return rank
    return None


def retrieval_metrics(ranks: list[int | None]) -> dict[str, float]:
    """Recall@1/5/10 and MRR@10 over first-hit ranks of answerable questions."""
    n = len(ranks) or 1
    return {
        "recall@1": sum(1 for r in ranks if r is not None and r <= 1) / n,
        "recall@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "recall@10": sum(1 for r in ranks if r is not None and r <= 10) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r is not None and r <= 10) / n,
    }


def answer_key(text: str) -> str:
    """A comparison form of an answer: normalised, without spaces and list/thousands separators."""
    return _STRIP.sub("", analysis.normalize(text))


def answer_correct(gold: DevQuestion, answer: dict[str, Any], declined: str) -> bool:
    """Gold span contained in the answer; for an unanswerable question, the system declined."""
    if gold.answer is None:
        return bool(answer["answer"] == declined and not answer["citations"])
    if holds_gold(gold, answer_key(answer["answer"])):
        return True
    if gold.items:
        return False
    wanted = stated_values(gold.answer)
    return bool(wanted) and wanted <= stated_values(answer["answer"])


def holds_gold(gold: DevQuestion, key: str) -> bool:
    """Whether a text (in its `answer_key` form) holds the gold answer: its span, or for a list
    answer every item, in order."""
    assert gold.answer is not None
    if not gold.items:
        return answer_key(gold.answer) in key
    at = 0
    for item in gold.items:
        found = key.find(answer_key(item), at)
        if found < 0:
            return False
        at = found + len(answer_key(item))
    return True


def stated_values(text: str) -> set[tuple[str, str]]:
    """The values a text states, as comparable (kind, value) pairs: `12萬` and `12萬元` state
    the same amount."""
    from fudao.zhtext.values import find_values

    return {(f.kind, json.dumps(f.value, sort_keys=True)) for f in find_values(text)}


def evaluate(path: Path | None = None) -> dict[str, Any]:
    """Run search and ask over a question set (default the dev set) and return the figures
    (all in 0..1 except counts), overall and by language."""
    from fudao.search.answer import NOT_FOUND, original_lines
    from fudao.search.services import ask, search

    dev = load_dev(path)
    ranks: dict[str, int | None] = {}
    for d in dev:
        if d.answer is not None:
            hits = search(d.question, k=10).hits
            ranks[d.id] = first_hit_rank([(h.doc, h.line_start, h.line_end) for h in hits], d)
    outcomes = []
    lengths: list[int] = []
    own_words: list[bool] = []
    for d in dev:
        result = ask(d.question).to_dict()
        declined = result["answer"] == NOT_FOUND
        right = answer_correct(d, result, NOT_FOUND)
        lines = original_lines(d.doc) if right and d.doc else None
        outcomes.append((d, right, declined, bool(result["citations"]), right and cites_gold(d, result, lines)))
        if not declined:
            lengths.append(len(result["answer"]))
            own_words.append(cites_own_words(result, original_lines))
    figures = _figures(outcomes, ranks)
    figures["answers_citing_their_words"] = sum(own_words) / (len(own_words) or 1)
    figures["answer_chars_median"] = float(np.median(lengths)) if lengths else 0.0
    figures["by_lang"] = {
        lang: _figures([o for o in outcomes if o[0].lang == lang], ranks) for lang in sorted({d.lang for d in dev})
    }
    return figures


def cites_own_words(answer: dict[str, Any], lines_of: Callable[[str], Sequence[str]]) -> bool:
    """Whether an answer is cited to the lines its words come from: it has citations, and
    each citation's quote is found within the lines it cites."""
    from fudao.search.spans import locate_lines

    if not answer["citations"]:
        return False
    for c in answer["citations"]:
        cited = list(lines_of(c["doc"])[c["line_start"] - 1 : c["line_end"]])
        found = locate_lines(c["quote"], cited, c["line_start"])
        if found is None or found[0] < c["line_start"] or found[1] > c["line_end"]:
            return False
    return True


def cites_gold(gold: DevQuestion, answer: dict[str, Any], lines: Sequence[str] | None = None) -> bool:
    """Whether an answer's citations cover the lines that hold the gold answer (same document,
    every such line inside a cited range): the gold range narrowed to the fewest lines whose
    text holds the gold answer when the document's `lines` are given; an unanswerable
    question's right answer cites nothing and counts as covered."""
    if gold.doc is None or gold.line_start is None or gold.line_end is None:
        return True
    start, end = answer_lines(gold, lines) if lines is not None else (gold.line_start, gold.line_end)
    return any(c["doc"] == gold.doc and c["line_start"] <= start and end <= c["line_end"] for c in answer["citations"])


def answer_lines(gold: DevQuestion, lines: Sequence[str]) -> tuple[int, int]:
    """The shortest run of lines inside the gold range whose joined text holds the gold answer
    (the whole range when none does)."""
    assert gold.line_start is not None and gold.line_end is not None and gold.answer is not None
    best = (gold.line_start, gold.line_end)
    for first in range(gold.line_start, gold.line_end + 1):
        for last in range(first, gold.line_end + 1):
            if holds_gold(gold, answer_key("".join(lines[first - 1 : last]))):
                if last - first < best[1] - best[0]:
                    best = (first, last)
                break
    return best


def _figures(
    outcomes: list[tuple[DevQuestion, bool, bool, bool, bool]], ranks: dict[str, int | None]
) -> dict[str, Any]:
    """Retrieval and answer figures of some questions' outcomes (question, right, declined, cited,
    right with its citation covering the gold lines)."""
    answerable = [o for o in outcomes if o[0].answer is not None]
    given = [o for o in outcomes if not o[2]]
    figures: dict[str, Any] = {"questions": len(outcomes), "answerable": len(answerable)}
    figures.update(retrieval_metrics([ranks.get(o[0].id) for o in answerable]))
    figures["answer_accuracy"] = sum(o[1] for o in outcomes) / (len(outcomes) or 1)
    figures["answers_cited"] = sum(o[3] for o in given) / (len(given) or 1)
    right = [o for o in outcomes if o[1] and o[0].answer is not None]
    figures["right_answers_citing_gold"] = sum(o[4] for o in right) / (len(right) or 1)
    figures["false_refusals"] = sum(o[2] for o in answerable)
    figures["false_refusal_rate"] = figures["false_refusals"] / (len(answerable) or 1)
    return figures


# ----------------------------------------------------------------- tuning


Cached = tuple[DevQuestion, dict[str, np.ndarray], np.ndarray, np.ndarray, cov.QuestionTerms]


def _cached_fields(dev: list[DevQuestion]) -> list[Cached]:
    ix = index.get_index()
    out = []
    for d in dev:
        expanded = q.expand(d.question)
        fields = ix.field_scores(analysis.normalize(expanded))
        years = ranking.year_cue(ix, index.years_in(expanded))
        kinds = ranking.kind_cue(ix, q.wanted_kinds(expanded))
        out.append((d, fields, years, kinds, cov.terms_of(d.question)))
    return out


def tune(
    paths: Sequence[Path] | None = None, grid: dict[str, Sequence[float]] | None = None,
    objective: Callable[[dict[str, float]], float] | None = None,
) -> tuple[ranking.Weights, dict[str, float]]:
    """The weights maximising MRR@10 + Recall@5 over a grid on the given dev sets (default every dev set),
    with their metrics."""
    ix = index.get_index()
    dev = [d for d in load_tuning(paths) if d.answer is not None]
    cached = _cached_fields(dev)
    grid = grid or {
        "words": (0.5, 1.0),
        "bigrams": (0.5, 1.0, 1.5),
        "titles": (0.0, 0.2, 0.4),
        "year": (0.0, 0.3, 0.5, 0.8),
        "kind": (0.0, 0.1, 0.2, 0.4),
        "neighbour": (0.0, 0.1, 0.2, 0.3),
        "coverage": (0.0, 0.5, 1.0),
    }
    score = objective or (lambda m: m["mrr@10"] + m["recall@5"])
    best: tuple[float, ranking.Weights, dict[str, float]] | None = None
    for combo in itertools.product(*grid.values()):
        w = ranking.Weights(**dict(zip(grid.keys(), combo, strict=True)))
        ranks = []
        for d, fields, years, kinds, terms in cached:
            fused = ranking.fuse(ix, fields, years, kinds, w)
            if w.coverage:
                fused = fused + w.coverage * cov.coverage_cue(ix, terms, fused, RERANK_DEPTH)
            top = np.argsort(-fused, kind="stable")[:10]
            ranked = [(ix.records[i].doc, ix.records[i].line_start, ix.records[i].line_end) for i in top]
            ranks.append(first_hit_rank(ranked, d))
        metrics = retrieval_metrics(ranks)
        if best is None or score(metrics) > best[0]:
            best = (score(metrics), w, metrics)
    assert best is not None
    return best[1], best[2]


def midpoints(values: Sequence[float]) -> list[float]:
    """Candidate limits between observed values: 0, each midpoint of two neighbours, and 1
    (a limit midway between two questions generalises better than one grazing either)."""
    points = sorted(set(values))
    return sorted({0.0, 1.0, *(round((a + b) / 2, 6) for a, b in itertools.pairwise(points))})


def calibrate_refusal(paths: Sequence[Path] | None = None) -> tuple[RefusalLimits, float]:
    """The refusal limits (minimum coverage, maximum share of foreign words) that maximise
    answer accuracy on the given dev sets (default all three; answerable and unanswerable questions), with that
    accuracy; of equally good limits, the stricter (declining beats a wrong answer)."""
    from fudao.search import answer as ans

    rows = []
    for d in load_tuning(paths):
        draft = ans.draft_answer(ans.read_question(d.question))  # the draft `ask` declines or not
        answered = ans.answer_question(d.question, limits=ans.RefusalLimits(0.0, 1.0)).to_dict()
        right = d.answer is not None and answer_correct(d, answered, ans.NOT_FOUND)
        rows.append((draft, d.answer is None, right))
    coverages = midpoints([r[0].coverage for r in rows if r[0]])
    shares = midpoints([r[0].foreign_share for r in rows if r[0]])
    # (coverage, foreign share, declined whatever the limits) of each draft, read once
    read = np.array([
        (draft.coverage, draft.foreign_share, ans.misses_asked_value(draft)) if draft else (0.0, 1.0, 1.0)
        for draft, _, _ in rows
    ], dtype=float).reshape(-1, 3)
    unanswerable = np.array([r[1] for r in rows], dtype=bool)
    counts = unanswerable | np.array([r[2] for r in rows], dtype=bool)  # right when its refusal is right
    highs = np.array(shares)
    best = (ans.RefusalLimits(0.0, 1.0), -1.0)
    for low in coverages:
        declined = (read[:, 2] > 0) | (read[:, 0] < low)
        declined_by = declined[None, :] | (read[None, :, 1] > highs[:, None])
        accuracy = ((declined_by == unanswerable[None, :]) & counts[None, :]).sum(axis=1) / (len(rows) or 1)
        for high, acc in zip(shares, accuracy.tolist(), strict=True):
            stricter = acc == best[1] and (low >= best[0].min_coverage and high <= best[0].max_foreign_share)
            if acc > best[1] or stricter:
                best = (ans.RefusalLimits(low, high), acc)
    return best


def save_tuning(paths: Sequence[Path] | None = None, *, ranking_too: bool = False) -> dict[str, Any]:
    """Calibrate the refusal limits (on every dev set unless `paths` are given) and, with
    `ranking_too`, first tune the ranking weights (on the first dev set unless `paths` are
    given); store them as the package's data (`search/data/answer.json`, `search/data/ranking.json`)."""
    from fudao.search import answer as ans

    data_dir = Path(__file__).resolve().parent / "data"
    out: dict[str, Any] = {}
    if ranking_too:
        # The ranking grid maximises retrieval only. Tuned on both sets it lowered the first
        # set's Recall@5 and MRR (0.967 → 0.960, 0.886 → 0.881); re-run after session 6's
        # answer changes it picks weights that lower answer accuracy (first set 0.873 → 0.854),
        # so the committed weights stay those of the earlier tuning.
        weights, metrics = tune(paths or [DEV_SET])
        (data_dir / "ranking.json").write_text(json.dumps(weights.to_dict()) + "\n", encoding="utf-8")
        ranking.tuned_weights.cache_clear()
        out.update(weights=weights.to_dict(), retrieval=metrics)
    limits, accuracy = calibrate_refusal(paths)
    (data_dir / "answer.json").write_text(json.dumps(asdict(limits)) + "\n", encoding="utf-8")
    ans.refusal_limits.cache_clear()
    return {**out, "refusal": asdict(limits), "answer_accuracy": accuracy}
