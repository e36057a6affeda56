"""A campaign made in one step from the desk's 「新符合措施」 list: over the enterprises whose
measures started to fit since the user last looked, on those measures (alerts sits above
outreach in the layers, so the step lives here)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from fudao.accounts.actors import Actor
from fudao.alerts.selectors import new_fits
from fudao.outreach.models import Campaign
from fudao.outreach.services import CampaignError, create_campaign


def create_new_fits_campaign(*, by: Actor, name: str = "", since: dt.datetime | None = None,
                             consultants: list[str] | None = None) -> Campaign:
    """One step from the 「新符合措施」 list: a campaign over the enterprises `by` may act for
    whose measures started to fit after `since` (default: their last look), on those measures
    (`fudao.outreach.services.create_campaign`; only those the policy allows may). CampaignError when none started."""
    from fudao.cases.policy import can_create_campaign

    allowed = can_create_campaign(by)
    if not allowed:
        raise CampaignError(allowed.reason)
    found = new_fits(by, since=since, limit=0)
    if not found["enterprise_ids"]:
        raise CampaignError("自上次查看以來沒有新符合措施的企業，無法建立活動")
    from fudao.zhtext.rocdates import format_roc_date

    title = (name or "").strip() or f"新符合措施（{format_roc_date(timezone.localdate())}建立）"
    return create_campaign(name=title, measure_ids=found["measure_ids"], by=by, consultants=consultants,
                           enterprise_ids=found["enterprise_ids"])
