"""Alerts of windows (DESIGN "Alerts"): the worker's sweep tells the subscribers a measure fits
when its window opened since they subscribed and 14 days before it closes — not those whose
enterprise applied for it (a case with an application activity for the measure) — once a day
at most, never the same news twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone
from test_alerts import SITE, run_queue

from fudao.accounts.actors import LOCAL
from fudao.alerts import services
from fudao.alerts.models import Alert
from fudao.cases.services import log_activity, open_case
from fudao.cases.tasks import PERIODIC
from fudao.catalogue.models import Measure
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = [pytest.mark.store, pytest.mark.django_db]
KIND = "counselling"
LOGISTICS = "m-093c6d67"  # 物流中堅企業國際化推動計畫: fits section H


def _window(start: dt.date, end: dt.date) -> None:
    Measure.objects.filter(pk=LOGISTICS).update(window_start=start, window_end=end,
                                                updated_at=timezone.now())


def _subscriber(email: str, profile: dict[str, object], enterprise_id: int | None = None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        s = services.subscribe(email=email, profile=profile, consent=True, site_url=SITE,
                               enterprise_id=enterprise_id)
    return services.confirm(token=services.make_token(s.pk, "confirm"))


def _sweep(on: dt.date):
    from fudao.alerts.running import run_windows

    assert PERIODIC["window_alerts"] is run_windows, "registered with the worker's sweep"
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = run_windows(on=on)
    run_queue()
    return done


def test_window_closing_and_opened_are_told_once_not_to_those_who_applied(corpus_db):
    day = timezone.localdate()
    assert Measure.objects.filter(pk=LOGISTICS, status="published").exists()
    waiting = _subscriber("waiting@example.tw", {"industry_section": "H"})
    case = open_case(channel="hotline", kind=KIND, by=LOCAL, ubn=synthetic_ubn(7),
                     enterprise_name="已申請物流", facts={"industry_section": "H"})
    log_activity(case_no=case.case_no, type="application", by=LOCAL,
                 data={"measure_id": LOGISTICS, "stage": "submitted"})
    applied = _subscriber("applied@example.tw", {"industry_section": "H"}, case.enterprise_id)
    other = _subscriber("other@example.tw", {"industry_section": "G"})
    run_queue()
    mail.outbox.clear()

    _window(day - dt.timedelta(days=60), day + dt.timedelta(days=10))
    done = _sweep(day)
    assert done is not None and done["queued"] == 1
    (digest,) = mail.outbox
    assert digest.to == [waiting.email]
    assert "物流中堅企業國際化推動計畫：受理即將截止（14 天內）" in digest.body
    assert "受理期間" in digest.body and "002_45bc8db0303d28b9 第" in digest.body
    assert not Alert.objects.filter(subscription__in=[applied, other]).exists()

    mail.outbox.clear()
    assert _sweep(day) is None, "once a day"
    assert _sweep(day + dt.timedelta(days=1))["queued"] == 0, "never the same news twice"
    assert mail.outbox == []

    # a new window opening after they subscribed: told to every subscriber it fits (also to one
    # who applied in an earlier round), once
    start = day + dt.timedelta(days=3)
    _window(start, start + dt.timedelta(days=60))
    assert _sweep(start)["queued"] == 2
    assert sorted(m.to[0] for m in mail.outbox) == [applied.email, waiting.email]
    assert all("開始受理申請" in m.body for m in mail.outbox)
    mail.outbox.clear()
    assert _sweep(start + dt.timedelta(days=1))["queued"] == 0
    assert mail.outbox == []

