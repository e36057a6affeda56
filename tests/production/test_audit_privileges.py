"""Changes of privileges are audited, whichever way they are made: in the admin (a user's flags,
groups and permissions, a password set for them, a group's permissions) and with
`fudao users role` (set_role)."""

from __future__ import annotations

import pytest

from fudao.audit.models import AuditEntry

PASSWORD = "Audit-privileges-2025!x"


@pytest.fixture
def chief(client, django_user_model, settings):
    """A superuser signed in to the admin (fast password hashing: not under test here)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    boss = django_user_model.objects.create_superuser("chief", "chief@example.gov.tw", PASSWORD)
    client.force_login(boss)
    return boss


@pytest.fixture
def amy(django_user_model, chief):
    return django_user_model.objects.create_user("amy", "amy@example.gov.tw", PASSWORD)


def _change_form(user, **changes):
    """The admin's change form of `user` as posted, with `changes` (flags True/False, m2m pks)."""
    data = {"username": user.username, "first_name": "", "last_name": "", "email": user.email,
            "date_joined_0": "2025-01-02", "date_joined_1": "09:00:00", "last_login_0": "", "last_login_1": "",
            "groups": [g.pk for g in user.groups.all()],
            "user_permissions": [p.pk for p in user.user_permissions.all()], "_save": "儲存"}
    flags = {"is_active": user.is_active, "is_staff": user.is_staff, "is_superuser": user.is_superuser}
    flags.update({k: v for k, v in changes.items() if k.startswith("is_")})
    data.update({k: "on" for k, v in flags.items() if v})
    data.update({k: v for k, v in changes.items() if not k.startswith("is_")})
    return data


def _post_change(client, user, **changes):
    response = client.post(f"/admin/auth/user/{user.pk}/change/", _change_form(user, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    return response


def test_making_a_superuser_in_the_admin_is_audited(client, chief, amy):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="目錄編輯群組")
    perm = Permission.objects.get(codename="view_auditentry")
    _post_change(client, amy, is_superuser=True, is_staff=True, groups=[editors.pk], user_permissions=[perm.pk])
    amy.refresh_from_db()
    assert amy.is_superuser and amy.is_staff and list(amy.groups.all()) == [editors]
    entry = AuditEntry.objects.get(action="privileges_changed")
    assert (entry.actor, entry.ip) == ("chief", "127.0.0.1")
    assert entry.detail == {
        "username": "amy", "via": "admin",
        "changes": {"is_staff": {"old": False, "new": True}, "is_superuser": {"old": False, "new": True},
                    "groups": {"added": ["目錄編輯群組"], "removed": []},
                    "user_permissions": {"added": ["audit.view_auditentry"], "removed": []}}}


def test_taking_privileges_away_is_audited_too(client, chief, amy, django_user_model):
    from django.contrib.auth.models import Group

    editors = Group.objects.create(name="目錄編輯群組")
    amy.is_staff = amy.is_superuser = True
    amy.save()
    amy.groups.add(editors)
    _post_change(client, amy, is_superuser=False, is_active=False, groups=[])
    entry = AuditEntry.objects.get(action="privileges_changed")
    assert entry.detail["changes"] == {"is_active": {"old": True, "new": False},
                                       "is_superuser": {"old": True, "new": False},
                                       "groups": {"added": [], "removed": ["目錄編輯群組"]}}


def test_a_change_of_other_fields_is_not_a_privilege_change(client, chief, amy):
    _post_change(client, amy, first_name="艾美")
    assert not AuditEntry.objects.filter(action="privileges_changed").exists()


def test_a_password_set_in_the_admin_is_audited_without_the_password(client, chief, amy):
    new = "Another-pass-2025!x"
    response = client.post(f"/admin/auth/user/{amy.pk}/password/",
                           {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="password_set")
    assert (entry.actor, entry.detail) == ("chief", {"username": "amy", "via": "admin"})
    assert new not in str(entry.detail)


def test_a_groups_permissions_changed_in_the_admin_are_audited(client, chief, amy):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="目錄編輯群組")
    amy.groups.add(editors)
    perm = Permission.objects.get(codename="change_measure")
    response = client.post(f"/admin/auth/group/{editors.pk}/change/",
                           {"name": editors.name, "permissions": [perm.pk], "_save": "儲存"})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="group_privileges_changed")
    assert entry.actor == "chief"
    assert entry.detail == {"group": "目錄編輯群組", "via": "admin", "members": ["amy"],
                            "changes": {"permissions": {"added": ["catalogue.change_measure"], "removed": []}}}


def test_fudao_users_role_is_audited(db, settings):
    from typer.testing import CliRunner

    from fudao.accounts.services import add_team, add_user
    from fudao.cli.main import app

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    add_team(slug="north", name="北區服務中心")
    add_user(username="lin", role="consultant", password=PASSWORD, team="north")
    result = CliRunner().invoke(app, ["users", "role", "lin", "--role", "admin"])
    assert result.exit_code == 0, result.output
    entry = AuditEntry.objects.get(action="role_changed")
    assert entry.actor == "local-admin"
    assert entry.detail == {"username": "lin", "old": {"role": "consultant", "team": "north"},
                            "new": {"role": "admin", "team": None}}
    from django.contrib.auth import get_user_model

    lin = get_user_model().objects.get(username="lin")
    assert lin.is_superuser and lin.is_staff
