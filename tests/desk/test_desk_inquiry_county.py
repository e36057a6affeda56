"""The public inquiry asks the county and routes the case to the team covering it (issue 29);
without an answer, or for a county no team covers, it lands in the shared pool."""

from __future__ import annotations

import pytest

from fudao.cases.models import Case

FORM = {"name": "陳經理", "org": "範例股份有限公司", "phone": "04-2222-3333", "question": "想申請紓困貸款",
        "consent": "on"}


@pytest.mark.parametrize(("county", "team"), [("臺北市", "north"), ("高雄市", "south"), ("花蓮縣", None), ("", None)])
def test_inquiry_county_routes_to_the_team(client, people, county, team):
    answer = client.post("/inquiry/", {**FORM, "county": county})
    assert answer.status_code == 302
    case = Case.objects.get()
    assert (case.team.slug if case.team else None) == team


def test_unknown_county_is_refused(client, people):
    answer = client.post("/inquiry/", {**FORM, "county": "火星"})
    assert answer.status_code == 400 and "公司所在縣市" in answer.content.decode()
    assert not Case.objects.exists()
