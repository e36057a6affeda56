"""What every command shares: the `--json` or readable result, and input errors as `錯誤：…`."""

from __future__ import annotations

import json

import pytest
import typer

from fudao.cli.common import emit, user_errors


def test_emit_prints_json_under_the_json_flag(capsys):
    shown: list[dict] = []
    emit({"名稱": "測試", "n": 1}, True, shown.append)
    assert json.loads(capsys.readouterr().out) == {"名稱": "測試", "n": 1}
    assert shown == []


def test_emit_shows_the_readable_form_otherwise(capsys):
    shown: list[dict] = []
    emit({"n": 1}, False, shown.append)
    assert shown == [{"n": 1}]
    assert capsys.readouterr().out == ""


def test_user_errors_become_a_message_and_exit_2(capsys):
    with pytest.raises(typer.Exit) as stopped, user_errors(LookupError, ValueError):
        raise ValueError("找不到這項資料")
    assert stopped.value.exit_code == 2
    assert capsys.readouterr().err == "錯誤：找不到這項資料\n"


def test_user_errors_let_other_exceptions_and_results_through():
    with pytest.raises(RuntimeError), user_errors(ValueError):
        raise RuntimeError("程式錯誤")
    with user_errors(ValueError):
        value = 3
    assert value == 3
