"""The index: persisted analysis next to the store, refreshed after an ingest."""

from __future__ import annotations

from pathlib import Path

from fudao.search import index
from fudao.search.services import search


def test_analysis_is_persisted_in_the_index_dir(demo_db: str) -> None:
    search("海洋牧場", doc=demo_db)
    files = list((index.index_dir() / "search" / "versions").glob("*.json"))
    assert files
    fingerprint = index.current_fingerprint()
    assert all(key.split("-")[0].isdigit() for key in fingerprint.split(":", 1)[1].split(","))


def test_ingest_receiver_makes_new_documents_searchable(demo_db: str, tmp_path: Path) -> None:
    from fudao.documents.services import ingest_paths

    assert all(h.doc != "fx_search_new" for h in search("珊瑚礁復育", k=3).hits)
    path = tmp_path / "fx_search_new.txt"
    path.write_text("一、珊瑚礁復育示範\n於綠島辦理珊瑚礁復育工作，補助上限 80 萬元。\n", encoding="utf-8")
    ingest_paths([path])
    index.refresh()  # what the ingest_finished receiver does after the commit
    hits = search("珊瑚礁復育", k=3).hits
    assert hits and hits[0].doc == "fx_search_new"


def test_cache_is_reused_while_the_store_is_unchanged(demo_db: str) -> None:
    first = index.get_index()
    index.refresh()
    assert index.get_index() is first
