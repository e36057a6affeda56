"""`fudao import` streams the records of every type: the file goes to spools on disk (not a
Python list), activities are put in time order by an external sort (runs on disk, merged),
merged cases are written after the cases they point at, and a file refused while it is read
(over --max-records, several chunks in) has written nothing."""

from __future__ import annotations

import json
import os
import random
import stat
from pathlib import Path

import pytest
from deskkit import UBNS

from fudao.records import Spool, chunked, sorted_stream


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_a_spool_gives_its_items_back_in_order_from_a_private_file():
    with Spool() as spool:
        for i in range(2500):
            spool.add((i, {"case_no": f"114-{i:06d}", "at": None}))
        assert len(spool) == 2500
        assert stat.S_IMODE(os.fstat(spool._file.fileno()).st_mode) == 0o600
        first = list(spool)
        spool.add((2500, {}))  # added after a read: still at the end
        assert [n for n, _ in first] == list(range(2500))
        assert [n for n, _ in spool][-2:] == [2499, 2500]
        one, two = iter(spool), iter(spool)  # two readers at once each get every item
        assert [next(one)[0], next(one)[0], next(two)[0], next(one)[0], next(two)[0]] == [0, 1, 0, 2, 1]


def test_sorted_stream_merges_its_runs():
    items = list(range(1000))
    random.Random(7).shuffle(items)
    assert list(sorted_stream(items, key=lambda x: x, run=64)) == list(range(1000))
    assert list(sorted_stream([3, 1, 2], key=lambda x: -x, run=64)) == [3, 2, 1]
    assert [len(c) for c in chunked(range(2500), 1000)] == [1000, 1000, 500]


@pytest.mark.store
def test_activities_out_of_time_order_across_runs_and_a_merge_before_its_target(cli, db, tmp_path, monkeypatch):
    import fudao.cases.importing as importing
    from fudao.cases.models import Activity, Case

    monkeypatch.setattr(importing, "ACTIVITY_RUN", 2)  # every two activities a run on disk
    cases = [
        {"type": "case", "case_no": "113-000041", "status": "merged", "merged_into": "113-000040",
         "channel": "web", "kind": "inquiry", "opened_at": "2024-03-05T09:00:00+08:00",
         "closed_at": "2024-03-05T10:00:00+08:00"},
        {"type": "case", "case_no": "113-000040", "channel": "hotline", "kind": "financing",
         "opened_at": "2024-03-04T09:00:00+08:00", "ubn": UBNS[0], "name": "甲公司"},
    ]
    stages = [("submitted", "2024-03-05T11:00:00+08:00"), ("approved", "2024-03-06T11:00:00+08:00"),
              ("disbursed", "2024-03-07T11:00:00+08:00"), ("disbursed", "2024-03-08T11:00:00+08:00")]
    extra = {"approved": {"amount_twd": 3_000_000}, "disbursed": {"amount_twd": 1_000_000}}
    activities = [{"type": "activity", "case_no": "113-000040", "activity": "application", "at": at,
                   "measure_id": "smb-diverse-loan-plus", "stage": stage, **extra.get(stage, {})}
                  for stage, at in reversed(stages)]  # latest first: only a sort makes the stages follow
    path = write_jsonl(tmp_path / "past.jsonl", [*activities, *cases])
    code, out, _ = cli("import", str(path), "--json")
    report = json.loads(out)
    assert code == 0, report
    assert report["created"] == {"case": 2, "activity": 4}
    target = Case.objects.get(case_no="113-000040")
    assert Case.objects.get(case_no="113-000041").merged_into_id == target.pk
    assert list(Activity.objects.filter(case=target, type="application").order_by("at")
                .values_list("stage", flat=True)) == [s for s, _ in stages]


@pytest.mark.store
def test_a_case_file_refused_several_chunks_in_writes_nothing(cli, db, tmp_path):
    from fudao.cases.models import Case, HistoryEntry

    records = [{"type": "case", "case_no": f"114-{i:06d}", "channel": "web", "kind": "inquiry",
                "opened_at": "2025-03-04T09:00:00+08:00"} for i in range(1, 2502)]
    path = write_jsonl(tmp_path / "cases.jsonl", records)
    code, _, err = cli("import", str(path), "--max-records", "2500")
    assert code == 2 and "超過 2,500 筆的上限" in err
    assert Case.objects.count() == 0 and HistoryEntry.objects.count() == 0
