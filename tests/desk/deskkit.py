"""Helpers of the service-desk tests: the people of each role, opening cases, JSON requests."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

PASSWORD = "Desk-pass-2024!x"
# 統一編號 that pass the checksum.
UBNS = ["04595257", "22099131", "12345675", "53212539", "86517510"]


@dataclass
class Desk:
    """The people and cases of one test."""

    tokens: dict[str, str] = field(default_factory=dict)
    cases: dict[str, str] = field(default_factory=dict)

    def auth(self, username: str) -> dict[str, str]:
        """The Authorization header of that user's token (for the Django test client)."""
        return {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[username]}"}


ROLES = {
    "cons_n": ("consultant", "north"), "cons_n2": ("consultant", "north"),
    "cons_s": ("consultant", "south"), "sup_n": ("supervisor", "north"),
    "sup_s": ("supervisor", "south"), "ana": ("analyst", None), "edi": ("editor", None),
    "adm": ("admin", None),
}


def make_people() -> Desk:
    """Teams north and south and one user per entry of ROLES, each with a token."""
    from fudao.accounts.services import add_team, add_user, issue_token

    add_team(slug="north", name="北區服務中心", counties=["臺北市"])
    add_team(slug="south", name="南區服務中心", counties=["高雄市"])
    desk = Desk()
    for username, (role, team) in ROLES.items():
        add_user(username=username, role=role, password=PASSWORD, team=team)
        desk.tokens[username] = issue_token(username=username)
    return desk


def open_as_admin(**kwargs: Any) -> str:
    """Open a case as the local administrator; its number."""
    from fudao.accounts.actors import LOCAL
    from fudao.cases.services import ContactInput, open_case

    kwargs.setdefault("channel", "hotline")
    kwargs.setdefault("kind", "inquiry")
    kwargs.setdefault("contact", ContactInput(name="王小明", phone="02-2345-6789", email="wang@example.com"))
    return open_case(by=LOCAL, **kwargs).case_no


def error_of(response: Any, status: int) -> str:
    """The zh-TW error of a JSON error answer with that status."""
    assert response.status_code == status, response.content.decode()
    return str(response.json()["error"])


def post(client: Any, path: str, body: Any, method: str = "post", **headers: str) -> Any:
    """A JSON request through the Django test client."""
    send = getattr(client, method)
    return send(path, data=json.dumps(body, ensure_ascii=False), content_type="application/json", **headers)
