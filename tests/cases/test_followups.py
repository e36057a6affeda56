"""Follow-ups scheduled from the timelines, closed with a note, listed due and overdue within
the policy, and reminded by the sweep exactly once."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest
from django.core import mail
from django.utils import timezone

from fudao.cases import followups
from fudao.cases.models import Activity, HistoryEntry, ReminderSent
from fudao.cases.reminders import sweep
from fudao.cases.services import CaseError

pytestmark = pytest.mark.store
LOAN = "smb-diverse-loan-plus"


def approve(desk, days_ago: int = 40) -> Activity:  # type: ignore[no-untyped-def]
    desk.log("application", {"measure_id": LOAN, "stage": "submitted"}, days_ago=days_ago + 5)
    return desk.log("application", {"measure_id": LOAN, "stage": "approved", "amount_twd": "100萬"},
                    days_ago=days_ago)


def follow_ups_of(trigger: Activity) -> list[Activity]:
    return list(Activity.objects.filter(type="follow_up", data__trigger=trigger.pk))


def test_approval_and_referral_schedule_a_follow_up_30_days_later(desk):
    approval = approve(desk)
    (fu,) = follow_ups_of(approval)
    logged = timezone.localtime(approval.at).date()
    assert logged + dt.timedelta(days=30) <= fu.due <= logged + dt.timedelta(days=34)  # next working day
    assert followups._working_day_on_or_after(fu.due) == fu.due
    submitted = Activity.objects.get(type="application", stage="submitted")
    assert follow_ups_of(submitted) == []  # the rule's window closed years ago: no reminder before it
    referral = desk.log("referral", {"to": "technology"})
    assert len(follow_ups_of(referral)) == 1
    assert HistoryEntry.objects.filter(field="activity", new=f"follow_up#{fu.pk}").exists()


def test_old_records_schedule_no_stale_follow_up(desk):
    from deskhelpers import open_desk_case

    case_no = open_desk_case(by=desk.alice, days_ago=400)
    from fudao.cases.services import log_activity

    at = timezone.now() - dt.timedelta(days=300)
    log_activity(case_no=case_no, type="application", by=desk.alice, at=at,
                 data={"measure_id": LOAN, "stage": "submitted"})
    old = log_activity(case_no=case_no, type="application", by=desk.alice, at=at,
                       data={"measure_id": LOAN, "stage": "approved", "amount_twd": 5})
    assert follow_ups_of(old) == []


def test_a_follow_up_before_the_window_of_a_measure_closes(desk):
    from fudao.catalogue.models import Measure

    end = timezone.localdate() + dt.timedelta(days=40)
    Measure.objects.create(id="test-window-grant", name="測試補助", window_end=end)
    planned = desk.log("application", {"measure_id": "test-window-grant", "stage": "planned"})
    (fu,) = follow_ups_of(planned)
    assert fu.due == end - dt.timedelta(days=14)
    assert "測試補助" in fu.data["text"]


def test_close_done_or_skipped_with_a_note(desk):
    fu, = follow_ups_of(approve(desk))
    with pytest.raises(CaseError, match="note"):
        followups.close_follow_up(case_no=desk.case_no, follow_up_id=fu.pk, outcome="skipped", by=desk.alice)
    with pytest.raises(CaseError, match="outcome"):
        followups.close_follow_up(case_no=desk.case_no, follow_up_id=fu.pk, outcome="maybe", by=desk.alice)
    with pytest.raises(LookupError):  # another team's consultant does not see the case
        followups.close_follow_up(case_no=desk.case_no, follow_up_id=fu.pk, outcome="done", by=desk.bob)
    followups.close_follow_up(case_no=desk.case_no, follow_up_id=fu.pk, outcome="skipped",
                              note="企業已結束營業", by=desk.alice)
    fu.refresh_from_db()
    assert (fu.outcome, fu.data["note"]) == ("skipped", "企業已結束營業") and fu.done_at
    assert HistoryEntry.objects.filter(field=f"follow_up#{fu.pk}", old="open", new="skipped").exists()
    with pytest.raises(CaseError, match="已於"):
        followups.close_follow_up(case_no=desk.case_no, follow_up_id=fu.pk, outcome="done", by=desk.alice)
    assert followups.due(desk.alice)["count"] == 0


def test_due_lists_overdue_first_within_the_policy(desk):
    old = follow_ups_of(approve(desk, days_ago=40))[0]
    newer = desk.log("follow_up", {"due": (timezone.localdate()).isoformat(), "text": "今日追蹤"})
    later = desk.log("follow_up", {"due": (timezone.localdate() + dt.timedelta(days=3)).isoformat()})
    result = followups.due(desk.alice)
    assert [r["id"] for r in result["follow_ups"]] == [old.pk, newer.pk]
    assert result["follow_ups"][0]["overdue"] and not result["follow_ups"][1]["overdue"]
    assert result["overdue"] == 1
    ahead = followups.due(desk.alice, on=timezone.localdate() + dt.timedelta(days=3))
    assert later.pk in [r["id"] for r in ahead["follow_ups"]]
    assert followups.due(desk.bob)["count"] == 0
    assert followups.due(desk.sue)["count"] == 2
    counts = followups.overdue_counts(desk.sue)
    assert counts["consultants"] == [{"assignee": "alice", "overdue": 1}]
    assert counts["teams"][0]["team"] == "north" and counts["teams"][0]["overdue"] == 1
    assert followups.overdue_counts(desk.bob) == {"consultants": [], "teams": []}
    assert [r["id"] for r in followups.overdue_list(desk.sue, team="north")] == [old.pk]


def test_sweep_twice_sends_one_reminder_and_flags_overdue(desk, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    fu, = follow_ups_of(approve(desk))
    desk.log("follow_up", {"due": (timezone.localdate() + dt.timedelta(days=5)).isoformat()})
    first = sweep()
    second = sweep()
    assert (first.sent, second.sent) == (1, 0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.tw"]
    assert desk.case_no in message.subject and "逾期" in message.subject
    assert "追蹤事項" in message.body
    assert ReminderSent.objects.filter(follow_up=fu).count() == 1
    fu.refresh_from_db()
    assert fu.overdue and first.overdue_flags_changed == 1 and second.overdue_flags_changed == 0


def test_reminder_goes_to_the_supervisors_when_nobody_is_assigned(desk, settings):
    from fudao.cases.services import assign

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    approve(desk)
    assign(case_no=desk.case_no, assignee=None, by=desk.sue)
    assert sweep().sent == 1
    assert mail.outbox[0].to == ["sue@example.tw"]


def test_a_failed_send_is_retried_by_the_next_sweep(desk, settings, monkeypatch):
    from django.core.mail import EmailMessage

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    approve(desk)

    def down(self, fail_silently=False):  # type: ignore[no-untyped-def]
        raise OSError("mail server down")

    with monkeypatch.context() as m:
        m.setattr(EmailMessage, "send", down)
        assert len(sweep().failed) == 1
    assert ReminderSent.objects.count() == 0
    assert sweep().sent == 1 and len(mail.outbox) == 1


def test_worker_task_runs_the_sweep_through_the_database_backend(desk, settings, monkeypatch):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    from fudao.cases import tasks

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # In-process, inside the test's transaction, the worker must not close the connection
    # (on PostgreSQL it would); the real `fudao worker` process is tested in the browser test.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    approve(desk)
    tasks.schedule_sweep(every_seconds=None)
    tasks.schedule_sweep(every_seconds=None)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    done = DBTaskResult.objects.filter(task_path=tasks.SWEEP_PATH, status="SUCCESSFUL")
    assert done.count() == 2
    assert len(mail.outbox) == 1
    tasks.schedule_sweep(every_seconds=60)
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    assert tasks.pending_sweeps() == 1  # the periodic sweep queued its successor
    assert DBTaskResult.objects.filter(task_path=tasks.SWEEP_PATH, status="READY").get().run_after > timezone.now()


@pytest.mark.slow
def test_cli_followups_due_json_as_user(tmp_path):
    env_setup = """
import datetime as dt
from django.utils import timezone
from fudao import bootstrap
bootstrap.setup()
from deskhelpers import make_desk
desk = make_desk()
desk.log("application", {"measure_id": "smb-diverse-loan-plus", "stage": "submitted"}, days_ago=45)
desk.log("application", {"measure_id": "smb-diverse-loan-plus", "stage": "approved", "amount_twd": 5}, days_ago=40)
print(desk.case_no)
"""
    import os
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if k not in ("FUDAO_DB", "DJANGO_SETTINGS_MODULE")}
    env["FUDAO_DATA_DIR"] = str(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")])
    case_no = subprocess.run([sys.executable, "-c", env_setup], env=env, check=True, capture_output=True,
                             text=True, timeout=120).stdout.split()[-1]
    cli = [sys.executable, "-m", "fudao.cli.main", "followups", "due", "--json"]
    mine = json.loads(subprocess.run([*cli, "--as", "alice"], env=env, check=True, capture_output=True,
                                     text=True, timeout=60).stdout)
    assert mine["count"] == 1 and mine["follow_ups"][0]["case_no"] == case_no
    assert mine["follow_ups"][0]["overdue"] is True
    other = json.loads(subprocess.run([*cli, "--as", "bob"], env=env, check=True, capture_output=True,
                                      text=True, timeout=60).stdout)
    assert other["count"] == 0
    early = json.loads(subprocess.run([*cli, "--on", "2000-01-01"], env=env, check=True,
                                      capture_output=True, text=True, timeout=60).stdout)
    assert early["count"] == 0
    bad = subprocess.run([*cli, "--on", "明天"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "錯誤：--on" in bad.stderr
    nobody = subprocess.run([*cli, "--as", "nobody"], env=env, capture_output=True, text=True, timeout=60)
    assert nobody.returncode != 0 and nobody.stderr.startswith("錯誤：")
