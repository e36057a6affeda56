"""schemathesis over /api/openapi.json against a live `fudao serve`: no 5xx, every answer
documented (status, content type, schema). Two runs: without credentials (every operation;
those that need a user answer 401, or 429 once made-up tokens lock the address out), and with an
admin's API token over the operations whose document asks for one (cases, intake, reports), so
they are fuzzed past the sign-in. Bounded: 40 examples per operation, 25 with the token. A third
run, with the token, over the write routes (POST, PATCH, PUT, DELETE) puts hostile values into
the generated bodies and queries (schemathesis' `flatmap_body` / `flatmap_query` hooks on that
schema only): NUL bytes, C0/C1 control characters, unpaired surrogates in the text fields;
NaN, ±Infinity, 1e309 and 10**400 in the number fields; 0001-01-01, 9999-12-31, offsets of
±23:59 and ±99:00 in the date and time fields — none may answer 5xx."""

from __future__ import annotations

import json
import subprocess
import sys
from urllib.parse import urlencode

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
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


WRITE_METHODS = {"POST", "PATCH", "PUT", "DELETE"}
RAW_1E309 = "__raw_1e309__"  # sent as the bare JSON number 1e309 (a float Python reads as inf)
# control characters (C0, DEL, C1), NUL, unpaired surrogates, and text around them
BAD_CHARACTERS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80",
                  "\x85", "\x9f", "\ud800", "\udbff", "\udc00", "\udfff"]
HOSTILE_TEXT = st.one_of(
    st.sampled_from(BAD_CHARACTERS),
    st.tuples(st.sampled_from(["王小明", "想申請貸款", "04595257", "web", "2025-03-02"]),
              st.sampled_from(BAD_CHARACTERS), st.booleans())
    .map(lambda t: t[1] + t[0] if t[2] else t[0] + t[1]),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x9F, categories=["Cc"]), min_size=1, max_size=5),
)
# numbers that are not finite or out of every field's range (json.dumps writes NaN, Infinity)
HOSTILE_NUMBERS = st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e308, -1e308, 10**400,
                                   -(10**400), RAW_1E309, "1e309", "NaN", "Infinity", "-Infinity"])
HOSTILE_INSTANTS = st.sampled_from([
    "0001-01-01", "9999-12-31", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59+14:00",
    "9999-12-31T23:59:59.999999-23:59", "0001-01-01T00:00:00+23:59", "2025-03-02T09:00:00+99:00",
    "2025-03-02T09:00:00-99:00", "1900-01-01T00:00:00+08:00", "1911-12-31T23:59:59+08:00",
    "99999-01-01", "-0001-01-01", "2025-02-30", "2025-03-02T24:00:00+08:00",
])
INSTANT_KEYS = {"at", "due", "date", "day", "on", "from", "to", "since", "until", "done_at"}


def _looks_like_instant(key: str) -> bool:
    return key in INSTANT_KEYS or key.endswith(("_at", "_on", "_date", "_from", "_to", "_due"))


def _hostile_for(key: str, value) -> st.SearchStrategy:
    """A hostile value for one field, by its name and the generated value's type: extreme
    instants for a date or time, non-finite numbers for a number, bad characters for a text,
    and inside an object or a list one of those for one of its members."""
    if isinstance(value, dict) and value:
        return _hostile_member(value)
    if isinstance(value, list):
        return st.lists(HOSTILE_TEXT | HOSTILE_NUMBERS, min_size=1, max_size=3)
    if _looks_like_instant(key):
        return HOSTILE_INSTANTS
    if isinstance(value, int | float) and not isinstance(value, bool):
        return HOSTILE_NUMBERS
    return HOSTILE_TEXT | HOSTILE_NUMBERS if not isinstance(value, str) else HOSTILE_TEXT


def _hostile_member(mapping: dict) -> st.SearchStrategy:
    """The mapping with one member (drawn) replaced by a hostile value."""
    return st.sampled_from(sorted(mapping, key=str)).flatmap(
        lambda key: _hostile_for(str(key), mapping[key]).map(lambda bad: {**mapping, key: bad}))


def _with_hostile_values(ctx, value):
    """schemathesis' flatmap hook: a body or query of a write route with one field hostile."""
    if ctx.operation is None or ctx.operation.method.upper() not in WRITE_METHODS:
        return st.just(value)
    if not isinstance(value, dict) or not value:
        return st.just(value)
    return _hostile_member(value)


@pytest.fixture(scope="session")
def hostile_schema(live_site, admin_token):
    """The write routes, every request with the admin's token and a hostile field."""
    schema = schemathesis.openapi.from_url(live_site.base + "/api/openapi.json")
    schema.config.update(headers={"Authorization": f"Bearer {admin_token}"})
    schema.hook("flatmap_body")(_with_hostile_values)
    schema.hook("flatmap_query")(_with_hostile_values)
    return schema


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _as_sent(value):
    """A multipart field's hostile text as the bytes a client would send (lone surrogates as
    the invalid UTF-8 they encode to)."""
    if isinstance(value, str):
        return value.encode("utf-8", "surrogatepass")
    if isinstance(value, dict):
        return {k: _as_sent(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_sent(v) for v in value]
    return value


def _raw_body(case) -> dict:
    """A JSON body written by hand, so that what requests refuses to send goes out as a hostile
    client would send it: NaN, Infinity, -Infinity and 1e309 as bare JSON numbers, lone
    surrogates as \\u escapes; a multipart body's texts as bytes; a query's texts with lone
    surrogates percent-encoded from those bytes (the extra `params` of the call it returns)."""
    extra: dict = {}
    if isinstance(case.query, dict) and _has_surrogate(case.query):
        bad = {k: v for k, v in case.query.items() if _has_surrogate(v)}
        case.query = {k: v for k, v in case.query.items() if k not in bad}
        extra["params"] = urlencode(_as_sent(bad), doseq=True)
    if not isinstance(case.body, dict | list):
        return extra
    if "json" in (case.media_type or ""):
        text = json.dumps(case.body, ensure_ascii=True, allow_nan=True)
        case.body = text.replace(f'"{RAW_1E309}"', "1e309").encode("ascii")
    elif _has_surrogate(case.body):
        case.body = _as_sent(case.body)
    return extra


def _has_surrogate(value) -> bool:
    return any("\ud800" <= c <= "\udfff" for s in _strings(value) for c in s)


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
hostile = schemathesis.pytest.from_fixture("hostile_schema").include(
    lambda ctx: ctx.operation.method.upper() in WRITE_METHODS)


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


@pytest.mark.slow
@hostile.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_refuses_hostile_values_without_a_server_error(case, real_case):
    _on_real_data(case, real_case)
    extra = _raw_body(case)
    case.call_and_validate(checks=[not_a_server_error, token_accepted], timeout=30, **extra)
