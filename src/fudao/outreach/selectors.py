"""Reads of outreach campaigns: their figures, a consultant's call list and the next firm to call."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from fudao.accounts.actors import Actor
from fudao.accounts.roles import Role
from fudao.outreach.models import CallRecord, CallTarget, Campaign
from fudao.outreach.services import CampaignNotFound
from fudao.rules.decide import shown
from fudao.rules.profile import FACTS

VIEWERS = frozenset({Role.CONSULTANT, Role.SUPERVISOR, Role.ANALYST, Role.ADMIN})


def get_campaign(campaign_id: Any) -> Campaign:
    """The campaign with this id, or CampaignNotFound."""
    try:
        key = int(campaign_id)
    except (TypeError, ValueError):
        raise CampaignNotFound(campaign_id) from None
    campaign = Campaign.objects.filter(pk=key).first()
    if campaign is None:
        raise CampaignNotFound(campaign_id)
    return campaign


def list_campaigns(actor: Actor) -> list[Campaign]:
    """The campaigns an actor may see: every one for supervisors, analysts and administrators,
    the ones a consultant calls for."""
    qs = Campaign.objects.all()
    if actor.role == Role.CONSULTANT:
        qs = qs.filter(consultants__id=actor.user_id or 0)
    elif actor.role not in VIEWERS:
        return []
    return list(qs[:200])


def can_view(actor: Actor, campaign: Campaign) -> bool:
    """Whether the actor may see this campaign (the same rule as `list_campaigns`)."""
    if actor.role == Role.CONSULTANT:
        return campaign.consultants.filter(pk=actor.user_id or 0).exists()
    return actor.role in VIEWERS


def figures(campaign: Campaign) -> dict[str, Any]:
    """`fudao campaigns show`: {"id", "name", "measures", "filter", "targets", "eligible",
    "unknown", "firms", "assigned": {user: firms}, "calls": {outcome: n}, "cases_opened"}."""
    targets = CallTarget.objects.filter(campaign=campaign)
    counts = targets.aggregate(n=Count("id"), eligible=Count("id", filter=Q(status="eligible")),
                               unknown=Count("id", filter=Q(status="unknown")),
                               firms=Count("enterprise_id", distinct=True))
    assigned = {row["assignee__username"] or "": row["n"] for row in
                targets.values("assignee__username").annotate(n=Count("enterprise_id", distinct=True))
                .order_by("assignee__username")}
    calls = CallRecord.objects.filter(target__campaign=campaign)
    by_outcome = {row["outcome"]: row["n"] for row in
                  calls.values("outcome").annotate(n=Count("id")).order_by("outcome")}
    return {
        "id": campaign.pk, "name": campaign.name, "measures": campaign.measure_ids,
        "filter": campaign.filter, "consultants": sorted(u.username for u in campaign.consultants.all()),
        "created_at": campaign.created_at, "created_by": campaign.created_by_name,
        "targets": counts["n"], "eligible": counts["eligible"], "unknown": counts["unknown"],
        "firms": counts["firms"], "assigned": {k: v for k, v in assigned.items() if k},
        "unassigned": assigned.get("", 0), "calls": by_outcome,
        "cases_opened": calls.filter(case__isnull=False).count(),
    }


def question(key: str) -> dict[str, Any]:
    """What to ask for a missing fact: its label, the question in zh-TW and the choices."""
    spec = FACTS.get(key)
    label = spec.label if spec else key
    if spec and spec.type == "bool":
        text = f"請問貴公司是否{label}？"
    else:
        text = f"請問貴公司的{label}是？"
    return {"fact": key, "label": label, "question": text,
            "type": spec.type if spec else "string",
            "choices": [{"value": v, "label": lab} for v, lab in (spec.choices if spec else [])],
            "help": spec.help if spec else ""}


def _measure_info(ids: list[str]) -> dict[str, dict[str, Any]]:
    """Name, summary and contact line of each measure from the catalogue (rules as fallback)."""
    from fudao.catalogue.models import Measure
    from fudao.rules.selectors import published_rules

    rules = published_rules()
    out = {i: {"name": rules[i].name if i in rules else i, "summary": "", "contact": ""} for i in ids}
    for m in Measure.objects.filter(pk__in=ids).only("id", "name", "summary", "contacts", "agency"):
        contacts = [c for c in (m.contacts or []) if isinstance(c, dict)]
        line = "；".join(
            " ".join(str(c.get(k)) for k in ("org", "person", "phone", "ext", "email") if c.get(k))
            for c in contacts[:2])
        out[m.id] = {"name": m.name, "summary": m.summary, "contact": line or m.agency}
    return out


def _facts(enterprise: Any) -> list[dict[str, str]]:
    from fudao.enterprises.services import FACT_COLUMNS

    return [{"fact": k, "label": FACTS[k].label, "value": shown(k, getattr(enterprise, k))}
            for k in FACT_COLUMNS if getattr(enterprise, k) not in (None, "", [])]


def firm_card(campaign: Campaign, targets: list[CallTarget]) -> dict[str, Any]:
    """One firm of a call list: its facts, each measure's status and cap, the questions to ask
    (the facts still missing, each once), the contact persons."""
    enterprise = targets[0].enterprise
    info = _measure_info([t.measure_id for t in targets])
    missing: list[str] = []
    for t in targets:
        missing += [f for f in t.missing_facts if f not in missing]
    contacts = [{"name": c.name, "title": c.title, "phone": c.phone}
                for c in enterprise.contacts.all()[:3]]
    return {
        "ubn": enterprise.ubn, "name": enterprise.name, "county": enterprise.county,
        "rank": targets[0].rank, "last_outcome": targets[0].last_outcome,
        "facts": _facts(enterprise), "contacts": contacts,
        "measures": [{"measure_id": t.measure_id, "status": t.status,
                      "max_amount_twd": t.max_amount_twd, "missing_facts": t.missing_facts,
                      "amount_text": f"{t.max_amount_twd:,}" if t.max_amount_twd else "",
                      **info[t.measure_id]} for t in targets],
        "questions": [question(f) for f in missing],
    }


def _mine(campaign: Campaign, actor: Actor) -> Any:
    qs = CallTarget.objects.filter(campaign=campaign)
    if actor.role == Role.ADMIN:
        return qs
    return qs.filter(assignee_id=actor.user_id) if actor.user_id else qs.none()


def call_list(campaign: Campaign, actor: Actor, *, limit: int = 50) -> dict[str, Any]:
    """The actor's call list: firms not yet called first (by rank), then those not reached;
    {"campaign", "as", "pending", "done", "firms": [firm cards]}."""
    mine = _mine(campaign, actor)
    pending_q = Q(last_outcome__isnull=True) | Q(last_outcome="not_reached")
    pending = mine.filter(pending_q).values("enterprise_id").distinct().count()
    done = mine.exclude(pending_q).values("enterprise_id").distinct().count()
    first = list(mine.filter(last_outcome__isnull=True).order_by("rank")
                 .values_list("enterprise_id", flat=True)[: limit * 4])
    retry = list(mine.filter(last_outcome="not_reached").order_by("rank")
                 .values_list("enterprise_id", flat=True)[: limit * 4])
    order = list(dict.fromkeys([*first, *retry]))[:limit]
    rows = (mine.filter(enterprise_id__in=order).select_related("enterprise")
            .prefetch_related("enterprise__contacts").order_by("rank"))
    grouped: dict[int, list[CallTarget]] = {}
    for t in rows:
        grouped.setdefault(t.enterprise_id, []).append(t)
    return {"campaign": campaign.pk, "name": campaign.name, "as": actor.label,
            "pending": pending, "done": done,
            "firms": [firm_card(campaign, grouped[e]) for e in order if e in grouped]}
