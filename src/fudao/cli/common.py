"""What every command shares: JSON or readable output, clear errors, JSON Lines batches."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer

from fudao import bootstrap
from fudao.errors import Invalid

T = TypeVar("T")


class UserError(Invalid):
    """A problem with the user's input; its message is shown as is (Traditional Chinese)."""


def ready() -> None:
    """Start Django (and migrate an embedded store) before a command touches the store; a
    refused configuration (e.g. FUDAO_CACHE_URL without FUDAO_SECRET_KEY) exits with its message."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        bootstrap.setup()
    except ImproperlyConfigured as exc:
        fail(str(exc))


def to_jsonable(obj: Any) -> Any:
    """Plain JSON types for dataclasses, pydantic models, dates and decimals."""
    import dataclasses
    import datetime as dt
    import decimal

    if hasattr(obj, "model_dump"):
        return to_jsonable(obj.model_dump(mode="json"))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return to_jsonable(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in obj]
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if isinstance(obj, decimal.Decimal):
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    if isinstance(obj, Path):
        return str(obj)
    return obj


def dumps(obj: Any) -> str:
    """One-line JSON with Chinese kept readable."""
    return json.dumps(to_jsonable(obj), ensure_ascii=False, separators=(",", ":"))


def emit_json(obj: Any) -> None:
    """Print one JSON document on stdout (the `--json` contract)."""
    sys.stdout.write(json.dumps(to_jsonable(obj), ensure_ascii=False, indent=2) + "\n")


def emit(result: T, as_json: bool, show: Callable[[T], None]) -> None:
    """A command's result: the JSON document under `--json`, else `show(result)` for people."""
    if as_json:
        emit_json(result)
    else:
        show(result)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print `錯誤：message` on stderr and exit non-zero."""
    sys.stderr.write(f"錯誤：{message}\n")
    raise typer.Exit(code)


@contextmanager
def user_errors(*errors: type[Exception]) -> Iterator[None]:
    """Any of `errors` raised inside becomes `錯誤：message` on stderr and exit 2 (the message
    is the user's to read, in Traditional Chinese)."""
    try:
        yield
    except errors as exc:
        fail(str(exc))


def acting(username: str | None) -> Any:
    """The actor for `--as USER` (the local administrator without it); an unknown or inactive
    user is `錯誤：…` on stderr and exit 2."""
    from fudao.accounts.actors import LOCAL
    from fudao.accounts.services import AccountError, actor_by_name

    if not username:
        return LOCAL
    with user_errors(AccountError):
        return actor_by_name(username)


def read_jsonl(source: str) -> Iterator[tuple[int, str]]:
    """Lines of a JSON Lines file (`-` is standard input) with their 1-based numbers, blanks skipped."""
    if source == "-":
        stream = sys.stdin
    else:
        path = Path(source)
        if not path.is_file():
            fail(f"找不到批次檔案：{source}")
        stream = path.open(encoding="utf-8")
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


def run_batch(source: str, key: str, handle: Callable[[Any], dict[str, Any]]) -> None:
    """Answer each JSON Lines record's `key` with `handle`, one output line per input line, in order.

    A bad line yields `{"id":…, "error":…}` and the run goes on.
    """
    for number, line in read_jsonl(source):
        record_id: Any = None
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise UserError("每一行須為 JSON 物件")
            record_id = record.get("id", number)
            if key not in record:
                raise UserError(f"第 {number} 行缺少欄位「{key}」")
            result = {"id": record_id, **handle(record[key])}
        except json.JSONDecodeError as exc:
            result = {"id": number, "error": f"第 {number} 行不是有效的 JSON：{exc.msg}"}
        except (UserError, ValueError) as exc:
            result = {"id": record_id if record_id is not None else number, "error": str(exc)}
        sys.stdout.write(dumps(result) + "\n")
        sys.stdout.flush()
