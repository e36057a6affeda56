"""Several `fudao serve` hosts on this machine behind no proxy: separate processes and data
folders, one PostgreSQL database, one Redis index, one secret key (DESIGN "Running in
production", several hosts). Used by tests/production/test_multihost.py and bench/multihost.py.

The database is `FUDAO_MULTIHOST_DB` (default `fudao_multihost`) on the server of
`FUDAO_TEST_PG`, dropped and made anew; Redis is `FUDAO_TEST_REDIS` (default index 5 of
127.0.0.1:6379), flushed. Without either: under CI (CI=true) the caller fails, else skips.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG_DEFAULT = "postgresql://postgres@127.0.0.1:5432/fudao"
REDIS_DEFAULT = "redis://127.0.0.1:6379/5"
PASSWORD = "Multi-host-2026!pw"
USERS = (("chief", "admin"), ("lin", "consultant"), ("wu", "analyst"))


def server_urls() -> tuple[str, str, str]:
    """(the PostgreSQL server's maintenance URL, the test database's URL, the Redis URL)."""
    pg = os.environ.get("FUDAO_TEST_PG", PG_DEFAULT)
    server = pg.rsplit("/", 1)[0]
    name = os.environ.get("FUDAO_MULTIHOST_DB", "fudao_multihost")
    return f"{server}/postgres", f"{server}/{name}", os.environ.get("FUDAO_TEST_REDIS", REDIS_DEFAULT)


def missing() -> str:
    """Why the cluster cannot be made here ("" when PostgreSQL and Redis answer)."""
    import psycopg
    import redis

    admin, _, redis_url = server_urls()
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.Error:
        return f"no PostgreSQL answers at {admin} (set FUDAO_TEST_PG)"
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return f"no Redis answers at {redis_url} (set FUDAO_TEST_REDIS)"
    return ""


def fresh_stores() -> tuple[str, str]:
    """Drop and make the test database, flush the Redis index; (database URL, Redis URL)."""
    import psycopg
    import redis

    admin, db_url, redis_url = server_urls()
    name = db_url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(redis_url).flushdb()
    return db_url, redis_url


@dataclass
class Host:
    """One `fudao serve` of the cluster."""

    name: str
    data: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Cluster:
    """The shared stores, the common environment and the hosts."""

    root: Path
    env: dict[str, str]
    hosts: list[Host] = field(default_factory=list)
    tokens: dict[str, str] = field(default_factory=dict)

    def cli(self, *args: str, stdin: str = "", data: Path | None = None, check: bool = True) -> str:
        """`fudao ARGS…` with the cluster's environment (standard output)."""
        env = {**self.env, "FUDAO_DATA_DIR": str(data or self.root / "cli")}
        done = subprocess.run([sys.executable, "-m", "fudao.cli.main", *args], env=env, input=stdin,
                              capture_output=True, text=True, timeout=600)
        if check:
            assert done.returncode == 0, done.stderr
        return done.stdout

    def spawn(self, *args: str, data: Path, **extra: str) -> subprocess.Popen[bytes]:
        """Start `fudao ARGS…` in the background (its output in the data folder's `out.log`)."""
        data.mkdir(parents=True, exist_ok=True)
        log = (data / "out.log").open("ab")
        return subprocess.Popen([sys.executable, "-m", "fudao.cli.main", *args],
                                env={**self.env, "FUDAO_DATA_DIR": str(data), **extra},
                                stdout=log, stderr=subprocess.STDOUT)

    def start_host(self, host: Host, *, workers: int = 1, threads: int = 4) -> None:
        host.proc = self.spawn("serve", "--port", str(host.port), "--workers", str(workers), "--threads",
                               str(threads), "--access-log", str(host.data / "access.log"),
                               data=host.data, FUDAO_HOST_NAME=host.name)

    def wait_ready(self, timeout: float = 180) -> None:
        """Until every running host's /readyz answers 200."""
        deadline = time.monotonic() + timeout
        for host in self.hosts:
            while True:
                assert host.proc is not None and host.proc.poll() is None, \
                    f"{host.name} exited: {(host.data / 'out.log').read_text()[-2000:]}"
                try:
                    with urllib.request.urlopen(host.base + "/readyz", timeout=5) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                assert time.monotonic() < deadline, f"{host.name} not ready in time"
                time.sleep(0.3)

    def kill(self, host: Host) -> None:
        """SIGKILL the host's gunicorn master and workers (no graceful anything)."""
        assert host.proc is not None
        for pid in [*_children(host.proc.pid), host.proc.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        host.proc.wait(timeout=30)

    def stop(self) -> None:
        for host in self.hosts:
            if host.proc is not None and host.proc.poll() is None:
                host.proc.terminate()
        for host in self.hosts:
            if host.proc is not None:
                try:
                    host.proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill(host)


def _children(pid: int) -> list[int]:
    """The process ids of `pid`'s children (gunicorn's workers)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_cluster(root: Path, corpus: Path, *, hosts: int = 3, limits: dict[str, str] | None = None,
                 workers: int = 1, threads: int = 4) -> Cluster:
    """Fresh stores, migrated, the corpus ingested and published, users and tokens, then `hosts`
    running hosts (ready). `limits` overrides the rate limits (all off by default)."""
    db_url, redis_url = fresh_stores()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FUDAO_", "DJANGO_"))}
    env.update({
        "PYTHONPATH": str(ROOT / "src"), "FUDAO_DB": db_url, "FUDAO_CACHE_URL": redis_url,
        "FUDAO_SECRET_KEY": secrets.token_urlsafe(50), "FUDAO_EMAIL_BACKEND": "file",
        "FUDAO_STATIC_ROOT": str(root / "static"),  # built once, as at install
        **{f"FUDAO_{name}RATE_LIMIT": "0" for name in ("", "LOGIN_", "STATUS_", "INQUIRY_", "REGISTRATION_")},
        **(limits or {}),
    })
    cluster = Cluster(root, env)
    cluster.cli("migrate")
    cluster.cli("static")
    cluster.cli("ingest", str(corpus), "--publish", "--json")
    cluster.cli("teams", "add", "north", "北區服務中心", "--counties", "臺北市,新北市")
    for username, role in USERS:
        extra = ("--team", "north") if role == "consultant" else ()
        cluster.cli("users", "add", username, "--role", role, *extra, "--password-stdin", stdin=PASSWORD + "\n")
        cluster.tokens[username] = cluster.cli("users", "token", username).strip()
    for i in range(hosts):
        host = Host(f"h{i + 1}", root / f"h{i + 1}", free_port())
        cluster.hosts.append(host)
        cluster.start_host(host, workers=workers, threads=threads)
    cluster.wait_ready()
    return cluster


def pg_connect() -> Any:
    """A psycopg connection to the cluster's database (autocommit)."""
    import psycopg

    return psycopg.connect(server_urls()[1], autocommit=True)
