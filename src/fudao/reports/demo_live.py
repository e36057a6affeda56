"""The living part of the demo: open cases of this week spread over the desk's consultants
(some overdue, some waiting on the enterprise), follow-ups due this week, a planned visit, and
upcoming events with free seats — so that a newcomer's queue, follow-ups and /events/ have
something in them. Written through the same services as the desk; run again, it adds nothing
while its cases are still open."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from fudao.zhtext.ubn import synthetic_ubn

MARK = "（示範案件）"
KINDS = ["inquiry", "counselling", "financing", "inquiry", "counselling", "debt"]
STATUSES = ["new", "waiting_enterprise", "in_progress", "triaged"]
SUMMARIES = {"counselling": "想了解數位轉型與生產線自動化的輔導", "inquiry": "詢問員工培訓補助的申請方式",
             "financing": "需要週轉金，詢問貸款與信用保證", "debt": "貸款到期，希望協商展延"}
README_STAFF = ("lin", "chen")


def consultants() -> list[str]:
    """Who the demo cases go to: the README's lin and chen first, then other consultants and
    supervisors of a team (none: the shared pool)."""
    from django.contrib.auth import get_user_model

    users = (get_user_model().objects.filter(staff__role__in=["consultant", "supervisor"], staff__team__isnull=False)
             .values_list("username", flat=True))
    names = list(users)
    return sorted(names, key=lambda n: (README_STAFF.index(n) if n in README_STAFF else 9, n))


def _open(i: int, kind: str, owner: str | None, now: dt.datetime) -> str:
    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import open_case
    from fudao.enterprises.services import ContactInput

    case = open_case(channel="hotline", kind=kind, by=LOCAL, ubn=synthetic_ubn(100_000 + i),
                     enterprise_name=f"示範企業{i + 1:05d}股份有限公司",
                     contact=ContactInput(name="聯絡人", phone=f"02-2700-{1000 + i:04d}"),
                     needs=["finance" if kind in ("financing", "debt") else "digital"],
                     summary=f"{SUMMARIES[kind]}{MARK}", assignee=owner,
                     opened_at=now - dt.timedelta(days=1 + i * 1.5, hours=i % 5))
    return case.case_no


def _work(i: int, case_no: str, kind: str, today: dt.date) -> int:
    """A status, a follow-up due this week and a planned visit on some of the cases; the
    follow-ups made."""
    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import change_status, log_activity

    status = STATUSES[i % len(STATUSES)]
    if status != "new":
        change_status(case_no=case_no, status=status, by=LOCAL)
    made = 0
    if i % 2 == 0:
        log_activity(case_no=case_no, type="follow_up", by=LOCAL,
                     data={"due": (today + dt.timedelta(days=i % 6)).isoformat(), "text": "回電確認申請進度"})
        made += 1
    if kind == "counselling" and i % 3 == 0:
        log_activity(case_no=case_no, type="visit", by=LOCAL,
                     data={"mode": "onsite", "done": False, "planned_for": (today + dt.timedelta(days=3)).isoformat()})
    return made


def event_records(today: dt.date) -> list[dict[str, Any]]:
    """Three upcoming events in the import format, each with free seats left."""
    from fudao.reports.demo import TAIPEI, TEAMS

    out: list[dict[str, Any]] = []
    for n, (name, counties) in enumerate(TEAMS.values()):
        starts = dt.datetime.combine(today + dt.timedelta(days=7 * (n + 1)), dt.time(14, 0), TAIPEI)
        event_id = f"demo-live-{n + 1}"
        out.append({"type": "event", "event_id": event_id, "kind": "promotion",
                    "title": f"輔導措施說明會（{name}）", "starts_at": starts.isoformat(),
                    "ends_at": (starts + dt.timedelta(hours=2)).isoformat(), "region": counties[0],
                    "venue": name, "capacity": 60})
        out += [{"type": "registration", "event_id": event_id, "name": f"報名者{j + 1}",
                 "phone": f"0912{n}{j:05d}", "email": f"live{n}-{j}@example.com", "status": "registered"}
                for j in range(12)]
    return out


def make_living_desk() -> dict[str, int]:
    """Open this week's demo cases (unless open ones are there already) and import the
    upcoming events; the counts made."""
    from fudao.cases.models import Case
    from fudao.cases.vocabulary import OPEN_STATUSES
    from fudao.events.importing import import_events, import_registrations

    now, today = timezone.now(), timezone.localdate()
    made = {"cases": 0, "follow_ups": 0, "events": 3}
    if not Case.objects.filter(summary__endswith=MARK, status__in=OPEN_STATUSES).exists():
        owners = itertools.cycle(consultants() or [None])  # type: ignore[list-item]
        for i in range(18):
            kind = KINDS[i % len(KINDS)]
            case_no = _open(i, kind, next(owners), now)
            made["cases"] += 1
            made["follow_ups"] += _work(i, case_no, kind, today)
    records = event_records(today)
    for kind, importer in (("event", import_events), ("registration", import_registrations)):
        importer([(n, {k: v for k, v in r.items() if k != "type"}) for n, r in enumerate(records, 1) if r["type"] == kind])
    return made
