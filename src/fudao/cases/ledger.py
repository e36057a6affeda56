"""The case ledger: what every case write shares, below the services that write. Locking a
case the actor may see, the policy's decision turned into its kind of error, the instant of a
write checked, a history row, the SLA clocks recomputed. `services`, `casework`, `followups`,
`referrals`, `messages` and `attachments` all write through these (DESIGN "Cases")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.cases import policy, sla
from fudao.cases.models import Case, HistoryEntry
from fudao.errors import Denied, Invalid, NotFound
from fudao.validation import check_instant

FUTURE_SKEW = dt.timedelta(minutes=5)


class CaseError(Invalid):
    """A case request that cannot be carried out; the message (zh-TW) says why."""


class CaseDenied(Denied):
    """A case action the policy refuses to this actor (403), with the reason."""


class CaseNotFound(NotFound):
    """No such case, or one the actor may not see (the same answer)."""

    def __init__(self, case_no: str) -> None:
        super().__init__(f"找不到案件「{case_no}」")


def now() -> dt.datetime:
    """The current instant (aware)."""
    return timezone.now()


def check_when(at: dt.datetime | None, *, not_before: dt.datetime | None = None,
               what: str = "時間") -> dt.datetime:
    """An aware instant (now when None), never in the future, never before `not_before`."""
    when = at or now()
    try:
        when = check_instant(when, what, past_event=False)
    except Invalid as exc:
        raise CaseError(str(exc)) from None
    if when > now() + FUTURE_SKEW:
        raise CaseError(f"{what}不可晚於現在（收到 {timezone.localtime(when):%Y-%m-%d %H:%M}）")
    if not_before is not None and when < not_before:
        raise CaseError(f"{what}不可早於案件受理時間（{timezone.localtime(not_before):%Y-%m-%d %H:%M}）")
    return when


def history_row(case: Case, by: Actor, at: dt.datetime, field: str, old: Any, new: Any) -> HistoryEntry:
    """A history row of the case (not saved), from one of `fudao.cases.history`'s constructors."""
    return HistoryEntry(case=case, at=at, by_id=by.user_id, by_name=by.label, field=field,
                        old=None if old is None else str(old), new=None if new is None else str(new))


def locked(case_no: str, by: Actor) -> Case:
    """The case, locked for the transaction, if the actor may see it; CaseNotFound otherwise."""
    case = Case.objects.select_for_update().filter(case_no=case_no).first()
    if case is None or not policy.can_see(by, case):
        raise CaseNotFound(case_no)
    return case


def require(decision: policy.Decision) -> None:
    """Nothing when the decision allows; else the error of its kind, with its reason: a refusal
    to this actor (403), a case whose state forbids it (400), a case the actor may not see (404)."""
    if decision:
        return
    if decision.kind == policy.HIDDEN:
        raise NotFound(decision.reason)
    if decision.kind == policy.STATE:
        raise CaseError(decision.reason)
    raise CaseDenied(decision.reason)


def refresh_sla(case: Case) -> None:
    """Recompute the case's due instants from its kind, opening and status history."""
    changes = [(h.at, h.new or "") for h in case.history.filter(field="status").order_by("at", "id")]
    case.first_response_due = sla.first_response_due(case.kind, case.opened_at, case.channel)
    case.resolution_due = sla.resolution_due(case.kind, case.opened_at, sla.pauses(changes), case.channel)
