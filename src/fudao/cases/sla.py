"""Service levels: the first-response and resolution due instants of a case, counted in working
time, with the time spent waiting on the enterprise rebuilt from the case's history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from fudao.cases.calendar import WorkingCalendar

DATA = Path(__file__).with_name("data") / "sla.yaml"
WAITING = "waiting_enterprise"


@dataclass(frozen=True)
class Targets:
    """Working minutes allowed for the first response and for the resolution."""

    first_response: int
    resolution: int


@dataclass(frozen=True)
class SlaConfig:
    """The calendar, the targets per kind, how early a case counts as due soon, and the
    calendars of the channels whose hours differ from the default working day."""

    calendar: WorkingCalendar
    targets: dict[str, Targets]
    due_soon_minutes: int
    channel_calendars: dict[str, WorkingCalendar] = field(default_factory=dict)

    def calendar_for(self, channel: str | None) -> WorkingCalendar:
        """The working calendar of a channel's cases (the default day when it has no hours of its own)."""
        return self.channel_calendars.get(channel or "", self.calendar)


@lru_cache(maxsize=1)
def config() -> SlaConfig:
    """The service levels of `cases/data/sla.yaml`."""
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    calendar = _calendar(raw["working_day"])
    targets = {k: Targets(int(v["first_response"]), int(v["resolution"]))
               for k, v in raw["targets"].items()}
    channels = {k: _calendar(v) for k, v in (raw.get("channel_hours") or {}).items()}
    return SlaConfig(calendar, targets, int(raw.get("due_soon_minutes", 120)), channels)


def _calendar(hours: dict[str, Any]) -> WorkingCalendar:
    return WorkingCalendar(dt.time.fromisoformat(hours["start"]), dt.time.fromisoformat(hours["end"]))


def pauses(status_changes: list[tuple[dt.datetime, str]]) -> list[tuple[dt.datetime, dt.datetime | None]]:
    """Intervals spent in `waiting_enterprise`, from the case's status changes in time order
    (an open interval ends with None)."""
    out: list[tuple[dt.datetime, dt.datetime | None]] = []
    started: dt.datetime | None = None
    for at, status in status_changes:
        if status == WAITING and started is None:
            started = at
        elif status != WAITING and started is not None:
            out.append((started, at))
            started = None
    if started is not None:
        out.append((started, None))
    return out


def first_response_due(kind: str, opened_at: dt.datetime, channel: str | None = None) -> dt.datetime:
    """When the first response is due, in the working hours of the case's channel."""
    cfg = config()
    return cfg.calendar_for(channel).add(opened_at, cfg.targets[kind].first_response)


def resolution_due(kind: str, opened_at: dt.datetime,
                   paused: list[tuple[dt.datetime, dt.datetime | None]],
                   channel: str | None = None) -> dt.datetime | None:
    """When the resolution is due: the target's working minutes after opening, plus the working
    minutes spent waiting on the enterprise, in the channel's working hours; None while the
    clock is paused."""
    cfg = config()
    if paused and paused[-1][1] is None:
        return None
    calendar = cfg.calendar_for(channel)
    waited = sum(calendar.between(a, b) for a, b in paused if b is not None)
    return calendar.add(opened_at, cfg.targets[kind].resolution + waited)


def state(due: dt.datetime | None, done: dt.datetime | None, now: dt.datetime) -> str:
    """`met`, `breached` or `pending` for one clock."""
    if done is not None:
        return "met" if due is None or done <= due else "breached"
    if due is not None and now > due:
        return "breached"
    return "pending"
