"""kill -9 while cases are being written (opened, logged, moved through the flow): every case
the store holds has its whole history, every activity its history row, no number is handed out
twice, and a rerun goes on where the killed one stopped."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# One case after another through the service functions, as the desk writes them, until killed.
WRITER = """
import sys
from fudao import bootstrap
bootstrap.setup()
from fudao.accounts.actors import LOCAL
from fudao.cases import services as cs
for i in range(int(sys.argv[1])):
    case = cs.open_case(channel="hotline", kind="inquiry", by=LOCAL, summary=f"第 {i} 通電話")
    cs.log_activity(case_no=case.case_no, type="call", by=LOCAL, data={"direction": "in", "note": "詢問貸款"})
    cs.change_status(case_no=case.case_no, status="in_progress", by=LOCAL)
    cs.log_activity(case_no=case.case_no, type="note", by=LOCAL, data={"text": "已回覆"})
    cs.change_status(case_no=case.case_no, status="resolved", by=LOCAL, reason="answered")
"""


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(os.environ, FUDAO_DB=f"sqlite:///{tmp_path / 'store.sqlite3'}",
                FUDAO_DATA_DIR=str(tmp_path / "data"), PYTHONPATH=os.pathsep.join(sys.path))


def _writer(tmp_path: Path, count: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(count)], env=_env(tmp_path),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _query(store: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(store, timeout=30) as db:
        return db.execute(sql).fetchall()


def _check_consistent(store: Path) -> int:
    """The invariants a killed writer must not break; the number of cases."""
    cases = _query(store, "select id, case_no, status from cases_case")
    numbers = [c[1] for c in cases]
    assert len(numbers) == len(set(numbers))
    statuses = {cid: status for cid, _, status in cases}
    # each case's status is the last one its history records, and its opening is on record
    last = _query(store, "select h.case_id, h.new from cases_historyentry h where h.field = 'status' "
                         "and h.id = (select max(id) from cases_historyentry x "
                         "where x.case_id = h.case_id and x.field = 'status')")
    assert dict(last) == statuses
    opened = _query(store, "select count(*) from cases_historyentry where field = 'status' and old is null")
    assert opened[0][0] == len(cases)
    # each activity has its history row, and no history row names an activity that is not there
    activities = {f"{t}#{i}" for i, t in _query(store, "select id, type from cases_activity")}
    logged = {row[0] for row in _query(store, "select new from cases_historyentry where field = 'activity'")}
    assert activities == logged
    # the counter never falls behind a number it handed out
    if cases:
        counter = _query(store, "select max(last) from cases_casecounter")[0][0]
        assert counter >= max(int(n.split("-")[1]) for n in numbers)
    return len(cases)


def test_kill_during_case_writes_leaves_every_case_whole(tmp_path: Path) -> None:
    store = tmp_path / "store.sqlite3"
    subprocess.run([sys.executable, "-c", "from fudao.cli.main import main; main()", "cases", "list", "--json"],
                   env=_env(tmp_path), check=True, capture_output=True, timeout=120)
    run = _writer(tmp_path, 100_000)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and run.poll() is None:
        if _query(store, "select count(*) from cases_case")[0][0] >= 30:
            break
        time.sleep(0.02)
    assert run.poll() is None, run.stderr.read().decode() if run.stderr else ""
    run.send_signal(signal.SIGKILL)
    run.wait(30)
    before = _check_consistent(store)
    assert before >= 30

    again = _writer(tmp_path, 5)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0, err.decode()
    assert _check_consistent(store) == before + 5
    resolved = _query(store, "select count(*) from cases_case where status = 'resolved'")[0][0]
    assert resolved >= 5
