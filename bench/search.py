"""Search benchmark on the dev questions: fudao vs a plain baseline (rank-bm25 over jieba
tokens over 6-line windows of the raw text, stride 3), Recall@5, MRR@10 and latency; and the
latency of `ask` in process (every dev question, answerable or not, each asked once: no answer
cache sits in front of `ask`, so each call does the whole work).

    .venv/bin/python bench/search.py [--corpus ../shared/corpus] [--json]

Uses the store named by FUDAO_DB; without it, a temporary SQLite store with the corpus ingested.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def percentile(values: list[float], pct: float) -> float:
    """The pct-th percentile (nearest rank) of a list of numbers."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def baseline(corpus: Path, questions: list, k: int = 10) -> tuple[list, list[float]]:
    """Ranked windows and per-query latency (ms) of the rank-bm25 + jieba baseline."""
    import jieba
    from rank_bm25 import BM25Okapi

    jieba.setLogLevel(60)
    windows: list[tuple[str, int, int]] = []
    texts: list[list[str]] = []
    for path in sorted(corpus.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for start in range(0, max(1, len(lines)), 3):
            chunk = "\n".join(lines[start : start + 6])
            windows.append((path.stem, start + 1, min(len(lines), start + 6)))
            texts.append([t for t in jieba.lcut(chunk) if t.strip()])
    bm25 = BM25Okapi(texts)
    ranked, times = [], []
    for d in questions:
        t0 = time.perf_counter()
        scores = bm25.get_scores([t for t in jieba.lcut(d.question) if t.strip()])
        top = sorted(range(len(scores)), key=lambda i: -scores[i])[:k]
        times.append((time.perf_counter() - t0) * 1000)
        ranked.append([windows[i] for i in top])
    return ranked, times


def fudao_runs(questions: list, k: int = 10) -> tuple[list, list[float]]:
    """Ranked passages and per-query latency (ms) of fudao's search service."""
    from fudao.search.services import search

    search("暖身", k=k)  # load the index outside the timing
    ranked, times = [], []
    for d in questions:
        t0 = time.perf_counter()
        hits = search(d.question, k=k).hits
        times.append((time.perf_counter() - t0) * 1000)
        ranked.append([(h.doc, h.line_start, h.line_end) for h in hits])
    return ranked, times


def ask_latency(questions: list) -> dict:
    """p50/p95 (ms) of `ask` over the questions, after one warm-up question."""
    from fudao.search import coverage
    from fudao.search.services import ask

    ask("暖身問題")
    coverage.terms_of.cache_clear()  # the search runs above saw these questions: start cold
    times = []
    for d in questions:
        t0 = time.perf_counter()
        ask(d.question)
        times.append((time.perf_counter() - t0) * 1000)
    return {"questions": len(times), "p50_ms": round(statistics.median(times), 3), "p95_ms": round(percentile(times, 95), 3)}


def summarise(name: str, ranked: list, times: list[float], questions: list) -> dict:
    """Recall@5, MRR@10 and latency percentiles of one retriever."""
    from fudao.search.evaluation import first_hit_rank, retrieval_metrics

    metrics = retrieval_metrics([first_hit_rank(r, d) for r, d in zip(ranked, questions, strict=True)])
    return {
        "retriever": name,
        "recall@5": round(metrics["recall@5"], 4),
        "mrr@10": round(metrics["mrr@10"], 4),
        "p50_ms": round(statistics.median(times), 3),
        "p95_ms": round(percentile(times, 95), 3),
    }


def main() -> None:
    """Run both retrievers on the answerable dev questions and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not os.environ.get("FUDAO_DB"):
        os.environ["FUDAO_DATA_DIR"] = tempfile.mkdtemp(prefix="fudao-bench-")
    from fudao import bootstrap

    bootstrap.setup()
    from fudao.documents.models import DocumentVersion

    if not DocumentVersion.objects.filter(is_current=True).exists():
        from fudao.documents.services import ingest_paths

        ingest_paths([args.corpus])
    from fudao.search.evaluation import load_dev

    dev = load_dev()
    questions = [d for d in dev if d.answer is not None]
    rows = [
        summarise("fudao", *fudao_runs(questions), questions),
        summarise("baseline rank-bm25+jieba, 6-line windows", *baseline(args.corpus, questions), questions),
    ]
    speedup = rows[1]["p95_ms"] / rows[0]["p95_ms"] if rows[0]["p95_ms"] else float("inf")
    asked = ask_latency(dev)
    report = {"questions": len(questions), "results": rows, "p95_speedup": round(speedup, 1), "ask": asked}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    print(f"{len(questions)} answerable dev questions")
    for r in rows:
        print(f"{r['retriever']:<45} R@5 {r['recall@5']:.3f}  MRR@10 {r['mrr@10']:.3f}  "
              f"p50 {r['p50_ms']:.2f} ms  p95 {r['p95_ms']:.2f} ms")
    print(f"p95 speed-up: {speedup:.1f}x")
    print(f"ask ({asked['questions']} dev questions, in process)  p50 {asked['p50_ms']:.2f} ms  p95 {asked['p95_ms']:.2f} ms")


if __name__ == "__main__":
    main()
