"""An editor reviews a measure in the admin: sees the cited source lines, publishes, edits."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from fudao.catalogue.models import Measure
from fudao.catalogue.services import published_measures


@pytest.fixture
def editor_client(client, corpus_db):
    user = get_user_model().objects.create_user("editor", password="pw", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def test_admin_review_shows_sources_and_changes_status(editor_client):
    Measure.objects.filter(pk="overseas-orders-grant").update(status=Measure.Status.DRAFT)
    page = editor_client.get("/admin/catalogue/measure/overseas-orders-grant/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "0800-235-855" in html  # the cited contact line from the original document
    assert "003_83f839b7bfa6266d 第 369" in html
    assert "開拓多元市場-爭取海外訂單(貿易署)" in html  # the heading line as written, agency and all
    listing = editor_client.get("/admin/catalogue/measure/?status__exact=draft")
    assert "overseas-orders-grant" in listing.content.decode()
    done = editor_client.post("/admin/catalogue/measure/", {
        "action": "mark_reviewed", "_selected_action": ["overseas-orders-grant"]}, follow=True)
    assert done.status_code == 200
    assert Measure.objects.get(pk="overseas-orders-grant").status == Measure.Status.REVIEWED
    assert "overseas-orders-grant" not in {m["id"] for m in published_measures()}
    editor_client.post("/admin/catalogue/measure/", {
        "action": "publish", "_selected_action": ["overseas-orders-grant"]})
    assert Measure.objects.get(pk="overseas-orders-grant").status == Measure.Status.PUBLISHED
    assert "overseas-orders-grant" in {m["id"] for m in published_measures()}  # the cache saw it


def test_admin_edit_locks_the_field(editor_client):
    url = "/admin/catalogue/measure/overseas-orders-grant/change/"
    form = editor_client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            value = "on" if value else ""
        data[name] = "" if value is None else value
        if form.fields[name].show_hidden_initial:  # as the browser posts it
            data[f"initial-{name}"] = data[name]
    data["summary"] = "編輯改寫的簡介"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    m = Measure.objects.get(pk="overseas-orders-grant")
    assert m.summary == "編輯改寫的簡介"
    assert m.locked_fields == ["summary"]
