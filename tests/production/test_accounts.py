"""Accounts hardening: argon2, zh-TW password rules, lock-out after repeated failures, audit log."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from fudao.audit.models import AuditEntry

GOOD = "Tainan-輔導-2025-safe"


@pytest.fixture
def admin_user(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.gov.tw", GOOD)


def test_passwords_are_hashed_with_argon2(admin_user):
    assert admin_user.password.startswith("argon2$")
    assert admin_user.check_password(GOOD)


@pytest.mark.parametrize("password, needle", [
    ("a", "至少須有 12 個字元"),
    ("123456789012345", "全為數字"),
    ("password1234", "太常見"),
    (" " * 12, "不同的字元"),
    ("aaaaaaaaaaaa", "不同的字元"),
    ("P@ssw0rd2024", "變形"),
    ("!!Qwerty!!2025", "變形"),
])
def test_weak_passwords_are_refused_in_chinese(db, password, needle):
    with pytest.raises(ValidationError) as info:
        validate_password(password)
    assert any(needle in m for m in info.value.messages), info.value.messages


def test_password_similar_to_the_username_is_refused(django_user_model, db):
    user = django_user_model(username="wangxiaoming", email="w@example.gov.tw")
    with pytest.raises(ValidationError) as info:
        validate_password("wangxiaoming1", user)
    assert any("過於相似" in m for m in info.value.messages)


def test_a_good_password_passes(db):
    validate_password(GOOD)


@pytest.fixture(params=["/admin/login/?next=/admin/", "/accounts/login/"], ids=["admin", "desk"])
def sign_in(request):
    """Post a sign-in to one of the two login pages (the admin's, the desk's): the response."""
    def post(client, username: str, password: str):
        return client.post(request.param, {"username": username, "password": password})

    return post


def test_login_locks_out_after_five_failures(client, admin_user, settings, sign_in):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "chief", "wrong-guess").status_code == 200  # the form again
    locked = sign_in(client, "chief", "wrong-guess")  # the fifth failure locks the account
    assert locked.status_code == 429
    assert "鎖定" in locked.content.decode()
    again = sign_in(client, "chief", GOOD)  # the sixth: even the right password, while locked
    assert again.status_code == 429
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"登入失敗次數過多，帳號已暫時鎖定，請於 {minutes} 分鐘後再試" in again.content.decode()
    assert "_auth_user_id" not in client.session
    actions = list(AuditEntry.objects.order_by("id").values_list("action", "actor", "ip"))
    assert ("login_failed", "chief", "127.0.0.1") in actions
    assert [a for a, _, _ in actions].count("login_failed") >= settings.AXES_FAILURE_LIMIT
    assert ("locked_out", "chief", "127.0.0.1") in actions
    assert ("login", "chief", "127.0.0.1") not in actions
    assert all("wrong-guess" not in str(e.detail) for e in AuditEntry.objects.all())


def test_lock_out_is_per_username_and_address(client, admin_user, django_user_model, settings, sign_in):
    django_user_model.objects.create_superuser("deputy", "d@example.gov.tw", GOOD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "chief", "wrong-guess")
    assert sign_in(client, "deputy", GOOD).status_code == 302  # another account still signs in
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert sign_in(other, "chief", GOOD).status_code == 302  # the owner from elsewhere too


def test_successful_sign_in_is_audited(client, admin_user, sign_in):
    assert sign_in(client, "chief", GOOD).status_code == 302
    entry = AuditEntry.objects.get(action="login")
    assert entry.actor == "chief" and entry.ip == "127.0.0.1"


def test_failed_token_uses_are_throttled_and_audited(db, settings):
    from fudao.audit.services import check_token_attempt

    request = RequestFactory().get("/api/search", REMOTE_ADDR="192.0.2.7")
    request.user = None  # type: ignore[assignment]
    allowed = [check_token_attempt(request, ok=False) for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert allowed[:-1] == [True] * (settings.AXES_FAILURE_LIMIT - 1) and allowed[-1] is False
    assert check_token_attempt(request, ok=True) is False  # locked: even a good token waits
    assert AuditEntry.objects.filter(action="login_failed", ip="192.0.2.7").count() == settings.AXES_FAILURE_LIMIT
    elsewhere = RequestFactory().get("/api/search", REMOTE_ADDR="192.0.2.8")
    assert check_token_attempt(elsewhere, ok=True) is True


def test_record_writes_an_entry(db):
    from fudao.audit.services import record

    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.4")
    entry = record(action="role_changed", actor="chief", detail={"user": "amy", "role": "editor"},
                   request=request)
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.actor, stored.action, stored.detail, stored.ip) == (
        "chief", "role_changed", {"user": "amy", "role": "editor"}, "198.51.100.4")
    assert stored.at is not None


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True


def test_cli_authenticate_without_request_still_works(admin_user):
    from django.contrib.auth import authenticate

    assert authenticate(username="chief", password=GOOD) == admin_user
