"""Every URL pattern and API operation has a row in authz_matrix, and answers as it says for an
anonymous visitor, a staff user and a superuser."""

from __future__ import annotations

import pytest
from authz_matrix import ROUTES, admin_model_rows
from django.contrib import admin
from django.urls import URLResolver, get_resolver

ROLES = ("anonymous", "staff", "superuser")


def all_patterns() -> set[str]:
    """Every route of the URL map, as django.urls prints its pattern."""
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return set(walk(get_resolver().url_patterns))


def model_paths() -> list[str]:
    return sorted(f"{m._meta.app_label}/{m._meta.model_name}" for m in admin.site._registry)


def matrix() -> list[tuple[str, str, str, tuple[int, int, int]]]:
    return ROUTES + admin_model_rows(model_paths())


def test_every_route_has_a_row():
    covered = {row[0] for row in matrix()}
    missing = sorted(all_patterns() - covered)
    assert not missing, f"routes without an entry in tests/web/authz_matrix.py: {missing}"
    stale = sorted(covered - all_patterns())
    assert not stale, f"rows for routes that no longer exist: {stale}"


def test_every_api_operation_has_a_row():
    from fudao.web.api import api

    operations = {(method.upper(), path.lstrip("/").replace("{", "<").replace("}", ">"))
                  for path, ops in api.get_openapi_schema()["paths"].items() for method in ops}
    covered = {(method, route) for route, method, _, _ in ROUTES}
    assert operations <= covered, sorted(operations - covered)


@pytest.fixture
def people(django_user_model, corpus_db):
    from fudao.catalogue.models import Measure

    published = Measure.objects.filter(status="published").order_by("pk")
    draft, public = published[0], published[1]
    Measure.objects.filter(pk=draft.pk).update(status="draft")
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    boss = django_user_model.objects.create_superuser("chief", "c@example.gov.tw", "x")
    return {"users": (None, staff, boss),
            "ids": {"draft": draft.pk, "published": public.pk, "superuser_id": boss.pk}}


@pytest.mark.parametrize("role", range(3), ids=ROLES)
def test_statuses_per_role(client, people, role):
    from fudao.web import cache

    user = people["users"][role]
    if user is not None:
        client.force_login(user)
    wrong = []
    for route, method, sample, expected in matrix():
        cache.clear()
        url = sample.format(**people["ids"])
        if method == "GET":
            response = client.get(url)
        elif route == "api/match":
            response = client.post(url, data="{}", content_type="application/json")
        elif method != "POST":
            response = client.generic(method, url, data="{}", content_type="application/json")
        else:
            response = client.post(url, {})
        if response.status_code != expected[role]:
            wrong.append((method, url, f"expected {expected[role]}", f"got {response.status_code}"))
        if route in ("admin/logout/", "accounts/logout/") and user is not None:
            client.force_login(user)  # signed out by that row: sign in again
    assert not wrong, wrong
