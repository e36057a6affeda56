"""`fudao serve`: the web site and its JSON API on gunicorn (several worker processes).

gunicorn's threaded workers (`gthread`) each serve `--threads` requests at once; idle or slow
connections wait in the worker's poller, not in a thread, so they do not lock others out. The
app is loaded once in the master (migrations, static files, search index) and the workers are
forked from it. On Windows, where gunicorn does not run, waitress serves in one process instead.
"""

from __future__ import annotations

import contextlib
import errno
import os
import socket
import sys
from typing import Annotated, Any

import typer

from fudao.cli.common import fail, ready
from fudao.logs import gunicorn_logging

STATIC_MARKER = "web/site.css"  # a file every build holds
MAX_THREADS = 64
MAX_WORKERS = 64
LOOPBACK = ("127.0.0.1", "localhost", "::1")
FIRST_BYTES_WAIT_SECONDS = 0.05


def register(app: typer.Typer) -> None:
    """Add `fudao serve` to the app."""
    app.command("serve", help="啟動網站與 JSON API（/api，OpenAPI 文件在 /api/openapi.json）。")(serve)
    app.command("static", help="安裝時建置網站靜態檔到 FUDAO_STATIC_ROOT（多台主機時每台 fudao serve 不再各自建置）。")(static)


def static() -> None:
    """Build the static files into STATIC_ROOT once, at install (FUDAO_STATIC_ROOT)."""
    ready()
    from django.conf import settings

    collect_static(force=True)
    sys.stdout.write(f"靜態檔已建置於 {settings.STATIC_ROOT}\n")


def serve(
    host: Annotated[str, typer.Option("--host", help="監聽位址")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="連接埠")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="工作行程數（每個行程各有 --threads 個執行緒）")] = 2,
    threads: Annotated[int, typer.Option("--threads", help="每個工作行程處理請求的執行緒數")] = 8,
    timeout: Annotated[int, typer.Option("--timeout", help="單一請求的處理時限（秒）")] = 30,
    max_connections: Annotated[int, typer.Option("--max-connections", help="每個工作行程同時保持的連線上限")] = 1000,
    access_log: Annotated[str, typer.Option("--access-log", help="存取紀錄檔（- 為標準輸出；不記錄查詢字串）")] = "-",
) -> None:
    """Serve the site until interrupted; DEBUG stays off unless FUDAO_DEBUG=1."""
    if not 1 <= port <= 65535:
        fail(f"連接埠須介於 1 到 65535 之間（收到 {port}）")
    if not 1 <= threads <= MAX_THREADS:
        fail(f"執行緒數須介於 1 到 {MAX_THREADS} 之間（收到 {threads}）")
    if not 1 <= workers <= MAX_WORKERS:
        fail(f"工作行程數須介於 1 到 {MAX_WORKERS} 之間（收到 {workers}）")
    if not 5 <= timeout <= 600:
        fail(f"處理時限須介於 5 到 600 秒之間（收到 {timeout}）")
    if not threads < max_connections <= 100_000:
        fail(f"連線上限須大於執行緒數且不超過 100000（收到 {max_connections}）")
    sock = listen(host, port)
    observe_into(access_log, port)
    prepare()
    sys.stderr.write(f"fudao 網站已啟動：http://{host}:{port}/ （{workers} 個工作行程 × {threads} 執行緒；按 Ctrl+C 結束）\n")
    if host not in LOOPBACK and "FUDAO_ALLOWED_HOSTS" not in os.environ:
        sys.stderr.write("提醒：由其他主機名稱連線時，請以 FUDAO_ALLOWED_HOSTS 設定允許的主機名稱（以逗號分隔）\n")
    if os.name == "nt":
        run_waitress(sock, {"threads": threads, "ident": "fudao", "connection_limit": max_connections,
                            "channel_timeout": timeout})
        return
    run_gunicorn(sock, gunicorn_options(workers=workers, threads=threads, timeout=timeout,
                                        max_connections=max_connections, access_log=access_log))


def gunicorn_options(*, workers: int, threads: int, timeout: int, max_connections: int,
                     access_log: str) -> dict[str, Any]:
    """gunicorn's settings for `fudao serve` (limits, timeouts, the access log)."""
    return {
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "worker_connections": max_connections,  # open connections per worker, idle ones included
        "timeout": timeout,  # a worker stuck longer on one request is restarted
        "graceful_timeout": 15,
        "keepalive": 5,  # idle keep-alive (and silent new) connections are closed after 5 s
        "limit_request_line": 8190,
        "limit_request_fields": 100,
        "limit_request_field_size": 8190,
        # No max_requests: recycling a worker drops the keep-alive connections it holds, and a
        # client that just sent a request on one gets an error (18 of 14,587 in bench/load.py).
        "preload_app": True,
        "accesslog": None,  # Django writes the JSON access lines (fudao.web.observability)
        "errorlog": "-",
        "logconfig_dict": gunicorn_logging(),
        "logger_class": closing_logger(),
        "loglevel": "warning",
        "proc_name": "fudao",
        "control_socket_disable": True,
    }


def closing_logger() -> type:
    """gunicorn's logger with one addition: an answer the application marked with
    `web.limits.CLOSE_CONNECTION` (an early refusal whose body it did not read) closes the
    connection. gunicorn ignores an application's `Connection` header and, on keep-alive,
    would wait for the rest of that body before reading the client's next request; its logger
    sees the response before that decision."""
    from gunicorn.glogging import Logger

    from fudao.web.limits import CLOSE_CONNECTION

    class ClosingLogger(Logger):  # type: ignore[misc]
        def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
            if environ.get(CLOSE_CONNECTION):
                resp.force_close()
            super().access(resp, req, environ, request_time)

    return ClosingLogger


def listen(host: str, port: int) -> socket.socket:
    """The listening socket, bound before the slow start-up so a busy port fails at once."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family, backlog=1024)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            fail(f"無法在 {host}:{port} 啟動：連接埠已被其他程式使用，請改用 --port 指定其他連接埠")
        fail(f"無法在 {host}:{port} 啟動：{exc}")


def observe_into(access_log: str, port: int) -> None:
    """Send the JSON access lines to `access_log` and keep the worker processes' metrics in a
    fresh folder of the data folder (read before Django and prometheus_client start)."""
    import shutil

    from fudao.logs import ENV_ACCESS_LOG
    from fudao.store import data_dir

    os.environ[ENV_ACCESS_LOG] = access_log
    folder = data_dir() / "metrics" / str(port)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)


def prepare() -> None:
    """Start Django (DEBUG off by default), collect static files, warm the caches."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fudao.settings")
    ready()
    collect_static()
    warm_up()


def run_gunicorn(sock: socket.socket, options: dict[str, Any]) -> None:
    """Serve on the socket with gunicorn until interrupted (workers are forked from this process)."""
    import gunicorn.workers.gthread as gthread
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from fudao.wsgi import application

    # A new connection holds a worker thread while gunicorn waits for its first bytes (5 s by
    # default): 100 silent connections then lock 8 threads out for a minute. Wait briefly and
    # hand silent connections to the worker's poller (gunicorn's own deferral path) instead.
    gthread.DEFAULT_WORKER_DATA_TIMEOUT = FIRST_BYTES_WAIT_SECONDS
    connections.close_all()  # no database connection may be shared by the forked workers

    class FudaoApplication(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {**options, "bind": [f"fd://{sock.fileno()}"]}.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    sys.argv = sys.argv[:1]  # gunicorn must not read fudao's own options
    FudaoApplication().run()


def run_waitress(sock: socket.socket, options: dict[str, Any]) -> None:
    """Serve on the socket in this process until interrupted (Windows only)."""
    from waitress import serve as waitress_serve  # type: ignore[import-untyped]

    from fudao.wsgi import application

    with contextlib.suppress(KeyboardInterrupt):
        waitress_serve(application, sockets=[sock], **options)


def collect_static(*, force: bool = False) -> None:
    """Copy the static files into STATIC_ROOT, where whitenoise serves them from: the data
    folder's `static` at every start, unless FUDAO_STATIC_ROOT names a folder built at install
    (`fudao static`), which is then only checked (and built if it is empty)."""
    from django.conf import settings
    from django.core.management import call_command

    from fudao.store import ENV_STATIC_ROOT

    built = (settings.STATIC_ROOT / STATIC_MARKER).is_file()
    if force or not os.environ.get(ENV_STATIC_ROOT, "").strip() or not built:
        call_command("collectstatic", interactive=False, verbosity=0)


def warm_up() -> None:
    """Load the search index before the first request (a failure only delays it)."""
    try:
        from fudao.search import index

        index.get_index()
    except Exception as exc:  # the site still serves pages without a built index
        sys.stderr.write(f"提醒：搜尋索引尚未載入（{exc}）\n")
