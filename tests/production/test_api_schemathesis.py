"""schemathesis over /api/openapi.json against a live `fudao serve`: no 5xx, every answer
documented (status, content type, schema). Two runs: without credentials (every operation;
those that need a user answer 401, or 429 once made-up tokens lock the address out), and with an
admin's API token over the operations whose document asks for one (cases, intake, reports), so
they are fuzzed past the sign-in. Bounded: 40 examples per operation, 25 with the token."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from livesite import fudao_cli, site_env
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
ADMIN_PASSWORD = "Schema-fuzz-2025!admin"


@pytest.fixture(scope="session")
def api_schema(live_site):
    return schemathesis.openapi.from_url(live_site.base + "/api/openapi.json")


@pytest.fixture(scope="session")
def admin_token(live_site, site_store) -> str:
    """An admin made with `fudao users add … --role admin` in the live store, and the API token
    `fudao users token` prints for them. The lock-outs of earlier made-up tokens are lifted first
    (django-axes' axes_reset), or this address's token checks would answer 429."""
    subprocess.run([sys.executable, "-m", "django", "axes_reset"], check=True, capture_output=True, timeout=120,
                   env=site_env(site_store, DJANGO_SETTINGS_MODULE="fudao.settings"))
    fudao_cli(site_store, "users", "add", "fuzz-admin", "--role", "admin", "--password-stdin",
              stdin=ADMIN_PASSWORD + "\n")
    token = fudao_cli(site_store, "users", "token", "fuzz-admin").strip()
    assert token.startswith("fdo_"), token
    return token


@pytest.fixture(scope="session")
def admin_schema(live_site, admin_token):
    """The operations that take credentials, every request with the admin's token."""
    schema = schemathesis.openapi.from_url(live_site.base + "/api/openapi.json")
    document = schema.raw_schema
    assert "BearerAuth" in document["components"]["securitySchemes"]
    schema.config.update(headers={"Authorization": f"Bearer {admin_token}"})
    return schema


@pytest.fixture(scope="session")
def real_case(site_store, admin_token) -> str:
    """A case in the live store (`fudao cases open`), for the fuzzed writes to land on."""
    opened = fudao_cli(site_store, "cases", "open", "--channel", "hotline", "--kind", "financing",
                       "--ubn", "04595257", "--name", "測試股份有限公司", "--contact-name", "王小明",
                       "--contact-phone", "02-2345-6789", "--summary", "想申請貸款", "--json")
    return str(json.loads(opened)["case_no"])


def _on_real_data(case, case_no: str) -> None:
    """Half the examples (by the generated data, so the run stays deterministic) go to a real
    case, and a new case gets a valid channel and kind: the fuzzed fields then reach the case
    services instead of stopping at the first 404 or 400."""
    if case.path_parameters and "case_no" in case.path_parameters:
        if len(str(case.path_parameters["case_no"])) % 2 == 0:
            case.path_parameters["case_no"] = case_no
    elif (case.method == "POST" and case.path == "/api/cases" and isinstance(case.body, dict)
          and len(case.body) % 2 == 0):
        case.body.update(channel="web", kind="inquiry")


def _takes_credentials(ctx) -> bool:
    return bool(ctx.operation.definition.raw.get("security"))


anonymous = schemathesis.pytest.from_fixture("api_schema")
as_admin = schemathesis.pytest.from_fixture("admin_schema").include(_takes_credentials)


def token_accepted(ctx, response, case) -> bool:
    """The admin's token is taken: never 401 (not signed in) nor 429 (locked out)."""
    if response.status_code in (401, 429):
        raise AssertionError(f"the admin's token was refused: {response.status_code} {response.text[:200]}")
    return True


@pytest.mark.slow
@anonymous.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case):
    case.call_and_validate(checks=CHECKS, timeout=30)


@pytest.mark.slow
@as_admin.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_answers_an_admin_as_documented(case, real_case):
    _on_real_data(case, real_case)
    case.call_and_validate(checks=[*CHECKS, token_accepted], timeout=30)
