"""The extraction meets its targets on the gold file."""

from __future__ import annotations

from fudao.catalogue.evaluation import evaluate_extraction


def test_targets_on_the_gold_set(corpus_dir):
    result = evaluate_extraction()
    handbook = next(d for d in result["documents"] if d["doc"].startswith("002"))
    assert handbook["found"] == 42 and handbook["spurious"] == []
    for field in ("name", "agency", "phones", "amounts", "window"):
        scores = result["fields"][field]
        assert scores["accuracy"] >= 0.97, (field, scores)
        assert scores["measures"] >= 23
