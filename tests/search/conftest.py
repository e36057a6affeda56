"""A small knowledge base written for these tests (not corpus text), ingested through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURE_STEM = "fx_search_demo"

FIXTURE_TEXT = """壹、示範輔導措施

一、外銷貸款優惠保證示範方案
本方案由產業發展署辦理，協助受國際情勢影響之出口廠商取得週轉資金。
每家保證額度最高 2,500 萬元，保證成數九成。
諮詢專線：0800-123-456

二、海洋牧場示範計畫
於澎湖推動鱻龘養殖技術示範，輔導漁業者導入智慧監測設備。
112年核定補助 18 案，補助金額合計 3,600 萬元。

三、青年數位人才培訓
自民國114年3月1日起受理申請，每位學員訓練費用補助上限 6 萬元。
"""


@pytest.fixture
def demo_db(db, tmp_path: Path) -> str:
    """The test store with the demo document ingested; returns its stem."""
    from fudao.documents.services import ingest_paths
    from fudao.search import index

    path = tmp_path / f"{FIXTURE_STEM}.txt"
    path.write_text(FIXTURE_TEXT, encoding="utf-8")
    report = ingest_paths([path])
    assert not report.errors, report.to_dict()
    index.forget()
    yield FIXTURE_STEM
    index.forget()
