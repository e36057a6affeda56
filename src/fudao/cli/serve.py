"""`fudao serve`: the web site and its JSON API on waitress (a production WSGI server)."""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
from typing import Annotated, Any

import typer

from fudao.cli.common import fail, ready

MAX_THREADS = 64
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def register(app: typer.Typer) -> None:
    """Add `fudao serve` to the app."""
    app.command("serve", help="啟動網站與 JSON API（/api，OpenAPI 文件在 /api/openapi.json）。")(serve)


def serve(
    host: Annotated[str, typer.Option("--host", help="監聽位址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="連接埠")] = 8000,
    threads: Annotated[int, typer.Option("--threads", help="處理請求的執行緒數")] = 8,
) -> None:
    """Serve the site until interrupted; DEBUG stays off unless FUDAO_DEBUG=1."""
    if not 1 <= port <= 65535:
        fail(f"連接埠須介於 1 到 65535 之間（收到 {port}）")
    if not 1 <= threads <= MAX_THREADS:
        fail(f"執行緒數須介於 1 到 {MAX_THREADS} 之間（收到 {threads}）")
    sock = listen(host, port)
    prepare()
    sys.stderr.write(f"fudao 網站已啟動：http://{host}:{port}/ （按 Ctrl+C 結束）\n")
    if host not in LOOPBACK and "FUDAO_ALLOWED_HOSTS" not in os.environ:
        sys.stderr.write("提醒：由其他主機名稱連線時，請以 FUDAO_ALLOWED_HOSTS 設定允許的主機名稱（以逗號分隔）\n")
    options = {"threads": threads, "ident": "fudao", "connection_limit": max(100, threads * 16),
               "channel_timeout": 60}
    run_waitress(sock, options)


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the slow start-up so a busy port fails at once."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            fail(f"無法在 {host}:{port} 啟動：連接埠已被其他程式使用，請改用 --port 指定其他連接埠")
        fail(f"無法在 {host}:{port} 啟動：{exc}")


def prepare() -> None:
    """Start Django (DEBUG off by default), collect static files, warm the caches."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fudao.settings")
    ready()
    collect_static()
    warm_up()


def run_waitress(sock: socket.socket, options: dict[str, Any]) -> None:
    """Serve on the socket in this process until interrupted."""
    from waitress import serve as waitress_serve  # type: ignore[import-untyped]

    from fudao.wsgi import application

    with contextlib.suppress(KeyboardInterrupt):
        waitress_serve(application, sockets=[sock], **options)


def collect_static() -> None:
    """Copy the static files into STATIC_ROOT (the data folder's `static` unless
    FUDAO_STATIC_ROOT says otherwise), where whitenoise serves them from."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


def warm_up() -> None:
    """Load the search index before the first request (a failure only delays it)."""
    try:
        from fudao.search import index

        index.get_index()
    except Exception as exc:  # the site still serves pages without a built index
        sys.stderr.write(f"提醒：搜尋索引尚未載入（{exc}）\n")
