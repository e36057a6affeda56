"""API tokens that expire, are replaced and revoked, record their last use, and lock out per
token and address; the client's address taken only as far as FUDAO_TRUSTED_PROXIES says."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import RequestFactory
from django.utils import timezone

from fudao.accounts.models import ApiToken

PASSWORD = "Ops-metrics-2026!x"


@pytest.fixture
def ops(db):
    from fudao.accounts.services import add_user

    add_user(username="ops", role="analyst", password=PASSWORD)
    return "ops"


def _get(client, token: str, **extra):
    return client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}", **extra)


def test_a_token_lasts_ninety_days_and_records_its_last_use(client, ops):
    from fudao.accounts.services import issue_token

    before = timezone.now()
    token = issue_token(username=ops)
    row = ApiToken.objects.get()
    assert dt.timedelta(days=89, hours=23) < row.expires_at - before <= dt.timedelta(days=90, minutes=1)
    assert row.last_used_at is None
    assert _get(client, token).status_code == 200
    row.refresh_from_db()
    assert row.last_used_at is not None and row.last_used_at >= before


def test_an_expired_token_is_refused_saying_so(client, ops):
    from fudao.accounts.services import issue_token

    token = issue_token(username=ops, days=1)
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    answer = _get(client, token)
    assert answer.status_code == 401 and "已過期" in answer.json()["error"]


def test_a_new_token_replaces_the_old_one_unless_kept(client, ops):
    from fudao.accounts.services import issue_token

    first = issue_token(username=ops)
    second = issue_token(username=ops)
    refused = _get(client, first)
    assert refused.status_code == 401 and "已撤銷" in refused.json()["error"]
    assert _get(client, second).status_code == 200
    third = issue_token(username=ops, keep=True)
    assert _get(client, second).status_code == 200 and _get(client, third).status_code == 200


def test_revoking_stops_every_token_of_the_user(client, ops):
    from fudao.accounts.services import issue_token, revoke_tokens

    tokens = [issue_token(username=ops, keep=True) for _ in range(2)]
    assert revoke_tokens(username=ops, by="chief") == 2
    assert all(_get(client, t).status_code == 401 for t in tokens)
    assert revoke_tokens(username=ops, by="chief") == 0


def test_a_lifetime_out_of_range_is_refused(ops):
    from fudao.accounts.services import AccountError, issue_token

    for days in (0, -3, 100_000):
        with pytest.raises(AccountError, match="有效天數"):
            issue_token(username=ops, days=days)
    assert not ApiToken.objects.exists()


def test_failures_behind_one_address_do_not_lock_a_good_token_out(client, ops, settings):
    from fudao.accounts.services import issue_token

    good = issue_token(username=ops)
    shared = {"REMOTE_ADDR": "192.0.2.50"}  # everyone behind one proxy address
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _get(client, "fdo_guess-" + "x" * 20, **shared)
    assert _get(client, "fdo_guess-" + "y" * 20, **shared).status_code == 429  # the guesser waits
    assert _get(client, good, **shared).status_code == 200  # the good token does not


def test_the_admin_revokes_selected_tokens(admin_client, ops):
    from fudao.accounts.services import issue_token

    token = issue_token(username=ops)
    row = ApiToken.objects.get()
    answer = admin_client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [row.pk]})
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    page = admin_client.get(f"/admin/accounts/apitoken/{row.pk}/change/")
    assert page.status_code == 200 and token not in page.content.decode() and row.digest not in page.content.decode()


@pytest.mark.parametrize("hops, expected", [
    (None, "10.0.0.1"),  # default: the socket's address, the header is not trusted
    ("0", "10.0.0.1"),
    ("1", "203.0.113.5"),  # the address our proxy added, not the client's own claim on its left
    ("2", "6.6.6.6"),
    ("5", "6.6.6.6"),  # fewer entries than proxies: the leftmost
])
def test_client_address_follows_the_trusted_proxies(monkeypatch, hops, expected):
    from fudao.audit.services import client_ip

    monkeypatch.setenv("FUDAO_HTTPS", "1")  # HTTPS alone does not trust X-Forwarded-For
    if hops is None:
        monkeypatch.delenv("FUDAO_TRUSTED_PROXIES", raising=False)
    else:
        monkeypatch.setenv("FUDAO_TRUSTED_PROXIES", hops)
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_ip(request) == expected


def test_the_cli_revokes_and_lists_tokens(ops):
    from typer.testing import CliRunner

    from fudao.accounts.services import issue_token
    from fudao.cli.main import app

    def run(*args: str):
        return CliRunner().invoke(app, list(args))

    issue_token(username=ops)
    assert run("users", "token", ops, "--days", "7", "--keep", "--json").exit_code == 0
    listed = run("users", "tokens", ops, "--json")
    assert sorted(t["state"] for t in json.loads(listed.stdout)["tokens"]) == ["active", "active"]
    text = run("users", "tokens", ops).stdout
    assert "有效" in text and "未曾使用" in text and not re.search(r"\d{4}-\d\d-\d\d", text)  # no ISO date
    revoked = run("users", "token", ops, "--revoke", "--json")
    assert json.loads(revoked.stdout) == {"username": ops, "revoked": 2}
    refused = run("users", "token", ops, "--days", "0")
    assert refused.exit_code == 2 and "有效天數" in refused.stderr
