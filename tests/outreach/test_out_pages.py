"""The campaign pages through Django's test client: login required, figures, the call list,
outcome buttons; a bad outcome is a 400 with the reason and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from fudao.accounts.actors import LOCAL
from fudao.accounts.services import add_user
from fudao.cases.models import Case
from fudao.enterprises.models import Enterprise
from fudao.outreach.models import CallRecord
from fudao.outreach.services import create_campaign
from fudao.zhtext.ubn import synthetic_ubn

pytestmark = pytest.mark.django_db
PASSWORD = "Fudao-test-1234"


@pytest.fixture
def campaign():
    add_user(username="amei", role="consultant", password=PASSWORD)
    add_user(username="bolin", role="consultant", password=PASSWORD)
    for i in range(6):  # small manufacturers; capital unknown for half of them
        Enterprise.objects.create(ubn=synthetic_ubn(300 + i), name=f"精密{i}", org_type="company",
                                  industry_section="C", employees=3 + i,
                                  paid_in_capital_twd=None if i % 2 else 5_000_000)
    return create_campaign(name="小型製造業", measure_ids=["small-mfg-upgrade-grant"], by=LOCAL,
                           consultants=["amei", "bolin"], on=dt.date(2026, 1, 20))


def _client(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_pages_need_a_login(campaign) -> None:
    for url in ("/desk/campaigns/", f"/desk/campaigns/{campaign.pk}/", f"/desk/campaigns/{campaign.pk}/calls/"):
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "服務人員登入" in Client().get("/accounts/login/").content.decode()


def test_call_list_and_outcome_buttons(campaign) -> None:
    client = _client("amei")
    page = client.get("/desk/campaigns/").content.decode()
    assert "小型製造業" in page
    page = client.get(f"/desk/campaigns/{campaign.pk}/calls/").content.decode()
    assert 'value="interested"' in page and "待撥 <strong id=\"pending\">3</strong>" in page
    first = page.split('id="firm-ubn">')[1].split("<")[0]
    response = client.post(f"/desk/campaigns/{campaign.pk}/calls/",
                           {"ubn": first, "outcome": "interested", "fact_paid_in_capital_twd": "800萬"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    case = Case.objects.get()
    assert case.channel == "outreach" and case.assignee.username == "amei"
    assert case.case_no in page and first not in page.split('id="firm-ubn">')[1][:10]
    assert Enterprise.objects.get(ubn=first).paid_in_capital_twd == 8_000_000
    figures = client.get(f"/desk/campaigns/{campaign.pk}/").content.decode()
    assert 'id="fig-cases">1<' in figures


def test_outcome_for_a_firm_on_someone_elses_list_is_refused(campaign) -> None:
    theirs = _client("bolin").get(f"/desk/campaigns/{campaign.pk}/calls/").content.decode()
    ubn = theirs.split('id="firm-ubn">')[1].split("<")[0]
    response = _client("amei").post(f"/desk/campaigns/{campaign.pk}/calls/", {"ubn": ubn, "outcome": "reached"})
    assert response.status_code == 400 and "不在您" in response.content.decode()
    response = _client("amei").post(f"/desk/campaigns/{campaign.pk}/calls/",
                                    {"ubn": ubn, "outcome": "reached", "fact_employees": "many"})
    page = response.content.decode()
    assert response.status_code == 400 and "「經常僱用員工數」須為數字" in page and "employees" not in page
    assert CallRecord.objects.count() == 0
    assert _client("amei").get("/desk/campaigns/999/").status_code == 404
    add_user(username="chen", role="consultant", password=PASSWORD)  # not on this campaign
    assert _client("chen").get(f"/desk/campaigns/{campaign.pk}/calls/").status_code == 404
    assert "小型製造業" not in _client("chen").get("/desk/campaigns/").content.decode()
