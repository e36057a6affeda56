"""The one error vocabulary: each kind answers its status through the API's handler, the pages'
middleware and the CLI's entry point, with its zh-TW message."""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from fudao.errors import Conflict, Denied, FudaoError, Invalid, NotFound
from fudao.web.middleware import ApplicationErrors


@pytest.mark.parametrize(("error", "status"), [(Invalid, 400), (Denied, 403), (NotFound, 404), (Conflict, 409)])
def test_a_page_answers_an_application_error_by_its_kind(error: type[FudaoError], status: int, db) -> None:
    request = RequestFactory().get("/desk/anything/")
    response = ApplicationErrors(lambda r: None).process_exception(request, error("找不到這筆資料"))  # type: ignore[arg-type]
    assert response is not None and response.status_code == status
    assert "找不到這筆資料" in response.content.decode()


def test_the_same_error_under_api_is_json() -> None:
    request = RequestFactory().get("/api/cases/1")
    response = ApplicationErrors(lambda r: None).process_exception(request, NotFound("找不到案件「1」"))  # type: ignore[arg-type]
    assert response is not None and response.status_code == 404
    assert json.loads(response.content) == {"error": "找不到案件「1」"}


def test_other_exceptions_are_left_to_django() -> None:
    request = RequestFactory().get("/")
    assert ApplicationErrors(lambda r: None).process_exception(request, RuntimeError("x")) is None  # type: ignore[arg-type]


def test_app_errors_keep_their_kind_and_old_bases() -> None:
    from fudao.cases.services import CaseError, CaseNotFound
    from fudao.events.errors import EventConflict
    from fudao.reports.services import ReportDenied

    assert issubclass(CaseError, ValueError) and CaseError("x").status == 400
    assert issubclass(CaseNotFound, LookupError) and CaseNotFound("x").status == 404
    assert EventConflict("x").status == 409 and ReportDenied("x").status == 403


def test_api_handler_maps_service_errors(db) -> None:
    client = Client()
    missing = client.get("/api/measures/no-such-measure")
    assert missing.status_code == 404 and "找不到輔導措施" in missing.json()["error"]
    empty = client.get("/api/ask", {"q": ""})
    assert empty.status_code == 400 and empty.json()["error"]
    bad = client.post("/api/match", data='{"employees": -3}', content_type="application/json")
    assert bad.status_code == 400 and "員工" in bad.json()["error"]


def test_cli_entry_point_maps_an_application_error_to_exit_2(monkeypatch, capsys) -> None:
    from fudao.cli import main as cli_main

    def refuse() -> None:
        raise Denied("您的角色不能做這件事")

    monkeypatch.setattr(cli_main, "app", refuse)
    with pytest.raises(SystemExit) as exit_info:
        cli_main.main()
    assert exit_info.value.code == 2
    assert capsys.readouterr().err == "錯誤：您的角色不能做這件事\n"
