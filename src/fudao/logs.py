"""JSON log lines: the access log (one line per request) and the error log.

An access line holds time, host, route (the URL pattern, never the path's values or the query
string), method, status, duration and the user id or null. An error line holds time, host,
level, logger, the message and, for an exception, its type and frames (file, line, function):
never the exception's text, which may quote personal data.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import traceback
from typing import Any

ENV_ACCESS_LOG = "FUDAO_ACCESS_LOG"
ENV_HOST_NAME = "FUDAO_HOST_NAME"


def host_name() -> str:
    """This host's name in the logs and metrics (FUDAO_HOST_NAME, else the machine's name)."""
    return os.environ.get(ENV_HOST_NAME, "").strip() or socket.gethostname()


def now_iso() -> str:
    """The current time, UTC, ISO 8601 to the millisecond."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(logging.Formatter):
    """One JSON object per record; an access record's fields come from its `access` extra."""

    def format(self, record: logging.LogRecord) -> str:
        access = getattr(record, "access", None)
        if isinstance(access, dict):
            return json.dumps({"time": now_iso(), "host": host_name(), **access}, ensure_ascii=False)
        line: dict[str, Any] = {"time": now_iso(), "host": host_name(), "level": record.levelname,
                                "logger": record.name, "message": _message(record)}
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__name__
            line["frames"] = [f"{f.filename}:{f.lineno} {f.name}"
                              for f in traceback.extract_tb(record.exc_info[2])][-8:]
        return json.dumps(line, ensure_ascii=False)


def _message(record: logging.LogRecord) -> str:
    """The record's message; Django's request errors keep their fixed text without the path."""
    if record.name == "django.request":
        return str(record.msg).split(":", 1)[0]
    return record.getMessage()


def access_handler() -> dict[str, Any]:
    """The logging handler of the access log: FUDAO_ACCESS_LOG is a file, `-` standard output,
    unset none (tests, the CLI)."""
    target = os.environ.get(ENV_ACCESS_LOG, "").strip()
    if not target:
        return {"class": "logging.NullHandler"}
    if target == "-":
        return {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    return {"class": "logging.handlers.WatchedFileHandler", "filename": target, "formatter": "json",
            "encoding": "utf-8"}


def logging_config() -> dict[str, Any]:
    """Django's LOGGING: JSON errors on standard error, JSON access lines where FUDAO_ACCESS_LOG says."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "fudao.logs.JsonFormatter"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
            "access": access_handler(),
        },
        "loggers": {
            "fudao.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
            "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
    }


def gunicorn_logging() -> dict[str, Any]:
    """gunicorn's own error log as JSON lines on standard error."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "fudao.logs.JsonFormatter"}},
        "handlers": {name: {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}
                     for name in ("console", "error_console")},  # the names gunicorn's defaults use
        "root": {"level": "WARNING", "handlers": ["console"]},
        "loggers": {"gunicorn.error": {"handlers": ["error_console"], "level": "WARNING",
                                       "propagate": False},
                    "gunicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
    }
