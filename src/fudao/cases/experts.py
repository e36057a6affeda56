"""The expert pool: experts with their domains (the diagnosis areas), region, counties and
contact, kept through `save_expert` (each change a history row), chosen on a visit by code, and
the visits each made (listed through the cases the reader may see)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from fudao.accounts.actors import Actor
from fudao.cases import policy
from fudao.cases.activities import DIAGNOSIS_AREAS, ActivityError
from fudao.cases.ledger import CaseDenied, CaseError, now
from fudao.cases.models import Activity, Expert, ExpertHistory, VisitExpert
from fudao.cases.vocabulary import REGIONS, check
from fudao.validation import check_county

CODE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9()+\- #＃分機]{6,40}$")
MAX_EXPERTS_ON_VISIT = 20
FIELDS = ("name", "domains", "region", "counties", "phone", "email", "active")


class ExpertError(CaseError):
    """A bad expert record or an unknown expert (zh-TW message naming the field)."""


@dataclass(frozen=True)
class ExpertInput:
    """An expert's fields as given: domains are diagnosis-area keys, counties county names."""

    name: str
    domains: list[str] = field(default_factory=list)
    region: str = ""
    counties: list[str] = field(default_factory=list)
    phone: str = ""
    email: str = ""
    active: bool = True


def _may_manage(by: Actor) -> None:
    if not (policy.can_open(by) or (by.role is not None and by.role.value in ("admin", "editor"))):
        raise CaseDenied("只有承辦人員、督導、編輯或管理者可以維護專家庫")


def check_expert(given: ExpertInput) -> dict[str, Any]:
    """The expert's fields checked and normalised, or Invalid (zh-TW) naming the field."""
    name = (given.name or "").strip()
    if not name or len(name) > 100:
        raise ExpertError("專家姓名必填（最多 100 字）")
    domains: list[str] = []
    for d in given.domains:
        key = check(d.strip(), DIAGNOSIS_AREAS, "專長面向")
        if key not in domains:
            domains.append(key)
    region = check(given.region, REGIONS, "服務區域") if given.region else ""
    counties: list[str] = []
    for c in given.counties:
        county = check_county(c, "服務縣市")
        if county not in counties:
            counties.append(county)
    phone, email = (given.phone or "").strip(), (given.email or "").strip()
    if phone and not PHONE.match(phone):
        raise ExpertError(f"聯絡電話「{phone[:40]}」格式不正確（例如 02-2754-1255）")
    if email and not EMAIL.match(email):
        raise ExpertError(f"電子郵件「{email[:60]}」格式不正確")
    return {"name": name, "domains": domains, "region": region, "counties": counties,
            "phone": phone, "email": email, "active": bool(given.active)}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def save_expert(*, code: str, given: ExpertInput, by: Actor) -> Expert:
    """Create the expert with this code, or update the one that has it, with one history row per
    field that changed, in one transaction; ExpertError (zh-TW) for a bad field, nothing written."""
    _may_manage(by)
    if not CODE.match(code or ""):
        raise ExpertError(f"專家代碼「{(code or '')[:40]}」須為小寫英數字、- 或 _（最多 40 字）")
    values = check_expert(given)
    when = now()
    with transaction.atomic():
        expert = Expert.objects.select_for_update().filter(code=code).first()
        old: dict[str, Any] = {} if expert is None else {f: getattr(expert, f) for f in FIELDS}
        if expert is None:
            expert = Expert.objects.create(code=code, **values)
        else:
            for f, v in values.items():
                setattr(expert, f, v)
            expert.save()
        changed = [f for f in FIELDS if old.get(f) != values[f] and (old or values[f] not in ("", []))]
        ExpertHistory.objects.bulk_create([
            ExpertHistory(expert=expert, at=when, by_name=by.label, field=f,
                          old=_text(old.get(f)), new=_text(values[f])) for f in changed])
    return expert


def pool_experts(codes: list[str]) -> list[Expert]:
    """The experts of the pool with these codes, in the order given (duplicates dropped), or
    ActivityError naming a code the pool does not hold or an expert no longer in it."""
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise ActivityError("欄位「expert_codes」須為專家代碼的清單")
    wanted = list(dict.fromkeys(c.strip() for c in codes if c.strip()))
    if len(wanted) > MAX_EXPERTS_ON_VISIT:
        raise ActivityError(f"欄位「expert_codes」最多 {MAX_EXPERTS_ON_VISIT} 位")
    found = {e.code: e for e in Expert.objects.filter(code__in=wanted)}
    for c in wanted:
        if c not in found:
            raise ActivityError(f"專家庫沒有代碼「{c[:40]}」的專家（請先以 fudao experts add 建立）")
        if not found[c].active:
            raise ActivityError(f"專家「{found[c].name}」已不在專家庫，不能再選")
    return [found[c] for c in wanted]


def link_visit(visit: Activity, codes: list[str]) -> None:
    """The pool's experts of a visit set to these codes (inside the caller's transaction)."""
    rows = {e.code: e for e in Expert.objects.filter(code__in=codes)}
    VisitExpert.objects.filter(visit=visit).exclude(expert__code__in=codes).delete()
    have = set(VisitExpert.objects.filter(visit=visit).values_list("expert__code", flat=True))
    VisitExpert.objects.bulk_create([VisitExpert(visit=visit, expert=rows[c]) for c in codes
                                     if c in rows and c not in have])


def list_experts(*, domain: str | None = None, county: str | None = None,
                 include_inactive: bool = False) -> QuerySet[Expert]:
    """The pool, by code; filtered by a domain (a diagnosis-area key) or a county it covers."""
    rows = Expert.objects.all() if include_inactive else Expert.objects.filter(active=True)
    if domain:
        check(domain, DIAGNOSIS_AREAS, "專長面向")
        rows = rows.filter(pk__in=[e.pk for e in rows if domain in (e.domains or [])])
    if county:
        wanted = check_county(county, "服務縣市")
        rows = rows.filter(pk__in=[e.pk for e in rows if wanted in (e.counties or [])])
    return rows.order_by("code")


def get_expert(code: str) -> Expert:
    """The expert with this code, or ExpertError."""
    expert = Expert.objects.filter(code=code).first()
    if expert is None:
        raise ExpertError(f"專家庫沒有代碼「{code[:40]}」的專家")
    return expert


def expert_visits(actor: Actor, expert: Expert) -> QuerySet[Activity]:
    """The visits the expert made or is planned for, on the cases `actor` may see, newest first."""
    cases = policy.visible_cases(actor)
    return (Activity.objects.filter(type="visit", pool_experts__expert=expert, case__in=cases)
            .select_related("case").order_by("-at", "-id"))


def expert_json(expert: Expert, visits: QuerySet[Activity] | None = None) -> dict[str, Any]:
    """An expert as the CLI and API give it (codes and keys, with their zh-TW labels)."""
    out: dict[str, Any] = {
        "code": expert.code, "name": expert.name, "domains": list(expert.domains or []),
        "domain_labels": [DIAGNOSIS_AREAS.get(d, d) for d in expert.domains or []],
        "region": expert.region, "region_label": REGIONS.get(expert.region, ""),
        "counties": list(expert.counties or []), "phone": expert.phone, "email": expert.email,
        "active": expert.active,
    }
    if visits is not None:
        out["visits"] = [{"case_no": v.case.case_no, "at": v.at.isoformat(), "mode": v.mode,
                          "done": v.data.get("done", True), "planned_for": v.data.get("planned_for")}
                         for v in visits]
    return out
