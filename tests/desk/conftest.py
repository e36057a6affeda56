"""Fixtures of the service-desk tests: two teams, one user of each role with an API token, and
cases in each corner of the policy (mine, my team's, the shared pool, another team's)."""

from __future__ import annotations

import pytest
from deskkit import UBNS, Desk, make_people, open_as_admin

__all__ = ["Desk"]


@pytest.fixture
def people(db) -> Desk:
    """The teams and users (no cases)."""
    return make_people()


@pytest.fixture
def desk(people: Desk) -> Desk:
    """The teams, users and four cases: `mine` (cons_n's), `team` (north's, cons_n2's),
    `pool` (no team, nobody's) and `south` (cons_s's)."""
    people.cases = {
        "mine": open_as_admin(ubn=UBNS[0], assignee="cons_n", summary="出口貸款"),
        "team": open_as_admin(ubn=UBNS[1], assignee="cons_n2"),
        "pool": open_as_admin(ubn=UBNS[2]),
        "south": open_as_admin(ubn=UBNS[3], assignee="cons_s"),
    }
    return people


@pytest.fixture
def cli():
    """Run `fudao …` in this process (same test store); (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from fudao.cli.main import app

    runner = CliRunner()

    def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
        result = runner.invoke(app, list(args), input=stdin)
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result.exit_code, result.stdout, result.stderr

    return run
