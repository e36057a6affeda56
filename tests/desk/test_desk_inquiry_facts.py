"""An inquiry made from the eligibility check's results carries the check's facts: shown on the
form, kept on the case (its JSON) and on an enterprise first seen with it (issue 29)."""

from __future__ import annotations

import json

from fudao.accounts.actors import LOCAL
from fudao.cases import selectors
from fudao.cases.models import Case
from fudao.enterprises.models import Enterprise

FORM = {"name": "陳經理", "org": "範例股份有限公司", "phone": "04-2222-3333", "question": "想申請紓困貸款",
        "consent": "on"}
ANSWERS = {"employees": 12, "annual_revenue_twd": 30_000_000, "county": "臺中市", "needs": ["finance"]}


def test_results_page_offers_the_inquiry_with_the_answers(client, db):
    page = client.post("/check/", {"answers": json.dumps(ANSWERS), "action": "results"})
    assert page.status_code == 200
    assert 'action="/inquiry/from-check/"' in page.content.decode()
    form = client.post("/inquiry/from-check/", {"answers": json.dumps(ANSWERS)})
    text = form.content.decode()
    assert form.status_code == 200 and "資格檢測中您提供的資料" in text
    assert "30,000,000" in text and 'value="臺中市" selected' in text


def test_the_facts_land_on_the_case_and_a_new_enterprise(client, people):
    sent = client.post("/inquiry/", {**FORM, "ubn": "04595257", "check_answers": json.dumps(ANSWERS)})
    assert sent.status_code == 302
    case = Case.objects.get()
    assert case.facts == ANSWERS
    assert selectors.case_json(LOCAL, case)["facts"]["annual_revenue_twd"] == 30_000_000
    firm = Enterprise.objects.get(ubn="04595257")
    assert firm.employees == 12 and firm.county == "臺中市"
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="adm"))
    page = client.get(f"/desk/cases/{case.case_no}/").content.decode()
    shown = page.split('id="case-check-facts">', 1)[1].split("</dd>", 1)[0]
    assert "30,000,000" in shown and "臺中市" in shown and "annual_revenue_twd" not in shown


def test_tampered_answers_are_refused_and_nothing_written(client, people):
    bad = client.post("/inquiry/", {**FORM, "check_answers": json.dumps({"employees": -5})})
    assert bad.status_code == 400 and "資格檢測的資料已損毀" in bad.content.decode()
    assert not Case.objects.exists()
    broken = client.post("/inquiry/from-check/", {"answers": "{not json"})
    assert broken.status_code == 400 and "資格檢測的資料已損毀" in broken.content.decode()
