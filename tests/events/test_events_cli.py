"""`fudao events` as a user runs it: add, register (seat then waitlist), show, cancel with
promotion, attend, to-case, consultation-day slot and booking, errors on stderr."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow]

SRC = Path(__file__).resolve().parents[2] / "src"
FUDAO = [sys.executable, "-c", "from fudao.cli.main import main; main()"]


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ, FUDAO_DB=f"sqlite:///{tmp_path / 'store.sqlite3'}",
               FUDAO_DATA_DIR=str(tmp_path / "data"),
               FUDAO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
               FUDAO_EMAIL_FILE_PATH=str(tmp_path / "mail"),
               PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*FUDAO, *args], env=_env(tmp_path), capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)


def _json(done: subprocess.CompletedProcess[str]) -> dict:
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _when(days: float, hours: float = 0) -> str:
    return (dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=days, hours=hours)).isoformat()


def test_events_commands_end_to_end(tmp_path: Path) -> None:
    added = _json(_run(tmp_path, "events", "add", "taipei-0601", "--kind", "info_session",
                       "--title", "中堅企業輔導措施說明會", "--starts-at", _when(5), "--ends-at", _when(5, 2),
                       "--region", "北區", "--venue", "臺北市", "--capacity", "1", "--json"))
    assert added["created"] is True and added["kind_label"] == "說明會" and added["starts_at"].endswith("+08:00")
    seat = _json(_run(tmp_path, "events", "register", "taipei-0601", "--name", "王小明",
                      "--phone", "02-2345-6789", "--email", "wang@example.tw", "--consent", "--json"))
    wait = _json(_run(tmp_path, "events", "register", "taipei-0601", "--name", "李小華",
                      "--phone", "0912-345-678", "--email", "lee@example.tw", "--json"))
    assert (seat["status"], wait["status"], wait["position"]) == ("registered", "waitlisted", 1)
    twice = _run(tmp_path, "events", "register", "taipei-0601", "--name", "王", "--phone", "(02)2345-6789",
                 "--email", "x@example.tw")
    assert twice.returncode != 0 and "錯誤：" in twice.stderr and "已報名本活動" in twice.stderr

    cancelled = _json(_run(tmp_path, "events", "cancel", "taipei-0601", str(seat["id"]), "--json"))
    assert cancelled["promoted"] == wait["id"]
    assert not list((tmp_path / "mail").glob("*.log"))  # queued for the worker
    assert _run(tmp_path, "worker", "--once").returncode == 0
    mails = list((tmp_path / "mail").glob("*.log"))
    assert len(mails) == 1 and "lee@example.tw" in mails[0].read_text(encoding="utf-8")

    assert _json(_run(tmp_path, "events", "attend", "taipei-0601", str(wait["id"]), "--json"))["attended"] is True
    case = _json(_run(tmp_path, "events", "to-case", "taipei-0601", str(wait["id"]), "--kind", "counselling", "--json"))
    assert case["case_no"].endswith("-000001")

    shown = _json(_run(tmp_path, "events", "show", "taipei-0601", "--json"))
    assert shown["counts"] == {"registered": 1, "waitlisted": 0, "cancelled": 1, "attended": 1, "seats_left": 0}
    lee = next(r for r in shown["registrations"] if r["id"] == wait["id"])
    assert (lee["status"], lee["attended"], lee["case_no"], lee["consent"]) == ("registered", True, case["case_no"], False)

    listed = _json(_run(tmp_path, "events", "list", "--region", "北區", "--json"))
    assert [e["event_id"] for e in listed["events"]] == ["taipei-0601"]


def test_consultation_day_slot_and_errors(tmp_path: Path) -> None:
    _json(_run(tmp_path, "events", "add", "day-1", "--kind", "consultation_day", "--title", "專業諮詢日",
               "--starts-at", _when(3), "--ends-at", _when(3, 3), "--capacity", "6", "--json"))
    slot = _json(_run(tmp_path, "events", "slot", "day-1", "--starts-at", _when(3), "--ends-at", _when(3, 1),
                      "--expert", "陳律師", "--expert-kind", "lawyer", "--json"))
    assert slot["expert_kind_label"] == "律師" and slot["case_no"] is None
    booked = _json(_run(tmp_path, "events", "book", str(slot["id"]), "--name", "林", "--phone", "04-2345-6789", "--json"))
    again = _run(tmp_path, "events", "book", str(slot["id"]), "--name", "張", "--phone", "04-2345-0000")
    assert again.returncode != 0 and "已被預約" in again.stderr
    assert _json(_run(tmp_path, "events", "show", "day-1", "--json"))["slots"][0]["case_no"] == booked["case_no"]

    bad_kind = _run(tmp_path, "events", "add", "x", "--kind", "party", "--title", "t", "--starts-at", _when(1),
                    "--ends-at", _when(1, 1), "--capacity", "3")
    assert bad_kind.returncode != 0 and "活動類型 kind「party」不存在" in bad_kind.stderr
    bad_time = _run(tmp_path, "events", "add", "x", "--kind", "training", "--title", "t", "--starts-at", "明天",
                    "--ends-at", _when(1, 1), "--capacity", "3")
    assert bad_time.returncode != 0 and "--starts-at「明天」格式不正確" in bad_time.stderr
    nobody = _run(tmp_path, "events", "show", "day-1", "--as", "ghost")
    assert nobody.returncode != 0 and "ghost" in nobody.stderr
    unknown = _run(tmp_path, "events", "show", "nope", "--json")
    assert unknown.returncode != 0 and "找不到活動「nope」" in unknown.stderr
