"""What the desk pages show of a case: its two SLA clocks with due-soon marks, queue rows, and the
timeline of activities and history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fudao.cases import history, sla
from fudao.cases.models import Case

CLOCKS = (("first_response", "首次回應"), ("resolution", "結案處理"))


def _pending_due(due: dt.datetime | None, done: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether a running clock is due within the configured working minutes."""
    if done is not None or due is None or due <= now:
        return False
    cfg = sla.config()
    return cfg.calendar.between(now, due) <= cfg.due_soon_minutes


def clocks(case: Case, now: dt.datetime) -> list[dict[str, Any]]:
    """Both SLA clocks: label, due, done, state (met/breached/pending) and whether it is due soon."""
    values = {"first_response": (case.first_response_due, case.first_response_at),
              "resolution": (case.resolution_due, case.resolved_at)}
    out = []
    for key, label in CLOCKS:
        due, done = values[key]
        state = sla.state(due, done, now)
        out.append({"key": key, "label": label, "due": due, "done": done, "state": state,
                    "due_soon": state == "pending" and _pending_due(due, done, now),
                    "paused": key == "resolution" and done is None and due is None
                    and case.status == sla.WAITING})
    return out


def queue_row(case: Case, now: dt.datetime) -> dict[str, Any]:
    """A case as one row of a queue or list: its clocks and whether it is overdue or due soon."""
    cl = clocks(case, now)
    running = [c for c in cl if c["done"] is None and c["due"] is not None]
    return {"case": case, "clocks": cl,
            "overdue": any(c["state"] == "breached" and c["done"] is None for c in cl),
            "due_soon": any(c["due_soon"] for c in cl),
            "next_due": min((c["due"] for c in running), default=None)}


def queue_rows(cases: list[Case], now: dt.datetime) -> list[dict[str, Any]]:
    """Queue rows in the order the selector gave (overdue first, then by the nearest due
    instant: `fudao.cases.selectors.queue` sorts in SQL over the whole queue)."""
    return [queue_row(c, now) for c in cases]


def timeline(case_doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The case JSON's activities and history as one list, newest first, each with its zh-TW
    line (`fudao.cases.history`); the history rows that only record an activity are left out:
    the activity itself is shown."""
    names = history.names_for(case_doc)
    entries: list[dict[str, Any]] = []
    for a in case_doc["activities"]:
        entries.append({"kind": "activity", "at": a["at"], "by": a["by"], "type": a["type"],
                        "text": a.get("text", ""), "line": history.render_activity(a, names),
                        "note": a.get("note", "")})
    for h in case_doc["history"]:
        if h["field"] == "activity":
            continue
        entries.append({"kind": "history", "at": h["at"], "by": h["by"],
                        "line": history.render(h, names)})
    order = {id(e): i for i, e in enumerate(entries)}
    return sorted(entries, key=lambda e: (dt.datetime.fromisoformat(e["at"]), order[id(e)]), reverse=True)
