"""Writes of outreach campaigns: creating one (targets screened and ranked by the database,
split among its consultants) and recording a call; each in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.accounts.roles import Role
from fudao.errors import Invalid, NotFound
from fudao.outreach.models import OUTCOMES, CallRecord, CallTarget, Campaign
from fudao.outreach.sql import campaign_select
from fudao.rules.model import Rule
from fudao.rules.profile import FACTS, INPUT_FACTS
from fudao.rules.selectors import published_rules

NO_RULES = "此措施沒有可篩選的資格規則"
OUTCOME_LABELS = dict(OUTCOMES)
FILTER_FACTS = [k for k in INPUT_FACTS if FACTS[k].type != "list"]
CALLERS = frozenset({Role.CONSULTANT, Role.SUPERVISOR, Role.ADMIN})


class CampaignError(Invalid):
    """A campaign request that cannot be carried out; the message (zh-TW) says why."""


class CampaignNotFound(NotFound):
    """No campaign with that id."""

    def __init__(self, campaign_id: object) -> None:
        super().__init__(f"找不到外撥活動「{campaign_id}」")


def _typed(key: str, raw: str) -> Any:
    """A filter value in the fact's type, or CampaignError naming the fact."""
    spec = FACTS[key]
    name = f"篩選條件「{key}」（{spec.label}）"
    text = raw.strip()
    if spec.type == "bool":
        words = {"true": True, "1": True, "是": True, "false": False, "0": False, "否": False}
        if text.lower() not in words:
            raise CampaignError(f"{name}須為 true 或 false")
        return words[text.lower()]
    if spec.type in ("int", "number"):
        try:
            number = float(text.replace(",", ""))
        except ValueError:
            raise CampaignError(f"{name}須為數字") from None
        return int(number) if number.is_integer() else number
    if spec.type == "enum":
        allowed = [v for v, _ in spec.choices]
        if text not in allowed:
            raise CampaignError(f"{name}的值「{text}」不在可用選項內（{'、'.join(allowed)}）")
    if not text:
        raise CampaignError(f"{name}不可空白")
    return text


def parse_where(items: list[str] | dict[str, Any]) -> dict[str, Any]:
    """`county=臺中市`-style filters (or a dict of them) checked against the profile's facts."""
    pairs = list(items.items()) if isinstance(items, dict) else []
    for item in items if not isinstance(items, dict) else []:
        if "=" not in item:
            raise CampaignError(f"篩選條件「{item}」須寫成 欄位=值（例如 county=臺中市）")
        key, value = item.split("=", 1)
        pairs.append((key.strip(), value))
    where: dict[str, Any] = {}
    for key, value in pairs:
        if key not in FILTER_FACTS:
            raise CampaignError(f"篩選條件的欄位「{key}」不存在（可用：{'、'.join(FILTER_FACTS)}）")
        where[key] = _typed(key, str(value))
    return where


def check_measures(measure_ids: list[str]) -> list[Rule]:
    """The rules of the measures, or CampaignError for one that is unknown or has no rules."""
    if not measure_ids:
        raise CampaignError("請至少指定一項措施（--measure）")
    rules = published_rules()
    out: list[Rule] = []
    for mid in dict.fromkeys(measure_ids):
        if mid in rules:
            out.append(rules[mid])
            continue
        from fudao.catalogue.models import Measure

        if Measure.objects.filter(pk=mid).exists():
            raise CampaignError(f"措施「{mid}」：{NO_RULES}")
        raise CampaignError(f"找不到措施「{mid}」")
    return out


def _consultants(usernames: list[str]) -> list[Any]:
    users = []
    for name in dict.fromkeys(u.strip() for u in usernames if u.strip()):
        user = get_user_model().objects.select_related("staff__team").filter(username=name).first()
        if user is None:
            raise CampaignError(f"找不到帳號「{name}」")
        staff = getattr(user, "staff", None)
        if staff is None or staff.role not in (Role.CONSULTANT, Role.SUPERVISOR):
            raise CampaignError(f"帳號「{name}」不是顧問或督導，不能分派通話名單")
        users.append(user)
    return users


def _values(rows: list[tuple[Any, ...]], names: list[str]) -> tuple[str, list[Any]]:
    """A small inline table as `SELECT %s AS a, … UNION ALL …` (empty: a row-less SELECT)."""
    if not rows:  # typed NULLs so that the joins and COALESCE keep their types
        return "SELECT " + ", ".join(f"CAST(NULL AS {'VARCHAR(20)' if n == 'county' else 'INTEGER'}) AS {n}"
                                     for n in names) + " WHERE 1 = 0", []
    one = "SELECT " + ", ".join(f"%s AS {n}" for n in names)
    return " UNION ALL ".join([one] * len(rows)), [v for row in rows for v in row]


def assignment_sql(users: list[Any]) -> tuple[str, list[Any]]:
    """CTEs (after the targets `c`) ending in `chosen(enterprise_id, user_id)`: a firm in a county
    that some users' teams cover goes to those users; the other firms go to the users whose
    teams cover no county (to every user when there are none); within each group the firms
    are dealt round robin in rank order, all targets of one firm to the same user."""
    counties: dict[str, list[int]] = {}
    for user in users:
        team = user.staff.team
        for county in (team.counties if team else []) or []:
            counties.setdefault(county, []).append(user.pk)
    covering = {pk for members in counties.values() for pk in members}
    rest = tuple(u.pk for u in users if u.pk not in covering)
    if not rest:  # every user covers some county: the others go to everyone
        rest = tuple(u.pk for u in users)
    pools: dict[tuple[int, ...], int] = {rest: 0}
    county_pool: list[tuple[str, int]] = []
    for county, members in counties.items():
        county_pool.append((county, pools.setdefault(tuple(members), len(pools))))
    slots = [(pool, i, pk) for members, pool in pools.items() for i, pk in enumerate(members)]
    sizes = [(pool, len(members)) for members, pool in pools.items()]
    cp_sql, cp_args = _values(county_pool, ["county", "pool"])
    sl_sql, sl_args = _values(slots, ["pool", "slot", "user_id"])
    sz_sql, sz_args = _values(sizes, ["pool", "n"])
    sql = (
        ", firms AS (SELECT enterprise_id, MIN(rank) AS firm_rank, MIN(county) AS county FROM c "
        "GROUP BY enterprise_id), "
        f"pools AS ({cp_sql}), slots AS ({sl_sql}), sizes AS ({sz_sql}), "
        "placed AS (SELECT f.enterprise_id, COALESCE(p.pool, 0) AS pool, "
        "ROW_NUMBER() OVER (PARTITION BY COALESCE(p.pool, 0) ORDER BY f.firm_rank) - 1 AS i "
        "FROM firms f LEFT JOIN pools p ON p.county = f.county), "
        "chosen AS (SELECT placed.enterprise_id, s.user_id FROM placed "
        "JOIN sizes z ON z.pool = placed.pool JOIN slots s ON s.pool = placed.pool AND s.slot = placed.i %% z.n)"
    )
    return sql, [*cp_args, *sl_args, *sz_args]


def insert_targets(campaign: Campaign, rules: list[Rule], filters: dict[str, Any], on: dt.date,
                   users: list[Any], enterprise_ids: list[int] | None = None) -> None:
    """One INSERT … SELECT: the campaign query (rules compiled by sqlglot for this database)
    as the CTE `c`, the split among `users` as further CTEs, written with their assignee."""
    from fudao.enterprises.models import Enterprise

    vendor = connection.vendor
    select = campaign_select(rules, filters, on, Enterprise._meta.db_table, enterprise_ids).sql(
        dialect={"postgresql": "postgres"}.get(vendor, vendor)).replace("%", "%%")
    assign, args = assignment_sql(users) if users else ("", [])
    missing = "CAST(c.missing_facts AS JSONB)" if vendor == "postgresql" else "c.missing_facts"
    sql = (
        f"INSERT INTO {CallTarget._meta.db_table} (campaign_id, enterprise_id, measure_id, status, "
        "missing_facts, max_amount_twd, rank, assignee_id) "
        f"WITH c AS ({select}){assign} "
        f"SELECT %s, c.enterprise_id, c.measure_id, c.status, {missing}, c.max_amount_twd, c.rank, "
        f"{'chosen.user_id' if users else 'NULL'} FROM c"
        + (" LEFT JOIN chosen ON chosen.enterprise_id = c.enterprise_id" if users else ""))
    with connection.cursor() as cursor:
        cursor.execute(sql, [*args, campaign.pk])


def create_campaign(*, name: str, measure_ids: list[str], by: Actor,
                    where: list[str] | dict[str, Any] | None = None,
                    consultants: list[str] | None = None, on: dt.date | None = None,
                    enterprise_ids: list[int] | None = None) -> Campaign:
    """A campaign whose targets — the filtered enterprises (among `enterprise_ids`, when given)
    eligible for or undecided on its measures, with the facts still missing and the cap — are
    screened, ranked and split among its consultants by one INSERT … SELECT in the store; one
    transaction. Who may create one is the policy's `can_create_campaign`."""
    from fudao.cases.policy import can_create_campaign

    allowed = can_create_campaign(by)
    if not allowed:
        raise CampaignError(allowed.reason)
    title = (name or "").strip()
    if not title or len(title) > 200:
        raise CampaignError("活動名稱不可空白（上限 200 字）")
    rules = check_measures(list(measure_ids))
    filters = parse_where(where or [])
    users = _consultants(consultants or [])
    with transaction.atomic():
        creator = get_user_model().objects.filter(pk=by.user_id).first() if by.user_id else None
        campaign = Campaign.objects.create(
            name=title, measure_ids=[r.measure_id for r in rules], filter=filters,
            created_by=creator, created_by_name=by.label)
        campaign.consultants.set(users)
        insert_targets(campaign, rules, filters, on or timezone.localdate(), users, enterprise_ids)
    return campaign



def _caller_targets(campaign: Campaign, by: Actor) -> Any:
    """The targets on `by`'s call list: assigned to them (an administrator: every target)."""
    qs = CallTarget.objects.filter(campaign=campaign)
    return qs if by.role == Role.ADMIN else qs.filter(assignee_id=by.user_id)


def record_call(*, campaign_id: int, ubn: str, outcome: str, by: Actor,
                facts: dict[str, Any] | None = None, at: dt.datetime | None = None) -> CallRecord:
    """Record one call to a firm on the caller's list: its outcome, the facts learned (written
    to the enterprise), and for `interested` a new `outreach` case assigned to the caller."""
    from fudao.cases.services import CaseError, open_case
    from fudao.enterprises.services import EnterpriseError, clean_facts, upsert_enterprise

    if by.role not in CALLERS:
        raise CampaignError("只有顧問、督導或系統管理者可以記錄外撥結果")
    if outcome not in OUTCOME_LABELS:
        raise CampaignError(f"通話結果「{outcome}」不正確（可用：{'、'.join(OUTCOME_LABELS)}）")
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        raise CampaignNotFound(campaign_id)
    learned = {k: v for k, v in (facts or {}).items() if v is not None and v != ""}
    if "ubn" in learned:
        raise CampaignError("通話中得知的資料不可變更統一編號")
    try:
        clean_facts(learned)
    except EnterpriseError as exc:
        raise CampaignError(str(exc)) from None
    when = at or timezone.now()
    with transaction.atomic():
        mine = list(_caller_targets(campaign, by).select_related("enterprise")
                    .filter(enterprise__ubn=(ubn or "").strip()).order_by("rank").select_for_update())
        if not mine:
            raise CampaignError(f"統一編號「{ubn}」不在您於「{campaign.name}」的通話名單上")
        target = mine[0]
        if learned:
            upsert_enterprise(ubn=target.enterprise.ubn, facts=learned)
        case = None
        if outcome == "interested":
            names = _measure_names(sorted({t.measure_id for t in mine}))
            try:
                case = open_case(
                    channel="outreach", kind="counselling", by=by, ubn=target.enterprise.ubn,
                    summary=f"外撥活動「{campaign.name}」：企業有意申請{'、'.join(names)}",
                    assignee=by.username if by.user_id else None, opened_at=when)
            except CaseError as exc:
                raise CampaignError(str(exc)) from None
        user = get_user_model().objects.filter(pk=by.user_id).first() if by.user_id else None
        record = CallRecord.objects.create(target=target, outcome=outcome, at=when, by=user,
                                           by_name=by.label, facts=learned, case=case)
        CallTarget.objects.filter(pk__in=[t.pk for t in mine]).update(last_outcome=outcome)
    return record


def _measure_names(ids: list[str]) -> list[str]:
    rules = published_rules()
    return [f"「{rules[i].name}」" if i in rules else f"「{i}」" for i in ids]
